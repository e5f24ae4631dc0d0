"""Retention: the periods kept in the database, the dates they count from, and a case's rows erased.

The rules themselves (when a case becomes due) are in core/retention.py; the
job that purges (the file compacted, the old copies replaced) in core/purge.py.
Here, the store's side: rows in, rows out, in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..french import thousands
from . import audit
from .base import StoreBase
from .errors import NotFound, StoreError
from .schema import SEARCHABLE
from .search import _MATCHING_CASES, fts_query

# A case counts as closed in these statuses; its period starts when it was closed or last changed since (its
# row's update time: the trail's status entries lie scattered over a long trail, a second to gather).
CLOSED_STATUSES = ("closed", "archived", "handed_over")
MAX_DAYS = 100 * 366

# Each hearing's latest export, through two covering indexes (10,000 hearings: a few tens of milliseconds).
_LAST_EXPORTS = """
    SELECT h.case_id, h.id, e.id, e.created_at FROM hearings h
    LEFT JOIN exports e ON e.id = (SELECT max(x.id) FROM exports x WHERE x.hearing_id = h.id)
"""


@dataclass(frozen=True)
class RetentionPolicy:
    """Days a case is kept after it was closed, and after every hearing of it was exported (None: no limit)."""

    closed_days: int | None = None
    exported_days: int | None = None


@dataclass(frozen=True)
class CaseDates:
    """What the retention rules read of a case: when it was closed, when its hearings were last exported."""

    case_id: int
    procedure_number: str
    status: str
    closed_at: str | None  # when a closed case was closed, or last changed since (a change restarts its period)
    last_export: str | None  # the latest export of its hearings, when every hearing was exported


@dataclass(frozen=True)
class ErasedCase:
    """What a purge erased: the case's number, its rows by table, its hearings, and the audit entries blanked."""

    case_id: int
    procedure_number: str
    counts: dict[str, int]
    hearings: tuple[int, ...]
    blanked: tuple[tuple[int, int], ...]  # ranges [first, last] of the entries whose detail was erased


def spans(ids: list[int]) -> list[list[int]]:
    """Sorted ids as [first, last] ranges of consecutive ids."""
    found: list[list[int]] = []
    for entry_id in sorted(ids):
        if found and found[-1][1] + 1 == entry_id:
            found[-1][1] = entry_id
        else:
            found.append([entry_id, entry_id])
    return found


