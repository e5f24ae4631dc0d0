"""What opens the database file at opening: its keyring, made at a first start or for a database keyed by a passphrase.

A database made before accounts existed is encrypted under its passphrase
(SQLCipher derives the key). Its first opening moves it to a keyring
without loss, in two steps: the keyring (a new random key, one
administrator's slot under the same passphrase) is written durably first,
then the file is re-keyed to the raw key in one transaction with its audit
entry (Store._adopt_key). A kill between the two leaves a keyring whose key
does not open the file yet while the passphrase still does: the next
opening sees exactly that and finishes the move.

The first account is named after the operating system's user: it is known
before anything is decrypted (a first start has no profile yet), it is the
name the investigator logs in with on the station, and a migrated database
and a new one get their administrator the same way.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from . import cipher, keyring
from .errors import WrongPassphrase


@dataclass(frozen=True)
class Opening:
    secret: str  # what opens the file as it is now
    account: str | None
    adopt: str | None = None  # the raw key the file is still to be re-keyed to


def default_account() -> str:
    """The first administrator's name: the station's login (``admin`` when the system cannot say)."""
    try:
        return getpass.getuser() or "admin"
    except (OSError, KeyError, ImportError):
        return "admin"


def resolve(path: Path, passphrase: str, account: str | None, now: dt.datetime) -> Opening:
    """How to open ``path`` with what was typed; raises WrongPassphrase before writing anything."""
    if keyring.is_raw(passphrase):
        return Opening(passphrase, account)
    if not passphrase:
        raise WrongPassphrase(detail="empty passphrase")
    ring = keyring.load(path)
    exists = path.is_file() and path.stat().st_size > 0
    if ring is None:
        name = account or default_account()
        if exists:
            cipher.connect_key(path, passphrase).close()  # the database's own passphrase, checked first
        key = keyring.new_key()
        slot = keyring.make_slot(key, name, passphrase, admin=True, now=now)
        keyring.save(path, keyring.Keyring((slot,)))
        return Opening(passphrase, name, keyring.raw(key)) if exists else Opening(keyring.raw(key), name)
    pending = keyring.pending_of(path)
    secret, name = keyring.unlock(ring, passphrase, account) if ring.names() else ("", "")
    if not exists:
        pending.unlink(missing_ok=True)
        return Opening(secret, name)
    if secret and _opens(path, secret):
        pending.unlink(missing_ok=True)  # written before a re-key that never happened
        return Opening(secret, name)
    newer = keyring.load_from(pending)
    if newer is not None:  # a re-key done, its keyring not yet in place: it is the one
        secret, name = keyring.unlock(newer, passphrase, account)
        if _opens(path, secret):
            os.replace(pending, keyring.path_of(path))
            atomic.fsync_folder(path.parent)
            return Opening(secret, name)
    cipher.connect_key(path, passphrase).close()  # not re-keyed yet: a move cut short
    return Opening(passphrase, name, secret)


def _opens(path: Path, secret: str) -> bool:
    try:
        cipher.connect_key(path, secret).close()
    except WrongPassphrase:
        return False
    return True
