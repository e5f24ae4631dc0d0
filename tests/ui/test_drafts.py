"""The question and answer being typed: kept at every typing pause, out of the audit trail, back after a reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import focus, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
WORDS = ["Elle", "dit", "qu'elle", "dormait", "dans", "la", "cuisine", "avec", "deux", "autres", "femmes"]


def test_typing_pauses_keep_the_draft_and_leave_the_audit_trail_unchanged(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000710", person={"nom": "Popescu", "prenoms": "Ioana"})
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    focus(qtbot, window, editor.question)
    before = store.audit_entries()

    type_text("Où dormiez-vous ?")
    editor.flush()  # a typing pause
    press(Qt.Key.Key_Tab)
    typed = ""
    for word in WORDS:  # a pause after each word, as the investigator listens
        type_text(f"{word} ")
        typed += f"{word} "
        editor.flush()
        assert store.draft(hearing) == ("Où dormiez-vous ?", typed)
    assert store.audit_entries() == before
    assert page.session.draft() == ("Où dormiez-vous ?", typed)

    press(Qt.Key.Key_Return, CTRL)
    assert [(e.question, e.answer) for e in store.entries(hearing)] == [("Où dormiez-vous ?", typed.strip())]
    assert [e.action for e in store.audit_entries()[len(before) :]] == ["entry_added"]
    assert store.draft(hearing) == ("", "") and QApplication.focusWidget() is editor.question
    assert store.verify_audit(replay=True).ok
