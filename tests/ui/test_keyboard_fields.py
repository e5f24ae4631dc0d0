"""Typing without looking: the cursor is where the next word goes, choices and dates take keys safely.

Every keystroke goes to whatever widget has the focus, as from a keyboard.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from audition_assistant.core.store import Person
from audition_assistant.ui.new_hearing_dialog import NewHearingDialog
from hearings import make_hearing
from keyboard import focused, inside, press, type_text


def open_adult_hearing(qtbot, window, gui_workspace, answers):
    hearing_id = make_hearing(gui_workspace, answers)
    window.open_hearing(hearing_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window.hearing_page, hearing_id


def stored(gui_workspace, hearing_id, field_id):
    return gui_workspace.store.answers(hearing_id).get(field_id)


def focus_on(qtbot, form, field_id):
    form.focus_field(field_id)
    qtbot.waitUntil(lambda: inside(form.editors[field_id]))


# --- conditional fields ---------------------------------------------------------------


def test_a_choice_typed_by_keyboard_reveals_a_field_without_giving_it_the_keys(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {"interprete_present": True})
    page.go_to("interpretation")
    form = page.forms["interpretation"]
    focus_on(qtbot, form, "interprete_statut")
    type_text("Inscrit sur la liste de la cour d'appel de ")
    assert QApplication.activePopupWidget() is None
    assert stored(gui_workspace, hearing_id, "interprete_statut") == "liste_cour_appel"
    revealed = form.editors["interprete_cour_appel"]
    assert not form.rows["interprete_cour_appel"].isHidden()
    assert revealed.value() is None  # nothing typed landed in the field that appeared
    assert inside(form.editors["interprete_statut"])  # the cursor stayed where the investigator was
    press(Qt.Key.Key_Tab)  # the revealed field is next in the Tab order
    assert inside(revealed)
    type_text("Paris")
    press(Qt.Key.Key_Tab)
    assert stored(gui_workspace, hearing_id, "interprete_cour_appel") == "Paris"


def test_a_space_after_a_short_choice_opens_nothing_and_the_words_go_on(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("conditions")
    form = page.forms["conditions"]
    focus_on(qtbot, form, "sexe_enqueteur")
    type_text("une enq")
    assert QApplication.activePopupWidget() is None
    assert stored(gui_workspace, hearing_id, "sexe_enqueteur") == "femme"
    type_text(" ")  # a space typed after the choice: no popup, the choice stays
    assert QApplication.activePopupWidget() is None
    assert stored(gui_workspace, hearing_id, "sexe_enqueteur") == "femme"
    assert inside(form.editors["sexe_enqueteur"])
    press(Qt.Key.Key_Tab)  # the yes/no it revealed comes next, as radio buttons a space does not open
    assert inside(form.editors["souhait_sexe_respecte"])
    type_text("oui ")
    assert QApplication.activePopupWidget() is None
    assert stored(gui_workspace, hearing_id, "souhait_sexe_respecte") is True


def test_arrow_keys_choose_and_backspace_clears_a_yes_no(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("conditions")
    form = page.forms["conditions"]
    focus_on(qtbot, form, "separee_tiers")
    press(Qt.Key.Key_Right)  # nothing chosen yet, the cursor on Oui: the next option, Non
    assert stored(gui_workspace, hearing_id, "separee_tiers") is False
    press(Qt.Key.Key_Right)  # the last option: it stays there
    assert stored(gui_workspace, hearing_id, "separee_tiers") is False
    press(Qt.Key.Key_Left)
    assert stored(gui_workspace, hearing_id, "separee_tiers") is True
    press(Qt.Key.Key_Backspace)
    assert stored(gui_workspace, hearing_id, "separee_tiers") is None
    # a space on its own, not after letters, ticks the focused option
    press(Qt.Key.Key_Space)
    assert stored(gui_workspace, hearing_id, "separee_tiers") is True


def test_the_first_arrow_on_an_unanswered_choice_ticks_the_next_option(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("cadre_enquete")
    form = page.forms["cadre_enquete"]
    focus_on(qtbot, form, "cadre")  # the cursor on the first option, flagrance, nothing chosen
    press(Qt.Key.Key_Down)
    assert stored(gui_workspace, hearing_id, "cadre") == "preliminaire"
    assert focused().text().startswith("Enquête préliminaire")
    press(Qt.Key.Key_Down)
    assert stored(gui_workspace, hearing_id, "cadre") == "commission_rogatoire"
    press(Qt.Key.Key_Down)  # the last option: no wrapping round to the first
    assert stored(gui_workspace, hearing_id, "cadre") == "commission_rogatoire"
    press(Qt.Key.Key_Up)
    press(Qt.Key.Key_Up)
    assert stored(gui_workspace, hearing_id, "cadre") == "flagrance"
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Up)  # unanswered, on the first option: Up stays there and ticks it
    assert stored(gui_workspace, hearing_id, "cadre") == "flagrance"


def test_a_long_choice_opens_on_f4_only(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("droits")
    form = page.forms["droits"]
    editor = form.editors["langue_remise"]
    assert editor.combo.count() > 5  # a long list stays a combo
    focus_on(qtbot, form, "langue_remise")
    type_text("an ")
    assert QApplication.activePopupWidget() is None
    assert editor.combo.currentText().lower().startswith("an")
    assert stored(gui_workspace, hearing_id, "langue_remise") == editor.combo.currentData()
    press(Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(Qt.Key.Key_Escape)


# --- focus on navigation -----------------------------------------------------------------


def test_next_section_puts_the_cursor_in_its_first_empty_field(qtbot, window, gui_workspace):
    answers = {"victime": {"nom": "Ruiz", "prenoms": "Ana"}}
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, answers)
    page.go_to("conditions")
    press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_page() == "identite"
    identity = page.forms["identite"].editors["victime"]
    assert inside(identity.members["nom_usage"])  # the first empty part, after the name already known
    type_text("Ruiz Perez")
    assert window.hearing_page is page and page.current_page() == "identite"  # the space left nothing
    press(Qt.Key.Key_Tab)
    assert stored(gui_workspace, hearing_id, "victime")["nom_usage"] == "Ruiz Perez"
    nationality = identity.members["nationalite"]
    nationality.setFocus()
    qtbot.waitUntil(lambda: inside(nationality))
    type_text("colom")
    qtbot.waitUntil(lambda: "information_etranger" in page.page_ids())  # saved after a pause: a section appears
    assert inside(nationality)  # and the cursor stays in the word being typed
    type_text("bienne")
    press(Qt.Key.Key_Tab)
    assert stored(gui_workspace, hearing_id, "victime")["nationalite"] == "colombienne"
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_page() == "conditions"
    assert inside(page.forms["conditions"].editors["separee_tiers"])


def test_opening_a_hearing_and_reaching_the_questions_put_the_cursor_where_one_types(qtbot, window, gui_workspace):
    page, _hearing = open_adult_hearing(qtbot, window, gui_workspace, {})
    assert page.current_page() == "cadre_enquete"
    assert inside(page.forms["cadre_enquete"].editors["cadre"])
    page.go_to("__review__")
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_page() == "__transcript__"
    assert focused() is page.transcript.question
    type_text("Que s'est-il passe ensuite ?")
    assert page.transcript.question.toPlainText() == "Que s'est-il passe ensuite ?"


def test_a_click_in_the_section_list_puts_the_cursor_in_the_section(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {"droits_notifies": True})
    row = page.page_ids().index("droits")
    rect = page.navigator.visualItemRect(page.navigator.item(row))
    qtbot.mouseClick(page.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_page() == "droits"
    assert inside(page.forms["droits"].editors["droits_heure"])  # the first field still empty
    type_text("09:12")
    press(Qt.Key.Key_Tab)
    assert stored(gui_workspace, hearing_id, "droits_heure") == "09:12"


def test_the_focused_editor_shows_a_ring(qtbot, window, gui_workspace):
    page, _hearing = open_adult_hearing(qtbot, window, gui_workspace, {})
    body = page.forms["identite"].widget()
    assert "QLineEdit:focus" in body.styleSheet() and "border" in body.styleSheet()


# --- new hearing ---------------------------------------------------------------------------


@pytest.fixture
def new_hearing(qtbot, gui_workspace):
    known = Person(id=7, case_id=1, display_name="RUIZ Ana", identity={"nom": "Ruiz", "prenoms": "Ana"})
    dialog = NewHearingDialog(gui_workspace.catalog, gui_workspace.references, [known])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_new_hearing_dialog_starts_in_nom_and_keeps_a_spaced_name(qtbot, new_hearing):
    assert focused() is new_hearing.nom
    type_text("RESTREPO GARCIA")
    press(Qt.Key.Key_Tab)
    type_text("Maria Camila")
    press(Qt.Key.Key_Tab)
    type_text("14032010")
    press(Qt.Key.Key_Tab)
    assert QApplication.activePopupWidget() is None
    assert new_hearing.person_id() is None  # still a new person
    identity = new_hearing.identity()
    assert identity == {"nom": "RESTREPO GARCIA", "prenoms": "Maria Camila", "date_naissance": "2010-03-14"}
    assert new_hearing.is_minor() is True
    assert focused() is new_hearing.pv_number


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["14032010", "14/03/2010", "14/3/2010"])
def test_a_birth_date_typed_as_people_type_it(qtbot, window, gui_workspace, typed):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("identite")
    editor = page.forms["identite"].editors["victime"].members["date_naissance"]
    editor.setFocus()
    qtbot.waitUntil(lambda: inside(editor))
    type_text(typed)
    assert editor.date.line.text() == "14/03/2010"
    press(Qt.Key.Key_Tab)
    assert not inside(editor)  # Tab leaves the date like any text box
    assert stored(gui_workspace, hearing_id, "victime")["date_naissance"] == "2010-03-14"
    page.go_to("__review__")
    assert "14 mars 2010" in page.review.preview.toPlainText()  # the PV prints the date as before


def test_the_age_is_shown_beside_a_date_of_birth(qtbot, window, gui_workspace):
    page, _hearing = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("identite")
    editor = page.forms["identite"].editors["victime"].members["date_naissance"]
    today = dt.date.today()
    sixteen_yesterday = (today - dt.timedelta(days=1)).replace(year=today.year - 16)
    sixteen_tomorrow = sixteen_yesterday + dt.timedelta(days=2)
    for day, age in ((sixteen_yesterday, "16 ans"), (sixteen_tomorrow, "15 ans")):
        editor.setFocus()
        qtbot.waitUntil(lambda: inside(editor))
        editor.date.line.selectAll()
        type_text(day.strftime("%d%m%Y"))
        assert editor.date.age.text() == age
        assert editor.date.age.isVisible()
    other = page.forms["cadre_enquete"].editors["cr_date"]
    assert not other.date.age.isVisibleTo(other)  # not a birth date: no age


def test_the_calendar_opens_in_french_on_the_typed_date_or_today(qtbot, window, gui_workspace):
    page, _hearing = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("identite")
    editor = page.forms["identite"].editors["victime"].members["date_naissance"]
    editor.setFocus()
    qtbot.waitUntil(lambda: inside(editor))
    press(Qt.Key.Key_F4)
    calendar = editor.date.calendar
    qtbot.waitUntil(lambda: calendar is not None and calendar.isVisible())
    assert calendar.locale().language() == QLocale.Language.French
    assert calendar.locale().monthName(3) == "mars"
    assert calendar.selectedDate().toPython() == dt.date.today()
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    editor.setFocus()
    qtbot.waitUntil(lambda: inside(editor))
    type_text("14032010")
    press(Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: calendar.isVisible())
    assert calendar.selectedDate().toPython() == dt.date(2010, 3, 14)
    assert (calendar.yearShown(), calendar.monthShown()) == (2010, 3)


def test_a_half_typed_date_says_so_and_stores_nothing(qtbot, window, gui_workspace):
    page, hearing_id = open_adult_hearing(qtbot, window, gui_workspace, {})
    page.go_to("identite")
    editor = page.forms["identite"].editors["victime"].members["date_naissance"]
    editor.setFocus()
    qtbot.waitUntil(lambda: inside(editor))
    type_text("1403")
    press(Qt.Key.Key_Tab)
    assert editor.date.problem.isVisibleTo(editor)
    assert "date_naissance" not in (stored(gui_workspace, hearing_id, "victime") or {})
    assert isinstance(focused(), QLineEdit) and not inside(editor)
