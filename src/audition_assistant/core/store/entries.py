"""The transcript: the questions and answers of a hearing, in order; those of a signed PV keep their place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock as moments
from ..text import clean
from .base import signed_entry_ids, signed_number
from .errors import StoreError
from .hearings import HearingRecords
from .records import TranscriptEntry

_MISSING = "Question n° {id} introuvable."


class EntryRecords(HearingRecords):
    def add_entry(
        self, hearing_id: int, theme: str | None, question: str, answer: str, at: dt.datetime | None = None
    ) -> int:
        self._refuse_if_closed(hearing_id)
        stamp = moments.stamp(at or self._clock())
        with self._write() as db:
            last = db.execute(
                "SELECT coalesce(max(position), 0) FROM transcript_entries WHERE hearing_id = ?", [hearing_id]
            ).fetchone()[0]
            entry_id = self._insert(
                "transcript_entries",
                {
                    "hearing_id": hearing_id,
                    "position": last + 1,
                    "theme": theme,
                    "question": clean(question),
                    "answer": clean(answer),
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            self._touch(db, hearing_id)
            self._audit(
                "entry_added",
                hearing_id=hearing_id,
                entry=entry_id,
                theme=theme,
                question=clean(question),
                answer=clean(answer),
            )
        return entry_id

    def restore_entry(
        self, hearing_id: int, theme: str | None, question: str, answer: str, at: dt.datetime, index: int
    ) -> int:
        """Put an entry back at ``index`` with its first time (an undone deletion): one transaction."""
        with self._write():
            entry_id = self.add_entry(hearing_id, theme, question, answer, at=at)
            self.move_entry(entry_id, index)
        return entry_id

    def update_entry(
        self, entry_id: int, *, question: str | None = None, answer: str | None = None, theme: str | None = None
    ) -> None:
        row = self._row("transcript_entries", entry_id, _MISSING)
        self._refuse_if_closed(row["hearing_id"])
        current = self.open_supplement(row["hearing_id"])
        if current is not None and current.kind == "complementaire" and entry_id in signed_entry_ids(current):
            raise StoreError(
                "Un procès-verbal complémentaire consigne de nouvelles déclarations : pour corriger une "
                f"réponse du procès-verbal n° {signed_number(current)}, rouvrez l'audition pour un "
                "procès-verbal de rectification."
            )
        changes: dict[str, Any] = {}
        if question is not None:
            changes["question"] = clean(question)
        if answer is not None:
            changes["answer"] = clean(answer)
        if theme is not None:
            changes["theme"] = theme
        if not changes:
            return
        with self._write() as db:
            db.table("transcript_entries").update(entry_id, {**changes, "updated_at": self._stamp()})
            self._touch(db, row["hearing_id"])
            old = {k: row[k] for k in changes}
            self._audit("entry_edited", hearing_id=row["hearing_id"], entry=entry_id, old=old, new=changes)

    def delete_entry(self, entry_id: int) -> None:
        row = self._row("transcript_entries", entry_id, _MISSING)
        self._refuse_if_closed(row["hearing_id"])
        self._refuse_on_signed_entry(row["hearing_id"], entry_id, "supprimées")
        with self._write() as db:
            db.table("transcript_entries").delete(entry_id)
            self._touch(db, row["hearing_id"])
            self._audit(
                "entry_deleted",
                hearing_id=row["hearing_id"],
                entry=entry_id,
                question=row["question"],
                answer=row["answer"],
            )

    def move_entry(self, entry_id: int, new_index: int) -> None:
        """Put an entry at ``new_index`` (0-based) in its hearing's order."""
        row = self._row("transcript_entries", entry_id, _MISSING)
        hearing_id = row["hearing_id"]
        self._refuse_if_closed(hearing_id)
        self._refuse_on_signed_entry(hearing_id, entry_id, "déplacées")
        current = self.open_supplement(hearing_id)
        if current is not None and new_index < len(signed_entry_ids(current)):
            raise StoreError(
                f"Les questions du procès-verbal n° {signed_number(current)}, déjà signé, gardent leur ordre : "
                f"une question du procès-verbal n° {current.pv_number} vient après elles."
            )
        ids = [e.id for e in self.entries(hearing_id)]
        ids.remove(entry_id)
        ids.insert(max(0, min(new_index, len(ids))), entry_id)
        with self._write() as db:
            for position, eid in enumerate(ids, start=1):
                db.execute("UPDATE transcript_entries SET position = ? WHERE id = ?", [position, eid])
            self._touch(db, hearing_id)
            self._audit("entry_moved", hearing_id=hearing_id, entry=entry_id, index=new_index)

    def entries(self, hearing_id: int) -> list[TranscriptEntry]:
        return [
            TranscriptEntry(
                id=r["id"],
                position=r["position"],
                theme=r["theme"],
                question=r["question"] or "",
                answer=r["answer"] or "",
                created_at=moments.parse(r["created_at"]),
                updated_at=moments.parse(r["updated_at"] or r["created_at"]),
            )
            for r in self._db.table("transcript_entries").rows_where(
                "hearing_id = ?", [hearing_id], order_by="position, id"
            )
        ]

    def _refuse_on_signed_entry(self, hearing_id: int, entry_id: int, doing: str) -> None:
        """Entries of a signed PV stay where and as they were: reordering or deleting one is refused."""
        current = self.open_supplement(hearing_id)
        if current is not None and entry_id in signed_entry_ids(current):
            raise StoreError(
                f"Cette question et sa réponse figurent au procès-verbal n° {signed_number(current)}, déjà signé : "
                f"elles ne peuvent pas être {doing}. Consignez la correction dans le procès-verbal "
                f"n° {current.pv_number}."
            )
