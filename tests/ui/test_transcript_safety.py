"""Questions and answers typed without looking: the cursor where the words go, every mistake undone, suspensions seen.

Every keystroke goes to whatever has the focus, as the investigator's would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import derived, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NBSP = "\u00a0"
PASS = "une phrase secrète de test"


@pytest.fixture
def hearing(gui_workspace, clock):
    """A hearing started at 9 h, opened in the window, the window active."""
    hearing_id = make_hearing(gui_workspace, procedure="2026/000610", person={"nom": "Mendoza Ruiz", "prenoms": "Ana"})
    gui_workspace.store.add_event(hearing_id, TimelineEvent("start", clock.now))
    return hearing_id


@pytest.fixture
def page(qtbot, window, hearing):
    window.open_hearing(hearing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window.hearing_page


def stored(window, hearing):
    return [(e.question, e.answer) for e in window.workspace.store.entries(hearing)]


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_ctrl_r_puts_the_cursor_in_question_and_tab_goes_to_answer_then_to_the_add_button(qtbot, window, page, hearing):
    page.navigator.setFocus()  # where a click in the sections leaves it
    press(Qt.Key.Key_R, CTRL)
    editor = page.transcript
    assert page.current_page() == TRANSCRIPT
    assert QApplication.focusWidget() is editor.question
    type_text("Comment êtes-vous venue en France ?")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.answer
    type_text("En car, par Vienne.")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.add_button  # not the theme combo
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Return, CTRL)
    assert stored(window, hearing) == [("Comment êtes-vous venue en France ?", "En car, par Vienne.")]
    assert QApplication.focusWidget() is editor.question  # ready for the next question
    assert editor.theme.currentIndex() == 0


def test_a_mistaken_add_is_undone_by_ctrl_z_its_text_comes_back_and_redo_restores_it(qtbot, window, page, hearing):
    press(Qt.Key.Key_R, CTRL)
    editor = page.transcript
    type_text("Où étiez-vous logée ?")
    press(Qt.Key.Key_Tab)
    type_text("Dans un appartement")
    press(Qt.Key.Key_Return, CTRL)  # too early: the answer goes on
    assert stored(window, hearing) == [("Où étiez-vous logée ?", "Dans un appartement")]
    assert "Ctrl+Z" in status(window)

    # Typing in the box is undone first, the list's last change next.
    type_text("Avec qui")
    press(Qt.Key.Key_Z, CTRL)
    assert editor.question.toPlainText() == "" and len(stored(window, hearing)) == 1
    press(Qt.Key.Key_Z, CTRL)
    assert stored(window, hearing) == []
    assert editor.question.toPlainText() == "Où étiez-vous logée ?"
    assert editor.answer.toPlainText() == "Dans un appartement"
    assert QApplication.focusWidget() is editor.answer
    assert status(window).startswith("Annulé : ajout")

    press(Qt.Key.Key_Z, CTRL_SHIFT)  # redone: the same text, the boxes empty again
    assert stored(window, hearing) == [("Où étiez-vous logée ?", "Dans un appartement")]
    assert (editor.question.toPlainText(), editor.answer.toPlainText()) == ("", "")
    press(Qt.Key.Key_Z, CTRL)
    assert stored(window, hearing) == []

    type_text(" à Lyon, avec deux autres femmes.")
    press(Qt.Key.Key_Return, CTRL)
    assert stored(window, hearing) == [
        ("Où étiez-vous logée ?", "Dans un appartement à Lyon, avec deux autres femmes.")
    ]
    session = page.session
    assert session.draft() == ("", "")


def focus_list_on(window, editor, row: int) -> None:
    """By the keyboard: Ctrl+R, Tab from Question to the list, then to the wanted row."""
    press(Qt.Key.Key_R, CTRL)
    for _ in range(4):
        if QApplication.focusWidget() is editor.entries:
            break
        press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.entries
    press(Qt.Key.Key_Home)
    for _ in range(row):
        press(Qt.Key.Key_Down)


def test_suppr_deletes_the_selected_entry_and_ctrl_z_brings_it_back_at_its_place(
    qtbot, window, gui_workspace, hearing, clock
):
    store = gui_workspace.store
    for question in ("Première ?", "Deuxième ?", "Troisième ?"):
        clock.advance(minutes=3)
        store.add_entry(hearing, None, question, f"Réponse à la {question[:-2].lower()}.")
    times = [e.created_at for e in store.entries(hearing)]
    window.open_hearing(hearing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.hearing_page.transcript
    focus_list_on(window, editor, 1)
    assert editor.selected_id() == store.entries(hearing)[1].id

    press(Qt.Key.Key_Delete)  # no confirmation: it can be undone
    assert [q for q, _a in stored(window, hearing)] == ["Première ?", "Troisième ?"]
    assert status(window) == "Q/R supprimée — Ctrl+Z pour annuler"
    assert QApplication.focusWidget() is editor.entries

    press(Qt.Key.Key_Z, CTRL)
    entries = store.entries(hearing)
    assert [(e.question, e.answer) for e in entries][1] == ("Deuxième ?", "Réponse à la deuxième.")
    assert [e.created_at for e in entries] == times  # its own time, not the time of the undo
    press(Qt.Key.Key_Z, CTRL_SHIFT)
    assert [q for q, _a in stored(window, hearing)] == ["Première ?", "Troisième ?"]
    press(Qt.Key.Key_Z, CTRL)
    assert [q for q, _a in stored(window, hearing)] == ["Première ?", "Deuxième ?", "Troisième ?"]


def test_escape_abandons_the_edit_and_an_edit_saved_is_undone(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    store.add_entry(hearing, None, "Qui vous a recrutée ?", "Une amie de ma cousine.")
    window.open_hearing(hearing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.hearing_page.transcript
    press(Qt.Key.Key_R, CTRL)
    type_text("Question suivante en cours")
    focus_list_on(window, editor, 0)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.edit_button
    press(Qt.Key.Key_Space)
    assert QApplication.focusWidget() is editor.answer and editor.answer.toPlainText() == "Une amie de ma cousine."
    type_text(" Elle s'appelle Sonia.")

    press(Qt.Key.Key_Escape)
    assert editor.editing_id is None
    assert stored(window, hearing) == [("Qui vous a recrutée ?", "Une amie de ma cousine.")]
    assert editor.question.toPlainText() == "Question suivante en cours"  # what was being typed is back
    assert editor.answer.toPlainText() == ""

    focus_list_on(window, editor, 0)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Space)
    type_text(" Elle s'appelle Sonia.")
    press(Qt.Key.Key_Return, CTRL)
    assert stored(window, hearing) == [("Qui vous a recrutée ?", "Une amie de ma cousine. Elle s'appelle Sonia.")]
    assert QApplication.focusWidget() is editor.question
    assert editor.question.toPlainText() == "Question suivante en cours"
    editor.entries.setFocus()
    press(Qt.Key.Key_Z, CTRL)
    assert stored(window, hearing) == [("Qui vous a recrutée ?", "Une amie de ma cousine.")]
    press(Qt.Key.Key_Z, CTRL_SHIFT)
    assert stored(window, hearing) == [("Qui vous a recrutée ?", "Une amie de ma cousine. Elle s'appelle Sonia.")]


def test_a_move_is_undone_and_redone(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    for question in ("A ?", "B ?", "C ?"):
        store.add_entry(hearing, None, question, "")
    window.open_hearing(hearing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.hearing_page.transcript
    focus_list_on(window, editor, 2)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [q for q, _a in stored(window, hearing)] == ["A ?", "C ?", "B ?"]
    editor.entries.setFocus()
    press(Qt.Key.Key_Z, CTRL)
    assert [q for q, _a in stored(window, hearing)] == ["A ?", "B ?", "C ?"]
    press(Qt.Key.Key_Z, CTRL_SHIFT)
    assert [q for q, _a in stored(window, hearing)] == ["A ?", "C ?", "B ?"]
    assert editor.selected_id() == store.entries(hearing)[1].id  # the moved entry stays selected


def test_a_suspension_is_a_row_of_its_own_between_the_entries_around_it(qtbot, window, gui_workspace, hearing, clock):
    store = gui_workspace.store
    clock.advance(minutes=5)
    store.add_entry(hearing, None, "Avant ?", "Oui.")
    store.add_event(hearing, TimelineEvent("suspend", clock.advance(minutes=5), "repas"))
    store.add_event(hearing, TimelineEvent("resume", clock.advance(minutes=15)))
    clock.advance(minutes=5)
    store.add_entry(hearing, None, "Après ?", "Non.")
    window.open_hearing(hearing)
    model = window.hearing_page.transcript.model
    rows = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert rows[0].startswith(f"9{NBSP}h{NBSP}05 · ") and "Avant ?" in rows[0]
    assert rows[1] == f"Suspension de 9{NBSP}h{NBSP}10 à 9{NBSP}h{NBSP}25 — repas"
    assert "Après ?" in rows[2] and len(rows) == 3
    assert not model.flags(model.index(1)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index(1)) & Qt.ItemFlag.ItemIsEnabled
    assert model.data(model.index(1), Qt.ItemDataRole.UserRole) is None  # nothing to edit, move or delete


def test_adding_during_a_suspension_asks_first_and_keeps_the_text_when_refused(
    qtbot, window, gui_workspace, hearing, clock
):
    store = gui_workspace.store
    store.add_event(hearing, TimelineEvent("suspend", clock.advance(minutes=20), "soins"))
    window.open_hearing(hearing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.hearing_page.transcript
    press(Qt.Key.Key_R, CTRL)
    type_text("Avez-vous été frappée ?")
    press(Qt.Key.Key_Tab)
    type_text("Oui, plusieurs fois.")

    def answered_by(key):
        def step(dialog):
            assert f"suspendue depuis 9{NBSP}h{NBSP}20 (soins)" in dialog.text()
            dialog.show()
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            # Typing on by habit presses nothing: no button answers to a letter.
            type_text("o")
            assert dialog.isVisible()
            assert QApplication.focusWidget() is dialog.defaultButton()
            assert dialog.defaultButton().objectName() == "doNotAddButton"
            press(key)
            return dialog.result()

        return step

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        window.run_dialog.push(answered_by(key))
        editor.answer.setFocus()
        press(Qt.Key.Key_Return, CTRL)
        assert window.run_dialog.seen[-1] == "addWhileSuspendedDialog"
        assert stored(window, hearing) == []
        assert editor.question.toPlainText() == "Avez-vous été frappée ?"
        assert editor.answer.toPlainText() == "Oui, plusieurs fois."
        assert status(window).startswith("Non ajoutée : l'audition est suspendue.")
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    assert len(window.run_dialog.seen) == 2

    def add_anyway(dialog):
        dialog.show()
        qtbot.mouseClick(dialog.findChild(type(dialog.defaultButton()), "addAnywayButton"), Qt.MouseButton.LeftButton)
        return dialog.result()

    clock.advance(minutes=2)
    window.run_dialog.push(add_anyway)
    editor.answer.setFocus()
    press(Qt.Key.Key_Return, CTRL)
    assert stored(window, hearing) == [("Avez-vous été frappée ?", "Oui, plusieurs fois.")]
    model = editor.model
    assert model.data(model.index(0)).startswith(f"Suspension depuis 9{NBSP}h{NBSP}20 — soins")
    assert "ajoutée pendant la suspension" in model.data(model.index(1))


def test_the_pause_key_suspends_for_the_person_and_the_same_key_resumes(qtbot, window, page, hearing, clock):
    session = page.session
    assert session.is_suspended() is False
    press(Qt.Key.Key_R, CTRL)
    type_text("Voulez-vous")
    clock.advance(minutes=10)
    press(Qt.Key.Key_P, CTRL_SHIFT)
    last = window.workspace.store.events(hearing)[-1]
    assert (last.kind, last.reason, last.at) == ("suspend", "repos", clock.now)
    assert session.is_suspended()
    model = page.transcript.model
    assert model.data(model.index(model.rowCount() - 1)) == f"Suspension depuis 9{NBSP}h{NBSP}10 — repos"
    # The key takes nothing typed: the question is as it was, the cursor still in it.
    assert QApplication.focusWidget() is page.transcript.question
    type_text(" une pause ?")
    assert page.transcript.question.toPlainText() == "Voulez-vous une pause ?"

    clock.advance(minutes=15)
    press(Qt.Key.Key_P, CTRL_SHIFT)
    assert window.workspace.store.events(hearing)[-1].kind == "resume"
    assert not session.is_suspended()
    assert model.data(model.index(model.rowCount() - 1)) == (
        f"Suspension de 9{NBSP}h{NBSP}10 à 9{NBSP}h{NBSP}25 — repos"
    )


def test_no_undo_reaches_the_entries_of_a_closed_pv(qtbot, window, page, hearing):
    press(Qt.Key.Key_R, CTRL)
    type_text("Dernière question ?")
    press(Qt.Key.Key_Return, CTRL)
    page.timeline_bar.confirm_end = lambda: True
    page.timeline_bar.end()
    assert page.session.reopen_for_correction("complementaire", "2026/000610/00002", "Nouvelles déclarations")
    page.transcript.entries.setFocus()
    press(Qt.Key.Key_Z, CTRL)
    assert stored(window, hearing) == [("Dernière question ?", "")]
    assert status(window) == "Rien à annuler."


def test_after_an_unlock_the_cursor_is_back_where_it_was_not_moved_to_question(qtbot, window, page, hearing):
    press(Qt.Key.Key_R, CTRL)
    type_text("Et ensuite ?")
    press(Qt.Key.Key_Tab)
    type_text("Il m'a pris")
    window.lock_action.trigger()
    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)  # the field takes keys once clicked
    type_text(PASS)
    press(Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)
    assert window.stack.currentWidget() is page
    assert QApplication.focusWidget() is page.transcript.answer
    type_text(" mon passeport.")
    assert page.transcript.answer.toPlainText() == "Il m'a pris mon passeport."
