"""Issue 10: what the récépissé, the notices, the domicile declaration and the referral forms must say.

Each document is rendered from a demo hearing (or with a few answers set as
the merged templates will hold them: ``plainte_contre``, ``plainte_par``,
``domiciliation_tiers``, ``orientation_consentement``...), reopened with
python-docx and read back: what the law requires is there, what must stay
out of a document handed to the victim (the office's name, the charges in
full) or sent to an association is not.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from audition_assistant.core import resources
from audition_assistant.core.export.attestations import build_context, render_docx
from audition_assistant.core.export.notices import FRENCH, UNVALIDATED, NoticeLibrary
from audition_assistant.core.templates.model import DocumentSpec
from readers import docx_text, flat

ADULT, MINOR = "audition-victime-majeure.json", "audition-victime-mineure.json"
HANDED = ("notice-droits", "notice-etranger", "recepisse-plainte", "domicile-tiers")
OFFICE = ("OCRTEH", "Office central", "Section des enquêtes")
ADULT_CHARGES = ("Traite des êtres humains aggravée", "proxénétisme aggravé", "Affaire c/ X")
MINOR_CHARGES = ("recours à la prostitution de mineure", "proxénétisme aggravé", "Affaire c/ X")


@pytest.fixture
def hearing(fill_demo):
    """A demo hearing filled with some answers changed: (hearing id, exported files by document id)."""
    return fill_demo


@pytest.fixture
def render(workspace, hearing):
    """Render one bundled model for a demo hearing, some values set as the merged templates will hold them."""

    def rendered(
        model: str,
        demo: str = ADULT,
        *,
        champs: dict[str, Any] | None = None,
        valeurs: dict[str, Any] | None = None,
        language: str | None = None,
    ) -> str:
        hearing_id, _files = hearing(demo)
        ctx = workspace.context(hearing_id)
        library = workspace.models
        spec = DocumentSpec(model, f"Essai {model}", model)
        notice = library.notices.bilingual(model, language) if library.notices.has(model) else None
        context = build_context(ctx, spec, notice, library.notices.references)
        context["champs"].update(champs or {})
        context["valeurs"].update(valeurs or {})
        word = library.get(model)
        assert word is not None
        return flat(docx_text(render_docx(word.read(), word.source, context)))

    return rendered


def text_of(files, document_id: str) -> str:
    return flat(docx_text(files[document_id].path))


# --- point 1: récépissé de plainte (art. 15-3) ------------------------------------------------
def test_receipt_states_limitation_periods_partie_civile_and_the_copy(render):
    text = render("recepisse_plainte", champs={"plainte_contre": "X"})
    assert (
        "attestons avoir reçu, le 14 mars 2026 à 16 h 05, au cours de l'audition consignée au procès-verbal "
        "n° 2026/004512/00017, la plainte contre X de :" in text
    )
    assert "prescription de l'action publique (articles 7 à 9 du code de procédure pénale)" in text
    assert "vingt ans pour un crime, de six ans pour un délit et d'un an pour une contravention" in text
    assert "le délai ne court qu'à partir de sa majorité" in text and "article 706-47" in text
    assert "plainte avec constitution de partie civile" in text and "(article 85 du code de procédure pénale)" in text
    assert "copie du procès-verbal de plainte est remise immédiatement si vous la demandez" in text
    assert "rappelez le numéro de la procédure, n° 2026/004512" in text  # to follow the complaint
    for kept_out in (*OFFICE, *ADULT_CHARGES, "Faits dénoncés", "Domicile"):
        assert kept_out not in text, kept_out


def test_receipt_says_the_copy_was_handed_over_when_asked(render):
    text = render("recepisse_plainte", valeurs={"plainte_copie_demandee": True})
    assert "Une copie du procès-verbal de plainte, demandée, a été remise immédiatement" in text


def test_minor_receipt_names_the_administrateur_ad_hoc_who_complained(hearing):
    """The minor demo's PV says the administrateur ad hoc complained: the récépissé says so."""
    _id, files = hearing(MINOR)
    text = text_of(files, "recepisse-plainte")
    assert "la plainte déposée au nom de la mineure désignée ci-dessous par son administrateur ad hoc, " in text
    assert "FONTAINE Marc" in text and "Victime mineure Nom : VERNET" in text
    assert "L'administrateur ad hoc L'officier de police judiciaire" in text  # who signs
    assert "plaignante" not in text.lower()
    for kept_out in ("Sûreté départementale", "Brigade de protection", *MINOR_CHARGES):
        assert kept_out not in text, kept_out


