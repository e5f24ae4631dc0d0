"""Accounts on one station: each opens the same database with its own passphrase; removing one re-keys it."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from audition_assistant.core import backups
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Profile, Store, StoreError, WrongPassphrase, cipher, keying, keyring
from audition_assistant.core.workspace import Workspace, restore_backup

PASS = "correct horse battery staple"
BOB = "brouillard matinal sur la Seine"
CLAIRE = "trois pommes vertes dans un panier"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "release-0.1.0"


def opens(path: Path, secret: str) -> bool:
    try:
        cipher.connect(path, secret).close()
    except WrongPassphrase:
        return False
    return True


@pytest.fixture
def admin(data_paths, clock):
    store = Store.open(data_paths.database, PASS, clock=clock, account="alice")
    workspace = Workspace(data_paths, store)
    yield workspace
    workspace.close()


def test_a_new_database_has_a_keyring_with_one_administrator_and_a_raw_key(data_paths, clock):
    store = Store.open(data_paths.database, PASS, clock=clock)
    assert store.account == keying.default_account() and store.is_admin
    store.close()
    ring = keyring.load(data_paths.database)
    assert ring is not None and [s.admin for s in ring.slots] == [True]
    slot = ring.slots[0]
    assert slot.kdf["algorithm"] == "argon2id" and len(keyring._unb64(slot.kdf["salt"])) == 16
    assert oct(keyring.path_of(data_paths.database).stat().st_mode & 0o777) == "0o600"
    secret = keyring.raw(keyring.open_slot(slot, PASS))
    assert opens(data_paths.database, secret)
    with pytest.raises(WrongPassphrase):
        cipher.connect_key(data_paths.database, PASS)  # the passphrase is not the database's key


def test_two_accounts_open_the_same_database_each_with_its_own_passphrase_and_profile(admin, data_paths, clock):
    admin.save_profile(Profile(nom="DURAND", prenom="Alice", grade="Capitaine de police"))
    case_id = admin.create_case(procedure_number="2026/000700")
    admin.add_account("bob", BOB)
    assert [(a.name, a.admin) for a in admin.accounts()] == [("alice", True), ("bob", False)]
    admin.close()

    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, PASS, clock=clock, account="bob")
    bob = Store.open(data_paths.database, BOB, clock=clock)  # no account named: the slot that opens
    assert bob.account == "bob" and not bob.is_admin
    assert bob.case(case_id).procedure_number == "2026/000700"
    assert bob.profile().nom == ""  # his own profile, not Alice's
    bob.save_profile(Profile(nom="MARTIN", prenom="Bob", grade="Brigadier de police"))
    bob.create_case("2026/000701")
    with pytest.raises(StoreError, match="administrateur"):
        bob.add_account("eve", CLAIRE)
    entries = bob.audit_entries()
    assert (entries[-1].account, entries[-1].actor) == ("bob", "Brigadier de police Bob MARTIN")
    bob.close()

    alice = Store.open(data_paths.database, PASS, clock=clock, account="alice")
    assert alice.profile().nom == "DURAND"
    assert [e.action for e in alice.audit_entries() if e.action.startswith("account")] == ["account_added"]
    assert alice.verify_audit().ok
    alice.close()


def test_a_removed_account_opens_nothing_made_after_not_even_with_the_old_keyring(admin, data_paths, clock, tmp_path):
    admin.add_account("bob", BOB)
    admin.add_account("claire", CLAIRE, admin=True)
    old_backup = admin.backup_now()
    old_ring = tmp_path / "ancien.comptes"
    shutil.copyfile(keyring.path_of(data_paths.database), old_ring)
    old_key = admin.store.raw_key()
    assert old_key is not None

    changed = admin.remove_account("bob")
    assert [a.name for a in admin.accounts()] == ["alice", "claire"]
    assert old_backup in changed.rekeyed and changed.backup is not None
    admin.create_case(procedure_number="2026/000702")
    admin.close()

    assert not opens(data_paths.database, old_key)  # the file itself is under a new key
    stolen = keyring.load_from(old_ring)
    assert stolen is not None
    bob_key = keyring.open_slot(stolen.slot("bob"), BOB)  # his slot in the old keyring still opens...
    assert keyring.raw(bob_key) == old_key and not opens(data_paths.database, old_key)  # ...the old key only
    for copy in (data_paths.database, old_backup, changed.backup):
        assert not opens(copy, BOB) and not opens(copy, old_key)
        assert opens(copy, CLAIRE) and opens(copy, PASS)
    with pytest.raises(StoreError, match="Aucun compte"):
        Store.open(data_paths.database, BOB, clock=clock, account="bob")
    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, BOB, clock=clock)
    claire = Store.open(data_paths.database, CLAIRE, clock=clock)
    assert claire.account == "claire" and claire.is_admin
    assert claire.audit_entries()[-1].action == "case_created"
    removed = [e for e in claire.audit_entries() if e.action == "account_removed"]
    assert removed[0].detail == {"compte": "bob"} and removed[0].account == "alice"
    assert claire.verify_audit().ok
    claire.close()
    restore_backup(data_paths, old_backup, CLAIRE, clock.now)  # the re-keyed backup still restores


def test_reset_and_own_passphrase_change_rewrap_one_slot(admin, data_paths, clock):
    admin.add_account("bob", BOB)
    before = keyring.load(data_paths.database)
    admin.reset_account("bob", CLAIRE)
    after = keyring.load(data_paths.database)
    assert before is not None and after is not None
    assert before.slot("alice") == after.slot("alice") and before.slot("bob") != after.slot("bob")
    admin.store.change_passphrase(PASS, "un autre printemps sur la Loire")
    admin.close()
    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, BOB, clock=clock, account="bob")
    Store.open(data_paths.database, CLAIRE, clock=clock, account="bob").close()
    alice = Store.open(data_paths.database, "un autre printemps sur la Loire", clock=clock)
    actions = [e.action for e in alice.audit_entries()]
    assert actions[-3:] == ["account_added", "account_reset", "passphrase_changed"]
    alice.close()


def test_what_administration_refuses(admin, data_paths):
    with pytest.raises(StoreError, match="trop courte"):
        admin.add_account("bob", "court")
    admin.add_account("bob", BOB)
    with pytest.raises(StoreError, match="existe déjà"):
        admin.add_account("bob", CLAIRE)
    with pytest.raises(StoreError, match="lui-même"):
        admin.remove_account("alice")
    with pytest.raises(StoreError, match="Aucun compte"):
        admin.remove_account("personne")


def test_a_database_of_release_0_1_0_moves_to_a_keyring_and_keeps_every_row(tmp_path, clock):
    folder = tmp_path / "ancienne"
    shutil.copytree(FIXTURE, folder)
    database = folder / "audition-assistant.db"
    contents = json.loads((FIXTURE / "contents.json").read_text(encoding="utf-8"))
    with pytest.raises(WrongPassphrase):
        Store.open(database, "pas la bonne phrase du tout", clock=clock)
    assert keyring.load(database) is None  # nothing written for a wrong passphrase
    store = Store.open(database, PASS, clock=clock, account="julien")
    assert store.account == "julien" and store.is_admin
    assert store.profile().nom == "MARCHAND"  # the profile kept from before is the first account's
    conn = store._db.conn
    for table, rows in contents.items():
        if table == "audit_entries":
            continue
        for row in rows:
            columns = list(row)
            found = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE " + " AND ".join(f"{c} IS ?" for c in columns),
                [row[c] for c in columns],
            ).fetchone()
            assert found is not None, (table, row)
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(rows)
    entries = store.audit_entries()
    assert len(entries) == contents["audit_entries"] + 1 and entries[-1].action == "keyring_created"
    assert store.verify_audit(replay=True).ok
    store.close()
    assert not opens(database, PASS.replace("c", "C")) and keyring.load(database) is not None
    with pytest.raises(WrongPassphrase):
        cipher.connect_key(database, PASS)  # the file is under the keyring's raw key now


def test_a_kill_between_the_keyring_and_the_rekey_finishes_at_the_next_opening(tmp_path, clock):
    folder = tmp_path / "ancienne"
    shutil.copytree(FIXTURE, folder)
    database = folder / "audition-assistant.db"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from audition_assistant.core.store import Store, cipher
        def die(conn, new):
            os.kill(os.getpid(), signal.SIGKILL)
        cipher.rekey_in_transaction = die
        Store.open(Path({str(database)!r}), {PASS!r})
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, timeout=120)
    assert result.returncode == -signal.SIGKILL
    assert keyring.load(database) is not None
    cipher.connect_key(database, PASS).close()  # still under its passphrase
    store = Store.open(database, PASS, clock=clock)
    assert store.audit_entries()[-1].action == "keyring_created" and store.verify_audit().ok
    store.close()
    with pytest.raises(WrongPassphrase):
        cipher.connect_key(database, PASS)


def test_a_kill_after_the_rekey_of_a_removal_keeps_the_pending_keyring(admin, data_paths, clock):
    admin.add_account("bob", BOB)
    admin.close()
    script = textwrap.dedent(
        f"""
        import os, signal, types
        from pathlib import Path
        from audition_assistant.core.store import Store
        import audition_assistant.core.store.accounts as accounts
        def die(*args):
            os.kill(os.getpid(), signal.SIGKILL)
        accounts.os = types.SimpleNamespace(replace=die)  # after the re-key's commit, before the rename
        store = Store.open(Path({str(data_paths.database)!r}), {PASS!r}, account="alice")
        store.remove_account("bob")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, timeout=120)
    assert result.returncode == -signal.SIGKILL
    assert keyring.pending_of(data_paths.database).exists()
    with pytest.raises((WrongPassphrase, StoreError)):
        Store.open(data_paths.database, BOB, clock=clock, account="bob")
    store = Store.open(data_paths.database, PASS, clock=clock)
    assert not keyring.pending_of(data_paths.database).exists()
    assert [a.name for a in store.accounts()] == ["alice"]
    assert store.audit_entries()[-1].action == "account_removed"
    store.close()


