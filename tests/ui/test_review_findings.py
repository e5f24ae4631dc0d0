"""The review page lists what to look at again before export, and leads to it.

A field a printed mention cites while it is still empty; a placeholder left
in what was typed, in a field or in a question taken from a suggestion.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from audition_assistant.ui.hearing_page import REVIEW, HearingPage
from audition_assistant.ui.hearing_session import HearingSession
from audition_assistant.ui.review_page import TRANSCRIPT, findings
from hearings import make_hearing


def test_a_field_cited_by_a_mention_and_left_empty_is_flagged(qtbot, gui_workspace, build_template, small_raw):
    small_raw["sections"][5]["fields"] += [
        {
            "id": "plainte",
            "type": "yes_no",
            "label": "Plainte",
            "mention": "la personne entendue déclare porter plainte du chef de {plainte_chefs}.",
        },
        {"id": "plainte_chefs", "type": "text", "label": "Chefs de la plainte"},
    ]
    template = build_template(small_raw)
    store = gui_workspace.store
    case_id = store.create_case("2026/30")
    hearing_id = gui_workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    store.set_answer(hearing_id, "plainte", True)
    found = [f for f in findings(HearingSession(gui_workspace, hearing_id)) if f.field_id == "plainte_chefs"]
    assert [(f.section_id, f.blocking) for f in found] == [("details", True)]
    assert found[0].text.startswith("Détails — Chefs de la plainte : à renseigner : la mention de « Plainte » le cite")
    store.set_answer(hearing_id, "plainte_chefs", "proxénétisme aggravé")
    assert not [f for f in findings(HearingSession(gui_workspace, hearing_id)) if f.field_id == "plainte_chefs"]


def open_hearing(window) -> HearingPage:
    """A new adult victim's hearing, opened in the main window as a user does."""

    def new_case(dialog):
        dialog.inputs["procedure_number"].setText("2026/008812")
        dialog.submit()
        return dialog.result()

    def new_hearing(dialog):
        dialog.nom.setText("Dumitru")
        dialog.prenoms.setText("Elena")
        titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        dialog.templates.setCurrentRow(next(i for i, t in enumerate(titles) if t.startswith("Audition de victime")))
        dialog.accept()
        return dialog.result()

    window.run_dialog.push(new_case)
    window.new_case_action.trigger()
    window.run_dialog.push(new_hearing)
    window.cases.new_hearing_button.click()
    window.activateWindow()
    page = window.hearing_page
    assert page is not None
    return page


def review_items(page: HearingPage) -> list[str]:
    page.go_to(REVIEW)
    return [page.review.problems.item(i).text() for i in range(page.review.problems.count())]


def click_item(qtbot, page: HearingPage, text: str) -> None:
    problems = page.review.problems
    item = next(problems.item(i) for i in range(problems.count()) if problems.item(i).text() == text)
    problems.scrollToItem(item)
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(item).center())


def test_a_bracket_placeholder_typed_in_an_answer_is_listed_and_leads_back_to_it(qtbot, window):
    page = open_hearing(window)
    page.jump_to("cloture", "observations_personne")
    QTest.keyClicks(QApplication.focusWidget(), "Je demande que [nom] soit protege.")
    flagged = "• Fin de l'audition — Observations de la personne entendue : « [nom] » reste à compléter."
    assert flagged in review_items(page)  # a warning: "•", not the "⚠" of a missing required answer
    click_item(qtbot, page, flagged)
    assert page.current_page() == "cloture"
    assert QApplication.focusWidget() is page.forms["cloture"].editors["observations_personne"].text
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for _ in range(len("[nom] soit protege.")):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    QTest.keyClicks(QApplication.focusWidget(), "ma mere soit protegee.")
    assert not [t for t in review_items(page) if "reste à compléter" in t]


def test_a_suggested_question_left_with_its_placeholder_is_listed_and_leads_to_its_entry(qtbot, window):
    page = open_hearing(window)
    qtbot.mouseClick(page.timeline_bar.start_button, Qt.MouseButton.LeftButton)
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    editor.theme.setCurrentIndex(editor.theme.findData("recrutement"))
    row = next(i for i in range(editor.suggestions.count()) if "[ses mots]" in editor.suggestions.item(i).text())
    editor.use_suggestion(editor.suggestions.item(row))  # the cursor goes to the answer
    QTest.keyClicks(QApplication.focusWidget(), "Une amie m'a parle d'un travail en Espagne.")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [entry] = page.session.view.transcript
    assert entry.answer == "Une amie m'a parle d'un travail en Espagne."
    [flagged] = [t for t in review_items(page) if "reste à compléter" in t]
    assert flagged.startswith("• Question/réponse n° 1 (") and flagged.endswith(
        ", question : « [ses mots] » reste à compléter."
    )
    click_item(qtbot, page, flagged)
    assert page.current_page() == TRANSCRIPT
    assert editor.selected_id() == entry.id


def test_the_missing_town_of_fait_a_leads_to_the_profile_where_it_is_typed(qtbot, window, gui_workspace):
    store = gui_workspace.store
    store.save_profile(dataclasses.replace(store.profile(), commune=""))
    window.open_hearing(make_hearing(gui_workspace))
    page = window.hearing_page
    page.go_to(REVIEW)
    items = [page.review.problems.item(i) for i in range(page.review.problems.count())]
    town = next(item for item in items if "Fait à" in item.text())
    opened = []
    window.run_dialog.push(lambda dialog: opened.append(dialog.objectName()) or QDialog.DialogCode.Rejected)
    page.review.problems.itemActivated.emit(town)
    assert opened == ["profileDialog"]
