"""The question and answer being typed in a hearing's transcript, kept so that a crash loses none of it.

A draft is not the hearing's content: it has its own table, is written
only when it changed, and leaves the audit trail alone (the entry it
becomes is audited when added).
"""

from __future__ import annotations

from ..text import clean
from .base import StoreBase


class DraftRecords(StoreBase):
    def draft(self, hearing_id: int) -> tuple[str, str]:
        """The question and answer kept for the hearing; ``("", "")`` when none."""
        row = self._db.execute("SELECT question, answer FROM drafts WHERE hearing_id = ?", [hearing_id]).fetchone()
        return (str(row[0] or ""), str(row[1] or "")) if row else ("", "")

    def save_draft(self, hearing_id: int, question: str, answer: str) -> bool:
        """Keep the text being typed (both empty: none); returns whether anything was written."""
        question, answer = clean(question), clean(answer)
        if (question, answer) == self.draft(hearing_id):
            return False
        self._refuse_if_closed(hearing_id)
        with self._write() as db:
            if not question and not answer:
                db.execute("DELETE FROM drafts WHERE hearing_id = ?", [hearing_id])
            else:
                db.execute(
                    "INSERT INTO drafts (hearing_id, question, answer, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (hearing_id) DO UPDATE SET question = excluded.question, "
                    "answer = excluded.answer, updated_at = excluded.updated_at",
                    [hearing_id, question, answer, self._stamp()],
                )
        return True
