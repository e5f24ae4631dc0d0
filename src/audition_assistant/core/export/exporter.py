"""Export a hearing's documents into a folder and record each file's hash."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..store import Store
from ..templates.model import DocumentSpec
from .document import Document
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


@dataclass(frozen=True)
class Rendered:
    spec: DocumentSpec
    title: str
    file_name: str
    data: bytes


def render_all(ctx: HearingContext, specs: Sequence[DocumentSpec]) -> list[Rendered]:
    """The documents' bytes. Pure: no database, no file; the GUI runs it off the main thread."""
    # python-docx (and lxml) load on the first export rather than at start-up.
    from .docx_writer import render

    out = []
    for spec in specs:
        document = build(ctx, spec)
        head, *rest = document.name_parts or (spec.id,)
        out.append(Rendered(spec, document.title, safe_filename((head, document.title, *rest)), render(document)))
    return out


def write_all(store: Store, hearing_id: int, rendered: Sequence[Rendered], folder: Path) -> list[ExportedFile]:
    """Write each rendered document as a new file and record its hash."""
    written = []
    for item in rendered:
        path = write_new(folder, item.file_name, item.data)
        digest = sha256_of(item.data)
        store.record_export(hearing_id, item.spec.id, str(path), digest)
        written.append(ExportedFile(item.spec.id, item.title, path, digest))
    return written


def export_documents(
    store: Store, ctx: HearingContext, specs: Sequence[DocumentSpec], folder: Path
) -> list[ExportedFile]:
    """Render every document first, then write them: a rendering error writes nothing."""
    return write_all(store, ctx.hearing.id, render_all(ctx, specs), folder)
