"""A whole hearing typed through the focus alone, eyes on the person: the PV says exactly what was typed.

No widget's text is set here: every character is a key event sent to whatever has the
focus, every move a key (Tab, Ctrl+Page suivante, Ctrl+R), as at a station laptop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from keyboard import focused, inside, press, type_text
from readers import docx_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

# What the investigator types, accents, apostrophes and French quotes included.
EXCHANGES = [
    (
        "Racontez-moi comment vous êtes arrivée en France.",
        "Ça s'est passé l'été dernier ; un homme m'a dit « tu vas rembourser ».",
    ),
    ("Qui vous a remis le billet d'avion ?", "C'est Jhon, le cousin de mon amie, à l'aéroport de Bogotá."),
    (
        "Que s'est-il passé à votre arrivée ?",
        "Il a gardé mon passeport. J'ai dû travailler dans un appartement à Lille.",
    ),
]
MISTAKEN_QUESTION = "Qui vous a remis le billet d'avion ?"


def tab_until(qtbot, widget, limit=40) -> None:
    """Tab as the investigator does until the cursor is in ``widget`` (never more than ``limit`` keys)."""
    for _ in range(limit):
        if inside(widget):
            return
        press(Qt.Key.Key_Tab)
    assert inside(widget), f"Tab never reached {widget.objectName()}"


def section_by_keys(page, section_id, limit=30) -> None:
    """Ctrl+Page suivante / précédente until the section is shown."""
    ids = page.page_ids()
    for _ in range(limit):
        here = ids.index(page.current_page())
        if ids[here] == section_id:
            return
        press(Qt.Key.Key_PageDown if ids.index(section_id) > here else Qt.Key.Key_PageUp, CTRL)
    assert page.current_page() == section_id


def test_a_hearing_typed_through_the_focus_alone_reaches_the_pv_character_for_character(
    qtbot, window, gui_workspace, tmp_path, clock
):
    store = gui_workspace.store
    case_id = store.create_case("2026/004777", "Affaire c/ X : traite des êtres humains")
    window.cases.reload(select=case_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # The new-hearing dialog opens in Nom; a date of birth typed as digits; Entrée creates.
    def create(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: focused() is dialog.nom)
        type_text("RESTREPO GARCIA")
        press(Qt.Key.Key_Tab)
        type_text("Maria Camila")
        press(Qt.Key.Key_Tab)
        type_text("14031990")
        press(Qt.Key.Key_Tab)
        type_text("2026/004777/00031")
        press(Qt.Key.Key_Tab)
        type_text("Lille, commissariat central, salle 2")
        press(Qt.Key.Key_Tab)
        assert focused() is dialog.templates
        for _ in range(dialog.templates.count()):
            if dialog.selected_template().id == "audition-victime-majeure":
                break
            press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Return)
        return dialog.result()

    window.run_dialog.push(create)
    window.new_hearing(case_id)
    window.activateWindow()  # the dialog closed, the window manager gives the window back its activation
    qtbot.waitUntil(window.isActiveWindow)
    page = window.hearing_page
    hearing_id = page.session.hearing_id
    assert store.answers(hearing_id)["victime"]["date_naissance"] == "1990-03-14"
    assert store.answers(hearing_id)["lieu_audition"] == "Lille, commissariat central, salle 2"  # typed once

    # The first section opens with the cursor in its first empty field: a short choice typed by its words.
    cadre = page.forms["cadre_enquete"].editors["cadre"]
    assert inside(cadre)
    type_text("enquête pré")
    assert QApplication.activePopupWidget() is None
    assert store.answers(hearing_id)["cadre"] == "preliminaire"

    # Identity: the languages she speaks, typed once, fill the language fields further on.
    section_by_keys(page, "identite")
    identity = page.forms["identite"].editors["victime"]
    tab_until(qtbot, identity.members["nationalite"])
    type_text("colombienne")
    tab_until(qtbot, identity.members["langues"])
    type_text("espagnol")
    press(Qt.Key.Key_Tab)

    # Interpreter: "Oui" reveals the interpreter's fields; the status "Inscrit sur la liste…"
    # reveals the court of appeal, which takes no key until Tab reaches it.
    section_by_keys(page, "interpretation")
    form = page.forms["interpretation"]
    assert inside(form.editors["interprete_present"])
    type_text("oui")
    assert store.answers(hearing_id)["interprete_present"] is True
    press(Qt.Key.Key_Tab)
    interpreter = form.editors["interprete"]
    assert inside(interpreter)
    type_text("ORTEGA")
    press(Qt.Key.Key_Tab)
    type_text("Lucía")
    tab_until(qtbot, form.editors["interprete_statut"])
    type_text("inscrit sur la liste")
    assert store.answers(hearing_id)["interprete_statut"] == "liste_cour_appel"
    assert form.editors["interprete_cour_appel"].value() is None  # nothing typed went into it
    press(Qt.Key.Key_Tab)
    assert inside(form.editors["interprete_cour_appel"])
    type_text("Paris")
    press(Qt.Key.Key_Tab)
    assert store.answers(hearing_id)["langue_interpretation"] == "espagnol"

    # The hearing starts; Ctrl+R puts the cursor in Question.
    press(Qt.Key.Key_D, CTRL)
    press(Qt.Key.Key_R, CTRL)
    transcript = page.transcript
    assert focused() is transcript.question
    question, answer = EXCHANGES[0]
    type_text(question)
    press(Qt.Key.Key_Tab)
    type_text(answer)
    press(Qt.Key.Key_Return, CTRL)

    # A Ctrl+Entrée pressed too early adds a question without its answer: Ctrl+Z takes it back.
    type_text(MISTAKEN_QUESTION)
    press(Qt.Key.Key_Return, CTRL)
    assert [e.question for e in store.entries(hearing_id)][-1] == MISTAKEN_QUESTION
    press(Qt.Key.Key_Z, CTRL)
    assert [e.question for e in store.entries(hearing_id)] == [EXCHANGES[0][0]]
    assert focused() is transcript.question and transcript.question.toPlainText() == MISTAKEN_QUESTION
    press(Qt.Key.Key_Tab)
    type_text(EXCHANGES[1][1])

    # The investigator listens longer than the lock delay: a running hearing never locks.
    window.idle.timer.timeout.emit()
    assert not store.locked and window.stack.currentWidget() is page
    press(Qt.Key.Key_Return, CTRL)

    # A pause for the person, then the hearing goes on.
    clock.advance(minutes=5)
    press(Qt.Key.Key_P, CTRL_SHIFT)
    assert page.session.is_suspended()
    clock.advance(minutes=10)
    press(Qt.Key.Key_P, CTRL_SHIFT)
    assert not page.session.is_suspended()
    question, answer = EXCHANGES[2]
    type_text(question)
    press(Qt.Key.Key_Tab)
    type_text(answer)
    press(Qt.Key.Key_Return, CTRL)
    assert [(e.question, e.answer) for e in store.entries(hearing_id)] == EXCHANGES

    # The closing: reading and signature chosen by their words.
    section_by_keys(page, "cloture")
    closing = page.forms["cloture"]
    assert inside(closing.editors["lecture"])
    type_text("lecture faite par tr")
    press(Qt.Key.Key_Tab)
    assert inside(closing.editors["signature"])
    type_text("persiste")
    assert store.answers(hearing_id)["lecture"] == "par_interprete"
    assert store.answers(hearing_id)["signature"] == "signe"

    written = []

    def export(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.folder.setFocus()
        press(Qt.Key.Key_A, CTRL)
        type_text(str(tmp_path / "export"))
        press(Qt.Key.Key_Return)  # Exporter is the default button
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        written.extend(dialog.written)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(export)
    press(Qt.Key.Key_E, CTRL)
    text = docx_text(next(f.path for f in written if f.document_id == "pv"))
    lines = text.splitlines()
    typed = [line for q, a in EXCHANGES for line in (f"Question : {q}", f"Réponse : {a}")]
    assert [line for line in lines if line.startswith(("Question : ", "Réponse : "))] == typed  # no undone add
    assert "à Lille, commissariat central, salle 2," in text
    assert "RESTREPO GARCIA" in text and "Maria Camila" in text and "14 mars 1990" in text
    assert "cour d'appel de Paris" in text
    assert "Mention : la personne entendue est assistée par l'interprète ORTEGA Lucía." in lines
    assert "Mention : langue de l'interprétation : espagnol." in lines
    assert "avons suspendu l'audition à 9 h 05 pour permettre une pause." in text
