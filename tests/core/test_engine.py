"""The hearing engine: visibility, derived values, completeness, documents."""

from __future__ import annotations

import datetime as dt

from audition_assistant.core.engine import HearingView, age_at, is_french
from audition_assistant.core.store.records import TranscriptEntry
from audition_assistant.core.timeline import TimelineEvent

ADULT = {"nom": "Rivera", "prenoms": "Lucía", "date_naissance": "1998-05-02", "nationalite": "colombienne"}


def view(template, answers=None, **kwargs) -> HearingView:
    return HearingView(template, answers or {}, today=dt.date(2026, 3, 14), **kwargs)


def section_ids(v: HearingView) -> list[str]:
    return [s.id for s in v.visible_sections()]


def test_foreign_nationality_reveals_foreign_victim_section(template):
    assert "etranger" not in section_ids(view(template))
    assert "etranger" not in section_ids(view(template, {"victime": {**ADULT, "nationalite": "Française"}}))
    assert "etranger" in section_ids(view(template, {"victime": ADULT}))


def test_birth_date_under_18_at_hearing_date_reveals_minor_section(template):
    minor = {**ADULT, "date_naissance": "2008-03-15"}  # 18 the day after the hearing
    v = view(template, {"victime": minor})
    assert v.derived()["age"] == 17 and v.derived()["mineure"] is True
    assert "mineur" in section_ids(v)
    on_birthday = view(template, {"victime": minor}, timeline=[TimelineEvent("start", dt.datetime(2026, 3, 15, 9))])
    assert on_birthday.derived()["mineure"] is False
    assert "mineur" not in section_ids(on_birthday)


def test_field_condition_and_hidden_values_count_as_unanswered(template):
    v = view(template, {"cadre": "flagrance", "juge": "M. Bernard"})
    fields = [f.id for f in v.visible_fields(template.sections[0])]
    assert fields == ["cadre"]
    assert v.lookup("juge") is None
    v.answers["cadre"] = "commission_rogatoire"
    assert [f.id for f in v.visible_fields(template.sections[0])] == ["cadre", "juge"]


def test_missing_required_only_counts_visible_fields(template):
    v = view(template, {"victime": {"nom": "Rivera"}})
    missing = {(m.field_id, m.message) for m in v.missing_required()}
    assert missing == {
        ("cadre", "réponse obligatoire manquante"),
        ("victime", "à compléter : prénoms"),
        ("droits", "réponse obligatoire manquante"),
    }
    v.answers["victime"] = ADULT  # foreign: the reflection period becomes required
    assert "delai_reflexion" in {m.field_id for m in v.missing_required()}


def test_progress_per_section_and_overall(template):
    v = view(template, {"cadre": "preliminaire", "victime": ADULT})
    identite = next(s for s in template.sections if s.id == "identite")
    p = v.progress(identite)
    assert (p.filled, p.total, p.missing) == (1, 2, 1)
    assert 0 < v.overall_progress().ratio < 1


def test_applicable_documents_follow_conditions(template):
    assert [d.id for d in view(template).applicable_documents()] == ["pv"]
    assert [d.id for d in view(template, {"victime": ADULT}).applicable_documents()] == ["pv", "pv-etranger"]


def test_transcript_is_ordered_by_position_and_free_entries_have_a_label(template):
    t = dt.datetime(2026, 3, 14, 9)
    entries = [TranscriptEntry(2, 2, None, "Q2", "R2", t, t), TranscriptEntry(1, 1, "recit", "Q1", "R1", t, t)]
    v = view(template, transcript=entries)
    assert [e.question for e in v.ordered_transcript()] == ["Q1", "Q2"]
    assert v.theme_title("recit") == "Récit libre"
    assert v.theme_title(None) == "Questions libres"


def test_helpers():
    assert age_at("2000-02-29", dt.date(2026, 2, 28)) == 25
    assert age_at("2000-02-29", dt.date(2026, 3, 1)) == 26
    assert age_at("pas une date", dt.date(2026, 3, 1)) is None
    assert is_french(" FRANÇAISE ") and is_french("français") and not is_french("franco-marocaine")


def test_count_and_advice(build_template, small_raw):
    small_raw["derived"] += [
        {"id": "nb", "type": "count", "of": "indicateurs"},
        {"id": "nb_controle", "type": "count", "of": "indicateurs", "category": "controle"},
    ]
    small_raw["advice"] = [
        {"title": "Aucun indice", "text": "Rester attentif.", "when": {"field": "nb", "less_than": 1}},
        {"title": "Indices", "text": "Proposer une audition.", "when": {"field": "nb_controle", "at_least": 2}},
    ]
    template = build_template(small_raw)
    assert [a.title for a in view(template).applicable_advice()] == ["Aucun indice"]
    ticked = view(template, {"indicateurs": ["papiers_confisques", "argent_remis"]})
    assert ticked.derived()["nb"] == 2 and ticked.derived()["nb_controle"] == 2
    assert [a.title for a in ticked.applicable_advice()] == ["Indices"]


def test_count_category_must_exist(build_template, small_raw):
    import pytest

    from audition_assistant.core.templates.errors import TemplateInvalid

    small_raw["derived"].append({"id": "nb", "type": "count", "of": "indicateurs", "category": "controles"})
    with pytest.raises(TemplateInvalid) as caught:
        build_template(small_raw)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        (
            "derived[3].category",
            "« controles » n'est pas une catégorie de « indicateurs » (vouliez-vous « controle » ?)",
        )
    ]
