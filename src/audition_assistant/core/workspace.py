"""The workspace: the few plain objects the UI and the CLI talk to.

It holds the data paths, the open store, the template catalog and the
references table, and offers the main jobs (create a case, start a hearing,
read its state, export it, fill one from an answers file) so that neither
the GUI nor the CLI repeats that logic. A job that writes more than one thing
is one ``Store.transaction()``; an open hearing's own jobs are in
``hearing_service``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import archive, atomic, backups, defaults, maintenance, purge, retention, settings
from .engine import HearingView
from .export import formats
from .export.attestations import ModelInfo, ModelLibrary, WordModel
from .export.exporter import ExportedFile, check_protection, export_documents
from .export.files import ExportError, remove_leftovers
from .export.formats import DOCX
from .export.model_import import import_model, imported_hashes
from .export.models import available_models
from .export.notices import option_sources
from .export.pv import HearingContext
from .export.supplement import corrected_context, supplement_specs
from .hearing_service import record_answer, subject_from_person, subject_identity
from .instance import FolderLock
from .paths import DataPaths
from .references import Reference, load_references
from .store import CorruptDatabase, Profile, Store, StoreError, WrongPassphrase
from .store.accounts import Account
from .store.cipher import DatabaseError
from .store.errors import corrupt_message
from .store.keyring import Slot
from .store.records import CASE_STATUSES
from .store.retention import RetentionPolicy
from .templates import pack_install, packs
from .templates.catalog import LOCAL, CatalogEntry, TemplateCatalog, entry_bytes, load_catalog, load_file
from .templates.errors import TemplateInvalid
from .templates.model import DocumentSpec, Template
from .templates.validate import validate

if TYPE_CHECKING:
    from .answers_file import FilledHearing
    from .side_connection import SideConnection


def load_templates(paths: DataPaths, references: dict[str, Reference]) -> TemplateCatalog:
    return load_catalog(
        paths.templates,
        known_references=references,
        known_models=available_models(paths.models),
        option_sources=option_sources(paths.notices),  # the notices' languages, the data folder's included
    )


@dataclass(frozen=True)
class Library:
    """What a workspace reads from files, not from the database: the GUI loads it before the passphrase is typed."""

    references: dict[str, Reference]
    catalog: TemplateCatalog


def load_library(paths: DataPaths) -> Library:
    references = load_references()
    return Library(references, load_templates(paths, references))


class DatabaseMissing(StoreError):
    """No database where one was expected: nothing is created unless a first start asks for it.

    ``latest`` is the newest backup when the backups folder holds some (the
    database existed: restore it), ``folder_missing`` when the data folder
    itself does not exist (a mistyped path?).
    """

    def __init__(self, paths: DataPaths, latest: Path | None, folder_missing: bool):
        self.paths, self.latest, self.folder_missing = paths, latest, folder_missing
        if latest is not None:
            message = (
                f"La base {paths.database} est introuvable, mais des sauvegardes existent dans "
                f"{latest.parent} (la plus récente : {latest.name}). Restaurez-en une : aucune base vide "
                "n'a été créée à sa place."
            )
        elif folder_missing:
            message = (
                f"Le dossier de données {paths.root} n'existe pas (faute de frappe ?). Rien n'a été créé ; "
                "une nouvelle base se crée seulement à la première utilisation, à la demande."
            )
        else:
            message = (
                f"Aucune base dans le dossier de données {paths.root}. Rien n'a été créé ; "
                "une nouvelle base se crée seulement à la première utilisation, à la demande."
            )
        super().__init__(message)


def missing_database(paths: DataPaths) -> DatabaseMissing | None:
    """Why the data folder cannot be opened without creating a database (None when it has one).

    An empty file counts as missing: SQLCipher would turn it into a new
    database with whatever passphrase is typed.
    """
    database = paths.database
    if database.is_file() and database.stat().st_size > 0:
        return None
    found = backups.backups(backups.folder_of(paths.root))
    return DatabaseMissing(paths, found[0] if found else None, not paths.root.is_dir())


@dataclass(frozen=True)
class PassphraseChanged:
    """What a passphrase change did beyond the re-key: the new backup, and the old copies' fate."""

    backup: Path | None  # None when it could not be made (``problem`` says why; the next opening makes it)
    rekeyed: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    failed: tuple[Path, ...] = ()  # old copies left as they were (another passphrase, a disk error)
    problem: str = ""


