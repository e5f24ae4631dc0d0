"""The accounts of one station: their slots in the keyring (keyring.py), administered from the open store.

The store keeps the database key while it is unlocked (a bytearray wiped at
lock; SQLCipher holds it anyway): adding an account seals that key to the
new slot, and nobody else's passphrase is needed. Removing one re-keys the
database to a new key sealed to every remaining slot, so that the removed
passphrase, even with a copy of the old keyring, opens nothing made after.

That re-key touches two files: the new keyring is written first under a
pending name (``<database>.comptes.nouveau``), then the database is re-keyed
with its audit entry in one commit, then the pending keyring takes the
keyring's place. An opening after a kill finds which key opens the file and
keeps the keyring that holds it (keying.resolve).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import atomic, passphrase_policy
from . import cipher, keyring
from .base import StoreBase
from .errors import StoreError

NOT_ADMIN = "Seul un compte administrateur peut gérer les comptes de ce poste."
NAME_LIMIT = 64


@dataclass(frozen=True)
class Account:
    name: str
    admin: bool
    created_at: str


def check_name(name: str) -> str:
    """The name as kept; StoreError (French) for an empty, too long or unprintable one."""
    name = name.strip()
    if not name:
        raise StoreError("Le nom du compte est vide.")
    if len(name) > NAME_LIMIT or not name.isprintable():
        raise StoreError(f"Nom de compte refusé\u00a0: {NAME_LIMIT} caractères imprimables au plus.")
    return name


class AccountRecords(StoreBase):
    _key: bytearray | None = None

    # --- the key held while unlocked ----------------------------------------------------
    def _hold(self, secret: str) -> None:
        self._drop_key()
        if keyring.is_raw(secret):
            self._key = bytearray(keyring.key_of(secret))

    def _drop_key(self) -> None:
        if self._key is not None:
            self._key[:] = bytes(len(self._key))
            self._key = None

    def _database_key(self) -> bytes:
        if self._key is None:
            raise StoreError("Cette base n'a pas de fichier des comptes\u00a0: rien à administrer.")
        return bytes(self._key)

    def raw_key(self) -> str | None:
        """The raw-key string that opens the file (for the worker threads' own connections); None without a keyring."""
        return keyring.raw(bytes(self._key)) if self._key is not None else None

    # --- reading ----------------------------------------------------------------------------
    def _keyring(self) -> keyring.Keyring:
        ring = keyring.load(self.path) if self.path is not None else None
        if ring is None:
            raise StoreError("Cette base n'a pas de fichier des comptes\u00a0: rien à administrer.")
        return ring

    def accounts(self) -> list[Account]:
        return [Account(s.name, s.admin, s.created_at) for s in self._keyring().slots]

    @property
    def is_admin(self) -> bool:
        """Whether the account that opened the store administers the station (True without a keyring)."""
        ring = keyring.load(self.path) if self.path is not None else None
        if ring is None:
            return True
        return any(s.name == self.account and s.admin for s in ring.slots)

    def _require_admin(self) -> keyring.Keyring:
        ring = self._keyring()
        if not any(s.name == self.account and s.admin for s in ring.slots):
            raise StoreError(NOT_ADMIN)
        return ring

    # --- changing the keyring ----------------------------------------------------------------
    def _save_keyring(self, ring: keyring.Keyring, action: str, **detail: Any) -> None:
        """Write the keyring inside the transaction of its audit entry: a refused write records nothing.

        A kill between the keyring's rename and the commit leaves the change
        made but not recorded; the window is one fsync.
        """
        assert self.path is not None
        with self._write():
            self._audit(action, **detail)
            keyring.save(self.path, ring)

    def _rewrap_own_slot(self, new: str) -> None:
        """The passphrase change of the account that opened the store: its slot alone changes."""
        ring = self._keyring()
        slot = ring.slot(self.account or ring.names()[0])
        made = keyring.make_slot(self._database_key(), slot.name, new, admin=slot.admin, now=self.now())
        self._save_keyring(ring.with_slot(made), "passphrase_changed", compte=slot.name)

    def slot_job(
        self, name: str, passphrase: str, *, admin: bool = False, new: bool = True
    ) -> Callable[[], keyring.Slot]:
        """The checks now (StoreError), and the slot's making (Argon2, half a second) for a worker thread.

        ``new``: an account to add (refused if it exists), else one to reset
        (it keeps its role). The job touches nothing of the store: the
        database key is copied here.
        """
        ring = self._require_admin()
        name = check_name(name)
        if new and name in ring.names():
            raise StoreError(f"Le compte «\u00a0{name}\u00a0» existe déjà.")
        if not new:
            admin = ring.slot(name).admin
        weak = passphrase_policy.problem(passphrase)
        if weak:
            raise StoreError(weak)
        key, now = self._database_key(), self.now()
        return lambda: keyring.make_slot(key, name, passphrase, admin=admin, now=now)

    def add_account(
        self, name: str, passphrase: str = "", *, admin: bool = False, slot: keyring.Slot | None = None
    ) -> None:
        """Add an account; ``slot``: made beforehand by ``slot_job`` (off the window's thread)."""
        made = slot or self.slot_job(name, passphrase, admin=admin)()
        ring = self._require_admin()
        if made.name in ring.names():
            raise StoreError(f"Le compte «\u00a0{made.name}\u00a0» existe déjà.")
        self._save_keyring(
            keyring.Keyring((*ring.slots, made)), "account_added", compte=made.name, administrateur=made.admin
        )

    def reset_account(self, name: str, new_passphrase: str = "", *, slot: keyring.Slot | None = None) -> None:
        """A new passphrase for an account that forgot its own (its slot is made anew)."""
        made = slot or self.slot_job(name, new_passphrase, new=False)()
        ring = self._require_admin()
        ring.slot(made.name)
        self._save_keyring(ring.with_slot(made), "account_reset", compte=made.name)

    def remove_account(self, name: str) -> str:
        """Remove ``name``'s slot and re-key the database to a new key sealed to the others; the new raw key."""
        ring = self._require_admin()
        slot = ring.slot(name)
        if name == self.account:
            raise StoreError("Un compte ne peut pas se retirer lui-même\u00a0: demandez-le à un autre administrateur.")
        if slot.admin and sum(s.admin for s in ring.slots) == 1:
            raise StoreError("Le dernier compte administrateur ne peut pas être retiré.")
        assert self.path is not None
        key = keyring.new_key()
        remaining = keyring.Keyring(tuple(keyring.resealed(s, key) for s in ring.without(name).slots))
        pending = keyring.pending_of(self.path)
        keyring.save_to(pending, remaining)
        secret = keyring.raw(key)
        conn = self._db.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._write():
            self._audit("account_removed", compte=name)
            cipher.rekey_in_transaction(conn, secret)
        os.replace(pending, keyring.path_of(self.path))
        atomic.fsync_folder(self.path.parent)
        self._reopen(secret)
        return secret

    def _reopen(self, secret: str) -> None:
        raise NotImplementedError
