"""The OpenDocument procès-verbal of the 300-entry hearing: our writer against the least writing it costs.

``odt_writer`` writes the XML itself. Its floor is the standard library alone
(zipfile and one escaped string per paragraph, in the same named styles with
the same bold lead-ins, no typography, no styles part): what any ODT writer
pays at least. When odfdo or odfpy is installed (``pip install odfdo odfpy``,
not dependencies of the application), each is timed writing the same
paragraphs, the comparison that chose to write the XML here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from common import Row, median, timed
from dataset import LONG_HEARING_ENTRIES, LongHearing, pv_blocks

from audition_assistant.core.export import docx_writer, odt_writer
from audition_assistant.core.export.document import STYLES, Document, Paragraph, Signatures
from audition_assistant.core.export.odt_styles import style_name

# French typography (the no-break spaces, as in the Word document) is most of
# the difference with the floor; the target is that it stays far below the
# Word export of the same blocks, which an investigator already waits for.
TARGET_SECONDS = 0.25


def bare_odt(document: Document) -> bytes:
    """The floor: the same paragraphs as ODF with the standard library and nothing else."""
    parts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            label = f'<text:span text:style-name="Gras">{escape(block.label)} </text:span>' if block.label else ""
            parts.append(
                f'<text:p text:style-name="{style_name(STYLES[block.kind])}">{label}{escape(block.text)}</text:p>'
            )
        elif isinstance(block, Signatures):
            cells = "".join(f"<table:table-cell><text:p>{escape(r)}</text:p></table:table-cell>" for r in block.roles)
            parts.append(f"<table:table><table:table-row>{cells}</table:table-row></table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
        f"<office:body><office:text>{''.join(parts)}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), odt_writer.MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def odfdo_odt(document: Document) -> bytes:
    from odfdo import Document as OdfdoDocument
    from odfdo import Paragraph as OdfdoParagraph
    from odfdo import Span, Style, Table

    odt = OdfdoDocument("text")
    body = odt.body
    body.clear()
    for name in set(STYLES.values()):
        odt.insert_style(Style("paragraph", name=name, display_name=name), automatic=False)
    odt.insert_style(Style("text", name="Gras", bold=True), automatic=True)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            paragraph = OdfdoParagraph("", style=STYLES[block.kind])
            if block.label:
                paragraph.append(Span(block.label + " ", style="Gras"))
            paragraph.append(block.text)
            body.append(paragraph)
        elif isinstance(block, Signatures):
            table = Table("Signatures", width=len(block.roles), height=1)
            for index, role in enumerate(block.roles):
                table.set_value((index, 0), role)
            body.append(table)
    out = io.BytesIO()
    odt.save(out)
    return out.getvalue()


def odfpy_odt(document: Document) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P, Span

    odt = OpenDocumentText()
    styles = {}
    for name in set(STYLES.values()):
        styles[name] = Style(name=name, family="paragraph")
        odt.styles.addElement(styles[name])
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    odt.automaticstyles.addElement(bold)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            paragraph = P(stylename=styles[STYLES[block.kind]])
            if block.label:
                paragraph.addElement(Span(stylename=bold, text=block.label + " "))
            paragraph.addText(block.text)
            odt.text.addElement(paragraph)
        elif isinstance(block, Signatures):
            table = Table(name="Signatures")
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.roles)))
            row = TableRow()
            for role in block.roles:
                cell = TableCell()
                cell.addElement(P(text=role))
                row.addElement(cell)
            table.addElement(row)
            odt.text.addElement(table)
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def bench(long: LongHearing, runs: int) -> list[Row]:
    document = pv_blocks(long)
    writers: dict[str, Callable[[Document], Any]] = {
        "ours": odt_writer.render,
        "floor": bare_odt,
        "docx": docx_writer.render,
    }
    if _available("odfdo"):
        writers["odfdo"] = odfdo_odt
    if _available("odf.opendocument"):
        writers["odfpy"] = odfpy_odt
    samples: dict[str, list[float]] = {name: [] for name in writers}
    for index in range(runs + 1):  # the first round warms up (and reads base.docx's styles once)
        for name, write in writers.items():
            seconds = timed(lambda write=write: write(document))
            if index:
                samples[name].append(seconds)
    times = {name: median(values) for name, values in samples.items()}
    app, floor = times["ours"], times["floor"]
    others = "; ".join(f"{name} {times[name]:.3f} s" for name in ("odfdo", "odfpy") if name in times)
    return [
        Row(f"OpenDocument procès-verbal, {LONG_HEARING_ENTRIES} entries", app, floor, "s",
            f"< {TARGET_SECONDS} s", app < TARGET_SECONDS,
            f"odt_writer.render, median of {runs}, {len(document.blocks)} blocks; floor: the standard library alone "
            f"zipping the same paragraphs; the Word document of the same blocks takes {times['docx']:.3f} s"
            + (f"; the same paragraphs through {others}" if others else "")),
    ]  # fmt: skip