def restore_backup(
    paths: DataPaths, backup: Path, passphrase: str, now: dt.datetime, *, other_passphrase: bool = False
) -> backups.Restored:
    """Put a backup in place of the database (see backups.restore), the data folder held alone meanwhile.

    No workspace may be open on ``paths`` (the folder's lock refuses it:
    FolderBusy). Leftovers of earlier killed jobs are removed first.
    """
    paths.ensure()
    with FolderLock(paths.root):
        backups.clean_leftovers(paths.database)
        restored = backups.restore(paths.database, backup, passphrase, now, other_passphrase=other_passphrase)
    return restored


class Workspace:
    def __init__(self, paths: DataPaths, store: Store, lock: FolderLock | None = None, library: Library | None = None):
        self.paths = paths
        self.store = store
        library = library or load_library(paths)
        self.references = library.references
        self.catalog = library.catalog
        self.settings = settings.load(paths.root)
        self._lock = lock
        # What the opening found wrong with the audit trail (French): the anchor at once, the rest after the check.
        self.audit_problems: tuple[str, ...] = (store.anchor_problem,) if store.anchor_problem else ()
        # Word models and notice texts: bundled ones, replaced or completed by the data folder's.
        self.models = ModelLibrary(paths.models, paths.notices, self.references, imported_hashes(store))
        self._signatures: packs.Signatures | None = None

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        passphrase: str,
        *,
        backup: bool = True,
        check: bool = True,
        library: Library | None = None,
        create: bool = False,
        account: str | None = None,
    ) -> Workspace:
        """Open the data folder, alone (FolderBusy), as ``account`` (WrongPassphrase, CorruptDatabase).

        Without ``account``, the passphrase is tried on every account of the
        station's keyring (one: the only one). A first start, or the first
        opening of a database keyed by its passphrase, makes the keyring with
        one administrator (keying.py).

        A missing database is created only with ``create`` (a first start),
        and never where backups exist: DatabaseMissing says so, nothing is
        created (not even the data folder).

        By default, before returning, the whole database is checked
        (CorruptDatabase when damaged) and the day's first opening makes a
        backup (StoreError, in French, when the check or the backup cannot be
        made). A backup always comes after the check: ``backup=True`` checks
        whatever ``check`` says. What is wrong with the audit trail (its
        anchor, its triggers) is kept in ``audit_problems``, not raised.

        ``check=False, backup=False`` only derives the key and applies the
        migrations, in well under a second whatever the size of the base (a
        damaged page is found later); the GUI then runs
        ``maintenance_job(passphrase)`` in a worker thread and gives its report
        to ``maintenance_done``.
        """
        missing = missing_database(paths)
        if missing is not None and (missing.latest is not None or not create):
            raise missing
        paths.ensure()
        lock = FolderLock(paths.root)
        lock.acquire()
        try:
            backups.clean_leftovers(paths.database)  # what killed backups and restores left
            pack_install.clean_staging(paths)  # and killed pack installations
            missing = missing_database(paths)  # again, the folder held: nothing changes it now
            if missing is not None and (missing.latest is not None or not create):
                raise missing
            store = Store.open(paths.database, passphrase, check=False, account=account)
        except BaseException:
            lock.release()
            raise
        try:
            workspace = cls(paths, store, lock, library)
        except BaseException:
            store.close()
            lock.release()
            raise
        if check or backup:
            try:
                workspace._maintain_now(passphrase, backup=backup)
            except BaseException:
                workspace.close()
                raise
        return workspace

    @property
    def account(self) -> str | None:
        """The account that opened the workspace (the audit entries name it)."""
        return self.store.account

    @property
    def is_admin(self) -> bool:
        """Whether that account administers the laptop: accounts, retention and purges, trusted publishers."""
        return self.store.is_admin

    def _require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise StoreError(f"Seul un compte administrateur peut {what}.")

    # --- retention -------------------------------------------------------------------
    def retention_policy(self) -> RetentionPolicy:
        return self.store.retention_policy()

    def set_retention_policy(self, policy: RetentionPolicy) -> None:
        """Set the retention periods (administrator only; audited as ``retention_set``)."""
        self._require_admin("fixer les durées de conservation")
        self.store.set_retention_policy(policy)

    def due_cases(self, today: dt.date | None = None) -> list[retention.DueCase]:
        """The cases whose retention period ran out (today's date by default)."""
        return retention.due_cases(self.store, today or self.store.now().date())

    def purge_case(self, case_id: int) -> purge.PurgeReport:
        """Erase a case from the database, its file and its old copies (administrator only): see core/purge.py.

        Seconds on a large base (VACUUM, a backup): the window runs it off its thread.
        """
        self._require_admin("purger un dossier")
        return purge.purge_case(self.store, case_id, backup=self.backup_now)

    def purge_job(self, case_id: int, side: SideConnection) -> Callable[[], purge.PurgeReport]:
        """The purge for a worker thread, on the second connection (administrator only, checked here, now)."""
        self._require_admin("purger un dossier")
        database, account, clock = self.paths.database, self.account, self.store.clock
        folder, keep = self.backup_folder(), self.settings.backups_kept

        def job() -> purge.PurgeReport:
            return side.call(
                lambda conn: purge.purge_on(
                    conn, database, case_id, account=account, clock=clock, backup_folder=folder, keep=keep
                )
            )

        return job

    def _maintain_now(self, passphrase: str, *, backup: bool) -> None:
        """The maintenance job on the caller's thread; raises what a synchronous opening must not hide."""
        job = self.maintenance_job(passphrase, backup=backup)
        # The caller waits: the audit trail's triggers and anchor only (the whole trail: 'audit verify', the window).
        job.full_audit = False
        report = job(threading.Event())
        self.maintenance_done(report)
        if report.audit:
            self.audit_problems = report.audit
        if report.problems:
            raise CorruptDatabase(corrupt_message(self.paths.database, report.problems[0]))
        if report.error:
            raise StoreError(report.error)

    def close(self) -> None:
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings and backups ------------------------------------------------------
    def save_settings(self, new: settings.Settings) -> None:
        self.settings = new.validated()
        settings.save(self.paths.root, self.settings)

    def export_formats(self) -> tuple[str, ...]:
        """The formats an export is written in unless the investigator ticks others: the settings', or the force's."""
        return self.settings.export_formats or formats.default_formats(self.store.profile().force)

    def remove_export_leftovers(self, folders: Sequence[Path] | None = None) -> int:
        """Delete what killed exports left in the export folders (hidden copies in clear); how many.

        File system work only, once ``folders`` is given (``export_folders()``,
        read on the store's thread): the window runs it off its thread, since
        a case's folder may be on a slow or absent network drive.
        """
        return sum(remove_leftovers(folder) for folder in (self.export_folders() if folders is None else folders))

    def backup_folder(self) -> Path:
        return backups.folder_of(self.paths.root)

    def maintenance_job(self, passphrase: str, *, backup: bool = True) -> maintenance.MaintenanceJob:
        """The opening checks, for a worker thread: ``job(cancel_event) -> MaintenanceReport``.

        The job reads the database on its own connection (hence the passphrase,
        held until the job starts) and never touches the store's; it is called
        once, from any thread, and never raises. Setting the event (lock,
        window closed) stops it. Hand its report to ``maintenance_done`` on
        this workspace's thread.
        """
        return maintenance.MaintenanceJob(
            self.paths.database,
            self.store.raw_key() or passphrase,  # the raw key: no derivation again
            self.backup_folder(),
            self.settings.backups_kept,
            self.store.now(),
            backup=backup,
        )

    def maintenance_done(self, report: maintenance.MaintenanceReport) -> str:
        """Record a job's outcome in the audit log and return what to tell the investigator (French).

        A backup made is logged as ``backup_made``, a damaged base as
        ``integrity_failed``, an altered audit trail as ``audit_failed``, a
        cancelled job not at all. Writing to a damaged
        (or locked) base may fail: the message then says so, nothing is raised.
        """
        recorded = True
        try:
            if report.problems:
                self.store.record("integrity_failed", problem=report.problems[0], problems=len(report.problems))
            elif report.audit:
                self.store.record("audit_failed", problem=report.audit[0], problems=len(report.audit))
            elif report.backup is not None:
                self.store.record("backup_made", file=report.backup.name)
        except (StoreError, DatabaseError):
            recorded = False
        return maintenance.describe(report, recorded=recorded)

    def backup_now(self) -> Path:
        made = backups.make_backup(self.store, self.backup_folder(), self.store.now())
        backups.rotate(self.backup_folder(), self.settings.backups_kept)
        self.store.record("backup_made", file=made.name)
        return made

    def old_copies(self) -> list[Path]:
        """The backups and kept copies of replaced databases: each opens with the passphrase it was made under."""
        return backups.encrypted_copies(self.paths.database)

    def change_passphrase(self, current: str, new: str, *, old_copies: str) -> PassphraseChanged:
        """Re-key the database, back it up at once, then re-encrypt (``"rekey"``) or remove the old copies.

        The re-key and its audit entry are one commit (Store.change_passphrase);
        the backup under the new passphrase follows at once, so that a restore
        the same day works. The old backups and kept copies would otherwise
        still open with the old passphrase. A kill after the re-key leaves the
        change recorded, and the next opening makes the missing backup
        (maintenance: a re-key after the last backup makes one due).
        """
        if old_copies not in ("rekey", "remove"):
            raise ValueError(old_copies)
        self.store.change_passphrase(current, new)
        return self._after_rekey(current, new, old_copies, "passphrase")

    def _after_rekey(self, current: str, new: str, old_copies: str, why: str) -> PassphraseChanged:
        """A backup at once, then the old copies brought under the live key and keyring, or removed.

        With a keyring, ``current`` opens a copy through its own keyring (or
        is the raw key it was made under) and the copy is re-keyed to the
        live raw key, the live keyring copied beside it; after an account's
        removal (``why="account"``) a copy that cannot be re-keyed is removed:
        it might open with what the removed account knew.
        """
        live = self.store.raw_key()
        database = self.paths.database if live is not None else None
        target = live if live is not None else new
        # From here on the passphrase is changed: what fails is said, never raised.
        try:
            made: Path | None = self.backup_now()
            problem = ""
        except (OSError, StoreError, DatabaseError) as error:
            made, problem = None, f"la sauvegarde avec la nouvelle phrase n'a pas pu être faite ({error})"
            if old_copies == "remove":  # never leave the folder without any backup
                return PassphraseChanged(made, problem=problem)
        done: list[Path] = []
        failed: list[Path] = []
        removed: list[Path] = []
        for old in [p for p in self.old_copies() if p != made]:
            try:
                if old_copies == "rekey":
                    backups.rekey_copy(old, current, target, database)
                else:
                    backups.remove_copy(old)
                done.append(old)
            except (WrongPassphrase, OSError, DatabaseError):
                if why == "account" and old_copies == "rekey" and old.exists():
                    backups.remove_copy(old)
                    removed.append(old)
                    continue
                failed.append(old)  # made under another passphrase, or the disk refused: left as it was, and said
        action = "old_copies_rekeyed" if old_copies == "rekey" else "old_copies_removed"
        self.store.record(action, files=[p.name for p in done], failed=[p.name for p in failed])
        if removed:
            self.store.record("old_copies_removed", files=[p.name for p in removed], failed=[])
        if old_copies == "rekey":
            return PassphraseChanged(
                made, rekeyed=tuple(done), removed=tuple(removed), failed=tuple(failed), problem=problem
            )
        return PassphraseChanged(made, removed=tuple(done), failed=tuple(failed), problem=problem)

    # --- accounts ---------------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        return self.store.accounts()

    def add_account(self, name: str, passphrase: str, admin: bool = False, *, slot: Slot | None = None) -> None:
        """A new account on this station (administrator only; StoreError in French otherwise).

        The window makes the slot first on a worker thread (``store.slot_job``) and gives it.
        """
        self.store.add_account(name, passphrase, admin=admin, slot=slot)

    def reset_account(self, name: str, new_passphrase: str, *, slot: Slot | None = None) -> None:
        """A new passphrase for an account that forgot its own (administrator only)."""
        self.store.reset_account(name, new_passphrase, slot=slot)

    def remove_account(self, name: str, *, old_copies: str = "rekey") -> PassphraseChanged:
        """Remove an account: the database re-keyed to a new key, then the old copies re-keyed (or removed).

        After it, neither the removed passphrase nor a copy of the old
        keyring opens the database, its new backups, or its old copies.
        """
        if old_copies not in ("rekey", "remove"):
            raise ValueError(old_copies)
        previous = self.store.raw_key()
        self.store.remove_account(name)
        return self._after_rekey(previous or "", "", old_copies, "account")

    def key_for(self, passphrase: str) -> str:
        """The raw key the account's passphrase opens (Argon2: run it off the window's thread)."""
        return self.store.key_for(passphrase)

    def reload_templates(self) -> None:
        self.catalog = load_templates(self.paths, self.references)
        self._signatures = None

    # --- signed template packs ------------------------------------------------------
    def trusted_publishers(self) -> list[packs.Publisher]:
        """The bundled templates' publisher, then those the administrator added."""
        added = [
            packs.Publisher(k.name, packs.PublicKey.parse(k.public_key), added_at=k.added_at, added_by=k.added_by)
            for k in self.store.trusted_keys()
        ]
        return [packs.bundled_publisher(), *added]

    def trust_publisher(self, public_key: str, name: str) -> packs.Publisher:
        """Accept the packs this key signs (administrator only; PackError or StoreError in French)."""
        if not self.is_admin:
            raise StoreError("Seul un administrateur peut ajouter un éditeur de confiance.")
        key = packs.PublicKey.parse(public_key)
        if key == packs.bundled_publisher().key:
            raise StoreError("Cette clé est celle des modèles livrés\u00a0: elle est déjà reconnue.")
        self.store.trust_key(name, key.text, key.fingerprint)
        self._signatures = None
        return next(p for p in self.trusted_publishers() if p.key == key)

    def import_pack(self, source: Path) -> pack_install.InstalledPack:
        """Verify a signed pack against the trusted publishers and install all of it (PackError: nothing)."""
        pack = packs.read_pack(source, self.trusted_publishers())
        installed = pack_install.install(self.paths, self.store, self.models, self.references, pack)
        self.reload_templates()
        return installed

    @property
    def signatures(self) -> packs.Signatures:
        if self._signatures is None:
            self._signatures = packs.signatures(self.paths.packs, self.trusted_publishers())
        return self._signatures

    def signer_of_entry(self, entry: CatalogEntry) -> packs.Signer | None:
        data = entry_bytes(entry)
        return None if data is None else self.signatures.of_bytes(data)

    def entry_signature_label(self, entry: CatalogEntry) -> str:
        return packs.label_of(self.signer_of_entry(entry))

    def model_signature_label(self, model: WordModel) -> str:
        """The same mark for a Word model: the bundled ones and a pack's are signed, one imported alone is not."""
        try:
            return packs.label_of(self.signatures.of_bytes(model.read()))
        except (OSError, ExportError):
            return packs.NOT_SIGNED

    def signer_of(self, template: Template) -> packs.Signer | None:
        """Who signed the file this template (or a hearing's frozen copy of it) was read from; None: nobody."""
        for entry in self.catalog.entries:
            if entry.template is not None and (entry.template is template or entry.template.source == template.source):
                return self.signer_of_entry(entry)
        return None

    def signature_label(self, template: Template) -> str:
        """« signé par … » or « non signé », beside the template's name wherever it is shown."""
        return packs.label_of(self.signer_of(template))

    def snapshot_signature_label(self, snapshot: dict[str, Any], hearing_id: int | None = None) -> str:
        """The same words for a hearing's frozen template, read as stored (a list of hearings validates none).

        Once the file it was read from is replaced (an update, a newer pack),
        the hearing keeps the signature recorded when it began.
        """
        for entry in self.catalog.entries:
            if entry.template is not None and entry.template.source == snapshot:
                return self.entry_signature_label(entry)
        recorded = self.store.hearing_signature(hearing_id) if hearing_id is not None else ""
        return recorded or packs.NOT_SIGNED

    def hearing_signature_label(self, hearing_id: int, template: Template) -> str:
        """« signé par … » or « non signé » for a hearing: its template's file now, else as recorded when it began."""
        return self.snapshot_signature_label(template.source, hearing_id)

    def import_template(self, source: Path) -> CatalogEntry:
        """Validate a template file and, if valid, copy it into the local templates folder.

        The copy is named after the template's id, so importing a new version
        replaces the previous local one; a bundled template of the same id is
        overridden. Returns the entry (with its problems when refused).
        """
        entry = load_file(
            source,
            LOCAL,
            known_references=self.references,
            known_models=available_models(self.paths.models),
            option_sources=self.catalog.option_sources,
        )
        if not entry.valid or entry.template is None:
            return entry
        data = source.read_bytes()
        atomic.write_bytes(self.paths.templates / f"{entry.template.id}.yaml", data)
        self.reload_templates()
        self.store.record(
            "template_imported",
            template=entry.template.id,
            version=entry.template.version,
            file=source.name,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        return entry

    def import_model(self, source: Path) -> ModelInfo:
        """Check a Word model and, when valid, copy it into the models folder and audit its hash."""
        return import_model(self.models, self.store, source)

    # --- cases, persons, hearings, the profile -----------------------------------
    @property
    def locked(self) -> bool:
        return self.store.locked

    def lock(self) -> None:
        """Close the database and drop its key (``unlock`` opens it again)."""
        self.store.lock()

    def unlock(self, passphrase: str) -> None:
        """Open the database again after a lock (WrongPassphrase: still locked, nothing recorded)."""
        self.store.unlock(passphrase)

    def record_failed_unlocks(self, attempts: int) -> None:
        """Audit the wrong passphrases typed before the right one (recorded once it opened the base)."""
        if attempts:
            self.store.record("unlock_failed", attempts=attempts)

    def now(self) -> dt.datetime:
        return self.store.now()

    def profile(self) -> Profile:
        return self.store.profile()

    def save_profile(self, profile: Profile) -> None:
        self.store.save_profile(profile)

    def create_case(self, **values: str) -> int:
        return self.store.create_case(**values)

    def update_case(self, case_id: int, reason: str = "", **values: str) -> None:
        """Change a case (ReasonRequired when a hearing of it is closed and no reason is given)."""
        self.store.update_case(case_id, reason=reason, **values)

    def set_case_status(self, case_id: int, status: str, reason: str = "") -> None:
        self.store.set_case_status(case_id, status, reason)

    def new_hearing(
        self,
        case_id: int,
        template: Template,
        *,
        person_id: int | None = None,
        identity: dict[str, Any] | None = None,
        pv_number: str = "",
        place: str = "",
    ) -> int:
        """A new hearing of a known person (``person_id``) or of a new one (``identity``): one transaction.

        The person (when new), the hearing, its answers given at creation (the
        place) and its subject answer (what is known of the person) are
        recorded together, or not at all.
        """
        with self.store.transaction():
            if person_id is None:
                person_id = self.store.add_person(case_id, identity or {})
            hearing_id = self.start_hearing(case_id, person_id, template, pv_number, place)
            subject_from_person(self.store, template, hearing_id, person_id)
        return hearing_id

    def start_hearing(
        self, case_id: int, person_id: int, template: Template, pv_number: str = "", place: str = ""
    ) -> int:
        """Record a hearing and the answers it starts with (the place, typed once): one transaction."""
        with self.store.transaction():
            hearing_id = self.store.create_hearing(
                case_id, person_id, template.source, pv_number, place, signature=self.signature_label(template)
            )
            for field_id, value in defaults.initial(template, place).items():
                self.store.set_answer(hearing_id, field_id, value)
        return hearing_id

    def template_of(self, hearing_id: int) -> Template:
        """The hearing's own frozen copy of its template (raises TemplateInvalid)."""
        record = self.store.hearing(hearing_id)
        return validate(
            record.template_snapshot,
            f"audition {hearing_id} ({record.template_id} {record.template_version})",
            known_references=self.references,
            known_models=available_models(self.paths.models),
            option_sources=self.catalog.option_sources,
        )

    def view(self, hearing_id: int, today: dt.date | None = None, template: Template | None = None) -> HearingView:
        """The hearing as the engine sees it; ``template``: its frozen copy, when already validated."""
        return HearingView(
            template or self.template_of(hearing_id),
            self.store.answers(hearing_id),
            self.store.entries(hearing_id),
            self.store.events(hearing_id),
            today or self.store.now().date(),
        )

    def context(self, hearing_id: int) -> HearingContext:
        """What the hearing's documents are built from.

        The officer is the one who conducted the hearing (``hearing_officer``),
        not whichever account exports it. Once the hearing was reopened, the PV
        is the one signed at closing (the state kept with the first supplement,
        same number, same text), and the context carries each procès-verbal
        complémentaire or de rectification.
        """
        record = self.store.hearing(hearing_id)
        officer = self.store.hearing_officer(hearing_id)
        now = HearingContext(self.view(hearing_id), self.store.case(record.case_id), record, officer)
        return corrected_context(now, self.store.supplements(hearing_id))

    def reopen_for_correction(self, hearing_id: int, kind: str, pv_number: str, reason: str) -> int:
        """Reopen a closed hearing for a new PV (``complementaire`` or ``rectification``) numbered ``pv_number``.

        The signed PV keeps its number and its text; what is added or corrected
        now goes to the new PV. One transaction (StoreError, in French, when refused).
        """
        return self.store.reopen_for_correction(hearing_id, kind, pv_number, reason)

    def supplement_documents(self, hearing_id: int) -> list[DocumentSpec]:
        """The procès-verbaux complémentaires or de rectification of a reopened hearing."""
        return supplement_specs(self.context(hearing_id))

    def export_folders(self) -> list[Path]:
        """Every folder documents were or would be exported to: the default one, the cases' own, the recorded ones.

        A base that cannot be read (damaged: its check says so) gives the default folder alone.
        """
        named = [str(self.paths.exports)]
        try:
            named += [c.export_dir for c in self.store.cases(tuple(CASE_STATUSES)) if c.export_dir]
            named += [str(Path(p).parent) for p in self.store.export_paths()]
        except (StoreError, DatabaseError):
            pass
        return [Path(folder) for folder in dict.fromkeys(named)]

    def export_folder(self, hearing_id: int) -> Path:
        case = self.store.case(self.store.hearing(hearing_id).case_id)
        return Path(case.export_dir) if case.export_dir else self.paths.exports

    def documents_for(self, ctx: HearingContext, document_ids: Sequence[str] | None) -> list[DocumentSpec]:
        """The documents named, or every applicable one (with the supplements of a reopened hearing)."""
        supplements = supplement_specs(ctx)
        if document_ids is None:
            return ctx.view.applicable_documents() + supplements
        known = {d.id: d for d in [*ctx.view.template.documents, *supplements]}
        unknown = [d for d in document_ids if d not in known]
        if unknown:
            raise ExportError(f"Document(s) inconnu(s) pour ce modèle : {', '.join(unknown)}")
        return [known[d] for d in document_ids]

    def export(
        self,
        hearing_id: int,
        folder: Path | None = None,
        document_ids: Sequence[str] | None = None,
        password: str | None = None,
        *,
        formats: Sequence[str] = (DOCX,),
    ) -> list[ExportedFile]:
        """Export the hearing's applicable documents (or those named) in ``formats``, protected by ``password``.

        ``formats`` may add TXT: the hand-off text for the drafting software.
        """
        check_protection(formats, password)  # before anything is rendered
        ctx = self.context(hearing_id)
        specs = self.documents_for(ctx, document_ids)
        folder = folder or self.export_folder(hearing_id)
        identity = self.settings.identity_in_file_names
        return export_documents(
            self.store, ctx, specs, folder, self.models, password, identity=identity, formats=formats
        )

    # --- case archives ---------------------------------------------------------
    def export_archive(
        self, case_id: int, out: Path, passphrase: str, *, then: str = archive.KEEP
    ) -> archive.ArchiveWritten:
        """Write the case's archive, encrypted for ``passphrase``; then keep the case, hand it over, or purge it.

        The window runs the same steps with the encryption off its thread:
        ``archive_content``, ``archive.sealed_checked``, ``save_archive``.
        """
        archive.check_target(out)
        content = self.archive_content(case_id, passphrase, then)
        data = archive.sealed_checked(content, passphrase, check=then == archive.PURGE)
        return self.save_archive(case_id, out, data, content, then)

    def archive_content(self, case_id: int, passphrase: str, then: str = archive.KEEP) -> dict[str, Any]:
        """What the case's archive carries; refused (ArchiveError) before anything is written when it cannot be made."""
        if then not in archive.THEN:
            raise ValueError(then)
        archive.check_passphrase(passphrase)
        if then == archive.PURGE:
            self._require_admin("purger un dossier")  # refused now, before the archive is made
        return archive.case_content(self.store, case_id)

    def save_archive(
        self, case_id: int, out: Path, data: bytes, content: dict[str, Any], then: str, *, purge_now: bool = True
    ) -> archive.ArchiveWritten:
        """Write the sealed archive, record ``archive_exported`` (with the hand-over), then purge when asked.

        The window purges with ``purge_job`` off its thread (``purge_now=False``).
        """
        archive.write(out, data)
        sha256 = archive.digest(content)
        hearings = [h["id"] for h in content["hearings"]]
        self.store.record_archive_export(
            case_id,
            hand_over=then == archive.HAND_OVER,
            fichier=out.name,
            sha256=sha256,
            suite=then,
            auditions=hearings,
            journal_tete=content["sender"]["audit_head"],
        )
        if then == archive.PURGE and purge_now:
            self.purge_case(case_id)
        return archive.ArchiveWritten(out, sha256, content["case"]["procedure_number"], len(hearings), then)

    def import_archive(self, source: Path, passphrase: str) -> archive.ArchiveImported:
        """Decrypt, check and record a case archive: one transaction, new ids, or nothing (ArchiveError)."""
        return self.import_opened_archive(archive.unseal(archive.read(source), passphrase), source.name)

    def import_opened_archive(self, opened: archive.ArchiveOpened, file_name: str) -> archive.ArchiveImported:
        """The recording part of ``import_archive``, once ``archive.unseal`` ran (off the window's thread)."""
        return archive.import_opened(self.store, opened, file_name)

    # --- answers file ----------------------------------------------------------
    def fill(
        self,
        filled: FilledHearing,
        folder: Path,
        password: str | None = None,
        *,
        formats: Sequence[str] = (DOCX,),
    ) -> tuple[int, list[ExportedFile]]:
        """Record a checked answers file as a new case and hearing, then export it: all of it, or nothing.

        One transaction: when the export fails (a model, the folder, the
        disk), the case, the person, the hearing and their audit entries are
        rolled back and no document is left (``write_all``), so running the
        same file again does not make a second hearing with the same PV number.
        """
        check_protection(formats, password)  # before anything is recorded
        with self.store.transaction():
            return self._fill(filled, folder, password, formats)

    def _fill(
        self, filled: FilledHearing, folder: Path, password: str | None, formats: Sequence[str]
    ) -> tuple[int, list[ExportedFile]]:
        store = self.store
        if filled.investigator:
            store.save_profile(Profile(**{**store.profile().__dict__, **filled.investigator}))
        case_id = store.create_case(**filled.case)
        person_id = store.add_person(case_id, subject_identity(filled.template, filled.answers))
        hearing_id = self.start_hearing(case_id, person_id, filled.template, **filled.hearing)
        for field_id, value in filled.answers.items():
            record_answer(store, filled.template, hearing_id, person_id, field_id, value)
        for line in filled.transcript:
            store.add_entry(hearing_id, line.theme, line.question, line.answer, line.at)
        for event in filled.timeline:
            store.add_event(hearing_id, event)
        return hearing_id, self.export(hearing_id, folder, password=password, formats=formats)


__all__ = ["TemplateInvalid", "Workspace"]
