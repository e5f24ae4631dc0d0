"""A full disk while typing: nothing typed is lost; what was not saved is said, marked, and saved once room returns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from audition_assistant.ui import hearing_session
from audition_assistant.ui.review_page import TRANSCRIPT
from disk import fill_disk, free_disk
from hearings import make_hearing
from keyboard import focus, press, type_text, unlock_by_keyboard

PASS = "une phrase secrète de test"
CTRL = Qt.KeyboardModifier.ControlModifier
NBSP = "\u00a0"
FULL_DRAFT = (
    f"Disque plein{NBSP}: la question et la réponse en cours de saisie n'ont pas pu être enregistrées. "
    f"Libérez de la place sur le disque{NBSP}: elles le seront dès que possible. D'ici là, elles restent "
    f"dans les cases{NBSP}; ne fermez pas l'application."
)
FIELD_LABEL = "Observations sur les conditions de l'audition"
FULL_FIELD = (
    f"Disque plein{NBSP}: la réponse « {FIELD_LABEL} » n'a pas pu être enregistrée. Libérez de la place "
    f"sur le disque{NBSP}: elle le sera dès que possible. D'ici là, elle reste à l'écran{NBSP}; "
    "ne fermez pas l'application."
)


@pytest.fixture(autouse=True)
def quick_retry(monkeypatch):
    monkeypatch.setattr(hearing_session, "RETRY_MS", 150, raising=False)


@pytest.fixture
def hearing(gui_workspace):
    return make_hearing(gui_workspace, procedure="2026/000700", person={"nom": "Ionescu", "prenoms": "Maria"})


def in_answer_box(qtbot, window, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    focus(qtbot, window, page.transcript.question)
    return page.transcript


def test_typing_on_a_full_disk_is_kept_said_marked_and_saved_once_room_returns(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    editor = in_answer_box(qtbot, window, hearing)
    type_text("Où dormiez-vous ?")
    qtbot.waitUntil(lambda: store.draft(hearing)[0] == "Où dormiez-vous ?")
    fill_disk(store)
    press(Qt.Key.Key_Tab)
    type_text("Dans un hôtel près de la gare, ")
    qtbot.waitUntil(editor.unsaved_label.isVisible)
    assert window.messages.isVisible() and window.messages.label.text() == FULL_DRAFT
    assert window.saved_label.text() == "Non enregistré (disque plein)"
    assert editor.answer.property("unsaved") is True
    type_text("avec deux autres filles.")  # typing goes on: nothing taken, nothing changed
    typed = "Dans un hôtel près de la gare, avec deux autres filles."
    qtbot.wait(400)
    assert editor.answer.toPlainText() == typed and QApplication.focusWidget() is editor.answer
    assert store.draft(hearing)[1] == ""
    assert window.messages.label.text() == FULL_DRAFT  # no « Erreur inattendue »

    free_disk(store)
    qtbot.waitUntil(lambda: not editor.unsaved_label.isVisible(), timeout=3000)
    assert store.draft(hearing)[1] == typed
    assert window.saved_label.text().startswith("Enregistré à ")
    assert window.messages.label.text() == f"Place retrouvée sur le disque{NBSP}: tout ce qui attendait est enregistré."
    press(Qt.Key.Key_Return, CTRL)
    assert [(e.question, e.answer) for e in store.entries(hearing)] == [("Où dormiez-vous ?", typed)]
    assert store.verify_audit().ok


def test_an_answer_typed_on_a_full_disk_is_marked_and_saved_once_room_returns(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("conditions")
    editor = page.forms["conditions"].editors["conditions_observations"]
    focus(qtbot, window, editor.text)
    fill_disk(store)
    type_text("Salle Mélanie, porte fermée.")
    problem = page.forms["conditions"].problems["conditions_observations"]
    qtbot.waitUntil(problem.isVisible)
    assert problem.text() == (
        f"⚠ Non enregistrée (disque plein){NBSP}: gardée ici, elle sera enregistrée dès que possible."
    )
    assert editor.property("unsaved") is True
    assert window.messages.label.text() == FULL_FIELD
    assert window.saved_label.text() == "Non enregistré (disque plein)"
    assert page.session.retry() is False  # still full
    free_disk(store)
    type_text(" Une pause à 10 h.")
    whole = "Salle Mélanie, porte fermée. Une pause à 10 h."
    qtbot.waitUntil(lambda: store.answers(hearing).get("conditions_observations") == whole, timeout=3000)
    assert not problem.isVisible() and editor.text.toPlainText() == whole
    assert editor.property("unsaved") is False
    assert window.saved_label.text().startswith("Enregistré à ")


ASKED = []


def answer(button_name):
    def step(dialog):
        dialog.show()
        ASKED.append((dialog.text(), dialog.informativeText()))
        assert dialog.defaultButton().objectName() == "stayButton"
        dialog.findChild(QPushButton, button_name).click()
        return dialog.result()

    return step


def test_quitting_or_closing_the_hearing_with_unsaved_text_asks_first(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    editor = in_answer_box(qtbot, window, hearing)
    fill_disk(store)
    type_text("Qui vous a amenée ?")
    qtbot.waitUntil(editor.unsaved_label.isVisible)

    window.run_dialog.push(answer("stayButton"))
    window.close()
    assert window.run_dialog.seen == ["unsavedDialog"]
    assert ASKED[-1] == (
        f"Le disque est plein{NBSP}: la question et la réponse en cours de saisie n'ont pas pu être enregistrées.",
        f"Si vous fermez maintenant, ce texte sera perdu. Restez, libérez de la place sur le disque{NBSP}: "
        "il sera enregistré dès que possible.",
    )
    assert window.isVisible() and window.hearing_page is not None
    assert editor.question.toPlainText() == "Qui vous a amenée ?"

    window.run_dialog.push(answer("stayButton"))
    window.cases_action.trigger()  # back to the cases: the hearing would close
    assert window.run_dialog.seen == ["unsavedDialog"] * 2
    assert window.stack.currentWidget() is window.hearing_page

    free_disk(store)
    window.close()  # room again: saved, nothing asked
    assert window.run_dialog.seen == ["unsavedDialog"] * 2
    assert not window.isVisible()
    assert store.draft(hearing)[0] == "Qui vous a amenée ?"


def test_a_lock_on_a_full_disk_keeps_what_was_not_saved(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    editor = in_answer_box(qtbot, window, hearing)
    fill_disk(store)
    type_text("Comment êtes-vous venue ?")
    window.lock_action.trigger()  # the words typed in the last instant are flushed: kept, not lost
    assert store.locked and window.stack.currentWidget() is window.lock_screen
    assert editor.question.toPlainText() == ""  # nothing on screen while locked
    assert window.hearing_page.session.unsaved() == ["_brouillon"]
    unlock_by_keyboard(qtbot, window, PASS)  # a new connection: room again, what was kept is written at once
    assert not store.locked
    assert editor.question.toPlainText() == "Comment êtes-vous venue ?"
    assert store.draft(hearing)[0] == "Comment êtes-vous venue ?"
    assert not editor.unsaved_label.isVisible() and window.saved_label.text().startswith("Enregistré à ")
    assert QApplication.focusWidget() is editor.question
    fill_disk(store)
    type_text(" En bus, puis à pied jusqu'à la gare.")  # longer: the draft needs room the disk has not
    qtbot.waitUntil(editor.unsaved_label.isVisible)
    free_disk(store)
    qtbot.waitUntil(lambda: not editor.unsaved_label.isVisible(), timeout=3000)
    assert store.draft(hearing)[0] == "Comment êtes-vous venue ? En bus, puis à pied jusqu'à la gare."


def test_a_full_disk_anywhere_else_is_said_as_such_never_as_an_unexpected_error(window, gui_workspace):
    import sys

    from audition_assistant.core.store import StoreFull
    from audition_assistant.ui.app import error_hook

    store = gui_workspace.store
    case_id = store.create_case("2026/000701", "Affaire c/ X")
    fill_disk(store)
    hook = error_hook(window, lambda *args: None)
    try:
        window.set_case_status(case_id, "closed")  # a slot no handler guards
    except StoreFull:
        hook(*sys.exc_info())
    assert window.messages.isVisible()
    assert window.messages.label.text() == (
        f"Disque plein{NBSP}: l'enregistrement a échoué. Libérez de la place sur le disque."
    )
