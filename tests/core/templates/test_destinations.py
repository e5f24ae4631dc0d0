"""Where each answer goes: a section's nature, ``destination`` on a section or a field, ``in_pv``."""

from __future__ import annotations

import pytest

from audition_assistant.core.templates.errors import TemplateInvalid

BASE = """\
format: 1
id: destinations
version: "1.0"
title: Destinations
kind: audition
audience: any
pv: {subject: victime}
documents:
  - {id: pv, title: Procès-verbal, model: pv_audition}
  - {id: evvi, title: Évaluation personnalisée, model: evvi}
sections:
  - id: identite
    title: Identité
    fields:
      - {id: victime, type: identity, label: Personne entendue}
      - {id: contact_sur, type: text, label: Moyen de la joindre, destination: notes}
  - id: evaluation
    title: Évaluation
    nature: assessment
    fields:
      - {id: evvi_realisee, type: yes_no, label: EVVI faite, destination: pv, mention: "EVVI faite."}
      - {id: risque, type: choice, label: Risque, options: [faible, eleve]}
      - {id: grille, type: checklist, label: Grille, destination: notes,
         categories: [{id: c, label: C, items: [{id: i, label: Indice}]}]}
  - id: securite
    title: Sécurité
    nature: safety
    fields:
      - {id: abri, type: text, label: Mise à l'abri}
      - {id: orientation, type: multi_choice, label: Orientation, options: [acse], destination: orientation}
  - id: indicateurs
    title: Indicateurs
    nature: assessment
    destination: notes
    fields:
      - {id: recit, type: yes_no, label: Récit cohérent}
      - {id: vu, type: text, label: Constaté, destination: evvi}
  - id: ancien
    title: Ancien marquage
    in_pv: false
    fields:
      - {id: note_ancienne, type: long_text, label: Note}
      - {id: gardee, type: text, label: Gardée, in_pv: false}
      - id: liste
        type: group
        label: Liste
        fields: [{id: nom, type: text, label: Nom}]
"""


@pytest.fixture
def raw():
    from audition_assistant.core.templates.parse import parse_text

    return parse_text(BASE, "destinations.yaml")


def problems_of(build_template, raw) -> list[tuple[str, str]]:
    with pytest.raises(TemplateInvalid) as caught:
        build_template(raw)
    return [(p.location, p.message) for p in caught.value.problems]


def test_a_field_goes_where_its_section_nature_says_unless_told(build_template, raw):
    template = build_template(raw)
    where = {f.id: f.destination for s in template.sections for f in s.fields}
    assert where == {
        "victime": "pv",  # procedure (the default nature): the PV
        "contact_sur": "notes",  # its own destination wins
        "evvi_realisee": "pv",  # the mention that the EVVI was made stays in the PV
        "risque": "evvi",  # assessment: the EVVI document
        "grille": "notes",
        "abri": "notes",  # safety: the investigator's notes
        "orientation": "orientation",
        "recit": "notes",  # the section's destination wins over its nature
        "vu": "evvi",  # and the field's over the section's
        "note_ancienne": "notes",  # in_pv: false on a section is destination: notes
        "gardee": "notes",
        "liste": "notes",
    }
    sections = {s.id: s for s in template.sections}
    assert [sections[s].nature for s in ("identite", "evaluation", "securite", "indicateurs", "ancien")] == [
        "procedure",
        "assessment",
        "safety",
        "assessment",
        "procedure",
    ]
    assert sections["evaluation"].destination == "evvi" and sections["indicateurs"].destination == "notes"
    # The older attribute still answers for callers that read it.
    assert template.field("victime").in_pv and not template.field("risque").in_pv
    assert sections["evaluation"].in_pv and not sections["securite"].in_pv


def test_in_pv_stays_an_alias_of_destination(build_template, raw):
    raw["sections"][2]["fields"][0]["in_pv"] = True  # in a safety section: printed after all
    raw["sections"][2]["fields"][1]["in_pv"] = False
    raw["sections"][2]["fields"][1]["destination"] = "notes"  # both keys, in agreement
    template = build_template(raw)
    assert template.field("abri").destination == "pv"
    assert template.field("orientation").destination == "notes"


