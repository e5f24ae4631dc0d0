"""The store: the one object that owns the encrypted database.

Every write is its own transaction, committed before the method returns,
together with its audit entry: what a caller was told is saved survives a
crash the next instant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .. import clock as moments
from .. import passphrase_policy
from ..engine import TranscriptEntry
from ..french import identity_name
from ..text import clean
from ..timeline import TimelineEvent, check_next
from . import audit, cipher
from .audit import AuditReport
from .errors import (
    FULL_MESSAGE,
    CorruptDatabase,
    ReasonRequired,
    StoreError,
    StoreFull,
    StoreLocked,
    corrupt_message,
    is_full,
)
from .records import (
    CASE_STATUSES,
    CONTACT_ROLES,
    SUPPLEMENT_KINDS,
    AuditEntry,
    Case,
    Contact,
    ExportRecord,
    HearingRecord,
    Person,
    Profile,
    Supplement,
)
from .schema import migrations
from .search import CaseSearch

Clock = Callable[[], dt.datetime]
_KEY_MIGRATION = "m007_audit_key"
# A hearing whose PV was signed: closed, or reopened for a supplement.
_SIGNED = "('closed', 'correction')"


def _json(value: Any) -> str:
    return audit.canonical(value)


# The stored columns of a Case, in the order of its fields (hearing_count, the last, is computed).
_CASE_COLUMNS = ", ".join(f"cases.{f.name}" for f in dataclasses.fields(Case) if f.name != "hearing_count")

# A hearing's audit entries, and the restores since its first one (through the hearing_id index: the
# entries of no hearing after that first one are few).
_HEARING_TRAIL = """
    SELECT * FROM audit_log WHERE hearing_id = :hearing
    UNION ALL SELECT * FROM audit_log WHERE hearing_id IS NULL AND action = 'restore'
        AND id > (SELECT min(id) FROM audit_log WHERE hearing_id = :hearing)
    ORDER BY id
