"""Export a hearing's documents into a folder and record each file's hash.

Each document comes in the formats asked for: the application's own
(built from blocks) through one writer per format, the Word models through
docxtpl, then LibreOffice for their OpenDocument and PDF/A copies when the
station has it (else they stay in Word, with a note saying so).

File names say which document it is (procedure and PV numbers, title,
language), not whom it is about: names show in folder listings, on a USB
key's directory and in recent-files lists, where no one reads a document's
protection. The person's name is added only when the settings ask for it,
and never to a password-protected document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..french import identity_name
from ..store import Store
from ..templates.model import DocumentSpec
from . import libreoffice
from .attestations import ModelLibrary, render_model
from .document import Document
from .files import ExportError, TextNotWritable, safe_filename, sha256_of, write_new
from .formats import DOCUMENT_FORMATS, DOCX, ODT, PDF, SUFFIXES, TXT, ordered
from .handoff import handoff_text
from .model_sandbox import Renderer
from .models import BUILDERS
from .notices import FRENCH
from .protect import check_password, protect
from .pv import HearingContext
from .supplement import SUPPLEMENT_MODEL, build_supplement

# The hand-off text's record in the exports (a document id no template uses: it is not one of theirs).
HANDOFF_ID = "texte-redaction"
HANDOFF_TITLE = "Texte pour le logiciel de rédaction"


@dataclass(frozen=True)
class ExportedFile:
    document_id: str
    title: str
    path: Path
    sha256: str  # of the file as written (encrypted, when protected)
    notes: tuple[str, ...] = ()  # for the investigator, e.g. "traduction non validée"
    protected: bool = False  # opens only with the password given at export
    format: str = DOCX  # a key of formats.SUFFIXES


@dataclass(frozen=True)
class BuiltDocument:
    """A document rendered to one format's bytes, not yet written."""

    id: str
    title: str
    data: bytes
    name_parts: tuple[str, ...]  # procedure number, PV number, title, language: never the person
    notes: tuple[str, ...] = ()
    protected: bool = False  # ``data`` is encrypted
    identity: str = ""  # the person's name, for a file name when the settings ask for it
    format: str = DOCX  # a key of formats.SUFFIXES


Writer = Callable[[Document], bytes]


def writer(fmt: str) -> Writer:
    """The ``render`` of the format's writer, imported on first use: a Word-only export loads no PDF library.

    Plain imports, not a name built at run time: the frozen build bundles only the modules it sees imported.
    """
    if fmt == DOCX:
        from .docx_writer import render as docx

        return docx
    if fmt == ODT:
        from .odt_writer import render as odt

        return odt
    if fmt == PDF:
        from .pdf_writer import render as pdf

        return pdf
    raise ValueError(f"no writer for {fmt!r}")


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
    if built_in(spec):
        return _written(ctx, spec, build_blocks(ctx, spec), DOCX)
    library = models or ModelLibrary()
    model = library.get(spec.model)
    if model is None:
        raise ExportError(f"Modèle de document « {spec.model} » indisponible (ni livré, ni dans le dossier models).")
    rendered = render_model(model, ctx, spec, library, renderer)
    title = spec.title or model.name
    parts = name_parts(ctx, spec, title, rendered.language)
    return BuiltDocument(spec.id, title, rendered.data, parts, rendered.notes, identity=_identity(ctx))


def built_in(spec: DocumentSpec) -> bool:
    """Whether the application builds the document itself (blocks), rather than filling a Word model."""
    return spec.model in BUILDERS or spec.model == SUPPLEMENT_MODEL


def _written(ctx: HearingContext, spec: DocumentSpec, document: Document, fmt: str) -> BuiltDocument:
    parts = name_parts(ctx, spec, document.title)
    data = writer(fmt)(document)
    return BuiltDocument(spec.id, document.title, data, parts, identity=_identity(ctx), format=fmt)


def _in_formats(
    ctx: HearingContext, spec: DocumentSpec, document: Document, chosen: tuple[str, ...]
) -> list[BuiltDocument]:
    """``document`` in each format that can carry its text; the others are named in a note on those written.

    When none can (a PDF alone asked for), the Word file is written: what was typed always reaches a file.
    """
    files, notes = [], []
    for fmt in chosen:
        try:
            files.append(_written(ctx, spec, document, fmt))
        except TextNotWritable as error:
            notes.append(str(error))
    if notes and not files:
        files.append(_written(ctx, spec, document, DOCX))
    return [replace(f, notes=f.notes + tuple(notes)) for f in files]


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
    *,
    formats: Sequence[str] = (DOCX,),
) -> list[BuiltDocument]:
    """The documents' bytes in each of ``formats``. Pure: no database, no file; the GUI runs it off the main thread.

    Documents in ``specs`` order, each in DOCUMENT_FORMATS order. The Word
    models share one rendering process, then one LibreOffice run per format
    (see ``_converted``); ``progressed`` is told how many documents are done.
    """
    chosen = ordered(formats)
    library = models or ModelLibrary()
    built: list[list[BuiltDocument]] = []
    word: list[int] = []  # the positions of Word-model documents, rendered in Word alone so far
    with library.renderer() as renderer:
        for spec in specs:
            if built_in(spec):
                built.append(_in_formats(ctx, spec, build_blocks(ctx, spec), chosen))
            else:
                word.append(len(built))
                built.append([build(ctx, spec, library, renderer)])
            if progressed is not None:
                progressed(len(built))
    for i, group in _converted({i: built[i][0] for i in word}, chosen).items():
        built[i] = group
    return [document for group in built for document in group]


