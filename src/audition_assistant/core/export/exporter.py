"""Export a hearing's documents into a folder and record each file's hash."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..store import Store
from ..templates.model import DocumentSpec
from .document import Document
from .docx_writer import render
from .files import ExportError, safe_filename, sha256_of, write_new
from .models import BUILDERS
from .pv import HearingContext


@dataclass(frozen=True)
class ExportedFile:
    document_id: str
    title: str
    path: Path
    sha256: str


def build(ctx: HearingContext, spec: DocumentSpec) -> Document:
    builder = BUILDERS.get(spec.model)
    if builder is None:
        raise ExportError(f"Modèle de document « {spec.model} » indisponible.")
    document = builder(ctx)
    document.id = spec.id
    document.title = spec.title or document.title
    return document


def export_documents(
    store: Store, ctx: HearingContext, specs: Sequence[DocumentSpec], folder: Path
) -> list[ExportedFile]:
    """Render every document first, then write them: a rendering error writes nothing."""
    rendered = []
    for spec in specs:
        document = build(ctx, spec)
        rendered.append((spec, document, render(document)))
    written = []
    for spec, document, data in rendered:
        head, *rest = document.name_parts or (spec.id,)
        name = safe_filename((head, document.title, *rest))
        path = write_new(folder, name, data)
        digest = sha256_of(data)
        store.record_export(ctx.hearing.id, spec.id, str(path), digest)
        written.append(ExportedFile(spec.id, document.title, path, digest))
    return written
