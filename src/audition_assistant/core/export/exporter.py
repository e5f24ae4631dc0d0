"""Export a hearing's documents into a folder and record each file's hash."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..store import Store
from ..templates.fieldtypes import identity_name
from ..templates.model import DocumentSpec
from .attestations import FRENCH, ModelLibrary, render_model
from .document import Document
from .files import ExportError, safe_filename, sha256_of, write_new
from .model_sandbox import Renderer
from .models import BUILDERS
from .protect import protect
from .pv import HearingContext
from .supplement import SUPPLEMENT_MODEL, build_supplement


@dataclass(frozen=True)
class ExportedFile:
    document_id: str
    title: str
    path: Path
    sha256: str  # of the file as written (encrypted, when protected)
    notes: tuple[str, ...] = ()  # for the investigator, e.g. "traduction non validée"
    protected: bool = False  # opens only with the password given at export


@dataclass(frozen=True)
class BuiltDocument:
    """A document rendered to Word bytes, not yet written."""

    id: str
    title: str
    data: bytes
    name_parts: tuple[str, ...]  # procedure number, title, then who or what it is about
    notes: tuple[str, ...] = ()
    protected: bool = False  # ``data`` is encrypted


def build_blocks(ctx: HearingContext, spec: DocumentSpec) -> Document:
    """A document built in code (PV, fiche), as blocks: what the preview shows."""
    if spec.model == SUPPLEMENT_MODEL:  # a procès-verbal complémentaire or de rectification
        return build_supplement(ctx, spec.id)
    builder = BUILDERS.get(spec.model)
    if builder is None:
        raise ExportError(f"Modèle de document « {spec.model} » indisponible.")
    document = builder(ctx)
    document.id = spec.id
    document.title = spec.title or document.title
    return document


def build(
    ctx: HearingContext, spec: DocumentSpec, models: ModelLibrary | None = None, renderer: Renderer | None = None
) -> BuiltDocument:
    """Render one document: a builder's blocks through the base document, or a Word model through docxtpl.

    A Word model is filled in ``renderer``'s process (one of its own when None).
    """
    if spec.model in BUILDERS or spec.model == SUPPLEMENT_MODEL:
        # python-docx (and lxml) load on the first export rather than at start-up.
        from .docx_writer import render

        document = build_blocks(ctx, spec)
        head, *rest = document.name_parts or (spec.id,)
        return BuiltDocument(spec.id, document.title, render(document), (head, document.title, *rest))
    library = models or ModelLibrary()
    model = library.get(spec.model)
    if model is None:
        raise ExportError(f"Modèle de document « {spec.model} » indisponible (ni livré, ni dans le dossier models).")
    rendered = render_model(model, ctx, spec, library, renderer)
    subject = ctx.view.answers.get(ctx.view.template.pv.subject or "") or {}
    title = spec.title or model.name
    parts = [ctx.case.procedure_number, title]
    if rendered.language != FRENCH:
        parts.append(rendered.language)
    parts.append(identity_name(subject) if isinstance(subject, dict) else "")
    return BuiltDocument(spec.id, title, rendered.data, tuple(parts), rendered.notes)


def render_all(
    ctx: HearingContext,
    specs: Sequence[DocumentSpec],
    models: ModelLibrary | None = None,
    progressed: Callable[[int], None] | None = None,
) -> list[BuiltDocument]:
    """The documents' bytes. Pure: no database, no file; the GUI runs it off the main thread.

    The Word models share one rendering process; ``progressed`` is told how many documents are done.
    """
    library = models or ModelLibrary()
    built = []
    with library.renderer() as renderer:
        for spec in specs:
            built.append(build(ctx, spec, library, renderer))
            if progressed is not None:
                progressed(len(built))
    return built


def protect_all(built: Sequence[BuiltDocument], password: str | None) -> list[BuiltDocument]:
    """The documents encrypted with ``password`` (unchanged when it is None). Pure, like render_all."""
    if password is None:
        return list(built)
    return [replace(d, data=protect(d.data, password), protected=True) for d in built]


def write_all(store: Store, hearing_id: int, built: Sequence[BuiltDocument], folder: Path) -> list[ExportedFile]:
    """Write each rendered document as a new file and record the hash of the bytes written.

    The record keeps the absolute path (the working folder of a command is
    forgotten); the caller gets the path in the terms it gave the folder in.
    """
    written = []
    for document in built:
        path = write_new(folder.expanduser().absolute(), safe_filename(document.name_parts), document.data)
        digest = sha256_of(document.data)
        store.record_export(hearing_id, document.id, str(path), digest)
        written.append(
            ExportedFile(document.id, document.title, folder / path.name, digest, document.notes, document.protected)
        )
    return written


def export_documents(
    store: Store,
    ctx: HearingContext,
    specs: Sequence[DocumentSpec],
    folder: Path,
    models: ModelLibrary | None = None,
    password: str | None = None,
) -> list[ExportedFile]:
    """Render (and protect) every document first, then write them: a rendering error writes nothing."""
    return write_all(store, ctx.hearing.id, protect_all(render_all(ctx, specs, models), password), folder)
