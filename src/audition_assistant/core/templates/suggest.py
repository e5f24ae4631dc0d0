"""Nearest valid name for a typo, for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """A truncated name (``recrut``) is completed first; otherwise the closest spelling."""
    candidates = list(candidates)
    if len(word) >= 3:
        completions = [c for c in candidates if c.startswith(word)]
        if len(completions) == 1:
            return completions[0]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def hint(word: object, candidates: Iterable[str]) -> str:
    """`` (vouliez-vous « x » ?)`` or an empty string (always so for a ``word`` that is no text)."""
    if not isinstance(word, str):
        return ""
    found = nearest(word, candidates)
    return f" (vouliez-vous « {found} » ?)" if found else ""
