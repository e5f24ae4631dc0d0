"""Encryption at rest, and sqlite-utils working on a SQLCipher connection."""

from __future__ import annotations

import sqlite3
import sys

import pytest
import sqlite_utils

from audition_assistant.core.store import Store, WrongPassphrase, cipher


def test_database_file_is_not_plain_sqlite(data_paths, store):
    store.create_case("2026/000001", "Affaire c/ X")
    header = data_paths.database.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_paths.database).execute("SELECT * FROM sqlite_master").fetchall()


def test_round_trip_with_the_right_passphrase(data_paths, store, clock):
    case_id = store.create_case("2026/000002", "Affaire c/ Ő, 王芳 et ليلى")
    store.close()
    reopened = Store.open(data_paths.database, "correct horse battery staple", clock=clock)
    assert reopened.case(case_id).heading == "Affaire c/ Ő, 王芳 et ليلى"
    reopened.close()


def test_wrong_passphrase_is_refused_and_touches_nothing(data_paths, store):
    store.create_case("2026/000003")
    store.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):
        Store.open(data_paths.database, "mauvaise phrase")
    assert data_paths.database.read_bytes() == before


def test_quotes_in_passphrase_are_not_sql(tmp_path):
    path = tmp_path / "q.db"
    s = Store.open(path, "l'été'; DROP TABLE x; --")
    s.create_case("1")
    s.close()
    with pytest.raises(WrongPassphrase):
        Store.open(path, "l'été")
    Store.open(path, "l'été'; DROP TABLE x; --").close()


def test_sqlite_utils_catches_sqlcipher_errors(tmp_path):
    """alter=True, drop(ignore=True) and RETURNING rely on sqlite-utils catching the driver's errors."""
    db = sqlite_utils.Database(cipher.connect(tmp_path / "u.db", "secret"))
    db["t"].insert({"a": 1})
    db["t"].insert({"a": 2, "b": "nouvelle colonne"}, alter=True)
    assert list(db["t"].rows) == [{"a": 1, "b": None}, {"a": 2, "b": "nouvelle colonne"}]
    db["absente"].drop(ignore=True)
    assert db["t"].insert({"a": 3}).last_pk == 3
    with db.atomic():
        db["t"].insert({"a": 4})
    assert db["t"].count == 4
    db.close()


def test_without_the_binding_sqlite_utils_would_miss_sqlcipher_errors(tmp_path, monkeypatch):
    """Guards the reason the binding exists: the stdlib exception is not SQLCipher's."""
    assert not issubclass(cipher.dbapi2.OperationalError, sqlite3.OperationalError)
    assert sqlite_utils.db.OperationalError is cipher.dbapi2.OperationalError
    monkeypatch.setattr(sqlite_utils.db, "OperationalError", sqlite3.OperationalError)
    monkeypatch.setattr(sqlite_utils.db, "sqlite3", sqlite3)
    db = sqlite_utils.Database(cipher.connect(tmp_path / "v.db", "secret"))
    db["t"].insert({"a": 1})
    with pytest.raises(cipher.dbapi2.OperationalError):
        db["t"].insert({"a": 2, "b": "x"}, alter=True)
    db.close()


def test_the_connection_keeps_no_statement_holding_the_passphrase(tmp_path, monkeypatch):
    """The statement that gives the key must not stay in the connection's statement cache (opaque to gc)."""
    seen: list[str] = []

    class Recording(cipher.dbapi2.Connection):
        def execute(self, sql, *args):
            seen.append(sql)
            return super().execute(sql, *args)

        def executescript(self, sql):
            seen.append(sql)
            return super().executescript(sql)

    real = cipher.dbapi2.connect
    monkeypatch.setattr(cipher.dbapi2, "connect", lambda *a, **k: real(*a, **k, factory=Recording))
    conn = cipher.connect(tmp_path / "base.db", "une phrase secrète de test")
    cipher.rekey(conn, "une autre phrase secrète")
    keying = [sql for sql in seen if "phrase secrète" in sql]
    control = "".join(["SELECT ", "1"])
    seen.append(control)
    assert len(keying) == 2
    # Held by ``seen``, ``keying`` and getrefcount's argument, as the control is by ``seen``, a name and the argument.
    assert [sys.getrefcount(sql) for sql in keying] == [sys.getrefcount(control) + 1] * 2
    conn.close()
