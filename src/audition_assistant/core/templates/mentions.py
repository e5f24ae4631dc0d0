"""Placeholders in a template's mentions: ``{valeur}``, ``{other_field_id}`` and ``{accord:…|…}``.

A mention is French prose the template author wrote ("l'interprète est
inscrit sur la liste de la cour d'appel de {valeur}."). ``{valeur}`` is the
field's own shown value; ``{x}`` the shown value of field ``x``; ``{x.part}``
one part of identity field ``x``; ``{accord:la mineure|le mineur}`` the
feminine or masculine form, agreeing with the person heard. The validator
checks every name against the template (``names``, ``accord_forms``); the
engine fills them (``fill``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

VALUE = "valeur"
NOT_FILLED = "[non renseigné]"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
ACCORD = "accord"
_ACCORD_PREFIX = ACCORD + ":"


def is_accord(name: str) -> bool:
    """``accord:…``: an agreement placeholder, not a field's name."""
    return name.strip().startswith(_ACCORD_PREFIX)


def accord_forms(name: str) -> list[str]:
    """The forms written in ``accord:FÉMININ|MASCULIN``, as written (the validator wants exactly two, non-empty)."""
    return [form.strip() for form in name.strip()[len(_ACCORD_PREFIX) :].split("|")]


def field_names(text: str) -> list[str]:
    """The names of ``text`` that cite a field (``{valeur}`` included), agreement placeholders left out."""
    return [name for name in names(text) if not is_accord(name)]


def names(text: str) -> list[str]:
    """Every name written between braces, in order (possibly malformed: the validator judges)."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(text)]


def stray_brace(text: str) -> bool:
    """A ``{`` or ``}`` that opens or closes no placeholder."""
    rest = _PLACEHOLDER.sub("", text)
    return "{" in rest or "}" in rest


def fill(text: str, shown: Callable[[str], str]) -> str:
    """``text`` with each ``{name}`` replaced by ``shown(name)``, or ``[non renseigné]`` when empty."""
    return _PLACEHOLDER.sub(lambda m: shown(m.group(1)).strip() or NOT_FILLED, text)


def in_sentence(label: str) -> str:
    """An option label the template wrote, inside a sentence: "Psychologue" -> "psychologue", "OPJ" stays.

    Only ever applied to labels from the template, never to what the user typed.
    """
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
