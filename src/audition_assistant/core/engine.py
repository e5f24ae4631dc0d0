"""The hearing engine: what a template and the answers so far mean.

The GUI and the exporter both read a :class:`HearingView`: which sections
and fields are visible, what is still missing, progress, derived values,
the transcript and the timeline. No widget re-implements any of this.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import timeline
from .nationalities import is_third_country
from .templates import conditions
from .templates.fieldtypes import IDENTITY_REQUIRED_PARTS, display, is_empty
from .templates.model import WEIGHTS, Advice, DocumentSpec, Field, Section, Template, Theme
from .timeline import TimelineEvent

FREE_THEME_LABEL = "Questions libres"
_FRENCH = {"francaise", "francais", "france", "fr", "fra"}


@dataclass(frozen=True)
class TranscriptEntry:
    id: int
    position: int
    theme: str | None
    question: str
    answer: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Missing:
    section_id: str
    section_title: str
    field_id: str
    label: str
    message: str


@dataclass(frozen=True)
class Progress:
    filled: int
    total: int
    missing: int

    @property
    def ratio(self) -> float:
        return 1.0 if self.total == 0 else self.filled / self.total


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_french(nationality: str) -> bool:
    return _fold(nationality) in _FRENCH


def age_at(birth: str, on: dt.date) -> int | None:
    try:
        born = dt.date.fromisoformat(birth)
    except (TypeError, ValueError):
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class HearingView:
    """A template with the answers, transcript and timeline of one hearing."""

    template: Template
    answers: dict[str, Any] = field(default_factory=dict)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)

    # --- values --------------------------------------------------------------
    @property
    def hearing_date(self) -> dt.date:
        start = timeline.started_at(self.timeline)
        return start.date() if start else self.today

    def raw(self, ref: str) -> Any:
        head, _, part = ref.partition(".")
        value = self.answers.get(head)
        if part:
            return value.get(part) if isinstance(value, dict) else None
        return value

    def derived(self) -> dict[str, Any]:
        return {d.id: self._derive(d.id) for d in self.template.derived}

    def _derive(self, derived_id: str) -> Any:
        spec = next(d for d in self.template.derived if d.id == derived_id)
        source = self.lookup(spec.of)
        if spec.type == "count":
            return self._count(spec.of, spec.category, source or [], spec.weight)
        if spec.type == "level":
            return self._level(spec.of, source or [])
        if is_empty(source):
            return None
        if spec.type == "age":
            return age_at(source, self.hearing_date)
        if spec.type == "is_minor":
            age = age_at(source, self.hearing_date)
            return None if age is None else age < 18
        if spec.type == "is_foreign":
            return not is_french(str(source))
        if spec.type == "is_third_country":
            return is_third_country(str(source))
        raise AssertionError(spec.type)

    def _count(self, field_id: str, category_id: str, ticked: list[str], weight: str = "") -> int:
        if not category_id and not weight:
            return len(ticked)
        f = self.template.field(field_id)
        categories = [c for c in f.categories if not category_id or c.id == category_id]
        return sum(
            1
            for category in categories
            for item in category.items
            if item.id in ticked and (not weight or item.weight == weight)
        )

    def _level(self, field_id: str, ticked: list[str]) -> str | None:
        """The highest weight among the ticked indicators (``strong`` first), None when none is ticked."""
        categories = self.template.field(field_id).categories
        weights = {item.weight for c in categories for item in c.items if item.id in ticked}
        return next((w for w in WEIGHTS if w in weights), None)

    def lookup(self, ref: str) -> Any:
        """The value a condition sees: a hidden field counts as unanswered."""
        if any(d.id == ref for d in self.template.derived):
            return self._derive(ref)
        head = ref.partition(".")[0]
        fields = self.template.field_index()
        if head in fields and not self.field_visible(fields[head]):
            return None
        return self.raw(ref)

    # --- visibility ----------------------------------------------------------
    def section_visible(self, section: Section) -> bool:
        return conditions.evaluate(section.show_if, self.lookup)

    def field_visible(self, f: Field) -> bool:
        section = self.template.section_of(f.id)
        if section is not None and not self.section_visible(section):
            return False
        return conditions.evaluate(f.show_if, self.lookup)

    def visible_sections(self) -> list[Section]:
        return [s for s in self.template.sections if self.section_visible(s)]

    def visible_fields(self, section: Section) -> list[Field]:
        if not self.section_visible(section):
            return []
        return [f for f in section.fields if conditions.evaluate(f.show_if, self.lookup)]

    def visible_themes(self) -> list[Theme]:
        return [t for t in self.template.themes if conditions.evaluate(t.show_if, self.lookup)]

    # --- completeness --------------------------------------------------------
    def missing_in(self, f: Field) -> str | None:
        """Why a visible required field is incomplete, or None."""
        if not f.required:
            return None
        value = self.answers.get(f.id)
        if f.type == "identity":
            absent = [p for p in IDENTITY_REQUIRED_PARTS if is_empty((value or {}).get(p))]
            if absent:
                return "à compléter : " + ", ".join(absent).replace("prenoms", "prénoms")
            return None
        return "réponse obligatoire manquante" if is_empty(value) else None

    def missing_required(self) -> list[Missing]:
        out = []
        for section in self.visible_sections():
            for f in self.visible_fields(section):
                problem = self.missing_in(f)
                if problem:
                    out.append(Missing(section.id, section.title, f.id, f.label, problem))
        return out

    def progress(self, section: Section) -> Progress:
        fields = self.visible_fields(section)
        filled = sum(1 for f in fields if not is_empty(self.answers.get(f.id)))
        missing = sum(1 for f in fields if self.missing_in(f))
        return Progress(filled, len(fields), missing)

    def overall_progress(self) -> Progress:
        parts = [self.progress(s) for s in self.visible_sections()]
        return Progress(sum(p.filled for p in parts), sum(p.total for p in parts), sum(p.missing for p in parts))

    def shown_value(self, f: Field) -> str:
        return display(f, self.answers.get(f.id))

    # --- transcript, timeline, documents ------------------------------------
    def ordered_transcript(self) -> list[TranscriptEntry]:
        return sorted(self.transcript, key=lambda e: (e.position, e.id))

    def theme_title(self, theme_id: str | None) -> str:
        theme = self.template.theme(theme_id)
        return theme.title if theme else FREE_THEME_LABEL

    @property
    def state(self) -> str:
        return timeline.state_of(self.timeline)

    def applicable_advice(self) -> list[Advice]:
        return [a for a in self.template.advice if conditions.evaluate(a.when, self.lookup)]

    def applicable_documents(self) -> list[DocumentSpec]:
        return [d for d in self.template.documents if conditions.evaluate(d.when, self.lookup)]
