"""The evaluation of a hearing (PEACE « évaluation »), as document blocks: a working note, never the PV.

It carries the plan into the evaluation: the plan's items ticked or not, the
question-type profile and the elements of the charges not addressed, both
computed from the hearing when the document is made (never typed), and the
investigator's notes (what was covered, follow-up actions, remarks). It is
for the investigator and the group lead: it names the person heard by her
initials only, carries no PV number and no signature box, and says on its
first line and on every page that it is not to be filed with the procedure.

Reading (``read_facts``, on the store's thread) is apart from building
(``build_evaluation``, pure): the window builds and renders off its thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import questions, timeline
from .elements import ElementCoverage
from .export.document import Document
from .french import date_long
from .questions import Classification, Said
from .store.records import EvaluationNotes, HearingPlan

if TYPE_CHECKING:
    from .store import Store

TITLE = "Évaluation de l'audition"
HEADING = f"{TITLE} — document de travail, ne pas joindre à la procédure"
NOT_A_PV = (
    "Notes de l'enquêteur et de son chef de groupe. Ce document n'est pas un procès-verbal : "
    "il ne se joint pas à la procédure. Les types de questions sont classés automatiquement, à titre d'aide ; "
    "un élément « abordé » est un point sur lequel des questions ont été posées, non une conclusion sur les faits."
)
DONE, NOT_DONE = "Fait :", "Non fait :"
REVIEWED = ("suggestive", "option")  # the questions listed one by one, with their reason
Classify = Callable[[str, Said], Classification]


@dataclass(frozen=True)
class EvaluationFacts:
    """What the evaluation is made of, read from the store at once (the window reads it, then builds elsewhere)."""

    procedure_number: str
    hearing_id: int
    person: str  # the person heard's initials: the document leaves the application's protection
    officer: str
    day: dt.date | None  # the hearing's start, when it started
    entries: tuple[tuple[int, str, str], ...]  # (entry id, question, answer), in the hearing's order
    plan: HearingPlan | None
    notes: EvaluationNotes | None
    coverage: tuple[ElementCoverage, ...] = ()


def initials(identity: dict[str, Any], display_name: str = "") -> str:
    """« A. R. » for Ana Ruiz: first names' initials, then the surname's; from the display name when no identity."""
    words = [*str(identity.get("prenoms") or "").split(), *str(identity.get("nom") or "").split()]
    if not words:
        words = display_name.split()
    return " ".join(f"{w[0].upper()}." for w in words if w[:1].isalpha())


def read_facts(store: Store, hearing_id: int, coverage: Sequence[ElementCoverage] = ()) -> EvaluationFacts:
    """The hearing's facts for its evaluation (``coverage``: the elements' state, from HearingService)."""
    record = store.hearing(hearing_id)
    person = store.person(record.person_id)
    started = timeline.started_at(store.events(hearing_id))
    return EvaluationFacts(
        procedure_number=store.case(record.case_id).procedure_number,
        hearing_id=hearing_id,
        person=initials(person.identity, person.display_name),
        officer=store.hearing_officer(hearing_id).display,
        day=started.date() if started else None,
        entries=tuple((e.id, e.question, e.answer) for e in store.entries(hearing_id)),
        plan=store.plan(hearing_id),
        notes=store.evaluation(hearing_id),
        coverage=tuple(coverage),
    )


def build_evaluation(facts: EvaluationFacts, classify: Classify = questions.classify) -> Document:
    """The evaluation's blocks. Pure: the question profile is computed here, from the entries."""
    doc = Document(id="evaluation", title=TITLE)
    doc.footer = f"Procédure n° {facts.procedure_number} — {HEADING}"
    doc.add("title", HEADING)
    doc.add("mention", NOT_A_PV)
    doc.add("reference", facts.procedure_number, "Procédure n° :")
    doc.add("reference", date_long(facts.day) if facts.day else "non commencée", "Audition du :")
    doc.add("reference", facts.person or "(non renseignée)", "Personne entendue :")
    if facts.officer:
        doc.add("reference", facts.officer, "Enquêteur :")
    numbers = {entry_id: n for n, (entry_id, _q, _a) in enumerate(facts.entries, start=1)}
    _plan(doc, facts.plan, facts.coverage)
    _profile(doc, facts.entries, numbers, classify)
    _elements(doc, facts.coverage, numbers)
    _notes(doc, facts.notes)
    return doc


