"""The opening checks run off the GUI thread: integrity check, then the day's backup and its rotation."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from audition_assistant.core import backups, maintenance, settings
from audition_assistant.core.maintenance import MaintenanceReport
from audition_assistant.core.store import CorruptDatabase, Store, StoreError, audit, cipher, keyring
from audition_assistant.core.store.integrity import page_problems
from audition_assistant.core.workspace import Workspace

PASS = "correct horse battery staple"
PAGE = 4096


def words(n: int, seed: int) -> str:
    """Varied text (FTS indexes every word), about 8 bytes a word."""
    return " ".join(f"mot{(seed * 7919 + i * 104729) % 100003}" for i in range(n))


def fill(store: Store, cases: int, words_each: int = 250, start: int = 0) -> None:
    for i in range(start, start + cases):
        store.create_case(f"2026/{i:06d}", words(words_each, i))


def damage_a_page_open_does_not_read(store: Store, path: Path) -> None:
    """Write a large case, close, then spoil a page in the middle of what it added.

    Opening reads the schema and the migrations table, and the audit entry
    written afterwards the audit table: none of them lives among the pages of
    a case's long heading, written last.
    """
    store.close()
    before = path.stat().st_size
    again = Store.open(path, PASS, check=False)
    again.create_case("2026/999999", words(20_000, 1))
    again.close()  # the last connection: everything checkpointed into the file
    after = path.stat().st_size
    assert after - before > 20 * PAGE
    offset = (before + after) // 2 // PAGE * PAGE + 512
    data = bytearray(path.read_bytes())
    data[offset : offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def job(workspace: Workspace, cancel: threading.Event | None = None, **kwargs) -> MaintenanceReport:
    return workspace.maintenance_job(PASS, **kwargs)(cancel or threading.Event())


# --- damaged database ------------------------------------------------------------


def test_a_damaged_database_is_reported_never_backed_up_and_keeps_its_backups(data_paths, workspace, clock):
    fill(workspace.store, 20)
    for _ in range(2):  # two good backups, on two earlier days
        assert job(workspace).backup is not None
        clock.advance(days=1)
    workspace.save_settings(settings.Settings(backups_kept=1))  # a backup now would push both out
    folder = workspace.backup_folder()
    kept = files(folder)
    damage_a_page_open_does_not_read(workspace.store, data_paths.database)

    damaged = Workspace.open(data_paths, PASS, check=False, backup=False)
    try:
        report = job(damaged)
        assert report.checked and report.damaged and not report.cancelled and report.error == ""
        assert "HMAC" in report.problems[0] or "malformed" in report.problems[0]
        assert report.backup is None and report.removed == ()
        assert files(folder) == kept

        message = damaged.maintenance_done(report)
        assert "endommagée" in message and "Restaurez la dernière sauvegarde" in message
        assert "sauvegardes existantes sont conservées" in message and "journal" not in message
        entry = damaged.store.audit_entries()[-1]
        assert entry.action == "integrity_failed" and entry.detail["problem"] == report.problems[0]
    finally:
        damaged.close()


def hold_an_old_snapshot(store: Store, path: Path) -> Any:
    """Another reader keeps a snapshot while the store commits more and checkpoints: the copy stops at it."""
    store._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fill(store, 10, start=100)  # in the WAL, before the reader's snapshot
    reader = cipher.connect(path, PASS)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    fill(store, 20, start=200)  # after it
    store._db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return reader


def test_pages_not_yet_copied_from_the_wal_are_not_taken_for_damage(workspace, data_paths):
    fill(workspace.store, 20)
    reader = hold_an_old_snapshot(workspace.store, data_paths.database)
    reader.execute("ROLLBACK")
    try:
        # What SQLCipher's page check alone reads in the file now: places no page was copied to yet.
        assert page_problems(reader)
    finally:
        reader.close()
    report = job(workspace)
    assert report.checked and not report.damaged and report.backup is not None


def test_a_reader_that_keeps_the_wal_from_being_copied_postpones_the_check(workspace, data_paths, monkeypatch):
    monkeypatch.setattr(maintenance, "SETTLE_PAUSE", 0.01)
    fill(workspace.store, 20)
    reader = hold_an_old_snapshot(workspace.store, data_paths.database)
    try:
        report = job(workspace)
    finally:
        reader.close()
    assert not report.checked and not report.damaged and report.backup is None
    assert report.error.startswith("Vérification reportée")
    assert workspace.maintenance_done(report) == report.error


def test_maintenance_done_reports_what_it_could_not_record(workspace, monkeypatch):
    report = MaintenanceReport(workspace.paths.database, checked=True, problems=("HMAC verification failed",))

    def unreadable(*args, **kwargs):
        raise cipher.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(workspace.store, "record", unreadable)
    assert "n'a pas pu être inscrit au journal" in workspace.maintenance_done(report)
    monkeypatch.undo()
    workspace.store.lock()  # the session locked before the job ended
    assert "n'a pas pu être inscrit au journal" in workspace.maintenance_done(report)


# --- sound database ----------------------------------------------------------------


def test_a_sound_database_gets_one_backup_a_day_and_the_rotation_keeps_n(workspace, clock):
    fill(workspace.store, 5)
    first = job(workspace)
    assert first.checked and not first.damaged and first.backup is not None and first.backup.exists()
    said = workspace.maintenance_done(first)
    assert said == f"Base vérifiée : aucune anomalie. Sauvegarde du jour : {first.backup.name}."
    assert workspace.store.audit_entries()[-1].action == "backup_made"
    assert workspace.store.audit_entries()[-1].detail == {"file": first.backup.name}
    assert os.stat(first.backup).st_mode & 0o777 == 0o600
    backup_store = Store.open(first.backup, PASS)  # a whole, encrypted copy: same passphrase, full check
    assert len(backup_store.cases()) == 5
    backup_store.close()

    clock.advance(hours=3)
    later = job(workspace)
    assert later.checked and later.backup is None  # not a second one the same day
    entries = len(workspace.store.audit_entries())
    assert workspace.maintenance_done(later) == "Base vérifiée : aucune anomalie."
    assert len(workspace.store.audit_entries()) == entries  # nothing to record

    workspace.save_settings(settings.Settings(backups_kept=2))
    made, removed = [first.backup], []
    for _ in range(3):
        clock.advance(days=1)
        report = job(workspace)
        assert report.backup is not None
        made.append(report.backup)
        removed += report.removed
    folder = workspace.backup_folder()
    assert backups.backups(folder) == made[:-3:-1]  # the two newest
    assert sorted(removed) == sorted(made[:2]) and not any(p.exists() for p in removed)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        n for p in made[-2:] for n in (p.name, p.name + ".tete", p.name + ".comptes")
    )  # nothing partial; each backup with its sidecar and its keyring


def test_job_runs_once_and_drops_its_passphrase(workspace):
    maintenance_job = workspace.maintenance_job(PASS, backup=False)
    assert maintenance_job(threading.Event()).checked
    again = maintenance_job(threading.Event())
    assert not again.checked and again.error == "Cette vérification a déjà été faite."


# --- concurrency -------------------------------------------------------------------


def test_the_backup_is_one_snapshot_while_the_store_keeps_writing(workspace):
    store = workspace.store
    fill(store, 150, words_each=2000)  # a few megabytes: the export lasts a while
    initial = len(store.cases())
    result: list[MaintenanceReport] = []
    worker = threading.Thread(target=lambda: result.append(job(workspace)))
    worker.start()
    written = 0
    while worker.is_alive() or written < 200:
        store.create_case(f"2027/{written:06d}", "écrit pendant la maintenance")
        written += 1
    worker.join()
    (report,) = result
    assert report.backup is not None and report.error == ""
    assert store.verify_audit().ok

    copy = Store.open(report.backup, PASS, check=True)
    try:
        assert audit.check(copy._db.conn, None).ok  # its chain and hearings (a backup has no anchor of its own)
        cases = {c.id for c in copy.cases()}
        logged = {e.case_id for e in copy.audit_entries() if e.action == "case_created"}
        assert cases == logged  # every table read at the same instant
        assert initial < len(cases) < initial + written  # taken while the writes went on
    finally:
        copy.close()


# --- cancellation ------------------------------------------------------------------


class CancelAt(threading.Event):
    """An event that sets itself when ``condition()`` first holds as the job polls it."""

    def __init__(self, condition):
        super().__init__()
        self.condition = condition
        self.polls = 0

    def is_set(self) -> bool:
        self.polls += 1
        if self.condition(self.polls):
            self.set()
        return super().is_set()


def partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*") if ".partiel" in p.name] if folder.is_dir() else []


def test_a_cancel_before_the_start_does_nothing(workspace):
    cancel = threading.Event()
    cancel.set()
    report = job(workspace, cancel)
    assert report.cancelled and not report.checked and report.backup is None
    assert not workspace.backup_folder().exists()
    assert workspace.maintenance_done(report).startswith("Vérification de la base interrompue")


def test_a_cancel_during_the_check_stops_it(workspace):
    fill(workspace.store, 100, words_each=2000)
    counting = CancelAt(lambda polls: False)
    assert job(workspace, counting, backup=False).checked
    assert counting.polls > 2  # the progress handler polls during the check, not only before and after it
    cancel = CancelAt(lambda polls: polls == 2)  # the first poll from the progress handler, in the quick check
    report = job(workspace, cancel)
    assert report.cancelled and not report.checked and report.backup is None
    assert not workspace.backup_folder().exists()
    entries = len(workspace.store.audit_entries())
    workspace.maintenance_done(report)
    assert len(workspace.store.audit_entries()) == entries  # nothing recorded


def test_a_cancel_during_the_backup_leaves_no_file(workspace, clock):
    fill(workspace.store, 100, words_each=2000)
    earlier = job(workspace).backup
    clock.advance(days=1)
    folder = workspace.backup_folder()
    cancel = CancelAt(lambda polls: bool(partial_files(folder)))
    report = job(workspace, cancel)
    assert report.cancelled and report.checked and not report.damaged
    assert report.backup is None and report.removed == ()
    assert sorted(folder.iterdir()) == [earlier, keyring.path_of(earlier), backups.sidecar_of(earlier)]
    assert workspace.maintenance_done(report) == (
        "Base vérifiée : aucune anomalie. Sauvegarde interrompue : elle sera faite à la prochaine ouverture."
    )


def test_an_event_set_from_another_thread_stops_the_backup_at_once(workspace):
    fill(workspace.store, 100, words_each=2000)
    folder = workspace.backup_folder()
    exporting = threading.Event()

    class Handshake(threading.Event):
        """Tells the test when the export runs, then waits (briefly) for it to be cancelled."""

        def is_set(self) -> bool:
            if not exporting.is_set() and partial_files(folder):
                exporting.set()
                self.wait(5)
            return super().is_set()

    cancel = Handshake()
    result: list[MaintenanceReport] = []
    worker = threading.Thread(target=lambda: result.append(job(workspace, cancel)))
    worker.start()
    assert exporting.wait(60)
    cancelled_at = time.monotonic()
    cancel.set()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - cancelled_at < 1.0
    (report,) = result
    assert report.cancelled and report.backup is None
    assert list(folder.iterdir()) == []


# --- failures of the job itself ----------------------------------------------------


def test_a_backup_folder_that_cannot_be_made_is_reported_in_french(workspace):
    folder = workspace.backup_folder()
    folder.write_text("un fichier à la place du dossier")
    report = job(workspace)
    assert report.checked and not report.damaged and report.backup is None
    assert report.error == f"La sauvegarde du jour n'a pas pu être faite dans {folder} : un fichier porte déjà ce nom."
    assert workspace.maintenance_done(report) == "Base vérifiée : aucune anomalie. " + report.error


def test_a_disk_that_fills_up_during_the_backup_is_reported_in_french(workspace, monkeypatch):
    """SQLite says SQLITE_FULL when the disk fills while it writes the copy: half a file must not stay."""
    real_export = cipher.export

    def export_until_full(conn: Any, target: Path, then: Any = None) -> None:
        real_export(conn, target, then)  # a partial file is on disk when the disk gives out
        error = cipher.DatabaseError("database or disk is full")
        error.sqlite_errorcode = 13  # type: ignore[attr-defined]  # SQLITE_FULL, as the driver sets it
        raise error

    monkeypatch.setattr(maintenance.cipher, "export", export_until_full)
    report = job(workspace)
    folder = workspace.backup_folder()
    assert report.checked and report.backup is None
    assert report.error == f"La sauvegarde du jour n'a pas pu être faite dans {folder} : disque plein."
    assert list(folder.iterdir()) == []  # no .partiel left


def test_a_synchronous_opening_says_why_the_backup_failed_and_frees_the_folder(data_paths):
    backups.folder_of(data_paths.root).write_text("un fichier à la place du dossier")
    with pytest.raises(StoreError, match="sauvegarde du jour n'a pas pu être faite"):
        Workspace.open(data_paths, PASS, create=True)
    Workspace.open(data_paths, PASS, backup=False).close()  # the folder lock was released


# --- opening -----------------------------------------------------------------------


def test_opening_without_the_check_reads_no_damaged_page_the_default_refuses_it(data_paths, store):
    fill(store, 20)
    damage_a_page_open_does_not_read(store, data_paths.database)

    quick = Workspace.open(data_paths, PASS, check=False, backup=False)
    assert quick.store.has_profile()
    quick.close()

    with pytest.raises(CorruptDatabase, match=r"La base audition-assistant\.db est endommagée \(.+\)\. Restaurez"):
        Workspace.open(data_paths, PASS)
    with pytest.raises(CorruptDatabase):
        Workspace.open(data_paths, PASS, backup=False)
    assert not backups.folder_of(data_paths.root).exists()  # no backup of a damaged base
    Workspace.open(data_paths, PASS, check=False, backup=False).close()  # the folder lock was released


def test_describe_says_each_outcome_in_french(tmp_path):
    database = tmp_path / "audition-assistant.db"
    made = tmp_path / "sauvegarde-20260314-090000.db"
    assert maintenance.describe(MaintenanceReport(database, checked=True)) == "Base vérifiée : aucune anomalie."
    assert maintenance.describe(MaintenanceReport(database, checked=True, backup=made), recorded=False) == (
        "Base vérifiée : aucune anomalie. Sauvegarde du jour : sauvegarde-20260314-090000.db."
        " Elle n'a pas pu être inscrite au journal."
    )
    assert maintenance.describe(MaintenanceReport(database, error="Vérification impossible : disque plein.")) == (
        "Vérification impossible : disque plein."
    )
    assert maintenance.describe(MaintenanceReport(database, checked=True, problems=("page 3",))) == (
        "La base audition-assistant.db est endommagée (page 3). Restaurez la dernière sauvegarde."
        " Aucune sauvegarde n'a été faite : les sauvegardes existantes sont conservées."
    )
