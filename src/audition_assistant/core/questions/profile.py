"""A question's category and reason, and a hearing's question-type profile (counts and proportions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .said import Said

Category = Literal["invitation", "directive", "option", "suggestive"]
CATEGORIES: tuple[Category, ...] = ("invitation", "directive", "option", "suggestive")
# The words the review, the mark and the evaluation document use.
LABELS: dict[str, str] = {
    "invitation": "invitation",
    "directive": "directive",
    "option": "question fermée ou à choix",
    "suggestive": "suggestive",
}


@dataclass(frozen=True)
class Classification:
    category: Category
    reason: str = ""  # one line in French; empty for an invitation


@dataclass(frozen=True)
class QuestionProfile:
    """Each entry's classification, in the hearing's order, and the counts per category."""

    entries: tuple[tuple[int, Classification], ...]  # (entry id, its classification)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
        for _entry, found in self.entries:
            counts[found.category] += 1
        return counts

    @property
    def total(self) -> int:
        return len(self.entries)

    def proportion(self, category: str) -> float:
        return self.counts[category] / self.total if self.total else 0.0


def profile_of(
    entries: Iterable[tuple[int, str, str]], classify: Callable[[str, Said], Classification]
) -> QuestionProfile:
    """Classify each (id, question, answer) against the answers given before it in this hearing."""
    said = Said()
    out = []
    for entry_id, question, answer in entries:
        if question.strip():
            out.append((entry_id, classify(question, said)))
        said = said.plus(answer)
    return QuestionProfile(tuple(out))
