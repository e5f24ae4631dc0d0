"""Frozen objects a validated template is made of.

The validator (``validate.py``) is the only producer of these objects; the
engine, the exporter and the UI only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

KINDS = ("audition", "fiche", "attestation")
AUDIENCES = ("adult", "minor", "any")
AUDIENCE_LABELS = {"adult": "Majeur", "minor": "Mineur", "any": "Tous publics"}
KIND_LABELS = {"audition": "Audition", "fiche": "Fiche réflexe", "attestation": "Attestation"}

# Where an answer goes (FACTS section 7: the signed PV carries what the person
# declared and the mentions the law requires, nothing else).
#   pv: the template's main document (the PV; for a fiche, its synthesis);
#   evvi: only the personalised assessment (art. 10-5 CPP), its own document;
#   orientation: only the referral forms (Word models reading ``champs.x``);
#   notes: the investigator's notes, never printed in any document.
PV, EVVI, ORIENTATION, NOTES = "pv", "evvi", "orientation", "notes"
DESTINATIONS = (PV, EVVI, ORIENTATION, NOTES)
# A section's nature gives its fields' destination when neither says one.
NATURES = ("procedure", "assessment", "safety")
NATURE_DESTINATION = {"procedure": PV, "assessment": EVVI, "safety": NOTES}

# Where a section's PV lines print: before the statements (the Q/R,
# "Déclarations": identity, conditions, rights, interpreter), or after them and
# before the closing, in template order (the complaint and the wishes, the
# domicile, a switch to the suspect's regime): a PV records what happened in the
# order it happened.
BEFORE_STATEMENTS, AFTER_STATEMENTS = "before_statements", "after_statements"
PV_POSITIONS = (BEFORE_STATEMENTS, AFTER_STATEMENTS)

# A condition is kept as the plain, validated mapping read from YAML
# (``{"field": ..., "equals": ...}``, ``{"all": [...]}``...): it is data,
# evaluated by ``conditions.evaluate``.
Condition = dict[str, Any]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # Printed as a "Mention :" line when this option is chosen, instead of the field's mention.
    mention: str = ""


# Weight of an indicator (ILO/EU Delphi indicators: strong, medium, weak):
# a single strong one may call for action at once, weak ones only add up.
WEIGHTS = ("strong", "medium", "weak")
DEFAULT_WEIGHT = "medium"
WEIGHT_LABELS = {"strong": "Indices forts", "medium": "Indices moyens", "weak": "Indices faibles"}


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str
    weight: str = DEFAULT_WEIGHT  # one of WEIGHTS


@dataclass(frozen=True)
class ChecklistCategory:
    id: str
    label: str
    items: tuple[ChecklistItem, ...]


# What ``default_from`` names for the place typed when the hearing is created.
PLACE_REF = "audition.lieu"
# The address book's lists (``address_book`` of an identity field): people met
# again from hearing to hearing, never the person heard.
ADDRESS_BOOK_ROLES = {
    "interprete": "Interprète",
    "accompagnant": "Personne accompagnante",
    "administrateur_ad_hoc": "Administrateur ad hoc",
}


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    show_if: Condition | None = None
    mention: str = ""
    # Resolved once by the validator: the field's own ``destination`` (or
    # ``in_pv: false``), else its section's, else its section's nature.
    destination: str = PV
    mention_no: str = ""  # yes_no only: printed when the answer is "non"
    options: tuple[Option, ...] = ()
    subfields: tuple[Field, ...] = ()
    item_label: str = ""
    categories: tuple[ChecklistCategory, ...] = ()
    parts: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    # Another answer that fills this one until it is changed by hand (core/defaults.py):
    # a field id, an identity part (``victime.langues``) or ``audition.lieu``.
    default_from: str = ""
    address_book: str = ""  # identity only: the ADDRESS_BOOK_ROLES list it is picked from and saved to

    @property
    def in_pv(self) -> bool:
        """Printed in the template's main document (the PV, or a fiche's synthesis)."""
        return self.destination == PV

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def checklist_item(self, item_id: str) -> tuple[ChecklistCategory, ChecklistItem] | None:
        for category in self.categories:
            for item in category.items:
                if item.id == item_id:
                    return category, item
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    guidance: str
    fields: tuple[Field, ...]
    show_if: Condition | None = None
    nature: str = "procedure"  # procedure | assessment | safety
    # Where its fields go unless one says otherwise (resolved by the validator).
    destination: str = PV
    pv_position: str = BEFORE_STATEMENTS  # one of PV_POSITIONS

    @property
    def in_pv(self) -> bool:
        """At least one of its fields is printed in the main document."""
        return any(f.destination == PV for f in self.fields)


@dataclass(frozen=True)
class Derived:
    id: str
    type: str  # age | is_minor | is_foreign | is_third_country | count
    of: str  # a field reference, e.g. ``victime.date_naissance``
    category: str = ""  # for ``count``: count only this checklist category
    weight: str = ""  # for ``count``: count only the items of this weight (one of WEIGHTS)


@dataclass(frozen=True)
class Advice:
    """A next step suggested to the investigator when its condition holds (never a verdict)."""

    title: str
    text: str
    when: Condition | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    guidance: str
    questions: tuple[str, ...]
    show_if: Condition | None = None


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    model: str
    when: Condition | None = None
    # A ``choice`` field holding the language code the document is handed in
    # (besides French), for the notices of resources/notices/.
    language_field: str | None = None


@dataclass(frozen=True)
class Signatory:
    """A signature box for a person present, shown when their identity field is filled

    (and ``when`` holds: the person may be recorded without being present).
    """

    field: str
    label: str
    when: Condition | None = None


@dataclass(frozen=True)
class PvRoles:
    title: str = "Procès-verbal d'audition"
    subject: str | None = None
    framework: str | None = None
    interpreter: str | None = None
    companion: str | None = None
    reading: str | None = None
    signature: str | None = None
    signatories: tuple[Signatory, ...] = ()
    # Closing note of a reflex sheet (kind ``fiche``); a default one when empty.
    note: str = ""


@dataclass(frozen=True)
class Template:
    id: str
    version: str
    title: str
    kind: str
    audience: str
    description: str
    references: tuple[str, ...]
    to_verify: tuple[str, ...]
    sections: tuple[Section, ...]
    derived: tuple[Derived, ...]
    themes: tuple[Theme, ...]
    documents: tuple[DocumentSpec, ...]
    pv: PvRoles
    advice: tuple[Advice, ...] = ()
    # The raw mapping the template was validated from: stored with each
    # hearing so that a later update of the file never breaks a draft.
    source: dict[str, Any] = field(compare=False, repr=False, default_factory=dict)

    # Conditions look fields up hundreds of times per screen: the maps are built once per template.
    @cached_property
    def _fields(self) -> dict[str, Field]:
        return {f.id: f for section in self.sections for f in section.fields}

    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {f.id: section for section in reversed(self.sections) for f in section.fields}

    def field_index(self) -> dict[str, Field]:
        return dict(self._fields)  # the caller's own copy

    def field(self, field_id: str) -> Field:
        return self._fields[field_id]

    def section_of(self, field_id: str) -> Section | None:
        return self._sections.get(field_id)

    def theme(self, theme_id: str | None) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)
