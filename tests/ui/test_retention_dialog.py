"""« Conservation des données » : the periods set, the case due listed with its date, purged once confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from hearings import make_hearing

PASS = "une phrase secrète de test"


def _closed_case(workspace) -> int:
    hearing = make_hearing(workspace, procedure="2026/000901", person={"nom": "Zorvandeliq", "prenoms": "Ana"})
    case_id = workspace.store.hearing(hearing).case_id
    workspace.set_case_status(case_id, "closed")
    return case_id


def _confirm(button: str, asked: list[str]):
    def step(box):
        box.show()
        asked.append(box.text())
        assert box.defaultButton().objectName() == "keepCase"
        box.findChild(QPushButton, button).click()
        return box.result()

    return step


def test_periods_set_then_the_due_case_purged_off_the_windows_thread(qtbot, window, gui_workspace):
    from audition_assistant.core.side_connection import SideConnection

    case_id = _closed_case(gui_workspace)
    window.side = SideConnection(gui_workspace.paths.database, PASS)
    asked: list[str] = []
    seen: dict[str, object] = {}

    def drive(dialog):
        dialog.show()
        assert dialog.table.rowCount() == 0 and not dialog.purge_button.isEnabled()  # no period: nothing due
        assert dialog.closed_days.text() == "sans limite"
        dialog.closed_days.setValue(0)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == "Durées enregistrées."
        assert dialog.table.rowCount() == 1
        cells = [dialog.table.item(0, c).text() for c in range(3)]
        assert cells == ["2026/000901", "dossier clos", f"{gui_workspace.now():%d/%m/%Y}"]
        # Cancelled: nothing is erased.
        window.run_dialog.push(_confirm("keepCase", asked))
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
        assert gui_workspace.store.case(case_id).procedure_number == "2026/000901"
        # Confirmed: the purge runs on the second connection, the window answering meanwhile.
        window.run_dialog.push(_confirm("confirmPurgeButton", asked))
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
        seen["running"] = dialog.status.text()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
        seen["done"] = dialog.status.text()
        assert dialog.table.rowCount() == 0
        return dialog.reject()

    window.run_dialog.push(drive)
    window.retention_action.trigger()
    assert asked == ["Purger définitivement le dossier 2026/000901 («\u00a0Affaire c/ X\u00a0»)\u00a0?"] * 2
    assert seen["running"] == "Purge du dossier 2026/000901 en cours…"
    assert str(seen["done"]).startswith("Dossier 2026/000901 purgé\u00a0: ")
    assert [c.id for c in gui_workspace.store.cases(("open", "closed", "archived"))] == []
    assert gui_workspace.store.verify_audit(replay=True).ok
    entry = gui_workspace.store.audit_entries_of("case_purged")[-1]
    assert entry.detail["dossier"]["numero"] == "2026/000901"
    window.side.close()
    window.side.wait_closed()


def test_a_non_administrator_sees_the_periods_but_changes_nothing(qtbot, window, gui_workspace, monkeypatch):
    from audition_assistant.core.store.retention import RetentionPolicy
    from audition_assistant.core.workspace import Workspace

    _closed_case(gui_workspace)
    gui_workspace.set_retention_policy(RetentionPolicy(closed_days=0))
    monkeypatch.setattr(Workspace, "is_admin", property(lambda self: False))

    def look(dialog):
        assert dialog.table.rowCount() == 1
        assert not dialog.purge_button.isEnabled() and not dialog.save_button.isEnabled()
        assert "administrateur" in dialog.status.text()
        for widget in (dialog.closed_days, dialog.exported_days, dialog.table):
            assert widget.objectName() and widget.accessibleName()
        return dialog.reject()

    window.run_dialog.push(look)
    window.retention_action.trigger()


def test_days_agree_with_their_number_and_the_labels_keep_their_colon(qtbot, window, gui_workspace):
    seen: dict[str, object] = {}

    def look(dialog):
        dialog.show()
        for value in (0, 1, 2, 365):
            dialog.closed_days.setValue(value)
            seen[str(value)] = dialog.closed_days.text()
        dialog.exported_days.setValue(1)
        seen["exported"] = dialog.exported_days.text()
        seen["labels"] = [dialog.form.labelForField(box).text() for box in (dialog.closed_days, dialog.exported_days)]
        return dialog.reject()

    window.run_dialog.push(look)
    window.retention_action.trigger()
    assert [seen[k] for k in ("0", "1", "2", "365", "exported")] == [
        "0\u00a0jour",
        "1\u00a0jour",
        "2\u00a0jours",
        "365\u00a0jours",
        "1\u00a0jour",
    ]
    for label in seen["labels"]:
        assert " :" not in label and "\u00a0:" in label


def test_tab_leaves_the_due_cases_for_the_purge_button_without_changing_the_case(qtbot, window, gui_workspace):
    from audition_assistant.core.store.retention import RetentionPolicy

    _closed_case(gui_workspace)
    second = make_hearing(gui_workspace, procedure="2026/000902", person={"nom": "Quelmarin", "prenoms": "Ines"})
    gui_workspace.set_case_status(gui_workspace.store.hearing(second).case_id, "closed")
    gui_workspace.set_retention_policy(RetentionPolicy(closed_days=0))
    seen: dict[str, object] = {}

    def drive(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        dialog.table.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table)
        chosen = dialog.selected()
        QTest.keyClick(dialog.table, Qt.Key.Key_Tab)
        seen["focus"] = QApplication.focusWidget()
        seen["same case"] = dialog.selected() == chosen
        seen["row header shown"] = dialog.table.verticalHeader().isVisible()
        return dialog.reject()

    window.run_dialog.push(drive)
    window.retention_action.trigger()
    assert seen["focus"] is not None and seen["focus"].objectName() == "purgeCase"
    assert seen["same case"]
    assert not seen["row header shown"]


def test_an_empty_list_says_why_and_the_confirmation_names_the_case_by_its_title(qtbot, window, gui_workspace):

    case_id = _closed_case(gui_workspace)
    gui_workspace.store.update_case(case_id, heading="Affaire c/ X : proxénétisme (fictive)")
    seen: dict[str, object] = {}
    asked: list[str] = []

    def drive(dialog):
        dialog.show()
        seen["no period"] = dialog.due_label.text()
        dialog.closed_days.setValue(5000)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["none due"] = dialog.due_label.text()
        dialog.closed_days.setValue(0)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["one due"] = dialog.due_label.text()
        window.run_dialog.push(_confirm("keepCase", asked))
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
        return dialog.reject()

    window.run_dialog.push(drive)
    window.retention_action.trigger()
    assert seen["no period"] == "Dossiers à purger\u00a0: aucun tant qu'aucune durée n'est fixée."
    assert seen["none due"] == "Dossiers à purger\u00a0: aucun."
    assert seen["one due"] == "Dossiers à purger\u00a0: 1 dossier."
    assert asked == [
        "Purger définitivement le dossier 2026/000901 («\u00a0Affaire c/ X\u00a0: proxénétisme (fictive)\u00a0»)\u00a0?"
    ]


def test_days_typed_over_the_agreeing_suffix_are_taken_whole(qtbot, window, gui_workspace):
    seen = {}

    def drive(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        box = dialog.closed_days
        box.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
        for text in ("1", "365", "10"):
            box.selectAll()
            QTest.keyClicks(box, text)
            seen[text] = (box.value(), box.text())
        return dialog.reject()

    window.run_dialog.push(drive)
    window.retention_action.trigger()
    assert seen == {"1": (1, "1\u00a0jour"), "365": (365, "365\u00a0jours"), "10": (10, "10\u00a0jours")}
