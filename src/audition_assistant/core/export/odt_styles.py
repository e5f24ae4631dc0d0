"""The look of base.docx, read once, as OpenDocument styles.

The Word base document stays the one place where the procès-verbal's look is
set: its page (size, margins, footer distance) and its named paragraph styles
("PV Texte"...) are read here, each style's inheritance resolved, and written
as OpenDocument styles of the same names, so the .odt looks like the .docx
and a trainer can restyle either in LibreOffice by those names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from .. import resources
from .document import STYLES

FOOTER_STYLE = "PV Pied de page"
INITIALS_STYLE = "PV Paraphes"
# Paragraph styles the .odt carries: the blocks' and the footer's.
NAMES = (*dict.fromkeys(STYLES.values()), FOOTER_STYLE, INITIALS_STYLE)

_ALIGN = {
    WD_ALIGN_PARAGRAPH.LEFT: "start",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "end",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
}


@dataclass(frozen=True)
class Page:
    width_cm: float
    height_cm: float
    top_cm: float
    bottom_cm: float
    left_cm: float
    right_cm: float
    footer_cm: float  # from the page's bottom edge to the footer's last line, as Word measures it

    @property
    def text_width_cm(self) -> float:
        return self.width_cm - self.left_cm - self.right_cm


@dataclass(frozen=True)
class Look:
    page: Page
    font: str
    styles_xml: str  # the <style:style> elements of the named paragraph styles


def style_name(display: str) -> str:
    """The XML name LibreOffice gives a display name ("PV Texte" -> "PV_20_Texte")."""
    return "".join(c if c.isalnum() or c in "-." else f"_{ord(c):x}_" for c in display)


@functools.cache
def look() -> Look:
    """The base document's page and styles (read once per process)."""
    with resources.path_of("base.docx") as base:
        docx = open_docx(str(base))
    section = docx.sections[0]
    cm = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
        section.footer_distance,
    )
    page = Page(*(round(length.cm, 3) for length in cm))
    defaults = _defaults(docx)
    normal = docx.styles["Normal"]
    font = normal.font.name or "Arial"
    xml = "".join(_style(docx.styles[name], defaults) for name in NAMES)
    return Look(page, font, xml)


def _defaults(docx: Any) -> dict[str, Any]:
    """The document defaults every style inherits (w:docDefaults): spacing after, line spacing, size."""
    out: dict[str, Any] = {"after": 0, "line": 100.0, "size": 10.0}
    root = docx.styles.element
    spacing = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        if spacing.get(qn("w:after")) is not None:
            out["after"] = int(spacing.get(qn("w:after"))) / 20  # twentieths of a point
        if spacing.get(qn("w:line")) is not None and spacing.get(qn("w:lineRule"), "auto") == "auto":
            out["line"] = int(spacing.get(qn("w:line"))) / 240 * 100  # 240 = single spacing
    size = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if size is not None:
        out["size"] = int(size.get(qn("w:val"))) / 2  # half points
    return out


def _inherited(style: Any, read: Any) -> Any:
    """The first value ``read`` finds up the style's basedOn chain, or None."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _style(style: Any, defaults: dict[str, Any]) -> str:
    def fmt(read: Any) -> Any:
        return _inherited(style, lambda s: read(s.paragraph_format))

    def font(read: Any) -> Any:
        return _inherited(style, lambda s: read(s.font))

    before = fmt(lambda f: f.space_before)
    after = fmt(lambda f: f.space_after)
    indent = fmt(lambda f: f.left_indent)
    line = fmt(lambda f: f.line_spacing)
    align = _ALIGN.get(fmt(lambda f: f.alignment), "start")
    size = font(lambda f: f.size)
    bold, italic = font(lambda f: f.bold), font(lambda f: f.italic)
    name = font(lambda f: f.name)
    paragraph = {
        "fo:margin-top": f"{before.pt if before is not None else 0:g}pt",
        "fo:margin-bottom": f"{after.pt if after is not None else defaults['after']:g}pt",
        "fo:margin-left": f"{indent.cm if indent is not None else 0:.3f}cm",
        "fo:line-height": f"{line * 100 if isinstance(line, float) else defaults['line']:g}%",
        "fo:text-align": align,
        "fo:orphans": "2",
        "fo:widows": "2",
    }
    size_pt = f"{size.pt if size is not None else defaults['size']:g}pt"
    text = {
        "fo:font-size": size_pt,
        "style:font-size-complex": size_pt,
        "fo:font-weight": "bold" if bold else "normal",
        "fo:font-style": "italic" if italic else "normal",
    }
    if name:
        text["style:font-name"] = name
    base = style.base_style
    parent = style_name(base.name) if base is not None and base.name in NAMES else "Standard"
    return (
        f"<style:style style:name={quoteattr(style_name(style.name))} style:display-name={quoteattr(style.name)}"
        f' style:family="paragraph" style:parent-style-name="{parent}" style:class="text">'
        f"<style:paragraph-properties{_attributes(paragraph)}/>"
        f"<style:text-properties{_attributes(text)}/></style:style>"
    )


def _attributes(values: dict[str, str]) -> str:
    return "".join(f" {key}={quoteattr(value)}" for key, value in values.items())
