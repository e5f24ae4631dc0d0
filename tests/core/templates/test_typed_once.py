"""``default_from`` and ``address_book``: an answer typed once fills the others, checked by the validator."""

from __future__ import annotations

import pytest

from audition_assistant.core import defaults
from audition_assistant.core.templates.errors import TemplateInvalid
from audition_assistant.core.templates.model import PLACE_REF


def problems_of(build_template, raw) -> list[tuple[str, str]]:
    with pytest.raises(TemplateInvalid) as caught:
        build_template(raw)
    return [(p.location, p.message) for p in caught.value.problems]


def add_languages(raw: dict) -> dict:
    """The small template with three language fields fed by the person's languages, and a place."""
    fields = raw["sections"][2]["fields"]  # interpretation
    fields.append({"id": "langue_interpretation", "type": "text", "label": "Langue", "default_from": "victime.langues"})
    fields.append(
        {
            "id": "langue_remise",
            "type": "choice",
            "label": "Langue de remise",
            "default_from": "victime.langues",
            "options": [
                {"value": "fr", "label": "français seulement"},
                {"value": "es", "label": "espagnol (español)"},
                {"value": "ro", "label": "roumain (română)"},
            ],
        }
    )
    raw["sections"][0]["fields"].append(
        {"id": "lieu_audition", "type": "text", "label": "Lieu", "default_from": PLACE_REF, "max_length": 30}
    )
    raw["sections"][2]["fields"][1]["address_book"] = "interprete"
    return raw


def test_default_from_and_address_book_are_read(build_template, small_raw):
    template = build_template(add_languages(small_raw))
    assert template.field("langue_interpretation").default_from == "victime.langues"
    assert template.field("lieu_audition").default_from == "audition.lieu"
    assert template.field("interprete").address_book == "interprete"
    assert template.field("juge").default_from == ""


def test_unknown_default_from_names_the_location_and_the_nearest_field(build_template, small_raw):
    add_languages(small_raw)["sections"][2]["fields"][2]["default_from"] = "victime.langue"
    assert problems_of(build_template, small_raw) == [
        (
            "sections[2].fields[2].default_from",
            "« victime.langue » ne désigne aucun champ, partie d'identité ni « audition.lieu » "
            "(vouliez-vous « victime.langues » ?)",
        )
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("langue_interpretation", "un champ ne peut pas reprendre sa propre réponse"),
        ("interprete_present", "« interprete_present » est de type yes_no : default_from reprend un texte"),
        ("victime", "« victime » est de type identity : default_from reprend un texte"),
    ],
)
def test_default_from_refuses_itself_and_what_is_not_a_text(build_template, small_raw, source, message):
    add_languages(small_raw)["sections"][2]["fields"][2]["default_from"] = source
    assert problems_of(build_template, small_raw) == [("sections[2].fields[2].default_from", message)]


def test_default_from_is_refused_where_it_does_not_belong(build_template, small_raw):
    small_raw["sections"][5]["fields"][0]["fields"][0]["default_from"] = "notes"  # a group member
    small_raw["sections"][5]["fields"][2]["default_from"] = "notes"  # an integer
    found = problems_of(build_template, small_raw)
    assert (
        "sections[5].fields[0].fields[0].default_from",
        "une rubrique de liste ne reprend pas une autre réponse",
    ) in found
    assert any(loc == "sections[5].fields[2].default_from" and "clé inconnue" in msg for loc, msg in found)


def test_address_book_never_holds_the_person_heard(build_template, small_raw):
    small_raw["sections"][1]["fields"][0]["address_book"] = "interprete"
    small_raw["sections"][2]["fields"][1]["address_book"] = "interpretes"
    found = problems_of(build_template, small_raw)
    assert (
        "sections[1].fields[0].address_book",
        "la personne entendue n'entre jamais au carnet d'adresses : retirez address_book",
    ) in found
    assert any(
        loc == "sections[2].fields[1].address_book" and "vouliez-vous « interprete »" in msg for loc, msg in found
    )


def test_the_persons_language_fills_the_language_fields_until_changed(build_template, small_raw):
    template = build_template(add_languages(small_raw))
    answers = {"victime": {"nom": "RIVERA", "langues": "Español, un peu d'anglais"}}
    filled = defaults.fills(template, answers, "victime", None)
    assert filled == {"langue_interpretation": "Español", "langue_remise": "es"}  # the first language, one option

    # Changed by hand, a field keeps its answer; untouched, it follows the source.
    answers.update(filled, langue_interpretation="espagnol (Colombie)")
    before = answers["victime"]
    answers["victime"] = {"nom": "RIVERA", "langues": "roumain"}
    assert defaults.fills(template, answers, "victime", before) == {"langue_remise": "ro"}

    # A language no option holds leaves the choice as it is.
    answers = {"victime": {"langues": "tagalog"}}
    assert defaults.fills(template, answers, "victime", None) == {"langue_interpretation": "tagalog"}


def test_a_choice_matched_halfway_through_typing_does_not_stay(build_template, small_raw):
    template = build_template(add_languages(small_raw))
    answers = {"victime": {"langues": "roumain"}}
    answers.update(defaults.fills(template, answers, "victime", None))
    assert answers["langue_remise"] == "ro"
    before, answers["victime"] = answers["victime"], {"langues": "romani"}
    assert defaults.fills(template, answers, "victime", before) == {
        "langue_interpretation": "romani",
        "langue_remise": None,
    }


def test_the_place_given_at_creation_fills_the_section_field(build_template, small_raw):
    template = build_template(add_languages(small_raw))
    assert defaults.initial(template, "Commissariat de Lille, salle 3, rez-de-chaussée") == {
        "lieu_audition": "Commissariat de Lille, salle 3"  # within the field's max_length
    }
    assert defaults.initial(template, "") == {}


def test_a_new_hearing_starts_with_the_place_in_its_section(workspace, store):
    template = workspace.catalog.get("audition-victime-majeure")
    case_id = store.create_case("2026/000451", "Affaire c/ X", "BPF")
    person_id = store.add_person(case_id, {"nom": "RIVERA"})
    hearing_id = workspace.start_hearing(case_id, person_id, template, "", "Commissariat de Lille")
    assert store.answers(hearing_id)["lieu_audition"] == "Commissariat de Lille"
    assert store.hearing(hearing_id).place == "Commissariat de Lille"
