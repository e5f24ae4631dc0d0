"""The elements of each charge a hearing addresses: the investigator's own notes, never the PV.

The words are « abordé » and « non abordé »: the application never says an element is established.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Element:
    key: str  # unique in the references table, e.g. "cp-225-4-1.moyen"
    charge: str  # the reference key of the charge, e.g. "cp-225-4-1"
    label: str  # French, short: « Moyen (menace, contrainte, violence…) »
    kind: str = "element"  # "element" (constituent) or "circonstance" (aggravating circumstance)


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
        return "abordé" if self.addressed else "non abordé"
