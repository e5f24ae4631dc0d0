"""What the signed PV carries, what the EVVI document carries, and what no document prints.

Every document is exported and reopened with python-docx (FACTS section 7:
the PV holds what the person declared and the required mentions, nothing of
the investigator's assessment or of her safety).
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from audition_assistant.core import answers_file, resources
from audition_assistant.core.export.attestations import build_context
from audition_assistant.core.french import QUALITES
from audition_assistant.core.templates.catalog import load_catalog
from audition_assistant.core.templates.fieldtypes import display, is_empty
from audition_assistant.core.templates.model import DocumentSpec
from readers import flat, paragraph_texts

DEMOS = [d.name for d in resources.listing("demo", ".json")]
MAIN_MODELS = ("pv_audition", "fiche_synthese")
AUDITIONS = ("audition-victime-majeure", "audition-victime-mineure", "premier-contact")


def paragraphs(path: Path) -> list[str]:
    return paragraph_texts(path, flatten=True)


def signature_cells(path: Path) -> list[str]:
    tables = docx.Document(str(path)).tables
    return [flat(c.text) for c in tables[0].rows[0].cells] if tables else []


@pytest.fixture
def routed(small_raw):
    """The small template with an assessment section, a safety section and overrides."""
    sections = {s["id"]: s for s in small_raw["sections"]}
    details = sections["details"]
    details["nature"] = "assessment"  # suspects, indicators, counts...: the EVVI by default
    details["fields"][0]["destination"] = "pv"  # the suspects stay in the PV
    details["fields"][-1]["destination"] = "notes"  # "Observations": the investigator's notes
    small_raw["sections"].insert(
        -1,
        {
            "id": "securite",
            "title": "Mise en sécurité",
            "nature": "safety",
            "fields": [
                {"id": "abri", "type": "text", "label": "Lieu de mise à l'abri"},
                {"id": "orientation", "type": "text", "label": "Orientation", "destination": "orientation"},
            ],
        },
    )
    small_raw["documents"] = [
        {"id": "pv", "title": "Procès-verbal d'audition", "model": "pv_audition"},
        {"id": "evvi", "title": "Évaluation personnalisée de la victime", "model": "evvi"},
    ]
    return small_raw


ANSWERS = {
    "cadre": "preliminaire",
    "victime": {"nom": "Rivera", "prenoms": "Lucía", "sexe": "féminin"},
    "suspects": [{"surnom": "El Flaco", "role": "recruteur"}],
    "indicateurs": ["papiers_confisques"],
    "nb_clients": 12,
    "notes": "Récit cohérent et détaillé.",
    "abri": "Foyer Les Tilleuls, Villeurbanne",
    "orientation": "Coordination Ac.Sé appelée",
    "lecture": "par_elle_meme",
    "signature": "signe",
}


@pytest.fixture
def hearing(workspace, store, build_template, routed):
    template = build_template(routed)
    case_id = store.create_case("2026/004600", "Affaire c/ X")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template, "2026/004600/00003", "Lyon")
    for field_id, value in ANSWERS.items():
        store.set_answer(hearing_id, field_id, value)
    return hearing_id


def test_the_pv_prints_only_pv_fields_and_the_evvi_only_evvi_fields(workspace, hearing, tmp_path):
    files = {f.document_id: f.path for f in workspace.export(hearing, tmp_path)}
    pv, evvi = "\n".join(paragraphs(files["pv"])), paragraphs(files["evvi"])
    # The PV: the suspects (told to stay), nothing of the assessment, the notes or the safety plan.
    assert "Mis en cause 1 : Surnom : El Flaco ; Rôle : recruteur" in pv
    for absent in ("Papiers confisqués", "Indicateurs", "Clients par jour", "Récit cohérent", "Foyer", "Ac.Sé"):
        assert absent not in pv, absent
    assert "Mise en sécurité" not in pv and "Détails" in pv  # a section with nothing printed has no heading

    # The EVVI: its own document, the assessment only, signed by its writer alone.
    assert "RÉPUBLIQUE FRANÇAISE" in evvi and "Brigade de protection des familles" in evvi  # the PV's letterhead
    assert "ÉVALUATION PERSONNALISÉE DE LA VICTIME" in evvi
    assert "(article 10-5 du code de procédure pénale)" in evvi
    assert "Procédure n° : 2026/004600" in evvi
    assert "Audition du : samedi 14 mars 2026, procès-verbal n° 2026/004600/00003" in evvi
    assert "Personne entendue : RIVERA Lucía" in evvi
    assert "Rédacteur : Capitaine de police Camille LEFÈVRE (OPJ)" in evvi
    assert "Indicateurs :" in evvi and "Contrôle (1) : Papiers confisqués" in evvi
    assert "Clients par jour : 12" in evvi
    text = "\n".join(evvi)
    for absent in ("El Flaco", "Récit cohérent", "Foyer", "Ac.Sé", "Question :", "Réponse :", "Lecture"):
        assert absent not in text, absent
    assert signature_cells(files["evvi"]) == ["L'" + QUALITES["OPJ"]]
    assert "La personne entendue" not in signature_cells(files["evvi"])


def test_an_evvi_with_no_assessment_answer_says_so(workspace, store, build_template, routed, tmp_path):
    template = build_template(routed)
    case_id = store.create_case("2026/004601")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    [evvi] = workspace.export(hearing_id, tmp_path, ["evvi"])
    texts = paragraphs(evvi.path)
    assert "Aucune réponse de l'audition n'est destinée à l'évaluation personnalisée." in texts
    assert "Personne entendue : (non renseignée)" in texts


def test_word_models_read_the_investigators_notes_as_empty(workspace, hearing):
    context = build_context(workspace.context(hearing), DocumentSpec("x", "X", "x"), None, {})
    champs, valeurs = context["champs"], context["valeurs"]
    assert champs["abri"] == "" and valeurs["abri"] == "" and champs["notes"] == ""
    assert champs["orientation"] == "Coordination Ac.Sé appelée"  # for the referral forms
    assert champs["nb_clients"] == "12"  # the assessment is the referral forms' business too
    assert valeurs["indicateurs"] == ["papiers_confisques"]


def test_the_fiche_synthesis_prints_and_counts_only_pv_fields(workspace, store, build_template, routed, tmp_path):
    routed["documents"][0] = {"id": "fiche", "title": "Fiche de détection", "model": "fiche_synthese"}
    template = build_template(routed)
    case_id = store.create_case("2026/004602")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    for field_id, value in ANSWERS.items():
        store.set_answer(hearing_id, field_id, value)
    [fiche] = workspace.export(hearing_id, tmp_path, ["fiche"])
    text = "\n".join(paragraphs(fiche.path))
    assert "El Flaco" in text
    for absent in ("Papiers confisqués", "Contrôle :", "Synthèse des indices", "Récit cohérent", "Foyer"):
        assert absent not in text, absent


# --- the bundled library --------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    from audition_assistant.core.export.models import available_models
    from audition_assistant.core.references import load_references

    return load_catalog(None, known_references=load_references(), known_models=available_models())


def test_assessment_and_safety_sections_of_bundled_templates_stay_out_of_the_pv(catalog):
    """Every field of an assessment or safety section goes elsewhere unless the author wrote ``destination: pv``."""
    for template in catalog.valid():
        for section_raw, section in zip(template.source["sections"], template.sections, strict=True):
            if section.nature == "procedure":
                continue
            assert section.destination != "pv", (template.id, section.id)
            for field_raw, f in zip(section_raw["fields"], section.fields, strict=True):
                if f.destination == "pv":
                    assert field_raw.get("destination") == "pv", (template.id, f.id)
    natures = {t.id: {s.id: s.nature for s in t.sections} for t in catalog.valid()}
    for template_id in ("audition-victime-majeure", "audition-victime-mineure"):
        assert natures[template_id]["evvi"] == "assessment"
        assert natures[template_id]["indicateurs_section"] == "assessment"
        assert natures[template_id]["orientation_section"] == "safety"
        documents = {d.id: d for d in catalog.get(template_id).documents}
        assert documents["evvi"].model == "evvi"
        assert documents["evvi"].when == {"field": "evvi_realisee", "equals": True}
    assert natures["premier-contact"]["securite"] == "safety"
    assert natures["premier-contact"]["orientation_section"] == "safety"


@pytest.mark.parametrize("template_id", AUDITIONS)
def test_no_assessment_grid_or_safety_detail_of_a_bundled_audition_is_destined_to_the_pv(catalog, template_id):
    template = catalog.get(template_id)
    fields = template.field_index()
    for f in fields.values():
        if f.type == "checklist" or f.id.startswith(("evvi_", "indicateurs")):
            # The one exception: the mention that the assessment was made (art. 10-5).
            assert f.destination != "pv" or f.id == "evvi_realisee", f.id
    safety = ("contact_sur", "mise_a_l_abri", "orientation_observations", "mineur_mise_a_l_abri")
    assert {f: fields[f].destination for f in safety if f in fields} == dict.fromkeys(
        (f for f in safety if f in fields), "notes"
    )
    # What the referral forms print (securite_evaluee is a tick box there: empty, it would say "not evaluated").
    for referral in ("orientation", "orientation_contact", "orientation_consentement", "securite_evaluee"):
        if referral in fields:
            assert fields[referral].destination == "orientation", referral
    if "evvi_realisee" in fields:
        assert fields["evvi_realisee"].destination == "pv"


def shown_values(f, value) -> list[str]:
    """The pieces of an answer distinctive enough to be looked for in a document."""
    if f.type in ("text", "long_text"):
        pieces = [str(value)]
    elif f.type in ("choice", "multi_choice"):
        chosen = value if isinstance(value, list) else [value]
        pieces = [f.option_label(v) for v in chosen]
    elif f.type == "checklist":
        pieces = [item.label for c in f.categories for item in c.items if item.id in value]
    elif f.type == "group":
        pieces = [str(v) for item in value for v in item.values() if isinstance(v, str)]
    else:
        pieces = [display(f, value)]
    return [flat(p) for p in pieces if len(flat(p)) >= 15]


def printed_mentions(f, value) -> list[str]:
    """The mention texts an answer calls for, read from the template as the author wrote them."""
    if f.type == "yes_no":
        texts = [f.mention if value is True else f.mention_no if value is False else ""]
    elif f.type in ("choice", "multi_choice"):
        chosen = value if isinstance(value, list) else [value]
        texts = [o.mention for o in f.options if o.value in chosen and o.mention] or [f.mention]
    else:
        texts = [f.mention]
    return [t for t in texts if t]


def mention_head(text: str) -> str:
    """A mention's fixed opening words, before its first placeholder."""
    return flat(text.split("{")[0])


