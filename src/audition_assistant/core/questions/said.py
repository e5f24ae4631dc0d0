"""What the person has said so far in this hearing, as the lemma keys a question's words are compared with.

Each answer is lemmatised once, when it is added (``plus``): a question is then checked against a 300-entry
hearing by set look-ups, without reading the answers again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import lemmas


@dataclass(frozen=True)
class Said:
    keys: frozenset[str] = frozenset()

    @classmethod
    def of(cls, answers: Iterable[str]) -> Said:
        found: set[str] = set()
        for answer in answers:
            found |= _keys_of(answer)
        return cls(frozenset(found))

    def plus(self, answer: str) -> Said:
        """This, and ``answer`` (an immutable value: the hearing screen keeps one per entry if it wants)."""
        added = _keys_of(answer)
        return self if added <= self.keys else Said(self.keys | added)

    def has(self, word: str) -> bool:
        """Whether the person said ``word`` (one token, lower case) in some inflection."""
        return not self.keys.isdisjoint(lemmas.keys(word))


def _keys_of(answer: str) -> set[str]:
    found: set[str] = set()
    for word in lemmas.tokens(answer):
        found |= lemmas.keys(word)
    return found
