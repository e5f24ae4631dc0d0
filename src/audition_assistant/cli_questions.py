"""Command line: the question types (« questions classify »), one question a line on standard input.

Without ``--hearing`` no database is opened (no passphrase); with it, the hearing's answers are what the person
has said, and reading them is recorded in the audit trail like opening the hearing.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, BinaryIO

from .cli_contract import EXIT_INVALID, CliError

if TYPE_CHECKING:
    from .core.paths import DataPaths
    from .core.questions import Said

SCREEN = "ligne de commande, classement des questions"  # the ``ecran`` of the audit's hearing_opened entry


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    questions = commands.add_parser("questions", help="classify questions by type: invitation, directive, option, "
                                    "suggestive (an aid, never a verdict)")  # fmt: skip
    actions = questions.add_subparsers(dest="questions_command", metavar="ACTION", required=True)
    classify = actions.add_parser(
        "classify",
        help="read one question per line on standard input (UTF-8) and print, for each line and in order, "
        "CATEGORY<TAB>REASON (category: invitation, directive, option or suggestive; the reason in French, empty "
        "for an invitation); a blank input line gives a blank output line",
        description="Each line of standard input (UTF-8; a BOM and CRLF line ends are accepted) is one question. "
        "For each, in order, one line is printed: the category (invitation, directive, option or suggestive), a "
        "tab, and the reason in French (empty for an invitation). A blank or whitespace-only line gives a blank "
        "line, so that output line N always answers input line N. Without --hearing, a detail is new when the "
        "question is the only text given; with --hearing ID, the hearing's answers are what the person has said.",
    )
    classify.add_argument(
        "--hearing",
        type=int,
        metavar="ID",
        help="take this hearing's answers as what the person has said (opens the database; recorded as a "
        "consultation in the audit trail)",
    )


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .core import questions

    said = _hearing_said(args, paths) if args.hearing is not None else questions.Said()
    questions.warm()
    return classify_lines(sys.stdin.buffer, said)


def classify_lines(source: BinaryIO, said: Said) -> int:
    """One output line per input line, written as it comes, so that a pipe gets each answer at once."""
    from .core.questions import classify

    out = sys.stdout.buffer
    for number, raw in enumerate(source, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise CliError(
                f"la ligne {number} de l'entrée standard n'est pas du texte UTF-8 valide (octet {error.start + 1}) : "
                "les lignes suivantes n'ont pas été classées",
                EXIT_INVALID,
            ) from None
        question = line.rstrip("\r\n")
        if not question.strip():
            out.write(b"\n")
        else:
            found = classify(question, said)
            out.write(f"{found.category}\t{found.reason}\n".encode())
        out.flush()
    return 0


def _hearing_said(args: argparse.Namespace, paths: DataPaths) -> Said:
    from .commands import open_workspace
    from .core.questions import Said

    with open_workspace(args, paths) as workspace:
        store = workspace.store
        store.hearing(args.hearing)  # « Audition n° … introuvable. » for an unknown one
        answers = [entry.answer for entry in store.entries(args.hearing)]
        store.record_read("hearing_opened", hearing_id=args.hearing, ecran=SCREEN)
    return Said.of(answers)
