"""The procès-verbal names the officer who conducted the hearing, whichever account exports it and whenever."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from tests.readers import docx_text

from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Profile, Store
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

PASS = "correct horse battery staple"
BOB = "brouillard matinal sur la Seine"
ADULT = "audition-victime-majeure"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "release-0.1.0"
ALICE = Profile(nom="DURAND", prenom="Alice", grade="Capitaine de police", qualite="OPJ", service="Brigade des mineurs")
BOB_PROFILE = Profile(nom="MARTIN", prenom="Bob", grade="Brigadier de police", qualite="APJ", service="Commissariat")


def pv_text(workspace: Workspace, hearing_id: int, folder: Path) -> str:
    files = {f.document_id: f for f in workspace.export(hearing_id, folder)}
    return docx_text(files["pv"].path)


def open_as(paths: DataPaths, passphrase: str, account: str, clock) -> Workspace:
    return Workspace(paths, Store.open(paths.database, passphrase, clock=clock, account=account))


def test_another_account_exporting_a_hearing_names_the_officer_who_conducts_it(data_paths, clock, tmp_path):
    alice = open_as(data_paths, PASS, "alice", clock)
    alice.save_profile(ALICE)
    case_id = alice.create_case(procedure_number="2026/000710")
    hearing_id = alice.new_hearing(
        case_id, alice.catalog.get(ADULT), identity={"nom": "Ruiz", "prenoms": "Ana"}, pv_number="2026/000710/00001"
    )
    alice.add_account("bob", BOB)
    alice.close()

    bob = open_as(data_paths, BOB, "bob", clock)
    bob.save_profile(BOB_PROFILE)
    text = pv_text(bob, hearing_id, tmp_path / "bob")
    assert "Alice DURAND" in text and "Capitaine de police" in text
    assert "MARTIN" not in text
    assert HearingService(bob, hearing_id).profile().nom == "DURAND"  # what the review's findings check
    bob.close()


def test_a_closed_hearing_keeps_the_officer_it_was_signed_with(workspace, store, fill_demo, tmp_path):
    hearing_id, _files = fill_demo(ADULT)
    signed = store.profile()
    closing = store.audit_entries_of("hearing_end")[-1]
    assert closing.detail["officer"]["nom"] == signed.nom and closing.detail["officer"]["grade"] == signed.grade
    before = pv_text(workspace, hearing_id, tmp_path / "avant")

    store.save_profile(dataclasses.replace(signed, grade="Commandant divisionnaire de police"))
    assert pv_text(workspace, hearing_id, tmp_path / "apres") == before
    assert "Commandant divisionnaire" not in before

    # A rectification opened afterwards: the signed PV and the new one keep the officer who signed.
    workspace.reopen_for_correction(hearing_id, "rectification", "2026/000999/00009", "une date erronée")
    texts = [docx_text(f.path) for f in workspace.export(hearing_id, tmp_path / "rectif")]
    assert texts and all("Commandant divisionnaire" not in t for t in texts)
    assert any(signed.grade in t for t in texts)
    assert store.verify_audit(replay=True).ok


def test_an_open_hearing_follows_its_officer_until_it_is_closed(workspace, store, tmp_path, clock):
    case_id = workspace.create_case(procedure_number="2026/000711")
    hearing_id = workspace.new_hearing(case_id, workspace.catalog.get(ADULT), identity={"nom": "Ruiz"})
    store.save_profile(dataclasses.replace(store.profile(), grade="Commandant de police"))
    assert "Commandant de police" in pv_text(workspace, hearing_id, tmp_path / "ouverte")
    store.add_event(hearing_id, TimelineEvent("start", clock()))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    store.save_profile(dataclasses.replace(store.profile(), grade="Lieutenant de police"))
    text = pv_text(workspace, hearing_id, tmp_path / "close")
    assert "Commandant de police" in text and "Lieutenant de police" not in text


def test_a_database_of_release_0_1_0_exports_with_the_current_profile_as_before(tmp_path, clock):
    folder = tmp_path / "ancienne"
    shutil.copytree(FIXTURE, folder)
    paths = DataPaths(folder)
    workspace = Workspace(paths, Store.open(paths.database, PASS, clock=clock, account="julien"))
    record = workspace.store.hearing(1)
    assert record.status == "closed" and record.officer is None  # closed before: nothing known to freeze
    text = pv_text(workspace, 1, tmp_path / "export")
    assert "Julien MARCHAND" in text and "Brigadier-chef de police" in text
    report = workspace.store.verify_audit(replay=True)
    assert report.ok, report.problems
    workspace.close()


def test_an_officer_changed_in_the_raw_database_is_caught_by_the_trail(workspace, store, fill_demo):
    hearing_id, _files = fill_demo(ADULT)
    assert store.verify_audit(replay=True).ok
    forged = json.dumps({**dataclasses.asdict(store.profile()), "grade": "Commissaire divisionnaire"})
    with store.transaction():
        store._db.execute("UPDATE hearings SET officer = ? WHERE id = ?", [forged, hearing_id])
    report = store.verify_audit(replay=True)
    assert any("l'officier que nomme son procès-verbal" in p for p in report.problems), report.problems
