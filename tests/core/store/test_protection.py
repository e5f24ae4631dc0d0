"""Audit verification, correction after closing, backups and restore, the folder lock, settings."""

from __future__ import annotations

import datetime as dt

import pytest

from audition_assistant.core import backups, settings
from audition_assistant.core.instance import FolderBusy, FolderLock
from audition_assistant.core.store import CorruptDatabase, Store, StoreError, StoreLocked, WrongPassphrase
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

PASS = "correct horse battery staple"


@pytest.fixture
def closed_hearing(store, template, clock):
    case_id = store.create_case("2026/000777")
    hearing_id = store.create_hearing(case_id, store.add_person(case_id, {"nom": "A"}), template.source)
    store.set_answer(hearing_id, "notes", "avant clôture")
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    return hearing_id


def test_audit_verify_finds_the_first_tampered_entry(store, closed_hearing):
    report = store.verify_audit()
    assert report.ok and report.entries == len(store.audit_entries())
    conn = store._db.conn
    conn.execute("DROP TRIGGER audit_log_no_update")  # what an attacker with the key could do
    conn.execute('UPDATE audit_log SET detail = \'{"field":"notes","new":"falsifié"}\' WHERE id = 6')
    report = store.verify_audit()
    assert (report.ok, report.first_bad) == (False, 6)
    assert "modifié" in report.problem


def test_audit_verify_finds_a_missing_entry(store, closed_hearing):
    conn = store._db.conn
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 4")
    report = store.verify_audit()
    assert (report.ok, report.first_bad) == (False, 4) and "manquante" in report.problem


def test_closed_hearing_reopens_only_with_a_reason_and_the_audit_keeps_it(store, closed_hearing):
    with pytest.raises(StoreError, match="close"):
        store.set_answer(closed_hearing, "notes", "après")
    with pytest.raises(StoreError, match="motif"):
        store.reopen_for_correction(closed_hearing, "rectification", "2026/000777/2", "  ")
    with pytest.raises(StoreError, match="numéro"):
        store.reopen_for_correction(closed_hearing, "rectification", " ", "Erreur de frappe sur le lieu")
    supplement = store.reopen_for_correction(
        closed_hearing, "rectification", "2026/000777/2", "Erreur de frappe sur le lieu"
    )
    store.set_answer(closed_hearing, "notes", "corrigé")
    store.finish_correction(closed_hearing)
    with pytest.raises(StoreError):
        store.set_answer(closed_hearing, "notes", "encore")
    history = [(e.action, e.detail) for e in store.audit_entries(closed_hearing)][-3:]
    assert history == [
        (
            "correction_opened",
            {
                "reason": "Erreur de frappe sur le lieu",
                "kind": "rectification",
                "pv_number": "2026/000777/2",
                "supplement": supplement,
            },
        ),
        ("field_changed", {"field": "notes", "old": "avant clôture", "new": "corrigé"}),
        ("correction_closed", {"supplement": supplement, "pv_number": "2026/000777/2"}),
    ]


def test_lock_drops_the_connection_and_unlock_needs_the_passphrase(store):
    store.create_case("2026/1")
    store.lock()
    assert store.locked
    with pytest.raises(StoreLocked, match="verrouillée"):
        store.cases()
    with pytest.raises(WrongPassphrase):
        store.unlock("pas la bonne")
    assert store.locked
    store.unlock(PASS)
    assert [c.procedure_number for c in store.cases()] == ["2026/1"]


def test_change_passphrase_rekeys(data_paths, store, clock):
    store.create_case("2026/2")
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("pas la bonne", "nouvelle phrase secrète")
    with pytest.raises(StoreError, match="trop courte"):
        store.change_passphrase(PASS, "court")
    with pytest.raises(StoreError, match="«\u00a0gendarmerie\u00a0»"):
        store.change_passphrase(PASS, "gendarmerie2026")
    store.change_passphrase(PASS, "nouvelle phrase secrète")
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, PASS)
    reopened = Store.open(data_paths.database, "nouvelle phrase secrète", clock=clock)
    assert reopened.audit_entries()[-1].action == "passphrase_changed"
    reopened.close()


