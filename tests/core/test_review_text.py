"""The review lists the text defects a court would read: placeholders left from a suggestion,

a closing sentence the answers do not support, names without their capital,
questions and answers recorded while the hearing was suspended. Each one
warns and never blocks the export.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from audition_assistant.core import resources, review
from audition_assistant.core.engine import HearingView
from audition_assistant.core.review import TRANSCRIPT

ADULT, MINOR = "audition-victime-majeure", "audition-victime-mineure"
DEMOS = [demo.name.removesuffix(".json") for demo in resources.listing("demo", ".json")]


@pytest.fixture
def view_of(fill_demo, workspace):
    """The engine's view of a bundled demo filled with some answers changed (None removes one)."""

    def view(demo: str, victim: dict | None = None, **changes) -> HearingView:
        hearing_id, _files = fill_demo(demo, victim=victim, **changes)
        return workspace.view(hearing_id)

    return view


def texts(found: list[review.Finding]) -> list[str]:
    return [f.text for f in found]


def defects(view: HearingView) -> list[review.Finding]:
    """The text defects alone: what the demos must not hold."""
    return review.closing_gaps(view) + review.field_defects(view) + review.transcript_defects(view)


def with_entry(view: HearingView, number: int, **changes) -> HearingView:
    """``view`` with its question/answer n° ``number`` (from 1) changed."""
    entries = view.ordered_transcript()
    entries[number - 1] = dataclasses.replace(entries[number - 1], **changes)
    return dataclasses.replace(view, transcript=entries)


@pytest.mark.parametrize("demo", DEMOS)
def test_the_bundled_demos_hold_no_text_defect(view_of, demo):
    assert DEMOS and texts(defects(view_of(demo))) == []


# --- placeholders left from a suggestion ----------------------------------------------


def test_a_bracket_placeholder_left_in_an_answer_is_found_where_it_is(view_of):
    view = view_of(ADULT, observations_personne="Je demande que [nom] et mon fils soient protégés.")
    found = [f for f in review.findings(view) if "[nom]" in f.text]
    assert [(f.section_id, f.field_id, f.blocking) for f in found] == [("cloture", "observations_personne", False)]
    assert found[0].text == "Fin de l'audition — Observations de la personne entendue : « [nom] » reste à compléter."


def test_a_bracket_placeholder_in_an_identity_part_is_found(view_of):
    view = view_of(ADULT, victim={"profession": "vendeuse à [ville]"})
    assert any("« [ville] » reste à compléter" in t and "profession" in t for t in texts(review.findings(view)))


def test_a_suggested_question_left_with_its_placeholders_is_found_in_the_transcript(view_of):
    view = view_of(MINOR)
    suggestion = "Tu as utilisé le mot [son mot] ; explique-moi ce qu'il veut dire pour toi."
    found = [f for f in review.findings(with_entry(view, 2, question=suggestion)) if "[son mot]" in f.text]
    entry = view.ordered_transcript()[1]
    assert [(f.section_id, f.field_id, f.blocking) for f in found] == [(TRANSCRIPT, str(entry.id), False)]
    assert found[0].text == "Question/réponse n° 2 (10\u00a0h\u00a003), question : « [son mot] » reste à compléter."


def test_a_suggestion_s_ellipsis_left_unfilled_is_found_not_an_answer_trailing_off(view_of):
    view = view_of(MINOR)
    bare = "Je m'appelle…, mon travail est de parler avec des jeunes de ce qui leur est arrivé."
    assert texts(review.transcript_defects(with_entry(view, 1, question=bare))) == [
        "Question/réponse n° 1 (10\u00a0h\u00a002), question : « Je m'appelle…, mon » reste à compléter."
    ]
    # The comma deleted, or typed with three dots: the suggestion's "appelle…" is still there.
    for typed in ("Je m'appelle... mon travail est de parler avec toi.", "Je m'appelle… Mon travail ?"):
        assert len(review.transcript_defects(with_entry(view, 1, question=typed))) == 1, typed
    # A question that stops on an ellipsis was never finished.
    assert len(review.transcript_defects(with_entry(view, 1, question="Raconte-moi…"))) == 1
    # Speech that trails off is what was said.
    assert review.transcript_defects(with_entry(view, 1, answer="Je sais pas… il disait que c'était normal…")) == []
    completed = "Je m'appelle Sarah, mon travail est de parler avec des jeunes de ce qui leur est arrivé."
    assert review.transcript_defects(with_entry(view, 1, question=completed)) == []


def test_a_help_example_s_ellipsis_left_in_a_short_answer_is_found(view_of):
    view = view_of(MINOR, enregistrement_reference="DVD n° 1, fichier numérique n°…")
    found = review.field_defects(view)
    assert [(f.field_id, f.text.split(" : ", 1)[1]) for f in found] == [
        ("enregistrement_reference", "« fichier numérique n°… » reste à compléter.")
    ]


# --- the closing sentence says what the answers hold ---------------------------------