def test_unknown_nature_and_destination_name_their_place_and_the_nearest_value(build_template, raw):
    raw["sections"][1]["nature"] = "assesment"
    raw["sections"][2]["fields"][1]["destination"] = "orientations"
    raw["sections"][3]["destination"] = "note"
    raw["sections"][0]["fields"][1]["destination"] = ["notes"]
    assert problems_of(build_template, raw) == [
        (
            "sections[0].fields[1].destination",
            "valeur « ['notes'] » invalide, attendue parmi : pv, evvi, orientation, notes",
        ),
        (
            "sections[1].nature",
            "valeur « assesment » invalide, attendue parmi : procedure, assessment, safety "
            "(vouliez-vous « assessment » ?)",
        ),
        (
            "sections[2].fields[1].destination",
            "valeur « orientations » invalide, attendue parmi : pv, evvi, orientation, notes "
            "(vouliez-vous « orientation » ?)",
        ),
        (
            "sections[3].destination",
            "valeur « note » invalide, attendue parmi : pv, evvi, orientation, notes (vouliez-vous « notes » ?)",
        ),
    ]


def test_contradictions_and_misplaced_destinations_are_refused(build_template, raw):
    raw["sections"][0]["fields"][1]["in_pv"] = True  # with destination: notes
    raw["sections"][4]["destination"] = "pv"  # with in_pv: false
    raw["sections"][4]["fields"][2]["fields"][0]["destination"] = "notes"  # a member of a list
    raw["sections"][1]["fields"][1]["in_pv"] = "non"
    found = problems_of(build_template, raw)
    assert found == [
        (
            "sections[0].fields[1].in_pv",
            "« in_pv: true » contredit « destination: notes » (in_pv: false vaut destination: notes) : "
            "gardez seulement destination",
        ),
        ("sections[1].fields[1].in_pv", "true ou false est attendu"),
        (
            "sections[4].in_pv",
            "« in_pv: false » contredit « destination: pv » (in_pv: false vaut destination: notes) : "
            "gardez seulement destination",
        ),
        (
            "sections[4].fields[2].fields[0].destination",
            "une rubrique de liste n'a pas sa propre destination : donnez-la à la liste « liste »",
        ),
    ]


def test_answers_destined_to_the_evvi_need_the_evvi_document(build_template, raw):
    raw["documents"].pop()
    assert problems_of(build_template, raw) == [
        (
            "sections[1].fields[1]",
            "« risque » va dans l'évaluation personnalisée (destination evvi), mais aucun document "
            "n'a « model: evvi » : ajoutez-le à documents, ou donnez une autre destination",
        )
    ]
    raw["sections"][1]["destination"] = "notes"
    raw["sections"][3]["fields"][1]["destination"] = "orientation"
    assert build_template(raw).field("risque").destination == "notes"


def test_a_mention_cites_only_answers_that_go_where_it_goes(build_template, raw):
    """A PV mention citing a note would print the investigator's note in the signed PV."""
    fields = raw["sections"][0]["fields"]
    fields.append({"id": "heure", "type": "time", "label": "Heure", "destination": "notes"})
    fields.append({"id": "droits", "type": "yes_no", "label": "Droits", "mention": "droits notifiés à {heure}."})
    fields.append(
        {
            "id": "vu_par",
            "type": "choice",
            "label": "Vu par",
            "options": [{"value": "a", "label": "A", "mention": "vu, selon l'évaluation : {risque}."}],
        }
    )
    assert problems_of(build_template, raw) == [
        (
            "sections[0].fields[3].mention",
            "« {heure} » va vers « notes » : une mention imprimée vers « pv » ne peut pas citer cette réponse"
            " (donnez aux deux champs la même destination)",
        ),
        (
            "sections[0].fields[4].options[0].mention",
            "« {risque} » va vers « evvi » : une mention imprimée vers « pv » ne peut pas citer cette réponse"
            " (donnez aux deux champs la même destination)",
        ),
    ]
    del fields[-1]
    fields[-1]["destination"] = "notes"  # a note may cite another note: neither is printed
    build_template(raw)
