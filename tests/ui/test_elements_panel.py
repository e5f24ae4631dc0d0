"""The elements panel beside the Q/R: abordé / non abordé, the suggestions, one key to tag while typing
(digit row or AZERTY, never a character lost or added, never the focus moved), untagging, the review's lines."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from audition_assistant.ui.elements_panel import TAG_LINE, ElementsPanel
from audition_assistant.ui.review_page import TRANSCRIPT, element_findings, findings
from hearings import make_hearing
from keyboard import focus, press, type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
# The digit row of a French AZERTY keyboard, unshifted: what Alt+1..Alt+9 send there.
AZERTY = [
    (Qt.Key.Key_Ampersand, "&"),
    (Qt.Key.Key_Eacute, "é"),
    (Qt.Key.Key_QuoteDbl, '"'),
    (Qt.Key.Key_Apostrophe, "'"),
    (Qt.Key.Key_ParenLeft, "("),
    (Qt.Key.Key_Minus, "-"),
    (Qt.Key.Key_Egrave, "è"),
    (Qt.Key.Key_Underscore, "_"),
    (Qt.Key.Key_Ccedilla, "ç"),
]


def alt(key: Qt.Key, text: str, modifiers: Qt.KeyboardModifier = ALT) -> None:
    """A key with Alt, sent to whatever has the focus, with the text the keyboard gives it."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.sendKeyEvent(QTest.KeyAction.Click, target, key, text, modifiers)


@pytest.fixture
def hearing(gui_workspace):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000316")
    case_id = gui_workspace.store.hearing(hearing_id).case_id
    gui_workspace.store.update_case(case_id, qualification="art. 225-4-1 et 225-7 du code pénal")
    return hearing_id


