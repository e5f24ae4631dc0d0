"""The publishers whose signed template packs this laptop accepts, besides the bundled one.

Kept in the encrypted database, each addition an audit entry: whoever can
write in the data folder but lacks the passphrase cannot add a key, so cannot
make a pack of their own pass for a trusted one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import StoreBase
from .errors import StoreError

TRUSTED = "publisher_trusted"


@dataclass(frozen=True)
class TrustedKey:
    name: str
    public_key: str  # ed25519:<base64>
    fingerprint: str
    added_at: str
    added_by: str


class PublisherKeys(StoreBase):
    def trusted_keys(self) -> list[TrustedKey]:
        rows = self._db.query("SELECT * FROM trusted_publishers ORDER BY added_at, name")
        return [
            TrustedKey(r["name"], r["public_key"], r["fingerprint"], r["added_at"], r["added_by"] or "") for r in rows
        ]

    def trust_key(self, name: str, public_key: str, fingerprint: str) -> None:
        """Add a publisher's key (StoreError in French when the key or the name is already there)."""
        name = " ".join(name.split())
        if not name:
            raise StoreError("Donnez un nom à l'éditeur de cette clé.")
        for known in self.trusted_keys():
            if known.public_key == public_key:
                raise StoreError(
                    f"Cette clé ({fingerprint}) est déjà reconnue, sous le nom «\u00a0{known.name}\u00a0»."
                )
            if known.name.casefold() == name.casefold():
                raise StoreError(
                    f"Un éditeur s'appelle déjà «\u00a0{known.name}\u00a0»\u00a0: choisissez un autre nom."
                )
        with self._write():
            self._insert(
                "trusted_publishers",
                {
                    "name": name,
                    "public_key": public_key,
                    "fingerprint": fingerprint,
                    "added_at": self._stamp(),
                    "added_by": self.account or self._actor_name(),
                },
            )
            self._audit(TRUSTED, name=name, public_key=public_key, fingerprint=fingerprint)
