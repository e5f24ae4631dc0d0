"""The hearing engine: what a template and the answers so far mean.

The GUI and the exporter both read a :class:`HearingView`: which sections
and fields are visible, what is still missing, progress, derived values,
the transcript and the timeline. No widget re-implements any of this.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import timeline
from .french import agree, identity_part
from .nationalities import is_third_country
from .store.records import TranscriptEntry
from .templates import conditions, mentions
from .templates.fieldtypes import IDENTITY_PART_INDEX, IDENTITY_REQUIRED_PARTS, display, is_empty
from .templates.model import WEIGHTS, Advice, DocumentSpec, Field, Section, Template, Theme
from .timeline import TimelineEvent

FREE_THEME_LABEL = "Questions libres"
_FRENCH = {"francaise", "francais", "france", "fr", "fra"}


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

    # --- mentions --------------------------------------------------------------
    def mentions_of(self, f: Field) -> tuple[list[str], Any]:
        """The "Mention :" texts an answered field prints, placeholders filled, and what is left.

        What is left is the part of the value no mention states (printed as a
        plain "label : value" line), or None when the mentions say it all.
        """
        planned, left = self._mention_plan(f)
        return [self.fill_mention(text, f, value) for text, value in planned], left

    def cited_in_mentions(self, fields: Iterable[Field]) -> set[str]:
        """Ids of the fields whose answers the printed mentions of ``fields`` cite (``{x}``, ``{x.part}``).

        Their answer is already stated in a sentence: the document does not
        print it again on a "label : value" line of its own.
        """
        cited: set[str] = set()
        for f in fields:
            planned, _left = self._mention_plan(f)
            for text, _value in planned:
                cited |= {name.partition(".")[0] for name in mentions.field_names(text) if name != mentions.VALUE}
        return cited

    def _mention_plan(self, f: Field) -> tuple[list[tuple[str, Any]], Any]:
        """(mention text, value its ``{valeur}`` reads) for each mention the answer prints, and what is left.

        - ``yes_no``: ``mention`` when "oui", ``mention_no`` when "non";
        - ``choice``: the chosen option's own ``mention``, else the field's;
        - ``multi_choice``: one per chosen option with a ``mention``; the other
          chosen options go to the field's ``mention`` together, or are left;
        - any other type: the field's ``mention``.
        """
        value: Any = self.answers.get(f.id)
        if is_empty(value):
            return [], None
        if f.type == "yes_no":
            text = f.mention if value else f.mention_no
            return ([(text, value)], None) if text else ([], value)
        if f.type in ("choice", "multi_choice"):
            single = f.type == "choice"
            planned: list[tuple[str, Any]] = []
            rest = []
            chosen_values: list[str] = [value] if single else list(value)
            for chosen in chosen_values:
                option = f.option(chosen)
                if option is not None and option.mention:
                    planned.append((option.mention, chosen))
                else:
                    rest.append(chosen)
            left: Any = None
            if rest:
                left = rest[0] if single else rest
                if f.mention:
                    planned.append((f.mention, left))
                    left = None
            return planned, left
        if f.mention:
            return [(f.mention, value)], None
        return [], value

    def fill_mention(self, text: str, f: Field, value: Any) -> str:
        """``text`` with its placeholders filled.

        ``{valeur}`` is ``value`` of ``f``, ``{x}`` field x's shown value, and
        ``{accord:FÉMININ|MASCULIN}`` the form agreeing with the person heard
        (feminine when her or his sex is not known).
        """

        def shown(name: str) -> str:
            if name == mentions.VALUE:
                return self.in_mention(f, value)
            if mentions.is_accord(name):
                forms = mentions.accord_forms(name)
                return agree(self.subject_sex(), forms[0], forms[-1])
            return self.ref_shown(name)

        return mentions.fill(text, shown)

    def subject_sex(self) -> str | None:
        """The ``sexe`` of the person heard (the template's ``pv.subject`` identity), None when not said."""
        subject = self.answers.get(self.template.pv.subject or "")
        return subject.get("sexe") if isinstance(subject, dict) else None

    def in_mention(self, f: Field, value: Any) -> str:
        """A value as a mention writes it: a template's option label in lower case, what was typed as typed."""
        if is_empty(value):
            return ""
        if f.type == "choice":
            return mentions.in_sentence(f.option_label(value))
        if f.type == "multi_choice":
            return ", ".join(mentions.in_sentence(f.option_label(v)) for v in value)
        return display(f, value)

    def ref_shown(self, ref: str) -> str:
        """The shown value of field ``x`` or identity part ``x.part`` ("" when empty, hidden or unknown)."""
        head, _, part = ref.partition(".")
        fields = self.template.field_index()
        f = fields.get(head)
        if f is None or not self.field_visible(f):
            return ""
        if not part:
            return self.in_mention(f, self.answers.get(head))
        value = self.raw(ref)
        if is_empty(value):
            return ""
        part_type = IDENTITY_PART_INDEX[part].type if part in IDENTITY_PART_INDEX else "text"
        return identity_part(part, part_type, value)

    def mention_gaps(self, printed: Callable[[Section, Field], bool] | None = None) -> list[Missing]:
        """Fields a printed mention names (``{x}``) that are still empty: the PV would say [non renseigné].

        ``printed`` tells which visible fields go to the PV (every visible
        field by default). Each empty field is listed once, where it lives.
        """
        out: list[Missing] = []
        seen: set[str] = set()
        fields = self.template.field_index()
        for section in self.visible_sections():
            for f in self.visible_fields(section):
                if printed is not None and not printed(section, f):
                    continue
                for text, _ in self._mention_plan(f)[0]:
                    for name in mentions.field_names(text):
                        head = name.partition(".")[0]
                        if name == mentions.VALUE or head in seen or head not in fields:
                            continue
                        if self.ref_shown(name):
                            continue
                        seen.add(head)
                        where = self.template.section_of(head) or section
                        out.append(
                            Missing(
                                where.id,
                                where.title,
                                head,
                                fields[head].label,
                                f"à renseigner : la mention de « {f.label} » le cite"
                                f" (le procès-verbal porterait « {mentions.NOT_FILLED} »)",
                            )
                        )
        return out
