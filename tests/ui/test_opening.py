"""Opening a hearing builds the form of the section shown; the others when first wanted, with their answers."""

from __future__ import annotations

from hearings import make_hearing


def test_a_hearing_opens_with_one_form_and_builds_the_others_as_they_are_visited(window, gui_workspace):
    hearing_id = make_hearing(gui_workspace, {"conditions_observations": "Calme, a demandé de l'eau."})
    window.open_hearing(hearing_id)
    page = window.hearing_page
    shown = page.current_page()
    assert [form.section.id for form in page.forms.built()] == [shown]
    assert "conditions" in page.forms and "conditions" not in {f.section.id for f in page.forms.built()}
    page.go_to("conditions")
    form = page.forms["conditions"]
    assert page.stack.currentWidget() is form
    assert form.editors["conditions_observations"].value() == "Calme, a demandé de l'eau."
    assert len(page.forms.built()) == 2
