"""The audit trail as the store's users see it: actions recorded, the trail read and checked, its anchor rebased.

The chain, its anchor and the checks themselves are in audit.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import audit
from .audit import AuditReport
from .base import StoreBase
from .records import AuditEntry

# A hearing's audit entries, and the restores since its first one (through the hearing_id index: the
# entries of no hearing after that first one are few).
_HEARING_TRAIL = """
    SELECT * FROM audit_log WHERE hearing_id = :hearing
    UNION ALL SELECT * FROM audit_log WHERE hearing_id IS NULL AND action = 'restore'
        AND id > (SELECT min(id) FROM audit_log WHERE hearing_id = :hearing)
    ORDER BY id
"""


class TrailRecords(StoreBase):
    def record(self, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any) -> None:
        """Log an action that changes no row (unlock failures, template import...)."""
        with self._write():
            self._audit(action, case_id=case_id, hearing_id=hearing_id, **detail)

    def verify_audit(self, *, replay: bool = False) -> AuditReport:
        """Check the trail: structure, chain, anchor, exports; ``replay`` also rebuilds every hearing from it.

        The replay reads the whole trail again: for ``audit verify`` and the maintenance job, off the window's thread.
        """
        return audit.check(self._db.conn, self.path, replay=replay)

    def audit_entries(self, hearing_id: int | None = None) -> list[AuditEntry]:
        """The whole trail, or a hearing's entries with the restores made since it began (they rewind it too)."""
        if hearing_id is None:
            rows = self._db.query("SELECT * FROM audit_log ORDER BY id")
        else:
            rows = self._db.query(_HEARING_TRAIL, {"hearing": hearing_id})
        return _entries(rows)

    def audit_entries_where(self, where: AuditFilter) -> list[AuditEntry]:
        """The entries ``where`` selects, in order (``audit show``; a hearing's also carry its restores)."""
        clauses, values = where.sql()
        if where.hearing_id is not None:
            source, params = _HEARING_TRAIL, {"hearing": where.hearing_id}
        else:
            source, params = "SELECT * FROM audit_log", {}
        query = f"SELECT * FROM ({source}) WHERE {' AND '.join(clauses) or '1'} ORDER BY id"
        return _entries(self._db.query(query, {**params, **values}))

    def audit_entries_of(self, *actions: str) -> list[AuditEntry]:
        """The entries of these kinds, in order (through the index on the action: the trail may be long)."""
        marks = ", ".join("?" * len(actions))
        rows = self._db.query(f"SELECT * FROM audit_log WHERE action IN ({marks}) ORDER BY id", list(actions))
        return _entries(rows)

    def flush_anchor(self) -> None:
        """Wait until the anchor file holds the last committed head."""
        self._trail.flush()

    def rebase_anchor(self, action: str, *, replacing: Path | None = None, **detail: Any) -> None:
        """Record ``action`` and make the trail as it now stands the anchor's reference.

        For a restore, or the user's explicit acceptance of a trail that no
        longer extends its anchor. The entry names the previous anchor (None
        when missing or unreadable) and the end of the trail it accepts.
        ``replacing`` is the anchor file this database's will replace (a
        restore works on a copy beside the live database).
        """
        self.flush_anchor()
        old = self._trail.anchored(self._db.conn, replacing)
        accepted = audit.head(self._db.conn)
        held, self._trail.problem = self._trail.problem, None
        try:
            with self._write():
                self._audit(
                    action,
                    **detail,
                    ancre_entrees=old.entries if old else None,
                    ancre_tete=old.head if old else None,
                    journal_entrees=accepted.entries,
                    journal_tete=accepted.head,
                )
        except BaseException:
            self._trail.problem = held
            raise
        self.flush_anchor()


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: each criterion narrows; ``kind`` is "reads", "changes" or None for both.

    A case's entries are those naming it and those of its hearings (a change to a hearing names only the
    hearing); ``since`` is a day (YYYY-MM-DD), compared with the entry's local date.
    """

    case_id: int | None = None
    hearing_id: int | None = None
    account: str | None = None
    kind: str | None = None
    since: str | None = None

    def sql(self) -> tuple[list[str], dict[str, Any]]:
        clauses: list[str] = []
        values: dict[str, Any] = {}
        if self.case_id is not None:
            clauses.append("(case_id = :case OR hearing_id IN (SELECT id FROM hearings WHERE case_id = :case))")
            values["case"] = self.case_id
        if self.account is not None:
            clauses.append("account = :account")
            values["account"] = self.account
        if self.kind is not None:
            reads = ", ".join(f"'{action}'" for action in sorted(audit.READS))
            clauses.append(f"action {'IN' if self.kind == ONLY_READS else 'NOT IN'} ({reads})")
        if self.since is not None:
            clauses.append("substr(at, 1, 10) >= :since")
            values["since"] = self.since
        return clauses, values


ONLY_READS, ONLY_CHANGES = "reads", "changes"  # AuditFilter.kind

_ENTRY_FIELDS = ("id", "at", "actor", "action", "case_id", "hearing_id", "prev_hash", "hash", "account")


def _entries(rows: Iterable[dict[str, Any]]) -> list[AuditEntry]:
    return [
        AuditEntry(
            **{k: r.get(k) for k in _ENTRY_FIELDS},  # type: ignore[arg-type]
            detail=json.loads(r["detail"] or "{}"),
            purged=r["detail"] is None and r.get("detail_digest") is not None,
        )
        for r in rows
    ]
