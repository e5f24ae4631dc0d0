"""The elements of each charge a hearing addresses: the investigator's own notes, never the PV.

The words are « abordé » and « non abordé »: the application never says an element is established.
The elements are data (``elements:`` of the charges in resources/references.yaml); the themes and
indicators there only suggest one, the investigator alone tags an entry with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .references import Reference
    from .templates.model import Template

ELEMENT = "element"
CIRCUMSTANCE = "circonstance"
KINDS = (ELEMENT, CIRCUMSTANCE)
ADDRESSED = "abordé"
NOT_ADDRESSED = "non abordé"


@dataclass(frozen=True)
class Element:
    key: str  # unique in the references table, e.g. "cp-225-4-1.moyen"
    charge: str  # the reference key of the charge, e.g. "cp-225-4-1"
    label: str  # French, short: « Moyen (menace, contrainte, violence…) »
    kind: str = ELEMENT  # "element" (constituent) or "circonstance" (aggravating circumstance)
    to_verify: bool = False  # not checked against a source: the screen says « à vérifier »
    themes: tuple[str, ...] = ()  # template theme ids where it is suggested
    indicators: tuple[str, ...] = ()  # checklist item ids that, ticked, suggest it

    @property
    def circumstance(self) -> bool:
        return self.kind == CIRCUMSTANCE


@dataclass(frozen=True)
class ElementCoverage:
    element: Element
    entries: tuple[int, ...] = ()  # the Q/R entry ids tagged with it, in the hearing's order
    fields: tuple[str, ...] = ()  # the answer (field) ids tagged with it

    @property
    def addressed(self) -> bool:
        return bool(self.entries or self.fields)

    @property
    def state(self) -> str:
        return ADDRESSED if self.addressed else NOT_ADDRESSED


class Tag(Protocol):
    """What coverage reads of a tag (the store's ElementTag)."""

    @property
    def element(self) -> str: ...

    @property
    def entry_id(self) -> int | None: ...

    @property
    def field_id(self) -> str | None: ...


def elements_of(references: Mapping[str, Reference]) -> dict[str, tuple[Element, ...]]:
    """Each charge that lists elements, with them, in the table's order."""
    return {key: ref.elements for key, ref in references.items() if ref.elements}


def element_index(references: Mapping[str, Reference]) -> dict[str, Element]:
    """Every element by its key (``cp-225-4-1.moyen``)."""
    return {e.key: e for ref in references.values() for e in ref.elements}


# An article number as a qualification writes it: « 225-4-1 », « art. 225-7 », « 225-5 CP »; never
# a number of another code (« L.425-1 », « R.425-1 »), a date or a procedure number.
_ARTICLE = re.compile(r"(?<![\w/-])(?<!\b[LRDAlrda]\.)(?<!\b[LRDAlrda]\. )(\d{3}(?:-\d+)+)(?![\w/-])")


def articles_named(qualification: str) -> tuple[str, ...]:
    """The article numbers a free-text « Qualification » names, in order, each once."""
    seen: list[str] = []
    for match in _ARTICLE.finditer(qualification or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return tuple(seen)


def charges_for(
    qualification: str, template: Template | None, references: Mapping[str, Reference] | None = None
) -> tuple[str, ...]:
    """The charges whose elements a hearing shows: those its case's « Qualification » names, else the template's.

    Only code pénal references with elements count (``cp-*``); an article named that lists no
    elements is passed over. ``references``: the table (the bundled one when None).
    """
    if references is None:
        from .references import load_references

        references = load_references()
    with_elements = elements_of(references)
    named = [f"cp-{number}" for number in articles_named(qualification)]
    found = tuple(key for key in named if key in with_elements)
    if found:
        return found
    cited = template.references if template is not None else ()
    return tuple(key for key in dict.fromkeys(cited) if key.startswith("cp-") and key in with_elements)


def coverage(
    elements: Iterable[Element], tags: Iterable[Tag], order: Sequence[int] | None = None
) -> list[ElementCoverage]:
    """Each element with the entries and answers tagged with it; ``order``: the hearing's entry ids in order.

    With ``order``, entries are listed in it and a tag on an entry not in it is left out.
    """
    entries: dict[str, list[int]] = {}
    fields: dict[str, list[str]] = {}
    for tag in tags:
        if tag.entry_id is not None:
            if order is None or tag.entry_id in order:
                entries.setdefault(tag.element, []).append(tag.entry_id)
        elif tag.field_id:
            fields.setdefault(tag.element, []).append(tag.field_id)
    rank = {entry_id: i for i, entry_id in enumerate(order)} if order is not None else {}
    out = []
    for element in elements:
        ids = sorted(set(entries.get(element.key, [])), key=lambda e: (rank.get(e, len(rank)), e))
        out.append(ElementCoverage(element, tuple(ids), tuple(dict.fromkeys(fields.get(element.key, [])))))
    return out


def suggest(theme_id: str | None, ticked_indicators: Iterable[str], elements: Iterable[Element]) -> list[str]:
    """The keys of the elements the current theme or the indicators ticked point to: a suggestion, never a decision."""
    ticked = set(ticked_indicators)
    return [
        e.key for e in elements if (theme_id is not None and theme_id in e.themes) or ticked.intersection(e.indicators)
    ]
