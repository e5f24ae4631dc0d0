"""Backups and restores: ordered by sequence, never by the clock; each with its audit head; restores checked,
recorded and never leaving the folder without a database; old copies dealt with when the passphrase changes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from audition_assistant.core import backups, settings
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import CorruptDatabase, Store, WrongPassphrase, cipher, keyring
from audition_assistant.core.workspace import DatabaseMissing, Workspace, restore_backup

PASS = "correct horse battery staple"  # tests/conftest.py's
NEW = "une toute nouvelle phrase secrète"


def job(workspace: Workspace, passphrase: str = PASS):
    report = workspace.maintenance_job(passphrase)(threading.Event())
    workspace.maintenance_done(report)
    return report


def opens_with(path: Path, passphrase: str) -> bool:
    try:
        cipher.connect(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def head_of(store: Store) -> dict:
    last = store._db.execute("SELECT hash FROM audit_log ORDER BY id DESC").fetchone()[0]
    return {"entries": len(store.audit_entries()), "head": last}


# --- order: a sequence, not the clock -------------------------------------------------------------
def test_a_backup_made_with_the_clock_ahead_does_not_stay_the_latest(workspace, clock):
    clock.now = dt.datetime(2027, 6, 1, 9, 0)  # a clock set a year ahead, then corrected
    ahead = job(workspace).backup
    clock.now = dt.datetime(2026, 3, 15, 9, 0)
    today = job(workspace).backup
    assert today is not None and backups.backups(workspace.backup_folder())[0] == today
    clock.advance(hours=2)
    assert job(workspace).backup is None  # today's is there: not a second one
    clock.advance(days=1)
    tomorrow = job(workspace).backup
    assert backups.backups(workspace.backup_folder()) == [tomorrow, today, ahead]


def test_with_the_clock_set_back_a_new_backup_is_kept_and_the_oldest_go(workspace, clock):
    workspace.save_settings(settings.Settings(backups_kept=2))
    made = []
    for _ in range(3):
        made.append(job(workspace).backup)
        clock.advance(days=1)
    clock.now = dt.datetime(2001, 1, 1, 9, 0)  # a dead clock battery
    report = job(workspace)
    assert report.backup is not None and report.backup.exists() and report.backup not in report.removed
    assert backups.backups(workspace.backup_folder()) == [report.backup, made[-1]]
    assert workspace.store.audit_entries()[-1].detail == {"file": report.backup.name}


def test_backups_named_before_numbering_count_as_older(workspace, clock):
    first = job(workspace).backup
    folder = workspace.backup_folder()
    legacy = folder / "sauvegarde-20991231-235959.db"  # the old naming, and a clock far ahead
    shutil.copyfile(first, legacy)
    clock.advance(days=1)
    newer = job(workspace).backup
    assert backups.backups(folder) == [newer, first, legacy]
    assert newer.name.startswith("sauvegarde-000002-20260315-")


# --- the audit head beside each backup ---------------------------------------------------------------
def test_each_backup_carries_its_audit_head_and_a_restore_checks_it(data_paths, workspace, clock):
    workspace.store.create_case("2026/1")
    expected = head_of(workspace.store)
    daily = job(workspace).backup
    assert json.loads(backups.sidecar_of(daily).read_text()) == expected
    workspace.store.create_case("2026/2")
    expected = head_of(workspace.store)
    on_demand = workspace.backup_now()
    assert json.loads(backups.sidecar_of(on_demand).read_text()) == expected
    workspace.close()

    # An older backup put in the place of a newer one (its trail shorter than recorded) is refused.
    shutil.copyfile(daily, on_demand)
    before = data_paths.database.read_bytes()
    with pytest.raises(CorruptDatabase, match=r"ne correspond plus .* restauration refusée"):
        restore_backup(data_paths, on_demand, PASS, clock.now)
    assert data_paths.database.read_bytes() == before
    assert (
        restore_backup(data_paths, daily, PASS, clock.now).entries_after
        == json.loads(backups.sidecar_of(daily).read_text())["entries"]
    )


# --- a restore -------------------------------------------------------------------------------------
@pytest.mark.parametrize("cut", ["empty", "odd", "half"])
@pytest.mark.parametrize("passphrase", [PASS, "n'importe laquelle"])
def test_an_empty_or_cut_backup_is_refused_and_the_database_kept(data_paths, workspace, clock, cut, passphrase):
    made = workspace.backup_now()
    workspace.close()
    size = made.stat().st_size
    keep = {"empty": 0, "odd": size - 100, "half": size // 2 // 4096 * 4096}[cut]
    with made.open("r+b") as handle:
        handle.truncate(keep)
    before = data_paths.database.read_bytes()
    with pytest.raises((CorruptDatabase, WrongPassphrase)) as refused:
        restore_backup(data_paths, made, passphrase, clock.now)
    if cut != "half" or passphrase == PASS:  # a wrong passphrase may be what is said first for a cut file
        assert refused.type is CorruptDatabase and "restauration refusée" in str(refused.value)
    if cut == "empty":
        assert "vide (0 octet)" in str(refused.value)
    assert data_paths.database.read_bytes() == before
    assert sorted(p.name for p in data_paths.root.iterdir() if "restauration" in p.name) == []


def test_a_restore_is_recorded_in_the_restored_trail_and_shows_the_rewind(data_paths, workspace, clock, template):
    case_id = workspace.store.create_case("2026/000321")
    person_id = workspace.store.add_person(case_id, {"nom": "A"})
    hearing_id = workspace.store.create_hearing(case_id, person_id, template.source)
    made = workspace.backup_now()
    in_backup = len(workspace.store.audit_entries()) - 1  # the backup's own entry follows it
    for i in range(20):
        workspace.store.set_answer(hearing_id, "notes", f"version {i}")
    before = len(workspace.store.audit_entries())
    workspace.close()

    restored = restore_backup(data_paths, made, PASS, clock.now)
    assert (restored.entries_before, restored.entries_after) == (before, in_backup)
    store = Store.open(data_paths.database, PASS)
    try:
        assert store.verify_audit().ok
        last = store.audit_entries()[-1]
        assert last.action == "restore"
        said = {"sauvegarde": made.name, "entrees_avant": before, "entrees_apres": in_backup}
        assert {k: last.detail[k] for k in said} == said
        assert last.detail["journal_entrees"] == in_backup  # the restored trail, now the anchor's reference
        assert store.audit_entries(hearing_id)[-1] == last  # in the hearing's history too
        assert store.answers(hearing_id).get("notes") is None
    finally:
        store.close()
    kept = Store.open(restored.kept, PASS)  # the replaced database, whole
    try:
        assert kept.answers(hearing_id)["notes"] == "version 19"
    finally:
        kept.close()


def test_copies_of_replaced_databases_are_rotated(data_paths, workspace, clock):
    made = workspace.backup_now()
    workspace.close()
    for _ in range(5):
        clock.advance(minutes=1)
        restore_backup(data_paths, made, PASS, clock.now)
    kept = backups.kept_copies(data_paths.database)
    assert len(kept) == backups.KEPT_COPIES
    copies = [p for p in data_paths.root.iterdir() if ".avant-restauration-" in p.name]
    assert [p.name for p in copies if not p.name.endswith(keyring.SUFFIX)] == [
        p.name for p in data_paths.root.iterdir() if p in kept
    ]
    assert kept[0].name.startswith("audition-assistant.db.avant-restauration-000005-")


def test_an_old_databases_wal_is_never_applied_to_the_restored_one(data_paths, workspace, clock):
    """A program killed after a commit leaves a WAL beside the database; the restore must fold it, not carry it."""
    made = workspace.backup_now()
    workspace.close()
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from audition_assistant.core.store import Store
        store = Store.open(Path({str(data_paths.database)!r}), {PASS!r})
        store.create_case("2026/après", "écrit puis tué")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    wal = data_paths.database.with_name(data_paths.database.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    restored = restore_backup(data_paths, made, PASS, clock.now)
    store = Store.open(data_paths.database, PASS)  # integrity checked: no foreign page applied
    try:
        assert [c.procedure_number for c in store.cases()] == []
    finally:
        store.close()
    kept = Store.open(restored.kept, PASS)
    try:
        assert [c.procedure_number for c in kept.cases()] == ["2026/après"]
    finally:
        kept.close()


def test_leftovers_of_killed_backups_and_restores_are_removed_at_the_next_start(data_paths, workspace):
    made = workspace.backup_now()
    workspace.close()
    folder = made.parent
    leftovers = [
        folder / "sauvegarde-000009-20260314-090000.db.partiel",
        folder / "sauvegarde-000009-20260314-090000.db.partiel-journal",
        folder / "sauvegarde-000008-20260313-090000.db.tete",  # its backup was never renamed into place
        data_paths.root / "audition-assistant.db.restauration",
        data_paths.root / "audition-assistant.db.restauration-wal",
    ]
    for path in leftovers:
        path.write_bytes(b"\0" * 4096)
    Workspace.open(data_paths, PASS, backup=False).close()
    assert not any(p.exists() for p in leftovers)
    assert made.exists() and backups.sidecar_of(made).exists()


# --- a missing database ------------------------------------------------------------------------------
def test_a_missing_database_where_backups_exist_is_said_and_never_recreated(data_paths, workspace):
    made = workspace.backup_now()
    workspace.close()
    data_paths.database.unlink()
    for create in (False, True):
        with pytest.raises(DatabaseMissing, match="introuvable, mais des sauvegardes existent") as missing:
            Workspace.open(data_paths, "n'importe quelle phrase", create=create)
        assert missing.value.latest == made and str(made.parent) in str(missing.value)
        assert not data_paths.database.exists()
    data_paths.database.write_bytes(b"")  # an empty file is no database either
    with pytest.raises(DatabaseMissing):
        Workspace.open(data_paths, "n'importe quelle phrase")
    assert data_paths.database.stat().st_size == 0


def test_a_new_database_is_created_only_when_asked(tmp_path):
    paths = DataPaths(tmp_path / "faute-de-frappe")
    with pytest.raises(DatabaseMissing, match="n'existe pas"):
        Workspace.open(paths, PASS)
    assert not paths.root.exists()
    paths.root.mkdir()
    with pytest.raises(DatabaseMissing, match="Aucune base"):
        Workspace.open(paths, PASS)
    assert not paths.database.exists()
    Workspace.open(paths, PASS, create=True, backup=False).close()
    assert paths.database.exists()


# --- a passphrase change -------------------------------------------------------------------------------
def test_a_passphrase_change_backs_up_at_once_and_rekeys_the_old_copies(data_paths, workspace, clock):
    old_backup = job(workspace).backup
    workspace.close()
    kept = restore_backup(data_paths, old_backup, PASS, clock.now).kept
    workspace = Workspace(data_paths, Store.open(data_paths.database, PASS, clock=clock))
    clock.advance(hours=1)
    changed = workspace.change_passphrase(PASS, NEW, old_copies="rekey")
    assert opens_with(changed.backup, NEW)  # a restore today works with the new passphrase
    assert set(changed.rekeyed) == {old_backup, kept} and changed.failed == ()
    for path in (old_backup, kept, changed.backup):
        assert opens_with(path, NEW) and not opens_with(path, PASS)
    actions = [e.action for e in workspace.store.audit_entries()]
    assert actions[-3:] == ["passphrase_changed", "backup_made", "old_copies_rekeyed"]
    workspace.close()
    restore_backup(data_paths, old_backup, NEW, clock.now)  # the sidecar still matches: same content


def test_a_passphrase_change_can_remove_the_old_copies_instead(data_paths, workspace, clock):
    old_backup = job(workspace).backup
    clock.advance(hours=1)
    changed = workspace.change_passphrase(PASS, NEW, old_copies="remove")
    assert changed.removed == (old_backup,) and not old_backup.exists()
    assert not backups.sidecar_of(old_backup).exists()
    assert backups.backups(workspace.backup_folder()) == [changed.backup]


def test_restoring_a_backup_under_the_old_passphrase_does_not_bring_it_back_silently(data_paths, workspace, clock):
    old_backup = workspace.backup_now()
    workspace.store.change_passphrase(PASS, NEW)  # as an older version did: the old backups left as they were
    workspace.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(backups.OtherPassphrase, match="autre phrase secrète"):
        restore_backup(data_paths, old_backup, PASS, clock.now)
    assert data_paths.database.read_bytes() == before and opens_with(data_paths.database, NEW)
    restore_backup(data_paths, old_backup, PASS, clock.now, other_passphrase=True)  # when said so
    assert opens_with(data_paths.database, PASS)


def test_a_kill_right_after_the_keyring_is_written_leaves_the_new_passphrase_working(data_paths, store):
    store.close()
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from audition_assistant.core.store import Store, cipher
        from audition_assistant.core.store import keyring
        real = keyring.save
        def save_then_die(database, ring):
            real(database, ring)
            os.kill(os.getpid(), signal.SIGKILL)
        keyring.save = save_then_die
        Store.open(Path({str(data_paths.database)!r}), {PASS!r}).change_passphrase({PASS!r}, {NEW!r})
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert result.returncode == -signal.SIGKILL
    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, PASS)
    reopened = Store.open(data_paths.database, NEW)
    try:
        assert reopened.verify_audit().ok
    finally:
        reopened.close()


def test_after_a_change_cut_short_the_next_opening_backs_up_under_the_new_passphrase(workspace, clock):
    first = job(workspace).backup
    workspace.store.change_passphrase(PASS, NEW)  # killed before its backup, as it were
    clock.advance(hours=1)
    report = job(workspace, NEW)
    assert report.backup is not None and report.backup != first and opens_with(report.backup, NEW)
    clock.advance(hours=1)
    assert job(workspace, NEW).backup is None  # and once only


def test_a_crash_between_the_database_and_anchor_renames_is_no_alteration(workspace, data_paths, clock):
    workspace.store.create_case("2026/000555")
    backup = workspace.backup_now()
    workspace.store.create_case("2026/000556")  # after the backup: the restore rewinds the trail
    workspace.store.flush_anchor()
    anchor = data_paths.database.with_name(data_paths.database.name + ".ancre")
    old_anchor = anchor.read_bytes()
    workspace.store.close()
    restore_backup(data_paths, backup, PASS, clock.now)
    anchor.write_bytes(old_anchor)  # as a kill between the two renames leaves it
    store = Store.open(data_paths.database, PASS, clock=clock)
    try:
        assert store.anchor_problem is None and store.verify_audit().ok
        store.create_case("2026/000557")
        store.flush_anchor()
    finally:
        store.close()
    assert anchor.read_bytes() != old_anchor  # the anchor follows the restored trail again
    reopened = Store.open(data_paths.database, PASS, clock=clock)
    try:
        assert reopened.anchor_problem is None and reopened.verify_audit().ok
    finally:
        reopened.close()


def test_an_old_anchor_beside_a_trail_that_does_not_name_it_is_still_an_alteration(workspace, data_paths, clock):
    workspace.store.create_case("2026/000555")
    backup = workspace.backup_now()
    workspace.store.create_case("2026/000556")
    workspace.store.flush_anchor()
    anchor = data_paths.database.with_name(data_paths.database.name + ".ancre")
    old_anchor = anchor.read_bytes()
    workspace.store.close()
    shutil.copyfile(backup, data_paths.database)  # a backup copied in by hand: no restore entry
    anchor.write_bytes(old_anchor)
    store = Store.open(data_paths.database, PASS, clock=clock)
    try:
        assert store.anchor_problem is not None and not store.verify_audit().ok
    finally:
        store.close()


def test_restoring_a_backup_of_an_older_release_leaves_no_copy_of_it_behind(data_paths, workspace, clock):
    """The restore migrates its working copy: the backup itself is the copy from before, none is kept beside."""
    workspace.close()
    old = data_paths.root.parent / "sauvegarde-0.1.0.db"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "release-0.1.0" / "audition-assistant.db", old)
    before = set(data_paths.root.iterdir())
    restored = restore_backup(data_paths, old, PASS, clock(), other_passphrase=True)
    left = {p.name for p in set(data_paths.root.iterdir()) - before}
    kept = restored.kept.name
    assert left <= {kept, kept + keyring.SUFFIX, ".verrou"}, left
    reopened = Workspace.open(data_paths, PASS, backup=False)
    try:
        assert len(reopened.store.cases()) == 6
    finally:
        reopened.close()
