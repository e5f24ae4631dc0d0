"""The one table of legal references (``resources/references.yaml``).

Templates and documents cite a reference by key; an article renumbered by a
reform is a one-line change in that file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from . import resources
from .elements import KINDS, Element

_ELEMENT_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Reference:
    key: str
    code: str
    article: str
    label: str
    requires: str
    to_verify: bool
    source: str = ""  # where the entry was checked (public source name and address)
    elements: tuple[Element, ...] = ()  # for an offence: what a hearing addresses (the investigator's notes)

    @property
    def citation(self) -> str:
        """``art. 10-2 du Code de procédure pénale``."""
        return f"art. {self.article} du {self.code}"


def parse_references(data: Any) -> dict[str, Reference]:
    table = data.get("references") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError("references.yaml: a 'references' mapping is expected")
    out = {}
    for key, entry in table.items():
        if not isinstance(entry, dict):
            raise ValueError(f"references.yaml: {key}: a mapping is expected")
        out[str(key)] = Reference(
            key=str(key),
            code=str(entry.get("code", "")),
            article=str(entry.get("article", "")),
            label=str(entry.get("label", "")),
            requires=str(entry.get("requires", "")).strip(),
            to_verify=bool(entry.get("to_verify", False)),
            source=str(entry.get("source", "")).strip(),
            elements=_elements(str(key), entry.get("elements")),
        )
    return out


def _elements(charge: str, data: Any) -> tuple[Element, ...]:
    """An entry's ``elements``: each checked here, so that a typo names its place instead of vanishing."""
    if data is None:
        return ()
    where = f"references.yaml: {charge}: elements"
    if not isinstance(data, list):
        raise ValueError(f"{where}: a list is expected")
    out: list[Element] = []
    for index, item in enumerate(data):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise ValueError(f"{at}: a mapping is expected")
        unknown = set(item) - {"id", "label", "kind", "to_verify", "themes", "indicators"}
        if unknown:
            raise ValueError(f"{at}: unknown field {sorted(unknown)[0]!r}")
        element_id = item.get("id")
        if not isinstance(element_id, str) or not _ELEMENT_ID.match(element_id):
            raise ValueError(f"{at}.id: lower-case letters, digits and '_' expected, got {element_id!r}")
        if any(e.key == f"{charge}.{element_id}" for e in out):
            raise ValueError(f"{at}.id: {element_id!r} is used twice in {charge}")
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{at}.label: a non-empty text is expected")
        kind = item.get("kind", "element")
        if kind not in KINDS:
            raise ValueError(f"{at}.kind: one of {', '.join(KINDS)} expected, got {kind!r}")
        to_verify = item.get("to_verify", False)
        if not isinstance(to_verify, bool):
            raise ValueError(f"{at}.to_verify: true or false expected, got {to_verify!r}")
        out.append(
            Element(
                key=f"{charge}.{element_id}",
                charge=charge,
                label=" ".join(label.split()),
                kind=kind,
                to_verify=to_verify,
                themes=_ids(f"{at}.themes", item.get("themes")),
                indicators=_ids(f"{at}.indicators", item.get("indicators")),
            )
        )
    return tuple(out)


def _ids(at: str, data: Any) -> tuple[str, ...]:
    if data is None:
        return ()
    if not isinstance(data, list) or not all(isinstance(x, str) and x for x in data):
        raise ValueError(f"{at}: a list of identifiers is expected")
    return tuple(data)


def load_references() -> dict[str, Reference]:
    """The bundled table; a broken bundled table is a packaging bug, not user input."""
    # libyaml's safe loader when PyYAML has it: start-up reads this file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_references(yaml.load(resources.read_text("references.yaml"), Loader=loader))
