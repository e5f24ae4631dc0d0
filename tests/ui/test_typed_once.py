"""Typed once, through the keyboard: the profile's details, the address book, the person's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from audition_assistant.ui.profile_form import ProfileForm

MARISOL = {"nom": "ARANGO", "prenoms": "Marisol", "langues": "espagnol", "telephone": "06 99 00 11 22"}


@pytest.fixture
def hearing(gui_workspace):
    store = gui_workspace.store
    case_id = store.create_case("2026/000500", "Affaire c/ X")
    person_id = store.add_person(case_id, {"nom": "Restrepo", "prenoms": "Ana"})
    template = gui_workspace.catalog.get("audition-victime-majeure")
    hearing_id = gui_workspace.start_hearing(case_id, person_id, template, "", "Commissariat de Lille")
    store.set_answer(hearing_id, "interprete_present", True)
    return hearing_id


def focus(qtbot, widget) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_profile_contact_details_and_town_are_typed_and_read_back(qtbot, investigator):
    form = ProfileForm(investigator)
    qtbot.addWidget(form)
    form.show()
    focus(qtbot, form.inputs["matricule"])
    for text in ("1234567", "01 99 00 12 34", "c.lefevre@exemple.fr", "Nanterre"):
        QTest.keyClicks(QApplication.focusWidget(), text)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    profile = form.profile()
    assert (profile.matricule, profile.telephone, profile.email, profile.commune) == (
        "1234567", "01 99 00 12 34", "c.lefevre@exemple.fr", "Nanterre",
    )  # fmt: skip
    assert form.matricule_label.text() == "&RIO"
    form.force.setCurrentIndex(form.force.findData("gendarmerie"))
    assert form.matricule_label.text() == "&RIO / matricule"
    assert form.inputs["matricule"].accessibleName() == "RIO / matricule"


def test_an_interpreter_of_the_address_book_fills_every_part_in_one_choice(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    store.save_contact("interprete", MARISOL)
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("interpretation")
    editor = page.forms["interpretation"].editors["interprete"]
    focus(qtbot, editor.members["nom"].line)
    QTest.keyClicks(QApplication.focusWidget(), "ara")
    popup = editor.address_book.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.answers(hearing).get("interprete") == MARISOL)
    assert editor.value() == MARISOL


def test_an_interpreter_typed_in_a_hearing_is_kept_in_the_address_book(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("interpretation")
    editor = page.forms["interpretation"].editors["interprete"]
    focus(qtbot, editor.members["nom"].line)
    QTest.keyClicks(QApplication.focusWidget(), "AHMETI")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "Dritan")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "albanais")
    button = editor.address_book.button
    focus(qtbot, button)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    [kept] = store.contacts("interprete")
    assert kept.display_name == "AHMETI Dritan" and kept.identity["langues"] == "albanais"
    assert store.contacts("accompagnant") == []
    assert "ajoutée au carnet" in editor.address_book.note.text()


def test_the_persons_language_typed_once_fills_the_language_fields(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("identite")
    victim = page.forms["identite"].editors["victime"]
    focus(qtbot, victim.members["langues"].line)
    QTest.keyClicks(QApplication.focusWidget(), "espagnol, anglais")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: store.answers(hearing).get("langue_interpretation") == "espagnol")
    answers = store.answers(hearing)
    assert answers["langue_remise"] == "es" and answers["r425_langue"] == "espagnol"
    assert page.forms["interpretation"].editors["langue_interpretation"].value() == "espagnol"
    assert page.forms["droits"].editors["langue_remise"].value() == "es"
    # The place given when the hearing was created is already in its section.
    assert page.forms["cadre_enquete"].editors["lieu_audition"].value() == "Commissariat de Lille"
