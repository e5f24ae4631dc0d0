"""Field types as data, and the checks that turn an answer into a clean value.

One table says which attributes each type takes; one function per type
checks a value. The answers-file import, the engine and the UI all go
through :func:`coerce`, so a value is judged the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import UserError
from ..french import counted, format_date, hhmm, identity_name
from ..text import clean, shown
from .model import Field


@dataclass(frozen=True)
class FieldType:
    name: str
    label: str
    attributes: frozenset[str]


_COMMON = frozenset({"id", "type", "label", "help", "required", "show_if", "mention", "destination", "in_pv"})

FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType("text", "Texte court", _COMMON | {"max_length", "default_from"}),
        FieldType("long_text", "Texte long", _COMMON | {"default_from"}),
        FieldType("date", "Date", _COMMON),
        FieldType("time", "Heure", _COMMON),
        FieldType("integer", "Nombre entier", _COMMON | {"min", "max"}),
        FieldType("yes_no", "Oui / non", _COMMON | {"mention_no"}),
        FieldType("choice", "Choix unique", _COMMON | {"options", "options_from", "default_from"}),
        FieldType("multi_choice", "Choix multiple", _COMMON | {"options"}),
        FieldType("identity", "Identité d'une personne", _COMMON | {"parts", "address_book"}),
        FieldType("group", "Liste répétable", _COMMON | {"fields", "item_label"}),
        FieldType("checklist", "Liste d'indicateurs", _COMMON | {"categories"}),
    )
}

# Types a repeatable group may hold: a group of groups would have no sane
# layout in a PV or on screen.
GROUP_MEMBER_TYPES = frozenset(FIELD_TYPES) - {"identity", "group", "checklist"}


@dataclass(frozen=True)
class IdentityPart:
    id: str
    label: str
    type: str  # a scalar field type


IDENTITY_PARTS: tuple[IdentityPart, ...] = (
    IdentityPart("nom", "Nom", "text"),
    IdentityPart("nom_usage", "Nom d'usage", "text"),
    IdentityPart("prenoms", "Prénoms", "text"),
    IdentityPart("sexe", "Sexe", "text"),
    IdentityPart("date_naissance", "Date de naissance", "date"),
    IdentityPart("lieu_naissance", "Lieu de naissance", "text"),
    IdentityPart("pays_naissance", "Pays de naissance", "text"),
    IdentityPart("nationalite", "Nationalité", "text"),
    IdentityPart("pere", "Père", "text"),
    IdentityPart("mere", "Mère", "text"),
    IdentityPart("situation_familiale", "Situation familiale", "text"),
    IdentityPart("enfants", "Enfants", "text"),
    IdentityPart("profession", "Profession", "text"),
    IdentityPart("adresse", "Domicile ou adresse déclarée", "long_text"),
    IdentityPart("telephone", "Téléphone", "text"),
    IdentityPart("piece_identite", "Pièce d'identité", "text"),
    IdentityPart("detenteur_piece", "Détenteur de la pièce", "text"),
    IdentityPart("langues", "Langues parlées", "text"),
    IdentityPart("sait_lire", "Sait lire le français", "yes_no"),
)
IDENTITY_PART_INDEX = {p.id: p for p in IDENTITY_PARTS}
# Parts an identity marked ``required`` must hold.
IDENTITY_REQUIRED_PARTS = ("nom", "prenoms")

# Longest answer accepted for one value: far beyond any real answer (a 50-page
# hearing is ~150,000 characters in all) yet bounded so a stray paste of a
# whole file cannot wedge the database or the exporter.
MAX_TEXT_LENGTH = 2_000_000
MAX_GROUP_ITEMS = 500


class ValueProblem(UserError, ValueError):
    """An answer that does not fit its field; the message is French."""


def identity_parts(f: Field) -> tuple[IdentityPart, ...]:
    if not f.parts:
        return IDENTITY_PARTS
    return tuple(IDENTITY_PART_INDEX[p] for p in f.parts)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return not any(not is_empty(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _text(value: Any, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise ValueProblem("un texte est attendu")
    limit = min(max_length or MAX_TEXT_LENGTH, MAX_TEXT_LENGTH)
    if len(value) > limit:
        raise ValueProblem(f"texte trop long ({len(value)} caractères, {limit} au plus)")
    return clean(value)


def _date(value: Any) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueProblem("une date AAAA-MM-JJ est attendue")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueProblem(f"date invalide « {shown(value)} » (format attendu AAAA-MM-JJ)") from None


def _time(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem("une heure HH:MM est attendue")
    try:
        parsed = dt.time.fromisoformat(value.strip())
    except ValueError:
        raise ValueProblem(f"heure invalide « {shown(value)} » (format attendu HH:MM)") from None
    return parsed.strftime("%H:%M")


def _integer(f: Field, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        else:
            raise ValueProblem("un nombre entier est attendu")
    if f.minimum is not None and value < f.minimum:
        raise ValueProblem(f"le nombre doit être au moins {f.minimum}")
    if f.maximum is not None and value > f.maximum:
        raise ValueProblem(f"le nombre doit être au plus {f.maximum}")
    return int(value)


def _yes_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueProblem("oui (true) ou non (false) est attendu")
    return value


def _choice(f: Field, value: Any) -> str:
    allowed = [o.value for o in f.options]
    if value not in allowed:
        raise ValueProblem(f"valeur « {shown(value)} » hors des choix : {', '.join(allowed)}")
    return str(value)


def _multi_choice(f: Field, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueProblem("une liste de choix est attendue")
    chosen = [_choice(f, v) for v in value]
    return list(dict.fromkeys(chosen))


def _identity(f: Field, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueProblem("un bloc d'identité (rubrique : valeur) est attendu")
    allowed = {p.id: p for p in identity_parts(f)}
    clean: dict[str, Any] = {}
    for key, part_value in value.items():
        part = allowed.get(key)
        if part is None:
            raise ValueProblem(f"rubrique d'identité inconnue « {shown(key)} »")
        if part_value is None:
            continue
        try:
            clean[key] = _scalar(part.type, part_value)
        except ValueProblem as problem:
            raise ValueProblem(f"{part.label} : {problem}") from None
    return clean


def _group(f: Field, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueProblem("une liste d'éléments est attendue")
    if len(value) > MAX_GROUP_ITEMS:
        raise ValueProblem(f"trop d'éléments ({len(value)}, {MAX_GROUP_ITEMS} au plus)")
    members = {m.id: m for m in f.subfields}
    items = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueProblem(f"élément {index} : un ensemble de rubriques est attendu")
        clean = {}
        for key, member_value in item.items():
            member = members.get(key)
            if member is None:
                raise ValueProblem(f"élément {index} : rubrique inconnue « {shown(key)} »")
            if member_value is None:
                continue
            try:
                clean[key] = coerce(member, member_value)
            except ValueProblem as problem:
                raise ValueProblem(f"élément {index}, {member.label} : {problem}") from None
        items.append(clean)
    return items


def _checklist(f: Field, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueProblem("une liste d'indicateurs cochés est attendue")
    known = {item.id for c in f.categories for item in c.items}
    for item_id in value:
        if not isinstance(item_id, str) or item_id not in known:
            raise ValueProblem(f"indicateur inconnu « {shown(item_id)} »")
    return list(dict.fromkeys(value))


def _scalar(type_name: str, value: Any) -> Any:
    if type_name in ("text", "long_text"):
        return _text(value)
    if type_name == "date":
        return _date(value)
    if type_name == "yes_no":
        return _yes_no(value)
    raise AssertionError(type_name)


# One checker per field type; each returns the clean value or raises ValueProblem.
_CHECKERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": lambda f, v: _text(v, f.max_length),
    "long_text": lambda f, v: _text(v),
    "date": lambda f, v: _date(v),
    "time": lambda f, v: _time(v),
    "integer": _integer,
    "yes_no": lambda f, v: _yes_no(v),
    "choice": _choice,
    "multi_choice": _multi_choice,
    "identity": _identity,
    "group": _group,
    "checklist": _checklist,
}


def coerce(f: Field, value: Any) -> Any:
    """Return the clean value of ``value`` for field ``f`` or raise ValueProblem.

    ``None`` always means "not answered" and is returned as is.
    """
    if value is None:
        return None
    return _CHECKERS[f.type](f, value)


def display(f: Field, value: Any) -> str:
    """The value as a French reader sees it (PV, preview, review page)."""
    if is_empty(value):
        return ""
    match f.type:
        case "yes_no":
            return "oui" if value else "non"
        case "date":
            return format_date(value)
        case "choice":
            return f.option_label(value)
        case "multi_choice":
            return ", ".join(f.option_label(v) for v in value)
        case "checklist":
            labels = []
            for item_id in value:
                found = f.checklist_item(item_id)
                labels.append(found[1].label if found else item_id)
            return ", ".join(labels)
        case "identity":
            return identity_name(value)
        case "group":
            return counted(len(value), "élément", "éléments")
        case "time":
            try:
                return hhmm(dt.time.fromisoformat(str(value)))
            except ValueError:
                return str(value)
    return str(value)
