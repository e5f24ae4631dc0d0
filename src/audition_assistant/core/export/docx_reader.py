"""A filled Word document read back as blocks, for the preview of Word-model documents.

The documents the application builds are previewed from their own blocks
(``document.py``); a Word model is filled by docxtpl, so its preview reads
the very bytes the export writes, into the same kinds of blocks: the models
are written with the base document's named styles ("PV Texte", "PV
Mention"...), so each paragraph gets the kind of its style and the preview
shows it as it shows the PV. A table of signature boxes becomes
``Signatures``; any other table a ``Table`` of its cells' text. The page
header and footer are left out, as the PV's preview leaves out its footer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..text import clean
from .document import STYLES, Paragraph, Signatures

KINDS = {style: kind for kind, style in STYLES.items()}
# Word's own styles, for a model written without the base document's.
WORD_KINDS = {"Title": "title", "Titre": "title"}
WORD_HEADINGS = ("Heading", "Titre ")


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # each cell's text, its paragraphs one per line


Block = Paragraph | Signatures | Table


def read_docx(data: bytes) -> list[Block]:
    """The body's paragraphs and tables, in order; empty paragraphs and rows dropped."""
    document = open_docx(io.BytesIO(data))
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = DocxParagraph(child, document)
            if paragraph.text.strip():
                blocks.append(Paragraph(_kind(paragraph), clean(paragraph.text)))
        elif child.tag == qn("w:tbl"):
            table = _table(DocxTable(child, document))
            if table is not None:
                blocks.append(table)
    return blocks


def _kind(paragraph: DocxParagraph) -> str:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style in KINDS:
        return KINDS[style]
    if style in WORD_KINDS:
        return WORD_KINDS[style]
    return "heading" if style.startswith(WORD_HEADINGS) else "body"


def _table(table: DocxTable) -> Table | Signatures | None:
    rows = []
    signatures = True
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            written = [p for p in cell.paragraphs if p.text.strip()]
            signatures &= all(_kind(p) == "signature" for p in written)
            cells.append(clean("\n".join(p.text for p in written)))
        if any(cells):
            rows.append(tuple(cells))
    if not rows:
        return None
    if signatures and len(rows) == 1:
        return Signatures(rows[0])
    return Table(tuple(rows))
