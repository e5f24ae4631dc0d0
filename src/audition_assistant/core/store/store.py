"""The store: the one object that owns the encrypted database, and the repository windows and services receive.

Its records live in one module per concept (cases.py, persons.py,
hearings.py, answers.py, drafts.py, entries.py, events.py, corrections.py,
exports.py, contacts.py, words.py, profile.py, trail.py, archives.py), each a part of
``Store``; what they share (the connection, transactions, audit entries
appended) is base.py. Here: opening, locking, the passphrase, copies, search.

Every write is one transaction with its audit entry, committed before the
method returns (what a caller was told is saved survives a crash the next
instant), or a savepoint inside the transaction of the service job that
called it (core/hearing_service.py, core/workspace.py), committed with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import clock as moments
from .. import passphrase_policy
from . import cipher, opening
from .archives import ArchiveRecords
from .audit import AuditReport
from .base import Clock
from .contacts import AddressBook
from .corrections import CorrectionRecords
from .drafts import DraftRecords
from .errors import StoreError
from .events import EventRecords
from .exports import ExportRecords
from .integrity import integrity_problems
from .persons import PersonRecords
from .records import Case
from .retention import RetentionRecords
from .search import CaseSearch
from .trail import TrailRecords
from .words import PersonalWords

__all__ = ["AuditReport", "Store"]


class Store(
    CorrectionRecords,
    PersonRecords,
    DraftRecords,
    EventRecords,
    ExportRecords,
    AddressBook,
    PersonalWords,
    TrailRecords,
    ArchiveRecords,
    RetentionRecords,
):
    # --- opening, locking ------------------------------------------------------
    @classmethod
    def open(cls, path: Path, passphrase: str, clock: Clock = moments.now, *, check: bool = True) -> Store:
        """Open (or create) the database at ``path``.

        Raises cipher.WrongPassphrase when the passphrase does not open it,
        CorruptDatabase when it opens but fails its integrity check.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        db, keyed_now = opening.connect(path, passphrase, check)
        store = cls(db, clock, path)
        store._trail.check(db.conn, keyed_now)
        return store

    def lock(self) -> None:
        """Close the connection: SQLCipher wipes the key from memory when it closes."""
        self._trail.close()
        if self._database is not None:
            self._database.close()
            self._database = None

    def unlock(self, passphrase: str) -> None:
        """Reopen after a lock; raises cipher.WrongPassphrase (and records nothing then)."""
        if self._database is not None or self.path is None:
            return
        self._database, keyed_now = opening.connect(self.path, passphrase, check=False)
        self._trail.check(self._database.conn, keyed_now)

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-key the database (every page is re-encrypted), its audit entry in the same commit.

        SQLCipher's re-key joins the transaction already open and commits it
        with the re-encrypted pages: the entry and the new key reach the disk
        together, so a kill leaves either both or neither.
        """
        self.check_passphrase_change(current, new)
        conn = self._db.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._write():
            self._audit("passphrase_changed")
            cipher.rekey_in_transaction(conn, new)
        # That re-key statement, passphrase included, stays in the connection's statement
        # cache: a new connection leaves it behind with the old one.
        self.lock()
        self.unlock(new)

    def check_passphrase_change(self, current: str, new: str) -> None:
        """Raise WrongPassphrase (``current`` is wrong) or StoreError (``new`` refused); changes nothing."""
        if self.path is None:
            raise StoreError("Base en mémoire : pas de phrase secrète.")
        cipher.connect(self.path, current).close()  # raises WrongPassphrase for a wrong current one
        weak = passphrase_policy.problem(new)
        if weak:
            raise StoreError(weak)

    def close(self) -> None:
        self.lock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the file ----------------------------------------------------------------
    def integrity_ok(self) -> bool:
        return not integrity_problems(self._db.conn)

    def export_copy(self, target: Path, then: Callable[[Any], Any] | None = None) -> Any:
        """A consistent, encrypted copy of the live database (same passphrase).

        SQLCipher's ``sqlcipher_export`` in one read transaction (cipher.export),
        so the copy is a snapshot; never a file copy of a live database, and no
        passphrase kept in memory to make it. ``then`` reads the copy in the
        same snapshot (see cipher.export); its result is returned.
        """
        if target.exists():
            raise StoreError(f"Le fichier {target} existe déjà.")
        return cipher.export(self._db.conn, target, then)

    # --- search --------------------------------------------------------------
    def search(self, text: str, *, limit: int | None = None, statuses: tuple[str, ...] | None = None) -> list[Case]:
        """Cases whose number, heading, people, answers or words said match every word (the first ``limit``)."""
        return self.find(text, statuses).first(limit)

    def search_count(self, text: str, statuses: tuple[str, ...] | None = None) -> int:
        return self.find(text, statuses).count()

    def find(self, text: str, statuses: tuple[str, ...] | None = None) -> CaseSearch:
        """A search whose first results come at once and whose count may go on a step at a time."""
        return CaseSearch(self._db.conn, self._cases, text, statuses)
