"""The test decryptor reads SQLCipher's own pages: a page whose content is known, under a passphrase and a raw key."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

import sqlcipher_pages as pages

PASSPHRASE = "correct horse battery staple"
KNOWN = "ligne-connue-pour-le-dechiffreur"


def _make(path: Path, key_statement: str, *, wal: bool = False) -> dbapi2.Connection:
    """A database holding KNOWN; with ``wal``, left open with its row in the WAL (the caller closes it)."""
    conn = dbapi2.connect(str(path), isolation_level=None)
    conn.executescript(key_statement)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE known (text TEXT)")
    conn.execute("INSERT INTO known VALUES (?)", [KNOWN])
    if not wal:
        conn.close()
    return conn


def _first_page(path: Path, k: pages.Keys) -> bytes:
    return next(pages.database_pages(path, k))[1]


def test_a_passphrase_database_decrypts_to_sqlite_pages(tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    _make(path, f"PRAGMA key = '{PASSPHRASE}'")
    k = pages.keys(pages.salt_of(path), passphrase=PASSPHRASE)
    first = _first_page(path, k)
    # SQLite's own header: its string, the page size (big-endian) and the reserve SQLCipher asked for.
    assert first[:16] == pages.SQLITE_HEADER
    assert int.from_bytes(first[16:18], "big") == pages.PAGE_SIZE
    assert first[20] == pages.RESERVE
    # Page 1 is a table b-tree leaf (sqlite_master) naming the known table; page 2 holds its row.
    assert first[100] == 0x0D
    assert b"CREATE TABLE known (text TEXT)" in first
    second = dict(pages.database_pages(path, k))[2]
    assert second[0] == 0x0D
    assert KNOWN.encode() in second
    # The file itself holds neither.
    assert KNOWN.encode() not in path.read_bytes()


def test_a_raw_key_database_decrypts_too(tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    raw = secrets.token_bytes(32)
    _make(path, f"PRAGMA key = \"x'{raw.hex()}'\"")
    text = pages.clear_text(path, raw_key=raw)
    assert text.startswith(pages.SQLITE_HEADER)
    assert KNOWN.encode() in text


def test_a_wrong_key_is_refused_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    _make(path, f"PRAGMA key = '{PASSPHRASE}'")
    with pytest.raises(pages.PageInvalid):
        pages.clear_text(path, passphrase="another passphrase entirely")
    with pytest.raises(pages.PageInvalid):
        pages.clear_text(path, raw_key=bytes(32))


def test_the_wal_frames_decrypt(tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    conn = _make(path, f"PRAGMA key = '{PASSPHRASE}'", wal=True)
    try:
        k = pages.keys(pages.salt_of(path), passphrase=PASSPHRASE)
        frames = list(pages.wal_pages(path.with_name(path.name + "-wal"), k))
        assert frames, "the row should still be in the WAL"
        assert any(KNOWN.encode() in page for _n, page in frames)
        assert KNOWN.encode() not in path.read_bytes()
    finally:
        conn.close()
