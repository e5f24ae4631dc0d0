"""One open hearing, as the widgets see it.

Widgets never call the store themselves: they ask this object, which saves
through the workspace at once and says so (``saved``), or says in French why
it could not (``failed``). The engine's view is rebuilt after each change so
visibility, progress and missing fields are always those of the core.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core import defaults
from ..core.engine import HearingView
from ..core.store import StoreError, Supplement
from ..core.templates.fieldtypes import ValueProblem, coerce
from ..core.templates.model import Field, Template
from ..core.timeline import RUNNING, SUSPENDED, TimelineError, TimelineEvent
from ..core.workspace import Workspace
from . import address_book

# Answers under these keys are not template fields: they keep the question and
# answer being typed in the transcript editor, so a crash loses none of it.
DRAFT_QUESTION = "_brouillon_question"
DRAFT_ANSWER = "_brouillon_reponse"


class HearingSession(QObject):
    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # a French message
    changed = Signal()  # answers, transcript or timeline changed: re-read the view
    transcript_changed = Signal()
    timeline_changed = Signal()
    answers_filled = Signal(list)  # ids of the fields another answer pre-filled (default_from)

    def __init__(self, workspace: Workspace, hearing_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.hearing_id = hearing_id
        self.template: Template = workspace.template_of(hearing_id)
        self.person_id = workspace.store.hearing(hearing_id).person_id  # never changes
        self._view = workspace.view(hearing_id)
        address_book.install(workspace.store)  # the identity editors pick interpreters and attendants from it

    # --- reading -------------------------------------------------------------
    @property
    def view(self) -> HearingView:
        return self._view

    @property
    def store(self):
        return self.workspace.store

    @property
    def record(self):
        return self.store.hearing(self.hearing_id)

    @property
    def status(self) -> str:
        return self.store.hearing_status(self.hearing_id)

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    def refresh(self) -> None:
        self._view = self.workspace.view(self.hearing_id)
        self.changed.emit()

    def is_suspended(self) -> bool:
        """Whether the hearing is suspended now (the recording of a minor's hearing is stopped)."""
        return self._view.state == SUSPENDED

    def is_running(self) -> bool:
        """Whether someone is being heard now: started, not suspended, not closed."""
        return self._view.state == RUNNING

    def draft(self) -> tuple[str, str]:
        answers = self.store.answers(self.hearing_id)
        return answers.get(DRAFT_QUESTION) or "", answers.get(DRAFT_ANSWER) or ""

    # --- writing -------------------------------------------------------------
    def _done(self) -> None:
        self.saved.emit(self.store.now())

    def set_answer(self, f: Field, value: Any) -> str | None:
        """Check and save one answer; returns the French problem, or None when saved."""
        try:
            clean = coerce(f, value)
        except ValueProblem as problem:
            return str(problem)
        before = self._view.answers.get(f.id)
        if clean == before:
            return None
        try:
            self.store.set_answer(self.hearing_id, f.id, clean)
        except StoreError as error:
            self.failed.emit(str(error))
            return str(error)
        self._view.answers[f.id] = clean
        self._fill_defaults(f.id, before)
        if f.id == self.template.pv.subject and isinstance(clean, dict):
            self.store.update_person(self.person_id, clean, hearing_id=self.hearing_id)
        self._done()
        self.changed.emit()
        return None

    def _fill_defaults(self, field_id: str, before: Any) -> None:
        """Fill the answers that follow this one (default_from); one the store refuses keeps its value."""
        filled = []
        for target, value in defaults.fills(self.template, self._view.answers, field_id, before).items():
            try:
                self.store.set_answer(self.hearing_id, target, value)
            except StoreError:
                continue  # e.g. an answer of the signed PV, while a procès-verbal complémentaire is open
            self._view.answers[target] = value
            filled.append(target)
        if filled:
            self.answers_filled.emit(filled)

    def save_draft(self, question: str, answer: str) -> None:
        try:
            self.store.set_answer(self.hearing_id, DRAFT_QUESTION, question or None)
            self.store.set_answer(self.hearing_id, DRAFT_ANSWER, answer or None)
        except StoreError as error:
            self.failed.emit(str(error))
            return
        self._done()

    def add_entry(self, theme: str | None, question: str, answer: str) -> int | None:
        try:
            entry_id = self.store.add_entry(self.hearing_id, theme, question, answer)
            self.store.set_answer(self.hearing_id, DRAFT_QUESTION, None)
            self.store.set_answer(self.hearing_id, DRAFT_ANSWER, None)
        except StoreError as error:
            self.failed.emit(str(error))
            return None
        self._transcript_done()
        return entry_id

    def restore_entry(self, theme: str | None, question: str, answer: str, at: dt.datetime, index: int) -> int | None:
        """Put an entry back at its place and time (undo of a deletion, redo of an addition)."""
        try:
            entry_id = self.store.restore_entry(self.hearing_id, theme, question, answer, at, index)
        except StoreError as error:
            self.failed.emit(str(error))
            return None
        self._transcript_done()
        return entry_id

    def update_entry(self, entry_id: int, question: str, answer: str) -> bool:
        return self._guard(lambda: self.store.update_entry(entry_id, question=question, answer=answer))

    def delete_entry(self, entry_id: int) -> bool:
        return self._guard(lambda: self.store.delete_entry(entry_id))

    def move_entry(self, entry_id: int, index: int) -> bool:
        return self._guard(lambda: self.store.move_entry(entry_id, index))

    def _guard(self, action: Any) -> bool:
        try:
            action()
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        self._transcript_done()
        return True

    def _transcript_done(self) -> None:
        self._view.transcript = self.store.entries(self.hearing_id)
        self._done()
        self.transcript_changed.emit()

    def record_event(self, kind: str, reason: str = "", detail: str = "") -> bool:
        event = TimelineEvent(kind, self.store.now(), reason, detail)
        try:
            self.store.add_event(self.hearing_id, event)
        except (TimelineError, StoreError) as error:
            self.failed.emit(str(error))
            return False
        self._view.timeline = self.store.events(self.hearing_id)
        self._done()
        self.timeline_changed.emit()
        self.changed.emit()
        return True

    @property
    def supplement(self) -> Supplement | None:
        """The procès-verbal complémentaire or de rectification being written, if any."""
        return self.store.open_supplement(self.hearing_id)

    def signed_entry_ids(self) -> set[int]:
        """Entries of the signed PV, while a supplement is open: they keep their place."""
        current = self.supplement
        return {int(e["id"]) for e in current.base.get("entries", [])} if current else set()

    def reopen_for_correction(self, kind: str, pv_number: str, reason: str) -> bool:
        """Reopen the closed hearing for a new PV with its own number (the signed one never changes)."""
        return self._status_change(
            lambda: self.workspace.reopen_for_correction(self.hearing_id, kind, pv_number, reason)
        )

    def finish_correction(self) -> bool:
        return self._status_change(lambda: self.store.finish_correction(self.hearing_id))

    def _status_change(self, action: Any) -> bool:
        try:
            action()
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        self._done()
        self.timeline_changed.emit()
        return True

    def set_current_section(self, section_id: str) -> None:
        # Where the investigator is: restored when the hearing is reopened.
        self.store.update_hearing(self.hearing_id, current_section=section_id)

    def now(self) -> dt.datetime:
        return self.store.now()
