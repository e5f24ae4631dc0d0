"""The evaluation document in Word, OpenDocument and PDF/A, through the writers every built document uses.

Recorded as any export (an ``exports`` row and its ``exported`` entry), under
the document id ``evaluation``, which no template uses: it is never one of
a hearing's documents, and no other export carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..evaluation import TITLE
from .document import Document
from .exporter import BuiltDocument, ExportedFile, write_all, writer
from .files import TextNotWritable
from .formats import DOCX, ordered

if TYPE_CHECKING:
    from ..store import Store

EVALUATION_ID = "evaluation"


def render_evaluation(document: Document, procedure_number: str, formats: Sequence[str]) -> list[BuiltDocument]:
    """The document's bytes in each format (pure: the window runs it off its thread).

    A format that cannot carry its text (a character the PDF's font lacks) is
    named in a note on the others; when none can, the Word file is written.
    """
    parts = (procedure_number, TITLE)
    files, notes = [], []
    for fmt in ordered(formats):
        try:
            files.append(BuiltDocument(EVALUATION_ID, TITLE, writer(fmt)(document), parts, format=fmt))
        except TextNotWritable as error:
            notes.append(str(error))
    if not files:
        files.append(BuiltDocument(EVALUATION_ID, TITLE, writer(DOCX)(document), parts, format=DOCX))
    return [replace(f, notes=tuple(notes)) for f in files]


def write_evaluation(store: Store, hearing_id: int, built: Sequence[BuiltDocument], folder: Path) -> list[ExportedFile]:
    """Write the rendered files into ``folder`` and record them, all or nothing (exporter.write_all)."""
    return write_all(store, hearing_id, built, folder)