"""


class Store:
    def __init__(self, db: Database, clock: Clock = moments.now, path: Path | None = None):
        self._database: Database | None = db
        self._clock = clock
        self.path = path
        # The audit actor (the profile's display name) with the PRAGMA data_version
        # it was read at: re-read only when another connection has committed since.
        self._actor: tuple[int, str] | None = None
        self._key: audit.Key | None = None
        self._anchor: audit.AnchorWriter | None = None
        # The last entry appended in the transaction under way: the anchor follows it once committed.
        self._appended: audit.Anchor | None = None
        # Why the trail does not extend its anchor (French), found at opening: the anchor then
        # stays where it was, as evidence, until rebase_anchor.
        self.anchor_problem: str | None = None

    # --- opening, locking ------------------------------------------------------
    @classmethod
    def open(cls, path: Path, passphrase: str, clock: Clock = moments.now, *, check: bool = True) -> Store:
        """Open (or create) the database at ``path``.

        Raises cipher.WrongPassphrase when the passphrase does not open it,
        CorruptDatabase when it opens but fails its integrity check.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        db, keyed_now = _connect(path, passphrase, check)
        store = cls(db, clock, path)
        store._check_anchor(keyed_now)
        return store

    @property
    def _db(self) -> Database:
        if self._database is None:
            raise StoreLocked("Session verrouillée : saisissez la phrase secrète pour continuer.")
        return self._database

    @property
    def locked(self) -> bool:
        return self._database is None

    def lock(self) -> None:
        """Close the connection: SQLCipher wipes the key from memory when it closes."""
        if self._anchor is not None:
            self._anchor.flush()
            self._anchor = None
        if self._database is not None:
            self._database.close()
            self._database = None
            self._key = None

    def unlock(self, passphrase: str) -> None:
        """Reopen after a lock; raises cipher.WrongPassphrase (and records nothing then)."""
        if self._database is not None or self.path is None:
            return
        self._database, keyed_now = _connect(self.path, passphrase, check=False)
        self._check_anchor(keyed_now)

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-key the database (every page is re-encrypted), its audit entry in the same commit.

        SQLCipher's re-key joins the transaction already open and commits it
        with the re-encrypted pages: the entry and the new key reach the disk
        together, so a kill leaves either both or neither.
        """
        self.check_passphrase_change(current, new)
        conn = self._db.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._write():
            self._audit("passphrase_changed")
            cipher.rekey_in_transaction(conn, new)
        # That re-key statement, passphrase included, stays in the connection's statement
        # cache: a new connection leaves it behind with the old one.
        self.lock()
        self.unlock(new)

    def check_passphrase_change(self, current: str, new: str) -> None:
        """Raise WrongPassphrase (``current`` is wrong) or StoreError (``new`` refused); changes nothing."""
        if self.path is None:
            raise StoreError("Base en mémoire : pas de phrase secrète.")
        cipher.connect(self.path, current).close()  # raises WrongPassphrase for a wrong current one
        weak = passphrase_policy.problem(new)
        if weak:
            raise StoreError(weak)

    def close(self) -> None:
        self.lock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> dt.datetime:
        """This instant in local time with its offset (the injected clock's naive times are local)."""
        return moments.local(self._clock()).replace(microsecond=0)

    def _stamp(self) -> str:
        """Now, as every time column stores it (moments.stamp)."""
        return moments.stamp(self._clock())

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One transaction (a savepoint when nested); once the outermost commits, the anchor follows the trail.

        A full disk is said as StoreFull (everything rolled back), so callers can keep the text and retry.
        """
        outer = not self._db.conn.in_transaction
        try:
            with self._db.atomic() as db:
                yield db
        except BaseException as error:
            if outer:
                self._appended = None
            if isinstance(error, cipher.DatabaseError) and is_full(error):
                raise StoreFull(FULL_MESSAGE) from error
            raise
        if outer and self._appended is not None:
            appended, self._appended = self._appended, None
            self._advance_anchor(appended)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: committed together at the end, or all rolled back by an exception inside."""
        with self._write():
            yield

    def integrity_ok(self) -> bool:
        return not integrity_problems(self._db.conn)

    def export_copy(self, target: Path, then: Callable[[Any], Any] | None = None) -> Any:
        """A consistent, encrypted copy of the live database (same passphrase).

        SQLCipher's ``sqlcipher_export`` in one read transaction (cipher.export),
        so the copy is a snapshot; never a file copy of a live database, and no
        passphrase kept in memory to make it. ``then`` reads the copy in the
        same snapshot (see cipher.export); its result is returned.
        """
        if target.exists():
            raise StoreError(f"Le fichier {target} existe déjà.")
        return cipher.export(self._db.conn, target, then)

    # --- audit ---------------------------------------------------------------
    @property
    def _audit_key(self) -> audit.Key | None:
        if self._key is None:
            self._key = audit.load_key(self._db.conn)
        return self._key

    def _audit(self, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any) -> None:
        """Append a chained audit entry (inside the caller's transaction)."""
        row = {
            "at": self._stamp(),
            "actor": self._actor_name(),
            "action": action,
            "case_id": case_id,
            "hearing_id": hearing_id,
            "detail": _json(detail),
        }
        entry_id, digest = audit.append(self._db.conn, self._audit_key, row)
        self._appended = audit.Anchor(entry_id, digest)

    def _check_anchor(self, keyed_now: bool) -> None:
        """Compare the trail with its anchor (one row read); on a mismatch, hold the anchor where it is."""
        self.anchor_problem = None
        key = self._audit_key
        if self.path is None or key is None:
            return
        path = audit.anchor_path(self.path)
        anchor = audit.read_anchor_for_check(path, key)
        if anchor is None and keyed_now:  # the trail has just been keyed: its anchor starts now
            self._advance_anchor(audit.head(self._db.conn))
            return
        problem = audit.anchor_problem(self._db.conn, path, anchor)
        self.anchor_problem = f"Journal d'audit : {problem}" if problem else None

    def _advance_anchor(self, head: audit.Anchor) -> None:
        """Have the anchor follow the trail (on its own thread: no fsync added to a save)."""
        key = self._audit_key
        if self.path is None or key is None or self.anchor_problem is not None:
            return
        if self._anchor is None:
            self._anchor = audit.AnchorWriter(audit.anchor_path(self.path), key.secret)
        self._anchor.submit(head)

    def flush_anchor(self) -> None:
        """Wait until the anchor file holds the last committed head."""
        if self._anchor is not None:
            self._anchor.flush()

    def rebase_anchor(self, action: str, *, replacing: Path | None = None, **detail: Any) -> None:
        """Record ``action`` and make the trail as it now stands the anchor's reference.

        For a restore, or the user's explicit acceptance of a trail that no
        longer extends its anchor. The entry names the previous anchor (None
        when missing or unreadable) and the end of the trail it accepts.
        ``replacing`` is the anchor file this database's will replace (a
        restore works on a copy beside the live database).
        """
        self.flush_anchor()
        key = self._audit_key
        source = replacing or (audit.anchor_path(self.path) if self.path else None)
        previous = audit.read_anchor_for_check(source, key) if source else None
        old = previous if isinstance(previous, audit.Anchor) else None
        accepted = audit.head(self._db.conn)
        held, self.anchor_problem = self.anchor_problem, None
        try:
            with self._write():
                self._audit(
                    action,
                    **detail,
                    ancre_entrees=old.entries if old else None,
                    ancre_tete=old.head if old else None,
                    journal_entrees=accepted.entries,
                    journal_tete=accepted.head,
                )
        except BaseException:
            self.anchor_problem = held
            raise
        self.flush_anchor()

    def _actor_name(self) -> str:
        """The profile's display name, read again only when the database changed under us.

        ``PRAGMA data_version`` changes when another connection commits, never for
        this connection's own writes; save_profile forgets the cached name itself.
        """
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._actor is None or self._actor[0] != version:
            self._actor = (version, self.profile().display)
        return self._actor[1]

    def record(self, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any) -> None:
        """Log an action that changes no row (unlock failures, template import...)."""
        with self._write():
            self._audit(action, case_id=case_id, hearing_id=hearing_id, **detail)

    def verify_audit(self, *, replay: bool = False) -> AuditReport:
        """Check the trail: structure, chain, anchor, exports; ``replay`` also rebuilds every hearing from it.

        The replay reads the whole trail again: for ``audit verify`` and the maintenance job, off the window's thread.
        """
        return audit.check(self._db.conn, self.path, replay=replay)

    def audit_entries(self, hearing_id: int | None = None) -> list[AuditEntry]:
        """The whole trail, or a hearing's entries with the restores made since it began (they rewind it too)."""
        if hearing_id is None:
            rows = self._db.query("SELECT * FROM audit_log ORDER BY id")
        else:
            rows = self._db.query(_HEARING_TRAIL, {"hearing": hearing_id})
        return [AuditEntry(**{**r, "detail": json.loads(r["detail"] or "{}")}) for r in rows]

    # --- profile -------------------------------------------------------------
    def profile(self) -> Profile:
        row = next(self._db.table("profile").rows_where("id = 1"), None)
        return Profile(**{k: row[k] or "" for k in Profile.__dataclass_fields__}) if row else Profile()

    def has_profile(self) -> bool:
        return bool(self.profile().nom)

    def save_profile(self, profile: Profile) -> None:
        values = {k: clean(getattr(profile, k)) for k in Profile.__dataclass_fields__}
        with self._write() as db:
            db.table("profile").upsert({"id": 1, **values, "updated_at": self._stamp()}, pk="id")
            self._actor = None
            self._audit("profile_saved", profile=values)

    # --- address book ---------------------------------------------------------
    def contacts(self, role: str) -> list[Contact]:
        """The interpreters (or attendants) kept from earlier hearings, by name."""
        rows = self._db.table("contacts").rows_where("role = ?", [role], order_by="display_name COLLATE NOCASE")
        return [Contact(r["id"], r["role"], r["display_name"], json.loads(r["identity"])) for r in rows]

    def save_contact(self, role: str, identity: dict[str, Any]) -> int:
        """Keep (or update, under the same name) a person met in a hearing; returns the entry's id."""
        if role not in CONTACT_ROLES:
            raise StoreError(f"Rôle de contact inconnu : {role}")
        identity = _clean_value(identity) or {}
        name = identity_name(identity)
        if not name:
            raise StoreError("Indiquez au moins le nom de la personne avant de l'ajouter au carnet.")
        same = next((c for c in self.contacts(role) if c.display_name.casefold() == name.casefold()), None)
        row = {"role": role, "display_name": name, "identity": _json(identity), "updated_at": self._stamp()}
        with self._write() as db:
            if same is not None:
                db.table("contacts").update(same.id, row)
                return same.id
            return int(db.table("contacts").insert(row).last_pk or 0)

    def delete_contact(self, contact_id: int) -> None:
        with self._write() as db:
            db.table("contacts").delete_where("id = ?", [contact_id])

    # --- cases ---------------------------------------------------------------
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
            self._audit("case_updated", case_id=case_id, changes=values, old=old, **_with_reason(reason))

    def set_case_status(self, case_id: int, status: str, reason: str = "") -> None:
        """Open, close or archive a case; once one of its hearings is closed, only with a ``reason`` (audited)."""
        if status not in CASE_STATUSES:
            raise ValueError(status)
        reason = self._reason_for_case(case_id, reason)
        with self._write() as db:
            db.table("cases").update(case_id, {"status": status, "updated_at": self._stamp()})
            self._audit("case_status", case_id=case_id, status=status, **_with_reason(reason))

    def _reason_for_case(self, case_id: int, reason: str) -> str:
        """The reason, cleaned; ReasonRequired when the case has a closed hearing and none was given."""
        reason = clean(reason).strip()
        closed = self._db.execute(
            f"SELECT 1 FROM hearings WHERE case_id = ? AND status IN {_SIGNED} LIMIT 1", [case_id]
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
        raise StoreError(f"Dossier n° {case_id} introuvable.")

    def cases(self, statuses: tuple[str, ...] = ("open", "closed")) -> list[Case]:
        marks = ",".join("?" * len(statuses))
        return self._cases(f"cases.status IN ({marks})", list(statuses))

    def _cases(self, where: str, params: list[Any] | dict[str, Any]) -> list[Case]:
        sql = (
            f"SELECT {_CASE_COLUMNS}, (SELECT count(*) FROM hearings WHERE hearings.case_id = cases.id) "
            f"FROM cases WHERE {where} ORDER BY cases.updated_at DESC, cases.id DESC"
        )
        return [Case(*row) for row in self._db.execute(sql, params)]

    def search(self, text: str, *, limit: int | None = None, statuses: tuple[str, ...] | None = None) -> list[Case]:
        """Cases whose number, heading, people, answers or words said match every word (the first ``limit``)."""
        return self.find(text, statuses).first(limit)

    def search_count(self, text: str, statuses: tuple[str, ...] | None = None) -> int:
        return self.find(text, statuses).count()

    def find(self, text: str, statuses: tuple[str, ...] | None = None) -> CaseSearch:
        """A search whose first results come at once and whose count may go on a step at a time."""
        return CaseSearch(self._db.conn, self._cases, text, statuses)

    # --- persons -------------------------------------------------------------
    def add_person(self, case_id: int, identity: dict[str, Any]) -> int:
        identity = _clean_value(identity)
        with self._write():
            person_id = self._insert(
                "persons",
                {
                    "case_id": case_id,
                    "display_name": identity_name(identity) or "(identité à compléter)",
                    "identity": _json(identity),
                    "created_at": self._stamp(),
                },
            )
            self._audit("person_added", case_id=case_id, person_id=person_id)
        return person_id

    def update_person(
        self, person_id: int, identity: dict[str, Any], *, reason: str = "", hearing_id: int | None = None
    ) -> None:
        """Change a person's identity (audited).

        Once the person was heard in a closed hearing, a ``reason`` is needed,
        unless the identity comes from ``hearing_id``, a hearing of hers still
        being written (or corrected), whose answers say it.
        """
        identity = _clean_value(identity)
        reason = clean(reason).strip()
        row = self._db.table("persons").get(person_id)
        statuses = {
            r[0]: r[1] for r in self._db.execute("SELECT id, status FROM hearings WHERE person_id = ?", [person_id])
        }
        signed = {"closed", "correction"}
        live = hearing_id is not None and statuses.get(hearing_id) not in (None, "closed")
        if not reason and not live and signed & set(statuses.values()):
            raise ReasonRequired(
                "Cette personne a été entendue dans une audition close : indiquez le motif de la modification "
                "de son identité, il sera inscrit au journal."
            )
        with self._write() as db:
            db.table("persons").update(
                person_id,
                {"display_name": identity_name(identity) or "(identité à compléter)", "identity": _json(identity)},
            )
            self._audit(
                "person_updated",
                case_id=row["case_id"],
                person_id=person_id,
                old=json.loads(row["identity"] or "{}"),
                new=identity,
                **({"audition": hearing_id} if live else {}),
                **_with_reason(reason),
            )

    def persons(self, case_id: int) -> list[Person]:
        return [
            Person(r["id"], r["case_id"], r["display_name"], json.loads(r["identity"] or "{}"))
            for r in self._db.table("persons").rows_where("case_id = ?", [case_id], order_by="id")
        ]

    def person(self, person_id: int) -> Person:
        r = self._db.table("persons").get(person_id)
        return Person(r["id"], r["case_id"], r["display_name"], json.loads(r["identity"] or "{}"))

    # --- hearings ------------------------------------------------------------
    def create_hearing(
        self, case_id: int, person_id: int, template_snapshot: dict[str, Any], pv_number: str = "", place: str = ""
    ) -> int:
        """Record a new hearing with a frozen copy of its template."""
        stamp = self._stamp()
        with self._write() as db:
            hearing_id = self._insert(
                "hearings",
                {
                    "case_id": case_id,
                    "person_id": person_id,
                    "template_id": str(template_snapshot.get("id")),
                    "template_version": str(template_snapshot.get("version")),
                    "template_snapshot": _json(template_snapshot),
                    "pv_number": clean(pv_number),
                    "place": clean(place),
                    "status": "draft",
                    "current_section": "",
                    "created_at": stamp,
                    "updated_at": stamp,
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
            )
        return hearing_id

    def hearing(self, hearing_id: int) -> HearingRecord:
        rows = list(self._db.table("hearings").rows_where("id = ?", [hearing_id]))
        if not rows:
            raise StoreError(f"Audition n° {hearing_id} introuvable.")
        row = rows[0]
        return HearingRecord(**{**row, "template_snapshot": json.loads(row["template_snapshot"])})

    def hearings(self, case_id: int) -> list[HearingRecord]:
        return [
            self.hearing(r["id"])
            for r in self._db.table("hearings").rows_where("case_id = ?", [case_id], order_by="id")
        ]

    def update_hearing(self, hearing_id: int, **changes: str) -> None:
        allowed = {"pv_number", "place", "current_section"}
        if set(changes) - allowed:
            raise ValueError(sorted(set(changes) - allowed))
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

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row (inside the caller's transaction) and return its new id."""
        pk = self._db.table(table).insert(row).last_pk
        assert pk is not None
        return int(pk)

    def _touch(self, db: Database, hearing_id: int) -> None:
        db.execute("UPDATE hearings SET updated_at = ? WHERE id = ?", [self._stamp(), hearing_id])

    # --- answers -------------------------------------------------------------
    def set_answer(self, hearing_id: int, field_id: str, value: Any) -> None:
        """Save one answer now. ``None`` erases it."""
        self._refuse_if_closed(hearing_id)
        value = _clean_value(value)
        current = self.open_supplement(hearing_id) if not field_id.startswith("_") else None
        if current is not None and current.kind == "complementaire":
            before = current.base.get("answers", {}).get(field_id)
            if before not in (None, "", [], {}) and before != value:
                raise StoreError(
                    "Un procès-verbal complémentaire consigne de nouvelles déclarations : pour corriger une "
                    f"réponse du procès-verbal n° {_signed_number(current)}, rouvrez l'audition pour un "
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
                    [hearing_id, field_id, _json(value), self._stamp()],
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

    # --- transcript ----------------------------------------------------------
    def add_entry(
        self, hearing_id: int, theme: str | None, question: str, answer: str, at: dt.datetime | None = None
    ) -> int:
        self._refuse_if_closed(hearing_id)
        stamp = moments.stamp(at or self._clock())
        with self._write() as db:
            last = db.execute(
                "SELECT coalesce(max(position), 0) FROM transcript_entries WHERE hearing_id = ?", [hearing_id]
            ).fetchone()[0]
            entry_id = self._insert(
                "transcript_entries",
                {
                    "hearing_id": hearing_id,
                    "position": last + 1,
                    "theme": theme,
                    "question": clean(question),
                    "answer": clean(answer),
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            self._touch(db, hearing_id)
            self._audit(
                "entry_added",
                hearing_id=hearing_id,
                entry=entry_id,
                theme=theme,
                question=clean(question),
                answer=clean(answer),
            )
        return entry_id

    def restore_entry(
        self, hearing_id: int, theme: str | None, question: str, answer: str, at: dt.datetime, index: int
    ) -> int:
        """Put an entry back at ``index`` with its first time (an undone deletion): one transaction."""
        with self._write():
            entry_id = self.add_entry(hearing_id, theme, question, answer, at=at)
            self.move_entry(entry_id, index)
        return entry_id

    def update_entry(
        self, entry_id: int, *, question: str | None = None, answer: str | None = None, theme: str | None = None
    ) -> None:
        row = self._db.table("transcript_entries").get(entry_id)
        self._refuse_if_closed(row["hearing_id"])
        current = self.open_supplement(row["hearing_id"])
        if current is not None and current.kind == "complementaire" and entry_id in self._original_entry_ids(current):
            raise StoreError(
                "Un procès-verbal complémentaire consigne de nouvelles déclarations : pour corriger une "
                f"réponse du procès-verbal n° {_signed_number(current)}, rouvrez l'audition pour un "
                "procès-verbal de rectification."
            )
        changes: dict[str, Any] = {}
        if question is not None:
            changes["question"] = clean(question)
        if answer is not None:
            changes["answer"] = clean(answer)
        if theme is not None:
            changes["theme"] = theme
        if not changes:
            return
        with self._write() as db:
            db.table("transcript_entries").update(entry_id, {**changes, "updated_at": self._stamp()})
            self._touch(db, row["hearing_id"])
            old = {k: row[k] for k in changes}
            self._audit("entry_edited", hearing_id=row["hearing_id"], entry=entry_id, old=old, new=changes)

    def delete_entry(self, entry_id: int) -> None:
        row = self._db.table("transcript_entries").get(entry_id)
        self._refuse_if_closed(row["hearing_id"])
        self._refuse_on_signed_entry(row["hearing_id"], entry_id, "supprimées")
        with self._write() as db:
            db.table("transcript_entries").delete(entry_id)
            self._touch(db, row["hearing_id"])
            self._audit(
                "entry_deleted",
                hearing_id=row["hearing_id"],
                entry=entry_id,
                question=row["question"],
                answer=row["answer"],
            )

    def move_entry(self, entry_id: int, new_index: int) -> None:
        """Put an entry at ``new_index`` (0-based) in its hearing's order."""
        row = self._db.table("transcript_entries").get(entry_id)
        hearing_id = row["hearing_id"]
        self._refuse_if_closed(hearing_id)
        self._refuse_on_signed_entry(hearing_id, entry_id, "déplacées")
        current = self.open_supplement(hearing_id)
        if current is not None and new_index < len(self._original_entry_ids(current)):
            raise StoreError(
                f"Les questions du procès-verbal n° {_signed_number(current)}, déjà signé, gardent leur ordre : "
                f"une question du procès-verbal n° {current.pv_number} vient après elles."
            )
        ids = [e.id for e in self.entries(hearing_id)]
        ids.remove(entry_id)
        ids.insert(max(0, min(new_index, len(ids))), entry_id)
        with self._write() as db:
            for position, eid in enumerate(ids, start=1):
                db.execute("UPDATE transcript_entries SET position = ? WHERE id = ?", [position, eid])
            self._touch(db, hearing_id)
            self._audit("entry_moved", hearing_id=hearing_id, entry=entry_id, index=new_index)

    def entries(self, hearing_id: int) -> list[TranscriptEntry]:
        return [
            TranscriptEntry(
                id=r["id"],
                position=r["position"],
                theme=r["theme"],
                question=r["question"] or "",
                answer=r["answer"] or "",
                created_at=moments.parse(r["created_at"]),
                updated_at=moments.parse(r["updated_at"] or r["created_at"]),
            )
            for r in self._db.table("transcript_entries").rows_where(
                "hearing_id = ?", [hearing_id], order_by="position, id"
            )
        ]

    # --- timeline ------------------------------------------------------------
    def add_event(self, hearing_id: int, event: TimelineEvent) -> None:
        """Record a timeline event after checking it may happen now (TimelineError)."""
        event = dataclasses.replace(event, at=moments.local(event.at))
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

    def reopen_for_correction(self, hearing_id: int, kind: str, pv_number: str, reason: str) -> int:
        """Open a procès-verbal complémentaire or de rectification on a closed hearing; returns its id.

        A signed PV is never changed under its number: what is added or
        corrected from now on belongs to the new PV (``pv_number``, required),
        and the hearing as it stands (the signed PV's content) is kept with it.
        One transaction: the supplement, the status and the audit entry.
        """
        reason = clean(reason).strip()
        pv_number = clean(pv_number).strip()
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
                    "base": _json(self._state(hearing_id)),
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
            "profile": dataclasses.asdict(self.profile()),
            "case": {k: getattr(case, k) for k in ("procedure_number", "heading", "service", "qualification")},
        }

    def _original_entry_ids(self, supplement: Supplement) -> list[int]:
        return [int(e["id"]) for e in supplement.base.get("entries", [])]

    def _refuse_on_signed_entry(self, hearing_id: int, entry_id: int, doing: str) -> None:
        """Entries of a signed PV stay where and as they were: reordering or deleting one is refused."""
        current = self.open_supplement(hearing_id)
        if current is not None and entry_id in self._original_entry_ids(current):
            raise StoreError(
                f"Cette question et sa réponse figurent au procès-verbal n° {_signed_number(current)}, déjà signé : "
                f"elles ne peuvent pas être {doing}. Consignez la correction dans le procès-verbal "
                f"n° {current.pv_number}."
            )

    def hearing_status(self, hearing_id: int) -> str:
        # The status alone: not the whole record, whose template snapshot is tens of kilobytes.
        row = self._db.execute("SELECT status FROM hearings WHERE id = ?", [hearing_id]).fetchone()
        if row is None:
            raise StoreError(f"Audition n° {hearing_id} introuvable.")
        return str(row[0])

    def _refuse_if_closed(self, hearing_id: int) -> None:
        if self.hearing_status(hearing_id) == "closed":
            raise StoreError("Cette audition est close : elle ne peut plus être modifiée.")

    # --- exports -------------------------------------------------------------
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
            self._audit("exported", hearing_id=hearing_id, document=document_id, path=path, sha256=sha256)
        return export_id

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

    # --- personal dictionary -------------------------------------------------
    def personal_words(self) -> list[str]:
        """The words the user added to the spell-checker's dictionary, in alphabetical order."""
        return [r["word"] for r in self._db.table("personal_words").rows_where(order_by="word")]

    def add_personal_word(self, word: str) -> None:
        """Add a word (kept as given, once); an empty one is refused."""
        word = clean(word).strip()
        if not word or any(c.isspace() for c in word):
            raise StoreError("Un mot du dictionnaire personnel ne peut être ni vide ni contenir d'espace.")
        with self._write() as db:
            db.table("personal_words").insert({"word": word, "added_at": self._stamp()}, ignore=True)


def integrity_problems(conn: Any) -> list[str]:
    """SQLCipher's page HMAC check, then SQLite's structural check; empty when sound."""
    try:
        return page_problems(conn) + structure_problems(conn)
    except cipher.DatabaseError as error:
        return [str(error)]


def page_problems(conn: Any) -> list[str]:
    """SQLCipher's check of every page's HMAC in the database file (not the WAL).

    One C loop run while the pragma is compiled: neither the progress handler
    nor an interrupt stops it before it has read the whole file.
    """
    return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def structure_problems(conn: Any) -> list[str]:
    """SQLite's quick check, through the pager (WAL included); raises DatabaseError on an unreadable page."""
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]


def _connect(path: Path, passphrase: str, check: bool) -> tuple[Database, bool]:
    """The open, migrated database, and whether this opening gave its trail its secret (m007)."""
    conn = cipher.connect(path, passphrase)
    try:
        if check:
            # The page check reads the file, not the WAL: pages a crash left in the WAL
            # (a checkpoint stopped at another reader's snapshot) would look like holes.
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            problems = integrity_problems(conn)
            if problems:
                raise CorruptDatabase(corrupt_message(path, problems[0]))
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit reported to the investigator survives a power cut too.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: no installed package gets a hook into the decrypted
        # connection (and start-up does not scan every installed distribution for them).
        db = Database(conn, execute_plugins=False)
        keyed_now = _KEY_MIGRATION in {m.name for m in migrations.pending(db)}
        migrations.apply(db)
    except cipher.DatabaseError as error:
        conn.close()
        raise CorruptDatabase(corrupt_message(path, str(error))) from None
    except BaseException:
        conn.close()
        raise
    return db, keyed_now


def _with_reason(reason: str) -> dict[str, Any]:
    return {"reason": reason} if reason else {}


def _signed_number(supplement: Supplement) -> str:
    """The number of the PV a supplement follows (the hearing's own, as it was)."""
    return str(supplement.base.get("pv_number") or "(sans numéro)")


def _clean_value(value: Any) -> Any:
    """Strip characters no document can hold from every text inside a value."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean(str(k)): _clean_value(v) for k, v in value.items()}
    return value
