"""Plain records the store hands out: no database handle escapes the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CASE_STATUSES = {"open": "En cours", "closed": "Clos", "archived": "Archivé"}
HEARING_STATUSES = {"draft": "Brouillon", "in_progress": "En cours", "closed": "Close", "correction": "En correction"}


# The investigator's force -> the letterhead line under the ministry.
FORCES = {"police": "POLICE NATIONALE", "gendarmerie": "GENDARMERIE NATIONALE"}


@dataclass(frozen=True)
class Profile:
    nom: str = ""
    prenom: str = ""
    grade: str = ""
    qualite: str = ""  # OPJ | APJ
    service: str = ""
    unite: str = ""
    force: str = ""  # police | gendarmerie (FORCES); empty: not said yet

    @property
    def display(self) -> str:
        return " ".join(p for p in (self.grade, self.prenom, self.nom.upper()) if p)


@dataclass(frozen=True)
class Case:
    id: int
    procedure_number: str
    heading: str
    service: str
    qualification: str
    status: str
    export_dir: str
    created_at: str
    updated_at: str
    hearing_count: int = 0


@dataclass(frozen=True)
class Person:
    id: int
    case_id: int
    display_name: str
    identity: dict[str, Any]


@dataclass(frozen=True)
class HearingRecord:
    id: int
    case_id: int
    person_id: int
    template_id: str
    template_version: str
    template_snapshot: dict[str, Any]
    pv_number: str
    place: str
    status: str
    current_section: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ExportRecord:
    id: int
    hearing_id: int
    document_id: str
    path: str
    sha256: str
    created_at: str
    actor: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    case_id: int | None
    hearing_id: int | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str
