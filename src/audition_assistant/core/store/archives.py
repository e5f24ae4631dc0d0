"""A case's rows as a case archive carries them, and the same rows recorded again on another laptop.

Read: the case, its persons, hearings (template snapshot and the officer
their documents name included), answers, transcript, timeline, supplements, drafts, export records and element tags as
stored, plus its slice of the audit trail. Written back: every row under a
new id in one transaction, with the entries that let the trail's replay
start from the imported state (``case_imported``, ``hearing_imported``) and
the ``archive_imported`` entry naming where it came from. The archive's
format and its encryption are core/archive.py.
"""

from __future__ import annotations

import json
from typing import Any

from . import audit
from .base import json_text
from .errors import StoreError
from .profile import ProfileRecords, officer_profile, officer_values
from .records import CASE_STATUSES, HANDED_OVER, HEARING_STATUSES

# A hearing in one of these statuses was conducted and signed by the sender: its documents keep
# the sender's officer. One still to be conducted is taken over by the account that imports it.
_SIGNED = ("closed", "correction")

# The columns a case archive carries per table, in the order they are stored (ids remapped on import).
CASE_COLUMNS = ("procedure_number", "heading", "service", "qualification", "status", "created_at", "updated_at")
PERSON_COLUMNS = ("id", "display_name", "identity", "created_at")
HEARING_COLUMNS = ("id", "person_id", "template_id", "template_version", "template_snapshot", "pv_number", "place",
                   "status", "current_section", "created_at", "updated_at")  # fmt: skip
ANSWER_COLUMNS = ("field_id", "value", "updated_at")
ENTRY_COLUMNS = ("id", "position", "theme", "question", "answer", "created_at", "updated_at")
EVENT_COLUMNS = ("kind", "at", "reason", "detail")
SUPPLEMENT_COLUMNS = ("kind", "pv_number", "reason", "opened_at", "closed_at", "base")
DRAFT_COLUMNS = ("question", "answer", "updated_at")
EXPORT_COLUMNS = ("document_id", "path", "sha256", "created_at", "actor")
# The hearing plan and the evaluation notes (plans.py): the table, the archive's key, the entry recording them.
NOTES = (("hearing_plans", "plan", "plan_saved"), ("hearing_evaluations", "evaluation", "evaluation_saved"))
NOTE_COLUMNS = ("content", "updated_at")
ELEMENT_TAG_COLUMNS = ("element", "entry_id", "field_id", "created_at", "account")
# Columns holding JSON text: carried as values, stored back as canonical text.
_JSON = {"identity", "template_snapshot", "value", "base", "content"}


