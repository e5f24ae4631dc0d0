"""The mark beside a template's name: who signed it, or « non signé » in red, never easy to miss."""

from __future__ import annotations

from html import escape

from ..core.templates.packs import NOT_SIGNED

UNSIGNED_COLOR = "#a40000"


def signature_html(label: str) -> str:
    if label == NOT_SIGNED:
        return f'<span style="color:{UNSIGNED_COLOR}"><b>⚠\u00a0{escape(label)}</b></span>'
    return f"<span>✔\u00a0{escape(label)}</span>"


def signature_text(label: str) -> str:
    """For plain-text places (a list's line): the same words, the warning sign before an unsigned one."""
    return f"⚠\u00a0{label}" if label == NOT_SIGNED else label
