"""SQLCipher connections, and sqlite-utils made to speak SQLCipher.

sqlite-utils accepts any DB-API connection, but it catches the exceptions of
the ``sqlite3`` module it imported (``sqlite3.OperationalError`` and friends).
A SQLCipher connection raises ``sqlcipher3.dbapi2`` exceptions instead, which
sqlite-utils then fails to catch: ``insert(alter=True)`` no longer adds
missing columns, ``drop(ignore=True)`` raises, and its ``RETURNING`` probe
misfires. sqlite-utils already looks for a drop-in module (it tries
``pysqlite3`` first); :func:`bind_sqlite_utils` points the module names it
uses at SQLCipher's, whatever the import order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlcipher3
import sqlite_utils
import sqlite_utils.db
import sqlite_utils.utils
from sqlcipher3 import dbapi2

from ..private import tighten
from . import keyring
from .errors import WrongPassphrase

DatabaseError = dbapi2.DatabaseError
T = TypeVar("T")
__all__ = ["DatabaseError", "WrongPassphrase", "bind_sqlite_utils", "connect", "rekey", "rekey_in_transaction"]


def bind_sqlite_utils() -> None:
    """Make sqlite-utils use (and catch the exceptions of) SQLCipher's module."""
    for module in (sqlite_utils.utils, sqlite_utils.db):
        module.sqlite3 = sqlcipher3  # type: ignore[attr-defined]
        module.OperationalError = dbapi2.OperationalError  # type: ignore[attr-defined]
    sqlite_utils.utils.dbapi2 = dbapi2  # type: ignore[attr-defined]


def _quote(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def key_statement(pragma: str, passphrase: str) -> str:
    return f"PRAGMA {pragma} = {_quote(passphrase)}"


def _key(conn: dbapi2.Connection, pragma: str, passphrase: str) -> None:
    """``PRAGMA key`` or ``rekey`` run so that the connection keeps no copy of the statement.

    ``execute`` would keep it, passphrase included, in the connection's
    statement cache for as long as the connection object lives (its cache is
    invisible to the garbage collector); ``executescript`` prepares it without
    the cache. Outside a transaction, its implicit COMMIT does nothing.
    """
    conn.executescript(key_statement(pragma, passphrase))


def connect(path: Path, passphrase: str, account: str | None = None) -> dbapi2.Connection:
    """An open connection, through the keyring beside ``path`` when there is one (keyring.py).

    ``passphrase`` may be an account's passphrase (its slot opens the raw key;
    every slot is tried when no ``account`` is named), the raw-key string
    itself, or the passphrase of a database that has no keyring yet. When
    the keyring opens but the file does not open with its key, the file is
    one the keyring was made for but not yet re-keyed to (a migration cut
    short, see store.py): the passphrase itself is tried.
    """
    if keyring.is_raw(passphrase):
        return connect_key(path, passphrase)
    ring = keyring.load(path)
    if ring is None:
        return connect_key(path, passphrase)
    secret, _account = keyring.unlock(ring, passphrase, account)
    try:
        return connect_key(path, secret)
    except WrongPassphrase as error:
        try:
            return connect_key(path, passphrase)
        except WrongPassphrase:
            raise error from None  # what the key said (a cut file says "malformed")


def connect_key(path: Path, passphrase: str) -> dbapi2.Connection:
    """An open, keyed connection; raises WrongPassphrase without touching the file.

    The connection is in driver autocommit mode (``isolation_level=None``):
    every statement outside an explicit transaction is committed at once, and
    grouped writes use ``Database.atomic()``.
    """
    if not passphrase:
        raise WrongPassphrase(detail="empty passphrase")
    existed = path.exists()
    conn = dbapi2.connect(str(path), isolation_level=None)
    try:
        # A wrong key otherwise makes SQLCipher print decryption errors on stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        _key(conn, "key", passphrase)
        # The key is only checked when a page is read.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as error:
        conn.close()
        if not existed and path.exists() and path.stat().st_size == 0:
            path.unlink()
        raise WrongPassphrase(detail=str(error)) from None
    for made in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        tighten(made)  # SQLite makes its -wal and -shm with the database's mode
    return conn


def rekey(conn: dbapi2.Connection, new_passphrase: str) -> None:
    _key(conn, "rekey", new_passphrase)


def rekey_in_transaction(conn: dbapi2.Connection, new_passphrase: str) -> None:
    """Re-key inside the open transaction, committed with it (``executescript`` would commit it first).

    The statement then stays in the connection's cache: the caller closes the
    connection once the transaction ends.
    """
    conn.execute(key_statement("rekey", new_passphrase))


def export(conn: dbapi2.Connection, target: Path, then: Callable[[dbapi2.Connection], T] | None = None) -> T | None:
    """Copy the connection's database into a new encrypted file at ``target``, as one snapshot.

    ``sqlcipher_export`` copies into an attached file that inherits the key
    (same passphrase, its own salt), one statement per table and index: run
    inside one explicit read transaction, they all read the same snapshot
    while other connections go on writing (WAL). ATTACH is refused inside a
    transaction, hence before BEGIN. An error (or a statement stopped by the
    connection's progress handler) rolls back and leaves ``target`` for the
    caller to delete. ``then(conn)``, when given, runs in the same snapshot
    before the end, the copy still attached as ``export`` (to read what it
    holds); its result is returned.
    """
    result: T | None = None
    conn.execute("ATTACH DATABASE ? AS export", [str(target)])
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT sqlcipher_export('export')").fetchall()
            result = then(conn) if then is not None else None
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # an interrupted statement may have rolled back already
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE export")
        tighten(target)  # made by SQLite with the process's umask: private whatever it was
    return result


bind_sqlite_utils()
