"""A full disk, for real: SQLite's own size limit makes every write fail with SQLITE_FULL, then lifts."""

from __future__ import annotations

from typing import Any

from audition_assistant.core.store import StoreFull
from audition_assistant.core.store.cipher import DatabaseError

# Rows of no hearing that take the drafts' last free room (a draft is small: it would fit beside them).
_FILLER = -1


def fill_disk(store: Any, limit: int = 500) -> None:
    """The database may grow no more: writes go on until its last free room is taken, then fail."""
    conn = store._db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for n in range(limit):
        try:
            store.record("remplissage", n=n)
        except StoreFull:
            break
    else:
        raise AssertionError("the database never filled up")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        filler = min(_FILLER, conn.execute("SELECT min(hearing_id) - 1 FROM drafts").fetchone()[0] or 0)
        for size in (64, 8, 0):  # smaller and smaller, until not even an empty row fits
            try:
                for _ in range(limit):
                    conn.execute(
                        "INSERT INTO drafts (hearing_id, question, answer, updated_at) VALUES (?, ?, '', '')",
                        [filler, "x" * size],
                    )
                    filler -= 1
            except DatabaseError as error:
                assert "full" in str(error), error
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def free_disk(store: Any) -> None:
    """Room again, as when the user deletes files."""
    conn = store._db.conn
    conn.execute("PRAGMA max_page_count = 1073741823")
    conn.execute("DELETE FROM drafts WHERE hearing_id <= ?", [_FILLER])
