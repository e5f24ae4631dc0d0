"""Document blocks as HTML: the preview shows the very blocks the .docx is made of.

A Word-model document is previewed from its filled .docx read back
(``docx_reader``): the same kinds of blocks, plus its other tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ..core.export.document import Block, Document, Paragraph, Signatures
from ..core.french import typography

if TYPE_CHECKING:  # python-docx loads on the first export or Word-model preview, not at start-up
    from ..core.export.docx_reader import Table

_CSS = {
    "letterhead": "font-size:9pt;font-weight:bold;margin:0",
    "title": "font-size:14pt;font-weight:bold;text-align:center;margin:12px 0",
    "reference": "margin:0 0 2px 0",
    "heading": "font-weight:bold;margin:10px 0 4px 0",
    "body": "text-align:justify;margin:0 0 6px 0",
    "identity": "margin:0 0 2px 24px",
    "mention": "font-style:italic;margin:4px 0",
    "question": "font-weight:bold;margin:6px 0 2px 0",
    "answer": "margin:0 0 6px 0",
    "closing": "margin:8px 0 6px 0",
}


def to_html(document: Document) -> str:
    parts = [_HEAD, *(_block(b) for b in document.blocks)]
    if document.initials:
        parts.append(f"<hr><p style='font-size:9pt'>{escape(typography('Paraphes :'))}</p>")
    if document.footer:
        parts.append(f"<hr><p style='font-size:8pt;text-align:center'>{escape(document.footer)} — page X / Y</p>")
    parts.append(_TAIL)
    return "".join(parts)


def model_html(blocks: Iterable[Block | Table], notes: Sequence[str] = ()) -> str:
    """A Word-model document as its filled .docx says it, after the notes for the investigator."""
    head = "".join(f"<p style='{_NOTE}'>⚠ {escape(typography(note))}</p>" for note in notes)
    return "".join([_HEAD, head, *(_block(b) for b in blocks), _TAIL])


_HEAD = "<html><body style='font-family:Arial,sans-serif;font-size:11pt'>"
_TAIL = "</body></html>"
_NOTE = "background:#fff3cd;color:#664d03;margin:0 0 8px 0"


def _lines(text: str) -> str:
    return escape(typography(text)).replace("\n", "<br>")


def _block(block: Block | Table) -> str:
    if isinstance(block, Paragraph):
        label = f"<b>{escape(typography(block.label))}</b> " if block.label else ""
        return f"<p style='{_CSS.get(block.kind, '')}'>{label}{_lines(block.text)}</p>"
    if isinstance(block, Signatures):
        cells = "".join(f"<td style='padding:8px 24px 48px 24px'>{_lines(r)}</td>" for r in block.roles)
        return f"<table align='center'><tr>{cells}</tr></table>"
    rows = "".join(
        "<tr>" + "".join(f"<td style='padding:4px 8px'>{_lines(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    return f"<table border='1' cellspacing='0' width='100%' style='margin:6px 0'>{rows}</table>"
