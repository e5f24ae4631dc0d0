"""Which document models exist: documents built in code, by name."""

from __future__ import annotations

from collections.abc import Callable

from .document import Document
from .pv import HearingContext, build_pv

Builder = Callable[[HearingContext], Document]

BUILDERS: dict[str, Builder] = {
    "pv_audition": build_pv,
}


def available_models() -> list[str]:
    return sorted(BUILDERS)