@pytest.fixture
def page(qtbot, window, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    return page


def panel_of(page) -> ElementsPanel:
    panel = page.elements
    assert page.transcript.notes.indexOf(panel) >= 0
    assert page.transcript.notes.tabText(page.transcript.notes.indexOf(panel)) == "Éléments"
    return panel


def test_the_panel_lists_each_charges_elements_non_abordé_then_abordé_with_its_entries(page, gui_workspace, hearing):
    panel = panel_of(page)
    store = gui_workspace.store
    lines = panel.element_lines()
    assert list(lines)[:4] == ["cp-225-4-1.acte", "cp-225-4-1.moyen", "cp-225-4-1.but", "cp-225-4-1.mineur"]
    assert all("non abordé" in line for line in lines.values())
    assert lines["cp-225-7.contrainte"].endswith("non abordé — Contrainte, violences ou manœuvres dolosives")
    assert lines["cp-225-7.reseau"].endswith("à vérifier")
    groups = [item.text() for item in panel.lines() if item.data(Qt.ItemDataRole.UserRole) == "group"]
    assert groups == ["Circonstances aggravantes"]  # 225-7's, apart from the elements of 225-4-1
    assert panel.shortcuts[:4] == ["cp-225-4-1.acte", "cp-225-4-1.moyen", "cp-225-4-1.but", "cp-225-4-1.mineur"]
    assert lines["cp-225-4-1.acte"].startswith("[Alt+1] ")

    first = store.add_entry(hearing, None, "Racontez-moi.", "Zéphyrine m'a proposé un emploi.")
    second = store.add_entry(hearing, None, "Et ensuite ?", "Il a pris mon passeport.")
    store.tag_element(hearing, "cp-225-4-1.acte", entry_id=second)
    store.tag_element(hearing, "cp-225-4-1.acte", entry_id=first)
    page.session.service.refresh()
    panel.refresh()
    lines = panel.element_lines()
    assert lines["cp-225-4-1.acte"].startswith("[Alt+1] abordé (Q1, Q2) — Acte :")
    assert "non abordé" in lines["cp-225-4-1.moyen"]
    tagged = [i.text() for i in panel.lines() if i.data(Qt.ItemDataRole.UserRole) == TAG_LINE]
    assert [text.split()[-1] for text in tagged] == ["Q1", "Q2"]
    words = " ".join(item.text() for item in panel.lines())
    assert "Zéphyrine" not in words and "passeport" not in words  # no word of the hearing in the panel


def test_the_theme_and_the_indicators_put_their_elements_first_highlighted(page, gui_workspace):
    panel = panel_of(page)
    editor = page.transcript
    editor.theme.setCurrentIndex(editor.theme.findData("recrutement"))
    assert panel.shortcuts[0] == "cp-225-4-1.acte"
    assert panel.element_lines()["cp-225-4-1.acte"].endswith("suggéré")
    editor.theme.setCurrentIndex(editor.theme.findData("menaces_violences"))
    assert panel.shortcuts[:3] == ["cp-225-4-1.moyen", "cp-225-7.arme", "cp-225-7.contrainte"]
    assert panel.shortcuts[3:5] == ["cp-225-4-1.acte", "cp-225-4-1.but"]  # then the charge chosen, in order
    assert "suggéré" not in panel.element_lines()["cp-225-4-1.acte"]
    numbered = panel.shortcuts
    panel.refresh()
    assert panel.shortcuts == numbered  # the same theme: the same numbers


def test_alt_and_a_digit_or_an_azerty_key_tags_the_question_being_typed_without_losing_a_keystroke(
    qtbot, window, page, gui_workspace, hearing
):
    panel = panel_of(page)
    editor = page.transcript
    focus(qtbot, window, editor.question)
    type_text("Comment êtes-vous venue")
    alt(Qt.Key.Key_1, "1")  # the digit row (QWERTY, or Maj on AZERTY)
    type_text(" en France ?")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.answer
    type_text("Un homme m'a payé")
    alt(Qt.Key.Key_Eacute, "é")  # AZERTY: the 2 key without Maj
    alt(Qt.Key.Key_Eacute, "é")  # twice: one tag
    type_text(" le billet.")
    assert QApplication.focusWidget() is editor.answer
    assert editor.question.toPlainText() == "Comment êtes-vous venue en France ?"
    assert editor.answer.toPlainText() == "Un homme m'a payé le billet."
    assert [p.key for p in panel.pending] == ["cp-225-4-1.acte", "cp-225-4-1.moyen"]
    assert gui_workspace.store.element_tags(hearing) == []  # nothing stored before the entry is

    press(Qt.Key.Key_Return, CTRL)
    (entry,) = gui_workspace.store.entries(hearing)
    assert entry.question == "Comment êtes-vous venue en France ?" and entry.answer == "Un homme m'a payé le billet."
    tags = gui_workspace.store.element_tags(hearing)
    assert [(t.element, t.entry_id) for t in tags] == [("cp-225-4-1.acte", entry.id), ("cp-225-4-1.moyen", entry.id)]
    assert panel.pending == [] and QApplication.focusWidget() is editor.question
    assert "abordé (Q1)" in panel.element_lines()["cp-225-4-1.moyen"]
    assert [e.action for e in gui_workspace.store.audit_entries_of("element_tagged")] == ["element_tagged"] * 2


@pytest.mark.parametrize(("number", "key_text"), list(enumerate(AZERTY, start=1)))
def test_every_azerty_key_of_the_digit_row_with_alt_tags_its_number_and_types_nothing(
    qtbot, window, page, gui_workspace, hearing, number, key_text
):
    panel = panel_of(page)
    editor = page.transcript
    entry = gui_workspace.store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    page.session.service.refresh()
    focus(qtbot, window, editor.question)  # empty boxes: the last entry added
    alt(*key_text)
    assert editor.question.toPlainText() == "" and QApplication.focusWidget() is editor.question
    (tag,) = gui_workspace.store.element_tags(hearing)
    assert (tag.element, tag.entry_id) == (panel.shortcuts[number - 1], entry)


def test_altgr_on_windows_and_the_keypad_still_type_their_characters_and_tag_nothing(
    qtbot, window, page, gui_workspace, hearing
):
    editor = page.transcript
    gui_workspace.store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    focus(qtbot, window, editor.question)
    type_text("Adresse ")
    for key, text in ((Qt.Key.Key_Eacute, "~"), (Qt.Key.Key_QuoteDbl, "#"), (Qt.Key.Key_Agrave, "@")):
        alt(key, text, CTRL | ALT)  # AltGr is Ctrl+Alt on Windows
    alt(Qt.Key.Key_1, "1", ALT | Qt.KeyboardModifier.KeypadModifier)  # Alt codes on the keypad: left to Windows
    assert editor.question.toPlainText().startswith("Adresse ~#@")
    assert gui_workspace.store.element_tags(hearing) == []


def test_from_the_entries_list_alt_tags_the_selected_entry_and_suppr_in_the_panel_untags(
    qtbot, window, page, gui_workspace, hearing
):
    panel = panel_of(page)
    editor = page.transcript
    store = gui_workspace.store
    first = store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    store.add_entry(hearing, None, "Et ensuite ?", "Non.")
    page.session.refresh()
    page.session.transcript_changed.emit()
    editor.select(first)
    focus(qtbot, window, editor.entries)
    alt(Qt.Key.Key_3, "3")
    assert QApplication.focusWidget() is editor.entries
    (tag,) = store.element_tags(hearing)
    assert (tag.element, tag.entry_id) == (panel.shortcuts[2], first)
    assert store.entries(hearing)[0].question == "Racontez-moi."  # the list's entry untouched

    line = next(i for i in panel.lines() if i.data(Qt.ItemDataRole.UserRole) == TAG_LINE)
    assert line.text().endswith("↳ Q1")
    panel.element_list.setCurrentItem(line)
    focus(qtbot, window, panel.element_list)
    press(Qt.Key.Key_Delete)
    assert store.element_tags(hearing) == []
    assert store.entries(hearing)[0].id == first  # Suppr in the panel deletes a tag, never the entry
    assert [e.detail["tag"] for e in store.audit_entries_of("element_untagged")] == [tag.id]
    assert "non abordé" in panel.element_lines()[tag.element]


def test_a_number_without_an_element_or_a_closed_hearing_tags_nothing(qtbot, window, page, gui_workspace, hearing):
    panel = panel_of(page)
    editor = page.transcript
    gui_workspace.store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    panel.shortcuts = panel.shortcuts[:2]
    focus(qtbot, window, editor.question)
    alt(Qt.Key.Key_9, "9")
    assert gui_workspace.store.element_tags(hearing) == []
    assert "aucun élément" in window.statusBar().currentMessage()
    editor.set_read_only(True)
    alt(Qt.Key.Key_1, "1")
    assert gui_workspace.store.element_tags(hearing) == []


def test_the_review_lists_the_elements_not_addressed_without_blocking(page, gui_workspace, hearing):
    store = gui_workspace.store
    entry = store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    store.tag_element(hearing, "cp-225-4-1.acte", entry_id=entry)
    page.session.refresh()
    assert not [f for f in findings(page.session) if "abordé" in f.text]  # the export dialog's points: documents
    found = element_findings(page.session)
    assert [f.text.split(",")[0] for f in found] == [
        "Éléments non abordés",
        "Éléments non abordés",
        "Circonstances aggravantes non abordées",
    ]  # 225-4-1's, then 225-7's acts of pimping and its circumstances
    assert not any(f.blocking for f in found) and all(f.section_id == TRANSCRIPT for f in found)
    assert "Acte :" not in found[0].text and "« But d'exploitation" in found[0].text
    page.review.refresh()
    listed = [page.review.elements.item(i).text() for i in range(page.review.elements.count())]
    assert listed[0].startswith("• Éléments non abordés, art. 225-4-1") and len(listed) == 3
    problems = [page.review.problems.item(i).text() for i in range(page.review.problems.count())]
    assert not any("abordé" in text for text in problems)  # the documents' points, which the export repeats


def test_a_hearing_without_charges_says_how_to_name_them(qtbot, window, gui_workspace):
    hearing = make_hearing(gui_workspace, procedure="2026/000317", template="premier-contact")
    window.open_hearing(hearing)
    panel = window.hearing_page.elements
    assert panel.element_lines() == {} and "qualification du dossier" in panel.note.text()
    assert element_findings(window.hearing_page.session) == []


def test_choosing_another_charge_numbers_its_elements_and_a_new_qualification_is_followed(page, gui_workspace, hearing):
    panel = panel_of(page)
    assert [panel.charge.itemData(i) for i in range(panel.charge.count())] == ["cp-225-4-1", "cp-225-7"]
    assert panel.charge.focusPolicy() == Qt.FocusPolicy.NoFocus
    panel.charge.setCurrentIndex(1)
    assert panel.shortcuts[:2] == ["cp-225-7.proxenetisme", "cp-225-7.mineur"]
    assert panel.element_lines()["cp-225-7.mineur"].startswith("[Alt+2] ")
    case_id = gui_workspace.store.hearing(hearing).case_id
    gui_workspace.store.update_case(case_id, qualification="proxénétisme, 225-5 CP")
    panel.refresh()
    assert list(panel.element_lines()) == ["cp-225-5.aide", "cp-225-5.profit", "cp-225-5.embauche", "cp-225-5.pression"]
    assert panel.charge.isHidden()  # one charge: nothing to choose


def test_while_an_entry_is_edited_alt_tags_it_and_a_pending_tag_is_withdrawn_with_suppr(
    qtbot, window, page, gui_workspace, hearing
):
    panel = panel_of(page)
    editor = page.transcript
    store = gui_workspace.store
    first = store.add_entry(hearing, None, "Racontez-moi.", "Oui.")
    store.add_entry(hearing, None, "Et ensuite ?", "Non.")
    page.session.refresh()
    page.session.transcript_changed.emit()
    editor.select(first)
    editor.edit_selected()
    assert QApplication.focusWidget() is editor.answer or editor.editing_id == first
    focus(qtbot, window, editor.answer)
    alt(Qt.Key.Key_Apostrophe, "'")  # AZERTY 4
    assert [(t.element, t.entry_id) for t in store.element_tags(hearing)] == [(panel.shortcuts[3], first)]
    assert editor.answer.toPlainText() == "Oui."
    editor.cancel_edit()

    focus(qtbot, window, editor.question)
    type_text("Où dormiez-vous ?")
    alt(Qt.Key.Key_ParenLeft, "(")  # AZERTY 5: for the question being typed
    assert editor.question.toPlainText() == "Où dormiez-vous ?"
    waiting = next(i for i in panel.lines() if i.data(Qt.ItemDataRole.UserRole) == "pending")
    panel.element_list.setCurrentItem(waiting)
    focus(qtbot, window, panel.element_list)
    press(Qt.Key.Key_Delete)
    assert panel.pending == []
    focus(qtbot, window, editor.question)
    press(Qt.Key.Key_Return, CTRL)
    assert len(store.entries(hearing)) == 3 and len(store.element_tags(hearing)) == 1  # nothing more tagged


def test_the_history_names_a_tag_and_its_withdrawal():
    from audition_assistant.ui.history_dialog import ACTIONS, describe

    assert ACTIONS["element_tagged"].startswith("Élément rattaché")
    assert ACTIONS["element_untagged"].startswith("Rattachement d'un élément retiré")
    tagged = {"tag": 3, "element": "cp-225-4-1.moyen", "entry": 7}
    assert describe("element_tagged", tagged, {}) == "Entrée n° 7 : cp-225-4-1.moyen"
    noted = {"tag": 4, "element": "cp-225-7.mineur", "field": "indicateurs"}
    assert describe("element_untagged", noted, {}) == "Réponse indicateurs : cp-225-7.mineur"


def test_a_draft_erased_takes_its_waiting_tags_with_it(qtbot, window, page, gui_workspace, hearing):
    panel = panel_of(page)
    editor = page.transcript
    focus(qtbot, window, editor.question)
    type_text("Qui vous a recrutée ?")
    alt(Qt.Key.Key_1, "1")
    assert [p.key for p in panel.pending] == ["cp-225-4-1.acte"]
    press(Qt.Key.Key_A, CTRL)
    press(Qt.Key.Key_Backspace)  # the question abandoned: both boxes empty
    assert panel.pending == []
    type_text("Comment vous sentez-vous ?")
    press(Qt.Key.Key_Tab)
    type_text("Fatiguée.")
    press(Qt.Key.Key_Return, CTRL)
    assert gui_workspace.store.element_tags(hearing) == []  # the next question is not tagged with it
    assert editor.question.toPlainText() == "" and QApplication.focusWidget() is editor.question
