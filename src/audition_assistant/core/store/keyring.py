"""The keyring: one random database key, opened by each account's passphrase.

The database is encrypted with a random 32-byte key (SQLCipher's raw key:
no key derivation at opening). The keyring file beside it
(``<database>.comptes``, JSON, 0600, replaced atomically) holds one slot per
account. A slot keeps an X25519 key pair: its private key is wrapped with
AES-256-GCM under a key derived from the account's passphrase by Argon2id
(parameters recorded in the slot), and the database key is sealed to its
public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM). The account's name
is the associated data of both: a slot renamed by hand opens nothing.

Why a key pair rather than the database key wrapped directly: when an
account is removed, the database is re-encrypted under a new key, and the
administrator must hand that new key to every remaining account without
knowing their passphrases. Sealing to each slot's public key does that; the
removed account's passphrase, with a copy of the old keyring, still opens
only its own private key, to which nothing new is sealed.

A secret that opens a database is passed around as SQLCipher's raw-key
string (``x'<64 hex>'``, see ``raw``); a typed passphrase is turned into it
here, once.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .. import atomic
from .errors import StoreError, WrongPassphrase

SUFFIX = ".comptes"
PENDING = ".nouveau"  # a keyring written before the re-key it describes (accounts.py)
FORMAT = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class Argon2Cost:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


# About 0.5 s on the bench machine, idle (bench/unlock.py measures it; 128 MiB took 0.2 s there): each slot
# records its own cost, so a change applies to the slots made after it. Tests make it cheap in tests/conftest.py.
ARGON2 = Argon2Cost(time_cost=3, memory_cost=256 * 1024, parallelism=2)


@dataclass(frozen=True)
class Slot:
    name: str
    admin: bool
    created_at: str
    kdf: dict[str, Any]
    nonce: str
    wrapped: str  # the slot's X25519 private key, AES-256-GCM under the passphrase's key
    public_key: str
    sealed: dict[str, str] = field(default_factory=dict)  # the database key sealed to public_key


@dataclass(frozen=True)
class Keyring:
    slots: tuple[Slot, ...]

    def names(self) -> list[str]:
        return [s.name for s in self.slots]

    def slot(self, name: str) -> Slot:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise StoreError(f"Aucun compte «\u00a0{name}\u00a0» sur ce poste (comptes\u00a0: {', '.join(self.names())}).")

    def without(self, name: str) -> Keyring:
        return Keyring(tuple(s for s in self.slots if s.name != name))

    def with_slot(self, slot: Slot) -> Keyring:
        kept = [s for s in self.slots if s.name != slot.name]
        at = next((i for i, s in enumerate(self.slots) if s.name == slot.name), len(kept))
        kept.insert(at, slot)
        return Keyring(tuple(kept))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# --- the file ------------------------------------------------------------------------------
def path_of(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def pending_of(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX + PENDING)


def load(database: Path) -> Keyring | None:
    """The keyring beside ``database``; None when there is none (a database keyed by a passphrase)."""
    return load_from(path_of(database))


def load_from(path: Path) -> Keyring | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Keyring(tuple(Slot(**s) for s in data["slots"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(f"Le fichier des comptes {path.name} est illisible ({error}).") from None


def save(database: Path, keyring: Keyring) -> None:
    """Write the keyring beside ``database``, durable and private, replacing the old one in one step."""
    save_to(path_of(database), keyring)


def save_to(path: Path, keyring: Keyring) -> None:
    data = {"format": FORMAT, "slots": [asdict(s) for s in keyring.slots]}
    atomic.write_bytes(path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))


def copy(source_database: Path, target_database: Path) -> None:
    """Put a copy of ``source_database``'s keyring beside ``target_database`` (none: the target's is removed)."""
    source = path_of(source_database)
    if source.exists():
        atomic.copy_file(source, path_of(target_database))
    else:
        path_of(target_database).unlink(missing_ok=True)


# --- keys ------------------------------------------------------------------------------------
def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def raw(key: bytes) -> str:
    """SQLCipher's raw-key string: the key used as is, no derivation."""
    return f"x'{key.hex().upper()}'"


def is_raw(secret: str) -> bool:
    return len(secret) == 2 * KEY_BYTES + 3 and secret.startswith("x'") and secret.endswith("'")


def key_of(secret: str) -> bytes:
    return bytes.fromhex(secret[2:-1])


def derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """The slot's wrapping key: Argon2id of the passphrase with the slot's own parameters."""
    return hash_secret_raw(
        passphrase.encode("utf-8", "surrogatepass"),
        _unb64(kdf["salt"]),
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=int(kdf["version"]),
    )


