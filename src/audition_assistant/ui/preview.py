"""Document blocks as HTML: the preview shows the very blocks the .docx is made of."""

from __future__ import annotations

from html import escape

from ..core.export.document import Document, Paragraph, Signatures
from ..core.french import typography

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
    parts = ["<html><body style='font-family:Arial,sans-serif;font-size:11pt'>"]
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = escape(typography(block.text)).replace("\n", "<br>")
            label = f"<b>{escape(typography(block.label))}</b> " if block.label else ""
            parts.append(f"<p style='{_CSS.get(block.kind, '')}'>{label}{text}</p>")
        elif isinstance(block, Signatures):
            cells = "".join(f"<td style='padding:8px 24px 48px 24px'>{escape(typography(r))}</td>" for r in block.roles)
            parts.append(f"<table align='center'><tr>{cells}</tr></table>")
    if document.initials:
        parts.append(f"<hr><p style='font-size:9pt'>{escape(typography('Paraphes :'))}</p>")
    if document.footer:
        parts.append(f"<hr><p style='font-size:8pt;text-align:center'>{escape(document.footer)} — page X / Y</p>")
    parts.append("</body></html>")
    return "".join(parts)
