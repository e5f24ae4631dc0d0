"""Purging a case: no word of it left in any page of the database, its WAL or a copy kept; the trail still verifies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import sqlcipher_pages as pages
from audition_assistant.core import answers_file, backups, resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import NotFound, StoreError, keyring
from audition_assistant.core.store.audit import PURGE_ACTION
from audition_assistant.core.store.copies import migration_copy
from audition_assistant.core.store.retention import RetentionPolicy
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "correct horse battery staple"
# Words found nowhere else: the person's name, an answer, a statement, a search typed for the person.
PURGED = {"name": "zorvandeliq", "answer": "xylophrandite", "said": "quorvelantine", "search": "zorvandeliq"}
KEPT = {"name": "tramboulinaste", "answer": "grelimpoufre", "said": "vastriquolone"}


def _fill(workspace: Workspace, tmp_path: Path, number: str, words: dict[str, str]) -> int:
    """A demo hearing recorded and exported, carrying the words; its case id."""
    raw = json.loads(resources.read_text("demo", "audition-victime-majeure.json"))
    raw["case"]["procedure_number"] = number
    raw["answers"]["victime"]["nom"] = words["name"]
    raw["answers"]["conditions_observations"] += f" Mot témoin : {words['answer']}."
    raw["transcript"][0]["answer"] += f" Elle a dit {words['said']}."
    path = tmp_path / f"{number.replace('/', '-')}.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    hearing_id, _files = workspace.fill(answers_file.read(path, workspace.catalog), tmp_path / number.replace("/", "-"))
    return workspace.store.hearing(hearing_id).case_id


def _traces(word: str) -> tuple[bytes, ...]:
    """The word, and its end: a search index stores a word after the start it shares with the one before it."""
    return word.encode(), word[-7:].encode()


def _found(text: bytes, words: dict[str, str]) -> set[str]:
    lower = text.lower()
    return {word for word in words.values() if any(trace in lower for trace in _traces(word))}


def _keys(database: Path) -> list[dict[str, Any]]:
    """What may open a database file of the folder: the raw key of its keyring (a backup carries its own; a copy
    kept beside the database is under the database's), else the passphrase (a copy made before the keyring)."""
    found = []
    for holder in (database, DataPaths(database.parent).database):
        if keyring.path_of(holder).exists():
            found.append({"raw_key": keyring.key_of(keyring.secret_for(holder, PASSPHRASE))})
    return [*found, {"passphrase": PASSPHRASE}]


def _clear_text(database: Path) -> bytes:
    for key in _keys(database):
        try:
            return pages.clear_text(database, **key)
        except pages.PageInvalid:
            continue
    raise AssertionError(f"{database}: no key opens it")


def _readable(folder: Path) -> dict[Path, bytes]:
    """Every file of the data folder as someone holding the key reads it: databases decrypted page by page."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.endswith(("-wal", "-shm")):
            continue  # read with their database (the -shm holds page numbers, never content)
        data = path.read_bytes()
        if data and len(data) % pages.PAGE_SIZE == 0 and not data.startswith(pages.SQLITE_HEADER):
            found[path] = _clear_text(path)
        else:
            found[path] = data
    return found


@pytest.fixture
def two_cases(workspace: Workspace, tmp_path: Path) -> tuple[int, int]:
    purged = _fill(workspace, tmp_path, "2026/000111", PURGED)
    kept = _fill(workspace, tmp_path, "2026/000222", KEPT)
    workspace.store.record_read("searched", requete=PURGED["search"], resultats=1)
    workspace.store.record_read("searched", requete=KEPT["name"], resultats=1)
    # The copies that outlive a day's work: a backup, a copy kept by a restore, a copy made before a migration.
    workspace.backup_now()
    database = workspace.paths.database
    workspace.store.export_copy(database.with_name(f"{database.name}{backups.KEPT_MARK}000001-20260314-090000"))
    workspace.store.export_copy(migration_copy(database, "m019_example"))
    return purged, kept


def test_a_purged_case_leaves_no_word_in_any_page_of_any_copy(workspace: Workspace, two_cases: tuple[int, int]):
    purged, kept = two_cases
    root = workspace.paths.root
    before = _readable(root)
    assert len([p for p in before if p.suffix == ".db" or ".avant-" in p.name]) >= 3
    everything = b"".join(before.values())
    assert _found(everything, PURGED) == set(PURGED.values())  # the scan sees them while they are there
    kept_hearing = workspace.store.hearings(kept)[0].id
    kept_view, kept_entries = workspace.view(kept_hearing), workspace.store.entries(kept_hearing)

    report = workspace.purge_case(purged)

    assert report.case_number == "2026/000111"
    assert report.counts["cases"] == 1 and report.counts["hearings"] == 1 and report.counts["persons"] == 1
    assert report.counts["transcript_entries"] >= 1 and report.counts["answers"] > 10 and report.counts["exports"] >= 1
    assert report.backup is not None and report.backup.exists()
    assert len(report.backups_removed) == 3 and not report.problem
    after = _readable(root)
    for path, text in after.items():
        assert _found(text, PURGED) == set(), f"{path.name} still holds the purged case"
    database = workspace.paths.database
    assert _found(after[database], KEPT) == set(KEPT.values())
    assert _found(after[report.backup], KEPT) == set(KEPT.values())
    assert backups.encrypted_copies(database) == [report.backup]
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    # The trail verifies, replay included; the purge says what went, not what it said.
    verified = workspace.store.verify_audit(replay=True)
    assert verified.ok, verified.problems
    entry = workspace.store.audit_entries_of(PURGE_ACTION)[-1]
    assert entry.detail["dossier"] == {"id": purged, "numero": "2026/000111"}
    assert entry.detail["lignes"] == report.counts
    assert entry.account == workspace.account
    blanked = [e for e in workspace.store.audit_entries() if e.purged]
    assert len(blanked) == report.entries_blanked > 0
    assert {e.action for e in blanked} >= {"case_created", "hearing_created", "field_changed", "exported", "searched"}
    # The other case is as it was.
    with pytest.raises(NotFound):
        workspace.store.case(purged)
    assert workspace.view(kept_hearing).answers == kept_view.answers
    assert workspace.store.entries(kept_hearing) == kept_entries
    assert workspace.store.search(KEPT["said"])[0].id == kept
    assert workspace.store.search(PURGED["said"]) == []


def test_a_new_case_given_a_purged_id_replays_from_its_own_entries(workspace: Workspace, tmp_path: Path):
    first = _fill(workspace, tmp_path, "2026/000111", PURGED)
    workspace.purge_case(first)
    again = _fill(workspace, tmp_path, "2026/000333", KEPT)
    assert again == first  # SQLite gives the highest id again once its row is gone
    verified = workspace.store.verify_audit(replay=True)
    assert verified.ok, verified.problems


def test_purging_twice_or_an_unknown_case_is_refused(workspace: Workspace, tmp_path: Path):
    case_id = _fill(workspace, tmp_path, "2026/000111", PURGED)
    workspace.purge_case(case_id)
    with pytest.raises(NotFound, match="introuvable"):
        workspace.purge_case(case_id)
    assert workspace.store.verify_audit(replay=True).ok


def test_only_an_administrator_purges_or_sets_the_periods(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    case_id = _fill(workspace, tmp_path, "2026/000111", PURGED)
    monkeypatch.setattr(Workspace, "is_admin", property(lambda self: False))
    with pytest.raises(StoreError, match="administrateur"):
        workspace.purge_case(case_id)
    with pytest.raises(StoreError, match="administrateur"):
        workspace.set_retention_policy(RetentionPolicy(closed_days=30))
    assert workspace.store.case(case_id).procedure_number == "2026/000111"


def _at(workspace: Workspace, clock: Any, day: dt.date) -> None:
    clock.now = dt.datetime.combine(day, dt.time(10, 0)).astimezone()


def test_due_cases_follow_the_periods_set(workspace: Workspace, clock: Any, tmp_path: Path):
    _at(workspace, clock, dt.date(2026, 3, 14))
    exported = _fill(workspace, tmp_path, "2026/000111", PURGED)  # exported on 14 March
    closed = workspace.create_case(procedure_number="2026/000444")
    _at(workspace, clock, dt.date(2026, 4, 1))
    workspace.set_case_status(closed, "closed")
    still_open = workspace.create_case(procedure_number="2026/000555")
    assert workspace.due_cases(dt.date(2030, 1, 1)) == []  # nothing is due before a period is set

    workspace.set_retention_policy(RetentionPolicy(closed_days=10, exported_days=30))
    due = {c.case_id: c for c in workspace.due_cases(dt.date(2026, 4, 20))}
    assert set(due) == {exported, closed} and still_open not in due
    assert (due[exported].rule, due[exported].due_since) == ("exported", dt.date(2026, 4, 13))
    assert (due[closed].rule, due[closed].due_since) == ("closed", dt.date(2026, 4, 11))
    assert due[closed].procedure_number == "2026/000444"
    assert [c.case_id for c in workspace.due_cases(dt.date(2026, 4, 12))] == [closed]
    # Both rules: the earlier date.
    workspace.set_retention_policy(RetentionPolicy(closed_days=None, exported_days=5))
    assert [(c.case_id, c.due_since) for c in workspace.due_cases(dt.date(2026, 4, 20))] == [
        (exported, dt.date(2026, 3, 19))
    ]
    entry = workspace.store.audit_entries_of("retention_set")[-1]
    assert entry.detail["auditions_exportees"] == 5 and entry.detail["avant"]["dossiers_clos"] == 10
    with pytest.raises(StoreError, match="invalide"):
        workspace.set_retention_policy(RetentionPolicy(closed_days=-1))


def test_the_purge_runs_on_the_second_connection_and_the_window_store_sees_it(
    workspace: Workspace, tmp_path: Path, data_paths: Any
):
    from audition_assistant.core.side_connection import SideConnection

    purged = _fill(workspace, tmp_path, "2026/000111", PURGED)
    kept = _fill(workspace, tmp_path, "2026/000222", KEPT)
    workspace.backup_now()
    side = SideConnection(data_paths.database, PASSPHRASE)
    try:
        report = workspace.purge_job(purged, side)()  # what the window's worker thread runs
    finally:
        side.close()
        side.wait_closed()
    assert report.case_number == "2026/000111" and len(report.backups_removed) == 1 and not report.problem
    assert [c.id for c in workspace.store.cases()] == [kept]
    assert workspace.store.audit_entries_of(PURGE_ACTION)[-1].account == workspace.account
    for path, text in _readable(workspace.paths.root).items():
        assert _found(text, PURGED) == set(), path.name
    workspace.store.record("after_purge")  # the window's store goes on writing after the job
    verified = workspace.store.verify_audit(replay=True)
    assert verified.ok, verified.problems
    assert workspace.store.anchor_problem is None


def test_a_case_recorded_by_release_0_1_0_is_purged_whole_and_the_trail_still_verifies(tmp_path: Path):
    """Its entries were sealed with their detail: m010 gave them a digest, so they are blanked like the later ones."""
    import shutil

    from audition_assistant.core.paths import DataPaths

    fixture = Path(__file__).parents[1] / "fixtures" / "release-0.1.0"
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    for name in ("audition-assistant.db", "audition-assistant.db.ancre"):
        shutil.copyfile(fixture / name, paths.root / name)
    contents = json.loads((fixture / "contents.json").read_text(encoding="utf-8"))
    first, second = (c["id"] for c in contents["cases"][:2])
    name = next(p["display_name"] for p in contents["persons"] if p["case_id"] == first)
    # Words the first case's hearing recorded, found in no other row of the database (templates included).
    hearings = {h["id"] for h in contents["hearings"] if h["case_id"] == first}

    def of_first(table: str, row: dict[str, Any]) -> bool:
        own_id = {"cases": {first}, "hearings": hearings}.get(table, set())
        return row.get("id") in own_id or row.get("case_id") == first or row.get("hearing_id") in hearings

    others = json.dumps(
        [r for table, rows in contents.items() if isinstance(rows, list) for r in rows if not of_first(table, r)],
        ensure_ascii=False,
    ).lower()
    words = {
        w
        for r in contents["transcript_entries"]
        if r["hearing_id"] in hearings
        for w in (r["answer"] or "").lower().replace(",", " ").replace(".", " ").split()
        if len(w) > 9 and w not in others
    }
    assert name and words
    workspace = Workspace.open(paths, PASSPHRASE, backup=False)
    try:
        assert all(w.encode() in _readable(paths.root)[paths.database].lower() for w in words)
        workspace.update_case(second, reason="Nouvel intitulé", heading="Intitulé changé après la mise à jour")
        old = workspace.purge_case(first)
        assert old.entries_blanked > 0
        new = workspace.purge_case(second)
        assert new.entries_blanked >= 1
        verified = workspace.store.verify_audit(replay=True)
        assert verified.ok, verified.problems
        left = {c.id for c in workspace.store.cases(("open", "closed", "archived"))}
        assert left == {c["id"] for c in contents["cases"]} - {first, second}
        assert not list(paths.root.glob("*.avant-migration-*"))  # the copy made before m010 held both cases
    finally:
        workspace.close()
    readable = _readable(paths.root)
    for path, text in readable.items():
        remaining = [w for w in [*words, name.lower()] if w.encode() in text.lower()]
        assert not remaining, (path, remaining)


def test_a_compaction_that_fails_is_said_and_the_erasure_stands(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from audition_assistant.core.store.cipher import DatabaseError

    case_id = _fill(workspace, tmp_path, "2026/000111", PURGED)

    def full(*args: Any) -> bool:
        raise DatabaseError("database or disk is full")

    monkeypatch.setattr(type(workspace.store), "compact", full)
    report = workspace.purge_case(case_id)
    assert "n'a pas pu être compactée" in report.problem and "Attention\u00a0:" in report.summary
    with pytest.raises(NotFound):
        workspace.store.case(case_id)
    assert workspace.store.verify_audit(replay=True).ok


def test_the_summary_of_a_case_without_hearings_reads_as_french(workspace: Workspace):
    case_id = workspace.store.create_case("2026/000333", "Affaire sans audition")
    summary = workspace.purge_case(case_id).summary
    assert summary.startswith("Dossier 2026/000333 purgé\u00a0: 1 ligne effacée\u00a0; 1 entrée du journal vidée")
    assert "0 audition" not in summary
