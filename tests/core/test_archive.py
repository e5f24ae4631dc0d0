"""Case archives between two laptops: the round trip, both audits, and every refusal leaving nothing behind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, Clock
from tests.readers import docx_text, paragraph_texts

from audition_assistant.core import archive
from audition_assistant.core.archive import ArchiveError
from audition_assistant.core.errors import UserError
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

SECRET = "une autre phrase pour l'archive"


@pytest.fixture
def receiver(tmp_path: Path, investigator):
    """A second laptop: its own data folder and database, the same investigator's profile."""
    paths = DataPaths(tmp_path / "poste-2")
    paths.ensure()
    store = Store.open(paths.database, PASSPHRASE, clock=Clock())
    store.save_profile(investigator)
    yield Workspace(paths, store)
    store.close()


@pytest.fixture
def sent(workspace: Workspace, fill_demo, tmp_path: Path):
    """A case of the sender: a closed hearing with its exports, reopened for a rectification; and its archive."""
    hearing_id, _files = fill_demo("audition-victime-majeure")
    workspace.reopen_for_correction(hearing_id, "rectification", "2026/000999/00009", "une date erronée")
    entry = workspace.store.entries(hearing_id)[0]
    workspace.store.update_entry(entry.id, answer=entry.answer + " Rectifié : le 3 mars.")
    case_id = workspace.store.hearing(hearing_id).case_id
    out = tmp_path / "dossier.age"
    written = workspace.export_archive(case_id, out, SECRET)
    return case_id, hearing_id, out, written


def documents(workspace: Workspace, hearing_id: int, folder: Path) -> dict[str, list[str]]:
    return {f.document_id: paragraph_texts(f.path) for f in workspace.export(hearing_id, folder)}


def view_state(workspace: Workspace, hearing_id: int) -> tuple[object, ...]:
    view = workspace.view(hearing_id)
    entries = [(e.position, e.theme, e.question, e.answer, e.created_at) for e in view.transcript]
    return view.template, view.answers, entries, view.timeline, view.applicable_documents()


def test_a_case_comes_back_identical_on_another_laptop_and_both_audits_record_it(workspace, receiver, sent, tmp_path):
    case_id, hearing_id, out, written = sent
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"Rectifi" not in out.read_bytes()  # encrypted: no word of the case in clear
    exported_before = {e.sha256 for e in workspace.store.exports(hearing_id)}  # those the archive carries
    before = documents(workspace, hearing_id, tmp_path / "avant")

    imported = receiver.import_archive(out, SECRET)

    assert imported.case_number == written.case_number and len(imported.hearing_ids) == 1
    new_hearing = imported.hearing_ids[0]
    assert documents(receiver, new_hearing, tmp_path / "apres") == before
    assert view_state(receiver, new_hearing) == view_state(workspace, hearing_id)
    assert receiver.store.hearing(new_hearing).status == "correction"
    assert receiver.supplement_documents(new_hearing)  # the rectification came with its signed PV
    persons = receiver.store.persons(imported.case_id)
    assert [p.identity for p in persons] == [p.identity for p in workspace.store.persons(case_id)]
    assert exported_before and {e.sha256 for e in receiver.store.exports(new_hearing)} >= exported_before
    # The transfer in both trails, naming the same content; both trails verify, the replay included.
    exported = workspace.store.audit_entries_of("archive_exported")[-1]
    received = receiver.store.audit_entries_of("archive_imported")[-1]
    assert exported.detail["sha256"] == received.detail["sha256"] == written.sha256
    assert received.detail["journal_expediteur"]["head"] == exported.detail["journal_tete"]["head"]
    case_entry = receiver.store.audit_entries_of("case_imported")[-1]
    assert any(e["action"] == "hearing_created" for e in case_entry.detail["journal_expediteur"])
    for side in (workspace, receiver):
        report = side.store.verify_audit(replay=True)
        assert report.ok, report.problems
    # The imported hearing goes on being written on the receiver, and its trail still replays.
    receiver.store.add_entry(new_hearing, None, "Une question de plus ?", "Oui.")
    assert receiver.store.verify_audit(replay=True).ok


@pytest.fixture
def colleague(tmp_path: Path, investigator):
    """A second laptop whose investigator is someone else."""
    paths = DataPaths(tmp_path / "poste-3")
    paths.ensure()
    store = Store.open(paths.database, PASSPHRASE, clock=Clock())
    store.save_profile(dataclasses.replace(investigator, nom="Moreau", prenom="Inès", grade="Lieutenant de police"))
    yield Workspace(paths, store)
    store.close()


def full_texts(workspace: Workspace, hearing_id: int, folder: Path) -> dict[str, str]:
    return {f.document_id: docx_text(f.path) for f in workspace.export(hearing_id, folder)}


