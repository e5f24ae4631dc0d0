"""The file formats a document is exported in, and which ones a station uses by default.

Word for the police (LRPPN runs on Windows with Word), OpenDocument for the
gendarmerie (LRPGN runs on GendBuntu with LibreOffice), PDF/A for both: the
annexes courts receive. Plain text is the hand-off to those drafting tools,
never a document of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UserError

DOCX, ODT, PDF, TXT = "docx", "odt", "pdf", "txt"
DOCUMENT_FORMATS = (DOCX, ODT, PDF)  # the order files are written and listed in
LABELS = {DOCX: "Word (.docx)", ODT: "OpenDocument (.odt)", PDF: "PDF/A (.pdf)", TXT: "Texte brut (.txt)"}
SUFFIXES = {DOCX: ".docx", ODT: ".odt", PDF: ".pdf", TXT: ".txt"}
# The profile's force -> the formats its drafting software and printers take.
BY_FORCE = {"police": (DOCX, PDF), "gendarmerie": (ODT, PDF)}
UNSAID_FORCE = (DOCX, PDF)


class FormatError(UserError):
    """An unknown or empty choice of formats; the message is French."""


def default_formats(force: str) -> tuple[str, ...]:
    """The formats a station of this force exports in when the settings do not say."""
    return BY_FORCE.get(force, UNSAID_FORCE)


def ordered(formats: Iterable[str], allowed: tuple[str, ...] = DOCUMENT_FORMATS) -> tuple[str, ...]:
    """``formats`` without repeats, in ``allowed``'s order; FormatError for an unknown one or none."""
    chosen = {f.strip().lower() for f in formats if f.strip()}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        known = ", ".join(allowed)
        raise FormatError(f"Format inconnu : {', '.join(unknown)} (formats possibles : {known}).")
    if not chosen:
        raise FormatError("Choisissez au moins un format.")
    return tuple(f for f in allowed if f in chosen)


def parse(text: str, allowed: tuple[str, ...] = DOCUMENT_FORMATS) -> tuple[str, ...]:
    """``docx,odt,pdf`` (the CLI's ``--format``) as an ordered tuple."""
    return ordered(text.split(","), allowed)