@pytest.mark.parametrize(
    ("plainte_par", "expected", "absent"),
    [
        ("administrateur_ad_hoc", "par son administrateur ad hoc, FONTAINE Marc", "LEROUX"),
        ("representant_legal", "par son représentant légal, LEROUX Sandrine", "FONTAINE"),
    ],
)
def test_minor_receipt_reads_plainte_par(render, plainte_par, expected, absent):
    text = render(
        "recepisse_plainte",
        MINOR,
        valeurs={"plainte": "porte_plainte", "plainte_par": plainte_par},
        champs={"plainte_contre": "X"},
    )
    assert expected + ", contre X." in text and absent not in text
    assert "La plaignante" not in text


# --- point 7: R.425-1, third-country nationals only ----------------------------------------------
def test_r425_notice_states_the_law_as_it_is(hearing):
    _id, files = hearing(ADULT)
    text = text_of(files, "notice-etranger")
    assert "« vie privée et familiale » d'un an vous est délivrée. Elle vous permet de travailler" in text
    assert "carte de résident de dix ans vous est délivrée de plein droit, si votre séjour est alors régulier" in text
    assert "un récépissé qui vous permet de travailler" in text and "aucune mesure d'éloignement" in text
    assert "vous pouvez aussi demander l'asile" in text and "solicitar asilo" in text
    assert "article 10-2 du code de procédure pénale" in text and "R.425-4 et R.425-7 à R.425-10" in text
    assert "53-1" not in text and "peut vous être délivrée. Elle" not in text
    assert "moins de dix-huit ans" not in text  # the adult's text
    for kept_out in (*OFFICE, *ADULT_CHARGES):
        assert kept_out not in text, kept_out


@pytest.mark.parametrize(
    ("nationality", "produced"),
    [("colombienne", True), ("italienne", False), ("française", False), ("roumaine", False), ("albanaise", True)],
)
def test_r425_notice_only_for_a_third_country_national(hearing, nationality, produced):
    _id, files = hearing(ADULT, victim={"nationalite": nationality})
    assert ("notice-etranger" in files) is produced


def test_r425_notice_for_a_foreign_minor_is_the_minor_variant(hearing):
    _id, files = hearing(MINOR, victim={"nationalite": "albanaise"})
    text = text_of(files, "notice-etranger")
    assert "Tant que vous avez moins de dix-huit ans, vous n'avez pas besoin de titre de séjour" in text
    assert "À vos dix-huit ans" in text and "de plein droit" in text and "demander l'asile" in text
    assert "article 10-2" in text and "Reçu également par l'administrateur ad hoc, FONTAINE Marc" in text
    assert "délai de réflexion de trente jours" not in text  # the adult's sections are left out
    assert "Allô Enfance en danger : 119" in text and "3018" in text


def test_every_r425_translation_cites_10_2_never_53_1(workspace):
    notices = NoticeLibrary()
    for code in notices.codes("notice_r425_1"):
        context = notices.bilingual("notice_r425_1", code).context()
        flat = json.dumps(context, ensure_ascii=False)
        assert "53-1" not in flat and "10-2" in flat, code


