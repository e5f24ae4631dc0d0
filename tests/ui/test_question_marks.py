"""The type of each question, shown as it is typed and on each entry, and counted in the review.

Typed through the focus, as the investigator types: the mark follows at a
typing pause, before Ctrl+Entrée, never takes the focus nor a key. Where the
category itself is not what is tested, the rules are replaced by a small
stand-in (the classifier has its own corpus and tests): what is tested here
is what the mark is given (what the person said before the question, never
the answer being typed) and what it shows.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from audition_assistant.core import questions
from audition_assistant.core.questions import Classification, profile_of
from audition_assistant.core.review import question_profile
from audition_assistant.core.store.records import TranscriptEntry
from audition_assistant.ui import question_mark
from audition_assistant.ui.hearing_page import REVIEW
from audition_assistant.ui.models import TranscriptModel
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import focus, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
DETAIL = "passeport"
NEW_DETAIL = "introduit « passeport », que la personne n'a pas dit"


@dataclass(frozen=True)
class Heard:
    """Stands in for ``Said``: every answer given so far, as typed."""

    text: str = ""

    @classmethod
    def of(cls, answers: list[str] | tuple[str, ...]) -> Heard:
        return cls(" ".join(answers))

    def plus(self, answer: str) -> Heard:
        return Heard(f"{self.text} {answer}")


def stand_in(question: str, said: Heard) -> Classification:
    """Suggestive when the question names the passport she has not spoken of; otherwise by its first word."""
    text = question.lower()
    if DETAIL in text and DETAIL not in said.text.lower():
        return Classification("suggestive", NEW_DETAIL)
    if text.startswith(("racontez", "parlez")):
        return Classification("invitation")
    if text.startswith(("qui", "où", "quand")):
        return Classification("directive", "question ouverte sur un détail")
    return Classification("option", "appelle un oui ou un non")


@pytest.fixture
def rules(monkeypatch):
    """The stand-in rules, and every question they were asked about, with what had been said."""
    asked: list[tuple[str, str]] = []

    def classify(question: str, said: Heard) -> Classification:
        asked.append((question, said.text))
        return stand_in(question, said)

    monkeypatch.setattr(question_mark, "Said", Heard)
    monkeypatch.setattr(sys.modules[profile_of.__module__], "Said", Heard)  # profile_of, the list's reference
    monkeypatch.setattr(questions, "classify", classify)
    return asked


def running_hearing(qtbot, window, gui_workspace, entries=()):
    """A started hearing open on its questions and answers, the cursor in Question, the marks worked out."""
    hearing_id = make_hearing(gui_workspace, procedure="2026/001616", person={"nom": "Moreau", "prenoms": "Inès"})
    for question, answer in entries:
        gui_workspace.store.add_entry(hearing_id, None, question, answer)
    window.open_hearing(hearing_id)
    page = window.hearing_page
    qtbot.mouseClick(page.timeline_bar.start_button, Qt.MouseButton.LeftButton)
    page.go_to(TRANSCRIPT)
    focus(qtbot, window, page.transcript.question)
    qtbot.waitUntil(lambda: page.transcript.marks.ready)
    return page


def shown(editor) -> str:
    return editor.mark.text()


def entry_mark(editor, entry_id: int) -> tuple[str, str]:
    """An entry's first line and tooltip, as the list shows them."""
    index = editor.model.index(editor.model.row_of(entry_id))
    return editor.model.data(index).splitlines()[0], editor.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_the_mark_shows_the_question_type_before_it_is_added_and_never_takes_the_focus(qtbot, window, gui_workspace):
    page = running_hearing(qtbot, window, gui_workspace)
    editor, store = page.transcript, gui_workspace.store
    question = "Racontez-moi ce qui s'est passé ensuite."
    type_text(question)
    qtbot.waitUntil(lambda: shown(editor) != "")
    assert shown(editor).startswith("● invitation")  # the real rules: an open prompt
    assert editor.mark.toolTip() == shown(editor) and editor.mark.accessibleName().startswith("Type de la question")
    assert QApplication.focusWidget() is editor.question
    assert editor.question.toPlainText() == question
    assert store.entries(page.session.hearing_id) == []  # shown before anything is added
    press(Qt.Key.Key_Tab)
    type_text("Il est revenu le soir.")
    press(Qt.Key.Key_Return, CTRL)
    [entry] = store.entries(page.session.hearing_id)
    assert (entry.question, entry.answer) == (question, "Il est revenu le soir.")
    assert shown(editor) == ""  # the box emptied: no mark
    qtbot.waitUntil(lambda: entry.id in editor.model.marks)
    first, tip = entry_mark(editor, entry.id)
    assert first.startswith("● ") and tip.startswith("Type de question : invitation\n")


