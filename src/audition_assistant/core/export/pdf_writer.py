"""Render a :class:`Document` into a PDF/A-2b, laid out as the Word document is.

The layout is read from the base document (``base.docx``): page size and
margins, the footer's distance, and for each paragraph style of STYLES its
size, bold, italic, spacing, line spacing, indent and alignment. A trainer who
restyles the PV in Word restyles its PDF too. Arial is replaced by Liberation
Sans, bundled (SIL OFL) and metric-compatible, so lines break where Word
breaks them; the fonts are embedded (subsets), as PDF/A requires.

fpdf2 writes the PDF/A parts itself: the XMP packet with ``pdfaid:part`` and
``conformance``, the sRGB output intent (the ICC profile it ships), no
encryption, no external content.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF, line_break
from fpdf.enums import Align
from lxml import etree

from .. import resources
from ..french import typography
from ..text import clean
from .document import STYLES, Document, Paragraph, Signatures
from .docx_writer import FOOTER_STYLE, INITIALS_STYLE, INITIALS_TEXT
from .files import TextNotWritable

COMPLIANCE = "PDF/A-2B"
FAMILY = "LiberationSans"
FONT_FILES = {
    "": "LiberationSans-Regular.ttf",
    "B": "LiberationSans-Bold.ttf",
    "I": "LiberationSans-Italic.ttf",
    "BI": "LiberationSans-BoldItalic.ttf",
}
# Arial's (and Liberation Sans') line height, ascent + descent + line gap, per point of size.
FONT_LINE = (1854 + 434 + 67) / 2048
PT = 25.4 / 72  # millimetres per point
TWIP = PT / 20  # millimetres per twentieth of a point (Word's unit)
# Between the body and a footer that reaches above the bottom margin (LibreOffice's default spacing).
FOOTER_SPACING = 2.5
# A table cell's margin on each side, as Word's default table style ("Normal Table") has it.
CELL_MARGIN = 108 * TWIP
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {"left": "L", "start": "L", "center": "C", "right": "R", "end": "R", "both": "J", "distribute": "J"}


@dataclass(frozen=True)
class Style:
    """What a paragraph style of base.docx says, in millimetres and points."""

    size: float = 11.0  # points
    bold: bool = False
    italic: bool = False
    align: str = "L"  # fpdf2's L, C, R, J
    before: float = 0.0  # mm
    after: float = 0.0  # mm
    line: float = 1.0  # multiple of the font's line height
    indent: float = 0.0  # mm

    @property
    def font_style(self) -> str:
        return ("B" if self.bold else "") + ("I" if self.italic else "")

    @property
    def line_height(self) -> float:
        """fpdf2's line height: a multiple of the font size.

        In whole twips as LibreOffice counts them (the font's line rounded,
        then the multiple taken and cut), so that 50 pages end where its
        rendering of the Word document ends them.
        """
        twips = math.floor(round(self.size * 20 * FONT_LINE) * self.line + 1e-9)
        return twips / 20 / self.size


@dataclass(frozen=True)
class Page:
    width: float = 210.0  # mm
    height: float = 297.0
    top: float = 20.0
    right: float = 20.0
    bottom: float = 20.0
    left: float = 25.0
    footer: float = 12.7  # from the page's bottom edge to the footer's last line


@dataclass(frozen=True)
class Layout:
    page: Page
    styles: dict[str, Style]  # style name -> Style


def render(document: Document) -> bytes:
    """The PDF/A bytes of ``document``.

    Raises TextNotWritable (in French) when the text holds characters the
    bundled font cannot show: a PDF missing part of a statement is never written.
    """
    _check_glyphs(document)
    layout = _layout()
    pdf = _Pdf(layout, clean(document.footer), initials=document.initials)
    pdf.set_title(clean(document.title))
    pdf.set_lang("fr-FR")
    pdf.set_creator("Audition Assistant")
    pdf.add_page()
    run: list[Paragraph] = []
    after = 0.0  # the space below the block before
    for block in document.blocks:
        if isinstance(block, Paragraph):
            run.append(block)
            continue
        after = _paragraphs(pdf, run, layout, after)
        run = []
        if isinstance(block, Signatures):
            after = _signatures(pdf, block, layout.styles[STYLES["signature"]], after)
    _paragraphs(pdf, run, layout, after)
    return bytes(pdf.output())


class _Pdf(FPDF):
    """An A4 document whose every page ends with the footer of the Word PV."""

    def __init__(self, layout: Layout, footer: str, *, initials: bool) -> None:
        page = layout.page
        super().__init__(unit="mm", format=(page.width, page.height), enforce_compliance=COMPLIANCE)
        for style, name in FONT_FILES.items():
            with resources.path_of("fonts", name) as path:
                self.add_font(FAMILY, style, str(path))
        self.set_margins(page.left, page.top, page.right)
        self.c_margin = 0
        self._footer_style = layout.styles[FOOTER_STYLE]
        self._initials_style = layout.styles.get(INITIALS_STYLE, self._footer_style) if initials else None
        self._footer_text = typography((footer + " — " if footer else "") + "page ")
        self._footer_top = page.footer + self._footer_height()
        # The body ends above a footer taller than the bottom margin, a little space between them.
        self.set_auto_page_break(True, max(page.bottom, self._footer_top + FOOTER_SPACING))

    def _footer_height(self) -> float:
        height = _line(self._footer_style) + self._footer_style.before + self._footer_style.after
        if self._initials_style:
            style = self._initials_style
            height += _line(style) + style.before + style.after
        return height

    def header(self) -> None:
        # Text typed by a user never stands for the page count: the alias is only set in the footer,
        # and stays set after the last one, for the count to be written in.
        self.alias_nb_pages(None)  # type: ignore[arg-type]  # fpdf2's documented way to turn it off

    def footer(self) -> None:
        self.alias_nb_pages("{nb}", align="L")
        self.set_y(-self._footer_top)
        if self._initials_style:
            style = self._initials_style
            self.set_font(FAMILY, style.font_style, style.size)
            self.set_y(self.get_y() + style.before)
            self.cell(0, _line(style), typography(INITIALS_TEXT), align=style.align if style.align != "J" else "L")
            self.ln(_line(style) + style.after)
        style = self._footer_style
        self.set_font(FAMILY, style.font_style, style.size)
        self.set_y(self.get_y() + style.before)
        text = f"{self._footer_text}{self.page_no()} / {{nb}}"
        self.cell(0, _line(style), text, align=style.align if style.align != "J" else "L")


def _text(text: str) -> str:
    r"""``text`` as the PDF shows it: French typography, a tab as a space (Word's tab stops have no equivalent)."""
    return typography(clean(text)).replace("\t", " ")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters every one of the bundled fonts can show."""
    covered: set[int] | None = None
    for name in FONT_FILES.values():
        with resources.path_of("fonts", name) as path:
            font = TTFont(str(path), lazy=True)
            cmap = set(font.getBestCmap())
            font.close()
        covered = cmap if covered is None else covered & cmap
    return frozenset(covered or ())


def _check_glyphs(document: Document) -> None:
    texts = [document.footer]  # the title is only in the metadata, which holds any character
    for block in document.blocks:
        texts += [block.label, block.text] if isinstance(block, Paragraph) else list(block.roles)
    covered = _covered()
    missing = sorted({c for t in texts for c in _text(t) if ord(c) not in covered and c != "\n"})
    if missing:
        shown = ", ".join(f"« {c} » (U+{ord(c):04X})" for c in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise TextNotWritable(
            f"Le PDF de « {clean(document.title)} » ne peut pas afficher ces caractères, absents de sa police "
            f"(Liberation Sans) : {shown}. Exportez ce document au format Word ou OpenDocument, "
            "qui les gardent, ou retirez-les du texte."
        )


def _line(style: Style) -> float:
    """One line's height in millimetres."""
    return style.size * style.line_height * PT


def _paragraphs(pdf: _Pdf, blocks: list[Paragraph], layout: Layout, after: float) -> float:
    """Lay out ``blocks``; the space left below the last one.

    Between two paragraphs, the space is the larger of the first one's space
    after and the second one's space before, as LibreOffice lays out the Word
    document (not their sum).
    """
    if not blocks:
        return after
    with pdf.text_columns(skip_leading_spaces=True) as column:
        for block in blocks:
            style = layout.styles[STYLES[block.kind]]
            with column.paragraph(
                text_align=Align.coerce(style.align),
                line_height=style.line_height,
                top_margin=max(style.before - after, 0.0),
                bottom_margin=style.after,
                indent=style.indent,
            ) as paragraph:
                if block.label:
                    pdf.set_font(FAMILY, "B" + ("I" if style.italic else ""), style.size)
                    paragraph.write(_text(block.label) + " ")
                pdf.set_font(FAMILY, style.font_style, style.size)
                paragraph.write(_text(block.text) if block.text else " ")
            after = style.after
    return after


def _signatures(pdf: _Pdf, block: Signatures, style: Style, after: float) -> float:
    """One box per person present, side by side: the role, and the room to sign below it."""
    if not block.roles:
        return after
    width = pdf.epw / len(block.roles)
    inner = width - 2 * CELL_MARGIN
    pdf.set_font(FAMILY, style.font_style, style.size)
    texts = [_text(role) for role in block.roles]
    lines = max(_lines(pdf, inner, _line(style), text) for text in texts)
    before = max(style.before - after, 0.0)
    height = before + lines * _line(style) + style.after
    if pdf.will_page_break(height):
        pdf.add_page()
        before = 0.0
    top = pdf.get_y() + before
    for index, text in enumerate(texts):
        pdf.set_xy(pdf.l_margin + index * width + CELL_MARGIN, top)
        pdf.multi_cell(inner, _line(style), text, align=style.align if style.align != "J" else "C")
    pdf.set_xy(pdf.l_margin, top + lines * _line(style) + style.after)
    return style.after


def _lines(pdf: _Pdf, width: float, height: float, text: str) -> int:
    """How many lines ``text`` takes in a box ``width`` wide."""
    lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
    return len(lines) if isinstance(lines, list) else 1


# --- the base document's layout -------------------------------------------------------------


@lru_cache(maxsize=1)
def _layout() -> Layout:
    """Page and styles of base.docx, read once."""
    data = resources.read_bytes("base.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles_xml = etree.fromstring(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    return Layout(_page(body), _styles(styles_xml))


def _page(body: Any) -> Page:
    page = Page()
    size = body.find(f".//{_W}sectPr/{_W}pgSz")
    margins = body.find(f".//{_W}sectPr/{_W}pgMar")
    if size is not None:
        page = replace(page, width=_twips(size, "w", page.width), height=_twips(size, "h", page.height))
    if margins is not None:
        page = replace(
            page,
            top=_twips(margins, "top", page.top),
            right=_twips(margins, "right", page.right),
            bottom=_twips(margins, "bottom", page.bottom),
            left=_twips(margins, "left", page.left),
            footer=_twips(margins, "footer", page.footer),
        )
    return page


def _twips(element: Any, attribute: str, default: float) -> float:
    value = element.get(f"{_W}{attribute}")
    try:
        return abs(int(value)) * TWIP if value is not None else default
    except ValueError:
        return default


def _styles(root: Any) -> dict[str, Style]:
    """Each paragraph style by name, its properties resolved through ``basedOn`` from the document defaults."""
    defaults: dict[str, Any] = {}
    doc_defaults = root.find(f"{_W}docDefaults")
    if doc_defaults is not None:
        _properties(doc_defaults, defaults)
    by_id = {s.get(f"{_W}styleId"): s for s in root.findall(f"{_W}style") if s.get(f"{_W}type") == "paragraph"}
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(style_id: str, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        if style_id in resolved:
            return resolved[style_id]
        element = by_id[style_id]
        based = element.find(f"{_W}basedOn")
        parent = str(based.get(f"{_W}val")) if based is not None else ""
        values = dict(resolve(parent, seen | {style_id})) if parent in by_id and parent not in seen else dict(defaults)
        _properties(element, values)
        resolved[style_id] = values
        return values

    styles = {}
    for style_id, element in by_id.items():
        name = element.find(f"{_W}name")
        if name is not None:
            styles[name.get(f"{_W}val")] = Style(**resolve(style_id))
    return styles


def _properties(element: Any, values: dict[str, Any]) -> None:
    """Overlay the paragraph and run properties of ``element`` on ``values`` (Style's fields)."""
    for p_pr in element.iter(f"{_W}pPr"):
        spacing = p_pr.find(f"{_W}spacing")
        if spacing is not None:
            for key, name in (("before", "before"), ("after", "after")):
                if spacing.get(f"{_W}{key}") is not None:
                    values[name] = _twips(spacing, key, 0.0)
            line, rule = spacing.get(f"{_W}line"), spacing.get(f"{_W}lineRule")
            if line is not None and rule in (None, "auto"):
                values["line"] = int(line) / 240
        indent = p_pr.find(f"{_W}ind")
        if indent is not None:
            for key in ("left", "start"):
                if indent.get(f"{_W}{key}") is not None:
                    values["indent"] = _twips(indent, key, 0.0)
        align = p_pr.find(f"{_W}jc")
        if align is not None:
            values["align"] = _ALIGN.get(align.get(f"{_W}val", ""), "L")
    for r_pr in element.iter(f"{_W}rPr"):
        size = r_pr.find(f"{_W}sz")
        if size is not None and size.get(f"{_W}val", "").isdigit():
            values["size"] = int(size.get(f"{_W}val")) / 2
        for key, name in (("b", "bold"), ("i", "italic")):
            toggle = r_pr.find(f"{_W}{key}")
            if toggle is not None:
                values[name] = toggle.get(f"{_W}val", "true") not in ("0", "false", "off")


# --- line breaking in linear time ---------------------------------------------------------


class _MeasuredLine(line_break.CurrentLine):
    """fpdf2's line being filled, keeping its width as characters are added.

    fpdf2 (2.8) measures the whole line again before adding each character,
    which makes breaking a paragraph quadratic in the line's length: two
    thirds of the time of a 300-entry PV. Characters are only appended to a
    line until it breaks, so adding each one's width as it comes gives the
    same width; the line is measured in full once more when the break trims
    it. Same breaks, same justification (tested), in linear time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._measured = 0.0

    @property
    def width(self) -> float:
        return self._measured if self.fragments else 0.0

    def add_character(self, character: str, character_width: float, *args: Any, **kwargs: Any) -> None:
        super().add_character(character, character_width, *args, **kwargs)
        self._measured += character_width

    def _apply_automatic_hint(self, break_hint: Any) -> None:
        super()._apply_automatic_hint(break_hint)
        self._measured = super().width

    def trim_trailing_spaces(self) -> None:
        super().trim_trailing_spaces()
        self._measured = super().width


def _measure_lines_once() -> None:
    """Have fpdf2 fill its lines with :class:`_MeasuredLine`, if its line is still the one described there."""
    current = line_break.CurrentLine
    expected = ("add_character", "_apply_automatic_hint", "trim_trailing_spaces", "manual_break")
    if (
        current is not _MeasuredLine
        and isinstance(current.__dict__.get("width"), property)
        and all(name in current.__dict__ for name in expected)
    ):
        line_break.CurrentLine = _MeasuredLine  # type: ignore[misc]


_measure_lines_once()