@pytest.fixture
def closed_sent(workspace: Workspace, fill_demo, tmp_path: Path):
    """A case of the sender with a closed hearing (never reopened), and its archive."""
    hearing_id, _files = fill_demo("audition-victime-majeure")
    out = tmp_path / "close.dossier.age"
    workspace.export_archive(workspace.store.hearing(hearing_id).case_id, out, SECRET)
    return hearing_id, out


def test_an_imported_case_names_the_officer_who_conducted_it_not_the_receiver(
    workspace, colleague, closed_sent, tmp_path
):
    hearing_id, out = closed_sent
    before = full_texts(workspace, hearing_id, tmp_path / "avant")

    imported = colleague.import_archive(out, SECRET)

    after = full_texts(colleague, imported.hearing_ids[0], tmp_path / "apres")
    assert after == before
    assert all("Moreau" not in text for text in after.values())
    assert colleague.store.verify_audit(replay=True).ok


def test_a_reopened_case_comes_back_word_for_word_for_another_investigator(workspace, colleague, sent, tmp_path):
    _case_id, hearing_id, out, _written = sent
    before = full_texts(workspace, hearing_id, tmp_path / "avant")
    imported = colleague.import_archive(out, SECRET)
    assert full_texts(colleague, imported.hearing_ids[0], tmp_path / "apres") == before


def test_an_archive_without_the_hearings_officer_names_its_sender(workspace, colleague, closed_sent, tmp_path):
    hearing_id, out = closed_sent
    before = full_texts(workspace, hearing_id, tmp_path / "avant")
    content = archive.unseal(out.read_bytes(), SECRET).content
    for hearing in content["hearings"]:
        hearing.pop("officer", None)  # as an archive written before hearings carried their officer
    older = tmp_path / "ancienne.dossier.age"
    older.write_bytes(archive.seal(content, SECRET))

    imported = colleague.import_archive(older, SECRET)

    assert full_texts(colleague, imported.hearing_ids[0], tmp_path / "apres") == before


def test_the_same_archive_is_not_imported_twice(receiver, sent):
    _case_id, _hearing_id, out, _written = sent
    receiver.import_archive(out, SECRET)
    cases = receiver.store.cases(("open", "closed", "archived"))
    with pytest.raises(ArchiveError, match="déjà été importée"):
        receiver.import_archive(out, SECRET)
    assert receiver.store.cases(("open", "closed", "archived")) == cases


def test_a_damaged_foreign_or_wrongly_unlocked_archive_is_refused_and_nothing_is_imported(receiver, sent, tmp_path):
    _case_id, _hearing_id, out, _written = sent
    data = out.read_bytes()
    middle = len(data) // 2
    variants = {
        "tronquée": (data[: len(data) - 100], SECRET, "tronqué ou altéré"),
        "un octet changé": (data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :], SECRET, "altéré"),
        "phrase fausse": (data, "une phrase qui n'est pas la bonne", "phrase secrète de l'archive est fausse"),
        "autre format": (b"PK\x03\x04" + data[4:], SECRET, "pas une archive de dossier"),
        "vide": (b"", SECRET, "pas une archive de dossier"),
    }
    before = receiver.store.audit_entries()
    for name, (content, passphrase, said) in variants.items():
        damaged = tmp_path / f"{name}.age"
        damaged.write_bytes(content)
        with pytest.raises(ArchiveError, match=said):
            receiver.import_archive(damaged, passphrase)
    assert receiver.store.cases(("open", "closed", "archived", "handed_over")) == []
    assert receiver.store.audit_entries() == before


def test_age_holding_something_else_is_refused(receiver, tmp_path):
    other = tmp_path / "autre.age"
    other.write_bytes(archive.pyrage.passphrase.encrypt(b'{"format": "autre chose"}', SECRET))
    with pytest.raises(ArchiveError, match="pas une archive de dossier"):
        receiver.import_archive(other, SECRET)
    assert receiver.store.cases(("open", "closed", "archived")) == []