# --- point 8: domicile declaration (40-4-1) ----------------------------------------------------
def test_domicile_declaration_names_the_third_party_and_carries_the_warnings(hearing):
    _id, files = hearing(
        ADULT, domiciliation_tiers="Mme Odile EXEMPLE", domiciliation_adresse="3 rue Fictive, 92000 Nanterre"
    )
    text = text_of(files, "domicile-tiers")
    assert "Nom et prénoms du tiers : Mme Odile EXEMPLE Adresse déclarée : 3 rue Fictive" in text
    assert "procureur de la République, par lettre recommandée avec demande d'avis de réception" in text
    assert "toute notification faite à la dernière adresse déclarée sera réputée faite à ma personne" in text
    assert "Je soussignée, Odile EXEMPLE, accepte expressément que mon adresse, indiquée ci-dessus," in text
    assert "Odile EXEMPLE (date et signature)" in text and "accord exprès recueilli le" not in text
    assert "soussigné(e)" not in text
    assert "(article 706-57)" in text and "qui apporte son témoignage" in text and "article 2-22" in text
    assert "☒" not in text and "☐" not in text  # nothing ticked in advance
    assert not any(kept_out in text for kept_out in OFFICE)


# --- point 9: referral forms -------------------------------------------------------------------
def test_acse_form_carries_the_consent_read_and_only_what_the_association_needs(render):
    text = render(
        "orientation_acse",
        valeurs={"orientation_consentement": True},
        champs={"evvi_vulnerabilites": "Dépendance (économique, au logement, administrative, à des produits)"},
    )
    assert "Texte lu à la personne, et traduit en espagnol par l'interprète, ARANGO Marisol, avant l'envoi" in text
    assert "Vous pouvez refuser, ou retirer votre accord à tout moment" in text
    assert "Après cette lecture, la personne a donné son accord à l'envoi de la fiche." in text
    assert "dépendance économique, au logement ou administrative" in text
    for kept_out in ("produits", "à vérifier", *ADULT_CHARGES, "Enfants :", "0 825"):
        assert kept_out not in text, kept_out


def test_acse_form_says_when_she_refused(render):
    text = render("orientation_acse", valeurs={"orientation_consentement": False})
    assert "n'a pas donné son accord : la fiche ne doit pas être envoyée" in text


def test_koutcha_form_is_filled_from_the_hearing(workspace, hearing, tmp_path):
    hearing_id, _files = hearing(MINOR)
    [koutcha] = workspace.export(hearing_id, tmp_path / "koutcha", ["orientation-koutcha"])
    text = flat(docx_text(koutcha.path))
    assert (
        "Magistrat du parquet avisé : Mme Claire LACROIX, substitut du procureur de la République près le "
        "tribunal judiciaire d'Évry" in text
    )
    assert "Juge des enfants : Déjà saisi" in text and "Juge des enfants du tribunal judiciaire d'Évry" in text
    assert "Service référent (ASE, PJJ) et interlocuteur : Mme Nadia BELKACEM" in text
    assert "Représentant légal : LEROUX Sandrine" in text and "Administrateur ad hoc : FONTAINE Marc" in text
    assert "Minorité : mineure" in text and "Texte lu à la personne orientée" in text
    for kept_out in ("à vérifier", "produits", *MINOR_CHARGES):
        assert kept_out not in text, kept_out


# --- point 10: rights notice for a minor ---------------------------------------------------------
def test_minor_rights_notice_names_119_and_3018_and_speaks_to_the_adult_too(hearing):
    _id, files = hearing(MINOR)
    text = text_of(files, "notice-droits")
    assert "Allô Enfance en danger : 119" in text and "(e-Enfance) : 3018" in text
    assert "Vous avez moins de dix-huit ans" in text and "À l'administrateur ad hoc" in text
    assert "Au représentant légal ou à l'administrateur ad hoc" not in text
    assert "c'est votre représentant légal qui les exerce pour vous et avec vous" in text
    assert "(article 706-50 du code de procédure pénale)" in text
    assert "Remis à : VERNET Maëlys, et à l'administrateur ad hoc, FONTAINE Marc" in text
    assert "L'administrateur ad hoc (signature)" in text