def test_typing_on_while_the_mark_updates_drops_no_key(qtbot, window, gui_workspace, rules):
    page = running_hearing(qtbot, window, gui_workspace, [("Parlez-moi du voyage.", "Nous avons pris le bus.")])
    editor = page.transcript
    rules.clear()
    type_text("Qui vous attendait à l'arr")
    assert rules == []  # never classified at a keystroke: only at a pause
    qtbot.waitUntil(lambda: shown(editor) != "")  # the pause: the mark follows mid-word
    assert rules == [("Qui vous attendait à l'arr", " Nous avons pris le bus.")]
    assert shown(editor).startswith("◐ directive — question ouverte sur un détail")
    QTest.keyClicks(QApplication.focusWidget(), "ivee a la gare routiere ?")  # typed on at once
    type_text(" Et à Lyon ?")
    assert QApplication.focusWidget() is editor.question
    press(Qt.Key.Key_Tab)
    type_text("Un homme.")
    press(Qt.Key.Key_Return, CTRL)
    entries = gui_workspace.store.entries(page.session.hearing_id)
    assert entries[-1].question == "Qui vous attendait à l'arrivee a la gare routiere ? Et à Lyon ?"
    assert entries[-1].answer == "Un homme."
    assert QApplication.focusWidget() is editor.question


def test_a_new_detail_is_suggestive_until_the_person_has_said_it(qtbot, window, gui_workspace, rules):
    page = running_hearing(qtbot, window, gui_workspace, [("Parlez-moi du voyage.", "Nous avons pris le bus.")])
    editor, store = page.transcript, gui_workspace.store
    question = "Qui gardait votre passeport ?"
    type_text(question)
    qtbot.waitUntil(lambda: shown(editor) != "")
    assert shown(editor) == f"⚠ suggestive — {NEW_DETAIL}"
    assert editor.mark.toolTip() == shown(editor)
    assert editor.mark.accessibleName() == f"Type de la question : suggestive — {NEW_DETAIL}"
    press(Qt.Key.Key_Tab)
    type_text("Mon passeport, c'est Dragan qui l'avait.")  # her answer to it: not what she had said before it
    rules.clear()
    editor.mark.update_mark()
    assert rules[-1] == (question, " Nous avons pris le bus.") and shown(editor).startswith("⚠ suggestive")
    press(Qt.Key.Key_Return, CTRL)
    entry = store.entries(page.session.hearing_id)[-1]
    qtbot.waitUntil(lambda: entry.id in editor.model.marks)
    first, tip = entry_mark(editor, entry.id)
    assert first.startswith("⚠ ") and f"Type de question : suggestive — {NEW_DETAIL}" in tip

    # She has spoken of it now: the same question is no longer suggestive.
    type_text(question)
    qtbot.waitUntil(lambda: shown(editor) != "")
    assert shown(editor) == "◐ directive — question ouverte sur un détail"
    assert QApplication.focusWidget() is editor.question


