"""The investigator's profile: who writes the procès-verbaux, and whom the audit entries name.

One per account (m011): each investigator's documents carry their own name.
A row without an account is the one kept from before accounts existed (or
the profile of a store opened by its raw key alone); an account without a
row of its own reads it until it saves its own. A hearing's documents name
its own officer instead (``hearing_officer``), whoever exports them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
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
        return _profile(row) if row else Profile()

    def account_profile(self, account: str) -> Profile | None:
        """The account's own profile, when it saved one with a name."""
        row = next(iter(self._db.table("profile").rows_where("account = ?", [account], limit=1)), None)
        return _profile(row) if row and row["nom"] else None

    def hearing_officer(self, hearing_id: int) -> Profile:
        """The officer a hearing's documents name: who conducted it, not whoever is acting now.

        The profile frozen when it was closed (or carried by its case archive);
        else the profile of the account that conducts it; else, for a hearing
        from before accounts or closed before officers were frozen, the current one.
        """
        row = self._db.execute("SELECT account, officer FROM hearings WHERE id = ?", [hearing_id]).fetchone()
        if row is not None and row[1]:
            return officer_profile(json.loads(row[1]))
        owned = self.account_profile(row[0]) if row is not None and row[0] else None
        return owned or self.profile()

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


def _profile(row: dict[str, Any]) -> Profile:
    return Profile(**{k: row[k] or "" for k in Profile.__dataclass_fields__})


def officer_profile(values: dict[str, Any]) -> Profile:
    """A frozen officer (JSON) as a Profile: unknown keys ignored, missing ones empty."""
    return Profile(**{k: str(values.get(k) or "") for k in Profile.__dataclass_fields__})


def officer_values(profile: Profile) -> dict[str, str]:
    """What a hearing keeps of its officer: the profile's fields."""
    return asdict(profile)
