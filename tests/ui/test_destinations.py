"""The form says where each answer goes, and the review page previews the EVVI document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from audition_assistant.ui.hearing_page import REVIEW
from hearings import make_hearing


def open_adult_hearing(window, gui_workspace, answers):
    window.open_hearing(make_hearing(gui_workspace, answers))
    return window.hearing_page


def test_sections_and_fields_say_where_their_answers_go(qtbot, window, gui_workspace):
    page = open_adult_hearing(window, gui_workspace, {})
    forms = page.forms

    evvi = forms["evvi"].findChild(QLabel, "sectionDestination")
    assert evvi is not None and "évaluation personnalisée (EVVI)" in evvi.text()
    assert evvi.text().startswith("Ces réponses ne figurent pas au procès-verbal")
    indicators = forms["indicateurs_section"].findChild(QLabel, "sectionDestination")
    assert "restent dans vos notes" in indicators.text()
    safety = forms["orientation_section"].findChild(QLabel, "sectionDestination")
    assert "restent dans vos notes" in safety.text()
    assert forms["droits"].findChild(QLabel, "sectionDestination") is None  # a procedural section: the PV

    # A field going elsewhere than its section says so, in a tooltip and to screen readers too.
    pv_mention = forms["evvi"].findChild(QLabel, "destination_evvi_realisee")
    assert pv_mention.text() == "Au procès-verbal" and "figure au procès-verbal" in pv_mention.accessibleName()
    referral = forms["orientation_section"].findChild(QLabel, "destination_orientation")
    assert "fiches d'orientation" in referral.toolTip() == referral.accessibleName()
    contact = forms["identite"].findChild(QLabel, "destination_contact_sur")
    assert "vos notes" in contact.text() and "n'est imprimée dans aucun document" in contact.accessibleName()
    assert forms["evvi"].findChild(QLabel, "destination_evvi_prejudice") is None  # same as its section

    for form in forms.values():
        for label in form.findChildren(QLabel):
            if label.objectName().startswith("destination") or label.objectName() == "sectionDestination":
                assert label.focusPolicy() == Qt.FocusPolicy.NoFocus
                assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
                assert label.objectName() and label.accessibleName()


def test_the_destination_marker_takes_no_keystroke(qtbot, window, gui_workspace):
    page = open_adult_hearing(window, gui_workspace, {})
    page.go_to("evvi")
    form = page.forms["evvi"]
    editor = form.editors["evvi_realisee"]
    form.focus_field("evvi_realisee")
    qtbot.waitUntil(lambda: editor.isAncestorOf(window.focusWidget()) or window.focusWidget() is editor)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    focused = window.focusWidget()
    assert not isinstance(focused, QLabel), focused.objectName()


def test_review_previews_the_evvi_document(qtbot, window, gui_workspace):
    page = open_adult_hearing(
        window,
        gui_workspace,
        {"evvi_realisee": True, "evvi_represailles": "eleve", "evvi_observations": "Menaces reçues par SMS."},
    )
    page.go_to(REVIEW)
    review = page.review
    titles = [review.document.itemText(i) for i in range(review.document.count())]
    assert "Évaluation personnalisée de la victime" in titles
    review.document.setCurrentIndex(titles.index("Évaluation personnalisée de la victime"))
    text = review.preview.toPlainText()
    assert "ÉVALUATION PERSONNALISÉE DE LA VICTIME" in text
    assert "d'intimidation : élevé" in text and "Menaces reçues par SMS." in text
    review.document.setCurrentIndex(0)
    pv = review.preview.toPlainText()
    assert "Menaces reçues par SMS." not in pv and "d'intimidation : élevé" not in pv
    assert "évaluation personnalisée de la victime prévue par l'article 10-5" in pv
