"""The one table of legal references (``resources/references.yaml``).

Templates and documents cite a reference by key; an article renumbered by a
reform is a one-line change in that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from . import resources


@dataclass(frozen=True)
class Reference:
    key: str
    code: str
    article: str
    label: str
    requires: str
    to_verify: bool
    source: str = ""  # where the entry was checked (public source name and address)

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
        )
    return out


def load_references() -> dict[str, Reference]:
    """The bundled table; a broken bundled table is a packaging bug, not user input."""
    # libyaml's safe loader when PyYAML has it: start-up reads this file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_references(yaml.load(resources.read_text("references.yaml"), Loader=loader))
