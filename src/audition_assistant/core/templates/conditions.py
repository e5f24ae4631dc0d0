"""Conditions written as data in templates: their grammar and their evaluation.

A condition is one of::

    {field: REF, equals: VALUE}      {field: REF, in: [V1, V2]}
    {field: REF, is_set: true}       {field: REF, less_than: N}
    {field: REF, at_least: N}        {all: [C, ...]}  {any: [C, ...]}  {not: C}

``REF`` names a field, an identity part (``victime.nationalite``) or a
derived value. Nothing here is ever passed to ``eval``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..text import shown
from .fieldtypes import is_empty
from .suggest import hint

COMPARISONS = ("equals", "in", "is_set", "less_than", "at_least")
COMBINATORS = ("all", "any", "not")
# Deep nesting is never needed by a real template; the bound keeps a hostile
# file from exhausting the stack.
MAX_DEPTH = 32

Lookup = Callable[[str], Any]


def evaluate(condition: dict[str, Any] | None, lookup: Lookup) -> bool:
    """True when ``condition`` holds; ``None`` (no condition) always holds."""
    if condition is None:
        return True
    if "all" in condition:
        return all(evaluate(c, lookup) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, lookup) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], lookup)
    value = lookup(condition["field"])
    if "equals" in condition:
        return _same(value, condition["equals"])
    if "in" in condition:
        return any(_same(value, v) for v in condition["in"])
    if "is_set" in condition:
        return (not is_empty(value)) == bool(condition["is_set"])
    if "less_than" in condition:
        return _number(value) is not None and _number(value) < condition["less_than"]
    if "at_least" in condition:
        return _number(value) is not None and _number(value) >= condition["at_least"]
    raise AssertionError(f"unchecked condition {condition!r}")


def _same(value: Any, expected: Any) -> bool:
    if isinstance(value, list):  # multi_choice / checklist: "contains"
        return expected in value
    if isinstance(value, str) and isinstance(expected, str):
        return value.strip().casefold() == expected.strip().casefold()
    return bool(value == expected)


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def references(condition: dict[str, Any] | None) -> Iterator[str]:
    """Every REF a (checked) condition reads."""
    if condition is None:
        return
    for key in ("all", "any"):
        if key in condition:
            for c in condition[key]:
                yield from references(c)
            return
    if "not" in condition:
        yield from references(condition["not"])
        return
    yield condition["field"]


def fields_named(condition: dict[str, Any] | None) -> set[str]:
    """The fields (or derived values) a condition reads, an identity part counting as its field."""
    return {ref.partition(".")[0] for ref in references(condition)}


def check(condition: Any, path: str, depth: int = 0) -> Iterable[tuple[str, str]]:
    """Problems of grammar in ``condition`` as ``(path, French message)``.

    Whether REFs exist is checked by the template validator, which knows
    the fields.
    """
    if depth > MAX_DEPTH:
        yield path, f"condition imbriquée trop profondément (plus de {MAX_DEPTH} niveaux)"
        return
    if not isinstance(condition, dict):
        yield path, "une condition doit être un ensemble clé : valeur"
        return
    combinator = [k for k in COMBINATORS if k in condition]
    if combinator:
        key = combinator[0]
        if len(condition) != 1:
            extra = sorted(shown(k) for k in condition if k != key)
            yield path, f"« {key} » ne se combine pas avec : {', '.join(extra)}"
            return
        if key == "not":
            yield from check(condition["not"], f"{path}.not", depth + 1)
            return
        members = condition[key]
        if not isinstance(members, list) or not members:
            yield f"{path}.{key}", "une liste non vide de conditions est attendue"
            return
        for i, member in enumerate(members):
            yield from check(member, f"{path}.{key}[{i}]", depth + 1)
        return
    if "field" not in condition:
        yield (
            path,
            (
                "condition sans « field » ni « all » / « any » / « not » "
                f"(clés trouvées : {', '.join(sorted(map(shown, condition))) or 'aucune'})"
            ),
        )
        return
    if not isinstance(condition["field"], str) or not condition["field"]:
        yield f"{path}.field", "le nom d'un champ est attendu"
    ops = [k for k in condition if k != "field"]
    if len(ops) != 1 or ops[0] not in COMPARISONS:
        unknown = [k for k in ops if k not in COMPARISONS]
        if unknown:
            yield path, f"opérateur inconnu « {shown(unknown[0])} »{hint(unknown[0], COMPARISONS)}"
        else:
            yield path, f"une seule comparaison attendue parmi : {', '.join(COMPARISONS)}"
        return
    op = ops[0]
    operand = condition[op]
    if op == "in" and (not isinstance(operand, list) or not operand):
        yield f"{path}.in", "une liste non vide de valeurs est attendue"
    elif op == "is_set" and not isinstance(operand, bool):
        yield f"{path}.is_set", "true ou false est attendu"
    elif op in ("less_than", "at_least") and (isinstance(operand, bool) or not isinstance(operand, int | float)):
        yield f"{path}.{op}", "un nombre est attendu"
    elif op == "equals" and not isinstance(operand, str | int | float | bool):
        yield f"{path}.equals", "une valeur simple (texte, nombre, true/false) est attendue"