def test_an_empty_reading_field_says_the_pv_would_print_a_bare_lecture_faite_once(view_of):
    filled = view_of(ADULT)
    view = dataclasses.replace(filled, answers={k: v for k, v in filled.answers.items() if k != "lecture"})
    found = [f for f in review.findings(view) if f.field_id == "lecture"]
    assert [(f.section_id, f.blocking) for f in found] == [("cloture", True)]
    assert "la clôture porterait « Lecture faite » sans dire par qui" in found[0].text


def test_a_pv_read_through_an_interpreter_nobody_recorded_is_found(view_of):
    view = view_of(MINOR, lecture="par_interprete")
    found = [f for f in review.findings(view) if f.field_id == "lecture"]
    assert [(f.section_id, f.blocking) for f in found] == [("cloture", False)]
    assert "« Lecture faite par traduction de l'interprète » alors qu'aucun interprète n'est renseigné" in found[0].text
    assert not [f for f in review.findings(view_of(ADULT)) if f.field_id == "lecture"]  # her interpreter is named


# --- capitals -------------------------------------------------------------------------------


def test_a_first_name_or_a_town_without_its_capital_is_found_the_surname_is_not(view_of):
    view = view_of(
        ADULT,
        victim={"nom": "castaño rueda", "prenoms": "yuliana andrea", "lieu_naissance": "pereira (Risaralda)"},
    )
    found = [f for f in review.findings(view) if "majuscule" in f.text]
    where = "Identité de la personne entendue — Personne entendue"
    assert texts(found) == [
        f"{where}, prénoms : « yuliana andrea » sans majuscule (« Yuliana Andrea »).",
        f"{where}, lieu de naissance : « pereira (Risaralda) » sans majuscule (« Pereira (Risaralda) »).",
    ]
    assert {(f.field_id, f.blocking) for f in found} == {("victime", False)}


def test_the_investigator_s_notes_are_never_printed_and_not_reviewed(view_of):
    raw = view_of(ADULT).answers["suspects"]
    view = view_of(ADULT, suspects=[dict(raw[0], role="Recruteuse à [ville]"), *raw[1:]])
    assert review.field_defects(view) == []


def test_no_name_known_is_not_a_missing_capital():
    assert review.missing_capital("inconnu") is None
    assert review.missing_capital("non déclaré") is None
    assert review.missing_capital("marie-louise", each_word=True) == "Marie-Louise"
    assert review.missing_capital("Jean-pierre", each_word=True) == "Jean-Pierre"
    assert review.missing_capital("Évry") is None
    assert review.missing_capital("évry") == "Évry"


# --- questions and answers recorded during a suspension ----------------------------------------


def test_a_question_added_while_the_hearing_was_suspended_is_found(view_of):
    view = view_of(ADULT)  # suspended from 12 h 30 to 13 h 30 for the meal
    noon = dt.datetime(2026, 3, 14, 12, 45)
    found = review.transcript_defects(with_entry(view, 10, created_at=noon))
    entry = view.ordered_transcript()[9]
    assert [(f.section_id, f.field_id, f.blocking) for f in found] == [(TRANSCRIPT, str(entry.id), False)]
    assert found[0].text == (
        "Question/réponse n° 10 (12\u00a0h\u00a045) : ajoutée pendant la suspension (de 12\u00a0h\u00a030"
        " à 13\u00a0h\u00a030) ; le procès-verbal la place avant la reprise."
    )
    # Saved in the same second as the suspension: before it. As the resumption: the PV prints it before it.
    at_suspension = with_entry(view, 10, created_at=dt.datetime(2026, 3, 14, 12, 30))
    assert review.transcript_defects(at_suspension) == []
    at_resumption = with_entry(view, 10, created_at=dt.datetime(2026, 3, 14, 13, 30))
    assert len(review.transcript_defects(at_resumption)) == 1


def test_a_question_added_during_a_suspension_still_running_is_found(view_of):
    view = view_of(ADULT)
    unresumed = [
        e for e in view.timeline if e.at < dt.datetime(2026, 3, 14, 13, 0).astimezone()
    ]  # start, suspend at 12 h 30
    found = texts(review.transcript_defects(dataclasses.replace(view, timeline=unresumed)))
    assert len(found) == 10  # the entries from 13 h 40 on
    assert found[0] == (
        "Question/réponse n° 10 (13\u00a0h\u00a040) : ajoutée pendant la suspension (en cours depuis"
        " 12\u00a0h\u00a030) ; le procès-verbal la place avant la reprise."
    )


def test_a_profile_without_the_town_of_fait_a_is_found_and_leads_to_the_profile(view_of):
    from audition_assistant.core.store import Profile

    view = view_of(ADULT)
    [found] = [f for f in review.findings(view, profile=Profile(nom="Lefèvre")) if "Fait à" in f.text]
    assert found.section_id == review.PROFILE and not found.blocking
    assert "ville" in found.text
    assert not [f for f in review.findings(view, profile=Profile(nom="Lefèvre", commune="Lille")) if "Fait à" in f.text]
