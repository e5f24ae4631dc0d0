"""A case with a closed hearing changes only once the investigator says why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from audition_assistant.core.timeline import TimelineEvent
from hearings import make_hearing


def closed_case(workspace, clock) -> int:
    hearing = make_hearing(workspace, procedure="2026/000600", person={"nom": "Petrova", "prenoms": "Elena"})
    workspace.store.add_event(hearing, TimelineEvent("start", clock.now))
    workspace.store.add_event(hearing, TimelineEvent("end", clock.advance(minutes=20)))
    return workspace.store.hearing(hearing).case_id


def answer(text: str | None):
    def step(dialog):
        assert dialog.objectName() == "reasonDialog" and "audition close" in dialog.labelText()
        if text is None:
            return QDialog.DialogCode.Rejected
        dialog.setTextValue(text)
        return QDialog.DialogCode.Accepted

    return step


def test_archiving_a_case_with_a_closed_hearing_asks_why_and_keeps_it(qtbot, window, gui_workspace, clock):
    case_id = closed_case(gui_workspace, clock)
    window.run_dialog.push(answer(None))
    window.set_case_status(case_id, "archived")
    assert gui_workspace.store.case(case_id).status == "open"  # cancelled: nothing changed
    window.run_dialog.push(answer("Procédure transmise au parquet"))
    window.set_case_status(case_id, "archived")
    assert gui_workspace.store.case(case_id).status == "archived"
    entry = gui_workspace.store.audit_entries()[-1]
    assert (entry.action, entry.detail["reason"]) == ("case_status", "Procédure transmise au parquet")
    assert window.run_dialog.seen == ["reasonDialog", "reasonDialog"]