def new_kdf() -> dict[str, Any]:
    return {
        "algorithm": "argon2id",
        "version": ARGON2_VERSION,
        "time_cost": ARGON2.time_cost,
        "memory_cost": ARGON2.memory_cost,
        "parallelism": ARGON2.parallelism,
        "salt": _b64(os.urandom(16)),
    }


def _seal_key(shared: bytes, name: str) -> AESGCM:
    info = b"audition-assistant keyring seal " + name.encode("utf-8")
    return AESGCM(HKDF(hashes.SHA256(), KEY_BYTES, None, info).derive(shared))


def seal(key: bytes, public_key: str, name: str) -> dict[str, str]:
    """The database key sealed to a slot's public key: whoever holds its private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(public_key)))
    nonce = os.urandom(12)
    sealed = _seal_key(shared, name).encrypt(nonce, key, name.encode("utf-8"))
    ephemeral_public = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"ephemeral": _b64(ephemeral_public), "nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def make_slot(key: bytes, name: str, passphrase: str, *, admin: bool, now: dt.datetime) -> Slot:
    """A new slot for ``name``: its key pair, the private half wrapped under the passphrase."""
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kdf = new_kdf()
    nonce = os.urandom(12)
    private_bytes = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    wrapped = AESGCM(derive(passphrase, kdf)).encrypt(nonce, private_bytes, name.encode("utf-8"))
    created = now.isoformat(timespec="seconds")
    return Slot(name, admin, created, kdf, _b64(nonce), _b64(wrapped), _b64(public), seal(key, _b64(public), name))


def resealed(slot: Slot, key: bytes) -> Slot:
    """The same slot (same passphrase) with a new database key sealed to it."""
    return Slot(**{**asdict(slot), "sealed": seal(key, slot.public_key, slot.name)})


def open_slot(slot: Slot, passphrase: str) -> bytes:
    """The database key through one slot; WrongPassphrase when the passphrase is not the slot's."""
    aad = slot.name.encode("utf-8")
    try:
        private_bytes = AESGCM(derive(passphrase, slot.kdf)).decrypt(_unb64(slot.nonce), _unb64(slot.wrapped), aad)
    except (InvalidTag, ValueError, KeyError) as error:
        raise WrongPassphrase(detail=f"keyring slot {slot.name}: {type(error).__name__}") from None
    private = X25519PrivateKey.from_private_bytes(private_bytes)
    try:
        sealed = slot.sealed
        shared = private.exchange(X25519PublicKey.from_public_bytes(_unb64(sealed["ephemeral"])))
        return _seal_key(shared, slot.name).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), aad)
    except (InvalidTag, ValueError, KeyError) as error:
        raise WrongPassphrase(detail=f"keyring slot {slot.name} sealed key: {type(error).__name__}") from None


def chosen(keyring: Keyring, account: str | None) -> list[Slot]:
    """The slots a passphrase is tried on: the account's, or every one when none is named."""
    return [keyring.slot(account)] if account else list(keyring.slots)


def unlock(keyring: Keyring, passphrase: str, account: str | None = None) -> tuple[str, str]:
    """The raw secret and the account's name; WrongPassphrase when no slot tried opens.

    Without an account, each slot is tried in turn (Argon2 each time): a
    single-account keyring costs one derivation.
    """
    for slot in chosen(keyring, account):
        try:
            return raw(open_slot(slot, passphrase)), slot.name
        except WrongPassphrase:
            continue
    raise WrongPassphrase(detail="no keyring slot opens")


def secret_for(database: Path, passphrase: str, account: str | None = None) -> str:
    """What opens ``database``: the raw key through its keyring, or the passphrase itself when it has none."""
    if is_raw(passphrase):
        return passphrase
    keyring = load(database)
    if keyring is None:
        return passphrase
    return unlock(keyring, passphrase, account)[0]


def accounts_of(database: Path) -> list[str]:
    """The accounts of the keyring beside ``database`` (none: a database without one, or no database yet)."""
    try:
        ring = load(database)
    except StoreError:
        return []
    return ring.names() if ring is not None else []


def open_with(database: Path, passphrase: str, account: str | None = None) -> tuple[str, str | None]:
    """The secret that opens ``database`` and the account it opens as (Argon2: run it off the window's thread).

    Without a keyring, the passphrase itself (the opening moves the database to one).
    """
    ring = None if is_raw(passphrase) else load(database)
    if ring is None:
        return passphrase, account
    return unlock(ring, passphrase, account)