def test_adult_rights_notice_has_no_minor_sections(hearing):
    _id, files = hearing(ADULT)
    text = text_of(files, "notice-droits")
    assert "119" not in text and "Au représentant légal" not in text
    assert "Reçu également par" not in text


# --- point 19: handed documents --------------------------------------------------------------------
def test_handed_documents_carry_the_numbers_not_the_office_nor_the_charges(hearing):
    _id, files = hearing(ADULT)
    for document_id in HANDED:
        text = text_of(files, document_id)
        assert "2026/004512" in text, document_id  # the number she needs to follow her complaint
        for kept_out in (*OFFICE, *ADULT_CHARGES):
            assert kept_out not in text, (document_id, kept_out)
    rights = text_of(files, "notice-droits")
    for number in ("116 006", "17 ou 112", "114", "3919"):
        assert number in rights, number
    for document_id in ("recepisse-plainte", "notice-etranger"):
        assert "116 006" in text_of(files, document_id) and "17 ou 112" in text_of(files, document_id)


def test_translations_stay_unvalidated_and_avoid_terms_with_another_meaning(workspace):
    """'medida de alejamiento' is a restraining order in Spain, 'medida de afastamento' one in Brazil."""
    notices = NoticeLibrary()
    other_meaning = {"es": ("alejamiento",), "pt-BR": ("afastamento",)}
    for notice_id in ("notice_droits_victime", "notice_r425_1"):
        for code in notices.codes(notice_id):
            if code == FRENCH:
                continue
            text = notices.text(notice_id, code)
            assert not text.validated and notices.bilingual(notice_id, code).status == UNVALIDATED
            flat = json.dumps([s.paragraphs for s in text.sections], ensure_ascii=False)
            for term in other_meaning.get(code, ()):
                assert term not in flat, (notice_id, code, term)


# --- point 22: Russian ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "expected"),
    [("notice_droits_victime", "Ваши права"), ("notice_r425_1", "срок на размышление в тридцать дней")],
)
def test_russian_notices(render, model, expected):
    text = render(model, language="ru")
    assert expected in text and "русский" in text and f"Mention : {UNVALIDATED}." in text


def test_each_notice_section_has_the_same_audience_in_every_language():
    notices = NoticeLibrary()
    for notice_id in ("notice_droits_victime", "notice_r425_1"):
        french = [(s.id, s.audience) for s in notices.text(notice_id, FRENCH).sections]
        assert {"mineur", "majeur"} & {a for _, a in french} or notice_id == "notice_droits_victime"
        for code in notices.codes(notice_id):
            assert [(s.id, s.audience) for s in notices.text(notice_id, code).sections] == french, code


def test_a_translation_with_another_audience_is_refused(tmp_path):
    local = tmp_path / "notices" / "notice_droits_victime"
    local.mkdir(parents=True)
    raw = yaml.safe_load(resources.read_text("notices", "notice_droits_victime", "en.yaml"))
    raw["sections"][1].pop("audience")
    (local / "en.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ValueError, match=r"sections\[1\]\.audience"):
        NoticeLibrary(tmp_path / "notices").text("notice_droits_victime", "en")


# --- an independent reader ------------------------------------------------------------------------
@pytest.mark.slow
def test_pandoc_and_libreoffice_read_the_minor_receipt_and_notice(hearing, tmp_path):
    soffice, pandoc = shutil.which("soffice"), shutil.which("pandoc")
    assert soffice and pandoc, "soffice and pandoc are needed: run `make test`"
    _id, files = hearing(MINOR, victim={"nationalite": "albanaise"})
    paths: dict[str, Path] = {key: files[key].path for key in ("recepisse-plainte", "notice-etranger")}
    expected = {
        "recepisse-plainte": ["par son administrateur ad hoc", "article 85", "prescription"],
        "notice-etranger": ["moins de dix-huit ans", "de plein droit", "10-2"],
    }
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path / "txt"), *map(str, paths.values())],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for key, path in paths.items():
        from_lo = flat((tmp_path / "txt" / (path.stem + ".txt")).read_text(encoding="utf-8", errors="replace"))
        from_pandoc = flat(
            subprocess.run(
                [pandoc, "--from", "docx", "--to", "plain", "--wrap", "none", str(path)],
                capture_output=True, text=True, check=True,
            ).stdout
        )  # fmt: skip
        for words in expected[key]:
            assert words in from_lo and words in from_pandoc, (key, words)
        assert "plaignante" not in from_lo.lower() and not re.search(r"OCRTEH|Office central", from_lo)


