"""What every part of the store shares: the connection, transactions, the clock, and audit entries appended.

Every write is its own transaction, committed before the method returns,
together with its audit entry: what a caller was told is saved survives a
crash the next instant. ``Store.transaction()`` groups several into one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from .. import clock as moments
from ..text import clean
from . import audit, cipher
from .errors import FULL_MESSAGE, NotFound, StoreError, StoreFull, StoreLocked, is_full
from .records import HANDED_OVER, Supplement

Clock = Callable[[], dt.datetime]
# A hearing whose PV was signed: closed, or reopened for a supplement.
SIGNED = "('closed', 'correction')"
HANDED_OVER_MESSAGE = "Ce dossier a été transmis à un autre poste : il est en lecture seule ici."


class StoreBase:
    def __init__(self, db: Database, clock: Clock = moments.now, path: Path | None = None):
        self._database: Database | None = db
        self._clock = clock
        self.path = path
        # The account that opened the store (accounts.py): every audit entry names it.
        self.account: str | None = None
        self._trail = audit.Trail(path)

    @property
    def _db(self) -> Database:
        if self._database is None:
            raise StoreLocked("Session verrouillée : saisissez la phrase secrète pour continuer.")
        return self._database

    @property
    def clock(self) -> Clock:
        """The clock the store stamps with (a job on another connection stamps with it too)."""
        return self._clock

    @property
    def locked(self) -> bool:
        return self._database is None

    @property
    def anchor_problem(self) -> str | None:
        """Why the trail does not extend its anchor (French), found at opening; None when it does."""
        return self._trail.problem

    def now(self) -> dt.datetime:
        """This instant in local time with its offset (the injected clock's naive times are local)."""
        return moments.local(self._clock()).replace(microsecond=0)

    def _stamp(self) -> str:
        """Now, as every time column stores it (moments.stamp)."""
        return moments.stamp(self._clock())

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One transaction (a savepoint when nested); once the outermost commits, the anchor follows the trail.

        A full disk is said as StoreFull (everything rolled back), so callers can keep the text and retry.
        """
        outer = not self._db.conn.in_transaction
        try:
            with self._db.atomic() as db:
                yield db
        except BaseException as error:
            if outer:
                self._trail.rolled_back()
            if isinstance(error, cipher.DatabaseError) and is_full(error):
                raise StoreFull(FULL_MESSAGE) from error
            raise
        if outer:
            self._trail.committed()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: committed together at the end, or all rolled back by an exception inside."""
        with self._write():
            yield

    def _audit(self, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any) -> None:
        """Append a chained audit entry (inside the caller's transaction)."""
        row = {
            "at": self._stamp(),
            "account": self.account,
            "actor": self._actor_name(),
            "action": action,
            "case_id": case_id,
            "hearing_id": hearing_id,
            "detail": json_text(detail),
        }
        self._trail.append(self._db.conn, row)

    def record_read(
        self, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any
    ) -> None:
        """Log a consultation (audit.READS): who read what, and when, chained like the changes.

        A hearing's read names its case too: the case's reads are found, and purged, with it.
        """
        if action not in audit.READS:
            raise ValueError(f"not a read action: {action}")
        if case_id is None and hearing_id is not None:
            case_id = self._case_of(hearing_id)
        with self._write():
            self._audit(action, case_id=case_id, hearing_id=hearing_id, **detail)

    def _case_of(self, hearing_id: int) -> int | None:
        """The case a hearing belongs to (None for an unknown one): a read of the hearing names it too."""
        row = self._db.execute("SELECT case_id FROM hearings WHERE id = ?", [hearing_id]).fetchone()
        return int(row[0]) if row else None

    def _actor_name(self) -> str:
        """Who the audit entries name (the profile's display name: profile.py)."""
        raise NotImplementedError

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row (inside the caller's transaction) and return its new id."""
        pk = self._db.table(table).insert(row).last_pk
        assert pk is not None
        return int(pk)

    def _row(self, table: str, row_id: int, missing: str) -> dict[str, Any]:
        """The row, or NotFound saying ``missing`` (French, ``{id}`` for its number)."""
        try:
            return dict(self._db.table(table).get(row_id))
        except NotFoundError:
            raise NotFound(missing.format(id=row_id)) from None

    def _touch(self, db: Database, hearing_id: int) -> None:
        db.execute("UPDATE hearings SET updated_at = ? WHERE id = ?", [self._stamp(), hearing_id])

    def hearing_status(self, hearing_id: int) -> str:
        # The status alone: not the whole record, whose template snapshot is tens of kilobytes.
        row = self._db.execute("SELECT status FROM hearings WHERE id = ?", [hearing_id]).fetchone()
        if row is None:
            raise NotFound(f"Audition n° {hearing_id} introuvable.")
        return str(row[0])

    def _refuse_if_closed(self, hearing_id: int) -> None:
        self._refuse_if_handed_over(hearing_id=hearing_id)
        if self.hearing_status(hearing_id) == "closed":
            raise StoreError("Cette audition est close : elle ne peut plus être modifiée.")

    def _refuse_if_handed_over(self, *, case_id: int | None = None, hearing_id: int | None = None) -> None:
        """A case handed over to another laptop (a case archive) is read-only here: every write refused."""
        if hearing_id is not None:
            sql = "SELECT c.status FROM hearings h JOIN cases c ON c.id = h.case_id WHERE h.id = ?"
            row = self._db.execute(sql, [hearing_id]).fetchone()
        else:
            row = self._db.execute("SELECT status FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is not None and row[0] == HANDED_OVER:
            raise StoreError(HANDED_OVER_MESSAGE)


def json_text(value: Any) -> str:
    """A value as its column stores it: canonical JSON, as the audit trail digests it."""
    return audit.canonical(value)


def with_reason(reason: str) -> dict[str, Any]:
    return {"reason": reason} if reason else {}


def signed_number(supplement: Supplement) -> str:
    """The number of the PV a supplement follows (the hearing's own, as it was)."""
    return str(supplement.base.get("pv_number") or "(sans numéro)")


def clean_value(value: Any) -> Any:
    """Strip characters no document can hold from every text inside a value."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean(str(k)): clean_value(v) for k, v in value.items()}
    return value


def signed_entry_ids(supplement: Supplement) -> list[int]:
    """The entries of the signed PV a supplement follows: they keep their place (and their text in a complement)."""
    return [int(e["id"]) for e in supplement.base.get("entries", [])]
