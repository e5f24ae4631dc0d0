"""Write the precision and recall tables of docs/types-de-questions.md from the labelled corpus.

Three parts of tests/fixtures/questions/: tuning.tsv (réglage), tuning-2.tsv (réglage n° 2, the first held-out
part, measured once and then used for tuning) and heldout.tsv (contrôle). Each is classified and scored per
category (core/questions/scoring.py, as the corpus test does); the table of each replaces the text between its
markers in the document (``<!-- figures:tuning -->`` … ``<!-- /figures:tuning -->``). The confusion matrices
and the missed questions are printed.

Usage: .venv/bin/python tools/question_report.py [--print]   (--print: print only, the document left as it is)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from audition_assistant.core.questions import CATEGORIES, LABELS, classify
from audition_assistant.core.questions.scoring import Scores, read_corpus, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "questions"
DOC = ROOT / "docs" / "types-de-questions.md"
PARTS = {
    "tuning": "réglage",
    "tuning-2": "réglage n° 2 (première partie de contrôle, mesurée une fois puis utilisée pour le réglage)",
    "heldout": "contrôle (non vue pendant le réglage)",
}


def french(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def table(scores: Scores) -> str:
    lines = [
        "| catégorie | questions | précision | rappel |",
        "|---|---:|---:|---:|",
    ]
    for category in CATEGORIES:
        lines.append(
            f"| {LABELS[category]} | {scores.support(category)} | {french(scores.precision(category))} "
            f"| {french(scores.recall(category))} |"
        )
    lines.append(f"| **ensemble** | {scores.total} | exactitude {french(scores.accuracy)} | |")
    return "\n".join(lines)


def confusion(scores: Scores) -> str:
    width = max(len(c) for c in CATEGORIES) + 2
    head = "attendu \\ trouvé".ljust(width + 6) + "".join(c[:10].rjust(12) for c in CATEGORIES)
    rows = [head]
    for expected in CATEGORIES:
        counts = "".join(str(scores.confusion.get((expected, found), 0)).rjust(12) for found in CATEGORIES)
        rows.append(expected.ljust(width + 6) + counts)
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    only_print = "--print" in argv
    text = DOC.read_text(encoding="utf-8")
    for name, title in PARTS.items():
        path = CORPUS / f"{name}.tsv"
        if path.exists():
            scores = score(read_corpus(path), classify)
            body = f"Partie de {title} : `{path.relative_to(ROOT)}`, {scores.total} questions.\n\n{table(scores)}"
            print(f"== {path.relative_to(ROOT)} ({scores.total} questions)\n{confusion(scores)}")
            for miss in scores.misses:
                print(
                    f"  ligne {miss.row.line}: {miss.row.category} -> {miss.found.category}"
                    f" ({miss.found.reason}): {miss.row.question}"
                )
        else:
            body = f"Partie de {title} : `tests/fixtures/questions/{name}.tsv` absent, pas encore mesurée."
        marker = re.compile(rf"(<!-- figures:{name} -->).*?(<!-- /figures:{name} -->)", re.DOTALL)
        if not marker.search(text):
            print(f"{DOC}: markers <!-- figures:{name} --> missing", file=sys.stderr)
            return 1
        text = marker.sub(lambda m, body=body: f"{m.group(1)}\n{body}\n{m.group(2)}", text)
    if not only_print:
        DOC.write_text(text, encoding="utf-8")
        print(f"written: {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
