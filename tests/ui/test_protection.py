"""Protection in the GUI: lock, second instance, damaged database, correction, history, settings, import."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QLineEdit, QPushButton

from audition_assistant.core import backups
from audition_assistant.core.maintenance import MaintenanceReport
from audition_assistant.core.store import Store, cipher
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.app import gate_for, start
from audition_assistant.ui.passphrase import UnlockForm
from hearings import make_hearing
from keyboard import derived, type_text

PASS = "une phrase secrète de test"


@pytest.fixture
def hearing(gui_workspace):
    return make_hearing(gui_workspace, procedure="2026/000500", person={"nom": "Petrova", "prenoms": "Elena"})


def test_lock_on_demand_hides_content_drops_key_and_unlocks(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    window.messages.error("Un avertissement non encore lu.")
    window.lock_action.trigger()
    assert gui_workspace.store.locked
    assert window.stack.currentWidget() is window.lock_screen and not page.isVisible()
    assert not window.menuBar().isEnabled() and not window.messages.isVisible()
    assert not window.export_action.isEnabled() and not window.new_case_action.isEnabled()
    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)  # the field takes keys from now
    window.lock_screen.passphrase.setText("pas la bonne")
    qtbot.mouseClick(window.lock_screen.button, Qt.MouseButton.LeftButton)
    derived(qtbot, window.lock_screen)
    assert window.lock_screen.error.text() == "Phrase secrète incorrecte (1 essai)."
    assert gui_workspace.store.locked
    window.lock_screen.passphrase.setText(PASS)
    window.lock_screen.passphrase.returnPressed.emit()
    derived(qtbot, window.lock_screen)
    assert not gui_workspace.store.locked
    assert window.stack.currentWidget() is page
    assert window.messages.isVisible() and window.messages.label.text() == "Un avertissement non encore lu."
    assert window.export_action.isEnabled() and window.new_case_action.isEnabled()
    failed, shown_again = gui_workspace.store.audit_entries()[-2:]  # the hearing on the screen again: a read
    assert failed.action == "unlock_failed" and failed.detail == {"attempts": 1}
    assert shown_again.action == "hearing_opened" and shown_again.hearing_id == hearing


def test_idle_time_locks_the_session(qtbot, window, gui_workspace):
    assert window.idle.minutes == 5  # the default
    window.idle.timer.start(20)  # the same timer, shortened for the test
    qtbot.waitUntil(lambda: gui_workspace.store.locked, timeout=3000)
    assert window.stack.currentWidget() is window.lock_screen


def test_second_instance_is_told_clearly(qtbot, data_paths):
    first = Workspace.open(data_paths, PASS, backup=False, create=True)
    try:
        dialog = gate_for(data_paths)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, UnlockForm)
        dialog.passphrase.setText(PASS)
        dialog.submit()
        derived(qtbot, dialog)
        assert dialog.workspace is None
        assert "déjà ouvert sur ce dossier de données" in dialog.error.text()
    finally:
        first.close()


def unlock_window(qtbot, data_paths):
    """The application as started: the window, its unlock form, the passphrase given."""
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    window.gate.passphrase.setText(PASS)
    window.gate.submit()
    derived(qtbot, window.gate)
    assert window.gate is None and window.stack.currentWidget() is window.cases
    return window


def damaged_with_a_backup(data_paths, page: int):
    """A database with an older backup (so one is due today), then the given page of it overwritten."""
    workspace = Workspace.open(data_paths, PASS)
    folder = workspace.backup_folder()
    [made] = backups.backups(folder)
    for i in range(40):
        workspace.store.create_case(f"2026/{i:06d}", "x" * 400)
    workspace.close()
    made.rename(folder / "sauvegarde-20260101-080000.db")  # yesterday's, as it were
    data = bytearray(data_paths.database.read_bytes())
    offset = (page - 1) * 4096 + 200  # SQLCipher's 4 kB pages; past the page's first bytes
    data[offset : offset + 200] = b"\xff" * 200
    data_paths.database.write_bytes(bytes(data))
    return backups.backups(folder)


def root_page(data_paths, table: str) -> int:
    conn = cipher.connect(data_paths.database, PASS)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    finally:
        conn.close()


def test_damage_found_in_the_background_is_said_and_the_latest_backup_restored(qtbot, data_paths):
    Store.open(data_paths.database, PASS).close()
    kept = damaged_with_a_backup(data_paths, root_page(data_paths, "exports"))  # a page the cases do not read

    # The cases come up at once; the check that reads every page follows on a worker thread.
    window = unlock_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: "endommagée" in window.messages.label.text(), timeout=30000)
    assert window.messages.isVisible() and "Restaurez la dernière sauvegarde" in window.messages.label.text()
    assert backups.backups(backups.folder_of(data_paths.root)) == kept  # never backed up over good ones
    assert window.messages.action_button.isVisible()
    qtbot.mouseClick(window.messages.action_button, Qt.MouseButton.LeftButton)
    gate = window.gate  # the database is closed: back to the unlock form, which offers the backup
    assert isinstance(gate, UnlockForm) and window.stack.currentWidget() is gate
    assert "endommagée" in gate.error.text() and not gate.restore_button.isHidden()
    assert not window.new_case_action.isEnabled()
    gate.passphrase.setText(PASS)
    qtbot.mouseClick(gate.restore_button, Qt.MouseButton.LeftButton)
    derived(qtbot, gate)
    assert window.gate is None and kept[0].name in window.messages.label.text()
    assert [c.procedure_number for c in window.workspace.store.cases()] == []  # the backup predates the cases
    window.close()
    window.workspace.close()
    assert any(p.name.startswith("audition-assistant.db.avant-restauration-") for p in data_paths.root.iterdir())


def test_damage_the_cases_list_meets_keeps_the_unlock_form_and_offers_the_backup(qtbot, data_paths):
    Store.open(data_paths.database, PASS).close()
    damaged_with_a_backup(data_paths, root_page(data_paths, "cases"))
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    gate.passphrase.setText(PASS)
    gate.submit()
    derived(qtbot, gate)
    assert window.gate is gate and gate.workspace is None  # nothing half open behind the form
    assert "endommagée" in gate.error.text() and not gate.restore_button.isHidden()
    qtbot.mouseClick(gate.restore_button, Qt.MouseButton.LeftButton)
    derived(qtbot, gate)
    assert window.gate is None and window.stack.currentWidget() is window.cases
    window.close()
    window.workspace.close()


def test_opening_checks_the_base_and_makes_the_days_backup_in_the_background(qtbot, data_paths):
    Store.open(data_paths.database, PASS).close()
    window = unlock_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.maintenance is None, timeout=30000)
    [made] = backups.backups(backups.folder_of(data_paths.root))
    assert made.name in window.statusBar().currentMessage() and "aucune anomalie" in window.statusBar().currentMessage()
    assert window.workspace.store.audit_entries()[-1].action == "backup_made"
    window.close()
    window.workspace.close()


def start_slow_check(window, workspace):
    """A stand-in for the opening check on a large base: it runs until told to stop."""
    started = threading.Event()

    def slow_job(cancel: threading.Event) -> MaintenanceReport:
        started.set()
        cancel.wait(20)
        return MaintenanceReport(workspace.paths.database, cancelled=cancel.is_set())

    window.start_maintenance(slow_job)
    assert started.wait(10)
    return window._maintenance_cancel


def test_locking_stops_a_running_check_at_once(qtbot, window, gui_workspace):
    cancel = start_slow_check(window, gui_workspace)
    began = time.monotonic()
    window.lock_action.trigger()
    assert gui_workspace.store.locked and window.maintenance is None
    assert not window.background.busy("maintenance") and cancel.is_set() and time.monotonic() - began < 5


def test_closed_hearing_reopens_only_for_a_new_pv_with_its_number(qtbot, window, gui_workspace, hearing, clock):
    store = gui_workspace.store
    store.update_hearing(hearing, pv_number="2026/000500/00001")
    first = store.add_entry(hearing, None, "Où logiez-vous ?", "Dans un hôtel.")
    second = store.add_entry(hearing, None, "Avec qui ?", "Avec deux amies.")
    store.add_event(hearing, TimelineEvent("start", clock.now))
    store.add_event(hearing, TimelineEvent("end", clock.advance(minutes=40)))
    window.open_hearing(hearing)
    page = window.hearing_page
    place = page.forms["cadre_enquete"].editors["lieu_audition"]
    assert not place.isEnabled() and not page.transcript.add_button.isEnabled()
    assert not page.correction_button.isHidden() and page.finish_correction_button.isHidden()
    assert page.supplement_label.isHidden()

    def cancel(dialog):
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(cancel)
    qtbot.mouseClick(page.correction_button, Qt.MouseButton.LeftButton)
    assert store.hearing_status(hearing) == "closed" and not place.isEnabled()

    def reopen(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLineEdit):
            assert w.objectName() and w.accessibleName(), w
        assert "2026/000500/00001" in dialog.findChild(QLabel, "reopenIntro").text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.error.text().startswith("Choisissez") and dialog.isVisible()
        qtbot.mouseClick(dialog.rectification, Qt.MouseButton.LeftButton)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.number
        type_text("2026/000500/00002", dialog)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.reason
        type_text("Réponse mal transcrite à la relecture", dialog)
        # What was typed went where the focus was, nothing else took it.
        assert dialog.number.text() == "2026/000500/00002"
        assert dialog.reason.text() == "Réponse mal transcrite à la relecture"
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        return dialog.result()

    window.run_dialog.push(reopen)
    qtbot.mouseClick(page.correction_button, Qt.MouseButton.LeftButton)
    assert window.run_dialog.seen == ["reopenDialog", "reopenDialog"]
    [supplement] = store.supplements(hearing)
    assert (supplement.kind, supplement.pv_number) == ("rectification", "2026/000500/00002")
    assert supplement.reason == "Réponse mal transcrite à la relecture"
    assert store.hearing(hearing).pv_number == "2026/000500/00001"
    assert place.isEnabled() and not page.finish_correction_button.isHidden()
    assert page.supplement_label.isVisibleTo(page)
    assert page.supplement_label.text() == "Procès-verbal de rectification n° 2026/000500/00002 en cours"
    page.review.refresh()  # the new PV can be previewed while it is written
    assert page.review.document.findData(f"pv-supplement-{supplement.id}") >= 0

    # The signed PV's questions keep their place: no moving, no deleting.
    transcript = page.transcript
    transcript.entries.setCurrentIndex(transcript.model.index(transcript.model.row_of(second)))
    assert not transcript.up_button.isEnabled() and not transcript.delete_button.isEnabled()
    assert transcript.edit_button.isEnabled()  # a rectification corrects what was recorded
    transcript.move_selected(-1)
    assert "déjà signé" in window.messages.label.text()
    assert [e.id for e in store.entries(hearing)] == [first, second]

    qtbot.keyClicks(place.line, "Commissariat de Lille")
    place.line.editingFinished.emit()
    assert store.answers(hearing)["lieu_audition"] == "Commissariat de Lille"
    qtbot.mouseClick(page.finish_correction_button, Qt.MouseButton.LeftButton)
    assert not place.isEnabled() and page.supplement_label.isHidden()
    assert store.supplements(hearing)[0].closed_at

    def look(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findText("Modifications"))  # the new PV's preview is a read
        qtbot.waitUntil(lambda: dialog.complete)
        rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
        actions = [r[2] for r in rows]
        assert actions[-3:] == ["Réouverture pour correction", "Réponse modifiée", "Fin de la correction"]
        assert rows[-3][3] == (
            "Procès-verbal de rectification n° 2026/000500/00002 — Motif : Réponse mal transcrite à la relecture"
        )
        assert rows[-2][3] == "Lieu de l'audition : « (vide) » → « Commissariat de Lille »"
        assert not any("brouillon" in r[3] for r in rows)
        assert dialog.findChild(QLabel, "auditStatus").text().startswith("Journal intègre : ")
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(look)
    window.history_action.trigger()
    assert window.run_dialog.seen[-1] == "historyDialog"


def test_reopening_for_new_statements_by_keyboard_keeps_the_signed_answers(
    qtbot, window, gui_workspace, hearing, clock
):
    store = gui_workspace.store
    store.update_hearing(hearing, pv_number="2026/000500/00001")
    store.set_answer(hearing, "lieu_audition", "Commissariat de Lille")
    signed = store.add_entry(hearing, None, "Où logiez-vous ?", "Dans un hôtel.")
    store.add_event(hearing, TimelineEvent("start", clock.now))
    store.add_event(hearing, TimelineEvent("end", clock.advance(minutes=40)))
    window.open_hearing(hearing)
    page = window.hearing_page

    def reopen(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.complementary  # the first choice, nothing ticked yet
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_text("2026/000500/00003", dialog)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_text("Nouvelles déclarations de l'intéressée", dialog)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        return dialog.result()

    window.run_dialog.push(reopen)
    qtbot.mouseClick(page.correction_button, Qt.MouseButton.LeftButton)
    [supplement] = store.supplements(hearing)
    assert (supplement.kind, supplement.pv_number) == ("complementaire", "2026/000500/00003")
    assert supplement.reason == "Nouvelles déclarations de l'intéressée"
    assert page.supplement_label.text() == "Procès-verbal complémentaire n° 2026/000500/00003 en cours"
    place = page.forms["cadre_enquete"].editors["lieu_audition"]
    assert not place.isEnabled()  # already in the signed PV
    transcript = page.transcript
    transcript.entries.setCurrentIndex(transcript.model.index(transcript.model.row_of(signed)))
    assert not transcript.edit_button.isEnabled() and not transcript.delete_button.isEnabled()
    assert transcript.add_button.isEnabled()


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

    def rekey_the_old_backup(box):
        box.findChild(QPushButton, "rekeyOldCopies").click()

    cancel = start_slow_check(window, gui_workspace)  # re-keying stops it first: it would hold the WAL
    window.run_dialog.push(change)
    window.run_dialog.push(rekey_the_old_backup)
    window.settings_action.trigger()
    assert not window.background.busy("maintenance") and cancel.is_set() and window.maintenance is None
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


def test_an_error_no_handler_caught_is_said_in_french_in_the_window(window, gui_workspace):
    from audition_assistant.core.store.cipher import DatabaseError
    from audition_assistant.ui.app import error_hook

    traces = []
    hook = error_hook(window, lambda *args: traces.append(args))
    hook(KeyError, KeyError("champ"), None)
    assert traces and window.messages.isVisible()
    assert "Erreur inattendue (KeyError" in window.messages.label.text()
    assert "Ce qui était enregistré le reste" in window.messages.label.text()
    assert window.messages.action_button.isHidden()

    window.gate_factory = lambda: gate_for(gui_workspace.paths)  # as ui.app.start sets it
    damaged = DatabaseError("database disk image is malformed")
    damaged.sqlite_errorcode = 11  # SQLITE_CORRUPT, as the driver sets it
    hook(DatabaseError, damaged, None)
    assert "est endommagée (database disk image is malformed)" in window.messages.label.text()
    assert window.messages.action_button.text() == "Restaurer la dernière sauvegarde…"
