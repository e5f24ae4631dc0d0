"""Unlocking through an account's slot of the keyring, against Argon2id alone with the same parameters.

The slot's cost is on purpose (Argon2id, parameters recorded in the slot):
what a stolen laptop's keyring costs to attack per guess. What the unlock adds
to it (reading the keyring, AES-GCM, X25519, the file opened with its raw
key) should be a few milliseconds.
"""

from __future__ import annotations

from common import PASSPHRASE, Row, median, timed
from dataset import LongHearing

from audition_assistant.core.store import Store, cipher, keyring


def bench(long: LongHearing, runs: int) -> list[Row]:
    database = long.paths.database
    ring = keyring.load(database)
    if ring is None:  # a database of before the keyring: its first opening moves it
        Store.open(database, PASSPHRASE, check=False).close()
        ring = keyring.load(database)
    assert ring is not None
    slot = ring.slots[0]
    kdf = slot.kdf

    def unlock() -> None:
        secret, _account = keyring.open_with(database, PASSPHRASE)
        cipher.connect_key(database, secret).close()

    def argon2_alone() -> None:
        keyring.derive(PASSPHRASE, kdf)

    samples = [(timed(unlock), timed(argon2_alone)) for _ in range(runs)]  # interleaved: the same load for both
    unlocked, floor = median([u for u, _ in samples]), median([f for _, f in samples])
    params = f"time_cost {kdf['time_cost']}, memory {kdf['memory_cost'] // 1024} MiB, parallelism {kdf['parallelism']}"
    return [
        Row("unlock through an account's slot", unlocked, floor, "s", "ratio <= 1.1", unlocked / floor <= 1.1,
            f"median of {runs}: the keyring read, its slot opened (Argon2id, {params}), the database key unsealed, "
            "the file opened with its raw key; floor: Argon2id alone with the slot's parameters, the cost chosen "
            "on purpose (about half a second), run off the window's thread"),
    ]  # fmt: skip
