"""Stage 2: a parsed mapping -> a frozen :class:`Template`, or every problem found.

Problems are collected rather than raised one by one, so a trainer fixing a
file sees them all at once, each with its location and, for a typo, the
nearest valid name.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from ..text import shown
from . import conditions, mentions
from .errors import TemplateInvalid, TemplateProblem
from .fieldtypes import FIELD_TYPES, GROUP_MEMBER_TYPES, IDENTITY_PART_INDEX
from .model import (
    ADDRESS_BOOK_ROLES,
    AUDIENCES,
    DEFAULT_WEIGHT,
    DESTINATIONS,
    EVVI,
    KINDS,
    NATURE_DESTINATION,
    NATURES,
    NOTES,
    PLACE_REF,
    PV,
    PV_POSITIONS,
    WEIGHTS,
    Advice,
    ChecklistCategory,
    ChecklistItem,
    Derived,
    DocumentSpec,
    Field,
    Option,
    PvRoles,
    Section,
    Signatory,
    Template,
    Theme,
)
from .suggest import hint

FORMAT = 1
EVVI_MODEL = "evvi"  # the built-in document that prints the answers destined to the EVVI
TEMPLATE_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
VERSION = re.compile(r"^\d+(\.\d+){0,3}$")

TOP_KEYS = (
    "format", "id", "version", "title", "kind", "audience", "description",
    "references", "to_verify", "pv", "derived", "sections", "transcript", "documents", "advice",
)  # fmt: skip
SECTION_KEYS = ("id", "title", "guidance", "show_if", "fields", "nature", "destination", "in_pv", "pv_position")
THEME_KEYS = ("id", "title", "guidance", "show_if", "questions")
DOCUMENT_KEYS = ("id", "title", "model", "when", "language_field")
# Derived type -> the field type its ``of`` must read.
DERIVED_TYPES = {
    "age": "date",
    "is_minor": "date",
    "is_foreign": "text",
    "is_third_country": "text",  # not French, EU, EEA or Swiss (core/nationalities.py)
    "count": "checklist",
    "level": "checklist",  # weighted indicators: the highest weight among the ticked items
}
PV_ROLES = {
    "subject": "identity",
    "framework": "choice",
    "interpreter": "identity",
    "companion": "identity",
    "reading": "choice",
    "signature": "choice",
}


class _Problems:
    def __init__(self, path: str):
        self.path = path
        self.items: list[TemplateProblem] = []

    def add(self, location: str, message: str) -> None:
        self.items.append(TemplateProblem(self.path, location, message))


def validate(
    raw: Any,
    path: str,
    *,
    known_references: Collection[str] = (),
    known_models: Collection[str] = (),
    option_sources: Mapping[str, Sequence[Option]] | None = None,
) -> Template:
    """Return the template ``raw`` describes, or raise :class:`TemplateInvalid`.

    ``option_sources``: the option lists a choice field may take by name
    (``options_from``) instead of writing them, such as the notices'
    languages; none when not given.
    """
    problems = _Problems(path)
    template = _Validator(problems, known_references, known_models, option_sources or {}).template(raw)
    if problems.items or template is None:
        raise TemplateInvalid(problems.items)
    return template


def _join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


class _Validator:
    def __init__(
        self,
        problems: _Problems,
        references: Collection[str],
        models: Collection[str],
        option_sources: Mapping[str, Sequence[Option]],
    ):
        self.p = problems
        self.references = references
        self.models = models
        self.option_sources = option_sources
        self.field_types: dict[str, str] = {}  # every top-level field id -> type
        self.fields: dict[str, Field] = {}
        self.conditions: list[tuple[str, str, dict[str, Any]]] = []  # (owner, location, condition)
        self.owner_section: dict[str, str | None] = {}  # field id -> its section id
        self.locations: dict[str, str] = {}  # field id -> where it is written (sections[2].fields[0])
        self.mentions: list[tuple[str, str]] = []  # (location, text) of every mention, checked at the end
        self.defaults: list[tuple[str, str, str]] = []  # (location, field id, default_from), checked at the end

    # --- small readers -------------------------------------------------
    def unknown_keys(self, mapping: dict[Any, Any], allowed: Iterable[str], where: str) -> None:
        allowed = tuple(allowed)
        for key in mapping:
            if key not in allowed:
                self.p.add(_join(where, shown(key)), f"clé inconnue « {shown(key)} »{hint(key, allowed)}")

    def text(self, mapping: dict[Any, Any], key: str, where: str, *, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None:
            if required:
                self.p.add(_join(where, key), "valeur obligatoire manquante")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.p.add(_join(where, key), "un texte est attendu")
            return ""
        if required and not str(value).strip():
            self.p.add(_join(where, key), "ne doit pas être vide")
        return str(value)

    def name(self, mapping: dict[Any, Any], key: str, where: str, pattern: re.Pattern[str]) -> str:
        value = mapping.get(key)
        if not isinstance(value, str) or not pattern.match(value):
            quoted = "manquant" if value is None else f"« {shown(value, 60)} »"
            self.p.add(
                _join(where, key),
                f"identifiant {quoted} invalide : lettres minuscules, chiffres, "
                + ("tirets" if pattern is TEMPLATE_ID else "soulignés")
                + ", en commençant par une lettre",
            )
            return ""
        return value

    def mapping_list(self, value: Any, where: str, *, required: bool = False) -> list[tuple[str, dict[Any, Any]]]:
        if value is None:
            if required:
                self.p.add(where, "une liste non vide est attendue")
            return []
        if not isinstance(value, list):
            self.p.add(where, "une liste est attendue")
            return []
        if required and not value:
            self.p.add(where, "une liste non vide est attendue")
        out = []
        for i, item in enumerate(value):
            loc = _join(where, i)
            if isinstance(item, dict):
                out.append((loc, item))
            else:
                self.p.add(loc, "un ensemble clé : valeur est attendu")
        return out

    def condition(self, mapping: dict[Any, Any], key: str, where: str, owner: str) -> dict[str, Any] | None:
        if key not in mapping or mapping[key] is None:
            return None
        loc = _join(where, key)
        found = list(conditions.check(mapping[key], loc))
        for location, message in found:
            self.p.add(location, message)
        if found:
            return None
        self.conditions.append((owner, loc, mapping[key]))
        condition: dict[str, Any] = mapping[key]
        return condition

    def boolean(self, mapping: dict[Any, Any], key: str, where: str, default: bool = False) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.p.add(_join(where, key), "true ou false est attendu")
            return False
        return value

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.p.add(where, "une liste de textes est attendue")
            return ()
        return tuple(value)

    # --- the template ----------------------------------------------------
    def template(self, raw: Any) -> Template | None:
        if not isinstance(raw, dict):
            self.p.add("", "le fichier doit décrire un ensemble clé : valeur (id, title, sections…)")
            return None
        self.unknown_keys(raw, TOP_KEYS, "")
        if raw.get("format") != FORMAT:
            self.p.add("format", f"format de modèle {shown(raw.get('format'))} non pris en charge (attendu : {FORMAT})")
        template_id = self.name(raw, "id", "", TEMPLATE_ID)
        raw_version = raw.get("version", "")
        version = str(raw_version) if isinstance(raw_version, str | int | float) else ""
        if not VERSION.match(version):
            self.p.add("version", f'version « {shown(raw_version, 30)} » invalide (ex. : "1.0")')
        title = self.text(raw, "title", "")
        kind = self.choice(raw, "kind", "", KINDS)
        audience = self.choice(raw, "audience", "", AUDIENCES)
        description = self.text(raw, "description", "", required=False)
        references = self.strings(raw.get("references"), "references")
        for i, key in enumerate(references):
            if self.references and key not in self.references:
                self.p.add(f"references[{i}]", f"référence inconnue « {key} »{hint(key, self.references)}")
        to_verify = self.strings(raw.get("to_verify"), "to_verify")

        sections = self.sections(raw.get("sections"))
        derived = self.derived(raw.get("derived"))
        themes = self.themes(raw.get("transcript"))
        documents = self.documents(raw.get("documents"))
        advice = self.advice(raw.get("advice"))
        pv = self.pv(raw.get("pv"), kind)
        self.check_evvi_document(sections, documents)
        self.check_references(derived)
        self.check_defaults()
        self.check_level_values(derived)
        self.check_mentions()
        self.check_cycles(derived)
        return Template(
            id=template_id,
            version=version,
            title=title,
            kind=kind,
            audience=audience,
            description=description,
            references=references,
            to_verify=to_verify,
            sections=sections,
            derived=derived,
            themes=themes,
            documents=documents,
            advice=advice,
            pv=pv,
            source=raw,
        )

    def choice(self, mapping: dict[Any, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
        value = mapping.get(key)
        if not isinstance(value, str) or value not in allowed:
            self.p.add(
                _join(where, key),
                f"valeur « {shown(value)} » invalide, attendue parmi : {', '.join(allowed)}{hint(value, allowed)}",
            )
            return allowed[0]
        return str(value)

    def sections(self, value: Any) -> tuple[Section, ...]:
        out = []
        seen: set[str] = set()
        for loc, raw in self.mapping_list(value, "sections", required=True):
            self.unknown_keys(raw, SECTION_KEYS, loc)
            section_id = self.name(raw, "id", loc, NAME)
            if section_id in seen:
                self.p.add(_join(loc, "id"), f"section « {section_id} » déjà définie")
            seen.add(section_id)
            nature = self.choice(raw, "nature", loc, NATURES) if "nature" in raw else NATURES[0]
            destination = self.destination(raw, loc, NATURE_DESTINATION[nature])
            fields = tuple(
                f
                for f in (
                    self.field(fl, fraw, section=section_id, destination=destination)
                    for fl, fraw in self.mapping_list(raw.get("fields"), _join(loc, "fields"))
                )
                if f is not None
            )
            out.append(
                Section(
                    id=section_id,
                    title=self.text(raw, "title", loc),
                    guidance=self.text(raw, "guidance", loc, required=False),
                    fields=fields,
                    show_if=self.condition(raw, "show_if", loc, owner=f"section:{section_id}"),
                    nature=nature,
                    destination=destination,
                    pv_position=(
                        self.choice(raw, "pv_position", loc, PV_POSITIONS) if "pv_position" in raw else PV_POSITIONS[0]
                    ),
                )
            )
        return tuple(out)

    def destination(self, raw: dict[Any, Any], loc: str, default: str) -> str:
        """Where RAW's answers go: its ``destination`` (or the older ``in_pv``), else DEFAULT.

        ``in_pv: false`` means ``destination: notes`` and ``in_pv: true`` means
        ``destination: pv``; both keys at once must agree.
        """
        own = self.choice(raw, "destination", loc, DESTINATIONS) if "destination" in raw else None
        if "in_pv" in raw:
            in_pv = raw["in_pv"]
            if not isinstance(in_pv, bool):
                self.p.add(_join(loc, "in_pv"), "true ou false est attendu")
                return own or default
            alias = PV if in_pv else NOTES
            if own is not None and own != alias:
                self.p.add(
                    _join(loc, "in_pv"),
                    f"« in_pv: {'true' if in_pv else 'false'} » contredit « destination: {own} » "
                    "(in_pv: false vaut destination: notes) : gardez seulement destination",
                )
            return own or alias
        return own or default

    def field(
        self,
        loc: str,
        raw: dict[Any, Any],
        *,
        section: str | None,
        group: str | None = None,
        destination: str = PV,
    ) -> Field | None:
        field_id = self.name(raw, "id", loc, NAME)
        type_name = raw.get("type")
        allowed_types = GROUP_MEMBER_TYPES if group else frozenset(FIELD_TYPES)
        if not isinstance(type_name, str) or type_name not in allowed_types:
            where = "dans une liste répétable " if group else ""
            self.p.add(
                _join(loc, "type"),
                f"type « {shown(type_name)} » inconnu ou interdit {where}"
                f"(types permis : {', '.join(sorted(allowed_types))}){hint(type_name, allowed_types)}",
            )
            return None
        ftype = FIELD_TYPES[type_name]
        self.unknown_keys(raw, ftype.attributes, loc)
        if group is None and field_id:
            if field_id in self.field_types:
                self.p.add(_join(loc, "id"), f"champ « {field_id} » déjà défini ailleurs dans le modèle")
            self.field_types[field_id] = type_name
        owner = f"field:{group or field_id}"
        if group is not None and "destination" in raw:
            self.p.add(
                _join(loc, "destination"),
                f"une rubrique de liste n'a pas sa propre destination : donnez-la à la liste « {group} »",
            )
        elif group is None:
            destination = self.destination(raw, loc, destination)
        f = Field(
            id=field_id,
            type=type_name,
            label=self.text(raw, "label", loc),
            help=self.text(raw, "help", loc, required=False),
            required=self.boolean(raw, "required", loc),
            show_if=self.condition(raw, "show_if", loc, owner=owner),
            mention=self.mention(raw, "mention", loc),
            mention_no=self.mention(raw, "mention_no", loc),
            destination=destination,
            options=self.options(raw, loc) if type_name in ("choice", "multi_choice") else (),
            subfields=self.group_members(raw, loc, field_id, destination) if type_name == "group" else (),
            item_label=self.text(raw, "item_label", loc, required=False),
            categories=self.categories(raw, loc) if type_name == "checklist" else (),
            parts=self.parts(raw, loc) if type_name == "identity" else (),
            max_length=self.integer(raw, "max_length", loc),
            minimum=self.integer(raw, "min", loc),
            maximum=self.integer(raw, "max", loc),
            default_from=self.text(raw, "default_from", loc, required=False),
            address_book=self.choice(raw, "address_book", loc, tuple(ADDRESS_BOOK_ROLES))
            if "address_book" in raw
            else "",
        )
        if f.default_from:
            if group is not None:
                self.p.add(_join(loc, "default_from"), "une rubrique de liste ne reprend pas une autre réponse")
            else:
                self.defaults.append((_join(loc, "default_from"), field_id, f.default_from))
        if group is None and field_id:
            self.fields[field_id] = f
            self.owner_section[field_id] = section
            self.locations[field_id] = loc
        return f

    def mention(self, raw: dict[Any, Any], key: str, loc: str) -> str:
        """A mention's text; its placeholders are checked once every field is known."""
        text = self.text(raw, key, loc, required=False)
        if text:
            self.mentions.append((_join(loc, key), text))
        return text

    def integer(self, raw: dict[Any, Any], key: str, loc: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.p.add(_join(loc, key), "un nombre entier est attendu")
            return None
        return value

    def options(self, raw: dict[Any, Any], loc: str) -> tuple[Option, ...]:
        if "options_from" in raw:
            return self.options_from(raw, loc)
        value = raw.get("options")
        where = _join(loc, "options")
        if not isinstance(value, list) or not value:
            self.p.add(where, "une liste non vide d'options est attendue")
            return ()
        out: list[Option] = []
        for i, item in enumerate(value):
            iloc = _join(where, i)
            if isinstance(item, str):
                option = Option(item, item)
            elif isinstance(item, dict):
                self.unknown_keys(item, ("value", "label", "mention"), iloc)
                option = Option(
                    self.text(item, "value", iloc), self.text(item, "label", iloc), self.mention(item, "mention", iloc)
                )
            else:
                self.p.add(iloc, "une option est un texte ou {value, label, mention}")
                continue
            if any(o.value == option.value for o in out):
                self.p.add(iloc, f"option « {option.value} » en double")
            out.append(option)
        return tuple(out)

    def options_from(self, raw: dict[Any, Any], loc: str) -> tuple[Option, ...]:
        """The options of a named list the application fills from its data (``langues_notices``)."""
        where = _join(loc, "options_from")
        if "options" in raw:
            self.p.add(where, "options et options_from s'excluent : gardez la liste nommée, sans options")
            return ()
        name = raw["options_from"]
        if not isinstance(name, str) or name not in self.option_sources:
            known = sorted(self.option_sources)
            self.p.add(
                where,
                f"liste d'options inconnue « {shown(name)} » (listes connues : {', '.join(known) or 'aucune'})"
                f"{hint(name, known)}",
            )
            return ()
        options = tuple(self.option_sources[name])
        if not options:
            self.p.add(where, f"la liste « {name} » est vide")
        return options

    def group_members(self, raw: dict[Any, Any], loc: str, group_id: str, destination: str) -> tuple[Field, ...]:
        members = []
        seen: set[str] = set()
        for mloc, mraw in self.mapping_list(raw.get("fields"), _join(loc, "fields"), required=True):
            member = self.field(mloc, mraw, section=None, group=group_id, destination=destination)
            if member is None:
                continue
            if member.id in seen:
                self.p.add(_join(mloc, "id"), f"rubrique « {member.id} » en double dans la liste")
            seen.add(member.id)
            members.append(member)
        return tuple(members)

    def categories(self, raw: dict[Any, Any], loc: str) -> tuple[ChecklistCategory, ...]:
        out = []
        seen: set[str] = set()
        for cloc, craw in self.mapping_list(raw.get("categories"), _join(loc, "categories"), required=True):
            self.unknown_keys(craw, ("id", "label", "items"), cloc)
            items = []
            for iloc, iraw in self.mapping_list(craw.get("items"), _join(cloc, "items"), required=True):
                self.unknown_keys(iraw, ("id", "label", "weight"), iloc)
                item_id = self.name(iraw, "id", iloc, NAME)
                if item_id in seen:
                    self.p.add(_join(iloc, "id"), f"indicateur « {item_id} » en double")
                seen.add(item_id)
                items.append(ChecklistItem(item_id, self.text(iraw, "label", iloc), self.weight(iraw, iloc)))
            out.append(
                ChecklistCategory(self.name(craw, "id", cloc, NAME), self.text(craw, "label", cloc), tuple(items))
            )
        return tuple(out)

    def weight(self, raw: dict[Any, Any], loc: str, default: str = DEFAULT_WEIGHT) -> str:
        """An indicator's ``weight`` (strong | medium | weak), ``default`` when absent."""
        if raw.get("weight") is None:
            return default
        return self.choice(raw, "weight", loc, WEIGHTS)

    def parts(self, raw: dict[Any, Any], loc: str) -> tuple[str, ...]:
        parts = self.strings(raw.get("parts"), _join(loc, "parts"))
        for i, part in enumerate(parts):
            if part not in IDENTITY_PART_INDEX:
                self.p.add(
                    _join(_join(loc, "parts"), i),
                    f"rubrique d'identité inconnue « {shown(part)} »{hint(part, IDENTITY_PART_INDEX)}",
                )
        return tuple(p for p in parts if p in IDENTITY_PART_INDEX)

    def derived(self, value: Any) -> tuple[Derived, ...]:
        out: list[Derived] = []
        for loc, raw in self.mapping_list(value, "derived"):
            self.unknown_keys(raw, ("id", "type", "of", "category", "weight"), loc)
            derived_id = self.name(raw, "id", loc, NAME)
            if derived_id in self.field_types or any(d.id == derived_id for d in out):
                self.p.add(_join(loc, "id"), f"« {derived_id} » est déjà le nom d'un champ ou d'une valeur dérivée")
            type_name = self.choice(raw, "type", loc, tuple(DERIVED_TYPES))
            of = self.text(raw, "of", loc)
            if of and self.ref_type(of) != DERIVED_TYPES[type_name]:
                self.p.add(
                    _join(loc, "of"),
                    f"« {of} » doit désigner un champ de type {DERIVED_TYPES[type_name]}{hint(of, self.known_refs())}",
                )
            category = self.text(raw, "category", loc, required=False)
            if category:
                f = self.fields.get(of)
                categories = [c.id for c in f.categories] if f else []
                if type_name != "count" or category not in categories:
                    self.p.add(
                        _join(loc, "category"),
                        f"« {category} » n'est pas une catégorie de « {of} »{hint(category, categories)}",
                    )
            out.append(Derived(derived_id, type_name, of, category, self.derived_weight(raw, loc, type_name)))
        return tuple(out)

    def derived_weight(self, raw: dict[Any, Any], loc: str, type_name: str) -> str:
        """``weight`` of a ``count``: count only the indicators of that weight."""
        if raw.get("weight") is None:
            return ""
        if type_name != "count":
            self.p.add(_join(loc, "weight"), "« weight » ne s'emploie qu'avec type: count")
            return ""
        return self.weight(raw, loc, default="")

    def themes(self, value: Any) -> tuple[Theme, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.p.add("transcript", "un ensemble avec « themes » est attendu")
            return ()
        self.unknown_keys(value, ("themes",), "transcript")
        out: list[Theme] = []
        for loc, raw in self.mapping_list(value.get("themes"), "transcript.themes"):
            self.unknown_keys(raw, THEME_KEYS, loc)
            theme_id = self.name(raw, "id", loc, NAME)
            if any(t.id == theme_id for t in out):
                self.p.add(_join(loc, "id"), f"thème « {theme_id} » déjà défini")
            out.append(
                Theme(
                    id=theme_id,
                    title=self.text(raw, "title", loc),
                    guidance=self.text(raw, "guidance", loc, required=False),
                    questions=self.strings(raw.get("questions"), _join(loc, "questions")),
                    show_if=self.condition(raw, "show_if", loc, owner=f"theme:{theme_id}"),
                )
            )
        return tuple(out)

    def documents(self, value: Any) -> tuple[DocumentSpec, ...]:
        out: list[DocumentSpec] = []
        for loc, raw in self.mapping_list(value, "documents"):
            self.unknown_keys(raw, DOCUMENT_KEYS, loc)
            doc_id = self.name(raw, "id", loc, TEMPLATE_ID)
            if any(d.id == doc_id for d in out):
                self.p.add(_join(loc, "id"), f"document « {doc_id} » déjà défini")
            model = self.text(raw, "model", loc)
            if model and self.models and model not in self.models:
                self.p.add(_join(loc, "model"), f"modèle de document inconnu « {model} »{hint(model, self.models)}")
            out.append(
                DocumentSpec(
                    doc_id,
                    self.text(raw, "title", loc),
                    model,
                    self.condition(raw, "when", loc, owner=f"document:{doc_id}"),
                    self.language_field(raw, loc),
                )
            )
        return tuple(out)

    def language_field(self, raw: dict[Any, Any], loc: str) -> str | None:
        """``language_field`` names a ``choice`` field (its options are language codes)."""
        ref = raw.get("language_field")
        if ref is None:
            return None
        if not isinstance(ref, str) or self.field_types.get(ref) != "choice":
            known = [k for k, t in self.field_types.items() if t == "choice"]
            self.p.add(
                _join(loc, "language_field"),
                f"« {shown(ref)} » doit désigner un champ de type choice (la langue de remise){hint(ref, known)}",
            )
            return None
        return ref

    def advice(self, value: Any) -> tuple[Advice, ...]:
        out: list[Advice] = []
        for loc, raw in self.mapping_list(value, "advice"):
            self.unknown_keys(raw, ("title", "text", "when"), loc)
            out.append(
                Advice(
                    title=self.text(raw, "title", loc, required=False),
                    text=self.text(raw, "text", loc),
                    when=self.condition(raw, "when", loc, owner=f"advice:{len(out)}"),
                )
            )
        return tuple(out)

    def pv(self, value: Any, kind: str) -> PvRoles:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.p.add("pv", "un ensemble clé : valeur est attendu")
            return PvRoles()
        self.unknown_keys(value, ("title", "note", "signatories", *PV_ROLES), "pv")
        roles: dict[str, str | None] = {}
        for role, expected in PV_ROLES.items():
            ref = value.get(role)
            if ref is None:
                roles[role] = None
                continue
            actual = self.field_types.get(ref) if isinstance(ref, str) else None
            if actual != expected:
                known = [k for k, t in self.field_types.items() if t == expected]
                self.p.add(
                    f"pv.{role}",
                    f"« {shown(ref)} » doit désigner un champ de type {expected}{hint(ref, known)}",
                )
            roles[role] = ref if isinstance(ref, str) else None
        subject = self.fields.get(roles["subject"] or "")
        if subject is not None and subject.address_book:
            self.p.add(
                _join(self.locations[subject.id], "address_book"),
                "la personne entendue n'entre jamais au carnet d'adresses : retirez address_book",
            )
        if kind == "audition" and roles["subject"] is None:
            self.p.add("pv.subject", "un modèle d'audition doit désigner le champ identité de la personne entendue")
        title = self.text(value, "title", "pv", required=False) or PvRoles.title
        signatories = []
        for loc, raw in self.mapping_list(value.get("signatories"), "pv.signatories"):
            self.unknown_keys(raw, ("field", "label", "when"), loc)
            ref = self.text(raw, "field", loc)
            if ref and self.field_types.get(ref) != "identity":
                known = [k for k, t in self.field_types.items() if t == "identity"]
                self.p.add(_join(loc, "field"), f"« {ref} » doit désigner un champ de type identity{hint(ref, known)}")
            when = self.condition(raw, "when", loc, owner=f"signatory:{ref}")
            signatories.append(Signatory(ref, self.text(raw, "label", loc), when))
        note = self.text(value, "note", "pv", required=False)
        return PvRoles(title=title, signatories=tuple(signatories), note=note, **roles)

    def check_evvi_document(self, sections: tuple[Section, ...], documents: tuple[DocumentSpec, ...]) -> None:
        """Answers destined to the EVVI need the EVVI document, or they would be printed nowhere."""
        if any(d.model == EVVI_MODEL for d in documents):
            return
        for section in sections:
            for f in section.fields:
                if f.destination == EVVI:
                    self.p.add(
                        self.locations.get(f.id, "documents"),
                        f"« {f.id} » va dans l'évaluation personnalisée (destination evvi), mais aucun document "
                        f"n'a « model: {EVVI_MODEL} » : ajoutez-le à documents, ou donnez une autre destination",
                    )
                    return

    # --- references between parts -----------------------------------------
    def ref_type(self, ref: str) -> str | None:
        """The field type a condition REF reads, or None when it names nothing."""
        if ref in self.field_types:
            return self.field_types[ref]
        head, _, part = ref.partition(".")
        if part and self.field_types.get(head) == "identity":
            f = self.fields.get(head)
            allowed = f.parts if f and f.parts else tuple(IDENTITY_PART_INDEX)
            if part in allowed:
                return IDENTITY_PART_INDEX[part].type if IDENTITY_PART_INDEX[part].type != "long_text" else "text"
        return None

    def known_refs(self) -> list[str]:
        refs = list(self.field_types)
        for field_id, type_name in self.field_types.items():
            if type_name == "identity":
                f = self.fields.get(field_id)
                refs += [f"{field_id}.{p}" for p in (f.parts if f and f.parts else IDENTITY_PART_INDEX)]
        return refs

    def check_references(self, derived: tuple[Derived, ...]) -> None:
        derived_ids = {d.id for d in derived}
        for _owner, loc, condition in self.conditions:
            for ref in conditions.references(condition):
                if ref in derived_ids or self.ref_type(ref) is not None:
                    continue
                suggestion = hint(ref, [*self.known_refs(), *derived_ids])
                self.p.add(
                    f"{loc}.field" if "field" in condition else loc,
                    f"« {shown(ref)} » ne désigne aucun champ ni valeur dérivée{suggestion}",
                )

    def check_defaults(self) -> None:
        """``default_from`` names a text answer (a field or an identity part) or the hearing's place."""
        for loc, field_id, ref in self.defaults:
            if ref == PLACE_REF:
                continue
            source = self.ref_type(ref)
            if source is None:
                self.p.add(
                    loc,
                    f"« {shown(ref)} » ne désigne aucun champ, partie d'identité ni « {PLACE_REF} »"
                    f"{hint(ref, [*self.known_refs(), PLACE_REF])}",
                )
            elif ref.partition(".")[0] == field_id:
                self.p.add(loc, "un champ ne peut pas reprendre sa propre réponse")
            elif source not in ("text", "long_text"):
                self.p.add(loc, f"« {shown(ref)} » est de type {source} : default_from reprend un texte")

    def check_level_values(self, derived: tuple[Derived, ...]) -> None:
        """A condition on a ``level`` compares it with a weight: a typo there would never hold."""
        levels = {d.id for d in derived if d.type == "level"}
        if not levels:
            return
        for _owner, loc, condition in self.conditions:
            for where, leaf in _leaves(condition, loc):
                if leaf.get("field") not in levels:
                    continue
                op = "equals" if "equals" in leaf else "in" if "in" in leaf else None
                if op is None:
                    continue
                values = leaf[op] if op == "in" else [leaf[op]]
                for value in values:
                    if value not in WEIGHTS:
                        self.p.add(
                            f"{where}.{op}",
                            f"niveau « {shown(value)} » inconnu, attendu parmi : {', '.join(WEIGHTS)}"
                            f"{hint(value, WEIGHTS)}",
                        )

    def check_mentions(self) -> None:
        """Each ``{name}`` of a mention is ``{valeur}``, a field id, an identity part or an agreement.

        An identity part is written ``{x.nom}``; an agreement ``{accord:FÉMININ|MASCULIN}``, with
        exactly two non-empty forms. A mention prints the answers it cites wherever its own field goes: so it
        may cite only answers that go there too (or to the PV, read by all), never
        the investigator's notes into the signed PV.
        """
        owners = sorted(((loc, self.fields[fid]) for fid, loc in self.locations.items()), key=lambda x: -len(x[0]))
        for loc, text in self.mentions:
            owner = next((f for where, f in owners if loc.startswith(where + ".")), None)
            for name in mentions.names(text):
                if mentions.is_accord(name):
                    forms = mentions.accord_forms(name)
                    if len(forms) != 2 or not all(forms):
                        self.p.add(
                            loc,
                            f"« {{{shown(name, 60)}}} » : un accord s'écrit avec deux formes non vides, "
                            "la féminine puis la masculine, par ex. {accord:la mineure|le mineur}",
                        )
                    continue
                if name == mentions.VALUE or (mentions.NAME.match(name) and self.ref_type(name) is not None):
                    cited = self.fields.get(name.partition(".")[0])
                    if (
                        owner is not None
                        and cited is not None
                        and owner.destination != NOTES
                        and cited.destination not in (PV, owner.destination)
                    ):
                        self.p.add(
                            loc,
                            f"« {{{name}}} » va vers « {cited.destination} » : une mention imprimée vers "
                            f"« {owner.destination} » ne peut pas citer cette réponse (donnez aux deux champs "
                            "la même destination)",
                        )
                    continue
                self.p.add(
                    loc,
                    f"« {{{shown(name, 60)}}} » ne désigne aucun champ"
                    " (attendu : {valeur} ou {identifiant_d_un_champ})"
                    + hint(name, [mentions.VALUE, *self.known_refs()]),
                )
            if mentions.stray_brace(text):
                self.p.add(loc, "accolade isolée : un nom de champ s'écrit entre { et }, par ex. {valeur}")

    def check_cycles(self, derived: tuple[Derived, ...]) -> None:
        """A field shown only if itself (directly or not) is shown can never settle."""
        derived_of = {d.id: d.of.partition(".")[0] for d in derived}
        depends: dict[str, set[str]] = {}
        for owner, _loc, condition in self.conditions:
            if not owner.startswith(("field:", "section:")):
                continue
            node = owner
            targets = {
                "field:" + derived_of.get(ref, ref.partition(".")[0]) for ref in conditions.references(condition)
            }
            depends.setdefault(node, set()).update(targets)
        # A field also depends on its section's visibility.
        for field_id, section_id in self.owner_section.items():
            if section_id:
                depends.setdefault(f"field:{field_id}", set()).add(f"section:{section_id}")
        cycle = _find_cycle(depends)
        if cycle:
            names = [n.split(":", 1)[1] for n in cycle]
            if len(names) > 12:  # a chain of thousands of fields: its ends say enough
                names = [*names[:6], "…", *names[-6:]]
            self.p.add("sections", "conditions circulaires : " + " -> ".join(names))


def _leaves(condition: dict[str, Any], loc: str) -> Iterable[tuple[str, dict[str, Any]]]:
    """Each comparison of a (checked) condition with its location."""
    for key in ("all", "any"):
        if key in condition:
            for i, member in enumerate(condition[key]):
                yield from _leaves(member, f"{loc}.{key}[{i}]")
            return
    if "not" in condition:
        yield from _leaves(condition["not"], f"{loc}.not")
        return
    yield loc, condition


def _find_cycle(depends: dict[str, set[str]]) -> list[str] | None:
    """The first cycle of the graph (its nodes, the first one repeated at the end), or None.

    Depth-first, with an explicit stack: a template may chain thousands of
    conditions, far beyond Python's recursion limit.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(depends):
        if state.get(root):
            continue
        path = [root]
        pending = [iter(sorted(depends.get(root, ())))]
        state[root] = 1
        while pending:
            target = next(pending[-1], None)
            if target is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(target) == 1:
                return [*path[path.index(target) :], target]
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                pending.append(iter(sorted(depends.get(target, ()))))
    return None