def test_the_marks_follow_every_change_to_the_entries(qtbot, window, gui_workspace, rules):
    said_it = ("Racontez-moi l'arrivée.", "Il m'a pris mon passeport à la gare.")
    page = running_hearing(qtbot, window, gui_workspace, [("Parlez-moi du voyage.", "En bus."), said_it])
    editor, store = page.transcript, gui_workspace.store
    hearing_id = page.session.hearing_id

    def agrees() -> bool:
        """The list's marks are profile_of's over the stored entries, each against the answers before it."""
        rows = [(e.id, e.question, e.answer) for e in store.entries(hearing_id)]
        return editor.marks.ready and editor.model.marks == dict(profile_of(rows, stand_in).entries)

    def typed_question_is(category: str) -> bool:
        editor.mark.update_mark()
        return editor.mark.category == category

    type_text("Où est votre passeport ?")
    qtbot.waitUntil(lambda: typed_question_is("directive"))
    editor.select(store.entries(hearing_id)[1].id)
    editor.delete_selected()  # the answer that spoke of it goes
    qtbot.waitUntil(agrees)
    qtbot.waitUntil(lambda: typed_question_is("suggestive"))
    editor.undo()  # and comes back
    qtbot.waitUntil(agrees)
    qtbot.waitUntil(lambda: typed_question_is("directive"))

    # Moved after a question on the passport, that question becomes suggestive in the list.
    editor.question.clear()
    type_text("Qui avait le passeport ?")
    press(Qt.Key.Key_Tab)
    type_text("Lui.")
    press(Qt.Key.Key_Return, CTRL)
    asked = store.entries(hearing_id)[-1]
    qtbot.waitUntil(agrees)
    assert editor.model.marks[asked.id].category == "directive"
    editor.select(store.entries(hearing_id)[1].id)
    editor.move_selected(1)
    qtbot.waitUntil(agrees)
    assert editor.model.marks[asked.id].category == "suggestive"
    assert QApplication.focusWidget() is not None


def test_an_entry_edited_is_judged_against_the_answers_before_it(qtbot, window, gui_workspace, rules):
    entries = [
        ("Parlez-moi du voyage.", "En bus."),
        ("Qui avait votre passeport ?", "Lui."),
        ("Racontez la suite.", "Il a gardé mon passeport."),
    ]
    page = running_hearing(qtbot, window, gui_workspace, entries)
    editor, store = page.transcript, gui_workspace.store
    second = store.entries(page.session.hearing_id)[1]
    assert editor.model.marks[second.id].category == "suggestive"  # the passport was spoken of only after
    type_text("Où est votre passeport ?")
    qtbot.waitUntil(lambda: editor.mark.category == "directive")  # a new question: every answer so far
    editor.select(second.id)
    editor.edit_selected()
    qtbot.waitUntil(lambda: editor.mark.category == "suggestive")
    assert rules[-1] == ("Qui avait votre passeport ?", " En bus.")
    assert editor.answer.toPlainText() == "Lui." and QApplication.focusWidget() is editor.answer
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.mark.category == "directive")
    assert editor.question.toPlainText() == "Où est votre passeport ?"


def test_the_review_counts_the_question_types_and_leads_to_the_suggestive_ones(qtbot, window, gui_workspace, rules):
    entries = [
        ("Parlez-moi du voyage.", "En bus."),
        ("Racontez-moi l'arrivée.", "Un homme attendait."),
        ("Qui était cet homme ?", "Dragan."),
        ("Avait-il votre passeport ?", "Oui."),
        ("Étiez-vous seule ?", "Non."),
    ]
    page = running_hearing(qtbot, window, gui_workspace, entries)
    page.go_to(REVIEW)
    review = page.review
    qtbot.waitUntil(lambda: review.profile_summary.text().startswith("Types de questions, sur 5"))
    assert review.profile_summary.text() == (
        "Types de questions, sur 5 : 2 invitations (40\u00a0%), 1 question directive (20\u00a0%), "
        "1 question fermée ou à choix (20\u00a0%), 1 question suggestive (20\u00a0%)."
    )
    lines = [review.profile_list.item(i).text() for i in range(review.profile_list.count())]
    assert lines == [
        f"Question n° 4, suggestive — {NEW_DETAIL} : « Avait-il votre passeport ? »",
        "Question n° 5, question fermée ou à choix — appelle un oui ou un non : « Étiez-vous seule ? »",
    ]
    assert not any("suggestive" in review.problems.item(i).text() for i in range(review.problems.count()))
    pv = review.preview.toPlainText()  # the procès-verbal as exported: the question, never its type
    assert "Avait-il votre passeport" in pv and NEW_DETAIL not in pv
    assert not any(sign in pv for sign in question_mark.SYMBOLS.values())

    item = review.profile_list.item(0)
    qtbot.mouseClick(
        review.profile_list.viewport(), Qt.MouseButton.LeftButton, pos=review.profile_list.visualItemRect(item).center()
    )
    assert page.current_page() == TRANSCRIPT
    assert page.transcript.selected_id() == gui_workspace.store.entries(page.session.hearing_id)[3].id


