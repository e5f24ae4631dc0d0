"""GUI fixtures: a workspace on a controllable clock and a main window whose dialogs tests drive."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings

from audition_assistant.core.export import libreoffice
from audition_assistant.core.store import Store
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.app import localise
from audition_assistant.ui.main_window import MainWindow

PASS = "une phrase secrète de test"


@pytest.fixture(scope="session", autouse=True)
def french(qapp):
    """The test application speaks French as the application does (the same call), its dictionary loaded."""
    checking = localise(qapp)
    deadline = time.monotonic() + 30
    while not (checking.checker.available or checking.note) and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    qapp.processEvents()
    return checking


@pytest.fixture
def open_workspace(data_paths, clock):
    """What the first-start and unlock dialogs call, with the test clock."""
    opened = []

    def opener(passphrase: str) -> Workspace:
        workspace = Workspace(data_paths, Store.open(data_paths.database, passphrase, clock=clock))
        opened.append(workspace)
        return workspace

    yield opener
    for workspace in opened:
        workspace.close()


@pytest.fixture
def settings(data_paths):
    return QSettings(str(data_paths.root / "fenetres.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def gui_workspace(open_workspace, investigator):
    workspace = open_workspace(PASS)
    workspace.store.save_profile(investigator)
    return workspace


class DialogDriver:
    """Stands in for ``dialog.exec()``: runs the next scripted step on the dialog."""

    def __init__(self):
        self.steps = []
        self.seen = []

    def push(self, step):
        self.steps.append(step)

    def __call__(self, dialog):
        self.seen.append(dialog.objectName())
        step = self.steps.pop(0)
        return step(dialog)


@pytest.fixture
def window(qtbot, gui_workspace, settings):
    w = MainWindow(gui_workspace, settings)
    w.run_dialog = DialogDriver()
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def new_driver():
    return DialogDriver


@pytest.fixture(autouse=True)
def no_office(request, monkeypatch):
    """LibreOffice looked for and not found (its runs take seconds): the Word models stay in Word, with their note.

    The window exports in Word and PDF/A by default; the tests marked slow convert the Word models through
    the real LibreOffice.
    """
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setattr(libreoffice, "find", lambda: None)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal box would wait forever offscreen: a test that opens one fails at once instead."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError("a modal dialog was opened; answer it through the widget's hook")

    for owner, names in (
        (QMessageBox, ("question", "warning", "critical", "information")),
        (QInputDialog, ("getText",)),
        (QFileDialog, ("getExistingDirectory", "getOpenFileName")),
    ):
        for name in names:
            monkeypatch.setattr(owner, name, refuse)


@pytest.fixture
def held_export(monkeypatch):
    """Exports wait for the returned event before writing: one is still under way when a test locks."""
    import threading

    from audition_assistant.ui import export_dialog

    release = threading.Event()
    render = export_dialog.render_all

    def held(*args, **kwargs):
        release.wait(20)
        return render(*args, **kwargs)

    monkeypatch.setattr(export_dialog, "render_all", held)
    yield release
    release.set()