def _converted(word: dict[int, BuiltDocument], formats: tuple[str, ...]) -> dict[int, list[BuiltDocument]]:
    """Each Word-model document of ``word`` in ``formats``: LibreOffice converts them, one run per format.

    A format LibreOffice cannot give (absent, failed, overran) leaves the
    document in Word, with a note saying which formats are missing and why.
    """
    others = tuple(f for f in formats if f != DOCX)
    converted: dict[str, dict[str, bytes]] = {}
    reasons: dict[str, str] = {}
    for fmt in others if word else ():
        try:
            converted[fmt] = libreoffice.convert({str(i): d.data for i, d in word.items()}, fmt)
        except libreoffice.ConversionError as error:
            reasons[fmt] = str(error)
    result = {}
    for i, docx in word.items():
        missing = tuple(f for f in others if str(i) not in converted.get(f, {}))
        files = {f: replace(docx, data=converted[f][str(i)], format=f) for f in others if f not in missing}
        if DOCX in formats or missing:
            reason = next((reasons[f] for f in missing if f in reasons), "LibreOffice n'a pas pu le convertir.")
            notes = (libreoffice.note(missing, reason),) if missing else ()
            files[DOCX] = replace(docx, notes=docx.notes + notes)
        result[i] = [files[f] for f in DOCUMENT_FORMATS if f in files]
    return result


def check_protection(formats: Collection[str], password: str | None) -> None:
    """Refuse, before anything is rendered, a password with a format that cannot carry one (French ExportError).

    PDF/A forbids encryption (ISO 19005-2, 6.1.3): a protected PDF/A does not exist.
    """
    if password is None:
        return
    check_password(password)
    if PDF in formats:
        raise ExportError(
            "Un PDF/A ne peut pas être protégé par un mot de passe (la norme PDF/A interdit le chiffrement). "
            "Décochez le format PDF ou la protection par mot de passe."
        )
    if TXT in formats:
        raise ExportError(
            "Un fichier texte ne peut pas être protégé par un mot de passe. "
            "Retirez le format texte ou la protection par mot de passe."
        )


def protect_all(built: Sequence[BuiltDocument], password: str | None) -> list[BuiltDocument]:
    """The documents encrypted with ``password`` (unchanged when it is None). Pure, like render_all.

    Word through msoffcrypto, OpenDocument through ODF's own encryption; a
    PDF or text file is refused (``check_protection``), never left in clear.
    """
    if password is None:
        return list(built)
    check_protection({d.format for d in built}, password)
    # A protected document's name never says whom it is about, whatever the settings.
    return [replace(d, data=_protect(d, password), protected=True, identity="") for d in built]


def _protect(document: BuiltDocument, password: str) -> bytes:
    if document.format == DOCX:
        return protect(document.data, password)
    from .odf_protect import protect_odt  # the only ODF format that reaches here

    data: bytes = protect_odt(document.data, password)
    return data


def handoff_file(ctx: HearingContext) -> BuiltDocument:
    """The hearing as plain text for LRPPN / LRPGN (identity and mentions included), as a file to write."""
    text = handoff_text(ctx, identity=True, mentions=True)
    parts = (ctx.case.procedure_number, f"PV {ctx.hearing.pv_number}" if ctx.hearing.pv_number else "", HANDOFF_TITLE)
    return BuiltDocument(HANDOFF_ID, HANDOFF_TITLE, text.encode("utf-8"), parts, identity=_identity(ctx), format=TXT)


def file_name(document: BuiltDocument, *, identity: bool = False) -> str:
    """The document's file name; with ``identity``, the person's name ends it (never a protected document's)."""
    with_identity = identity and document.identity and not document.protected
    parts = (*document.name_parts, document.identity) if with_identity else document.name_parts
    return safe_filename(parts, SUFFIXES[document.format])


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
                    document.id,
                    document.title,
                    folder / path.name,
                    digest,
                    document.notes,
                    document.protected,
                    document.format,
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
    formats: Sequence[str] = (DOCX,),
) -> list[ExportedFile]:
    """Render (and protect) every document first, then write them: a rendering error writes nothing.

    ``formats`` may hold TXT: the hand-off text for the drafting software, written beside the documents.
    """
    check_protection(formats, password)
    documents = [f for f in formats if f != TXT]
    built = render_all(ctx, specs, models, formats=documents) if documents else []
    if TXT in formats:
        built.append(handoff_file(ctx))
    built = protect_all(built, password)
    return write_all(store, ctx.hearing.id, built, folder, identity=identity)