def test_a_handed_over_case_is_kept_read_only(workspace, fill_demo, tmp_path):
    hearing_id, _files = fill_demo("premier-contact")
    store = workspace.store
    case_id = store.hearing(hearing_id).case_id
    workspace.export_archive(case_id, tmp_path / "transmis.age", SECRET, then=archive.HAND_OVER)

    assert store.case(case_id).status == "handed_over"
    person = store.persons(case_id)[0]
    refused = [
        lambda: store.set_answer(hearing_id, "cadre", "flagrance"),
        lambda: store.add_entry(hearing_id, None, "Question ?", "Réponse."),
        lambda: store.save_draft(hearing_id, "Une question en cours", ""),
        lambda: store.add_event(hearing_id, TimelineEvent("start", store.now())),
        lambda: store.update_hearing(hearing_id, pv_number="2026/1"),
        lambda: store.update_case(case_id, heading="Autre", reason="essai"),
        lambda: store.set_case_status(case_id, "open", "essai"),
        lambda: store.add_person(case_id, {"nom": "Autre"}),
        lambda: store.update_person(person.id, {"nom": "Autre"}, reason="essai"),
        lambda: workspace.export_archive(case_id, tmp_path / "encore.age", SECRET),
    ]
    for write in refused:
        with pytest.raises(UserError, match="transmis"):
            write()
    assert not (tmp_path / "encore.age").exists()
    assert store.verify_audit(replay=True).ok
    assert workspace.view(hearing_id)  # still read


def test_a_case_purged_after_its_export_is_gone_here_and_whole_there(workspace, receiver, fill_demo, tmp_path):
    hearing_id, _files = fill_demo("premier-contact")
    case_id = workspace.store.hearing(hearing_id).case_id
    number = workspace.store.case(case_id).procedure_number
    out = tmp_path / "purge.age"
    workspace.export_archive(case_id, out, SECRET, then=archive.PURGE)

    assert workspace.store.cases(("open", "closed", "archived", "handed_over")) == []
    assert workspace.store.audit_entries_of("case_purged")
    assert workspace.store.verify_audit(replay=True).ok
    imported = receiver.import_archive(out, SECRET)
    assert imported.case_number == number
    assert receiver.store.verify_audit(replay=True).ok


def test_an_archive_is_refused_before_anything_is_written(workspace, fill_demo, tmp_path):
    hearing_id, _files = fill_demo("premier-contact")
    case_id = workspace.store.hearing(hearing_id).case_id
    with pytest.raises(ArchiveError, match="au moins 12"):
        workspace.export_archive(case_id, tmp_path / "court.age", "court")
    (tmp_path / "existe.age").write_bytes(b"x")
    with pytest.raises(ArchiveError, match="existe déjà"):
        workspace.export_archive(case_id, tmp_path / "existe.age", SECRET)
    assert (tmp_path / "existe.age").read_bytes() == b"x"
    assert not workspace.store.audit_entries_of("archive_exported")
    assert workspace.store.case(case_id).status == "open"
    assert dataclasses.is_dataclass(workspace.store.case(case_id))


def test_an_archive_failing_halfway_through_its_import_leaves_nothing(workspace, receiver, fill_demo, tmp_path):
    hearing_id, _files = fill_demo("premier-contact")
    case_id = workspace.store.hearing(hearing_id).case_id
    content = archive.case_content(workspace.store, case_id)
    del content["hearings"][-1]["entries"][-1]["question"]  # sealed as it is: only the import finds it out
    broken = tmp_path / "incomplete.age"
    broken.write_bytes(archive.seal(content, SECRET))
    before = receiver.store.audit_entries()
    with pytest.raises(ArchiveError, match="incomplète"):
        receiver.import_archive(broken, SECRET)
    assert receiver.store.cases(("open", "closed", "archived", "handed_over")) == []
    assert receiver.store.audit_entries() == before
    assert receiver.store.verify_audit(replay=True).ok


def test_a_hearing_still_to_be_conducted_is_taken_over_by_the_receiver(workspace, colleague, tmp_path):
    case_id = workspace.create_case(procedure_number="2026/000712")
    adult = workspace.catalog.get("audition-victime-majeure")
    workspace.new_hearing(case_id, adult, identity={"nom": "Ruiz", "prenoms": "Ana"}, pv_number="2026/000712/00001")
    out = tmp_path / "brouillon.dossier.age"
    workspace.export_archive(case_id, out, SECRET)

    imported = colleague.import_archive(out, SECRET)

    new_hearing = imported.hearing_ids[0]
    record = colleague.store.hearing(new_hearing)
    assert (record.account, record.officer) == (colleague.store.account, None)
    pv = full_texts(colleague, new_hearing, tmp_path / "apres")["pv"]
    assert "Inès MOREAU" in pv and "LEFÈVRE" not in pv
    assert colleague.store.verify_audit(replay=True).ok


def test_the_receivers_trail_holds_the_officer_of_a_signed_hearing(workspace, colleague, closed_sent):
    _hearing_id, out = closed_sent
    imported = colleague.import_archive(out, SECRET)
    entry = colleague.store.audit_entries_of("hearing_imported")[-1]
    assert entry.detail["officer"]["nom"] == workspace.store.profile().nom
    assert colleague.store.hearing(imported.hearing_ids[0]).officer == entry.detail["officer"]
