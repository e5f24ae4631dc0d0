"""One open hearing, as the widgets see it: a Qt wrapper over the core's HearingService.

Widgets never call the store themselves: they ask this object, which has the
service save at once (each job one transaction) and says so (``saved``), or
says in French why it could not (``failed``). The engine's view is the
service's, updated after each change, so visibility, progress and missing
fields are always those of the core.

A full disk takes nothing typed: the answer or draft is kept here (``unsaved``),
said once (``disk_full``), and written as soon as room returns, on a timer and
before each later save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.engine import HearingView
from ..core.errors import UserError
from ..core.hearing_service import HearingService
from ..core.store import HearingRecord, StoreError, StoreFull, StoreLocked, Supplement
from ..core.store.records import HANDED_OVER
from ..core.templates.fieldtypes import ValueProblem, coerce
from ..core.templates.model import Field, Template
from ..core.timeline import RUNNING, SUSPENDED
from ..core.workspace import Workspace
from . import address_book

if TYPE_CHECKING:
    from ..core.store import Store

DRAFT = "_brouillon"  # the key of the kept draft (question and answer together)
RETRY_MS = 3000  # a full disk is tried again this often

NBSP = "\u00a0"
FULL_ANSWER = (
    "Disque plein{s}: la réponse « {label} » n'a pas pu être enregistrée. Libérez de la place sur le disque{s}: "
    "elle le sera dès que possible. D'ici là, elle reste à l'écran{s}; ne fermez pas l'application."
)
FULL_ENTRY = (
    "Disque plein{s}: la question et la réponse n'ont pas pu être ajoutées. Elles restent dans les cases{s}; "
    "libérez de la place sur le disque, puis ajoutez-les à nouveau (Ctrl+Entrée)."
)
FULL_DRAFT = (
    "Disque plein{s}: la question et la réponse en cours de saisie n'ont pas pu être enregistrées. "
    "Libérez de la place sur le disque{s}: elles le seront dès que possible. D'ici là, elles restent "
    "dans les cases{s}; ne fermez pas l'application."
)


@dataclass
class Unsaved:
    """What a full disk kept from being written: the value shown, the write to try again, and how it is named."""

    what: str  # French: « la réponse « Lieu de l'audition » »
    message: str  # French: the full-disk message naming it
    value: Any
    write: Callable[[], None]
    stored: Any = None  # for an answer: the value the base holds, which the answers it filled followed


class HearingSession(QObject):
    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # a French message
    changed = Signal()  # answers, transcript or timeline changed: re-read the view
    transcript_changed = Signal()
    timeline_changed = Signal()
    answers_filled = Signal(list)  # ids of the fields another answer pre-filled (default_from)
    unsaved_changed = Signal()  # what a full disk keeps unsaved has changed (see ``unsaved``)
    disk_full = Signal(str)  # a French message naming what could not be saved

    def __init__(self, workspace: Workspace, hearing_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.hearing_id = hearing_id
        self.service = HearingService(workspace, hearing_id)
        self.template: Template = self.service.template
        # Who signed the template the hearing follows (« signé par … », « non signé »): shown beside its name.
        self.signature = workspace.hearing_signature_label(hearing_id, self.template)
        self.person_id = self.service.person_id
        address_book.install(workspace.store)  # the identity editors pick interpreters and attendants from it
        self._unsaved: dict[str, Unsaved] = {}  # by field id (or DRAFT), oldest first
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)

    # --- reading -------------------------------------------------------------
    @property
    def view(self) -> HearingView:
        return self.service.view

    @property
    def store(self) -> Store:
        """The store, for what writes beside the hearing's jobs (an export records its files)."""
        return self.workspace.store

    @property
    def record(self) -> HearingRecord:
        return self.service.record

    @property
    def status(self) -> str:
        return self.service.status

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    @property
    def handed_over(self) -> bool:
        """Its case was handed over to another laptop by an archive: read here, never written."""
        return self.store.case(self.record.case_id).status == HANDED_OVER

    def person_name(self) -> str:
        return self.service.person().display_name

    def refresh(self) -> None:
        view = self.service.refresh()
        for field_id, kept in self._unsaved.items():  # what is shown is what was typed
            if field_id != DRAFT:
                view.answers[field_id] = kept.value
        self.changed.emit()

    def forget(self) -> None:
        """Drop the answers and words read from the base (the session is locked); ``refresh`` reads them again."""
        self.service.forget()

    def is_suspended(self) -> bool:
        """Whether the hearing is suspended now (the recording of a minor's hearing is stopped)."""
        return self.view.state == SUSPENDED

    def is_running(self) -> bool:
        """Whether someone is being heard now: started, not suspended, not closed."""
        return self.view.state == RUNNING

    def draft(self) -> tuple[str, str]:
        kept = self._unsaved.get(DRAFT)
        if kept is not None:
            typed: tuple[str, str] = kept.value
            return typed
        return self.service.draft()

    # --- what a full disk kept -----------------------------------------------
    def unsaved(self) -> list[str]:
        """The field ids (and DRAFT) typed but not yet saved, the disk being full."""
        return list(self._unsaved)

    def unsaved_names(self) -> list[str]:
        """What is not saved, in French (« la réponse « Lieu de l'audition » »), for a warning."""
        return [kept.what for kept in self._unsaved.values()]

    def retry(self) -> bool:
        """Write what a full disk kept; True when nothing is left unsaved."""
        self._write_kept(None, list(self._unsaved))
        return not self._unsaved

    def drop_unsaved(self) -> None:
        """Give up what a full disk kept (the user chose to close without it)."""
        self._retry.stop()
        if self._unsaved:
            self._unsaved.clear()
            self.unsaved_changed.emit()

    def _save(self, key: str, kept: Unsaved) -> str | None:
        """Save now, after what already waits for room; on a full disk, keep it.

        Returns the store's refusal of this very write (French), else None: saved, or kept.
        """
        before = list(self._unsaved)
        self._unsaved.pop(key, None)
        self._unsaved[key] = kept
        return self._write_kept(key, before)

    def _write_kept(self, key: str | None, before: list[str]) -> str | None:
        """Write the kept values in order; the first full-disk refusal stops (the rest would fail alike)."""
        refusal = None
        for name, kept in list(self._unsaved.items()):
            try:
                kept.write()
            except StoreLocked:
                break  # kept until the passphrase is given again
            except StoreFull:
                if not self._retry.isActive():
                    self._retry.start()
                if key is not None and key not in before and key in self._unsaved:
                    self.disk_full.emit(self._unsaved[key].message)  # said once, when first kept
                break
            except StoreError as error:  # refused for another reason than room: said, not kept
                del self._unsaved[name]
                if name == key:
                    refusal = str(error)
                else:
                    self.failed.emit(str(error))
                continue
            del self._unsaved[name]
        if not self._unsaved:
            self._retry.stop()
            if before:
                self._done()  # what was kept is written at last
        if list(self._unsaved) != before:
            self.unsaved_changed.emit()
        return refusal

    # --- writing -------------------------------------------------------------
    def _done(self) -> None:
        self.saved.emit(self.service.now())

    def set_answer(self, f: Field, value: Any) -> str | None:
        """Check and save one answer; returns the French problem, or None when saved (or kept: disk full)."""
        try:
            clean = coerce(f, value)
        except ValueProblem as problem:
            return str(problem)
        before = self.view.answers.get(f.id)
        if clean == before:
            return None
        kept_earlier = self._unsaved.get(f.id)
        # What the base holds: the answers it filled followed that value, not one a full disk kept.
        stored = kept_earlier.stored if kept_earlier is not None else before
        kept = Unsaved(
            f"la réponse « {f.label} »",
            FULL_ANSWER.format(label=f.label, s=NBSP),
            clean,
            lambda: self._write_answer(f.id, clean, stored),
            stored,
        )
        refusal = self._save(f.id, kept)
        if refusal is not None:
            self.failed.emit(refusal)
            return refusal
        self.view.answers[f.id] = clean  # typed, saved or kept: what the view shows
        if f.id not in self._unsaved:
            self._done()
        self.changed.emit()
        return None

    def _write_answer(self, field_id: str, clean: Any, stored: Any) -> None:
        filled = self.service.save_answer(field_id, clean, stored)
        if filled:
            self.answers_filled.emit(filled)

    def save_draft(self, question: str, answer: str) -> None:
        what = "la question et la réponse en cours de saisie"
        write = lambda: self.service.save_draft(question, answer)  # noqa: E731
        refusal = self._save(DRAFT, Unsaved(what, FULL_DRAFT.format(s=NBSP), (question, answer), write))
        if refusal is not None:
            self.failed.emit(refusal)
        elif DRAFT not in self._unsaved:
            self._done()

    def add_entry(
        self, theme: str | None, question: str, answer: str, element_keys: list[str] | None = None
    ) -> int | None:
        """Add a question and answer; the draft that held them, and the elements it is tagged with, in one commit."""
        try:
            if element_keys:
                entry_id = self.service.add_tagged_entry(theme, question, answer, element_keys)
            else:
                entry_id = self.service.add_entry(theme, question, answer)
        except StoreFull:
            self.failed.emit(FULL_ENTRY.format(s=NBSP))
            return None
        except StoreError as error:
            self.failed.emit(str(error))
            return None
        if self._unsaved.pop(DRAFT, None) is not None:  # the entry holds it now: a kept draft must not come back
            self.unsaved_changed.emit()
        self._transcript_done()
        return entry_id

    def restore_entry(self, theme: str | None, question: str, answer: str, at: dt.datetime, index: int) -> int | None:
        """Put an entry back at its place and time (undo of a deletion, redo of an addition)."""
        try:
            entry_id = self.service.restore_entry(theme, question, answer, at, index)
        except StoreError as error:
            self.failed.emit(str(error))
            return None
        self._transcript_done()
        return entry_id

    def update_entry(self, entry_id: int, question: str, answer: str) -> bool:
        return self._guard(lambda: self.service.update_entry(entry_id, question, answer))

    def delete_entry(self, entry_id: int) -> bool:
        return self._guard(lambda: self.service.delete_entry(entry_id))

    def move_entry(self, entry_id: int, index: int) -> bool:
        return self._guard(lambda: self.service.move_entry(entry_id, index))

    def _guard(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        self._transcript_done()
        return True

    def _transcript_done(self) -> None:
        self._done()
        self.transcript_changed.emit()

    def record_event(self, kind: str, reason: str = "", detail: str = "") -> bool:
        try:
            self.service.record_event(kind, reason, detail)
        except UserError as error:
            self.failed.emit(str(error))
            return False
        self._done()
        self.timeline_changed.emit()
        self.changed.emit()
        return True

    @property
    def supplement(self) -> Supplement | None:
        """The procès-verbal complémentaire or de rectification being written, if any."""
        return self.service.supplement

    def signed_entry_ids(self) -> set[int]:
        """Entries of the signed PV, while a supplement is open: they keep their place."""
        return self.service.signed_entry_ids()

    def reopen_for_correction(self, kind: str, pv_number: str, reason: str) -> bool:
        """Reopen the closed hearing for a new PV with its own number (the signed one never changes)."""
        return self._status_change(lambda: self.service.reopen_for_correction(kind, pv_number, reason))

    def finish_correction(self) -> bool:
        return self._status_change(self.service.finish_correction)

    def _status_change(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        self._done()
        self.timeline_changed.emit()
        return True

    def set_current_section(self, section_id: str) -> None:
        # Where the investigator is: restored when the hearing is reopened (a convenience a full disk may skip).
        try:
            self.service.set_current_section(section_id)
        except StoreError:
            return

    def now(self) -> dt.datetime:
        return self.service.now()


__all__ = ["DRAFT", "HearingSession"]