def test_a_backup_carries_its_keyring_and_a_restore_brings_it_back(admin, data_paths, clock):
    made = admin.backup_now()
    assert keyring.path_of(made).exists()
    admin.add_account("bob", BOB)
    admin.close()
    restore_backup(data_paths, made, PASS, clock.now)
    ring = keyring.load(data_paths.database)
    assert ring is not None and ring.names() == ["alice"]  # as it was when the backup was made
    assert backups.kept_copies(data_paths.database)


def test_a_backup_made_before_the_keyring_restores_under_it_and_goes_at_a_removal(tmp_path, clock):
    folder = tmp_path / "ancienne"
    shutil.copytree(FIXTURE, folder)
    paths = DataPaths(folder)
    legacy = backups.folder_of(folder) / "sauvegarde-000001-20261203-090000.db"
    legacy.parent.mkdir()
    shutil.copyfile(paths.database, legacy)  # as release 0.1.0 made them: under the passphrase, no keyring
    workspace = Workspace.open(paths, PASS, backup=False, account="julien")
    workspace.close()
    restored = restore_backup(paths, legacy, PASS, clock.now)
    assert restored.entries_after == json.loads((FIXTURE / "contents.json").read_text())["audit_entries"]
    with pytest.raises(WrongPassphrase):
        cipher.connect_key(paths.database, PASS)  # the restored file is under the keyring's key
    workspace = Workspace.open(paths, PASS, backup=False)
    assert workspace.account == "julien" and workspace.store.verify_audit().ok
    workspace.add_account("bob", BOB)
    changed = workspace.remove_account("bob")
    assert legacy in changed.removed and not legacy.exists()  # it opened with a passphrase Bob may have known
    workspace.close()