# --- point 17: French typography in the Word models too ----------------------------------------
def test_word_models_get_french_typography_in_body_tables_and_footer(hearing):
    _hearing_id, files = hearing(ADULT)
    raw = docx_text(files["notice-etranger"].path, as_written=True)
    nbsp = "\u00a0"
    assert f"«{nbsp}vie privée et familiale{nbsp}»" in raw  # inside a table cell
    assert f"procédure n°{nbsp}2026/004512" in raw  # in the footer
    receipt = docx_text(files["recepisse-plainte"].path, as_written=True)
    assert f"Procédure n°{nbsp}:" in receipt  # the model's own words
    assert " :" not in raw.replace(f"{nbsp}:", "")  # no breakable space before a colon is left


# --- handed documents and referral forms, read as a magistrate would ------------------------
TO_FILL = "……"


def test_receipt_time_is_the_complaint_s_never_the_hearing_s_start():
    """Plainte_heure, else the end of the hearing; "10 h", never "10 h 00"."""
    import datetime as dt

    from audition_assistant.core.export.attestations import complaint_time

    assert complaint_time("16:05", None) == "16\u00a0h\u00a005"
    assert complaint_time("10:00", dt.datetime(2026, 4, 9, 12, 15)) == "10\u00a0h"
    assert complaint_time("", dt.datetime(2026, 4, 9, 12, 0)) == "12\u00a0h"
    assert complaint_time(None, None) == ""


def test_receipt_cites_the_end_of_the_hearing_and_its_pv(hearing):
    """The adult demo began at 9 h 05 and ended at 16 h 40; without the complaint's own time
    the récépissé gives the end of the hearing, never 9 h 05."""
    _id, files = hearing(ADULT, plainte_heure=None)
    text = text_of(files, "recepisse-plainte")
    assert (
        "attestons avoir reçu, le 14 mars 2026 à 16 h 40, au cours de l'audition consignée au procès-verbal "
        "n° 2026/004512/00017, la plainte" in text
    )
    assert "9 h 05" not in text
    _id, files = hearing(MINOR, plainte_heure=None)
    text = text_of(files, "recepisse-plainte")
    assert "le 9 avril 2026 à 12 h 15, au cours de l'audition consignée au procès-verbal n° 2026/011873/00004" in text
    assert "10 h 00" not in text


def test_receipt_says_the_interpreter_translated_it_and_names_her(hearing):
    """Translated orally by the interpreter, who signs; nothing of the kind without one."""
    _id, files = hearing(ADULT)
    text = text_of(files, "recepisse-plainte")
    assert (
        "Mention : le présent récépissé a été traduit oralement en espagnol par l'interprète, ARANGO Marisol." in text
    )
    assert "La plaignante L'interprète, ARANGO Marisol L'officier de police judiciaire" in text
    assert UNVALIDATED not in text
    _id, files = hearing(MINOR)
    assert "interprète" not in text_of(files, "recepisse-plainte")


def test_receipt_names_the_court_only_when_the_hearing_does(hearing):
    """One parenthesis for place and country; the court named only from a magistrate field."""
    _id, files = hearing(ADULT)
    text = text_of(files, "recepisse-plainte")
    assert "Née le : 22 juillet 1998 à Pereira (Risaralda, Colombie)" in text
    assert "ou du procureur de la République près le tribunal judiciaire de Nanterre." in text
    _id, files = hearing(MINOR)
    assert "ou du procureur de la République près le tribunal judiciaire d'Évry." in text_of(files, "recepisse-plainte")
    _id, files = hearing(MINOR, magistrat_avise="Mme Claire LACROIX, substitut, le 8 avril 2026 à 18 h 20")
    text = text_of(files, "recepisse-plainte")
    assert "ou du procureur de la République." in text and "tribunal judiciaire" not in text


