"""The three reflex sheets (fiches) say the law rightly and weigh indicators.

Each test exports a sheet (its bundled demo, or answers that take one path)
and reads the .docx back with python-docx: what an investigator, a
magistrate or a defence lawyer would read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from audition_assistant.core import answers_file, resources
from audition_assistant.core.references import load_references
from audition_assistant.core.templates.errors import TemplateInvalid
from readers import paragraph_texts

FICHES = ("fiche-detection-teh", "fiche-fugue-mineur", "fiche-verbalisation-achat")
FORT_DETECTION = "Indice fort — parquet avisé sans délai"
FORT_FUGUE = "Indice fort — parquet des mineurs sans délai"
MINEUR_15 = "Mineur de quinze ans — viol ou agression sexuelle (art. 222-23-1 et 222-29-2 du code pénal)"


def texts_of(path: Path) -> list[str]:
    return paragraph_texts(path)


def export_demo(workspace, template_id: str, out: Path) -> list[str]:
    with resources.path_of("demo", f"{template_id}.json") as path:
        filled = answers_file.read(path, workspace.catalog)
    _hearing_id, files = workspace.fill(filled, out)
    [exported] = [f for f in files if f.document_id == "fiche"]
    return texts_of(exported.path)


def export_answers(workspace, store, template_id: str, answers: dict, out: Path) -> list[str]:
    template = workspace.catalog.get(template_id)
    case_id = store.create_case("2026/000321")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    for field_id, value in answers.items():
        store.set_answer(hearing_id, field_id, value)
    [exported] = workspace.export(hearing_id, out)
    return texts_of(exported.path)


def template_text(template_id: str) -> str:
    """The template file as one line: its wording, whatever the line breaks."""
    return " ".join(resources.read_text("templates", f"{template_id}.yaml").split())


# --- point 6: the fining sheet --------------------------------------------------------

FINING_ADULT = {"personne_prostituee_mineure": "non", "personne_vulnerable": "non", "comportement": "obtenir"}


def test_fining_demo_is_soliciting_and_leaves_the_choice_of_proceedings_to_the_parquet(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-verbalisation-achat", tmp_path))
    # 50 euros handed over and no act: the client solicited (art. 611-1: solliciter, accepter ou obtenir).
    assert "solliciter (proposer ou demander une relation sexuelle" in text
    assert "Sollicitation — l'infraction est constituée" in text
    assert "casier judiciaire" in text
    assert "stage de sensibilisation à la lutte contre l'achat d'actes sexuels" in text
    assert "ordonnance pénale" in text and "art. 40-1" in text
    assert "appréciation de l'enquêteur" not in text


def test_fining_sheet_never_leaves_prosecution_to_the_investigator_nor_repeat_offences_to_police_files():
    source = template_text("fiche-verbalisation-achat")
    assert "appréciation de l'enquêteur" not in source
    assert "solliciter, d'accepter ou d'obtenir" in source
    assert "TAJ" in source and "n'établissent pas" in source  # police files never establish a repeat offence


def test_fining_repeat_offence_is_fined_only_and_offers_no_garde_a_vue(workspace, store, tmp_path):
    answers = {**FINING_ADULT, "recidive": "oui", "mesure_client_recidive": "audition_libre"}
    texts = export_answers(workspace, store, "fiche-verbalisation-achat", answers, tmp_path)
    text = "\n".join(texts)
    assert "Récidive — délit puni d'une amende seule, pas de garde à vue" in text
    assert "3 750 euros d'amende sans emprisonnement" in text
    assert "Placement en garde à vue" not in text
    assert "Mesure concernant le client, sur instruction du parquet : audition libre (art. 61-1 CPP)" in texts
    # Nor is it offered on screen: no visible field of that path proposes a garde à vue.
    template = workspace.catalog.get("fiche-verbalisation-achat")
    from audition_assistant.core.engine import HearingView

    view = HearingView(template, {**FINING_ADULT, "recidive": "oui"})
    offered = [o.label for s in view.visible_sections() for f in view.visible_fields(s) for o in f.options]
    assert offered and not any("garde à vue" in label for label in offered)


@pytest.mark.parametrize("under_15", ["oui", "doute"])
def test_fining_a_minor_under_fifteen_leads_to_rape_or_sexual_assault(workspace, store, tmp_path, under_15):
    answers = {
        **FINING_ADULT,
        "personne_prostituee_mineure": "oui",
        "moins_de_quinze_ans": under_15,
        "recidive": "non",
    }
    text = "\n".join(export_answers(workspace, store, "fiche-verbalisation-achat", answers, tmp_path))
    assert MINEUR_15 in text
    assert "222-23-1" in text and "222-29-2" in text
    assert "sans condition de différence d'âge" in text
    assert "225-12-1 al. 2" in text  # besides the purchase from a minor


def test_fining_a_minor_of_sixteen_is_not_sent_to_the_under_fifteen_offences(workspace, store, tmp_path):
    answers = {**FINING_ADULT, "personne_prostituee_mineure": "oui", "moins_de_quinze_ans": "non", "recidive": "non"}
    text = "\n".join(export_answers(workspace, store, "fiche-verbalisation-achat", answers, tmp_path))
    assert "5 ans d'emprisonnement et de 75 000 euros" in text
    assert "222-23-1" not in text


# --- point 14: weighted indicators ------------------------------------------------------


def test_one_strong_indicator_leads_to_the_flagrant_offence_and_the_parquet(workspace, store, tmp_path):
    answers = {"age_statut": "majeure_document", "indicateurs": ["ctl_papiers_confisques"]}
    text = "\n".join(export_answers(workspace, store, "fiche-detection-teh", answers, tmp_path))
    assert f"{FORT_DETECTION} :" in text
    assert "(art. 53 CPP), agissez en flagrance" in text and "impose d'aviser sans délai le parquet" in text
    assert "Indices forts : Papiers d'identité gardés ou présentés par un tiers" in text


def test_three_weak_indicators_do_not(workspace, store, tmp_path):
    answers = {"age_statut": "majeure_document", "indicateurs": ["rec_en_ligne", "doc_aucun", "sig_depression"]}
    text = "\n".join(export_answers(workspace, store, "fiche-detection-teh", answers, tmp_path))
    assert FORT_DETECTION not in text and "Indices moyens convergents" not in text
    assert "Indices faibles seulement :" in text
    assert "Indices faibles : Premier contact par une annonce en ligne" in text


def test_detection_sheet_gives_the_reflexes_on_the_suspect_present(workspace, store, tmp_path):
    answers = {"age_statut": "majeure_document", "indicateurs": ["ctl_gains_remis"], "auteur_present": True}
    text = "\n".join(export_answers(workspace, store, "fiche-detection-teh", answers, tmp_path))
    assert "Auteur présumé présent — réflexes de flagrance :" in text
    assert "Saisie des téléphones" in text and "annonces figées" in text
    source = template_text("fiche-detection-teh")
    assert "225-5 et suivants" in source and "Interpellez l'auteur présumé" in source


def test_an_online_ad_showing_a_minor_goes_at_once_to_the_parquet_des_mineurs(workspace, store, tmp_path):
    answers = {"contexte": "decouverte", "indicateurs": ["num_annonce"]}
    text = "\n".join(export_answers(workspace, store, "fiche-fugue-mineur", answers, tmp_path))
    assert f"{FORT_FUGUE} :" in text and "impose d'aviser sans délai le parquet des mineurs" in text
    weak = {"contexte": "decouverte", "indicateurs": ["ctx_placement", "ctx_descolarisation", "san_epuisement"]}
    text = "\n".join(export_answers(workspace, store, "fiche-fugue-mineur", weak, tmp_path / "weak"))
    assert FORT_FUGUE not in text and "Indices moyens convergents" not in text
    assert "Indices faibles seulement :" in text


@pytest.mark.parametrize("template_id", FICHES)
def test_fiche_synthesis_lists_indicators_by_weight_with_no_counts_nor_plural_parentheses(
    workspace, tmp_path, template_id
):
    texts = export_demo(workspace, template_id, tmp_path)
    assert not [t for t in texts if "(s)" in t]
    assert not [t for t in texts if re.search(r"\b\d+ sur \d+\b", t)]
    assert not [t for t in texts if re.match(r"^[^:]+ \(\d+\) :", t)]  # "Recrutement (2) :"
    if template_id != "fiche-verbalisation-achat":
        assert any(t.startswith("Indices forts : ") for t in texts)


# --- point 20: the runaway sheet ------------------------------------------------------------


def test_runaway_sheet_registers_and_clears_the_fpr_under_74_1_and_holds_a_return_interview(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-fugue-mineur", tmp_path))
    assert "Inscription au fichier des personnes recherchées (FPR) faite ou vérifiée : oui" in text
    assert "Radiation de l'inscription au FPR demandée (mineur retrouvé) : oui" in text
    assert "Enquête pour disparition de mineur (art. 74-1 CPP) sur instructions du procureur : oui" in text
    assert "Entretien de retour" in text
    source = template_text("fiche-fugue-mineur")
    assert "toute disparition d'un mineur est traitée comme inquiétante" in source
    assert "119" in source and "3018" in source and "information préoccupante" in source


def test_a_found_minor_still_registered_gets_the_clearing_advice(workspace, store, tmp_path):
    answers = {"contexte": "retour", "fpr_inscription": True}
    text = "\n".join(export_answers(workspace, store, "fiche-fugue-mineur", answers, tmp_path))
    assert "Mineur retrouvé — radiation au fichier des personnes recherchées :" in text


# --- point 18: wording agrees with any gender and presupposes nothing ---------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "vous êtes arrivée",
        "qui organise votre travail",
        "Recrutée par",
        "Contactée par",
        "Toujours accompagnée",
        "plusieurs femmes",
        "Parlez-lui seule",
        "Mineure (déclarée",
        "Majeure (document",
        'nettement plus âgé"}',
        "Pris en charge en voiture",
        "s'il ne les a pas",
    ],
)
def test_fiche_wording_is_neutral_and_presupposes_nothing(phrase):
    assert not [t for t in FICHES if phrase in template_text(t)]


# --- weights in the template format ------------------------------------------------------------


def weighted_raw(small_raw: dict) -> dict:
    details = next(s for s in small_raw["sections"] if s["id"] == "details")
    checklist = next(f for f in details["fields"] if f["id"] == "indicateurs")
    checklist["categories"][0]["items"][0]["weight"] = "strong"
    small_raw["derived"] += [
        {"id": "niveau", "type": "level", "of": "indicateurs"},
        {"id": "nb_forts", "type": "count", "of": "indicateurs", "weight": "strong"},
    ]
    return small_raw


def test_level_and_weighted_count(build_template, small_raw):
    from audition_assistant.core.engine import HearingView

    template = build_template(weighted_raw(small_raw))
    assert template.field("indicateurs").categories[0].items[1].weight == "medium"  # the default
    none = HearingView(template, {}).derived()
    assert none["niveau"] is None and none["nb_forts"] == 0
    medium = HearingView(template, {"indicateurs": ["argent_remis"]}).derived()
    assert medium["niveau"] == "medium" and medium["nb_forts"] == 0
    strong = HearingView(template, {"indicateurs": ["argent_remis", "papiers_confisques"]}).derived()
    assert strong["niveau"] == "strong" and strong["nb_forts"] == 1


def test_weight_typos_are_located_with_the_nearest_weight(build_template, small_raw):
    raw = weighted_raw(small_raw)
    details = next(s for s in raw["sections"] if s["id"] == "details")
    checklist = next(f for f in details["fields"] if f["id"] == "indicateurs")
    checklist["categories"][0]["items"][0]["weight"] = "strnog"
    raw["derived"][-1]["weight"] = "weke"
    raw["derived"].append({"id": "age_pondere", "type": "age", "of": "victime.date_naissance", "weight": "strong"})
    raw["advice"] = [{"title": "Fort", "text": "Aviser le parquet.", "when": {"field": "niveau", "equals": "forte"}}]
    with pytest.raises(TemplateInvalid) as caught:
        build_template(raw)
    found = {(p.location, p.message) for p in caught.value.problems}
    index = raw["sections"].index(details)
    fields = details["fields"].index(checklist)
    assert (
        f"sections[{index}].fields[{fields}].categories[0].items[0].weight",
        "valeur « strnog » invalide, attendue parmi : strong, medium, weak (vouliez-vous « strong » ?)",
    ) in found
    assert any(loc.endswith("].weight") and "weke" in msg and "« weak »" in msg for loc, msg in found)
    assert any("« weight » ne s'emploie qu'avec type: count" in msg for _, msg in found)
    assert ("advice[0].when.equals", "niveau « forte » inconnu, attendu parmi : strong, medium, weak") in {
        (loc, msg.split(" (vouliez")[0]) for loc, msg in found
    }


# --- point 11: the references table ---------------------------------------------------------

CONTRACT_KEYS = [
    "cpp-7",
    "cpp-8",
    "cpp-9",
    "cpp-85",
    "cpp-420-1",
    "cpp-40-1",
    "cpp-61-1",
    "cpp-61-2",
    "cpp-62-2",
    "cpp-74-1",
    "cpp-706-48",
    "cpp-706-58",
    "cpp-706-73",
    "cpp-706-75",
    "cp-222-23-1",
    "cp-222-29-2",
    "cp-131-16",
    "cp-132-11",
    "cpp-706-40-1",
    "cpp-10-4",
    "cpp-15-3",
    "cpp-40-4-1",
    "cp-611-1",
]


def test_every_reference_names_its_source_and_is_flagged_unless_checked():
    references = load_references()
    assert set(CONTRACT_KEYS) <= set(references)
    for key, ref in references.items():
        assert ref.source, f"{key} has no source"
        if ref.source.startswith("Aucune source consultée"):
            assert ref.to_verify, f"{key} was checked against no source yet is not « à vérifier »"


def test_reference_figures_follow_loi_2021_478_and_2007_291():
    references = load_references()
    assert "5 ans d'emprisonnement et 75 000 euros" in references["cp-225-12-1"].requires
    assert "2021-478" in references["cp-225-12-1"].requires
    assert "3 750 euros d'amende" in references["cp-225-12-1"].requires
    figures = references["cp-225-12-2"].requires
    assert "7 ans d'emprisonnement" in figures and "10 ans d'emprisonnement et 150 000 euros" in figures
    assert references["cp-225-12-2"].to_verify  # the fine of the first tier differs between sources
    assert "2007-291" in references["cpp-706-52"].requires and "obligatoirement" in references["cpp-706-52"].requires
    assert "solliciter, d'accepter ou d'obtenir" in references["cp-611-1"].requires
    r425 = references["ceseda-r425-1"].requires
    assert "10-2" in r425 and "53-1" not in r425 and "pays tiers" in r425
    art_62 = references["cpp-62"].requires
    assert "quatre heures" in art_62 and "retenue sous contrainte" in art_62
    assert "autorité judiciaire" in references["cpp-10-4"].requires
    assert "art. 7 à 9" in references["cpp-15-3"].requires and "art. 85" in references["cpp-15-3"].requires


def test_references_are_in_article_order_within_each_code():
    raw = yaml.safe_load(resources.read_text("references.yaml"))["references"]

    def numbers(key: str) -> list[int]:
        return [int(n) for n in re.findall(r"\d+", key)]

    for prefix in ("cpp-", "cp-"):
        keys = [k for k in raw if k.startswith(prefix) and not k.startswith(f"{prefix}d")]
        assert keys == sorted(keys, key=numbers), prefix


# --- the reflex sheets, read as a magistrate would ------------------------------


def advice_lines(texts: list[str]) -> list[str]:
    """The lines under « Suites suggérées », up to the closing note."""
    start = texts.index("Suites suggérées") + 1
    end = next(i for i, t in enumerate(texts) if i > start and t.startswith("Cette fiche"))
    return texts[start:end]


def test_fining_demo_cites_the_stage_under_41_1_and_the_ordonnance_penale_under_524(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-verbalisation-achat", tmp_path))
    assert "stage de sensibilisation en alternative aux poursuites (art. 41-1, 2°, CPP)" in text
    assert "ordonnance pénale (art. 524 et s. CPP)" in text
    assert "peine complémentaire (art. 131-16, 7°, et 131-5-1, 5°, du code pénal)" in text
    assert "alternative aux poursuites (art. 40-1" not in text  # 40-1 is the parquet's choice, not the stage
    # Correctional prosecution is open only on a repeat offence.
    assert "poursuites correctionnelles en cas de récidive (art. 225-12-1 al. 1 du code pénal)" in text
    assert "poursuites correctionnelles, classement" not in text


def test_fining_demo_tells_the_time_of_the_solicitation_from_the_time_of_the_check(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-verbalisation-achat", tmp_path)
    assert "Heure des faits (sollicitation, acceptation ou relation constatée) : 22 h 40" in texts
    assert "Heure du contrôle du client : 22 h 50" in texts
    assert "Heure des faits : 22 h 50" not in texts


def test_fining_repeat_offence_states_the_three_year_window_of_132_11(workspace, store, tmp_path):
    window = (
        "dont la peine a expiré ou s'est prescrite depuis moins de trois ans "
        "(récidive, art. 132-11, al. 2, du code pénal"
    )
    demo = "\n".join(export_demo(workspace, "fiche-verbalisation-achat", tmp_path / "demo"))
    assert f"contravention de l'article 611-1, {window}" in demo  # the question, as printed
    answers = {**FINING_ADULT, "recidive": "oui"}
    text = "\n".join(export_answers(workspace, store, "fiche-verbalisation-achat", answers, tmp_path / "oui"))
    assert window in text and "c'est le délit de l'art. 225-12-1 al. 1" in text


def test_fining_soliciting_advice_has_one_colon_and_a_lower_case_start(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-verbalisation-achat", tmp_path)
    text = "\n".join(texts)
    assert "Sollicitation — l'infraction est constituée : solliciter une relation sexuelle" in text
    assert "Sollicitation : l'infraction est constituée :" not in text
    assert "Comportement constaté du client (art. 611-1) : solliciter (proposer ou demander" in text


@pytest.mark.parametrize("template_id", FICHES)
def test_fiche_advice_reads_as_french_after_its_title(workspace, tmp_path, template_id):
    lines = advice_lines(export_demo(workspace, template_id, tmp_path))
    assert lines
    for line in lines:
        title, colon, rest = line.partition(" : ")
        assert colon and " : " not in title, line  # « Sollicitation : l'infraction est constituée : … »
        assert rest[0].islower() or rest[0].isdigit(), line  # « … : Personne majeure … »
        assert " : " not in rest.split(". ")[0], line  # one colon per sentence


def test_detection_demo_reports_the_garde_a_vue_as_decided_by_a_named_opj(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-detection-teh", tmp_path))
    assert (
        "placé en garde à vue du chef de proxénétisme par l'adjudant-chef Marc RIVIÈRE, "
        "officier de police judiciaire de la brigade de recherches de Saintes, "
        "qui en a avisé le procureur de la République de Saintes à 0 h 05"
    ) in text
    assert "Sur instruction du magistrat de permanence du parquet de Saintes, conducteur interpellé" not in text
    assert "placement en garde à vue par un officier de police judiciaire (art. 62-2 et 63 CPP)" in text


def test_detection_states_the_62_2_conditions_as_cumulative(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-detection-teh", tmp_path))
    assert (
        "s'il existe des raisons plausibles de soupçonner un crime ou un délit puni d'emprisonnement "
        "(le proxénétisme l'est) et si la mesure est l'unique moyen d'atteindre l'un des objectifs "
        "de l'article 62-2 CPP"
    ) in text
    assert "garde à vue est décidée par un officier de police judiciaire (art. 63 CPP)" in text
    for template_id in FICHES:
        assert "si l'une des conditions de l'article 62-2" not in template_text(template_id)


def test_detection_a_strong_indicator_calls_the_parquet_and_flagrance_needs_an_apparent_offence(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-detection-teh", tmp_path))
    assert (
        "un indice fort impose d'aviser sans délai le parquet ; s'il constitue, avec les constatations, "
        "l'indice apparent d'une infraction en train de se commettre (art. 53 CPP), agissez en flagrance"
    ) in text
    assert "seul indice fort suffit" not in text.lower()
    assert "révèle une infraction qui se commet" not in text
    for template_id in FICHES:
        assert "Un seul indice fort suffit" not in template_text(template_id)


def test_detection_counts_papers_held_by_a_third_party_once(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-detection-teh", tmp_path)
    strong = (
        "Papiers d'identité gardés ou présentés par un tiers ; Téléphone, annonces ou rendez-vous gérés par un tiers"
    )
    assert f"Indices forts : {strong}" in texts
    assert "Documents présentés ou détenus par un tiers" not in "\n".join(texts)
    assert "Documents présentés ou détenus par un tiers" not in template_text("fiche-detection-teh")


def test_detection_contact_states_one_circumstance(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-detection-teh", tmp_path)
    assert "Circonstances du contact : contrôle routier" in texts
    assert "Contrôle d'identité ou contrôle routier" not in template_text("fiche-detection-teh")


def test_fiche_lists_choices_in_lower_case_but_keeps_names(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-detection-teh", tmp_path)
    assert (
        "Actes accomplis : parquet avisé, interpellation de l'auteur présumé, placement en garde à vue"
        " par un officier de police judiciaire (art. 62-2 et 63 CPP), saisie des téléphones,"
        " annonces en ligne figées (captures datées, adresse de la page, numéro)"
    ) in texts
    assert "Contacts communiqués à la personne : 116 006, Mouvement du Nid, coordonnées du service" in texts
    assert "Majorité : personne majeure (document d'identité vu, apparence concordante)" in texts


def test_runaway_demo_lists_only_the_indicators_it_observed(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-fugue-mineur", tmp_path)
    text = "\n".join(texts)
    assert "Indices forts : Annonce en ligne avec des photos du mineur (âge affiché de 18 à 22 ans)" in texts
    for unobserved in (
        "Contacts avec des adultes inconnus sur Snapchat",
        "Épuisement, troubles du sommeil",
        "Absentéisme ou décrochage scolaire",
        "Rupture familiale récente",
        "Personne de l'entourage (« amie »",
        "Nouvelles fréquentations majeures",
    ):
        assert unobserved not in text, unobserved


def test_runaway_demo_labels_agree_with_a_girl_as_with_a_boy(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-fugue-mineur", tmp_path)
    text = "\n".join(texts)
    for masculine in (
        "Mineur découvert pendant sa fugue",
        "Personnes présentes avec le mineur",
        "Entretien de retour mené avec le mineur seul",
        "Ce que le mineur a dit",
        "Mineur : DELCOURT",
    ):
        assert masculine not in text, masculine
    assert "Circonstances : découverte pendant la fugue (contrôle, intervention)" in texts
    assert "Personne mineure : DELCOURT Anaïs" in texts


def test_runaway_demo_says_one_thing_of_the_juge_des_enfants(workspace, tmp_path):
    texts = export_demo(workspace, "fiche-fugue-mineur", tmp_path)
    text = "\n".join(texts)
    assert "Juge des enfants : non saisi" in texts
    assert "saisine du juge des enfants demandée au parquet le 14 février 2026" in text
    assert "Juge des enfants : Inconnu" not in text and "Juge des enfants informé" not in text


def test_runaway_strong_indicator_names_every_offence_against_the_minor(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-fugue-mineur", tmp_path))
    assert "recours à la prostitution d'un mineur (art. 225-12-1, al. 2, et 225-12-2)" in text
    assert "proxénétisme sur mineur de quinze ans (art. 225-7-1)" in text
    assert "traite d'un mineur, sans condition de moyen (art. 225-4-1, II)" in text
    assert "recours à la prostitution d'un mineur (art. 225-12-1)" not in text


def test_detection_of_a_possible_minor_names_every_offence_against_the_minor(workspace, store, tmp_path):
    answers = {"age_statut": "doute", "indicateurs": ["min_annonce_18_22"]}
    text = "\n".join(export_answers(workspace, store, "fiche-detection-teh", answers, tmp_path))
    assert "Personne mineure et indice fort — parquet des mineurs : un indice fort relevé" in text
    assert "traite d'un mineur, sans condition de moyen (art. 225-4-1, II)" in text
    assert "recours à la prostitution d'un mineur (art. 225-12-1, al. 2, et 225-12-2)" in text
    assert "proxénétisme sur mineur de quinze ans (art. 225-7-1)" in text


def test_runaway_demo_says_every_disappearance_of_a_minor_is_worrying(workspace, tmp_path):
    text = "\n".join(export_demo(workspace, "fiche-fugue-mineur", tmp_path))
    assert (
        "Disparition d'un mineur : toute disparition d'un mineur est traitée comme inquiétante "
        "et enregistrée sans délai, par l'inscription immédiate au fichier des personnes recherchées"
    ) in text
    assert "art. 26 de la loi n° 95-73" in text and "de 9 h à 23 h" in text


def test_every_article_the_fiches_now_cite_is_in_the_references_table():
    references = load_references()
    for key in ("cpp-41-1", "cpp-63", "cpp-524", "cp-132-11", "cp-225-4-1", "cp-225-7-1", "cp-225-12-2"):
        assert references[key].source, key
    assert "(2°)" in references["cpp-41-1"].requires and references["cpp-41-1"].to_verify
    assert "Seul un officier de police judiciaire" in references["cpp-63"].requires
    assert "ordonnance pénale" in references["cpp-524"].requires
    assert "(II)" in references["cp-225-4-1"].requires
    cited = {
        "fiche-verbalisation-achat": {"cpp-40-1", "cpp-41-1", "cpp-524", "cpp-63", "cp-132-11", "cp-131-16"},
        "fiche-detection-teh": {"cpp-53", "cpp-62-2", "cpp-63", "cp-225-7-1", "cp-225-12-1", "cp-225-12-2"},
        "fiche-fugue-mineur": {"cpp-74-1", "loi-95-73-26", "cp-225-4-1", "cp-225-7-1", "cp-225-12-1", "cp-225-12-2"},
    }
    for template_id, keys in cited.items():
        listed = set(yaml.safe_load(resources.read_text("templates", f"{template_id}.yaml"))["references"])
        assert keys <= listed, (template_id, keys - listed)


@pytest.mark.parametrize(("nationalite", "informed"), [("roumaine", False), ("nigériane", True), ("française", False)])
def test_detection_gives_the_r425_1_advice_to_third_country_nationals_only(
    workspace, store, tmp_path, nationalite, informed
):
    """R.425-1 concerns third-country nationals: an EU citizen moves freely and is not given the notice."""
    answers = {
        "age_statut": "majeure_document",
        "personne": {"nom": "Exemple", "prenoms": "Ada", "nationalite": nationalite},
        "indicateurs": ["ctl_papiers_confisques"],
    }
    text = "\n".join(export_answers(workspace, store, "fiche-detection-teh", answers, tmp_path))
    assert ("Information de la personne étrangère (art. R.425-1 CESEDA)" in text) is informed
