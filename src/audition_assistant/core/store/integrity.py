"""The database file's own checks: SQLCipher's page HMACs and SQLite's structure.

What the audit trail guarantees is checked in audit.py; these say whether
the file itself is sound.
"""

from __future__ import annotations

from typing import Any

from . import cipher


def integrity_problems(conn: Any) -> list[str]:
    """SQLCipher's page HMAC check, then SQLite's structural check; empty when sound."""
    try:
        return page_problems(conn) + structure_problems(conn)
    except cipher.DatabaseError as error:
        return [str(error)]


def page_problems(conn: Any) -> list[str]:
    """SQLCipher's check of every page's HMAC in the database file (not the WAL).

    One C loop run while the pragma is compiled: neither the progress handler
    nor an interrupt stops it before it has read the whole file.
    """
    return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def structure_problems(conn: Any) -> list[str]:
    """SQLite's quick check, through the pager (WAL included); raises DatabaseError on an unreadable page."""
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
