"""The window with a missing database, and the passphrase change's question about the old copies."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from audition_assistant.core import backups
from audition_assistant.core.store import WrongPassphrase, cipher
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.app import start
from audition_assistant.ui.passphrase import UnlockForm
from keyboard import derived

PASS = "une phrase secrète de test"  # tests/ui/conftest.py's
NEW = "une toute nouvelle phrase secrète"


def opens_with(path, passphrase: str) -> bool:
    try:
        cipher.connect(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def test_a_missing_database_with_backups_offers_the_restore_not_the_first_start(qtbot, data_paths):
    workspace = Workspace.open(data_paths, PASS, create=True)  # the first start makes the day's backup
    workspace.store.create_case("2026/000123")
    [made] = backups.backups(workspace.backup_folder())
    workspace.close()
    data_paths.database.unlink()

    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    assert isinstance(gate, UnlockForm)
    assert "introuvable" in gate.error.text() and made.name in gate.error.text()
    assert not gate.restore_button.isHidden()
    gate.passphrase.setText(PASS)
    gate.submit()  # opening is not creating
    derived(qtbot, gate)
    assert window.gate is gate and "introuvable" in gate.error.text()
    assert not data_paths.database.exists()
    qtbot.mouseClick(gate.restore_button, Qt.MouseButton.LeftButton)
    derived(qtbot, gate)
    assert window.gate is None and window.stack.currentWidget() is window.cases
    assert made.name in window.messages.label.text()
    assert window.workspace.store.audit_entries()[-1].action == "restore"
    window.close()
    window.workspace.close()


def change_passphrase(window, answer: str | None):
    """Open the settings, change the passphrase, and answer the question about the old copies."""
    seen = {}

    def settings(dialog):
        dialog.current.setText(PASS)
        dialog.new.setText(NEW)
        dialog.confirm.setText(NEW)
        dialog.change_button.click()
        seen["result"] = dialog.change_result.text()
        return QDialog.DialogCode.Rejected

    def question(box):
        seen["question"] = box.text()
        name = {"rekey": "rekeyOldCopies", "remove": "removeOldCopies", None: "cancelPassphraseChange"}[answer]
        box.findChild(QPushButton, name).click()

    window.run_dialog.push(settings)
    window.run_dialog.push(question)
    window.edit_settings()
    return seen


def whole(label) -> bool:
    """Every line of a wrapped label's text has room: none is cut off."""
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_long_messages_are_shown_whole_in_the_gate_and_the_settings(qtbot, data_paths):
    workspace = Workspace.open(data_paths, PASS, create=True)
    workspace.close()
    data_paths.database.unlink()
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: whole(window.gate.error))  # three lines: where, which backup, what to do
    window.gate.passphrase.setText(PASS)
    gate = window.gate
    qtbot.mouseClick(window.gate.restore_button, Qt.MouseButton.LeftButton)
    derived(qtbot, gate)

    from audition_assistant.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.workspace, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.change_result.setText("Phrase secrète changée. " * 12)
    dialog.backup_result.setText(f"Sauvegarde enregistrée : {data_paths.root / 'sauvegardes' / ('x' * 120)}")
    qtbot.waitUntil(lambda: whole(dialog.change_result) and whole(dialog.backup_result))
    dialog.close()
    window.close()
    window.workspace.close()


def test_a_cut_newest_backup_is_passed_over_for_the_one_before(qtbot, data_paths):
    workspace = Workspace.open(data_paths, PASS, create=True)  # the first start makes the day's backup
    workspace.store.create_case("2026/000123")
    newest = workspace.backup_now()
    [_, sound] = backups.backups(workspace.backup_folder())
    workspace.close()
    newest.write_bytes(newest.read_bytes()[:5000])  # a copy cut short (a full disk, a pulled USB key)
    data_paths.database.unlink()

    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    window.gate.passphrase.setText(PASS)
    gate = window.gate
    qtbot.mouseClick(window.gate.restore_button, Qt.MouseButton.LeftButton)
    derived(qtbot, gate)
    assert window.gate is None and window.stack.currentWidget() is window.cases
    said = window.messages.label.text()
    assert f"{newest.name} est tronquée" in said and f"Sauvegarde {sound.name} restaurée" in said
    assert window.workspace.store.audit_entries()[-1].detail["sauvegarde"] == sound.name
    window.close()
    window.workspace.close()


def test_a_passphrase_change_asks_and_rekeys_the_old_backups(window, data_paths):
    old = window.workspace.backup_now()
    seen = change_passphrase(window, "rekey")
    assert window.run_dialog.seen == ["settingsDialog", "oldCopiesQuestion"]
    assert "1 sauvegarde ou copie de la base s'ouvre avec la phrase secrète actuelle" in seen["question"]
    assert "Phrase secrète changée" in seen["result"] and "1 ancienne copie rechiffrée" in seen["result"]
    assert opens_with(old, NEW) and not opens_with(old, PASS)
    [new, _old] = backups.backups(window.workspace.backup_folder())
    assert new.name in seen["result"] and opens_with(new, NEW)
    assert opens_with(data_paths.database, NEW)


def test_cancelling_the_question_changes_nothing(window, data_paths):
    old = window.workspace.backup_now()
    seen = change_passphrase(window, None)
    assert seen["result"] == "Phrase secrète inchangée."
    assert opens_with(data_paths.database, PASS) and opens_with(old, PASS)
    assert backups.backups(window.workspace.backup_folder()) == [old]


def test_a_restore_reads_in_the_history_as_a_rewind():
    from audition_assistant.ui.history_dialog import ACTIONS, describe

    detail = {"sauvegarde": "sauvegarde-000041-20261202-090000.db", "entrees_avant": 220, "entrees_apres": 105}
    assert ACTIONS["restore"] == "Restauration d'une sauvegarde"
    assert describe("restore", detail, {}) == (
        "Sauvegarde sauvegarde-000041-20261202-090000.db : le journal passe de 220 à 105 entrées ; "
        "ce qui l'a suivie n'est plus dans la base"
    )