def test_backups_rotate_and_restore_checks_the_file(data_paths, store, clock, tmp_path):
    folder = backups.folder_of(data_paths.root)
    case_id = store.create_case("2026/3", "Avant la sauvegarde")
    first = backups.make_backup(store, folder, clock.now)  # once a day: tests/core/test_maintenance.py
    assert first.read_bytes()[:16] != b"SQLite format 3\x00"
    for days in (1, 2, 3):
        backups.make_backup(store, folder, clock.now + dt.timedelta(days=days))
    assert len(backups.rotate(folder, keep=2)) == 2
    assert len(backups.backups(folder)) == 2
    latest = backups.backups(folder)[0]
    store.update_case(case_id, heading="Après la sauvegarde")
    store.close()
    kept = backups.restore(data_paths.database, latest, PASS, clock.now).kept
    assert kept is not None and kept.exists()
    restored = Store.open(data_paths.database, PASS, clock=clock)
    assert restored.case(case_id).heading == "Avant la sauvegarde"
    restored.close()
    with pytest.raises(WrongPassphrase):
        backups.restore(data_paths.database, latest, "pas la bonne", clock.now)
    damaged = tmp_path / "abime.db"
    data = bytearray(latest.read_bytes())
    data[5000:5100] = b"\x00" * 100
    damaged.write_bytes(bytes(data))
    before = data_paths.database.read_bytes()
    with pytest.raises(CorruptDatabase, match="restauration refusée"):
        backups.restore(data_paths.database, damaged, PASS, clock.now)
    assert data_paths.database.read_bytes() == before


def test_corrupted_database_is_reported_not_silently_used(data_paths, store, clock):
    for i in range(30):
        store.create_case(f"2026/{i:04d}", "x" * 500)
    store.close()
    data = bytearray(data_paths.database.read_bytes())
    data[8192:8292] = b"\xff" * 100  # inside a page other than the first
    data_paths.database.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabase, match="endommagée"):
        Store.open(data_paths.database, PASS, clock=clock)


def test_one_instance_per_data_folder(data_paths):
    first = Workspace.open(data_paths, PASS, backup=False, create=True)
    try:
        with pytest.raises(FolderBusy, match="déjà ouvert"):
            Workspace.open(data_paths, PASS, backup=False)
        with pytest.raises(FolderBusy):
            FolderLock(data_paths.root).acquire()
    finally:
        first.close()
    again = Workspace.open(data_paths, PASS, backup=False)
    again.close()


def test_wrong_passphrase_releases_the_folder(data_paths):
    Workspace.open(data_paths, PASS, backup=False, create=True).close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(data_paths, "pas la bonne")
    Workspace.open(data_paths, PASS, backup=False).close()


def test_first_opening_of_the_day_makes_a_backup(data_paths):
    workspace = Workspace.open(data_paths, PASS, create=True)
    try:
        assert len(backups.backups(workspace.backup_folder())) == 1
        assert workspace.store.audit_entries()[-1].action == "backup_made"
    finally:
        workspace.close()


def test_settings_round_trip_and_defaults(tmp_path):
    assert settings.load(tmp_path) == settings.Settings()
    settings.save(tmp_path, settings.Settings(idle_lock_minutes=12, backups_kept=3))
    assert settings.load(tmp_path) == settings.Settings(idle_lock_minutes=12, backups_kept=3)
    (tmp_path / settings.FILE_NAME).write_text("{pas du json", encoding="utf-8")
    assert settings.load(tmp_path) == settings.Settings()
    settings.save(tmp_path, settings.Settings(idle_lock_minutes=-5, backups_kept=0))
    assert settings.load(tmp_path) == settings.Settings(idle_lock_minutes=0, backups_kept=1)
