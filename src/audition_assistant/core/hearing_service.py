"""One open hearing's jobs: every change that writes more than one thing is one transaction.

The store is the repository (a row in, a row out); this service owns what a
change of the hearing means beyond its own row: the person heard follows the
answer that holds her identity (``record_answer``, the one place that keeps
them in step), the answers that default from another follow it, and a
question and answer added empty the draft kept while they were typed. Each job
runs in one ``Store.transaction()``: committed whole, or (a full disk, a
refusal) rolled back whole, so a retry starts from what the base holds.

The window wraps this service in ``ui.hearing_session`` (signals, the retry of
what a full disk kept); the service itself knows nothing of Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import defaults
from . import elements as charge_elements
from .elements import ElementCoverage
from .engine import HearingView
from .evaluation import EvaluationFacts, build_evaluation, read_facts
from .export.evaluation import render_evaluation, write_evaluation
from .export.exporter import ExportedFile
from .store import HearingRecord, Person, Profile, StoreError, StoreFull, StoreLocked, Supplement
from .store.records import ElementTag, EvaluationNotes, HearingPlan
from .templates.model import Template
from .timeline import TimelineEvent

if TYPE_CHECKING:
    from .store import Store
    from .workspace import Workspace


def record_answer(store: Store, template: Template, hearing_id: int, person_id: int, field_id: str, value: Any) -> None:
    """Save one answer; when it is the person heard's identity (the PV's subject), her record follows.

    The one place where the person and the subject field are kept in step: a
    new hearing, an answers file and typing all come here. One transaction
    (a savepoint inside the caller's): both are written, or neither.
    """
    with store.transaction():
        store.set_answer(hearing_id, field_id, value)
        if field_id == template.pv.subject and isinstance(value, dict) and store.person(person_id).identity != value:
            store.update_person(person_id, value, hearing_id=hearing_id)


def subject_identity(template: Template, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The identity the answers give the person heard (their subject answer; empty when none)."""
    value = answers.get(template.pv.subject) if template.pv.subject else None
    return dict(value) if isinstance(value, dict) else {}


def subject_from_person(store: Store, template: Template, hearing_id: int, person_id: int) -> None:
    """A new hearing's subject answer starts as what is known of the person heard (nothing when nothing is)."""
    subject = template.pv.subject
    identity = store.person(person_id).identity
    if subject and identity:
        record_answer(store, template, hearing_id, person_id, subject, identity)


class HearingService:
    """One hearing, as its screen reads and changes it (``view``: the engine's view of it, kept current)."""

    def __init__(self, workspace: Workspace, hearing_id: int):
        self.workspace = workspace
        self.store = workspace.store
        self.hearing_id = hearing_id
        self.template: Template = workspace.template_of(hearing_id)
        record = self.store.hearing(hearing_id)
        self.person_id = record.person_id  # never changes
        # Where the screen was left (nothing recorded: the first section), so that opening writes nothing.
        self._section = record.current_section or (self.template.sections[0].id if self.template.sections else "")
        self.view: HearingView = workspace.view(hearing_id, template=self.template)

    # --- reading -------------------------------------------------------------
    def refresh(self) -> HearingView:
        """Read the hearing again (after an unlock, a change made elsewhere)."""
        self.view = self.workspace.view(self.hearing_id, template=self.template)
        return self.view

    def forget(self) -> None:
        """Drop the answers and words read from the base (the session is locked); ``refresh`` reads them again."""
        self.view = HearingView(self.template, today=self.view.today)

    @property
    def record(self) -> HearingRecord:
        return self.store.hearing(self.hearing_id)

    @property
    def status(self) -> str:
        return self.store.hearing_status(self.hearing_id)

    def person(self) -> Person:
        return self.store.person(self.person_id)

    def profile(self) -> Profile:
        """The officer who conducts the hearing (what its PV names), not necessarily the account acting now."""
        return self.store.hearing_officer(self.hearing_id)

    def now(self) -> dt.datetime:
        return self.store.now()

    @property
    def supplement(self) -> Supplement | None:
        """The procès-verbal complémentaire or de rectification being written, if any."""
        return self.store.open_supplement(self.hearing_id)

    def signed_entry_ids(self) -> set[int]:
        """Entries of the signed PV, while a supplement is open: they keep their place."""
        current = self.supplement
        return {int(e["id"]) for e in current.base.get("entries", [])} if current else set()

    # --- answers ---------------------------------------------------------------
    def save_answer(self, field_id: str, value: Any, before: Any) -> list[str]:
        """Save an answer changed from ``before``, the person heard and the answers it fills: one transaction.

        Returns the ids of the answers filled from it (``default_from``). A
        filled answer the store refuses (one of the signed PV, while a
        procès-verbal complémentaire is open) keeps its value; a full disk
        or a lock rolls the whole job back (StoreFull, StoreLocked).
        """
        answers = {**self.view.answers, field_id: value}
        fills = defaults.fills(self.template, answers, field_id, before)
        filled: dict[str, Any] = {}
        with self.store.transaction():
            record_answer(self.store, self.template, self.hearing_id, self.person_id, field_id, value)
            for target, default in fills.items():
                try:
                    with self.store.transaction():
                        self.store.set_answer(self.hearing_id, target, default)
                except (StoreFull, StoreLocked):
                    raise
                except StoreError:
                    continue
                filled[target] = default
        self.view.answers[field_id] = value
        self.view.answers.update(filled)
        return list(filled)

    # --- the draft (the one place that reads and writes it) --------------------
    def draft(self) -> tuple[str, str]:
        """The question and answer being typed, as last saved."""
        return self.store.draft(self.hearing_id)

    def save_draft(self, question: str, answer: str) -> None:
        """Keep what is being typed, so a crash loses none of it: one commit, none when unchanged, never audited."""
        self.store.save_draft(self.hearing_id, question, answer)

    # --- transcript ------------------------------------------------------------
    def add_entry(self, theme: str | None, question: str, answer: str) -> int:
        """Add a question and answer and empty the draft that held them: one transaction."""
        with self.store.transaction():
            entry_id = self.store.add_entry(self.hearing_id, theme, question, answer)
            self.store.save_draft(self.hearing_id, "", "")
        self._reread_transcript()
        return entry_id

    def restore_entry(self, theme: str | None, question: str, answer: str, at: dt.datetime, index: int) -> int:
        """Put an entry back at its place and time (undo of a deletion, redo of an addition)."""
        entry_id = self.store.restore_entry(self.hearing_id, theme, question, answer, at, index)
        self._reread_transcript()
        return entry_id

    def update_entry(self, entry_id: int, question: str, answer: str) -> None:
        self.store.update_entry(entry_id, question=question, answer=answer)
        self._reread_transcript()

    def delete_entry(self, entry_id: int) -> None:
        self.store.delete_entry(entry_id)
        self._reread_transcript()

    def move_entry(self, entry_id: int, index: int) -> None:
        self.store.move_entry(entry_id, index)
        self._reread_transcript()

    def _reread_transcript(self) -> None:
        self.view.transcript = self.store.entries(self.hearing_id)

    # --- timeline and status -----------------------------------------------------
    def record_event(self, kind: str, reason: str = "", detail: str = "") -> None:
        """Start, suspend, resume or end the hearing now (TimelineError when that step cannot come now)."""
        self.store.add_event(self.hearing_id, TimelineEvent(kind, self.store.now(), reason, detail))
        self.view.timeline = self.store.events(self.hearing_id)

    def reopen_for_correction(self, kind: str, pv_number: str, reason: str) -> int:
        return self.workspace.reopen_for_correction(self.hearing_id, kind, pv_number, reason)

    def finish_correction(self) -> None:
        self.store.finish_correction(self.hearing_id)

    @property
    def current_section(self) -> str:
        """Where the investigator left the hearing: the page it opens on."""
        return self._section

    def set_current_section(self, section_id: str) -> None:
        """Where the investigator is, restored when the hearing is reopened (written only when it moves)."""
        if section_id != self._section:
            self.store.update_hearing(self.hearing_id, current_section=section_id)
            self._section = section_id

    # --- elements covered: the investigator's notes, never the PV ----------------------
    def charges(self) -> tuple[str, ...]:
        """The charges whose elements the hearing shows: named by the case's « Qualification », else the template's."""
        qualification = self.store.case(self._case_id).qualification or ""
        return charge_elements.charges_for(qualification, self.template, self.workspace.references)

    @cached_property
    def _case_id(self) -> int:
        """The hearing's case (it never changes): read once, not with the hearing's template at each refresh."""
        return self.record.case_id

    def elements(self) -> list[charge_elements.Element]:
        """The elements of the hearing's charges, charge by charge, in the references table's order."""
        table = self.workspace.references
        return [e for key in self.charges() for e in table[key].elements]

    def element_tags(self) -> list[ElementTag]:
        return self.store.element_tags(self.hearing_id)

    def element_coverage(self) -> list[charge_elements.ElementCoverage]:
        """Each element of the hearing's charges, abordé (with its entries, in the hearing's order) or non abordé."""
        order = [e.id for e in self.view.ordered_transcript()]
        return charge_elements.coverage(self.elements(), self.element_tags(), order)

    def ticked_indicators(self) -> set[str]:
        """The checklist items ticked in the hearing's answers (what suggests an element)."""
        ticked: set[str] = set()
        for f in self.template.field_index().values():
            value = self.view.answers.get(f.id)
            if f.type == "checklist" and isinstance(value, list):
                ticked.update(str(item) for item in value)
        return ticked

    def suggested_elements(self, theme_id: str | None) -> list[str]:
        """The keys of the elements the theme and the ticked indicators point to: a suggestion only."""
        return charge_elements.suggest(theme_id, self.ticked_indicators(), self.elements())

    def tag_element(self, element_key: str, *, entry_id: int | None = None, field_id: str | None = None) -> int:
        if element_key not in charge_elements.element_index(self.workspace.references):
            raise StoreError(f"Élément « {element_key} » inconnu de la table des références.")
        return self.store.tag_element(self.hearing_id, element_key, entry_id=entry_id, field_id=field_id)

    def untag_element(self, tag_id: int) -> None:
        self.store.untag_element(tag_id)

    def add_tagged_entry(self, theme: str | None, question: str, answer: str, element_keys: list[str]) -> int:
        """Add a question and answer with the elements chosen while it was typed: one transaction, or nothing."""
        try:
            with self.store.transaction():
                entry_id = self.add_entry(theme, question, answer)
                for key in element_keys:
                    self.tag_element(key, entry_id=entry_id)
        except BaseException:
            self._reread_transcript()  # the entry read back inside the transaction is gone with it
            raise
        return entry_id

    # --- the hearing plan and its evaluation: the investigator's notes, never the PV ---------------
    def plan(self) -> HearingPlan | None:
        return self.store.plan(self.hearing_id)

    def save_plan(self, plan: HearingPlan) -> HearingPlan:
        """Record the plan (before, during or after the hearing); the ticks of the items kept stay."""
        return self.store.save_plan(self.hearing_id, plan)

    def check_plan_item(self, item: str, done: bool) -> None:
        self.store.check_plan_item(self.hearing_id, item, done)

    def evaluation(self) -> EvaluationNotes | None:
        return self.store.evaluation(self.hearing_id)

    def save_evaluation(self, notes: EvaluationNotes) -> EvaluationNotes:
        """Record the evaluation notes (a closed hearing takes them: they are not the PV)."""
        return self.store.save_evaluation(self.hearing_id, notes)

    def evaluation_coverage(self) -> list[ElementCoverage]:
        """The elements' state the evaluation reports, as the panel shows it now."""
        return self.element_coverage()

    def evaluation_facts(self, coverage: Sequence[ElementCoverage] | None = None) -> EvaluationFacts:
        """What the evaluation document is built from, read now (the building itself may run elsewhere)."""
        chosen = self.evaluation_coverage() if coverage is None else coverage
        return read_facts(self.store, self.hearing_id, chosen)

    def evaluation_folder(self) -> Path:
        """Where the evaluation is written by default: the case's export folder, as its other documents."""
        return self.workspace.export_folder(self.hearing_id)

    def export_evaluation(
        self, formats: Sequence[str], folder: Path | None = None, coverage: Sequence[ElementCoverage] | None = None
    ) -> list[ExportedFile]:
        """Build, render, write and record the evaluation document in ``formats`` (one transaction for the records)."""
        facts = self.evaluation_facts(coverage)
        built = render_evaluation(build_evaluation(facts), facts.procedure_number, formats)
        return write_evaluation(self.store, self.hearing_id, built, folder or self.evaluation_folder())
