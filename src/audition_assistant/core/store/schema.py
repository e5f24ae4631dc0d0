"""The database schema, as sqlite-utils migrations recorded in the database.

A migration is never edited once released: a change is a new migration
appended at the end.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import audit

migrations = Migrations("audition_assistant")

FTS_TOKENIZER = "unicode61 remove_diacritics 2"
# Tables and the columns the search box looks into.
SEARCHABLE = {
    "cases": ["procedure_number", "heading", "qualification", "service"],
    "persons": ["display_name", "identity"],
    "transcript_entries": ["question", "answer"],
    "answers": ["value"],
}


@migrations()
def m001_initial(db: Database) -> None:
    db.table("profile").create(
        {
            "id": int, "nom": str, "prenom": str, "grade": str, "qualite": str,
            "service": str, "unite": str, "updated_at": str,
        },
        pk="id",
    )  # fmt: skip
    db.table("cases").create(
        {
            "id": int, "procedure_number": str, "heading": str, "service": str,
            "qualification": str, "status": str, "export_dir": str,
            "created_at": str, "updated_at": str,
        },
        pk="id",
        not_null={"procedure_number", "status", "created_at", "updated_at"},
        defaults={"status": "open"},
    )  # fmt: skip
    db.table("persons").create(
        {"id": int, "case_id": int, "display_name": str, "identity": str, "created_at": str},
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"case_id", "created_at"},
    )
    db.table("hearings").create(
        {
            "id": int, "case_id": int, "person_id": int, "template_id": str,
            "template_version": str, "template_snapshot": str, "pv_number": str,
            "place": str, "status": str, "current_section": str,
            "created_at": str, "updated_at": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id"), ("person_id", "persons", "id")],
        not_null={"case_id", "person_id", "template_id", "template_snapshot", "status", "created_at"},
    )  # fmt: skip
    db.table("answers").create(
        {"hearing_id": int, "field_id": str, "value": str, "updated_at": str},
        pk=("hearing_id", "field_id"),
        foreign_keys=[("hearing_id", "hearings", "id")],
    )
    db.table("transcript_entries").create(
        {
            "id": int, "hearing_id": int, "position": int, "theme": str,
            "question": str, "answer": str, "created_at": str, "updated_at": str,
        },
        pk="id",
        foreign_keys=[("hearing_id", "hearings", "id")],
        not_null={"hearing_id", "position", "created_at"},
    )  # fmt: skip
    db.table("timeline_events").create(
        {"id": int, "hearing_id": int, "kind": str, "at": str, "reason": str, "detail": str},
        pk="id",
        foreign_keys=[("hearing_id", "hearings", "id")],
        not_null={"hearing_id", "kind", "at"},
    )
    db.table("exports").create(
        {
            "id": int, "hearing_id": int, "document_id": str, "path": str,
            "sha256": str, "created_at": str, "actor": str,
        },
        pk="id",
        foreign_keys=[("hearing_id", "hearings", "id")],
    )  # fmt: skip
    db.table("audit_log").create(
        {
            "id": int, "at": str, "actor": str, "action": str, "case_id": int,
            "hearing_id": int, "detail": str, "prev_hash": str, "hash": str,
        },
        pk="id",
        not_null={"at", "action", "hash"},
    )  # fmt: skip
    # The audit log is append-only: the database itself refuses edits.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    for table, column in (
        ("persons", "case_id"),
        ("hearings", "case_id"),
        ("transcript_entries", "hearing_id"),
        ("timeline_events", "hearing_id"),
        ("exports", "hearing_id"),
        ("exports", "sha256"),
        ("audit_log", "hearing_id"),
    ):
        db.table(table).create_index([column])
    for table, columns in SEARCHABLE.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZER)


@migrations()
def m002_transcript_entry_hearing_index(db: Database) -> None:
    # Search maps every transcript entry whose words match to its hearing; this
    # covering index answers that without reading the entries themselves.
    db.execute("CREATE INDEX idx_transcript_entries_id_hearing ON transcript_entries (id, hearing_id)")


@migrations()
def m003_supplements(db: Database) -> None:
    # A signed PV is never changed under its number: reopening a closed hearing
    # opens a supplement (procès-verbal complémentaire or de rectification) with
    # its own number. ``base`` is the hearing as it stood when the supplement was
    # opened (answers, entries, numbers, writer): what the earlier PV said.
    db.table("supplements").create(
        {
            "id": int, "hearing_id": int, "kind": str, "pv_number": str, "reason": str,
            "opened_at": str, "closed_at": str, "base": str,
        },
        pk="id",
        foreign_keys=[("hearing_id", "hearings", "id")],
        not_null={"hearing_id", "kind", "pv_number", "opened_at", "base"},
    )  # fmt: skip
    db.table("supplements").create_index(["hearing_id"])


@migrations()
def m004_profile_force(db: Database) -> None:
    # The force the investigator belongs to (police | gendarmerie), printed in
    # the letterhead under the ministry; empty for a profile saved before it
    # existed (the letterhead then names no force until the profile is saved).
    db.table("profile").add_column("force", str)


@migrations()
def m005_contacts(db: Database) -> None:
    # The profile's contact details (printed on referral forms), the force's
    # identifier and the town of « Fait à »; and the address book of the
    # interpreters and attendants met again from hearing to hearing.
    profile = db.table("profile")
    for column in ("telephone", "email", "matricule", "commune"):
        if column not in profile.columns_dict:
            profile.add_column(column, str)
    if not db.table("contacts").exists():
        db.table("contacts").create(
            {"id": int, "role": str, "display_name": str, "identity": str, "updated_at": str},
            pk="id",
            not_null={"role", "display_name", "identity"},
        )


@migrations()
def m006_personal_words(db: Database) -> None:
    # The personal dictionary of the spell-checker: words the user added
    # (names, places, service jargon). Kept here, encrypted with the rest,
    # never in the spell-checking library's own files. Independent of m005.
    db.table("personal_words").create({"word": str, "added_at": str}, pk="word", not_null={"added_at"})


@migrations()
def m007_audit_key(db: Database) -> None:
    # The audit trail's secret: entries from the next one on are sealed with an
    # HMAC under it (those before keep their SHA-256 and still verify). Random,
    # not derived from the passphrase: a passphrase change leaves the trail as
    # it is. Immutable, like the trail (see audit.py).
    audit.create_key(db.conn)


@migrations()
def m008_drafts(db: Database) -> None:
    # The question and answer being typed in the transcript get their own table,
    # outside the answers: written only when they change and never audited (they
    # were two answers, each pause an audit entry with the whole text). The drafts
    # kept so far move here; the trail's replay passes over their old entries.
    db.table("drafts").create(
        {"hearing_id": int, "question": str, "answer": str, "updated_at": str},
        pk="hearing_id",
        foreign_keys=[("hearing_id", "hearings", "id")],
        not_null={"question", "answer", "updated_at"},
    )
    question, answer = audit.LEGACY_DRAFT_FIELDS
    kept: dict[int, dict[str, str]] = {}
    for hearing_id, field_id, value, updated_at in db.execute(
        "SELECT hearing_id, field_id, value, updated_at FROM answers WHERE field_id IN (?, ?)", [question, answer]
    ).fetchall():
        draft = kept.setdefault(hearing_id, {question: "", answer: "", "updated_at": ""})
        text = json.loads(value) if value else ""
        draft[field_id] = text if isinstance(text, str) else ""
        draft["updated_at"] = max(draft["updated_at"], updated_at or "")
    for hearing_id, draft in kept.items():
        if draft[question] or draft[answer]:
            db.execute(
                "INSERT INTO drafts (hearing_id, question, answer, updated_at) VALUES (?, ?, ?, ?)",
                [hearing_id, draft[question], draft[answer], draft["updated_at"]],
            )
    db.execute("DELETE FROM answers WHERE field_id IN (?, ?)", [question, answer])


@migrations()
def m009_audit_action_index(db: Database) -> None:
    # What opening reads from the trail by kind (the Word models imported, the
    # last restore) is found through this index, not by reading a million entries.
    db.execute("CREATE INDEX idx_audit_log_action ON audit_log (action)")


@migrations()
def m010_audit_accounts_and_purge(db: Database) -> None:
    # Each entry names the account that acted, and seals a salted digest of its
    # detail instead of the detail: a retention purge can then erase what a
    # detail said about a case without breaking the chain (audit.py).
    audit.create_format(db.conn)


@migrations()
def m011_profile_per_account(db: Database) -> None:
    # Each account writes its own procès-verbaux under its own name: one profile
    # row per account. The row kept from before is claimed by the first account.
    db.table("profile").add_column("account", str)
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS profile_account ON profile(account)")


@migrations()
def m012_hearing_officer(db: Database) -> None:
    # A PV names the officer who conducted the hearing, not whoever exports it:
    # the account that conducts it, and the profile frozen when it is closed
    # (or carried by a case archive). Hearings from before have neither.
    db.table("hearings").add_column("account", str)
    db.table("hearings").add_column("officer", str)


@migrations()
def m020_retention(db: Database) -> None:
    # How long a case is kept once closed, and once every hearing of it was
    # exported (days; NULL: kept until someone purges it by hand). One row, set
    # by the administrator; nothing is ever due before it is set.
    db.execute(
        "CREATE TABLE retention (id INTEGER PRIMARY KEY CHECK (id = 1), closed_days INTEGER, "
        "exported_days INTEGER, updated_at TEXT)"
    )
    # A purge finds its case's entries through this index, not by reading the whole trail.
    db.execute("CREATE INDEX IF NOT EXISTS idx_audit_log_case_id ON audit_log (case_id)")


@migrations()
def m030_trusted_publishers(db: Database) -> None:
    # The keys whose signed template packs the administrator accepted, besides
    # the bundled one (which ships with the application, not in the database).
    db.table("trusted_publishers").create(
        {"id": int, "name": str, "public_key": str, "fingerprint": str, "added_at": str, "added_by": str},
        pk="id",
        not_null={"name", "public_key", "fingerprint", "added_at"},
    )
    db.execute("CREATE UNIQUE INDEX idx_trusted_publishers_key ON trusted_publishers (public_key)")


@migrations()
def m040_element_tags(db: Database) -> None:
    # The investigator's notes of which Q/R entry (or answer) bears on which element of a
    # charge (``cp-225-4-1.moyen``): never printed. A tag goes with its entry: an entry's id
    # may be given again to the next one added, which must not inherit the notes of the last.
    db.table("element_tags").create(
        {
            "id": int, "hearing_id": int, "entry_id": int, "field_id": str, "element": str,
            "created_at": str, "account": str,
        },
        pk="id",
        foreign_keys=[("hearing_id", "hearings", "id")],
        not_null={"hearing_id", "element", "created_at"},
    )  # fmt: skip
    db.execute("CREATE INDEX idx_element_tags_hearing ON element_tags (hearing_id)")
    db.execute("CREATE INDEX idx_element_tags_entry ON element_tags (entry_id)")
    db.execute(
        "CREATE TRIGGER element_tags_follow_entry AFTER DELETE ON transcript_entries "
        "BEGIN DELETE FROM element_tags WHERE entry_id = OLD.id; END"
    )


@migrations()
def m050_hearing_plans(db: Database) -> None:
    # The hearing plan and the evaluation written after it: the investigator's notes, one row per hearing,
    # each a JSON object (records.HearingPlan, records.EvaluationNotes). Never read by a document but the
    # evaluation's; keyed by hearing_id, so a purge erases them with the hearing.
    for table in ("hearing_plans", "hearing_evaluations"):
        db.table(table).create(
            {"hearing_id": int, "content": str, "updated_at": str},
            pk="hearing_id",
            foreign_keys=[("hearing_id", "hearings", "id")],
            not_null={"content", "updated_at"},
        )
