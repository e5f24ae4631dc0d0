"""A hearing's timeline: start, suspensions, resumptions, end; each checked before it is recorded."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import clock as moments
from ..text import clean
from ..timeline import TimelineEvent, check_next
from .base import StoreBase


class EventRecords(StoreBase):
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
            self._touch(db, hearing_id)
            pause: dict[str, Any] = (
                {"reason": event.reason, "detail": clean(event.detail)} if event.kind == "suspend" else {}
            )
            self._audit(f"hearing_{event.kind}", hearing_id=hearing_id, at=moments.stamp(event.at), **pause)

    def events(self, hearing_id: int) -> list[TimelineEvent]:
        return [
            TimelineEvent(r["kind"], moments.parse(r["at"]), r["reason"] or "", r["detail"] or "")
            for r in self._db.table("timeline_events").rows_where("hearing_id = ?", [hearing_id], order_by="id")
        ]
