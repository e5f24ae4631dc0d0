"""Counting the database's commits: each one is a write to the disk, fsynced, that a job should make once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def commits(store: Any) -> Iterator[list[str]]:
    """The COMMIT statements the store's connection runs meanwhile."""
    seen: list[str] = []
    conn = store._db.conn
    conn.set_trace_callback(lambda sql: seen.append(sql) if sql.strip().upper().startswith("COMMIT") else None)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)