def test_domicile_agreement_of_a_legal_person_s_signatory(hearing):
    """The demo's third party is an association represented by Mme Anne BERTHIER."""
    _id, files = hearing(ADULT)
    text = text_of(files, "domicile-tiers")
    assert (
        "Je soussignée, Anne BERTHIER, agissant au nom de l'association d'aide aux victimes « Escale 92 », accepte "
        "expressément que l'adresse indiquée ci-dessus soit déclarée comme adresse de CASTAÑO RUEDA Yuliana Andrea "
        "pour les besoins de la procédure n° 2026/004512, et m'engage à lui transmettre sans délai" in text
    )
    assert "victime dans la procédure n° 2026/004512, qui souhaite me constituer partie civile, déclare" in text
    assert "Anne BERTHIER, pour l'association d'aide aux victimes « Escale 92 » (date et signature)" in text
    for kept_out in ("soussigné(e)", "Si le tiers ne signe pas", "accord exprès recueilli le", TO_FILL):
        assert kept_out not in text, kept_out


@pytest.mark.parametrize(
    ("third_party", "expected"),
    [
        ("M. Paul EXEMPLE", "Je soussigné, Paul EXEMPLE, accepte expressément que mon adresse, indiquée ci-dessus,"),
        (
            "Paul EXEMPLE",
            "Paul EXEMPLE, accepte expressément que l'adresse indiquée ci-dessus soit déclarée comme adresse de "
            "CASTAÑO RUEDA Yuliana Andrea pour les besoins de la procédure n° 2026/004512, et s'engage",
        ),
    ],
)
def test_domicile_agreement_of_a_natural_person(hearing, third_party, expected):
    """Agreement with the civility typed; neutral words when there is none."""
    _id, files = hearing(ADULT, domiciliation_tiers=third_party)
    text = text_of(files, "domicile-tiers")
    assert expected in text and "soussigné(e)" not in text


def test_domicile_third_party_who_does_not_sign(render):
    """The 'agreement collected by other means' block only when the third party does not sign."""
    text = render("declaration_domicile_tiers", valeurs={"domiciliation_tiers_signe": False})
    assert "Le tiers ne signe pas ce document : accord exprès recueilli le" in text
    assert "(date et signature)" not in text


def test_acse_form_has_no_blank_the_hearing_answers(hearing):
    """Notes fields are never printed and leave no blank; magistrate, complaint and interpreter named."""
    _id, files = hearing(ADULT)
    text = text_of(files, "orientation-acse")
    assert "Moyen de la joindre en sécurité : à préciser par téléphone avec le service qui oriente" in text
    assert "Mise en sécurité actuelle : à préciser par téléphone avec le service qui oriente" in text
    assert "Magistrat avisé : M. Julien FAURE, substitut du procureur de la République près le tribunal" in text
    assert "Plainte : déposée le 14 mars 2026" in text
    assert "traduit en espagnol par l'interprète, ARANGO Marisol, avant l'envoi de la fiche" in text
    assert "Accord de la personne L'interprète, ARANGO Marisol L'officier de police judiciaire" in text
    assert "Le moyen de vous joindre en sécurité sera donné par téléphone." in text
    assert "un moyen de vous joindre en sécurité et" not in text  # no promise of what the form does not carry
    # The investigator's contact details and town come from the profile: nothing left to fill by hand.
    assert "Téléphone et courriel de l'enquêteur : 01 99 00 12 34 — claire.delorme@exemple.fr" in text
    assert "(RIO 1234567)" in text and "Fait à Nanterre, le 14 mars 2026." in text
    assert not re.findall("…{2,}", text)
    for kept_out in ("Observations :", "enfant(s)", *ADULT_CHARGES):
        assert kept_out not in text, kept_out