class RetentionRecords(StoreBase):
    def retention_policy(self) -> RetentionPolicy:
        row = self._db.execute("SELECT closed_days, exported_days FROM retention WHERE id = 1").fetchone()
        return RetentionPolicy(*row) if row else RetentionPolicy()

    def set_retention_policy(self, policy: RetentionPolicy) -> None:
        """Store the periods (days, None for no limit), audited as ``retention_set`` with the old ones."""
        for days in (policy.closed_days, policy.exported_days):
            if days is not None and not 0 <= days <= MAX_DAYS:
                raise StoreError(
                    f"Durée de conservation invalide\u00a0: {thousands(days)} jours (de 0 à {thousands(MAX_DAYS)})."
                )
        before = self.retention_policy()
        if before == policy:
            return
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO retention (id, closed_days, exported_days, updated_at) VALUES (1, ?, ?, ?)",
                [policy.closed_days, policy.exported_days, self._stamp()],
            )
            self._audit(
                "retention_set",
                dossiers_clos=policy.closed_days,
                auditions_exportees=policy.exported_days,
                avant={"dossiers_clos": before.closed_days, "auditions_exportees": before.exported_days},
            )

    def retention_dates(self) -> list[CaseDates]:
        """Every case a rule may apply to: the closed ones, and those with hearings (exported or not)."""
        conn = self._db.conn
        latest: dict[int, tuple[int, str]] = {}  # per case: its latest export (id, time)
        unexported: set[int] = set()  # cases with a hearing never exported
        for case_id, _hearing, export_id, created_at in conn.execute(_LAST_EXPORTS):
            if export_id is None:
                unexported.add(case_id)
            elif case_id not in latest or export_id > latest[case_id][0]:
                latest[case_id] = (export_id, created_at)
        found = []
        for case_id, number, status, updated_at in conn.execute(
            "SELECT id, procedure_number, status, updated_at FROM cases ORDER BY id"
        ):
            closed_at = updated_at if status in CLOSED_STATUSES else None
            last = latest[case_id][1] if case_id in latest and case_id not in unexported else None
            if closed_at or last:
                found.append(CaseDates(case_id, number, status, closed_at, last))
        return found

    # --- erasing ----------------------------------------------------------------------
    @contextmanager
    def secure_delete(self) -> Iterator[None]:
        """SQLite overwrites what it deletes with zeros (freed cells and pages) while this lasts."""
        conn = self._db.conn
        before = conn.execute("PRAGMA secure_delete").fetchone()[0]
        conn.execute("PRAGMA secure_delete = ON")
        try:
            yield
        finally:
            if self._database is not None:
                conn.execute(f"PRAGMA secure_delete = {int(before)}")

    def erase_case(self, case_id: int) -> ErasedCase:
        """Delete a case and everything of it, its search index entries, and its audit entries' details.

        One transaction, ended by one ``case_purged`` entry naming the case's
        number, the rows erased per table, its hearings and the ranges of the
        entries blanked (audit.purged_entries reads them). Searches whose
        words matched the case lose their detail too (the query may name the
        person).
        """
        conn = self._db.conn
        row = conn.execute("SELECT procedure_number FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is None:
            raise NotFound(f"Dossier n° {case_id} introuvable.")
        number = str(row[0])
        hearings = [r[0] for r in conn.execute("SELECT id FROM hearings WHERE case_id = ? ORDER BY id", [case_id])]
        with self._write():
            searches = self._searches_matching(case_id)
            counts = self._delete_rows(case_id, hearings)
            for table in SEARCHABLE:  # merge the index segments: a deleted row's words leave the index's pages
                conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('optimize')")
            blanked = self._blank_details(case_id, hearings, searches)
            self._audit(
                audit.PURGE_ACTION,
                case_id=case_id,
                dossier={"id": case_id, "numero": number},
                auditions=hearings,
                lignes=counts,
                entrees=spans(blanked),
            )
        ranges = tuple((first, last) for first, last in spans(blanked))
        return ErasedCase(case_id, number, counts, tuple(hearings), ranges)

    def _delete_rows(self, case_id: int, hearings: list[int]) -> dict[str, int]:
        """Every row of the case, children first: tables keyed by hearing, the hearings, tables keyed by case."""
        conn = self._db.conn
        ids = json.dumps(hearings)
        by_hearing, by_case = [], []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
            if table == "audit_log" or table.startswith(("sqlite_", "_")) or "_fts" in table:
                continue
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
            if "hearing_id" in columns:
                by_hearing.append(table)
            elif "case_id" in columns and table != "hearings":
                by_case.append(table)
        counts: dict[str, int] = {}
        in_hearings = "hearing_id IN (SELECT value FROM json_each(?))"
        for table in by_hearing:
            counts[table] = conn.execute(f"DELETE FROM [{table}] WHERE {in_hearings}", [ids]).rowcount
        counts["hearings"] = conn.execute("DELETE FROM hearings WHERE case_id = ?", [case_id]).rowcount
        for table in by_case:
            counts[table] = conn.execute(f"DELETE FROM [{table}] WHERE case_id = ?", [case_id]).rowcount
        counts["cases"] = conn.execute("DELETE FROM cases WHERE id = ?", [case_id]).rowcount
        return {table: n for table, n in counts.items() if n}

    def _searches_matching(self, case_id: int) -> list[int]:
        """The ``searched`` entries whose words match this case (read before its rows go)."""
        conn = self._db.conn
        found = []
        for entry_id, detail in conn.execute(
            "SELECT id, detail FROM audit_log WHERE action = 'searched' AND detail IS NOT NULL"
        ).fetchall():
            query = fts_query(_query_of(detail))
            matched = (
                query is not None
                and conn.execute(
                    f"SELECT 1 FROM ({_MATCHING_CASES}) WHERE id = :case LIMIT 1", {"q": query, "case": case_id}
                ).fetchone()
            )
            if matched:
                found.append(entry_id)
        return found

    def _blank_details(self, case_id: int, hearings: list[int], also: list[int]) -> list[int]:
        """Erase the detail (and its salt) of the case's entries; the ids blanked."""
        conn = self._db.conn
        blanked = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM audit_log WHERE id IN ("
                "SELECT id FROM audit_log WHERE case_id = ? "
                "UNION SELECT id FROM audit_log WHERE hearing_id IN (SELECT value FROM json_each(?)) "
                "UNION SELECT value FROM json_each(?)) AND detail IS NOT NULL AND action != ?",
                [case_id, json.dumps(hearings), json.dumps(also), audit.PURGE_ACTION],
            )
        ]
        conn.execute(
            "UPDATE audit_log SET detail = NULL, detail_salt = NULL WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(blanked)],
        )
        return blanked

    def compact(self) -> bool:
        """Rewrite the file without its free pages (VACUUM), then fold and empty the WAL; False if a reader held it."""
        conn = self._db.conn
        if conn.in_transaction:
            raise StoreError("Compactage impossible au milieu d'une transaction.")
        conn.execute("VACUUM")
        return self.fold_wal()

    def fold_wal(self) -> bool:
        """Copy the WAL into the file and empty it; False when another connection's reading kept it."""
        busy, _log, _done = self._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy


def _query_of(detail: str) -> str:
    """The words a ``searched`` entry records ("" when its detail says none)."""
    try:
        value = json.loads(detail)
    except ValueError:
        return ""
    return str(value.get("requete") or "") if isinstance(value, dict) else ""
