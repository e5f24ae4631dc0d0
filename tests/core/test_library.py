"""The bundled library: templates, demos, and the behaviour their data encodes.

These tests read the real catalog (resources/templates) and the real demo
answers (resources/demo): a change to a template that breaks a demo, a
condition or an advice shows up here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from audition_assistant import cli
from audition_assistant.core import answers_file, resources
from audition_assistant.core.engine import HearingView
from audition_assistant.core.export.models import BUILDERS, available_models
from audition_assistant.core.references import load_references
from audition_assistant.core.templates.catalog import load_catalog
from audition_assistant.core.templates.model import Template
from audition_assistant.core.timeline import TimelineEvent
from readers import paragraph_texts

DEMOS = [d.name for d in resources.listing("demo", ".json")]

CONTRAVENTION = "Contravention (art. 611-1 du code pénal)"
DELIT = "Délit — pas de contravention, une procédure"
RECIDIVE = "Récidive — délit puni d'une amende seule, pas de garde à vue"
FORT = "Indice fort — parquet avisé sans délai"
FORT_MINEUR = "Personne mineure et indice fort — parquet des mineurs"
MOYENS = "Indices moyens convergents"
FAIBLES = "Indices faibles seulement"
CONTROLE = "Indices de contrôle"
MINEURE = "Personne possiblement mineure"
AUCUN = "Aucun indice relevé"
SANS_PLAINTE = "L'aide ne dépend pas d'une plainte"
R425 = "Information de la personne étrangère (art. R.425-1 CESEDA)"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(None, known_references=load_references(), known_models=available_models())


def view_of(template: Template, answers: dict, start: dt.datetime | None = None) -> HearingView:
    events = [TimelineEvent("start", start)] if start else []
    return HearingView(template, answers, timeline=events, today=dt.date(2026, 3, 14))


def advice_titles(view: HearingView) -> set[str]:
    return {a.title for a in view.applicable_advice()}


def visible_sections(view: HearingView) -> set[str]:
    return {s.id for s in view.visible_sections()}


def docx_texts(path: Path) -> list[str]:
    return paragraph_texts(path)


# --- catalog -------------------------------------------------------------------


def test_templates_list_shows_the_bundled_library_all_valid(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["templates", "list"]) == 0
    out, err = capsys.readouterr()
    rows = [line.split("\t") for line in out.splitlines() if line.strip()]
    assert "INVALID" not in out and "invalid" not in err
    kinds = Counter(row[2] for row in rows)
    assert kinds["audition"] >= 3 and kinds["fiche"] >= 3
    ids = {row[0] for row in rows}
    assert {
        "audition-victime-majeure",
        "audition-victime-mineure",
        "premier-contact",
        "fiche-detection-teh",
        "fiche-fugue-mineur",
        "fiche-verbalisation-achat",
    } <= ids


def test_every_bundled_template_has_a_demo(catalog):
    demo_templates = set()
    for name in DEMOS:
        with resources.path_of("demo", name) as path:
            demo_templates.add(json.loads(path.read_text(encoding="utf-8"))["template"])
    assert {t.id for t in catalog.valid()} == demo_templates


# --- demos -----------------------------------------------------------------------


@pytest.mark.parametrize("name", DEMOS)
def test_demo_fills_and_exports_with_its_questions_in_order(name, workspace, tmp_path):
    with resources.path_of("demo", name) as path:
        raw = json.loads(path.read_text(encoding="utf-8"))
        filled = answers_file.read(path, workspace.catalog)
    kinds = [e.kind for e in filled.timeline]
    assert kinds[:1] == ["start"] and kinds[-1:] == ["end"]
    if filled.template.kind == "audition":
        assert len(filled.transcript) >= 5
    _hearing_id, files = workspace.fill(filled, tmp_path / "out")
    assert [f.document_id for f in files] == [d.id for d in filled.view().applicable_documents()]
    assert files
    expected = [e["question"] for e in raw["transcript"] if e["question"].strip()]
    models = {d.id: d.model for d in filled.template.documents}
    for exported in files:
        texts = docx_texts(exported.path)
        if models[exported.document_id] not in BUILDERS:  # Word models: checked in test_attestations
            assert texts
            continue
        assert f"Procédure n° : {raw['case']['procedure_number']}" in texts
        questions = [t.removeprefix("Question : ") for t in texts if t.startswith("Question : ")]
        # The assessment (EVVI) is the investigator's: it never carries the hearing's Q/R.
        assert questions == ([] if models[exported.document_id] == "evvi" else expected)


# --- fining sheet ------------------------------------------------------------------


@pytest.fixture
def fining(catalog):
    return catalog.get("fiche-verbalisation-achat")


def fining_view(template, mineure="non", vulnerable="non", recidive="non"):
    return view_of(
        template,
        {"personne_prostituee_mineure": mineure, "personne_vulnerable": vulnerable, "recidive": recidive},
    )


def test_fining_adult_first_offence_is_a_contravention(fining):
    view = fining_view(fining)
    titles = advice_titles(view)
    assert CONTRAVENTION in titles
    assert DELIT not in titles and RECIDIVE not in titles
    assert "contravention" in visible_sections(view) and "delit" not in visible_sections(view)


@pytest.mark.parametrize("mineure", ["oui", "doute"])
def test_fining_a_minor_is_a_delit_never_a_fine(fining, mineure):
    view = fining_view(fining, mineure=mineure)
    titles = advice_titles(view)
    assert DELIT in titles and "Personne mineure — enfant en danger" in titles
    assert CONTRAVENTION not in titles
    assert "delit" in visible_sections(view) and "contravention" not in visible_sections(view)
    assert view.field_visible(fining.field("protection_mineur"))


def test_fining_a_vulnerable_adult_is_a_delit(fining):
    view = fining_view(fining, vulnerable="oui")
    titles = advice_titles(view)
    assert DELIT in titles and CONTRAVENTION not in titles
    assert "Personne mineure — enfant en danger" not in titles
    assert "delit" in visible_sections(view) and "contravention" not in visible_sections(view)
    assert not view.field_visible(fining.field("protection_mineur"))


def test_fining_a_repeat_offence_takes_the_delit_path(fining):
    view = fining_view(fining, recidive="oui")
    titles = advice_titles(view)
    assert RECIDIVE in titles
    assert CONTRAVENTION not in titles and DELIT not in titles
    # Its own section: a délit punished by a fine only, whose options never offer a garde à vue.
    assert "recidive_section" in visible_sections(view)
    assert {"delit", "contravention"}.isdisjoint(visible_sections(view))


def test_fining_unknown_record_opens_neither_path(fining):
    view = fining_view(fining, recidive="inconnu")
    titles = advice_titles(view)
    assert "Casier judiciaire à consulter" in titles
    assert CONTRAVENTION not in titles and DELIT not in titles and RECIDIVE not in titles
    assert {"contravention", "delit", "recidive_section"}.isdisjoint(visible_sections(view))
    assert "antecedents" in visible_sections(view)


def test_fining_requires_the_three_deciding_answers(fining):
    missing = {m.field_id for m in view_of(fining, {}).missing_required()}
    assert {"personne_prostituee_mineure", "personne_vulnerable", "recidive"} <= missing


# --- detection sheet -----------------------------------------------------------------


@pytest.fixture
def detection(catalog):
    return catalog.get("fiche-detection-teh")


def test_detection_weighs_indicators_and_advice(detection):
    view = view_of(
        detection,
        {
            "age_statut": "majeure_document",
            "personne": {"prenoms": "Ana", "nationalite": "française"},
            "indicateurs": ["ctl_papiers_confisques", "ctl_accompagnee", "tra_dette", "min_fugue"],
        },
    )
    derived = view.derived()
    assert derived["nb_indices"] == 4
    assert derived["nb_forts"] == 1 and derived["nb_moyens"] == 3
    assert derived["niveau_indices"] == "strong"
    assert derived["nb_controle"] == 2 and derived["nb_mineurs"] == 1
    titles = advice_titles(view)
    assert {FORT, FORT_MINEUR, CONTROLE, MINEURE, SANS_PLAINTE} <= titles
    assert MOYENS not in titles and FAIBLES not in titles and AUCUN not in titles and R425 not in titles


def test_detection_with_nothing_ticked_gives_only_the_no_clue_advice(detection):
    view = view_of(
        detection, {"age_statut": "majeure_document", "personne": {"nationalite": "française"}, "indicateurs": []}
    )
    assert view.derived()["nb_indices"] == 0
    assert advice_titles(view) == {AUCUN, SANS_PLAINTE}


def test_detection_below_threshold_and_foreign_person(detection):
    view = view_of(
        detection,
        {"age_statut": "majeure_declaree", "personne": {"nationalite": "moldave"}, "indicateurs": ["doc_aucun"]},
    )
    titles = advice_titles(view)
    assert R425 in titles and FAIBLES in titles
    assert FORT not in titles and MOYENS not in titles and CONTROLE not in titles
    assert MINEURE not in titles and AUCUN not in titles


@pytest.mark.parametrize(
    "answers",
    [
        {},  # age unknown: nothing said about it
        {"age_statut": "doute"},
        {"age_statut": "majeure_declaree", "personne": {"date_naissance": "2010-01-05"}},
    ],
)
def test_detection_unknown_or_minor_age_flags_a_possible_minor(detection, answers):
    assert MINEURE in advice_titles(view_of(detection, answers))


def test_detection_fiche_export_lists_indicators_by_weight_and_advice(detection, workspace, store, tmp_path):
    case_id = store.create_case("2026/000777")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), detection)
    for field_id, value in {
        "contexte_contact": "controle_etablissement",
        "age_statut": "majeure_document",
        "indicateurs": ["ctl_gains_remis", "cond_loge_sur_place", "cond_quotas"],
    }.items():
        store.set_answer(hearing_id, field_id, value)
    [exported] = workspace.export(hearing_id, tmp_path)
    texts = docx_texts(exported.path)
    strong = "Gains remis en totalité ou en grande partie à un tiers ; Quotas ou objectifs de gains imposés"
    assert f"Indices forts : {strong}" in texts
    assert "Indices moyens : Dort sur le lieu où les clients sont reçus" in texts
    assert not any(" sur 10" in t or "(s)" in t for t in texts)
    assert any(t.startswith(f"{FORT} : ") for t in texts)
    assert not any(t.startswith(f"{AUCUN} : ") for t in texts)


# --- minor hearing -------------------------------------------------------------------


@pytest.fixture
def minor(catalog):
    return catalog.get("audition-victime-mineure")


def test_minor_template_derives_minority_at_the_hearing_date(minor):
    start = dt.datetime(2026, 4, 9, 10, 0)
    view = view_of(minor, {"victime": {"nom": "X", "prenoms": "Y", "date_naissance": "2010-08-21"}}, start)
    derived = view.derived()
    assert derived["age_victime"] == 15 and derived["victime_mineure"] is True
    assert "bascule_majeur" not in visible_sections(view)
    # The same person heard after her eighteenth birthday is an adult: the template says to switch.
    later = view_of(minor, {"victime": {"date_naissance": "2010-08-21"}}, dt.datetime(2028, 9, 1, 10, 0))
    assert later.derived()["victime_mineure"] is False
    assert "bascule_majeur" in visible_sections(later)


def test_minor_under_sixteen_is_heard_without_oath_on_commission_rogatoire(minor):
    answers = {"cadre": "commission_rogatoire", "cr_partie_civile": False}
    start = dt.datetime(2026, 4, 9, 10, 0)
    young = view_of(minor, {**answers, "victime": {"date_naissance": "2010-08-21"}}, start)
    older = view_of(minor, {**answers, "victime": {"date_naissance": "2009-08-21"}}, start)
    sans_serment, serment = minor.field("cr_sans_serment"), minor.field("cr_serment")
    assert young.field_visible(sans_serment) and not young.field_visible(serment)
    assert older.field_visible(serment) and not older.field_visible(sans_serment)


def test_minor_recording_is_required_and_its_reference_too(minor):
    missing = {m.field_id for m in view_of(minor, {}).missing_required()}
    assert "enregistrement_mode" in missing
    missing = {m.field_id for m in view_of(minor, {"enregistrement_mode": "sonore"}).missing_required()}
    assert {"enregistrement_reference", "enregistrement_decision_sonore"} <= missing


def record_minor_hearing(workspace, store, clock, template, recording: dict) -> int:
    identity = {"nom": "Martin", "prenoms": "Léa", "sexe": "féminin", "date_naissance": "2010-08-21"}
    case_id = store.create_case("2026/011873", "Affaire c/ X : proxénétisme aggravé sur mineure")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, identity), template, "2026/011873/00004")
    for field_id, value in {
        "cadre": "preliminaire",
        "victime": identity,
        "droits_notifies": True,
        "lecture": "par_elle_meme",
        "signature": "signe",
        **recording,
    }.items():
        store.set_answer(hearing_id, field_id, value)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    clock.advance(minutes=5)
    store.add_entry(hearing_id, "recit_libre", "Raconte-moi tout ce qui s'est passé.", "Je suis partie du foyer.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    return hearing_id


def test_minor_pv_carries_the_recording_mention(minor, workspace, store, clock, tmp_path):
    hearing_id = record_minor_hearing(
        workspace,
        store,
        clock,
        minor,
        {
            "enregistrement_mode": "audiovisuel",
            "enregistrement_reference": "DVD n° 1 et n° 2",
            "enregistrement_scelle": True,
            "enregistrement_scelle_numero": "1",
        },
    )
    assert workspace.view(hearing_id).derived()["victime_mineure"] is True
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = docx_texts(exported.path)
    assert (
        "Mention : l'audition fait l'objet d'un enregistrement conformément à l'article 706-52 du code de "
        "procédure pénale ; support et référence de l'enregistrement : DVD n° 1 et n° 2."
    ) in texts
    assert (
        "Mention : l'original de l'enregistrement est placé sous le scellé fermé n° 1 et une copie est versée au "
        "dossier de la procédure."
    ) in texts
    assert "PROCÈS-VERBAL D'AUDITION DE VICTIME MINEURE" in texts


def test_minor_pv_without_recording_states_the_technical_impossibility(minor, workspace, store, clock, tmp_path):
    hearing_id = record_minor_hearing(
        workspace,
        store,
        clock,
        minor,
        {
            "enregistrement_mode": "impossible",
            "enregistrement_reference": "ancienne saisie masquée",
            "enregistrement_incident": "panne de la caméra de la salle.",
        },
    )
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    text = "\n".join(docx_texts(exported.path))
    assert "n'a pu être réalisé en raison de l'impossibilité technique suivante : panne de la caméra" in text
    assert "conformément à l'article 706-52" not in text and "ancienne saisie masquée" not in text
