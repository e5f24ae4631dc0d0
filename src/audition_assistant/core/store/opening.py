"""Opening the database file: its check, the connection's settings, and the migrations with a copy made first.

Before a pending migration changes the schema, the file is copied beside the
database (copies.py names it), encrypted as it is: a migration that goes
wrong, or a version that must be undone, leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from .. import atomic
from . import cipher, keyring
from .copies import migration_copy
from .errors import CorruptDatabase, StoreError, corrupt_message
from .integrity import integrity_problems
from .schema import migrations

KEY_MIGRATION = "m007_audit_key"


def connect(path: Path, passphrase: str, check: bool) -> tuple[Database, bool]:
    """The open, migrated database, and whether this opening gave its trail its secret (m007)."""
    conn = cipher.connect_key(path, passphrase)  # a secret already resolved (keying.py, Store.key_for)
    try:
        if check:
            # The page check reads the file, not the WAL: pages a crash left in the WAL
            # (a checkpoint stopped at another reader's snapshot) would look like holes.
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            problems = integrity_problems(conn)
            if problems:
                raise CorruptDatabase(corrupt_message(path, problems[0]))
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit reported to the investigator survives a power cut too.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: no installed package gets a hook into the decrypted
        # connection (and start-up does not scan every installed distribution for them).
        db = Database(conn, execute_plugins=False)
        pending = [m.name for m in migrations.pending(db)]
        if pending and migrations.applied(db):  # a new database has nothing to keep
            copy_before_migration(db, path, pending[0])
        migrations.apply(db)
    except cipher.DatabaseError as error:
        conn.close()
        raise CorruptDatabase(corrupt_message(path, str(error))) from None
    except BaseException:
        conn.close()
        raise
    return db, KEY_MIGRATION in pending


def copy_before_migration(db: Database, path: Path, migration: str) -> Path:
    """Copy the database file, whole and durable (atomic.copy_file), before ``migration`` runs.

    The WAL is folded into the file first, so that the copy alone holds
    every commit; what a reader elsewhere kept it from folding is copied
    beside it.
    """
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    target = migration_copy(path, migration)
    wal, copied_wal = path.with_name(path.name + "-wal"), target.with_name(target.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            atomic.copy_file(wal, copied_wal)
        else:
            copied_wal.unlink(missing_ok=True)  # an earlier copy's
        atomic.copy_file(path, target)
        keyring.copy(path, target)  # what opens it
    except OSError as error:
        raise StoreError(
            f"La base n'a pas pu être copiée avant sa mise à jour ({error.strerror or error})\u00a0: elle n'a pas "
            "été modifiée. Libérez de la place sur le disque, puis ouvrez-la de nouveau."
        ) from error
    return target
