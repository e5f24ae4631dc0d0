"""Which document models exist: documents built in code, by name."""

from __future__ import annotations

from collections.abc import Callable

from .document import Document
from .fiche import build_fiche
from .pv import HearingContext, build_pv

Builder = Callable[[HearingContext], Document]

BUILDERS: dict[str, Builder] = {
    "pv_audition": build_pv,
    "fiche_synthese": build_fiche,
}


def available_models() -> list[str]:
    return sorted(BUILDERS)
