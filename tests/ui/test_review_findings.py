"""The review page lists a field a printed mention cites while it is still empty."""

from __future__ import annotations

from audition_assistant.ui.hearing_session import HearingSession
from audition_assistant.ui.review_page import findings


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
