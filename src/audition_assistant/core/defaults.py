"""Answers typed once: a field's ``default_from`` fills it from another answer.

The person's language, asked once in her identity, fills the language of the
rights notice, of the interpretation and of the handed documents; the place
given when the hearing is created fills the section's place. A default is a
pre-filled answer, saved like any other and changed like any other: a field
follows its source only while it still holds what the source gave it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .templates.fieldtypes import is_empty
from .templates.model import PLACE_REF, Field, Template

# Identity parts that hold a list ("espagnol, anglais"): a default takes its first item.
LIST_PARTS = frozenset({"langues"})
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;/]|\bet\b)\s*")
_LABEL_PARTS = re.compile(r"[()]")


def source_value(ref: str, answers: Mapping[str, Any]) -> Any:
    """What ``ref`` (a field id or ``field.part``) holds in ``answers``."""
    head, _, part = ref.partition(".")
    value = answers.get(head)
    if not part:
        return value
    value = value.get(part) if isinstance(value, dict) else None
    if part in LIST_PARTS and isinstance(value, str):
        return next((item for item in _LIST_SEPARATOR.split(value.strip()) if item), "")
    return value


def default_for(target: Field, source: Any) -> Any:
    """The answer ``target`` takes from a source value, or None when it gives nothing."""
    if is_empty(source) or isinstance(source, (dict, list, bool)):
        return None
    text = str(source).strip()
    if target.type != "choice":
        return text[: target.max_length] if target.max_length else text
    wanted = _plain(text)
    for option in target.options:
        # "espagnol (español)": the French name, the name in the language, or the whole label.
        label = _plain(option.label)
        names = {label, *(n.strip() for n in _LABEL_PARTS.split(label) if n.strip())}
        if wanted in names:
            return option.value
    return None


def fills(template: Template, answers: Mapping[str, Any], field_id: str, before: Any) -> dict[str, Any]:
    """The answers to fill now that ``field_id`` changed from ``before`` to its value in ``answers``.

    A field is filled when it is empty, or still holds what the old value gave
    it: an answer the investigator changed by hand is never overwritten. A field
    that only held the old default is emptied (None) when the new value gives
    nothing, so a choice matched halfway through typing ("ro" for "romani") does not stay.
    """
    old = dict(answers)
    old[field_id] = before
    out: dict[str, Any] = {}
    for target in template.field_index().values():
        ref = target.default_from
        if not ref or ref.partition(".")[0] != field_id:
            continue
        new = default_for(target, source_value(ref, answers))
        current = answers.get(target.id)
        if new == current:
            continue
        given = default_for(target, source_value(ref, old))
        if (is_empty(current) and new is not None) or (not is_empty(current) and current == given):
            out[target.id] = new
    return out


def initial(template: Template, place: str) -> dict[str, Any]:
    """The answers a new hearing starts with: the fields whose default is the place given at creation."""
    out: dict[str, Any] = {}
    for target in template.field_index().values():
        if target.default_from == PLACE_REF:
            value = default_for(target, place)
            if value is not None:
                out[target.id] = value
    return out


def _plain(text: str) -> str:
    """Compared without case or accents: "Español" meets "espanol"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
