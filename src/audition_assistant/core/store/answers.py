"""A hearing's answers to its template's fields, each saved (and audited) as it is given."""

from __future__ import annotations

import json
from typing import Any

from .base import clean_value, json_text, signed_number
from .errors import StoreError
from .hearings import HearingRecords


class AnswerRecords(HearingRecords):
    def set_answer(self, hearing_id: int, field_id: str, value: Any) -> None:
        """Save one answer now. ``None`` erases it."""
        self._refuse_if_closed(hearing_id)
        value = clean_value(value)
        current = self.open_supplement(hearing_id) if not field_id.startswith("_") else None
        if current is not None and current.kind == "complementaire":
            before = current.base.get("answers", {}).get(field_id)
            if before not in (None, "", [], {}) and before != value:
                raise StoreError(
                    "Un procès-verbal complémentaire consigne de nouvelles déclarations : pour corriger une "
                    f"réponse du procès-verbal n° {signed_number(current)}, rouvrez l'audition pour un "
                    "procès-verbal de rectification."
                )
        with self._write() as db:
            previous = self._answer(hearing_id, field_id)
            if value is None:
                db.execute("DELETE FROM answers WHERE hearing_id = ? AND field_id = ?", [hearing_id, field_id])
            else:
                # Plain SQL: the statement sqlite-utils' upsert builds, without its
                # schema introspection on every keystroke-save.
                db.execute(
                    "INSERT INTO answers (hearing_id, field_id, value, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (hearing_id, field_id) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at",
                    [hearing_id, field_id, json_text(value), self._stamp()],
                )
            self._touch(db, hearing_id)
            self._audit("field_changed", hearing_id=hearing_id, field=field_id, old=previous, new=value)

    def _answer(self, hearing_id: int, field_id: str) -> Any:
        row = self._db.execute(
            "SELECT value FROM answers WHERE hearing_id = ? AND field_id = ?", [hearing_id, field_id]
        ).fetchone()
        return json.loads(row[0]) if row else None

    def answers(self, hearing_id: int) -> dict[str, Any]:
        return {
            r["field_id"]: json.loads(r["value"])
            for r in self._db.table("answers").rows_where("hearing_id = ?", [hearing_id])
        }
