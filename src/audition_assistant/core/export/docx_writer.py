"""Render a :class:`Document` into Word bytes, through the base document's styles."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .. import resources
from ..french import typography
from ..text import clean
from .document import STYLES, Document, Paragraph, Signatures

FOOTER_STYLE = "PV Pied de page"
# The line of each page's footer where the signatories initial it (art. 66 CPP).
INITIALS_STYLE = "PV Paraphes"
INITIALS_TEXT = "Paraphes :"
# Characters python-docx turns into elements (tab, line break) rather than text.
_SPECIAL = frozenset("\t\n\r")


def render(document: Document) -> bytes:
    with resources.path_of("base.docx") as base:
        docx = open_docx(str(base))
    style_ids = _paragraph_style_ids(docx)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            _paragraph(docx, block, style_ids)
        elif isinstance(block, Signatures):
            _signatures(docx, block)
    _footer(docx, document.footer, initials=document.initials)
    docx.core_properties.title = clean(document.title)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _paragraph_style_ids(docx: DocxDocument) -> dict[str, str | None]:
    """The id of each paragraph style of STYLES, as ``Paragraph.style = name`` would write it.

    python-docx resolves a style name on every paragraph, scanning all the base
    document's styles to find the default one each time: most of the time a
    50-page PV took. Here the default is found once and each name once. Like
    python-docx, a missing style raises KeyError, the default style gives None.
    """
    default = docx.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ids: dict[str, str | None] = {}
    for name in set(STYLES.values()):
        style = docx.styles[name]
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            raise ValueError(f"style « {name} » of base.docx is not a paragraph style")
        ids[name] = None if style == default else style.style_id
    return ids


def _paragraph(docx: DocxDocument, block: Paragraph, style_ids: dict[str, str | None]) -> None:
    paragraph = docx.add_paragraph()
    paragraph._p.style = style_ids[STYLES[block.kind]]  # what Paragraph.style = name writes
    if block.label:
        _run(paragraph, clean(block.label) + " ").bold = True
    if block.text:
        _run(paragraph, clean(block.text))


def _run(paragraph: DocxParagraph, text: str) -> Run:
    r"""A run holding ``text`` with French typography, as ``add_run(text)`` writes it.

    Every text a built document shows goes through here (or ``typography``
    directly: signatures, footer), so each gets its no-break spaces once.
    Run.text turns "\n" into line breaks and "\t" into tabs, one character at a
    time; text without them (nearly all) becomes one w:t element directly.
    """
    text = typography(text)
    run = paragraph.add_run()
    if _SPECIAL.isdisjoint(text):
        run._r.add_t(text)
    else:
        run.text = text
    return run


def _signatures(docx: DocxDocument, block: Signatures) -> None:
    table = docx.add_table(rows=1, cols=len(block.roles))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, role in zip(table.rows[0].cells, block.roles, strict=True):
        cell.paragraphs[0].style = docx.styles[STYLES["signature"]]
        _run(cell.paragraphs[0], clean(role))


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


def _footer(docx: DocxDocument, text: str, *, initials: bool = False) -> None:
    """The page footer: for a signed document, a "Paraphes :" line with room below it, then the page number.

    The room is the space after that line, set by the base document's
    "PV Paraphes" style (a base without that style gets the footer's style).
    """
    for section in docx.sections:
        paragraph = section.footer.paragraphs[0]
        if initials:
            names = {s.name for s in docx.styles}
            mark = paragraph.insert_paragraph_before()
            mark.style = docx.styles[INITIALS_STYLE if INITIALS_STYLE in names else FOOTER_STYLE]
            _run(mark, INITIALS_TEXT)
        paragraph.text = ""
        paragraph.style = docx.styles[FOOTER_STYLE]
        _run(paragraph, (clean(text) + " — " if text else "") + "page ")
        add_field(paragraph, "PAGE")
        paragraph.add_run(" / ")
        add_field(paragraph, "NUMPAGES")
