"""The minor's documents as a magistrate or a defence lawyer reads them: the PV and the EVVI.

Each test exports the bundled fictional minor demo (VERNET Maëlys, 15) and
reopens the documents with python-docx.
"""

from __future__ import annotations

import re

import docx
import pytest

from readers import flat

MINOR = "audition-victime-mineure"
MAGISTRATE = (
    "Mme Claire LACROIX, substitut du procureur de la République près le tribunal judiciaire d'Évry, "
    "section des mineurs"
)


def lines_of(files, document_id: str) -> list[str]:
    [found] = [f for f in files if f.document_id == document_id]
    return [flat(p.text) for p in docx.Document(str(found.path)).paragraphs if p.text.strip()]


@pytest.fixture
def export(fill_demo):
    """The minor demo exported, some answers changed (None removes one), ``victim`` parts merged."""
    return lambda victim=None, **changes: list(fill_demo(MINOR, victim=victim, **changes)[1].values())


@pytest.fixture
def pv(export) -> str:
    return " ".join(lines_of(export(), "pv"))


@pytest.fixture
def evvi(export) -> str:
    return " ".join(lines_of(export(), "evvi"))


# --- the safety plan and the third parties' phone numbers stay out of the PV ----------------


def test_b2_safety_plan_is_not_in_the_pv(pv):
    assert "Le service de l'ASE envisage" not in pv
    assert "accueil éloigné" not in pv
    assert "accepte de partir loin" not in pv
    assert "ne souhaite pas retourner dans son foyer habituel" not in pv.lower()
    assert "Veut que les photographies soient retirées ; accepte de voir un médecin." in pv


def test_b2_no_phone_number_of_the_minor_or_of_a_third_party_in_the_pv(pv):
    for number in ("06 39 98 41 07", "06 39 98 52 63", "06 39 98 70 24", "06 39 98 63 10"):
        assert number not in pv, number
    assert "Téléphone :" not in pv
    assert "Mme Nadia BELKACEM" not in pv  # the educator is in the referral form, not the PV


def test_b2_the_minors_domicile_is_the_child_welfare_service(pv):
    assert (
        "Domicile ou adresse déclarée : confiée au service de l'aide sociale à l'enfance de l'Essonne, "
        "dont l'adresse administrative est déclarée : Hôtel du Département" in pv
    )
    assert "lieu d'accueil figurant en procédure" not in pv


# --- the administrateur ad hoc: who designated him, when, why; presence; the other parent --------


def test_s4_administrateur_ad_hoc_designation_reason_and_presence(pv):
    assert (
        f"FONTAINE Marc exerce les fonctions d'administrateur ad hoc de la mineure, sur désignation de {MAGISTRATE}, "
        "en date du 8 avril 2026, prise en application de l'article 706-50 du code de procédure pénale, la "
        "protection des intérêts de la mineure n'étant pas complètement assurée par ses représentants légaux : "
        "sa mère" in pv
    )
    assert (
        "FONTAINE Marc, administrateur ad hoc, assiste à l'audition de la mineure sur décision du même magistrat "
        "(art. 706-53 du code de procédure pénale)." in pv
    )
    assert "situation de l'autre parent : M. Franck VERNET, père, titulaire de l'autorité parentale" in pv
    assert "un administrateur ad hoc a été désigné pour représenter" not in pv


# --- one thing stated, and who was informed ------------------------------------------------------


def test_s6_no_either_or_label_and_who_was_informed_of_the_right_to_a_lawyer(pv, evvi):
    assert "retrouvé ou revenu" not in pv
    assert "l'audition fait suite à la découverte de la mineure pendant une fugue." in pv
    assert "le mineur et son représentant" not in pv
    assert (
        "avons informé la mineure et l'administrateur ad hoc, FONTAINE Marc, de la possibilité d'être assistés "
        "d'un avocat." in pv
    )
    assert "Eau, collation ou repas" not in pv
    assert "40-4-1 ou 706-57" not in evvi


def test_s6_the_lawyers_designation_is_one_thing(export):
    text = " ".join(
        lines_of(
            export(
                avocat_present=True,
                avocat={"nom": "GARNIER", "prenoms": "Lucie", "adresse": "barreau de l'Essonne"},
                avocat_designation="choisi_aah",
            ),
            "pv",
        )
    )
    assert "la mineure bénéficie de l'assistance d'un avocat, GARNIER Lucie." in text
    assert "l'avocat a été choisi par l'administrateur ad hoc." in text
    assert "son représentant ou l'administrateur" not in text


# --- another minor named during the hearing ---------------------------------------------------


def test_s7_the_parquet_is_told_at_once_about_another_minor(pv):
    assert (
        "la situation d'une autre personne mineure citée au cours de l'audition a été signalée sans délai au "
        "parquet des mineurs, à 11 h 48" in pv
    )
    assert "Lieu actuel, selon la personne entendue : inconnu" in pv
    assert "Où se trouve ce jeune" not in pv and "Inconnue" not in pv
    # Told during the hearing (11 h 48): the mention follows the statements, never before them.
    assert pv.index("parquet des mineurs, à 11 h 48") > pv.index("Déclarations")


