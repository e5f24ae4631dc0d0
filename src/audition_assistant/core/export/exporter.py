"""Export a hearing's documents into a folder and record each file's hash.

File names say which document it is (procedure and PV numbers, title,
language), not whom it is about: names show in folder listings, on a USB
key's directory and in recent-files lists, where no one reads a document's
protection. The person's name is added only when the settings ask for it,
and never to a password-protected document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..french import identity_name
from ..store import Store
from ..templates.model import DocumentSpec
from .attestations import ModelLibrary, render_model
from .document import Document
from .files import ExportError, safe_filename, sha256_of, write_new
from .model_sandbox import Renderer
from .models import BUILDERS
from .notices import FRENCH
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
    name_parts: tuple[str, ...]  # procedure number, PV number, title, language: never the person
    notes: tuple[str, ...] = ()
    protected: bool = False  # ``data`` is encrypted
    identity: str = ""  # the person's name, for a file name when the settings ask for it


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
        parts = name_parts(ctx, spec, document.title)
        return BuiltDocument(spec.id, document.title, render(document), parts, identity=_identity(ctx))
    library = models or ModelLibrary()
    model = library.get(spec.model)
    if model is None:
        raise ExportError(f"Modèle de document « {spec.model} » indisponible (ni livré, ni dans le dossier models).")
    rendered = render_model(model, ctx, spec, library, renderer)
    title = spec.title or model.name
    parts = name_parts(ctx, spec, title, rendered.language)
    return BuiltDocument(spec.id, title, rendered.data, parts, rendered.notes, identity=_identity(ctx))


def name_parts(ctx: HearingContext, spec: DocumentSpec, title: str, language: str = FRENCH) -> tuple[str, ...]:
    """What a document's file name is made of: procedure number, PV number, title, language other than French.

    A procès-verbal complémentaire or de rectification carries its own
    number in its title: the hearing's is not repeated.
    """
    pv = ctx.hearing.pv_number if spec.model != SUPPLEMENT_MODEL else ""
    return (
        ctx.case.procedure_number,
        f"PV {pv}" if pv else "",
        title,
        language if language != FRENCH else "",
    )


def _identity(ctx: HearingContext) -> str:
    subject = ctx.view.answers.get(ctx.view.template.pv.subject or "") or {}
    return identity_name(subject) if isinstance(subject, dict) else ""


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
    # A protected document's name never says whom it is about, whatever the settings.
    return [replace(d, data=protect(d.data, password), protected=True, identity="") for d in built]


def file_name(document: BuiltDocument, *, identity: bool = False) -> str:
    """The document's file name; with ``identity``, the person's name ends it (never a protected document's)."""
    with_identity = identity and document.identity and not document.protected
    return safe_filename((*document.name_parts, document.identity) if with_identity else document.name_parts)


def write_all(
    store: Store, hearing_id: int, built: Sequence[BuiltDocument], folder: Path, *, identity: bool = False
) -> list[ExportedFile]:
    """Write each rendered document as a new file and record the hash of the bytes written.

    All or nothing: the records are one transaction, and when a document
    cannot be written (or recorded), those already written by this call are
    removed, so no unrecorded copy is left in clear. ``identity``: the
    settings ask for the person's name in file names (see ``file_name``).
    The record keeps the absolute path (the working folder of a command is
    forgotten); the caller gets the path in the terms it gave the folder in.
    """
    written: list[ExportedFile] = []
    paths: list[Path] = []
    try:
        with store.transaction():
            for document in built:
                name = file_name(document, identity=identity)
                path = write_new(folder.expanduser().absolute(), name, document.data)
                paths.append(path)
                digest = sha256_of(document.data)
                store.record_export(hearing_id, document.id, str(path), digest)
                exported = ExportedFile(
                    document.id, document.title, folder / path.name, digest, document.notes, document.protected
                )
                written.append(exported)
    except BaseException:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written


def export_documents(
    store: Store,
    ctx: HearingContext,
    specs: Sequence[DocumentSpec],
    folder: Path,
    models: ModelLibrary | None = None,
    password: str | None = None,
    *,
    identity: bool = False,
) -> list[ExportedFile]:
    """Render (and protect) every document first, then write them: a rendering error writes nothing."""
    built = protect_all(render_all(ctx, specs, models), password)
    return write_all(store, ctx.hearing.id, built, folder, identity=identity)
