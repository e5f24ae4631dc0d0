"""The hearing plan and the evaluation notes: the investigator's own notes, kept with the hearing, never in the PV.

A plan may be written before the hearing starts and edited or ticked off
during it; the evaluation is written after it. Both stay open on a closed
hearing: they are notes about the hearing, not the signed PV, whose rule
(``_refuse_if_closed``) does not apply to them. A case handed over to
another laptop stays read-only, as everywhere.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from ..text import clean
from .base import StoreBase, json_text
from .errors import StoreError
from .records import CHECKABLE, PLAN_LISTS, EvaluationNotes, HearingPlan, plan_item_key

PLANS, EVALUATIONS = "hearing_plans", "hearing_evaluations"


def lines(values: Any) -> tuple[str, ...]:
    """Lines as a plan keeps them: cleaned, stripped, empty ones and repeats dropped, in order."""
    if isinstance(values, str):
        values = values.splitlines()
    kept = (clean(str(v)).strip() for v in values or ())
    return tuple(dict.fromkeys(v for v in kept if v))


def plan_content(plan: HearingPlan) -> dict[str, Any]:
    """The plan as stored and audited (JSON values), without its time."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(plan).items() if k != "updated_at"}


def evaluation_content(notes: EvaluationNotes) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(notes).items() if k != "updated_at"}


def plan_from(content: dict[str, Any], updated_at: str = "") -> HearingPlan:
    """A plan from its stored JSON (keys it does not know are ignored: a later version may add some)."""
    known = {f.name for f in fields(HearingPlan)} - {"updated_at"}
    values: dict[str, Any] = {}
    for name in known & set(content):
        value = content[name]
        values[name] = lines(value) if name in (*PLAN_LISTS, "checked") else clean(str(value or "")).strip()
    return HearingPlan(**values, updated_at=updated_at)


def evaluation_from(content: dict[str, Any], updated_at: str = "") -> EvaluationNotes:
    return EvaluationNotes(
        covered=clean(str(content.get("covered") or "")).strip(),
        follow_up=lines(content.get("follow_up")),
        remarks=clean(str(content.get("remarks") or "")).strip(),
        updated_at=updated_at,
    )


class PlanRecords(StoreBase):
    def save_plan(self, hearing_id: int, plan: HearingPlan) -> HearingPlan:
        """Record the hearing's plan (cleaned); the ticks of items still in it are kept. Returns it as stored.

        Ticks change through ``check_plan_item``; those ``plan`` carries are kept too.
        """
        self._refuse_notes(hearing_id)
        before = self.plan(hearing_id)
        cleaned = plan_from(plan_content(plan))
        keys = {item.key for item in cleaned.items()}
        ticked = (*(before.checked if before else ()), *cleaned.checked)
        content = {**plan_content(cleaned), "checked": [k for k in dict.fromkeys(ticked) if k in keys]}
        self._write_notes(PLANS, hearing_id, content, "plan_saved")
        result = self.plan(hearing_id)
        assert result is not None
        return result

    def plan(self, hearing_id: int) -> HearingPlan | None:
        """The hearing's plan; None when none was written."""
        row = self._notes_row(PLANS, hearing_id)
        return plan_from(json.loads(row[0]), row[1]) if row else None

    def check_plan_item(self, hearing_id: int, item: str, done: bool) -> None:
        """Tick (or untick) one item of the plan, named by its key (``PlanItem.key``)."""
        self._refuse_notes(hearing_id)
        plan = self.plan(hearing_id)
        if plan is None:
            raise StoreError("Cette audition n'a pas de plan : écrivez-le d'abord (« Plan d'audition… »).")
        if item not in {i.key for i in plan.items()}:
            raise StoreError("Cet élément ne figure plus dans le plan d'audition : il ne peut pas être coché.")
        checked = [k for k in plan.checked if k != item] + ([item] if done else [])
        content = {**plan_content(plan), "checked": checked}
        kind, _, text = item.partition(":")
        self._write_notes(PLANS, hearing_id, content, "plan_item_checked", {"item": text, "list": kind, "done": done})

    def save_evaluation(self, hearing_id: int, evaluation: EvaluationNotes) -> EvaluationNotes:
        """Record the evaluation notes written after the hearing (also once it is closed). Returns them as stored."""
        self._refuse_notes(hearing_id)
        content = evaluation_content(evaluation_from(evaluation_content(evaluation)))
        self._write_notes(EVALUATIONS, hearing_id, content, "evaluation_saved")
        result = self.evaluation(hearing_id)
        assert result is not None
        return result

    def evaluation(self, hearing_id: int) -> EvaluationNotes | None:
        row = self._notes_row(EVALUATIONS, hearing_id)
        return evaluation_from(json.loads(row[0]), row[1]) if row else None

    # --- shared -----------------------------------------------------------------------------
    def _refuse_notes(self, hearing_id: int) -> None:
        """Notes are refused on an unknown hearing (NotFound) and a case handed over; a closed hearing takes them."""
        self.hearing_status(hearing_id)
        self._refuse_if_handed_over(hearing_id=hearing_id)

    def _notes_row(self, table: str, hearing_id: int) -> tuple[str, str] | None:
        row = self._db.execute(f"SELECT content, updated_at FROM {table} WHERE hearing_id = ?", [hearing_id]).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def _write_notes(
        self, table: str, hearing_id: int, content: dict[str, Any], action: str, detail: dict[str, Any] | None = None
    ) -> None:
        """One row per hearing, replaced whole, with its audit entry (the whole content, or ``detail``)."""
        with self._write() as db:
            db.table(table).upsert(
                {"hearing_id": hearing_id, "content": json_text(content), "updated_at": self._stamp()},
                pk="hearing_id",
            )
            self._audit(action, case_id=self._case_of(hearing_id), hearing_id=hearing_id, **(detail or content))


__all__ = ["CHECKABLE", "PlanRecords", "lines", "plan_item_key"]
