"""A hearing's timeline: start, suspensions, resumptions, end; each checked before it is recorded."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import clock as moments
from ..text import clean
from ..timeline import TimelineEvent, check_next
from .base import json_text
from .profile import ProfileRecords, officer_values


class EventRecords(ProfileRecords):
    def add_event(self, hearing_id: int, event: TimelineEvent) -> None:
        """Record a timeline event after checking it may happen now (TimelineError)."""
        event = dataclasses.replace(event, at=moments.local(event.at))
        self._refuse_if_handed_over(hearing_id=hearing_id)
        check_next(self.events(hearing_id), event)
        status = {"start": "in_progress", "end": "closed"}.get(event.kind)
        with self._write() as db:
            db.table("timeline_events").insert(
                {
                    "hearing_id": hearing_id,
                    "kind": event.kind,
                    "at": moments.stamp(event.at),
                    "reason": event.reason,
                    "detail": clean(event.detail),
                }
            )
            if status:
                db.table("hearings").update(hearing_id, {"status": status})
            detail: dict[str, Any] = (
                {"reason": event.reason, "detail": clean(event.detail)} if event.kind == "suspend" else {}
            )
            if event.kind == "end":
                detail["officer"] = self._freeze_officer(hearing_id)
            self._touch(db, hearing_id)
            self._audit(f"hearing_{event.kind}", hearing_id=hearing_id, at=moments.stamp(event.at), **detail)

    def _freeze_officer(self, hearing_id: int) -> dict[str, str]:
        """The officer in force at signing, kept with the hearing (inside the caller's transaction).

        A later change of the profile (a new grade) no longer changes what the
        signed PV says; an officer already kept (a case archive's) stays.
        """
        officer = officer_values(self.hearing_officer(hearing_id))
        self._db.execute(
            "UPDATE hearings SET officer = ? WHERE id = ? AND officer IS NULL", [json_text(officer), hearing_id]
        )
        return officer

    def events(self, hearing_id: int) -> list[TimelineEvent]:
        return [
            TimelineEvent(r["kind"], moments.parse(r["at"]), r["reason"] or "", r["detail"] or "")
            for r in self._db.table("timeline_events").rows_where("hearing_id = ?", [hearing_id], order_by="id")
        ]
