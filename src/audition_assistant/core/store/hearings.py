"""Hearings: each with a frozen copy of its template, its PV number and place; and the supplements opened on it."""

from __future__ import annotations

import json
from typing import Any

from ..text import clean
from .base import StoreBase, json_text
from .errors import NotFound, StoreError
from .records import HearingRecord, Supplement


class HearingRecords(StoreBase):
    def create_hearing(
        self,
        case_id: int,
        person_id: int,
        template_snapshot: dict[str, Any],
        pv_number: str = "",
        place: str = "",
        *,
        signature: str = "",
    ) -> int:
        """Record a new hearing with a frozen copy of its template (and who had signed it, when known)."""
        self._refuse_if_handed_over(case_id=case_id)
        stamp = self._stamp()
        with self._write() as db:
            hearing_id = self._insert(
                "hearings",
                {
                    "case_id": case_id,
                    "person_id": person_id,
                    "template_id": str(template_snapshot.get("id")),
                    "template_version": str(template_snapshot.get("version")),
                    "template_snapshot": json_text(template_snapshot),
                    "pv_number": clean(pv_number),
                    "place": clean(place),
                    "status": "draft",
                    "current_section": "",
                    "created_at": stamp,
                    "updated_at": stamp,
                    # The account that conducts it; none to name (a schema before m012 has no column for it).
                    **({"account": self.account} if self.account is not None else {}),
                },
            )
            db.table("cases").update(case_id, {"updated_at": stamp})
            self._audit(
                "hearing_created",
                case_id=case_id,
                hearing_id=hearing_id,
                template=template_snapshot.get("id"),
                version=str(template_snapshot.get("version")),
                pv_number=clean(pv_number),
                place=clean(place),
                **({"signature": signature} if signature else {}),
            )
        return hearing_id

    def hearing_signature(self, hearing_id: int) -> str:
        """Who had signed the template when the hearing began (« signé par … »), as recorded then; "" if unknown."""
        row = self._db.execute(
            "SELECT detail FROM audit_log WHERE action = 'hearing_created' AND hearing_id = ? ORDER BY id DESC LIMIT 1",
            [hearing_id],
        ).fetchone()
        try:
            detail = json.loads(row[0]) if row and row[0] else {}
        except ValueError:
            return ""
        return str(detail.get("signature") or "") if isinstance(detail, dict) else ""

    def hearing(self, hearing_id: int) -> HearingRecord:
        rows = list(self._db.table("hearings").rows_where("id = ?", [hearing_id]))
        if not rows:
            raise NotFound(f"Audition n° {hearing_id} introuvable.")
        row = rows[0]
        officer = json.loads(row["officer"]) if row.get("officer") else None
        return HearingRecord(**{**row, "template_snapshot": json.loads(row["template_snapshot"]), "officer": officer})

    def hearings(self, case_id: int) -> list[HearingRecord]:
        return [
            self.hearing(r["id"])
            for r in self._db.table("hearings").rows_where("case_id = ?", [case_id], order_by="id")
        ]

    def update_hearing(self, hearing_id: int, **changes: str) -> None:
        allowed = {"pv_number", "place", "current_section"}
        if set(changes) - allowed:
            raise ValueError(sorted(set(changes) - allowed))
        if set(changes) - {"current_section"}:  # where the screen was is not the case's content
            self._refuse_if_handed_over(hearing_id=hearing_id)
        if {"pv_number", "place"} & set(changes) and self.hearing_status(hearing_id) in ("closed", "correction"):
            # The signed PV keeps its number: a correction is a new PV with its own. No reason opens this.
            raise StoreError("Cette audition est close : le numéro et le lieu de son procès-verbal ne changent plus.")
        values = {k: clean(v) for k, v in changes.items()}
        content = {k: v for k, v in values.items() if k != "current_section"}  # where the screen was: not the PV
        before = self.hearing(hearing_id) if content else None
        with self._write() as db:
            db.table("hearings").update(hearing_id, {**values, "updated_at": self._stamp()})
            if before is not None:
                old = {k: getattr(before, k) for k in content}
                self._audit("hearing_updated", case_id=before.case_id, hearing_id=hearing_id, old=old, new=content)

    def supplements(self, hearing_id: int) -> list[Supplement]:
        """The hearing's supplements, oldest first."""
        return [
            Supplement(
                **{**r, "closed_at": r["closed_at"] or "", "reason": r["reason"] or "", "base": json.loads(r["base"])}
            )
            for r in self._db.table("supplements").rows_where("hearing_id = ?", [hearing_id], order_by="id")
        ]

    def open_supplement(self, hearing_id: int) -> Supplement | None:
        """The supplement being written, when the hearing is reopened."""
        if self.hearing_status(hearing_id) != "correction":
            return None
        return next((s for s in reversed(self.supplements(hearing_id)) if s.open), None)
