"""The elements of a charge the investigator tagged entries with: notes in the encrypted store, audited, never the PV.

A tag is a note like the answers kept in the investigator's notes: refused on a
closed hearing (reopened for a supplement, it is written again) and on a case
handed over, as every other write. A tag goes with the entry it is on
(m040's trigger), inside the transaction that deletes the entry.
"""

from __future__ import annotations

from .base import StoreBase
from .errors import NotFound, StoreError
from .records import ElementTag

_COLUMNS = "id, hearing_id, element, entry_id, field_id, created_at, account"


class ElementRecords(StoreBase):
    def tag_element(
        self, hearing_id: int, element_key: str, *, entry_id: int | None = None, field_id: str | None = None
    ) -> int:
        """Tag an entry (or an answer) with an element; tagging it again returns the tag it has, writing nothing."""
        if (entry_id is None) == (field_id is None):
            raise ValueError("exactly one of entry_id and field_id")
        if not element_key or "." not in element_key:
            raise StoreError(f"Élément « {element_key} » inconnu.")
        self._refuse_if_closed(hearing_id)
        if entry_id is not None:
            row = self._db.execute("SELECT hearing_id FROM transcript_entries WHERE id = ?", [entry_id]).fetchone()
            if row is None or row[0] != hearing_id:
                raise NotFound(f"Question n° {entry_id} introuvable dans cette audition.")
        with self._write():
            found = self._db.execute(
                "SELECT id FROM element_tags WHERE hearing_id = ? AND element = ? AND entry_id IS ? AND field_id IS ?",
                [hearing_id, element_key, entry_id, field_id],
            ).fetchone()
            if found is not None:
                return int(found[0])
            tag_id = self._insert(
                "element_tags",
                {
                    "hearing_id": hearing_id,
                    "element": element_key,
                    "entry_id": entry_id,
                    "field_id": field_id,
                    "created_at": self._stamp(),
                    "account": self.account,
                },
            )
            where = {"entry": entry_id} if entry_id is not None else {"field": field_id}
            self._audit("element_tagged", hearing_id=hearing_id, tag=tag_id, element=element_key, **where)
        return tag_id

    def untag_element(self, tag_id: int) -> None:
        row = self._db.execute(
            "SELECT hearing_id, element, entry_id, field_id FROM element_tags WHERE id = ?", [tag_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"Élément rattaché n° {tag_id} introuvable.")
        hearing_id, element, entry_id, field_id = row
        self._refuse_if_closed(hearing_id)
        with self._write() as db:
            db.execute("DELETE FROM element_tags WHERE id = ?", [tag_id])
            where = {"entry": entry_id} if entry_id is not None else {"field": field_id}
            self._audit("element_untagged", hearing_id=hearing_id, tag=tag_id, element=element, **where)

    def element_tags(self, hearing_id: int) -> list[ElementTag]:
        """The hearing's tags, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM element_tags WHERE hearing_id = ? ORDER BY id", [hearing_id]
        ).fetchall()
        return [ElementTag(*row) for row in rows]