@pytest.mark.parametrize("name", DEMOS)
def test_every_demo_pv_shows_only_fields_destined_to_the_pv(name, workspace, tmp_path):
    with resources.path_of("demo", name) as path:
        raw = json.loads(path.read_text(encoding="utf-8"))
        filled = answers_file.read(path, workspace.catalog)
    _hearing_id, files = workspace.fill(filled, tmp_path / "out")
    template, view = filled.template, filled.view()
    models = {d.id: d.model for d in template.documents}
    [main] = [f for f in files if models[f.document_id] in MAIN_MODELS]
    texts = paragraphs(main.path)
    whole = "\n".join(texts)
    roles = {template.pv.subject, template.pv.framework, template.pv.reading, template.pv.signature}
    answers = [e["answer"] for e in raw["transcript"]]  # her own words may say anything
    checked_out = checked_in = 0
    pv_fields = [f for s in view.visible_sections() for f in view.visible_fields(s) if f.destination == "pv"]
    cited = view.cited_in_mentions(pv_fields)
    for section in view.visible_sections():
        for f in view.visible_fields(section):
            value = view.answers.get(f.id)
            if is_empty(value) or f.id in roles:
                continue
            label = flat(f.label)
            mentions = printed_mentions(f, value)
            if f.destination == "pv":
                if f.id in cited:  # stated inside another field's mention, as typed
                    assert all(piece in whole for piece in shown_values(f, value)), f"{template.id}: {f.id} not stated"
                elif mentions:
                    for mention in mentions:
                        assert mention_head(mention) in whole, f"{template.id}: mention of {f.id} missing from the PV"
                else:
                    assert any(t.startswith(label) for t in texts), f"{template.id}: {f.id} missing from the PV"
                checked_in += 1
                continue
            checked_out += 1
            assert not any(t.startswith(label + " :") for t in texts), f"{template.id}: {f.id} printed"
            for mention in mentions:
                if len(mention_head(mention)) >= 15:
                    assert mention_head(mention) not in whole, f"{template.id}: mention of {f.id} printed"
            for piece in shown_values(f, value):
                if not any(piece in flat(a) for a in answers):
                    assert piece not in whole, f"{template.id}: {f.id} value « {piece} » printed"
    assert checked_in > 0
    if template.id in ("audition-victime-majeure", "audition-victime-mineure"):
        assert checked_out >= 10  # the EVVI, the indicators and the safety plan are all answered in the demo
