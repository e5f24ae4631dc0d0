"""Create resources/base.docx, the styled base of every built document.

Run once to (re)create the file; afterwards the .docx is the reference: a
trainer may change its styles, margins or fonts in Word, and every exported
PV follows. Usage: python tools/make_base_docx.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

# (name, base, size pt, bold, italic, alignment, space before, space after, left indent cm)
STYLES = [
    ("PV En-tête", None, 9, True, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    ("PV Titre", None, 14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 12, 12, 0),
    ("PV Références", None, 10, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 2, 0),
    ("PV Texte", None, 11, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 6, 0),
    ("PV Intertitre", "PV Texte", 11, True, False, WD_ALIGN_PARAGRAPH.LEFT, 10, 4, 0),
    ("PV Identité", "PV Texte", 11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 2, 0.75),
    ("PV Mention", "PV Texte", 11, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 4, 4, 0),
    ("PV Question", "PV Texte", 11, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 6, 2, 0),
    ("PV Réponse", "PV Texte", 11, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 6, 0),
    ("PV Clôture", "PV Texte", 11, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 8, 6, 0),
    ("PV Signature", "PV Texte", 10, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 36, 0),
    ("PV Pied de page", None, 8, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    # Room on every page for the signatories' initials (paraphe, art. 66 CPP): the space after.
    ("PV Paraphes", None, 9, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 28, 0),
]


def main(out: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    for name, base, size, bold, italic, align, before, after, indent in STYLES:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base] if base else normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.left_indent = Cm(indent)
        style.quick_style = True
    # An empty body: the builder adds everything.
    for paragraph in list(doc.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    doc.core_properties.title = "Procès-verbal"
    doc.core_properties.author = ""
    doc.save(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "resources" / "base.docx")
