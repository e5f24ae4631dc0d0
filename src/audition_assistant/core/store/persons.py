"""The persons heard in a case: their identity, changed with a reason once a hearing of theirs is signed."""

from __future__ import annotations

import json
from typing import Any

from ..french import identity_name
from ..text import clean
from .base import StoreBase, clean_value, json_text, with_reason
from .errors import ReasonRequired
from .records import Person

_NO_NAME = "(identité à compléter)"
_MISSING = "Personne n° {id} introuvable."


class PersonRecords(StoreBase):
    def add_person(self, case_id: int, identity: dict[str, Any]) -> int:
        self._refuse_if_handed_over(case_id=case_id)
        identity = clean_value(identity)
        with self._write():
            person_id = self._insert(
                "persons",
                {
                    "case_id": case_id,
                    "display_name": identity_name(identity) or _NO_NAME,
                    "identity": json_text(identity),
                    "created_at": self._stamp(),
                },
            )
            self._audit("person_added", case_id=case_id, person_id=person_id)
        return person_id

    def update_person(
        self, person_id: int, identity: dict[str, Any], *, reason: str = "", hearing_id: int | None = None
    ) -> None:
        """Change a person's identity (audited).

        Once the person was heard in a closed hearing, a ``reason`` is needed,
        unless the identity comes from ``hearing_id``, a hearing of hers still
        being written (or corrected), whose answers say it.
        """
        identity = clean_value(identity)
        reason = clean(reason).strip()
        row = self._row("persons", person_id, _MISSING)
        self._refuse_if_handed_over(case_id=row["case_id"])
        statuses = {
            r[0]: r[1] for r in self._db.execute("SELECT id, status FROM hearings WHERE person_id = ?", [person_id])
        }
        signed = {"closed", "correction"}
        live = hearing_id is not None and statuses.get(hearing_id) not in (None, "closed")
        if not reason and not live and signed & set(statuses.values()):
            raise ReasonRequired(
                "Cette personne a été entendue dans une audition close : indiquez le motif de la modification "
                "de son identité, il sera inscrit au journal."
            )
        with self._write() as db:
            db.table("persons").update(
                person_id,
                {"display_name": identity_name(identity) or _NO_NAME, "identity": json_text(identity)},
            )
            self._audit(
                "person_updated",
                case_id=row["case_id"],
                person_id=person_id,
                old=json.loads(row["identity"] or "{}"),
                new=identity,
                **({"audition": hearing_id} if live else {}),
                **with_reason(reason),
            )

    def persons(self, case_id: int) -> list[Person]:
        return [
            Person(r["id"], r["case_id"], r["display_name"], json.loads(r["identity"] or "{}"))
            for r in self._db.table("persons").rows_where("case_id = ?", [case_id], order_by="id")
        ]

    def person(self, person_id: int) -> Person:
        r = self._row("persons", person_id, _MISSING)
        return Person(r["id"], r["case_id"], r["display_name"], json.loads(r["identity"] or "{}"))
