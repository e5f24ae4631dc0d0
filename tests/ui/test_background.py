"""Work off the window's thread: a report that comes after a lock, a restore or a close is dropped."""

from __future__ import annotations

import itertools
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from audition_assistant.core.maintenance import MaintenanceReport
from audition_assistant.ui.app import gate_for


def finished_check(window, workspace, **report):
    """A check whose report is made and queued, not yet delivered, when the user acts."""
    ended = threading.Event()

    def job(cancel: threading.Event) -> MaintenanceReport:
        try:
            return MaintenanceReport(workspace.paths.database, checked=True, **report)
        finally:
            ended.set()

    window.start_maintenance(job)
    assert ended.wait(10)
    time.sleep(0.2)  # the report leaves the job's thread: queued for the window's


def test_a_check_ending_as_the_user_restores_is_not_delivered_to_the_closed_database(qtbot, window, data_paths):
    window.gate_factory = lambda: gate_for(data_paths)
    finished_check(window, window.workspace)
    window.detach()  # « Restaurer la dernière sauvegarde… »: the database is closed, the unlock form shown
    QApplication.processEvents()  # the report queued before: dropped, never read against a closed database
    assert window.gate is not None and window.stack.currentWidget() is window.gate
    assert not window.messages.isVisible() and window.statusBar().currentMessage() == ""


def test_a_check_ending_as_the_user_locks_says_nothing_and_writes_nothing(qtbot, window, gui_workspace, data_paths):
    entries = len(gui_workspace.store.audit_entries())
    made = data_paths.root / "sauvegardes" / "sauvegarde-000001-20260314-091500.db"
    finished_check(window, gui_workspace, backup=made)
    window.lock_action.trigger()
    QApplication.processEvents()
    assert gui_workspace.store.locked
    assert not window.messages.isVisible() and window.statusBar().currentMessage() == ""
    gui_workspace.store.unlock("une phrase secrète de test")
    assert len(gui_workspace.store.audit_entries()) == entries  # no « backup_made » for a report dropped


def test_a_forgotten_job_is_dropped_and_a_current_one_delivered_on_the_windows_thread(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    got: list[tuple[str, bool]] = []
    release = threading.Event()
    background.run(lambda: release.wait(10) and "ancien", lambda r: got.append((r, False)), kind="check")
    background.forget("check")
    background.run(lambda: "export", lambda r: got.append((r, threading.current_thread() is threading.main_thread())))
    release.set()
    qtbot.waitUntil(lambda: not background.busy(), timeout=5000)
    QApplication.processEvents()
    assert got == [("export", True)]


def test_a_failed_job_reports_its_error(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    errors: list[BaseException] = []

    def job() -> None:
        raise OSError("disque plein")

    background.run(job, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "disque plein"


def test_the_windows_loop_keeps_turning_while_a_job_runs(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(5)
    done: list[object] = []
    background.run(lambda: time.sleep(0.5), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.1
