"""Plain records the store hands out: no database handle escapes the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..french import officer_name
from ..templates.model import ADDRESS_BOOK_ROLES
from .audit import READS

# A case handed over to another laptop by a case archive: kept here, read-only.
HANDED_OVER = "handed_over"
CASE_STATUSES = {"open": "En cours", "closed": "Clos", "archived": "Archivé", HANDED_OVER: "Transmis"}
HEARING_STATUSES = {"draft": "Brouillon", "in_progress": "En cours", "closed": "Close", "correction": "En correction"}
# What a closed hearing may be reopened for: each opens a new PV with its own number.
SUPPLEMENT_KINDS = {
    "complementaire": "Procès-verbal complémentaire",
    "rectification": "Procès-verbal de rectification",
}


# The investigator's force -> the letterhead line under the ministry.
FORCES = {"police": "POLICE NATIONALE", "gendarmerie": "GENDARMERIE NATIONALE"}
# The identifier each force gives its officers, as its forms name it: the police
# officer's RIO; a gendarme also carries one, but many forms still say matricule.
MATRICULE_LABELS = {"police": "RIO", "gendarmerie": "RIO / matricule"}
MATRICULE_LABEL = "RIO / matricule"  # force not said yet


@dataclass(frozen=True)
class Profile:
    nom: str = ""
    prenom: str = ""
    grade: str = ""
    qualite: str = ""  # OPJ | APJ
    service: str = ""
    unite: str = ""
    force: str = ""  # police | gendarmerie (FORCES); empty: not said yet
    telephone: str = ""  # professional, printed on the referral forms
    email: str = ""
    matricule: str = ""  # RIO (police) or matricule (gendarmerie)
    commune: str = ""  # the town of « Fait à », never the room of the hearing

    @property
    def display(self) -> str:
        return officer_name(self.prenom, self.nom, self.grade)

    @property
    def matricule_label(self) -> str:
        return MATRICULE_LABELS.get(self.force, MATRICULE_LABEL)


# Who the address book keeps: the people the investigator calls again, never a victim.
CONTACT_ROLES = ADDRESS_BOOK_ROLES


@dataclass(frozen=True)
class Contact:
    """A person of the address book: identity parts as an identity field holds them."""

    id: int
    role: str  # a key of CONTACT_ROLES
    display_name: str
    identity: dict[str, Any]


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
    account: str | None = None  # the account that conducts it (None: made before accounts)
    officer: dict[str, str] | None = None  # the officer's profile frozen at closing, or carried by an archive


@dataclass(frozen=True)
class TranscriptEntry:
    """A question and its answer as the transcript holds them, in the hearing's order (``position``)."""

    id: int
    position: int
    theme: str | None
    question: str
    answer: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class ElementTag:
    """An entry (or an answer) the investigator tagged with an element of a charge: a note, never in the PV."""

    id: int
    hearing_id: int
    element: str  # the element's key, e.g. "cp-225-4-1.moyen"
    entry_id: int | None
    field_id: str | None
    created_at: str
    account: str | None


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
    account: str | None = None  # the account that acted (None before accounts existed)
    purged: bool = False  # its detail erased by a retention purge

    @property
    def is_read(self) -> bool:
        """A consultation (opening, preview, export, print, copy, search), not a change."""
        return self.action in READS


@dataclass(frozen=True)
class Supplement:
    """A procès-verbal complémentaire or de rectification opened after a hearing was closed.

    ``base`` is the hearing as it stood when the supplement was opened: its
    answers, its entries (``id``, ``position``, ``theme``, ``question``,
    ``answer``, ``created_at``, ``updated_at``), ``pv_number``, ``place``,
    ``profile`` and ``case``; what the earlier PV said.
    """

    id: int
    hearing_id: int
    kind: str  # a key of SUPPLEMENT_KINDS
    pv_number: str
    reason: str
    opened_at: str
    closed_at: str
    base: dict[str, Any]

    @property
    def open(self) -> bool:
        return not self.closed_at

    @property
    def title(self) -> str:
        return SUPPLEMENT_KINDS[self.kind]


# The hearing plan (PEACE « planification et préparation »): the lists it holds, and those ticked off as a checklist.
PLAN_LISTS = ("objectives", "elements", "known_facts", "welfare", "special_measures", "breaks")
CHECKABLE = ("objectives", "elements", "breaks")


@dataclass(frozen=True)
class PlanItem:
    """One line of the plan that can be ticked: ``key`` names it in ``check_plan_item``."""

    key: str  # "<list>:<text>", e.g. "objectives:Établir la chronologie"
    kind: str  # a name of CHECKABLE
    text: str
    done: bool


def plan_item_key(kind: str, text: str) -> str:
    return f"{kind}:{text}"


@dataclass(frozen=True)
class HearingPlan:
    """Prepared before the hearing, ticked during it: the investigator's notes, never the PV.

    ``elements`` holds free lines or element keys of the references table
    (core/elements.py); ``checked`` the keys of the items ticked off.
    """

    objectives: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    known_facts: tuple[str, ...] = ()  # known from the file: never brought up first
    welfare: tuple[str, ...] = ()  # rest, food, medical care, child care...
    interpreter_language: str = ""
    interpreter_name: str = ""
    special_measures: tuple[str, ...] = ()  # recording, a person accompanying, a suitable room...
    breaks: tuple[str, ...] = ()
    checked: tuple[str, ...] = ()
    updated_at: str = ""

    def items(self) -> list[PlanItem]:
        """The items that can be ticked, list by list (objectives, elements, breaks), each line in order."""
        ticked = set(self.checked)
        return [
            PlanItem(plan_item_key(kind, text), kind, text, plan_item_key(kind, text) in ticked)
            for kind in CHECKABLE
            for text in getattr(self, kind)
        ]

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in PLAN_LISTS) and not (
            self.interpreter_language or self.interpreter_name
        )


@dataclass(frozen=True)
class EvaluationNotes:
    """Written after the hearing (PEACE « évaluation »); the question profile and open elements are computed."""

    covered: str = ""  # what the hearing covered, in the investigator's words
    follow_up: tuple[str, ...] = ()  # actions to take next
    remarks: str = ""
    updated_at: str = ""