def test_the_lock_takes_the_marks_off_the_screen(qtbot, window, gui_workspace, rules):
    page = running_hearing(qtbot, window, gui_workspace, [("Parlez-moi du voyage.", "En bus.")])
    editor = page.transcript
    type_text("Avait-il votre passeport ?")
    qtbot.waitUntil(lambda: shown(editor) != "")
    window.lock()
    assert shown(editor) == "" and editor.mark.toolTip() == "" and editor.model.marks == {}
    assert editor.marks.said_so_far() is None


def test_the_profile_text_counts_and_lists_without_a_window():
    at = dt.datetime(2026, 3, 14, 9, 0)
    entries = [
        TranscriptEntry(7, 1, None, "Racontez-moi.", "Au port.", at, at),
        TranscriptEntry(8, 2, None, "Aviez-vous votre passeport ?", "Non.", at, at),
        TranscriptEntry(9, 3, None, "", "Elle pleure.", at, at),
    ]
    found = {
        "Racontez-moi.": Classification("invitation"),
        "Aviez-vous votre passeport ?": Classification("suggestive", NEW_DETAIL),
    }
    profile = profile_of([(e.id, e.question, e.answer) for e in entries], lambda question, _said: found[question])
    shown = question_profile(profile, entries)
    assert shown.summary == (
        "Types de questions, sur 2 : 1 invitation (50\u00a0%), 0 question directive (0\u00a0%), "
        "0 question fermée ou à choix (0\u00a0%), 1 question suggestive (50\u00a0%)."
    )
    assert [(line.text, line.entry_id) for line in shown.lines] == [
        (f"Question n° 2, suggestive — {NEW_DETAIL} : « Aviez-vous votre passeport ? »", 8)
    ]
    empty = question_profile(profile_of([], lambda question, _said: found[question]), [])
    assert empty.summary == "Types de questions : aucune question enregistrée." and empty.lines == ()


def test_the_list_shows_each_entry_mark_and_redraws_only_the_rows_that_changed(qapp):
    at = dt.datetime(2026, 3, 14, 9, 7)
    model = TranscriptModel(lambda theme: "Questions libres")
    first = TranscriptEntry(1, 1, None, "Racontez-moi.", "Au port.", at, at)
    second = TranscriptEntry(2, 2, None, "Aviez-vous votre passeport ?", "Non.", at, at)
    model.set_entries([first, second])
    redrawn: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: redrawn.append((top.row(), bottom.row())))
    model.set_marks({1: Classification("invitation"), 2: Classification("suggestive", NEW_DETAIL)})
    assert redrawn == [(0, 1)]
    assert model.data(model.index(0)).startswith("● 9\u00a0h\u00a007 · Questions libres\nQ : Racontez-moi.")
    assert model.data(model.index(1), Qt.ItemDataRole.ToolTipRole).startswith(
        f"Type de question : suggestive — {NEW_DETAIL}\n\nQuestion : Aviez-vous votre passeport ?"
    )
    assert model.data(model.index(1), Qt.ItemDataRole.AccessibleTextRole).endswith(
        f"Réponse : Non. — type de question : suggestive — {NEW_DETAIL}"
    )
    model.set_marks({1: Classification("invitation"), 2: Classification("option", "appelle un oui ou un non")})
    assert redrawn[-1] == (1, 1)
    # A question reworded loses its mark until its own is worked out; the other keeps its mark.
    model.set_entries([first, TranscriptEntry(2, 2, None, "Où était-il ?", "Non.", at, at)])
    assert model.marks == {1: Classification("invitation")}
    assert model.data(model.index(1)).startswith("9\u00a0h\u00a007")
