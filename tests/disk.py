"""A full disk, for real: SQLite's own size limit makes every write fail with SQLITE_FULL, then lifts."""

from __future__ import annotations

from typing import Any

from audition_assistant.core.store import StoreFull


def fill_disk(store: Any, limit: int = 500) -> None:
    """The database may grow no more: writes go on until its last free room is taken, then fail."""
    conn = store._db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for n in range(limit):
        try:
            store.record("remplissage", n=n)
        except StoreFull:
            return
    raise AssertionError("the database never filled up")


def free_disk(store: Any) -> None:
    """Room again, as when the user deletes files."""
    store._db.conn.execute("PRAGMA max_page_count = 1073741823")