def _plan(doc: Document, plan: HearingPlan | None, coverage: Sequence[ElementCoverage]) -> None:
    doc.add("heading", "Plan d'audition")
    if plan is None or plan.empty:
        doc.add("body", "Aucun plan n'a été écrit pour cette audition.")
        return
    labels = {c.element.key: c.element.label for c in coverage}
    items = plan.items()
    for kind, title in (("objectives", "Objectifs"), ("elements", "Éléments à aborder"), ("breaks", "Pauses prévues")):
        listed = [i for i in items if i.kind == kind]
        if listed:
            doc.add("body", "", f"{title} :")
            for item in listed:
                doc.add("identity", labels.get(item.text, item.text), DONE if item.done else NOT_DONE)
    for name, title in (
        ("known_facts", "Faits connus à ne pas suggérer"),
        ("welfare", "Besoins de la personne"),
        ("special_measures", "Mesures particulières"),
    ):
        values: tuple[str, ...] = getattr(plan, name)
        if values:
            doc.add("body", "", f"{title} :")
            for line in values:
                doc.add("identity", f"– {line}")
    interpreter = ", ".join(p for p in (plan.interpreter_language, plan.interpreter_name) if p)
    if interpreter:
        doc.add("body", interpreter, "Interprète :")


def _profile(
    doc: Document, entries: Sequence[tuple[int, str, str]], numbers: dict[int, int], classify: Classify
) -> None:
    profile = questions.profile_of(entries, classify)
    doc.add("heading", "Types de questions")
    if not profile.total:
        doc.add("body", "Aucune question n'a été posée.")
        return
    plural = "s" if profile.total > 1 else ""
    doc.add("body", f"{profile.total} question{plural} classée{plural}.")
    counts = profile.counts
    for category in questions.CATEGORIES:
        label = questions.LABELS[category]
        share = percent(profile.proportion(category))
        doc.add("identity", f"{counts[category]} ({share})", f"{label[0].upper()}{label[1:]} :")
    flagged = [(entry_id, found) for entry_id, found in profile.entries if found.category in REVIEWED]
    if flagged:
        doc.add("body", "", "Questions à revoir (suggestives, fermées ou à choix) :")
        asked = {entry_id: question for entry_id, question, _a in entries}
        for entry_id, found in flagged:
            reason = f" — {found.reason}" if found.reason else ""
            doc.add(
                "identity",
                f"« {asked[entry_id].strip()} »{reason}",
                f"n° {numbers[entry_id]} ({questions.LABELS[found.category]}) :",
            )


def _elements(doc: Document, coverage: Sequence[ElementCoverage], numbers: dict[int, int]) -> None:
    doc.add("heading", "Éléments des infractions")
    if not coverage:
        doc.add("body", "Aucun élément d'infraction n'est suivi pour cette audition.")
        return
    # (which, heading, the participle agreed with it): elements, then the aggravating circumstances apart.
    for circumstances, title, agreed in ((False, "Éléments", "abordé"), (True, "Circonstances aggravantes", "abordée")):
        chosen = [c for c in coverage if c.element.circumstance == circumstances]
        still_open = [c for c in chosen if not c.addressed]
        addressed = [c for c in chosen if c.addressed]
        if still_open:
            doc.add("body", "", f"{title} non {agreed}s ({len(still_open)}) :")
        for c in still_open:
            doc.add("identity", _named(c), f"Non {agreed} :")
        if addressed:
            doc.add("body", "", f"{title} {agreed}s ({len(addressed)}) :")
        for c in addressed:
            asked = [numbers[e] for e in c.entries if e in numbers]
            where = f" ({counted_questions(asked)})" if asked else ""
            doc.add("identity", _named(c) + where, f"{agreed.capitalize()} :")


def _named(c: ElementCoverage) -> str:
    """The element with its article: two charges may have elements of the same name (« Victime mineure »)."""
    article = c.element.charge.split("-", 1)[1] if "-" in c.element.charge else c.element.charge
    return f"art. {article} — {c.element.label}"


def counted_questions(numbers: Sequence[int]) -> str:
    """« question n° 3 », « questions n° 2, n° 5 »."""
    listed = ", ".join(f"n° {n}" for n in numbers)
    return f"question {listed}" if len(numbers) == 1 else f"questions {listed}"


def _notes(doc: Document, notes: EvaluationNotes | None) -> None:
    doc.add("heading", "Ce que l'audition a couvert")
    doc.add("body", notes.covered if notes and notes.covered else "(non renseigné)")
    doc.add("heading", "Suites à donner")
    if notes and notes.follow_up:
        for line in notes.follow_up:
            doc.add("identity", f"– {line}")
    else:
        doc.add("body", "(aucune)")
    doc.add("heading", "Observations de l'enquêteur")
    doc.add("body", notes.remarks if notes and notes.remarks else "(aucune)")


def percent(share: float) -> str:
    """A proportion as French writes it: « 40 % », « 12,5 % »."""
    value = round(share * 100, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"
