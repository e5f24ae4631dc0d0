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
from . import cipher, keying, keyring, opening
from .accounts import AccountRecords
from .archives import ArchiveRecords
from .audit import AuditReport
from .base import Clock
from .contacts import AddressBook
from .corrections import CorrectionRecords
from .drafts import DraftRecords
from .elements import ElementRecords
from .errors import StoreError
from .events import EventRecords
from .exports import ExportRecords
from .integrity import integrity_problems
from .persons import PersonRecords
from .plans import PlanRecords
from .publishers import PublisherKeys
from .records import Case
from .retention import RetentionRecords
from .search import CaseSearch
from .trail import TrailRecords
from .words import PersonalWords

__all__ = ["AuditReport", "Store"]


class Store(
    AccountRecords,
    CorrectionRecords,
    PersonRecords,
    DraftRecords,
    EventRecords,
    ExportRecords,
    ElementRecords,
    AddressBook,
    PersonalWords,
    PublisherKeys,
    TrailRecords,
    ArchiveRecords,
    RetentionRecords,
    PlanRecords,
):
    # --- opening, locking ------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        clock: Clock = moments.now,
        *,
        check: bool = True,
        account: str | None = None,
    ) -> Store:
        """Open (or create) the database at ``path`` as ``account`` (the only one, or whichever slot opens, when None).

        ``passphrase`` is the account's (through the keyring beside the file,
        made here at a first start or for a database keyed by its passphrase:
        keying.py) or the raw-key string itself. Raises cipher.WrongPassphrase
        when it opens nothing, CorruptDatabase when the file opens but fails
        its integrity check.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        found = keying.resolve(path, passphrase, account, moments.local(clock()))
        db, keyed_now = opening.connect(path, found.secret, check)
        store = cls(db, clock, path)
        store.account = found.account
        store._trail.check(db.conn, keyed_now)
        if found.adopt is not None:
            store._adopt_key(found.adopt)
        else:
            store._hold(found.secret)
        return store

    def lock(self) -> None:
        """Close the connection: SQLCipher wipes the key from memory when it closes (and the store drops its copy)."""
        self._trail.close()
        self._drop_key()
        if self._database is not None:
            self._database.close()
            self._database = None

    def unlock(self, passphrase: str) -> None:
        """Reopen after a lock with the account's passphrase or the raw key (raises WrongPassphrase, records nothing).

        With a passphrase, the key is derived here (Argon2, about half a
        second): the window derives it on a worker thread (``key_for``) and
        gives the raw key.
        """
        if self._database is not None or self.path is None:
            return
        secret = self.key_for(passphrase)
        self._database, keyed_now = opening.connect(self.path, secret, check=False)
        self._trail.check(self._database.conn, keyed_now)
        self._hold(secret)

    def key_for(self, passphrase: str) -> str:
        """The raw key the account's passphrase opens (WrongPassphrase); safe on any thread, touches no connection."""
        if self.path is None or keyring.is_raw(passphrase):
            return passphrase
        return keyring.secret_for(self.path, passphrase, self.account)

    def _reopen(self, secret: str) -> None:
        """Close and open again with ``secret``: a re-key statement stays in the old connection's cache."""
        self.lock()
        self.unlock(secret)

    def _adopt_key(self, secret: str) -> None:
        """Re-key a database keyed by its passphrase to its keyring's raw key, with its audit entry, in one commit.

        SQLCipher's re-key joins the open transaction and commits it with the
        re-encrypted pages: the entry and the new key reach the disk together.
        """
        conn = self._db.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._write():
            self._audit("keyring_created", compte=self.account)
            self._claim_profile()
            cipher.rekey_in_transaction(conn, secret)
        self._reopen(secret)

    def change_passphrase(self, current: str, new: str) -> None:
        """Change the account's passphrase: its slot alone is wrapped again (the database key stays).

        A database without a keyring (opened by its raw key only in tests of
        older files) is re-keyed as before: the entry and the new key in one commit.
        """
        self.check_passphrase_change(current, new)
        if self.path is not None and keyring.load(self.path) is not None:
            self._rewrap_own_slot(new)
            return
        conn = self._db.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._write():
            self._audit("passphrase_changed")
            cipher.rekey_in_transaction(conn, new)
        self._reopen(new)

    def check_passphrase_change(self, current: str, new: str) -> None:
        """Raise WrongPassphrase (``current`` is wrong) or StoreError (``new`` refused); changes nothing."""
        if self.path is None:
            raise StoreError("Base en mémoire : pas de phrase secrète.")
        ring = keyring.load(self.path)
        if ring is not None:
            keyring.open_slot(ring.slot(self.account or ring.names()[0]), current)
        else:
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