def test_koutcha_form_has_no_blank_the_hearing_answers(hearing):
    """Filled from the hearing and the EVVI; the minor and the AAH sign; the JE decides placement."""
    _id, files = hearing(MINOR)
    text = text_of(files, "orientation-koutcha")
    assert "Interprète nécessaire : non" in text and "Menaces visant des proches : aucune déclarée" in text
    assert "Points d'attention pour l'accueil : placement en protection de l'enfance, fugues répétées" in text
    assert "Risque de nouvelle fugue : élevé" in text and "Images intimes diffusées en ligne : oui" in text
    assert "Mise en sécurité actuelle : à préciser par téléphone avec le service qui oriente" in text
    assert "Plainte : déposée le 9 avril 2026" in text
    assert "Le placement d'un mineur est décidé par le juge des enfants" in text
    assert "qui analyse la situation ; une demande d'admission puis une convention tripartite suivent." in text
    assert "La jeune orientée L'administrateur ad hoc, FONTAINE Marc" in text
    assert "Le service référent L'officier de police judiciaire" in text
    assert "Téléphone et courriel de l'enquêteur : 01 99 00 56 78 — sarah.kessler@exemple.fr" in text
    assert "Fait à Évry-Courcouronnes, le 9 avril 2026." in text
    assert not re.findall("…{2,}", text)
    for kept_out in ("Observations :", "interprète,", "décision de placement est nécessaire", *MINOR_CHARGES):
        assert kept_out not in text, kept_out


def test_rights_notice_tailored_to_who_was_there(hearing):
    """No interpreter or association the minor did not have; the juge d'instruction; the interpreter named."""
    _id, files = hearing(MINOR)
    text = text_of(files, "notice-droits")
    assert "Vous pouvez poser toutes vos questions à la personne qui vous remet ce document." in text
    assert "le procureur de la République ou le juge d'instruction désigne un administrateur ad hoc" in text
    assert "Il doit vous tenir au courant et vous demander votre avis." in text  # no "informé" for a girl
    for kept_out in ("à l'interprète ou à l'association", "L'interprète (le cas échéant)", "interprète,"):
        assert kept_out not in text, kept_out
    assert "Signature de la personne Sarah KESSLER, officier de police judiciaire" in text
    _id, files = hearing(ADULT)
    for document_id in ("notice-droits", "notice-etranger"):
        text = text_of(files, document_id)
        assert "L'interprète, ARANGO Marisol" in text and "(le cas échéant)" not in text, document_id
    assert "a la persona que le entrega este documento" in text_of(files, "notice-droits")


def test_no_breakable_space_before_a_sign_in_the_models_documents(hearing):
    """Typography across runs: no ordinary space before : ; ? ! » nor after «, in any paragraph as read."""
    for demo in (ADULT, MINOR):
        _id, files = hearing(demo)
        for document_id, exported in files.items():
            if document_id in ("pv", "evvi"):
                continue  # built by the application, not from a Word model
            for line in docx_text(exported.path, as_written=True).splitlines():
                assert not re.search(r" [:;?!»]|« ", line), f"{document_id}: {line}"


def test_r425_notice_states_the_condition_of_l425_3(hearing):
    """L.425-3 gives the ten-year card "sous réserve de la régularité du séjour" (text checked, 2024)."""
    _id, files = hearing(ADULT)
    text = text_of(files, "notice-etranger")
    assert (
        "une carte de résident de dix ans vous est délivrée de plein droit, si votre séjour est alors régulier "
        "(article L.425-3 du CESEDA)" in text
    )
    assert "siempre que su estancia sea entonces regular" in text
    _id, files = hearing(MINOR, victim={"nationalite": "albanaise"})
    assert "de plein droit, si votre séjour est alors régulier" in text_of(files, "notice-etranger")
