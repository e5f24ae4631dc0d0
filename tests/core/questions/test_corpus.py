"""The labelled corpus: per-category precision and recall above the issue's floors.

Two tuning files, each held to the floors on its own: tuning.tsv, which the rules were written against, and
tuning-2.tsv, the first held-out part, measured once and then used for tuning. The held-out part (heldout.tsv),
written by someone else, is never shown to the rules' author: its figures say how they do on new questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audition_assistant.core.questions import CATEGORIES, classify
from audition_assistant.core.questions.scoring import Scores, read_corpus, score

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "questions"
FLOORS = {"invitation": 0.85, "directive": 0.85, "option": 0.85, "suggestive": 0.75}


def below_floors(scores: Scores) -> list[str]:
    problems = []
    for category in CATEGORIES:
        for name, value in (("precision", scores.precision(category)), ("recall", scores.recall(category))):
            if value < FLOORS[category]:
                problems.append(f"{category}: {name} {value:.2f} < {FLOORS[category]}")
    return problems


def misses(scores: Scores) -> str:
    return "\n".join(
        f"  line {m.row.line}: {m.row.category} -> {m.found.category} ({m.found.reason}): {m.row.question}"
        for m in scores.misses
    )


def test_the_tuning_corpus_is_large_and_varied_enough():
    rows = read_corpus(CORPUS / "tuning.tsv")
    assert len(rows) >= 200
    for category in CATEGORIES:
        assert sum(r.category == category for r in rows) >= 50, category
    notes = [set(r.note.split(",")) for r in rows]
    assert sum("interprète" in n for n in notes) >= 20
    assert sum("nouveau détail" in n for n in notes) >= 15
    for tag in ("mineur", "majeur", "tu", "vous"):
        assert sum(tag in n for n in notes) >= 20, tag
    # The same question, suggestive without what she said and not once she said it.
    by_question: dict[str, set[str]] = {}
    for row in rows:
        by_question.setdefault(row.question, set()).add(row.category)
    pairs = [q for q, found in by_question.items() if "suggestive" in found and len(found) > 1]
    assert len(pairs) >= 15


TUNING = ("tuning.tsv", "tuning-2.tsv")


@pytest.mark.parametrize("name", TUNING)
def test_tuning_corpus_precision_and_recall_per_category(name):
    scores = score(read_corpus(CORPUS / name), classify)
    problems = below_floors(scores)
    assert not problems, "\n".join(problems) + "\n" + misses(scores)


def test_held_out_corpus_precision_and_recall_per_category():
    """The part the rules were not tuned on (tests/fixtures/questions/heldout.tsv), reported on its own: its
    absence is a failure, never a skip."""
    path = CORPUS / "heldout.tsv"
    if not path.exists():
        pytest.fail("tests/fixtures/questions/heldout.tsv is missing: the held-out part of the corpus")
    scores = score(read_corpus(path), classify)
    problems = below_floors(scores)
    assert not problems, "\n".join(problems) + "\n" + misses(scores)


def test_a_corpus_row_with_an_unknown_category_is_named_by_its_line(tmp_path):
    path = tmp_path / "corpus.tsv"
    path.write_text(
        "category\tquestion\tsaid\tnote\n"
        "invitation\tEt ensuite ?\tIl est parti. || Je suis restée.\n"
        "ouverte\tOù ?\t\tmajeur\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"corpus.tsv:3: "):
        read_corpus(path)
    path.write_text(
        "category\tquestion\tsaid\tnote\ninvitation\tEt ensuite ?\tIl est parti. || Je suis restée.\n", encoding="utf-8"
    )
    (row,) = read_corpus(path)
    assert row.said == ("Il est parti.", "Je suis restée.") and row.note == ""
