"""The documents exported from a hearing: recorded with their hash, and found again by it."""

from __future__ import annotations

from . import audit
from .profile import ProfileRecords
from .records import ExportRecord


class ExportRecords(ProfileRecords):
    def export_paths(self) -> list[str]:
        """The distinct paths of every recorded export."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT path FROM exports").fetchall()]

    def record_export(self, hearing_id: int, document_id: str, path: str, sha256: str) -> int:
        with self._write():
            export_id = self._insert(
                "exports",
                {
                    "hearing_id": hearing_id,
                    "document_id": document_id,
                    "path": path,
                    "sha256": sha256,
                    "created_at": self._stamp(),
                    "actor": self.profile().display,
                },
            )
            self._audit(
                "exported",
                case_id=self._case_of(hearing_id),
                hearing_id=hearing_id,
                document=document_id,
                path=path,
                sha256=sha256,
            )
        return export_id

    def record_print(self, hearing_id: int, document_id: str, path: str, copies: int, printer: str = "") -> None:
        """A document sent to the print service: which file, how many copies, to which printer (the default: "")."""
        self.record_read(
            "printed", hearing_id=hearing_id, document=document_id, path=path, copies=copies, printer=printer
        )

    def record_handoff(self, hearing_id: int, what: str, characters: int) -> None:
        """Text put on the clipboard for LRPPN / LRPGN: what it covered and its length, never the text itself."""
        self.record_read("copied_for_drafting", hearing_id=hearing_id, what=what, characters=characters)

    def exports_with_hash(self, sha256: str) -> list[ExportRecord]:
        """Rows of the exports table with this hash: a listing, not a proof (see ``recorded_exports``)."""
        return [ExportRecord(**r) for r in self._db.table("exports").rows_where("sha256 = ?", [sha256], order_by="id")]

    def recorded_exports(self, sha256: str) -> list[ExportRecord]:
        """The exports of this file that an intact part of the audit trail records (entry id as ``id``)."""
        return [
            ExportRecord(
                e["id"], e["hearing_id"], str(e.get("document")), str(e.get("path")), sha256, e["at"], e["actor"] or ""
            )
            for e in audit.recorded_exports(self._db.conn, sha256)
        ]

    def exports(self, hearing_id: int) -> list[ExportRecord]:
        return [
            ExportRecord(**r)
            for r in self._db.table("exports").rows_where("hearing_id = ?", [hearing_id], order_by="id")
        ]
