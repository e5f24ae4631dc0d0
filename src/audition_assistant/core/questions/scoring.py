"""The labelled corpus (tests/fixtures/questions/*.tsv) read, classified and scored per category.

Shared by the corpus test and tools/question_report.py, which writes the tables of docs/types-de-questions.md:
both report the same figures.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .profile import CATEGORIES, Category, Classification
from .said import Said

SEPARATOR = " || "  # between two of the person's answers in the ``said`` column


@dataclass(frozen=True)
class Row:
    line: int
    category: Category
    question: str
    said: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Miss:
    row: Row
    found: Classification


@dataclass(frozen=True)
class Scores:
    """Counts per (expected, found) category, and what was missed."""

    confusion: dict[tuple[str, str], int]
    misses: tuple[Miss, ...]
    total: int

    def precision(self, category: str) -> float:
        found = sum(n for (_expected, got), n in self.confusion.items() if got == category)
        return self.confusion.get((category, category), 0) / found if found else 0.0

    def recall(self, category: str) -> float:
        expected = sum(n for (want, _got), n in self.confusion.items() if want == category)
        return self.confusion.get((category, category), 0) / expected if expected else 0.0

    def support(self, category: str) -> int:
        return sum(n for (want, _got), n in self.confusion.items() if want == category)

    @property
    def accuracy(self) -> float:
        right = sum(self.confusion.get((c, c), 0) for c in CATEGORIES)
        return right / self.total if self.total else 0.0


def read_corpus(path: Path) -> list[Row]:
    """The rows of a corpus file: ValueError naming the line for an unknown category or a missing column."""
    rows: list[Row] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["category", "question", "said", "note"]:
            raise ValueError(f"{path}: header must be category, question, said, note: {header}")
        for number, cells in enumerate(reader, start=2):
            if not cells or not "".join(cells).strip():
                continue
            if len(cells) == 3:  # an empty note whose tab was left out
                cells.append("")
            if len(cells) != 4 or cells[0] not in CATEGORIES:
                raise ValueError(f"{path}:{number}: expected 4 columns and a known category: {cells}")
            said = tuple(part.strip() for part in cells[2].split(SEPARATOR.strip()) if part.strip())
            rows.append(Row(number, cells[0], cells[1], said, cells[3]))
    return rows


def score(rows: Sequence[Row], classify: Callable[[str, Said], Classification]) -> Scores:
    confusion: dict[tuple[str, str], int] = {}
    misses: list[Miss] = []
    for row in rows:
        found = classify(row.question, Said.of(row.said))
        key = (row.category, found.category)
        confusion[key] = confusion.get(key, 0) + 1
        if found.category != row.category:
            misses.append(Miss(row, found))
    return Scores(confusion, tuple(misses), len(rows))
