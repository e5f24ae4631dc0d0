"""Text as Word can store it.

Word's XML cannot hold most C0 control characters, U+FFFE/U+FFFF or lone
surrogates (python-docx raises ``ValueError: All strings must be XML
compatible`` and leaves a half-built paragraph). Pasted text often carries
them, so text is cleaned once on the way in, and again before export.
"""

from __future__ import annotations

import re
import reprlib
import unicodedata

# Tab, line feed and carriage return are kept; every other C0 control, DEL's
# C1 neighbours, the two non-characters and lone surrogates are removed.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without XML-invalid characters, line ends as ``\\n``, in NFC."""
    text = _INVALID.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = 80
_QUOTE.maxlevel = 3


def shown(value: object, limit: int = 40) -> str:
    """``value`` as an error message quotes it: one printable line, at most ``limit`` characters.

    Names and values quoted from a file may hold terminal escape sequences,
    line breaks, lone surrogates, a megabyte of text or a structure nested a
    thousand levels deep; none of it reaches a message as is.
    """
    text = value if isinstance(value, str) else _QUOTE.repr(value)
    cut = text[: limit + 1]
    out = "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii") for c in cut)
    return out[:limit] + "…" if len(out) > limit or len(text) > limit else out


def inside_sentence(text: str) -> str:
    """``text`` with a lowercase first letter, as it reads continuing a French sentence (after « : »)."""
    return text[:1].lower() + text[1:]
