"""The 300-entry procès-verbal as a PDF/A: ``pdf_writer.render`` against fpdf2 alone.

    python bench/export_pdf.py [--runs N]

The floor is fpdf2 as it ships, writing the same paragraphs in the same
fonts and sizes into a PDF/A-2b, each paragraph one ``multi_cell``: no
styles read from the base document, no labels in bold, no signature boxes,
and fpdf2's own line breaking (which measures each line again at every
character; the writer keeps the width as it goes).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from common import Row, median, table, timed
from dataset import LongHearing, long_hearing, pv_blocks
from fpdf import FPDF, line_break

from audition_assistant.core import resources
from audition_assistant.core.export import pdf_writer
from audition_assistant.core.export.document import Document, Paragraph

SIZES = {"letterhead": 9, "title": 14, "reference": 10, "signature": 10}  # the others: 11 pt


def bare_fpdf2(document: Document) -> bytes:
    """The floor: fpdf2 alone, writing the same paragraphs into a PDF/A-2b."""
    pdf = FPDF(unit="mm", format="A4", enforce_compliance=pdf_writer.COMPLIANCE)
    for style, name in pdf_writer.FONT_FILES.items():
        with resources.path_of("fonts", name) as path:
            pdf.add_font(pdf_writer.FAMILY, style, str(path))
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_page()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            size = SIZES.get(block.kind, 11)
            pdf.set_font(pdf_writer.FAMILY, "", size)
            text = f"{block.label} {block.text}".strip() or " "
            pdf.multi_cell(
                0, size * pdf_writer.FONT_LINE * 1.15 * pdf_writer.PT, text, align="J", new_x="LMARGIN", new_y="NEXT"
            )
    return bytes(pdf.output())


def bench(long: LongHearing, runs: int) -> list[Row]:
    document = pv_blocks(long)
    print(f"[bench] PDF: the procès-verbal of {len(document.blocks)} blocks, {runs} runs", flush=True)
    measured, shipped = line_break.CurrentLine, pdf_writer._MeasuredLine.__bases__[0]
    apps, floors = [], []
    written = b""
    for index in range(runs + 1):  # the first round warms up
        result: list[bytes] = []
        app = timed(lambda r=result: r.append(pdf_writer.render(document)))
        line_break.CurrentLine = shipped
        try:
            floor = timed(lambda: bare_fpdf2(document))
        finally:
            line_break.CurrentLine = measured
        written = result[0]
        if index:
            apps.append(app)
            floors.append(floor)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", written))
    app, floor = median(apps), median(floors)
    return [
        Row("PDF/A of the 300-entry procès-verbal (pdf_writer.render)", app, floor, "s", "< 2 s", app < 2.0,
            f"{pages} pages, {len(written) / 1024:.0f} kB, fonts embedded (subsets), median of {runs}; "
            "floor: fpdf2 alone as it ships, the same paragraphs as plain justified cells in a PDF/A-2b"),
    ]  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/export_pdf.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aa-bench-pdf-") as tmp:
        rows = bench(long_hearing(Path(tmp) / "data"), args.runs)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
