"""What the person has said so far in this hearing, as the words a question is compared with."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Said:
    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, answers: list[str] | tuple[str, ...]) -> Said:
        said = cls()
        for answer in answers:
            said = said.plus(answer)
        return said

    def plus(self, answer: str) -> Said:
        return Said(self.words | {w.lower() for w in _WORD.findall(answer)})


def warm() -> None:
    """Load what classifying needs ahead of the first question (nothing for these rules)."""
