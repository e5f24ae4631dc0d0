"""Every template the application knows: bundled ones and locally added ones.

A broken file never stops the application: it is listed as invalid with its
problems. A local template with the id of a bundled one replaces it, so a
service can correct a model without waiting for a release.

The option lists a template names (``options_from``) are given by the caller,
which knows the data folder; by default, those of the bundled data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import resources
from ..export.notices import option_sources as notice_option_sources
from .errors import TemplateInvalid, TemplateProblem
from .model import Option, Template
from .parse import parse_file, parse_text
from .validate import validate

BUNDLED = "bundled"
LOCAL = "local"


@dataclass(frozen=True)
class CatalogEntry:
    path: str
    origin: str  # bundled | local
    template: Template | None
    problems: tuple[TemplateProblem, ...] = ()
    # Best-effort header of an invalid file, so a list can still name it.
    raw_id: str = ""
    raw_version: str = ""
    raw_kind: str = ""
    raw_title: str = ""

    @property
    def valid(self) -> bool:
        return self.template is not None

    @property
    def id(self) -> str:
        return self.template.id if self.template else self.raw_id

    @property
    def version(self) -> str:
        return self.template.version if self.template else self.raw_version

    @property
    def kind(self) -> str:
        return self.template.kind if self.template else self.raw_kind

    @property
    def title(self) -> str:
        return self.template.title if self.template else self.raw_title


OptionSources = Mapping[str, Sequence[Option]]


class TemplateCatalog:
    def __init__(self, entries: Iterable[CatalogEntry], option_sources: OptionSources | None = None):
        self.entries = tuple(entries)
        # What the templates were validated with: a hearing's own copy of its template is validated with it too.
        self.option_sources: OptionSources = option_sources or {}

    def valid(self) -> list[Template]:
        return [e.template for e in self.entries if e.template is not None]

    def invalid(self) -> list[CatalogEntry]:
        return [e for e in self.entries if e.template is None]

    def get(self, template_id: str) -> Template:
        for entry in self.entries:
            if entry.template is not None and entry.template.id == template_id:
                return entry.template
        raise KeyError(template_id)

    def ids(self) -> list[str]:
        return [t.id for t in self.valid()]


def entry_bytes(entry: CatalogEntry) -> bytes | None:
    """The file an entry was read from, as it is now (None when it cannot be read)."""
    try:
        if entry.origin == BUNDLED:
            return resources.read_bytes("templates", Path(entry.path).name)
        return Path(entry.path).read_bytes()
    except OSError:
        return None


def _header(raw: Any, key: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return str(value)[:80] if isinstance(value, str | int | float) else ""


def load_entry(
    raw: Any,
    path: str,
    origin: str,
    *,
    known_references: Collection[str],
    known_models: Collection[str],
    option_sources: OptionSources | None = None,
) -> CatalogEntry:
    try:
        template = validate(
            raw, path, known_references=known_references, known_models=known_models, option_sources=option_sources
        )
    except TemplateInvalid as invalid:
        return CatalogEntry(
            path,
            origin,
            None,
            tuple(invalid.problems),
            raw_id=_header(raw, "id"),
            raw_version=_header(raw, "version"),
            raw_kind=_header(raw, "kind"),
            raw_title=_header(raw, "title"),
        )
    return CatalogEntry(path, origin, template)


def load_file(
    path: Path,
    origin: str,
    *,
    known_references: Collection[str],
    known_models: Collection[str],
    option_sources: OptionSources | None = None,
) -> CatalogEntry:
    try:
        raw = parse_file(path)
    except TemplateInvalid as invalid:
        return CatalogEntry(str(path), origin, None, tuple(invalid.problems), raw_id=path.stem)
    return load_entry(
        raw,
        str(path),
        origin,
        known_references=known_references,
        known_models=known_models,
        option_sources=option_sources,
    )


def load_catalog(
    local_dir: Path | None,
    *,
    known_references: Collection[str],
    known_models: Collection[str],
    option_sources: OptionSources | None = None,
) -> TemplateCatalog:
    sources = notice_option_sources(None) if option_sources is None else option_sources
    entries: list[CatalogEntry] = []
    for resource in resources.listing("templates", ".yaml"):
        name = f"resources/templates/{resource.name}"
        try:
            raw = parse_text(resource.read_text(encoding="utf-8"), name)
        except TemplateInvalid as invalid:
            entries.append(CatalogEntry(name, BUNDLED, None, tuple(invalid.problems), raw_id=resource.name))
            continue
        entries.append(
            load_entry(
                raw, name, BUNDLED, known_references=known_references, known_models=known_models, option_sources=sources
            )
        )
    local: list[CatalogEntry] = []
    if local_dir is not None and local_dir.is_dir():
        for path in sorted(local_dir.glob("*.y*ml")):
            local.append(
                load_file(
                    path, LOCAL, known_references=known_references, known_models=known_models, option_sources=sources
                )
            )
    return TemplateCatalog(_merge(entries, local), sources)


def _merge(bundled: list[CatalogEntry], local: list[CatalogEntry]) -> list[CatalogEntry]:
    """Local valid templates replace bundled ones of the same id; duplicates are flagged."""
    merged: list[CatalogEntry] = []
    by_id: dict[str, int] = {}
    for entry in [*bundled, *local]:
        if not entry.valid:
            merged.append(entry)
            continue
        previous = by_id.get(entry.id)
        if previous is None:
            by_id[entry.id] = len(merged)
            merged.append(entry)
        elif merged[previous].origin == BUNDLED and entry.origin == LOCAL:
            merged[previous] = entry
        else:
            problem = TemplateProblem(
                entry.path, "id", f"l'identifiant « {entry.id} » est déjà pris par {merged[previous].path}"
            )
            merged.append(
                CatalogEntry(
                    entry.path,
                    entry.origin,
                    None,
                    (problem,),
                    raw_id=entry.id,
                    raw_version=entry.version,
                    raw_kind=entry.kind,
                    raw_title=entry.title,
                )
            )
    return merged
