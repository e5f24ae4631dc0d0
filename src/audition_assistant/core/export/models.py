"""Which document models exist: documents built in code, and Word models (bundled and local)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .attestations import ModelLibrary
from .document import Document
from .evvi import build_evvi
from .fiche import build_fiche
from .pv import HearingContext, build_pv

Builder = Callable[[HearingContext], Document]

BUILDERS: dict[str, Builder] = {
    "pv_audition": build_pv,
    "fiche_synthese": build_fiche,
    "evvi": build_evvi,
}


def available_models(local_dir: Path | None = None) -> list[str]:
    """Names a template may give as a document's ``model``: builders, then the .docx models.

    ``local_dir`` is the data folder's ``models/``, whose files add to (or replace) the bundled ones.
    """
    return sorted(set(BUILDERS) | set(ModelLibrary(local_dir).names()))
