"""The investigator's profile: who writes the procès-verbaux, and whom the audit entries name."""

from __future__ import annotations

from ..text import clean
from .base import StoreBase
from .records import Profile


class ProfileRecords(StoreBase):
    # The audit actor (the profile's display name) with the PRAGMA data_version
    # it was read at: re-read only when another connection has committed since.
    _actor: tuple[int, str] | None = None

    def profile(self) -> Profile:
        row = next(self._db.table("profile").rows_where("id = 1"), None)
        return Profile(**{k: row[k] or "" for k in Profile.__dataclass_fields__}) if row else Profile()

    def has_profile(self) -> bool:
        return bool(self.profile().nom)

    def save_profile(self, profile: Profile) -> None:
        values = {k: clean(getattr(profile, k)) for k in Profile.__dataclass_fields__}
        with self._write() as db:
            db.table("profile").upsert({"id": 1, **values, "updated_at": self._stamp()}, pk="id")
            self._actor = None
            self._audit("profile_saved", profile=values)

    def _actor_name(self) -> str:
        """The profile's display name, read again only when the database changed under us.

        ``PRAGMA data_version`` changes when another connection commits, never for
        this connection's own writes; save_profile forgets the cached name itself.
        """
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._actor is None or self._actor[0] != version:
            self._actor = (version, self.profile().display)
        return self._actor[1]
