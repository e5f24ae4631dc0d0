"""The workspace: the few plain objects the UI and the CLI talk to.

It holds the data paths, the open store, the template catalog and the
references table, and offers the main jobs (start a hearing, read its
state, export it, fill one from an answers file) so that neither the GUI nor
the CLI repeats that logic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import backups, defaults, maintenance, settings
from .engine import HearingView
from .export.attestations import ModelInfo, ModelLibrary
from .export.exporter import ExportedFile, export_documents
from .export.files import ExportError
from .export.model_import import import_model, imported_hashes
from .export.models import available_models
from .export.protect import check_password
from .export.pv import HearingContext
from .export.supplement import corrected_context, supplement_specs
from .instance import FolderLock
from .paths import DataPaths
from .references import Reference, load_references
from .store import CorruptDatabase, Profile, Store, StoreError
from .store.cipher import DatabaseError
from .store.errors import corrupt_message
from .templates.catalog import LOCAL, CatalogEntry, TemplateCatalog, load_catalog, load_file
from .templates.errors import TemplateInvalid
from .templates.model import DocumentSpec, Template
from .templates.validate import validate

if TYPE_CHECKING:
    from .answers_file import FilledHearing


def load_templates(paths: DataPaths, references: dict[str, Reference]) -> TemplateCatalog:
    return load_catalog(paths.templates, known_references=references, known_models=available_models(paths.models))


@dataclass(frozen=True)
class Library:
    """What a workspace reads from files, not from the database: the GUI loads it before the passphrase is typed."""

    references: dict[str, Reference]
    catalog: TemplateCatalog


def load_library(paths: DataPaths) -> Library:
    references = load_references()
    return Library(references, load_templates(paths, references))


class Workspace:
    def __init__(self, paths: DataPaths, store: Store, lock: FolderLock | None = None, library: Library | None = None):
        self.paths = paths
        self.store = store
        library = library or load_library(paths)
        self.references = library.references
        self.catalog = library.catalog
        self.settings = settings.load(paths.root)
        self._lock = lock
        # Word models and notice texts: bundled ones, replaced or completed by the data folder's.
        self.models = ModelLibrary(paths.models, paths.notices, self.references, imported_hashes(store))

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        passphrase: str,
        *,
        backup: bool = True,
        check: bool = True,
        library: Library | None = None,
    ) -> Workspace:
        """Open the data folder, alone (FolderBusy), with the passphrase (WrongPassphrase, CorruptDatabase).

        By default, before returning, the whole database is checked
        (CorruptDatabase when damaged) and the day's first opening makes a
        backup (StoreError, in French, when the check or the backup cannot be
        made). A backup always comes after the check: ``backup=True`` checks
        whatever ``check`` says.

        ``check=False, backup=False`` only derives the key and applies the
        migrations, in well under a second whatever the size of the base (a
        damaged page is found later); the GUI then runs
        ``maintenance_job(passphrase)`` in a worker thread and gives its report
        to ``maintenance_done``.
        """
        paths.ensure()
        lock = FolderLock(paths.root)
        lock.acquire()
        try:
            store = Store.open(paths.database, passphrase, check=False)
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

    def _maintain_now(self, passphrase: str, *, backup: bool) -> None:
        """The maintenance job on the caller's thread; raises what a synchronous opening must not hide."""
        report = self.maintenance_job(passphrase, backup=backup)(threading.Event())
        self.maintenance_done(report)
        if report.problems:
            raise CorruptDatabase(corrupt_message(self.paths.database, report.problems[0]))
        if report.error:
            raise StoreError(report.error)

    def close(self) -> None:
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- settings and backups ------------------------------------------------------
    def save_settings(self, new: settings.Settings) -> None:
        self.settings = new.validated()
        settings.save(self.paths.root, self.settings)

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
            passphrase,
            self.backup_folder(),
            self.settings.backups_kept,
            self.store.now(),
            backup=backup,
        )

    def maintenance_done(self, report: maintenance.MaintenanceReport) -> str:
        """Record a job's outcome in the audit log and return what to tell the investigator (French).

        A backup made is logged as ``backup_made``, a damaged base as
        ``integrity_failed``, a cancelled job not at all. Writing to a damaged
        (or locked) base may fail: the message then says so, nothing is raised.
        """
        recorded = True
        try:
            if report.problems:
                self.store.record("integrity_failed", problem=report.problems[0], problems=len(report.problems))
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

    def reload_templates(self) -> None:
        self.catalog = load_templates(self.paths, self.references)

    def import_template(self, source: Path) -> CatalogEntry:
        """Validate a template file and, if valid, copy it into the local templates folder.

        The copy is named after the template's id, so importing a new version
        replaces the previous local one; a bundled template of the same id is
        overridden. Returns the entry (with its problems when refused).
        """
        entry = load_file(
            source, LOCAL, known_references=self.references, known_models=available_models(self.paths.models)
        )
        if not entry.valid or entry.template is None:
            return entry
        data = source.read_bytes()
        target = self.paths.templates / f"{entry.template.id}.yaml"
        partial = target.with_name(target.name + ".partiel")
        partial.write_bytes(data)
        os.replace(partial, target)
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

    # --- hearings ------------------------------------------------------------
    def start_hearing(
        self, case_id: int, person_id: int, template: Template, pv_number: str = "", place: str = ""
    ) -> int:
        hearing_id = self.store.create_hearing(case_id, person_id, template.source, pv_number, place)
        for field_id, value in defaults.initial(template, place).items():  # the place, typed once
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
        )

    def view(self, hearing_id: int, today: dt.date | None = None) -> HearingView:
        return HearingView(
            self.template_of(hearing_id),
            self.store.answers(hearing_id),
            self.store.entries(hearing_id),
            self.store.events(hearing_id),
            today or self.store.now().date(),
        )

    def context(self, hearing_id: int) -> HearingContext:
        """What the hearing's documents are built from.

        Once the hearing was reopened, the PV is the one signed at closing (the
        state kept with the first supplement, same number, same text), and the
        context carries each procès-verbal complémentaire or de rectification.
        """
        record = self.store.hearing(hearing_id)
        now = HearingContext(self.view(hearing_id), self.store.case(record.case_id), record, self.store.profile())
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
    ) -> list[ExportedFile]:
        """Export the hearing's applicable documents (or those named), protected by ``password`` if given."""
        ctx = self.context(hearing_id)
        specs = self.documents_for(ctx, document_ids)
        folder = folder or self.export_folder(hearing_id)
        return export_documents(self.store, ctx, specs, folder, self.models, password)

    # --- answers file ----------------------------------------------------------
    def fill(self, filled: FilledHearing, folder: Path, password: str | None = None) -> tuple[int, list[ExportedFile]]:
        """Record a checked answers file as a new case and hearing, then export it."""
        if password is not None:
            check_password(password)  # before anything is recorded
        store = self.store
        if filled.investigator:
            store.save_profile(Profile(**{**store.profile().__dict__, **filled.investigator}))
        case_id = store.create_case(**filled.case)
        subject = filled.template.pv.subject
        identity = filled.answers.get(subject, {}) if subject else {}
        person_id = store.add_person(case_id, identity or {})
        hearing_id = self.start_hearing(case_id, person_id, filled.template, **filled.hearing)
        for field_id, value in filled.answers.items():
            store.set_answer(hearing_id, field_id, value)
        for line in filled.transcript:
            store.add_entry(hearing_id, line.theme, line.question, line.answer, line.at)
        for event in filled.timeline:
            store.add_event(hearing_id, event)
        return hearing_id, self.export(hearing_id, folder, password=password)


__all__ = ["TemplateInvalid", "Workspace"]
