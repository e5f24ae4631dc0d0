"""Documents take what was typed once: the profile's town and contact details, the hearing's answers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from tests.readers import docx_text, flat

from audition_assistant.core import answers_file, resources

ADULT, MINOR = "audition-victime-majeure", "audition-victime-mineure"
ROOM = "Locaux de l'OCRTEH, salle d'audition n° 2"
SIGNED_WITH_A_TOWN = ("evvi", "recepisse-plainte", "orientation-acse", "domicile-tiers", "notice-droits")


def text_of(files, document_id: str) -> str:
    return flat(docx_text(files[document_id].path))


def in_the_room(workspace, tmp_path, town: str):
    """The adult demo heard in a room (the hearing's place), by an investigator whose profile names ``town``."""
    raw = json.loads(resources.read_text("demo", f"{ADULT}.json"))
    raw["hearing"]["place"] = ROOM
    raw["investigator"]["commune"] = town
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    _id, files = workspace.fill(answers_file.read(path, workspace.catalog), tmp_path / "out")
    return {f.document_id: f for f in files}


def test_fait_a_is_the_profile_town_never_the_hearing_room(workspace, tmp_path):
    files = in_the_room(workspace, tmp_path, "Nanterre")
    for document_id in SIGNED_WITH_A_TOWN:
        text = text_of(files, document_id)
        assert "Fait à Nanterre, le " in text, document_id
        assert "Fait à Locaux" not in text, document_id
    assert ROOM in text_of(files, "pv")  # the PV's opening still says where the hearing took place


def test_fait_a_is_left_to_fill_by_hand_without_a_town(workspace, tmp_path):
    files = in_the_room(workspace, tmp_path, "")
    for document_id in SIGNED_WITH_A_TOWN:
        assert re.search("Fait à …{10,}, le ", text_of(files, document_id)), document_id


def test_the_administrateur_ad_hoc_present_as_the_attendant_is_typed_once(fill_demo):
    """Chosen as the 706-53 third party, the AAH is named from his own block and signs once, as AAH."""
    _id, files = fill_demo(MINOR, tiers_qualite="administrateur_ad_hoc", tiers=None, aah_present=None)
    text = text_of(files, "pv")
    assert "le tiers présent est l'administrateur ad hoc désigné pour la mineure, FONTAINE Marc." in text
    assert text.count("FONTAINE Marc") >= 2  # his designation and his presence, from the one block
    assert "L'administrateur ad hoc" in text and "Le tiers présent (art. 706-53" not in text
    assert "ROCHE" not in text  # the psychologist's block, hidden, is not printed


@pytest.mark.slow
def test_referral_forms_read_by_pandoc_hold_the_profile_and_the_hearing(fill_demo):
    """Read independently: the investigator's telephone and e-mail, the person's identity, nationality, language."""
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is missing: run `make test` (tools/bootstrap.py installs it)"

    def read(path) -> str:
        result = subprocess.run(
            [pandoc, "--from", "docx", "--to", "plain", "--wrap", "none", str(path)],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return flat(result.stdout)

    _id, adult = fill_demo(ADULT)
    acse = read(adult["orientation-acse"].path)
    assert "Téléphone et courriel de l'enquêteur : 01 99 00 12 34 — claire.delorme@exemple.fr" in acse
    assert "Claire DELORME, Capitaine de police" in acse and "(RIO 1234567)" in acse
    assert "CASTAÑO RUEDA" in acse and "Nationalité : colombienne" in acse
    assert "Langues parlées : espagnol" in acse and "Fait à Nanterre, le 14 mars 2026." in acse
    assert "……" not in acse

    _id, minor = fill_demo(MINOR)
    koutcha = read(minor["orientation-koutcha"].path)
    assert "Téléphone et courriel de l'enquêteur : 01 99 00 56 78 — sarah.kessler@exemple.fr" in koutcha
    assert "VERNET" in koutcha and "Fait à Évry-Courcouronnes, le 9 avril 2026." in koutcha
    assert "……" not in koutcha
