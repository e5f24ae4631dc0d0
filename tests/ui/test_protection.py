"""Protection in the GUI: lock, second instance, damaged database, correction, history, settings, import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from audition_assistant.core import backups
from audition_assistant.core.store import Store
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.app import gate_for
from audition_assistant.ui.passphrase import UnlockForm

PASS = "une phrase secrète de test"


@pytest.fixture
def hearing(gui_workspace):
    store = gui_workspace.store
    case_id = store.create_case("2026/000500", "Affaire c/ X")
    person_id = store.add_person(case_id, {"nom": "Petrova", "prenoms": "Elena"})
    return gui_workspace.start_hearing(case_id, person_id, gui_workspace.catalog.get("audition-victime-majeure"))


def test_lock_on_demand_hides_content_drops_key_and_unlocks(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    window.lock_action.trigger()
    assert gui_workspace.store.locked
    assert window.stack.currentWidget() is window.lock_screen and not page.isVisible()
    assert not window.menuBar().isEnabled()
    window.lock_screen.passphrase.setText("pas la bonne")
    qtbot.mouseClick(window.lock_screen.button, Qt.MouseButton.LeftButton)
    assert window.lock_screen.error.text() == "Phrase secrète incorrecte (1 essai(s))."
    assert gui_workspace.store.locked
    window.lock_screen.passphrase.setText(PASS)
    window.lock_screen.passphrase.returnPressed.emit()
    assert not gui_workspace.store.locked
    assert window.stack.currentWidget() is page
    assert gui_workspace.store.audit_entries()[-1].action == "unlock_failed"
    assert gui_workspace.store.audit_entries()[-1].detail == {"attempts": 1}


def test_idle_time_locks_the_session(qtbot, window, gui_workspace):
    assert window.idle.minutes == 5  # the default
    window.idle.timer.start(20)  # the same timer, shortened for the test
    qtbot.waitUntil(lambda: gui_workspace.store.locked, timeout=3000)
    assert window.stack.currentWidget() is window.lock_screen


def test_second_instance_is_told_clearly(qtbot, data_paths):
    first = Workspace.open(data_paths, PASS, backup=False)
    try:
        dialog = gate_for(data_paths)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, UnlockForm)
        dialog.passphrase.setText(PASS)
        dialog.submit()
        assert dialog.workspace is None
        assert "déjà ouvert sur ce dossier de données" in dialog.error.text()
    finally:
        first.close()


def test_damaged_database_offers_the_latest_backup(qtbot, data_paths):
    workspace = Workspace.open(data_paths, PASS)  # the day's first opening makes a backup
    workspace.store.create_case("2026/000600", "Dossier sauvegardé")
    latest = backups.backups(workspace.backup_folder())[0]
    for i in range(40):
        workspace.store.create_case(f"2026/{i:06d}", "x" * 400)
    workspace.close()
    data = bytearray(data_paths.database.read_bytes())
    data[8192:8392] = b"\xff" * 200
    data_paths.database.write_bytes(bytes(data))

    dialog = gate_for(data_paths)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASS)
    dialog.submit()
    assert dialog.workspace is None
    assert "endommagée" in dialog.error.text() and "Restaurez la dernière sauvegarde" in dialog.error.text()
    assert not dialog.restore_button.isHidden()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.workspace is not None
    assert latest.name in dialog.notice
    try:
        assert [c.procedure_number for c in dialog.workspace.store.cases()] == []
    finally:
        dialog.workspace.close()
    assert any(p.name.startswith("audition-assistant.db.avant-restauration-") for p in data_paths.root.iterdir())


def test_closed_hearing_is_read_only_until_reopened_with_a_reason(qtbot, window, gui_workspace, hearing, clock):
    store = gui_workspace.store
    store.add_event(hearing, TimelineEvent("start", clock.now))
    store.add_event(hearing, TimelineEvent("end", clock.advance(minutes=40)))
    window.open_hearing(hearing)
    page = window.hearing_page
    place = page.forms["cadre_enquete"].editors["lieu_audition"]
    assert not place.isEnabled() and not page.transcript.add_button.isEnabled()
    assert not page.correction_button.isHidden() and page.finish_correction_button.isHidden()
    page.ask_correction_reason = lambda: ""
    qtbot.mouseClick(page.correction_button, Qt.MouseButton.LeftButton)
    assert "motif" in window.messages.label.text() and not place.isEnabled()
    page.ask_correction_reason = lambda: "Lieu d'audition erroné"
    qtbot.mouseClick(page.correction_button, Qt.MouseButton.LeftButton)
    assert place.isEnabled() and not page.finish_correction_button.isHidden()
    qtbot.keyClicks(place.line, "Commissariat de Lille")
    place.line.editingFinished.emit()
    assert store.answers(hearing)["lieu_audition"] == "Commissariat de Lille"
    qtbot.mouseClick(page.finish_correction_button, Qt.MouseButton.LeftButton)
    assert not place.isEnabled()

    def look(dialog):
        rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
        actions = [r[2] for r in rows]
        assert actions[-3:] == ["Réouverture pour correction", "Réponse modifiée", "Fin de la correction"]
        assert rows[-3][3] == "Motif : Lieu d'audition erroné"
        assert rows[-2][3] == "Lieu de l'audition : « (vide) » → « Commissariat de Lille »"
        assert not any("brouillon" in r[3] for r in rows)
        assert dialog.findChild(QLabel, "auditStatus").text().startswith("Journal intègre : ")
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(look)
    window.history_action.trigger()
    assert window.run_dialog.seen == ["historyDialog"]


def test_settings_backup_and_passphrase_change(qtbot, window, gui_workspace, data_paths):
    def change(dialog):
        dialog.idle.setValue(12)
        dialog.kept.setValue(3)
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
        assert dialog.backup_result.text().startswith("Sauvegarde enregistrée : ")
        dialog.current.setText(PASS)
        dialog.new.setText("nouvelle phrase secrète")
        dialog.confirm.setText("autre chose")
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
        assert dialog.change_result.text() == "Les deux saisies de la nouvelle phrase secrète diffèrent."
        dialog.current.setText("pas la bonne")
        dialog.confirm.setText("nouvelle phrase secrète")
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
        assert dialog.change_result.text() == "Phrase secrète actuelle incorrecte."
        dialog.current.setText(PASS)
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
        assert dialog.change_result.text().startswith("Phrase secrète changée.")
        dialog.save()
        return dialog.result()

    window.run_dialog.push(change)
    window.settings_action.trigger()
    assert gui_workspace.settings.idle_lock_minutes == 12 and window.idle.minutes == 12
    assert gui_workspace.settings.backups_kept == 3
    gui_workspace.store.close()
    Store.open(data_paths.database, "nouvelle phrase secrète").close()


def test_template_import_validates_then_copies(qtbot, window, gui_workspace, data_paths, tmp_path, small_raw):
    import yaml

    broken = tmp_path / "casse.yaml"
    broken.write_text("format: 1\nid: casse\nkind: fiche\n", encoding="utf-8")
    assert not window.import_template_file(broken)
    assert "Modèle refusé" in window.messages.label.text()
    assert not (data_paths.templates / "casse.yaml").exists()
    good = tmp_path / "a-importer.yaml"
    small_raw["id"] = "modele-du-service"
    good.write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    assert window.import_template_file(good)
    assert (data_paths.templates / "modele-du-service.yaml").exists()
    assert "modele-du-service" in gui_workspace.catalog.ids()
    entry = gui_workspace.store.audit_entries()[-1]
    assert entry.action == "template_imported" and entry.detail["template"] == "modele-du-service"


def test_typing_postpones_the_idle_lock(qtbot, window, gui_workspace):
    from audition_assistant.ui.lock_screen import INSTALL_DELAY_MS

    window.idle.set_minutes(1)
    qtbot.wait(INSTALL_DELAY_MS + 200)  # the filter is installed once the window is up
    window.idle.timer.start(5_000)  # as if the investigator had been idle for 55 s
    qtbot.keyClick(window.cases.search, Qt.Key.Key_A)
    assert window.idle.timer.remainingTime() > 50_000
    assert not gui_workspace.store.locked
