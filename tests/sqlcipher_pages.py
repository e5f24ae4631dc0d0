"""The pages of a SQLCipher 4 file, decrypted here without SQLCipher: what a thief with the key would read.

SQLCipher 4's defaults: pages of 4096 bytes, each ending with a reserve of
80 bytes (a random IV of 16, then an HMAC-SHA512 of 64); the page's data,
before the reserve, is AES-256-CBC under the key with that IV. The first 16
bytes of the file are the salt: page 1's data starts after them, and they
stand where SQLite's header string would. A passphrase gives the key by
PBKDF2-HMAC-SHA512 (256,000 iterations) over that salt; a raw 32-byte key
is used as is. The HMAC key is PBKDF2-HMAC-SHA512 (2 iterations) of the key
over the salt XORed with 0x3a; the HMAC covers the encrypted data, the IV
and the page number (4 bytes, little-endian).

A WAL holds the same encrypted pages, each after a 24-byte frame header
naming its page number (big-endian), behind a 32-byte file header.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = IV_SIZE + HMAC_SIZE
KDF_ITERATIONS = 256_000
HMAC_ITERATIONS = 2
HMAC_SALT_MASK = 0x3A
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_HEADER = 32
FRAME_HEADER = 24


class PageInvalid(Exception):
    """A page whose HMAC does not match: the wrong key, or a damaged page."""


@dataclass(frozen=True)
class Keys:
    cipher: bytes
    mac: bytes


def keys(salt: bytes, *, passphrase: str | None = None, raw_key: bytes | None = None) -> Keys:
    """The encryption and HMAC keys for a file with this salt, from a passphrase or a raw 32-byte key."""
    if (passphrase is None) == (raw_key is None):
        raise ValueError("give a passphrase or a raw key")
    if raw_key is not None:
        if len(raw_key) != 32:
            raise ValueError("a raw key has 32 bytes")
        key = raw_key
    else:
        assert passphrase is not None
        key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, 32)
    mac_salt = bytes(b ^ HMAC_SALT_MASK for b in salt)
    return Keys(key, hashlib.pbkdf2_hmac("sha512", key, mac_salt, HMAC_ITERATIONS, 32))


def salt_of(database: Path) -> bytes:
    with database.open("rb") as file:
        return file.read(SALT_SIZE)


def decrypt_page(page: bytes, number: int, k: Keys) -> bytes:
    """One page as SQLite wrote it before encryption (page 1 with its header string back in place)."""
    if len(page) != PAGE_SIZE:
        raise ValueError(f"page {number}: {len(page)} bytes")
    start = SALT_SIZE if number == 1 else 0
    data, iv, mac = page[start:-RESERVE], page[-RESERVE:-HMAC_SIZE], page[-HMAC_SIZE:]
    expected = hmac.new(k.mac, data + iv + number.to_bytes(4, "little"), hashlib.sha512).digest()
    if not hmac.compare_digest(mac, expected):
        raise PageInvalid(f"page {number}: HMAC mismatch")
    decryptor = Cipher(algorithms.AES(k.cipher), modes.CBC(iv)).decryptor()
    clear = decryptor.update(data) + decryptor.finalize()
    return (SQLITE_HEADER if number == 1 else b"") + clear + bytes(RESERVE)


def database_pages(path: Path, k: Keys) -> Iterator[tuple[int, bytes]]:
    """Every page of a database file (free pages included), decrypted, with its number."""
    data = path.read_bytes()
    if len(data) % PAGE_SIZE:
        raise ValueError(f"{path}: {len(data)} bytes, not a whole number of pages")
    for index in range(len(data) // PAGE_SIZE):
        yield index + 1, decrypt_page(data[index * PAGE_SIZE : (index + 1) * PAGE_SIZE], index + 1, k)


def wal_pages(path: Path, k: Keys) -> Iterator[tuple[int, bytes]]:
    """Every frame of a WAL file, decrypted, with its page number (old frames still in the file included)."""
    data = path.read_bytes() if path.exists() else b""
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE_SIZE <= len(data):
        number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE_SIZE]
        offset += FRAME_HEADER + PAGE_SIZE
        yield number, decrypt_page(page, number, k)


def clear_text(database: Path, *, passphrase: str | None = None, raw_key: bytes | None = None) -> bytes:
    """The decrypted pages of a database and of its WAL (when any), one after the other."""
    k = keys(salt_of(database), passphrase=passphrase, raw_key=raw_key)
    wal = database.with_name(database.name + "-wal")
    return b"".join(page for _n, page in [*database_pages(database, k), *wal_pages(wal, k)])