class ArchiveRecords(ProfileRecords):
    # --- reading ------------------------------------------------------------------
    def case_rows(self, case_id: int) -> dict[str, Any]:
        """The case and everything of it, as stored (JSON columns as values), in one read snapshot."""
        with self._write():  # a transaction that writes nothing: every table read at the same instant
            case = self._select("cases", CASE_COLUMNS, "id = ?", [case_id])
            if not case:
                raise StoreError(f"Dossier n° {case_id} introuvable.")
            hearings = []
            for hearing in self._select("hearings", HEARING_COLUMNS, "case_id = ? ORDER BY id", [case_id]):
                where, key = "hearing_id = ?", [hearing["id"]]
                hearing["answers"] = self._select("answers", ANSWER_COLUMNS, f"{where} ORDER BY field_id", key)
                hearing["entries"] = self._select(
                    "transcript_entries", ENTRY_COLUMNS, f"{where} ORDER BY position, id", key
                )
                hearing["events"] = self._select("timeline_events", EVENT_COLUMNS, f"{where} ORDER BY id", key)
                hearing["supplements"] = self._select("supplements", SUPPLEMENT_COLUMNS, f"{where} ORDER BY id", key)
                drafts = self._select("drafts", DRAFT_COLUMNS, where, key)
                hearing["draft"] = drafts[0] if drafts else None
                hearing["exports"] = self._select("exports", EXPORT_COLUMNS, f"{where} ORDER BY id", key)
                for table, part, _action in NOTES:
                    notes = self._select(table, NOTE_COLUMNS, where, key)
                    hearing[part] = notes[0] if notes else None
                # The investigator's notes go with the case: an archive without them (older) imports as before.
                hearing["element_tags"] = self._select("element_tags", ELEMENT_TAG_COLUMNS, f"{where} ORDER BY id", key)
                hearing["officer"] = officer_values(self.hearing_officer(hearing["id"]))
                hearings.append(hearing)
            return {
                "case": case[0],
                "persons": self._select("persons", PERSON_COLUMNS, "case_id = ? ORDER BY id", [case_id]),
                "hearings": hearings,
                "audit": self._case_trail(case_id, [h["id"] for h in hearings]),
                "head": _head(audit.head(self._db.conn)),
            }

    def _select(self, table: str, columns: tuple[str, ...], where: str, params: list[Any]) -> list[dict[str, Any]]:
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {where}"
        rows = [dict(zip(columns, r, strict=True)) for r in self._db.execute(sql, params).fetchall()]
        for row in rows:
            for name in _JSON & set(row):
                row[name] = json.loads(row[name]) if row[name] is not None else None
        return rows

    def _case_trail(self, case_id: int, hearing_ids: list[int]) -> list[dict[str, Any]]:
        """The case's slice of the trail: its entries and its hearings', with their hashes (salts in hex)."""
        marks = ", ".join("?" * len(hearing_ids)) or "NULL"
        rows = self._db.query(
            f"SELECT * FROM audit_log WHERE case_id = ? OR hearing_id IN ({marks}) ORDER BY id", [case_id, *hearing_ids]
        )
        return [{k: (v.hex() if isinstance(v, bytes) else v) for k, v in row.items()} for row in rows]

    def archive_imports(self, sha256: str) -> list[dict[str, Any]]:
        """The ``archive_imported`` entries of this archive (same content hash): it was imported already."""
        found = []
        for case_id, at, detail in self._db.execute(
            "SELECT case_id, at, detail FROM audit_log WHERE action = 'archive_imported' ORDER BY id"
        ):
            said = json.loads(detail or "{}")
            if said.get("sha256") == sha256:
                found.append({"case_id": case_id, "at": at, **said})
        return found

    # --- the sender's side ---------------------------------------------------------
    def record_archive_export(self, case_id: int, *, hand_over: bool, **detail: Any) -> None:
        """The ``archive_exported`` entry and, when the case is handed over, its new status: one commit."""
        with self._write() as db:
            self._audit("archive_exported", case_id=case_id, **detail)
            if hand_over:
                db.table("cases").update(case_id, {"status": HANDED_OVER, "updated_at": self._stamp()})
                self._audit("case_status", case_id=case_id, status=HANDED_OVER, reason="transmis par archive")

    # --- the receiver's side -------------------------------------------------------
    def add_imported_case(self, content: dict[str, Any], origin: dict[str, Any]) -> tuple[int, list[int]]:
        """Record an archive's case under new ids, with its trail entries: one transaction; (case id, hearing ids).

        ``origin`` (the archive's hash, file, sender and the sender's audit
        head) goes into the ``archive_imported`` entry.
        """
        case = content["case"]
        if case["status"] not in set(CASE_STATUSES) - {HANDED_OVER}:
            raise ValueError(case["status"])
        with self._write():
            case_id = self._insert("cases", {**_stored(case, CASE_COLUMNS), "export_dir": ""})
            persons = {
                int(p["id"]): self._insert("persons", {**_stored(p, PERSON_COLUMNS[1:]), "case_id": case_id})
                for p in content["persons"]
            }
            self._audit(
                "case_imported",
                case_id=case_id,
                **{k: case[k] for k in ("procedure_number", "heading", "service", "qualification", "status")},
                dossier_expediteur=content.get("case_id"),
                personnes=len(persons),
                journal_expediteur=content["audit"],
            )
            sender = content["sender"].get("profile") or {}
            hearing_ids = [self._add_imported_hearing(case_id, persons, h, sender) for h in content["hearings"]]
            self._audit("archive_imported", case_id=case_id, **origin, auditions=hearing_ids)
        return case_id, hearing_ids

    def _add_imported_hearing(
        self, case_id: int, persons: dict[int, int], hearing: dict[str, Any], sender: dict[str, Any]
    ) -> int:
        """One hearing of the archive; a signed one keeps its officer (the archive's, else the sender's profile)."""
        if hearing["status"] not in HEARING_STATUSES:
            raise ValueError(hearing["status"])
        signed = hearing["status"] in _SIGNED
        officer = officer_values(officer_profile(hearing.get("officer") or sender)) if signed else None
        row = {
            **_stored(hearing, HEARING_COLUMNS[2:]),
            "case_id": case_id,
            "person_id": persons[hearing["person_id"]],
            "account": None if signed else self.account,
            "officer": json_text(officer) if officer else None,
        }
        hearing_id = self._insert("hearings", row)
        for answer in hearing["answers"]:
            self._insert("answers", {**_stored(answer, ANSWER_COLUMNS), "hearing_id": hearing_id})
        entries: dict[int, int] = {}
        for entry in hearing["entries"]:
            entries[int(entry["id"])] = self._insert(
                "transcript_entries", {**_stored(entry, ENTRY_COLUMNS[1:]), "hearing_id": hearing_id}
            )
        for event in hearing["events"]:
            self._insert("timeline_events", {**_stored(event, EVENT_COLUMNS), "hearing_id": hearing_id})
        for supplement in hearing["supplements"]:
            base = dict(supplement["base"])  # the signed PV's entries, named by their new ids
            base["entries"] = [{**e, "id": entries.get(int(e["id"]), e["id"])} for e in base.get("entries", [])]
            row = {**_stored({**supplement, "base": base}, SUPPLEMENT_COLUMNS), "hearing_id": hearing_id}
            self._insert("supplements", row)
        if hearing.get("draft"):
            self._insert("drafts", {**_stored(hearing["draft"], DRAFT_COLUMNS), "hearing_id": hearing_id})
        for export in hearing["exports"]:
            self._insert("exports", {**_stored(export, EXPORT_COLUMNS), "hearing_id": hearing_id})
        tags = [
            {**_stored(tag, ELEMENT_TAG_COLUMNS), "entry_id": entries[int(tag["entry_id"])]}
            if tag.get("entry_id") is not None
            else _stored(tag, ELEMENT_TAG_COLUMNS)
            for tag in hearing.get("element_tags") or []
            if tag.get("entry_id") is None or int(tag["entry_id"]) in entries
        ]
        for tag in tags:
            self._insert("element_tags", {**tag, "hearing_id": hearing_id})
        self._audit(
            "hearing_imported",
            case_id=case_id,
            hearing_id=hearing_id,
            audition_expediteur=hearing["id"],
            template=hearing["template_id"],
            version=hearing["template_version"],
            status=hearing["status"],
            pv_number=hearing["pv_number"],
            place=hearing["place"],
            answers={a["field_id"]: a["value"] for a in hearing["answers"]},
            entries=[
                {"entry": entries[int(e["id"])], **{k: e[k] for k in ("theme", "question", "answer")}}
                for e in hearing["entries"]
            ],
            events=[{k: e[k] for k in EVENT_COLUMNS} for e in hearing["events"]],
            exports=[{k: e[k] for k in EXPORT_COLUMNS} for e in hearing["exports"]],
            officer=officer,
            **({"element_tags": _tag_details(tags)} if tags else {}),
        )
        for table, part, action in NOTES:  # an archive from before plans has none
            notes = hearing.get(part)
            if isinstance(notes, dict) and isinstance(notes.get("content"), dict):
                self._insert(table, {**_stored(notes, NOTE_COLUMNS), "hearing_id": hearing_id})
                self._audit(action, case_id=case_id, hearing_id=hearing_id, **notes["content"], recu_par_archive=True)
        return hearing_id


def _tag_details(tags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: t[k] for k in ("element", "entry_id", "field_id")} for t in tags]


def _head(anchor: audit.Anchor) -> dict[str, Any]:
    return {"entries": anchor.entries, "head": anchor.head}


def _stored(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """The columns of a carried row, JSON values back as their stored text."""
    return {c: (json_text(row[c]) if c in _JSON and row[c] is not None else row[c]) for c in columns}
