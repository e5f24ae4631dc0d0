"""The rules that sort a question into its category, with the reason shown to the investigator."""

from __future__ import annotations

from .profile import Classification
from .said import Said

_OPENERS = ("racontez", "raconte", "dites-m", "dis-m", "parlez", "parle-m", "expliquez", "explique", "décrivez")
_WH = ("qui", "où", "quand", "comment", "pourquoi", "combien", "que ", "qu'", "quel", "quoi", "à qui", "avec qui")


def classify(question: str, said: Said) -> Classification:
    text = question.strip().lower()
    if text.startswith(_OPENERS):
        return Classification("invitation")
    if text.startswith(_WH):
        return Classification("directive", "")
    return Classification("option", "appelle un oui ou un non")
