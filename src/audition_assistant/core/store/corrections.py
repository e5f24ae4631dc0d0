"""Reopening a closed hearing for a procès-verbal complémentaire or de rectification, and closing it again.

A signed PV is never changed under its number: the supplement has its own,
and keeps the hearing as it stood (``base``), what the earlier PV said.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import clock as moments
from ..text import clean
from .answers import AnswerRecords
from .base import json_text
from .cases import CaseRecords
from .entries import EntryRecords
from .errors import StoreError
from .profile import ProfileRecords
from .records import SUPPLEMENT_KINDS


class CorrectionRecords(AnswerRecords, EntryRecords, CaseRecords, ProfileRecords):
    def reopen_for_correction(self, hearing_id: int, kind: str, pv_number: str, reason: str) -> int:
        """Open a procès-verbal complémentaire or de rectification on a closed hearing; returns its id.

        What is added or corrected from now on belongs to the new PV
        (``pv_number``, required), and the hearing as it stands (the signed
        PV's content) is kept with it. One transaction: the supplement, the
        status and the audit entry.
        """
        reason = clean(reason).strip()
        pv_number = clean(pv_number).strip()
        self._refuse_if_handed_over(hearing_id=hearing_id)
        if kind not in SUPPLEMENT_KINDS:
            raise StoreError("Choisissez un procès-verbal complémentaire ou de rectification.")
        if not pv_number:
            raise StoreError("Indiquez le numéro du nouveau procès-verbal.")
        if not reason:
            raise StoreError("Indiquez le motif de la correction.")
        if self.hearing_status(hearing_id) != "closed":
            raise StoreError("Seule une audition close peut être rouverte pour correction.")
        taken = {self.hearing(hearing_id).pv_number.strip()} | {s.pv_number for s in self.supplements(hearing_id)}
        if pv_number in taken:
            raise StoreError(
                f"Le numéro {pv_number} est déjà celui d'un procès-verbal de cette audition : "
                "le nouveau procès-verbal prend un numéro qui lui est propre."
            )
        with self._write() as db:
            stamp = self._stamp()
            supplement_id = self._insert(
                "supplements",
                {
                    "hearing_id": hearing_id,
                    "kind": kind,
                    "pv_number": pv_number,
                    "reason": reason,
                    "opened_at": stamp,
                    "closed_at": "",
                    "base": json_text(self._state(hearing_id)),
                },
            )
            db.table("hearings").update(hearing_id, {"status": "correction", "updated_at": stamp})
            self._audit(
                "correction_opened",
                hearing_id=hearing_id,
                reason=reason,
                kind=kind,
                pv_number=pv_number,
                supplement=supplement_id,
            )
        return supplement_id

    def finish_correction(self, hearing_id: int) -> None:
        """Close the hearing again, and with it the supplement being written."""
        self._refuse_if_handed_over(hearing_id=hearing_id)
        if self.hearing_status(hearing_id) != "correction":
            raise StoreError("Cette audition n'est pas en cours de correction.")
        current = self.open_supplement(hearing_id)
        with self._write() as db:
            stamp = self._stamp()
            db.table("hearings").update(hearing_id, {"status": "closed", "updated_at": stamp})
            detail: dict[str, Any] = {}
            if current is not None:
                db.table("supplements").update(current.id, {"closed_at": stamp})
                detail = {"supplement": current.id, "pv_number": current.pv_number}
            self._audit("correction_closed", hearing_id=hearing_id, **detail)

    def _state(self, hearing_id: int) -> dict[str, Any]:
        """What the hearing's PV is built from, as plain JSON (the base of a supplement)."""
        record = self.hearing(hearing_id)
        case = self.case(record.case_id)
        return {
            "answers": self.answers(hearing_id),
            "entries": [
                {
                    **dataclasses.asdict(e),
                    "created_at": moments.stamp(e.created_at),
                    "updated_at": moments.stamp(e.updated_at),
                }
                for e in self.entries(hearing_id)
            ],
            "pv_number": record.pv_number,
            "place": record.place,
            "profile": dataclasses.asdict(self.hearing_officer(hearing_id)),
            "case": {k: getattr(case, k) for k in ("procedure_number", "heading", "service", "qualification")},
        }
