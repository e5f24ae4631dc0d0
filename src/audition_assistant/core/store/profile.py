"""The investigator's profile: who writes the procès-verbaux, and whom the audit entries name.

One per account (m011): each investigator's documents carry their own name.
A row without an account is the one kept from before accounts existed (or
the profile of a store opened by its raw key alone); an account without a
row of its own reads it until it saves its own.
"""

from __future__ import annotations

from typing import Any

from ..text import clean
from .base import StoreBase
from .records import Profile


class ProfileRecords(StoreBase):
    # The audit actor (the profile's display name) with the PRAGMA data_version
    # it was read at: re-read only when another connection has committed since.
    _actor: tuple[int, str] | None = None

    def _profile_row(self) -> dict[str, Any] | None:
        if "account" not in self._db.table("profile").columns_dict:  # before m011 (a migration in progress)
            return next(self._db.table("profile").rows_where("id = 1"), None)
        rows = self._db.table("profile").rows_where(
            "account IS ? OR account IS NULL", [self.account], order_by="account IS NULL", limit=1
        )
        return next(iter(rows), None)

    def profile(self) -> Profile:
        row = self._profile_row()
        return Profile(**{k: row[k] or "" for k in Profile.__dataclass_fields__}) if row else Profile()

    def has_profile(self) -> bool:
        return bool(self.profile().nom)

    def save_profile(self, profile: Profile) -> None:
        values = {k: clean(getattr(profile, k)) for k in Profile.__dataclass_fields__}
        with self._write() as db:
            row = db.execute("SELECT id FROM profile WHERE account IS ?", [self.account]).fetchone()
            record = {**values, "account": self.account, "updated_at": self._stamp()}
            if row is not None:
                db.table("profile").update(row[0], record)
            else:
                db.table("profile").insert(record)
            self._actor = None
            self._audit("profile_saved", profile=values)

    def _claim_profile(self) -> None:
        """The profile kept from before accounts becomes the account's (inside the caller's transaction)."""
        self._db.execute("UPDATE profile SET account = ? WHERE account IS NULL", [self.account])
        self._actor = None

    def _actor_name(self) -> str:
        """The profile's display name, read again only when the database changed under us.

        ``PRAGMA data_version`` changes when another connection commits, never for
        this connection's own writes; save_profile forgets the cached name itself.
        """
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._actor is None or self._actor[0] != version:
            self._actor = (version, self.profile().display)
        return self._actor[1]