# --- the time of the complaint ----------------------------------------------------------------------


def test_complaint_mention_cites_the_time_of_the_complaint(pv):
    assert (
        "à 12 h 12, FONTAINE Marc, administrateur ad hoc de la mineure (art. 706-50 du code de procédure pénale), "
        "déclare porter plainte en son nom contre X" in pv
    )


# --- EVVI-M states procedural protection measures and names the magistrate -------------------


def test_s15_evvi_states_procedural_measures_and_the_magistrate(evvi):
    assert "Mesures de protection spécifiques proposées pour la procédure pénale" in evvi
    assert "pas de confrontation avec les mis en cause" in evvi
    assert f"Magistrat avisé de l'évaluation : {MAGISTRATE}, avisée le 9 avril 2026 à 12 h 30" in evvi
    assert "le magistrat en est avisé" not in evvi


# --- agreement with the minor's sex, and with who complained -------------------------------------

MASCULINE = re.compile(r"\b(le|du|au) mineur\b|\bMineur\b")


def test_m3_mentions_agree_with_a_girl(export):
    lines = lines_of(export(), "pv")
    mentions = [line for line in lines if line.startswith("Mention")]
    assert mentions
    for line in mentions:
        assert not MASCULINE.search(line), line
    text = " ".join(lines)
    assert "Sexe de l'enquêteur souhaité par le mineur" not in text
    assert "la mineure exprime le souhait qu'une femme conduise l'audition." in text
    assert "informée de son droit d'obtenir immédiatement copie" not in text
    assert "avons informé la personne qui a porté plainte de son droit d'obtenir immédiatement copie" in text
    assert "avons remis à FONTAINE Marc, administrateur ad hoc, qui a porté plainte, un récépissé de la plainte" in text
    assert "Observations du mineur" not in text


def test_m3_mentions_agree_with_a_boy(export):
    text = " ".join(lines_of(export(victim={"sexe": "masculin", "prenoms": "Noah"}), "pv"))
    for phrase in (
        "l'audition fait suite à la découverte du mineur pendant une fugue.",
        "le mineur exprime le souhait qu'une femme conduise l'audition.",
        "d'administrateur ad hoc du mineur, sur désignation",
        "avons informé le mineur, à 10 h 05",
        "le mineur déclare avoir compris ses droits.",
        "expertise médico-psychologique du mineur (art. 706-48",
        "administrateur ad hoc du mineur (art. 706-50 du code de procédure pénale), déclare porter plainte",
    ):
        assert phrase in text, phrase
    for phrase in ("découverte de la mineure", "avons informé la mineure", "la mineure déclare"):
        assert phrase not in text, phrase


# --- no family situation or children for a 15-year-old ------------------------------------


def test_m6_no_family_situation_for_a_minor(pv):
    assert "Situation familiale" not in pv and "Enfants :" not in pv


# --- birthplace, scellé number, notices to the mother and to the parquet, the magistrate ----------


def test_m7_details_of_the_minors_pv(pv):
    assert "Lieu de naissance : Évry (Essonne), aujourd'hui Évry-Courcouronnes" in pv
    assert "placé sous le scellé fermé n° 1 " in pv
    assert (
        "avons avisé LEROUX Sandrine, mère de la mineure, de l'audition, le 8 avril 2026 à 19 h 05, par téléphone."
        in pv
    )
    assert (
        f"avons avisé {MAGISTRATE}, le 8 avril 2026 à 18 h 20, par téléphone, de la situation de danger de la mineure."
        in pv
    )
    assert "Mme LACROIX" not in pv
    assert "avons avisé le représentant légal du mineur de son audition" not in pv


# --- questions that presuppose ---------------------------------------------------------------


def test_m9_questions_do_not_presuppose(pv, catalog_questions):
    assert "photos ou des vidéos dont tu m'as parlé" not in pv
    assert "Tu as parlé de photos ; raconte-moi qui les a prises et ce qu'elles sont devenues." in pv
    assert "raconte-moi plus sur ça" not in pv and "Tu as dit « des plans » ; dis-m'en plus." in pv
    assert not any("raconte-moi plus" in q.lower() for q in catalog_questions)


@pytest.fixture
def catalog_questions(workspace) -> list[str]:
    template = workspace.catalog.get(MINOR)
    return [q for theme in template.themes for q in theme.questions]


# --- labels in the EVVI ----------------------------------------------------------------------


def test_m13_evvi_labels(evvi):
    for phrase in (
        "Risque élevé",
        "Placement ou rupture familiale",
        "Suspectée par l'enquêteur",
        "Observations de l'enquêteur",
        "peuvent le joindre",
    ):
        assert phrase not in evvi, phrase
    assert "Risque de représailles ou d'intimidation : Élevé" in evvi
