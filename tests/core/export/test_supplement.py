"""A signed PV is never changed under its number: procès-verbal complémentaire and de rectification.

The documents are exported, then reopened with python-docx.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from audition_assistant.core.export.files import sha256_of
from audition_assistant.core.store import StoreError
from audition_assistant.core.timeline import TimelineEvent
from readers import paragraph_texts

ORIGINAL = "2026/004512/00017"
RECTIFICATION = "2026/004512/00018"
IDENTITY = {"nom": "Rivera", "prenoms": "Lucía Andrea", "date_naissance": "1998-05-02", "sexe": "féminin"}


@pytest.fixture
def closed(workspace, store, template, clock):
    case_id = store.create_case("2026/004512", "Affaire c/ X : proxénétisme aggravé, TEH")
    person_id = store.add_person(case_id, IDENTITY)
    hearing_id = workspace.start_hearing(case_id, person_id, template, ORIGINAL, "Lyon")
    for field_id, value in {
        "cadre": "preliminaire",
        "victime": IDENTITY,
        "droits": True,
        "notes": "Arrivée à Lyon en mars 2025.",
        "lecture": "par_elle_meme",
        "signature": "signe",
    }.items():
        store.set_answer(hearing_id, field_id, value)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    clock.advance(minutes=5)
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée à Madrid en 2025.")
    clock.advance(minutes=5)
    store.add_entry(hearing_id, "recrutement", "Comment avez-vous rencontré cette personne ?", "Par une amie.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=15)))
    return hearing_id


def texts(path: Path) -> list[str]:
    return paragraph_texts(path)


def export(workspace, hearing_id, folder: Path) -> dict[str, Path]:
    return {f.document_id: f.path for f in workspace.export(hearing_id, folder)}


def test_rectification_is_a_new_pv_and_the_signed_one_keeps_its_number_and_text(
    workspace, store, closed, clock, tmp_path
):
    first = export(workspace, closed, tmp_path / "1")
    assert set(first) == {"pv"}
    signed = texts(first["pv"])
    assert "PV n° : " + ORIGINAL in signed
    assert texts(export(workspace, closed, tmp_path / "1bis")["pv"]) == signed  # closed, unchanged: same PV

    clock.advance(days=2, hours=3)
    workspace.reopen_for_correction(closed, "rectification", RECTIFICATION, "Erreurs de transcription signalées")
    [first_entry, second_entry] = store.entries(closed)
    store.update_entry(second_entry.id, answer="Par une voisine, Mme Lacroix.")
    store.update_entry(first_entry.id, question="Racontez-moi ce qui s'est passé en Espagne.")
    store.set_answer(closed, "notes", "Arrivée à Lyon en avril 2025.")
    clock.advance(minutes=20)
    store.finish_correction(closed)

    second = export(workspace, closed, tmp_path / "2")
    assert set(second) == {"pv", "pv-supplement-1"}
    assert texts(second["pv"]) == signed  # same number, the words signed at closing
    assert not any("voisine" in t or "avril" in t for t in texts(second["pv"]))

    rectified = texts(second["pv-supplement-1"])
    assert "PROCÈS-VERBAL DE RECTIFICATION" in rectified
    assert "PV n° : " + RECTIFICATION in rectified and "PV n° : " + ORIGINAL not in rectified
    assert "RÉPUBLIQUE FRANÇAISE" in rectified
    assert any(t.startswith("Nous, Camille LEFÈVRE") for t in rectified)
    assert any(t.startswith(f"Faisant suite au procès-verbal n° {ORIGINAL} du 14 mars 2026") for t in rectified)
    assert "Motif : Erreurs de transcription signalées" in rectified
    mentions = [t for t in rectified if t.startswith("Mention : au procès-verbal")]
    assert mentions == [
        f"Mention : au procès-verbal n° {ORIGINAL}, à la rubrique « Observations », il convient de lire "
        "« Arrivée à Lyon en avril 2025. » au lieu de « Arrivée à Lyon en mars 2025. ».",
        f"Mention : au procès-verbal n° {ORIGINAL}, pour la question posée, il convient de lire "
        "« Racontez-moi ce qui s'est passé en Espagne. » au lieu de « Racontez-moi ce qui s'est passé. ».",
        f"Mention : au procès-verbal n° {ORIGINAL}, en réponse à la question « Comment avez-vous rencontré "
        "cette personne ? », il convient de lire « Par une voisine, Mme Lacroix. » au lieu de « Par une amie. ».",
    ]
    assert not any(t.startswith(("Question :", "Réponse :")) for t in rectified)
    assert any(t.startswith("Lecture faite par elle-même, persiste et signe avec nous") for t in rectified)

    # The exports are recorded and verifiable like any document.
    records = {r.document_id: r for r in store.exports(closed)}
    assert records["pv-supplement-1"].sha256 == sha256_of(second["pv-supplement-1"].read_bytes())
    assert "Rectification" in second["pv-supplement-1"].name or "rectification" in second["pv-supplement-1"].name


def test_complementary_pv_holds_only_the_new_statements(workspace, store, closed, clock, tmp_path):
    signed = texts(export(workspace, closed, tmp_path / "1")["pv"])
    clock.advance(days=1)
    workspace.reopen_for_correction(closed, "complementaire", "2026/004512/00019", "Nouvelles déclarations")
    [first_entry, _] = store.entries(closed)
    with pytest.raises(StoreError, match="rectification"):
        store.update_entry(first_entry.id, answer="Autre chose.")
    with pytest.raises(StoreError, match="rectification"):
        store.set_answer(closed, "notes", "Autre chose.")
    store.add_entry(closed, None, "Avez-vous reçu des menaces depuis ?", "Oui, un message le 2 avril.")
    store.finish_correction(closed)

    out = export(workspace, closed, tmp_path / "2")
    assert texts(out["pv"]) == signed
    complementary = texts(out["pv-supplement-1"])
    assert "PROCÈS-VERBAL COMPLÉMENTAIRE" in complementary
    assert "PV n° : 2026/004512/00019" in complementary
    assert any(t.startswith(f"Faisant suite au procès-verbal n° {ORIGINAL} du 14 mars 2026") for t in complementary)
    qa = [t for t in complementary if t.startswith(("Question :", "Réponse :"))]
    assert qa == ["Question : Avez-vous reçu des menaces depuis ?", "Réponse : Oui, un message le 2 avril."]
    assert not any("menaces" in t for t in signed)


def test_signed_entries_cannot_be_reordered_or_deleted_nor_the_number_reused(workspace, store, closed):
    [first_entry, second_entry] = store.entries(closed)
    with pytest.raises(StoreError, match="close"):
        store.move_entry(second_entry.id, 0)
    with pytest.raises(StoreError, match="close"):
        store.update_hearing(closed, pv_number="2026/004512/99999")
    with pytest.raises(StoreError, match="propre"):
        workspace.reopen_for_correction(closed, "rectification", ORIGINAL, "Erreur")
    with pytest.raises(StoreError, match="numéro"):
        workspace.reopen_for_correction(closed, "rectification", "", "Erreur")
    workspace.reopen_for_correction(closed, "rectification", RECTIFICATION, "Erreur")
    with pytest.raises(StoreError, match="déjà signé"):
        store.move_entry(second_entry.id, 0)
    with pytest.raises(StoreError, match="déjà signé"):
        store.delete_entry(first_entry.id)
    added = store.add_entry(closed, None, "Autre question ?", "Autre réponse.")
    with pytest.raises(StoreError, match="gardent leur ordre"):
        store.move_entry(added, 0)
    store.delete_entry(added)  # an entry of the new PV is the investigator's to remove
    assert [e.id for e in store.entries(closed)] == [first_entry.id, second_entry.id]
    assert store.hearing(closed).pv_number == ORIGINAL
    [supplement] = store.supplements(closed)
    assert (supplement.kind, supplement.pv_number, supplement.open) == ("rectification", RECTIFICATION, True)


def test_rectification_prints_no_correction_of_what_stays_out_of_the_pv(
    workspace, store, small_raw, build_template, clock, tmp_path
):
    details = next(s for s in small_raw["sections"] if s["id"] == "details")
    notes = next(f for f in details["fields"] if f["id"] == "notes")
    notes["in_pv"] = False  # the investigator's notes: never in a document the defence reads
    template = build_template(small_raw)
    case_id = store.create_case("2026/004513")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, IDENTITY), template, ORIGINAL)
    store.set_answer(hearing_id, "victime", IDENTITY)
    store.set_answer(hearing_id, "notes", "Hébergée ce soir chez sa sœur, rue des Lilas.")
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_entry(hearing_id, None, "Qui vous a amenée en France ?", "Un cousin.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=15)))
    workspace.reopen_for_correction(hearing_id, "rectification", RECTIFICATION, "Nom mal orthographié")
    store.set_answer(hearing_id, "notes", "Hébergée ce soir au foyer, avenue Foch.")
    store.set_answer(hearing_id, "victime", {**IDENTITY, "nom": "Riviera"})
    store.finish_correction(hearing_id)
    rectified = "\n".join(texts(export(workspace, hearing_id, tmp_path)["pv-supplement-1"]))
    assert "Hébergée" not in rectified and "foyer" not in rectified
    assert "il convient de lire « RIVIERA » au lieu de « RIVERA »" in rectified


def test_supplement_closing_and_boxes_name_who_signs_as_the_pv_does(
    workspace, store, build_template, small_raw, clock, tmp_path
):
    """One list for the boxes and the sentence, in the PV and in its supplements alike."""
    small_raw["sections"][2]["fields"] += [
        {"id": "modalite", "type": "choice", "label": "Modalité", "options": ["present", "telephone"]},
        {"id": "accompagnant", "type": "identity", "label": "Accompagnant", "parts": ["nom", "prenoms"]},
    ]
    small_raw["pv"]["companion"] = "accompagnant"
    small_raw["pv"]["signatories"] = [
        {"field": "interprete", "label": "L'interprète", "when": {"not": {"field": "modalite", "equals": "telephone"}}}
    ]
    template = build_template(small_raw)
    case_id = store.create_case("2026/004512")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, IDENTITY), template, ORIGINAL)
    for field_id, value in {
        "victime": IDENTITY,
        "interprete_present": True,
        "interprete": {"nom": "Moreno", "prenoms": "Inés"},
        "modalite": "telephone",  # joined by telephone: does not sign
        "accompagnant": {"nom": "Berthier", "prenoms": "Anne"},
        "lecture": "par_elle_meme",
        "signature": "signe",
    }.items():
        store.set_answer(hearing_id, field_id, value)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée à Madrid en 2025.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=55)))  # 10:00
    clock.advance(days=1)
    workspace.reopen_for_correction(hearing_id, "complementaire", "2026/004512/00019", "Nouvelles déclarations")
    store.add_entry(hearing_id, None, "Voulez-vous ajouter quelque chose ?", "Oui, un nom.")
    clock.advance(minutes=30)
    store.finish_correction(hearing_id)
    files = export(workspace, hearing_id, tmp_path)
    expected = "Lecture faite par elle-même, persiste et signe avec nous et la personne accompagnante à"
    assert f"{expected} 10 h." in texts(files["pv"])
    assert f"{expected} 10 h 30." in texts(files["pv-supplement-1"])  # reopened the next day at 10:00
    boxes = {
        key: [c.text for c in docx.Document(str(files[key])).tables[0].rows[0].cells]
        for key in ("pv", "pv-supplement-1")
    }
    assert boxes["pv-supplement-1"] == boxes["pv"]
    assert [b.split("\n")[0] for b in boxes["pv"]] == [
        "La personne entendue",
        "La personne accompagnante (art. 10-4 CPP)",
        "L'officier de police judiciaire",
    ]


def test_rectified_parents_are_named_as_the_pv_prints_them(workspace, store, closed, clock, tmp_path):
    """The parents are one line of the PV, so one rubric of its rectification."""
    clock.advance(days=1)
    workspace.reopen_for_correction(closed, "rectification", RECTIFICATION, "Filiation omise")
    store.set_answer(closed, "victime", IDENTITY | {"pere": "Jorge RIVERA", "mere": "Ana GÓMEZ"})
    store.finish_correction(closed)
    rectified = texts(export(workspace, closed, tmp_path)["pv-supplement-1"])
    assert (
        f"Mention : au procès-verbal n° {ORIGINAL}, à la rubrique « Personne entendue, Filiation »,"
        " il convient d'ajouter « Fille de Jorge RIVERA et de Ana GÓMEZ »." in rectified
    )
