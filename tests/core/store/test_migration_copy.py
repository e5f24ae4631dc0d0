"""Before a pending migration changes the schema, the database file is copied beside it; never otherwise."""

from __future__ import annotations

import errno
import stat

import pytest
from sqlite_utils import Database

from audition_assistant.core import atomic
from audition_assistant.core.store import Store, StoreError, cipher
from audition_assistant.core.store.copies import migration_copies, migration_copy
from audition_assistant.core.store.schema import migrations
from migration_names import MIGRATIONS

PASS = "correct horse battery staple"


# After the schema the old database has.
PENDING = MIGRATIONS[MIGRATIONS.index("m008_drafts") :]


def old_database(path, clock, *, stop_before: str = "m008_drafts") -> int:
    """A database as an earlier version left it (migrations up to ``stop_before``), with one case; its id."""
    db = Database(cipher.connect(path, PASS), execute_plugins=False)
    migrations.apply(db, stop_before=stop_before)
    old = Store(db, clock, path)
    case_id = old.create_case("2026/000490", "Affaire c/ X : traite des êtres humains")
    old.close()
    return case_id


def test_a_pending_migration_is_preceded_by_a_copy_of_the_database_as_it_was(tmp_path, clock):
    path = tmp_path / "base.db"
    case_id = old_database(path, clock)
    store = Store.open(path, PASS, clock=clock)
    store.close()

    copy = migration_copy(path, "m008_drafts")
    assert copy.name == "base.db.avant-migration-008"
    assert migration_copies(path) == [copy]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    kept = Database(cipher.connect(copy, PASS), execute_plugins=False)  # encrypted with the same passphrase
    try:
        assert [m.name for m in migrations.pending(kept)] == PENDING  # the schema before the migration
        assert not kept["drafts"].exists()
        assert kept.execute("SELECT procedure_number FROM cases WHERE id = ?", [case_id]).fetchone()[0] == (
            "2026/000490"
        )
        assert kept.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        kept.close()


def test_the_copy_is_named_for_the_first_migration_pending(tmp_path, clock):
    path = tmp_path / "base.db"
    old_database(path, clock, stop_before="m006_personal_words")
    Store.open(path, PASS, clock=clock).close()
    assert [p.name for p in migration_copies(path)] == ["base.db.avant-migration-006"]


def test_no_copy_without_a_pending_migration_nor_for_a_new_database(tmp_path, clock):
    path = tmp_path / "base.db"
    Store.open(path, PASS, clock=clock).close()  # created: nothing to keep
    assert migration_copies(path) == []
    store = Store.open(path, PASS, clock=clock)
    store.create_case("2026/000491")
    store.close()
    Store.open(path, PASS, clock=clock).close()
    assert migration_copies(path) == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("base.db-")) == [
        "base.db",
        "base.db.ancre",
        "base.db.comptes",  # its keyring
    ]


def test_without_room_for_the_copy_the_database_is_left_as_it_was(tmp_path, clock, monkeypatch):
    path = tmp_path / "base.db"
    old_database(path, clock)

    def no_room(source, target):
        raise OSError(errno.ENOSPC, "Plus de place sur le périphérique")

    monkeypatch.setattr(atomic, "copy_file", no_room)
    with pytest.raises(StoreError, match=r"n'a pas pu être copiée avant sa mise à jour .* n'a pas été modifiée"):
        Store.open(path, PASS, clock=clock)
    db = Database(cipher.connect(path, PASS), execute_plugins=False)
    try:
        assert [m.name for m in migrations.pending(db)] == PENDING
    finally:
        db.close()
    monkeypatch.undo()
    Store.open(path, PASS, clock=clock).close()  # room again: copied, then migrated
    assert migration_copies(path) == [migration_copy(path, "m008_drafts")]
