"""Start-up: first start or unlock, and the command that starts the GUI."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from audition_assistant import cli
from audition_assistant.core.passphrase_policy import problem
from audition_assistant.core.store import Store
from audition_assistant.ui.app import gate_for, start
from audition_assistant.ui.passphrase import FirstRunForm, UnlockForm, strength
from keyboard import derived, type_text

PASS = "phrase secrète de test"


def test_first_start_then_unlock(qtbot, data_paths):
    gate = gate_for(data_paths)
    qtbot.addWidget(gate)
    assert isinstance(gate, FirstRunForm)
    Store.open(data_paths.database, PASS).close()
    again = gate_for(data_paths)
    qtbot.addWidget(again)
    assert isinstance(again, UnlockForm)


def test_the_main_window_comes_first_and_the_passphrase_opens_it(qtbot, data_paths):
    Store.open(data_paths.database, PASS).close()
    window, preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    assert isinstance(gate, UnlockForm) and window.isVisible() and window.stack.currentWidget() is gate
    # Nothing behind the passphrase answers yet: no menu, no shortcut.
    assert not window.menuBar().isEnabled()
    assert not window.new_case_action.isEnabled() and not window.lock_action.isEnabled()
    qtbot.waitUntil(lambda: preloader.done, timeout=30000)  # the passphrase takes a few seconds to type
    loaded = preloader.library
    assert preloader.error is None and loaded is not None and loaded.catalog.get("audition-victime-majeure")
    gate.passphrase.setText(PASS)
    QTest.keyClick(gate.passphrase, Qt.Key.Key_Return)
    derived(qtbot, gate)
    qtbot.waitUntil(lambda: window.maintenance is None, timeout=30000)  # the opening check, behind the cases
    assert window.workspace.catalog is loaded.catalog  # the templates read meanwhile serve the opening
    assert preloader.take() is None  # that opening only: a later one (after a restore) reads them afresh
    assert window.gate is None and gate.workspace is window.workspace
    assert window.stack.currentWidget() is window.cases and window.new_case_action.isEnabled()
    window.lock_action.trigger()
    assert not window.new_case_action.isEnabled()  # locked: the shortcut cannot reach a closed database
    window.workspace.close()


def test_starting_the_window_loads_no_database_module(tmp_path):
    """The first window needs Qt alone: sqlite-utils, SQLCipher, YAML and python-docx load behind it."""
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from audition_assistant import cli\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from audition_assistant.core.paths import DataPaths\n"
        "from audition_assistant.ui.app import start\n"
        "app = QApplication([])\n"
        "window, preloader = start(DataPaths(__import__('pathlib').Path(sys.argv[1])))\n"
        "heavy = ['sqlite_utils', 'sqlcipher3', 'yaml', 'docx', 'docxtpl', 'jinja2', 'msoffcrypto',\n"
        "         'audition_assistant.core.workspace', 'audition_assistant.ui.cases_page']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "preloader.wait()\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.splitlines()[-2:]
    assert before == "[]"
    assert "'sqlite_utils'" in after and "'audition_assistant.core.workspace'" in after


def test_gui_command_starts_and_exits_cleanly(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["gui", "--exit-after-start"]) == 0
    assert (tmp_path / "data" / "templates").is_dir()


def test_passphrase_strength_hint():
    assert strength("court") == (0, problem("court"))
    assert strength("motdepasse2026")[0] == 0
    assert strength("lapin bleu dort") == (2, "Correcte.")
    assert strength("trois mots simples ici") == (3, "Forte.")


def test_the_first_start_refuses_a_weak_passphrase_of_the_right_length(qtbot, data_paths):
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    assert isinstance(gate, FirstRunForm)
    gate.profile.inputs["nom"].setText("DUPONT")
    gate.profile.inputs["prenom"].setText("Claire")
    for weak in ("aaaaaaaaaaaa", "azertyuiopqsdf", "Gendarmerie2026", "motdepasse1234"):
        gate.passphrase.setText(weak)
        gate.confirm.setText(weak)
        assert gate.strength.text() == problem(weak)
        QTest.keyClick(gate.confirm, Qt.Key.Key_Return)
        assert gate.error.text() == problem(weak) and "prévisible" in gate.error.text()
        assert window.gate is gate and not data_paths.database.exists()
    gate.passphrase.setText(PASS)
    gate.confirm.setText(PASS)
    QTest.keyClick(gate.confirm, Qt.Key.Key_Return)
    assert window.gate is None and data_paths.database.exists()
    window.close()
    window.workspace.close()


def test_application_icon_loads_from_the_bundled_resources(qapp):
    from audition_assistant.ui.app import app_icon, set_identity

    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(256, 256).width() == 256
    set_identity(qapp)
    assert qapp.desktopFileName() == "audition-assistant"
    assert not qapp.windowIcon().isNull()


def test_entree_in_the_last_field_of_the_first_start_creates_the_base(qtbot, data_paths):
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    assert isinstance(gate, FirstRunForm)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gate.passphrase)
    for text in (PASS, PASS):
        type_text(text)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is gate.profile.force
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text("DUPONT")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text("Claire")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.gate is None and window.stack.currentWidget() is window.cases
    assert window.workspace.store.profile().nom == "DUPONT"
    window.close()
    window.workspace.close()
