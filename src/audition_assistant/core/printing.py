"""Printing exported documents through the system's print service, and what a whole set prints.

``print_file`` is the one place the application talks to the print service
(tests stub it): CUPS's ``lp`` on Linux and macOS (``lpr`` where only the
BSD command exists), the file's own application through the shell's
« print » verb on Windows. A PDF is sent rather than its Word or
OpenDocument twin whenever one was exported: printers and CUPS take PDF as
it is, while a .docx or an .odt needs an office suite to be laid out.

A signed procès-verbal is printed once per signatory (each keeps an
original); every other document once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .export.document import Signatures
from .export.exporter import ExportedFile, build_blocks, built_in
from .export.formats import PDF, SUFFIXES
from .export.pv import HearingContext
from .french import NBSP
from .templates.model import DocumentSpec

TIMEOUT = 60.0  # seconds for the print service to take a file (a spooler answers in well under a second)


class PrintError(UserError):
    """The print service is missing or refused a file; the message is French."""


@dataclass(frozen=True)
class PrintJob:
    """One file sent to the printer, in ``copies`` copies: what the history records."""

    document_id: str
    title: str
    path: Path
    copies: int = 1


def print_file(path: Path, copies: int = 1, printer: str = "") -> None:
    """Send ``path`` to ``printer`` (the default one: "") in ``copies`` copies; PrintError (French) when refused."""
    copies = max(1, int(copies))
    if not path.is_file():
        raise PrintError(f"Le fichier «{NBSP}{path.name}{NBSP}» n'existe plus (déplacé ou supprimé{NBSP}?).")
    if sys.platform == "win32":
        _print_on_windows(path, copies, printer)
        return
    command = _command(path.absolute(), copies, printer)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as error:  # the process is killed by run()
        raise PrintError(
            f"Le service d'impression n'a pas répondu en {int(TIMEOUT)}{NBSP}secondes pour «{NBSP}{path.name}{NBSP}»."
        ) from error
    except OSError as error:
        raise PrintError(f"Le service d'impression n'a pas pu être lancé{NBSP}: {error.strerror or error}.") from error
    if done.returncode != 0:
        raise PrintError(_refusal(path, done.stderr or done.stdout))


def _command(path: Path, copies: int, printer: str) -> list[str]:
    """CUPS's ``lp`` (Linux, macOS), else BSD ``lpr``; PrintError when neither is installed."""
    lp = shutil.which("lp")
    if lp is not None:
        return [lp, "-n", str(copies), *(["-d", printer] if printer else []), "--", str(path)]
    lpr = shutil.which("lpr")
    if lpr is not None:
        return [lpr, f"-#{copies}", *([f"-P{printer}"] if printer else []), str(path)]
    raise PrintError(
        f"Aucun service d'impression n'est installé sur cet ordinateur (commandes «{NBSP}lp{NBSP}» et "
        f"«{NBSP}lpr{NBSP}» introuvables){NBSP}: ouvrez le document et imprimez-le depuis son application."
    )


# What CUPS says (in English, whatever the locale) -> what the investigator reads.
_KNOWN_REFUSALS = (
    ("no default destination", "aucune imprimante par défaut n'est choisie sur cet ordinateur"),
    ("unknown destination", "cette imprimante est inconnue du service d'impression"),
    ("does not exist", "cette imprimante est inconnue du service d'impression"),
    ("unsupported document-format", "ce type de fichier ne s'imprime pas directement"),
    ("scheduler is not running", "le service d'impression (CUPS) est arrêté"),
    ("unable to connect", "le service d'impression (CUPS) est arrêté"),
    ("not accepting jobs", "l'imprimante n'accepte pas de travaux pour l'instant"),
)


def _refusal(path: Path, said: str) -> str:
    """The refusal in French, the system's own words after it (for whoever maintains the station)."""
    said = " ".join(said.split())
    reason = next((french for english, french in _KNOWN_REFUSALS if english in said.lower()), "")
    text = f"Le service d'impression a refusé «{NBSP}{path.name}{NBSP}»"
    text += f"{NBSP}: {reason}." if reason else "."
    if path.suffix.lower() != SUFFIXES[PDF]:
        text += " Exportez aussi le document en PDF pour l'imprimer directement."
    if said:
        text += f" (Message du système{NBSP}: {said[:300]})"
    return text


def _print_on_windows(path: Path, copies: int, printer: str) -> None:
    """The « print » verb of the file's application, once per copy (the verb takes no count)."""
    start = getattr(os, "startfile", None)
    if start is None:
        raise PrintError("L'impression n'est pas possible sur ce système.")
    try:
        for _ in range(copies):
            if printer:
                start(str(path), "printto", f'"{printer}"')
            else:
                start(str(path), "print")
    except OSError as error:
        raise PrintError(
            f"Windows n'a pas pu imprimer «{NBSP}{path.name}{NBSP}»{NBSP}: aucune application installée "
            f"n'imprime ce type de fichier{NBSP}? ({error.strerror or error})"
        ) from error


def signatory_copies(ctx: HearingContext, specs: Iterable[DocumentSpec]) -> dict[str, int]:
    """How many copies of each document a whole set prints: a signed PV's signatories (at least 1), else 1.

    Only documents built in code carry a signature block to count; a Word
    model is printed once. Pure (no database, no file): run it off the
    window's thread with the rendering.
    """
    copies = {}
    for spec in specs:
        copies[spec.id] = 1
        if built_in(spec):
            document = build_blocks(ctx, spec)
            if document.initials:  # a procès-verbal every signatory signs
                roles = sum(len(b.roles) for b in document.blocks if isinstance(b, Signatures))
                copies[spec.id] = max(1, roles)
    return copies


def to_print(written: Sequence[ExportedFile], chosen: ExportedFile) -> ExportedFile:
    """The file printed for ``chosen``: the same document's PDF when one was exported, else ``chosen`` itself."""
    if chosen.format == PDF:
        return chosen
    return next((f for f in written if f.document_id == chosen.document_id and f.format == PDF), chosen)


def whole_set(written: Sequence[ExportedFile], copies: Mapping[str, int]) -> list[PrintJob]:
    """One job per document exported, in the export's order: its PDF if any, in ``copies`` copies (default 1)."""
    jobs = []
    for document_id in dict.fromkeys(f.document_id for f in written):
        first = next(f for f in written if f.document_id == document_id)
        chosen = to_print(written, first)
        jobs.append(PrintJob(document_id, chosen.title, chosen.path, max(1, copies.get(document_id, 1))))
    return jobs
