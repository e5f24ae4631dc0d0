"""Cases (dossiers): created, changed (with a reason once a hearing is signed), listed."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..text import clean
from .base import SIGNED, StoreBase, with_reason
from .errors import NotFound, ReasonRequired, StoreError
from .records import CASE_STATUSES, Case

# The stored columns of a Case, in the order of its fields (hearing_count, the last, is computed).
_CASE_COLUMNS = ", ".join(f"cases.{f.name}" for f in dataclasses.fields(Case) if f.name != "hearing_count")


class CaseRecords(StoreBase):
    def create_case(
        self, procedure_number: str, heading: str = "", service: str = "", qualification: str = "", export_dir: str = ""
    ) -> int:
        procedure_number = clean(procedure_number).strip()
        if not procedure_number:
            raise StoreError("Le numéro de procédure est obligatoire.")
        stamp = self._stamp()
        with self._write():
            case_id = self._insert(
                "cases",
                {
                    "procedure_number": procedure_number,
                    "heading": clean(heading),
                    "service": clean(service),
                    "qualification": clean(qualification),
                    "status": "open",
                    "export_dir": export_dir,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            self._audit(
                "case_created",
                case_id=case_id,
                procedure_number=procedure_number,
                heading=clean(heading),
                service=clean(service),
                qualification=clean(qualification),
            )
        return case_id

    def update_case(self, case_id: int, *, reason: str = "", **changes: str) -> None:
        """Change a case's details; once one of its hearings is closed, only with a ``reason`` (audited)."""
        allowed = {"procedure_number", "heading", "service", "qualification", "export_dir"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown case columns: {sorted(unknown)}")
        self._refuse_if_handed_over(case_id=case_id)
        values = {k: clean(v) for k, v in changes.items()}
        if "procedure_number" in values and not values["procedure_number"].strip():
            raise StoreError("Le numéro de procédure est obligatoire.")
        before = self.case(case_id)
        values = {k: v for k, v in values.items() if v != getattr(before, k)}
        if not values:  # the dialog confirmed as it was: nothing to change, nothing to ask
            return
        reason = self._reason_for_case(case_id, reason)
        with self._write() as db:
            db.table("cases").update(case_id, {**values, "updated_at": self._stamp()})
            old = {k: getattr(before, k) for k in values}
            self._audit("case_updated", case_id=case_id, changes=values, old=old, **with_reason(reason))

    def set_case_status(self, case_id: int, status: str, reason: str = "") -> None:
        """Open, close or archive a case; once one of its hearings is closed, only with a ``reason`` (audited)."""
        if status not in CASE_STATUSES:
            raise ValueError(status)
        self._refuse_if_handed_over(case_id=case_id)
        reason = self._reason_for_case(case_id, reason)
        with self._write() as db:
            db.table("cases").update(case_id, {"status": status, "updated_at": self._stamp()})
            self._audit("case_status", case_id=case_id, status=status, **with_reason(reason))

    def _reason_for_case(self, case_id: int, reason: str) -> str:
        """The reason, cleaned; ReasonRequired when the case has a closed hearing and none was given."""
        reason = clean(reason).strip()
        closed = self._db.execute(
            f"SELECT 1 FROM hearings WHERE case_id = ? AND status IN {SIGNED} LIMIT 1", [case_id]
        ).fetchone()
        if closed and not reason:
            raise ReasonRequired(
                "Ce dossier compte une audition close : indiquez le motif de la modification, "
                "il sera inscrit au journal."
            )
        return reason

    def case(self, case_id: int) -> Case:
        for case in self._cases("cases.id = ?", [case_id]):
            return case
        raise NotFound(f"Dossier n° {case_id} introuvable.")

    def cases(self, statuses: tuple[str, ...] = ("open", "closed")) -> list[Case]:
        marks = ",".join("?" * len(statuses))
        return self._cases(f"cases.status IN ({marks})", list(statuses))

    def _cases(self, where: str, params: list[Any] | dict[str, Any]) -> list[Case]:
        sql = (
            f"SELECT {_CASE_COLUMNS}, (SELECT count(*) FROM hearings WHERE hearings.case_id = cases.id) "
            f"FROM cases WHERE {where} ORDER BY cases.updated_at DESC, cases.id DESC"
        )
        return [Case(*row) for row in self._db.execute(sql, params)]
