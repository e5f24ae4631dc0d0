"""The plain values a Word model reads: dicts, lists, text, and two dict kinds.

The context given to a model is built in the application's process and sent
to the rendering process (``model_sandbox``) as plain data: no store, no
function, nothing a template could walk back to the hearing's other data.
The functions a model calls (``accord``, ``case``) are made there, from that data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

CHECKED, UNCHECKED = "☒", "☐"
PLAIN = (str, int, float, bool, type(None))


class Values(dict[str, Any]):
    """Answers by field id; a field the hearing's template lacks reads as empty.

    Models are shared between templates (adult, minor...), so ``champs.x`` for
    a field absent from one template is blank rather than an error.
    """

    def __missing__(self, key: str) -> str:
        return ""


class Identity(dict[str, Any]):
    """An identity block: every part (empty when unknown), and ``NOM Prénoms`` when printed whole.

    Unlike :class:`Values`, a misspelt part (``personne.nom_compelt``) is an error.
    """

    def __str__(self) -> str:
        return str(self.get("nom_complet", ""))

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


def is_plain(value: Any) -> bool:
    """Only text, numbers, booleans, None, and dicts and lists of them (Values and Identity included)."""
    if isinstance(value, PLAIN):
        return True
    if type(value) in (dict, Values, Identity):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    if type(value) in (list, tuple):
        return all(is_plain(v) for v in value)
    return False


def functions(context: Mapping[str, Any]) -> dict[str, Callable[..., str]]:
    """``accord`` and ``case``, the functions a model calls, made from the plain context."""
    from ..french import agree
    from ..templates.fieldtypes import is_empty

    person = context.get("personne") or {}
    sex = person.get("sexe") if isinstance(person, Mapping) else None

    def accord(feminine: str, masculine: str) -> str:
        """``{{ accord('née', 'né') }}``: agreement with the person heard (feminine when unknown)."""
        return agree(sex, feminine, masculine)

    def case(value: Any) -> str:
        """``{{ case(valeurs.x) }}``: a ticked or empty box."""
        return CHECKED if value and not is_empty(value) else UNCHECKED

    return {"accord": accord, "case": case}
