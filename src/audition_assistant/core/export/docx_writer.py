"""Render a :class:`Document` into Word bytes, through the base document's styles."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from .. import resources
from ..text import clean
from .document import STYLES, Document, Paragraph, Signatures

FOOTER_STYLE = "PV Pied de page"


def render(document: Document) -> bytes:
    with resources.path_of("base.docx") as base:
        docx = open_docx(str(base))
    for block in document.blocks:
        if isinstance(block, Paragraph):
            _paragraph(docx, block)
        elif isinstance(block, Signatures):
            _signatures(docx, block)
    _footer(docx, document.footer)
    docx.core_properties.title = clean(document.title)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _paragraph(docx: DocxDocument, block: Paragraph) -> None:
    paragraph = docx.add_paragraph(style=STYLES[block.kind])
    if block.label:
        paragraph.add_run(clean(block.label) + " ").bold = True
    if block.text:
        # Run.text turns "\n" into line breaks and "\t" into tabs.
        paragraph.add_run(clean(block.text))


def _signatures(docx: DocxDocument, block: Signatures) -> None:
    table = docx.add_table(rows=1, cols=len(block.roles))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, role in zip(table.rows[0].cells, block.roles, strict=True):
        cell.paragraphs[0].style = docx.styles[STYLES["signature"]]
        cell.paragraphs[0].add_run(clean(role))


def add_field(paragraph: DocxParagraph, code: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice compute."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    simple.append(inner)
    paragraph._p.append(simple)


def _footer(docx: DocxDocument, text: str) -> None:
    for section in docx.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        paragraph.style = docx.styles[FOOTER_STYLE]
        paragraph.add_run((clean(text) + " — " if text else "") + "page ")
        add_field(paragraph, "PAGE")
        paragraph.add_run(" / ")
        add_field(paragraph, "NUMPAGES")
