"""Text as Word can store it.

Word's XML cannot hold most C0 control characters, U+FFFE/U+FFFF or lone
surrogates (python-docx raises ``ValueError: All strings must be XML
compatible`` and leaves a half-built paragraph). Pasted text often carries
them, so text is cleaned once on the way in, and again before export.
"""

from __future__ import annotations

import re
import unicodedata

# Tab, line feed and carriage return are kept; every other C0 control, DEL's
# C1 neighbours, the two non-characters and lone surrogates are removed.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without XML-invalid characters, line ends as ``\\n``, in NFC."""
    text = _INVALID.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
