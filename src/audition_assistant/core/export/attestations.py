"""Word models (attestations, notices, referral forms) filled from a hearing with docxtpl.

A model is a .docx that a trainer opens and changes in Word; its Jinja
placeholders (``{{ personne.nom_complet }}``, ``{%p if ... %}``) are filled
from the context built here. The bundled models are ``resources/models/*.docx``;
a file of the same name in the data folder's ``models/`` replaces one, and a
new name adds one. Templates name a model by its file name without ``.docx``.

Rendering always escapes values (``autoescape``): without it, a value holding
``<`` or ``&`` breaks the XML and Word text is silently cut. A broken model (a
Jinja syntax error, an unknown variable, a file that is not a Word document)
becomes an :class:`ExportError` naming the file and the line, never a crash.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .. import resources, timeline
from ..references import Reference
from ..store.records import Profile
from ..templates.fieldtypes import IDENTITY_PARTS, display, format_date, identity_name, is_empty
from ..templates.model import NOTES, DocumentSpec, Field
from ..text import clean
from .files import ExportError
from .french import agree, date_in_words, date_long, is_male, typography
from .notices import FRENCH, BilingualNotice, NoticeError, NoticeLibrary, language_context
from .pv import QUALITES, HearingContext

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2 import Environment


def _broken_file_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged .docx raises (docx, lxml: imported only when a model is used)."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError)


FOLDER = "models"
SUFFIX = ".docx"
BUNDLED = "bundled"
LOCAL = "local"
MAX_MODEL_BYTES = 20 * 1024 * 1024
CHECKED, UNCHECKED = "☒", "☐"
MINOR_DERIVED = "victime_mineure"  # the derived value (is_minor) that selects a notice's sections for a minor


@dataclass(frozen=True)
class WordModel:
    """One .docx model, bundled or local."""

    name: str  # the file name without .docx: what templates write in ``model:``
    origin: str  # bundled | local
    source: str  # the file as named in messages
    path: Path | None = None  # local file
    node: Traversable | None = None  # bundled resource

    def read(self) -> bytes:
        try:
            if self.path is not None:
                size = self.path.stat().st_size
                if size > MAX_MODEL_BYTES:
                    raise ExportError(f"Modèle {self.source} : fichier trop volumineux ({size} octets).")
                return self.path.read_bytes()
            assert self.node is not None
            return self.node.read_bytes()
        except OSError as error:
            raise ExportError(f"Modèle {self.source} : lecture impossible ({error.strerror or error}).") from error


@dataclass(frozen=True)
class ModelInfo:
    """What a list of models shows: title and version from the file's properties, and its problems."""

    model: WordModel
    title: str
    version: str
    problems: tuple[str, ...]


def inspect_model(model: WordModel) -> ModelInfo:
    """Read a model's properties and check its Jinja syntax without rendering it."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    try:
        template = DocxTemplate(io.BytesIO(model.read()))
        template.init_docx()
    except ExportError as error:
        return ModelInfo(model, model.name, "", (str(error),))
    except _broken_file_errors() as error:
        return ModelInfo(model, model.name, "", (f"Modèle {model.source} : fichier Word illisible ({error}).",))
    properties = template.docx.core_properties
    title, version = properties.title or model.name, properties.version or ""
    try:
        # As docxtpl renders: one line per Word paragraph, so line numbers match its errors.
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
        jinja_environment().parse(xml)
    except TemplateSyntaxError as error:
        return ModelInfo(model, title, version, (_explain(error, template, model.source),))
    return ModelInfo(model, title, version, ())


def _is_model_file(name: str) -> bool:
    # Word leaves "~$name.docx" lock files next to an open document.
    return name.lower().endswith(SUFFIX) and not name.startswith(("~$", ".", "_"))


class ModelLibrary:
    """The Word models the application knows, and the notice texts they use."""

    def __init__(
        self,
        local_dir: Path | None = None,
        notices_dir: Path | None = None,
        references: Mapping[str, Reference] | None = None,
    ):
        self.local_dir = local_dir
        self.notices = NoticeLibrary(notices_dir, references)

    def models(self) -> dict[str, WordModel]:
        """Name -> model; a local file replaces the bundled one of the same name."""
        found: dict[str, WordModel] = {}
        folder = resources.root() / FOLDER
        if folder.is_dir():
            for node in sorted(folder.iterdir(), key=lambda n: n.name):
                if _is_model_file(node.name):
                    name = node.name[: -len(SUFFIX)]
                    found[name] = WordModel(name, BUNDLED, f"resources/{FOLDER}/{node.name}", node=node)
        if self.local_dir is not None and self.local_dir.is_dir():
            for path in sorted(self.local_dir.iterdir()):
                if _is_model_file(path.name) and path.is_file():
                    found[path.stem] = WordModel(path.stem, LOCAL, str(path), path=path)
        return found

    def names(self) -> list[str]:
        return sorted(self.models())

    def get(self, name: str) -> WordModel | None:
        return self.models().get(name)


@dataclass(frozen=True)
class RenderedModel:
    data: bytes
    language: str  # code of the language the document is in besides French ("fr" if French only)
    notes: tuple[str, ...] = ()  # for the investigator: "traduction non validée"...


# --- the context -----------------------------------------------------------------
class Values(dict[str, Any]):
    """Answers by field id; a field the hearing's template lacks reads as empty.

    Models are shared between templates (adult, minor...), so ``champs.x`` for
    a field absent from one template is blank rather than an error.
    """

    def __missing__(self, key: str) -> str:
        return ""


class Identity(dict[str, Any]):
    """An identity block: every part (empty when unknown), and ``NOM Prénoms`` when printed whole.

    Unlike :class:`Values`, a misspelt part (``personne.nom_compelt``) is an error.
    """

    def __str__(self) -> str:
        return str(self.get("nom_complet", ""))

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


def place_and_country(place: str, country: str) -> str:
    """``Pereira (Risaralda, Colombie)``: one parenthesis, never ``(Risaralda) (Colombie)``."""
    if not country:
        return place
    if not place:
        return ""
    if place.endswith(")") and "(" in place:
        return f"{place[:-1]}, {country})"
    return f"{place} ({country})"


def identity_context(value: dict[str, Any] | None) -> Identity:
    value = value or {}
    out = Identity()
    for part in IDENTITY_PARTS:
        raw: Any = value.get(part.id)
        if is_empty(raw):
            shown = ""
        elif part.type == "yes_no":
            shown = "oui" if raw else "non"
        elif part.type == "date":
            shown = format_date(raw)
        else:
            shown = clean(str(raw)).strip()
        out[part.id] = shown.upper() if part.id == "nom" else shown
    out["nom_complet"] = identity_name(value)
    out["lieu_pays_naissance"] = place_and_country(out.get("lieu_naissance", ""), out.get("pays_naissance", ""))
    out["feminin"] = not is_male(value.get("sexe"))
    return out


def _shown(f: Field, value: Any) -> Any:
    if f.type == "identity":
        return identity_context(value if isinstance(value, dict) else None)
    if f.type == "group":
        return [Values({m.id: display(m, item.get(m.id)) for m in f.subfields}) for item in (value or [])]
    return clean(display(f, value))


def _raw(value: Any) -> Any:
    return "" if value is None else value


def _writer(profile: Profile, fallback_service: str) -> dict[str, str]:
    return {
        "nom": profile.nom.upper(),
        "prenom": profile.prenom,
        "nom_complet": " ".join(p for p in (profile.prenom, profile.nom.upper()) if p),
        "grade": profile.grade,
        "qualite": profile.qualite,
        "qualite_longue": QUALITES.get(profile.qualite, "enquêteur"),
        "service": profile.service or fallback_service,
        "unite": profile.unite,
        "telephone": profile.telephone,
        "courriel": profile.email,
        "coordonnees": " — ".join(p for p in (profile.telephone, profile.email) if p),
        "matricule": profile.matricule,
        "matricule_libelle": profile.matricule_label,
        "commune": profile.commune,
    }


def complaint_time(raw: Any, ended: dt.datetime | None) -> str:
    """The time the complaint was received (``plainte_heure``), else the hearing's end; never its start."""
    if not is_empty(raw):
        try:
            return timeline.hhmm(dt.time.fromisoformat(str(raw)))
        except ValueError:
            return clean(str(raw)).strip()
    return timeline.hhmm(ended) if ended else ""


COURT = re.compile(r"tribunal judiciaire (d'|de |du |des )([^,;()]+)", re.IGNORECASE)
COURT_FIELDS = ("magistrat_avise", "demande_reparation_accord", "participation_magistrat", "cr_tribunal")


def court_of(shown: Mapping[str, Any]) -> str:
    """``de Nanterre``: the court a magistrate field of the hearing names, or "" (never guessed)."""
    for field_id in COURT_FIELDS:
        match = COURT.search(str(shown.get(field_id, "")))
        if match:
            return match.group(1) + match.group(2).strip()
    return ""


THIRD_PARTY = re.compile(r"^(?P<body>.+?),?\s+représentée?\s+par\s+(?P<who>.+)$")
CIVILITY = re.compile(r"^(?P<civ>Mme|Madame|Mlle|M\.|Monsieur)\s+(?P<name>.+)$")


def third_party(text: str) -> dict[str, str]:
    """The third party of a domicile declaration, from its free text.

    ``l'association « Escale 92 », représentée par Mme Anne BERTHIER`` ->
    ``signataire`` Anne BERTHIER, ``au_nom_de`` the association, ``sexe`` f;
    ``sexe`` is empty when no civility says it (the model then uses neutral words).
    """
    text = clean(text).strip()
    body, who = "", text
    match = THIRD_PARTY.match(text)
    if match:
        body, who = match.group("body").strip().rstrip(","), match.group("who").strip()
    sex, name = "", who
    civility = CIVILITY.match(who)
    if civility:
        name = civility.group("name").strip()
        sex = "m" if civility.group("civ") in ("M.", "Monsieur") else "f"
    return {"texte": text, "signataire": name, "au_nom_de": body, "sexe": sex}


def language_of(ctx: HearingContext, spec: DocumentSpec) -> str | None:
    """The code chosen in the hearing for this document, if the template says where."""
    if not spec.language_field:
        return None
    view = ctx.view
    f = view.template.field(spec.language_field)
    value = view.answers.get(f.id) if view.field_visible(f) else None
    return str(value) if not is_empty(value) else None


def build_context(
    ctx: HearingContext, spec: DocumentSpec, notice: BilingualNotice | None, references: Mapping[str, Reference]
) -> dict[str, Any]:
    """Every variable a model can use (documented in docs/modeles-word.md)."""
    view, template = ctx.view, ctx.view.template
    subject_id = template.pv.subject
    subject = view.answers.get(subject_id) if subject_id else None
    person = identity_context(subject if isinstance(subject, dict) else None)
    started = timeline.started_at(view.timeline)
    ended = timeline.ended_at(view.timeline)
    day = view.hearing_date

    shown, raw = Values(), Values()
    for section in template.sections:
        for f in section.fields:
            # The investigator's notes are never printed: a model reads them as empty.
            value = view.answers.get(f.id) if view.field_visible(f) and f.destination != NOTES else None
            shown[f.id] = _shown(f, value)
            raw[f.id] = _raw(value)
    derived = Values({key: _raw(value) for key, value in view.derived().items()})
    sex = person.get("sexe")

    def accord(feminine: str, masculine: str) -> str:
        """``{{ accord('née', 'né') }}``: agreement with the person heard (feminine when unknown)."""
        return agree(sex, feminine, masculine)

    def case(value: Any) -> str:
        """``{{ case(valeurs.x) }}``: a ticked or empty box."""
        return CHECKED if value and not is_empty(value) else UNCHECKED

    language = notice.language if notice else None
    context: dict[str, Any] = {
        "document": {"id": spec.id, "titre": spec.title},
        "procedure": {
            "numero": ctx.case.procedure_number,
            "affaire": ctx.case.heading,
            "service": ctx.case.service,
            "qualification": ctx.case.qualification,
            "tribunal": court_of(shown),  # "de Nanterre", only when a magistrate field names the court
        },
        "audition": {
            "pv_numero": ctx.hearing.pv_number,
            "lieu": ctx.hearing.place,
            # « Fait à »: the investigator's town (profile), never the room the hearing took place in.
            "fait_a": ctx.profile.commune,
            "date": format_date(day),
            "date_longue": date_long(day),
            "date_en_lettres": date_in_words(day),
            "heure_debut": timeline.hhmm(started) if started else "",
            "heure_fin": timeline.hhmm(ended) if ended else "",
            # the récépissé's time: plainte_heure, else the end of the hearing ("16 h 05", "10 h")
            "heure_plainte": complaint_time(raw["plainte_heure"], ended),
        },
        "enqueteur": _writer(ctx.profile, ctx.case.service),
        "personne": person,
        "champs": shown,
        "valeurs": raw,
        "derives": derived,
        "langue": language_context(language)
        if language
        else {"code": FRENCH, "nom_fr": "français", "nom": "français", "libelle": "français"},
        "articles": {key: ref.article for key, ref in references.items()},
        "references": {
            key: {
                "article": ref.article,
                "code": ref.code,
                "libelle": ref.label,
                "citation": ref.citation,
                "a_verifier": ref.to_verify,
            }
            for key, ref in references.items()
        },
        "accord": accord,
        "case": case,
        "tiers": third_party(str(shown["domiciliation_tiers"])),
        "interprete": str(shown["interprete"]) if raw["interprete_present"] is True else "",
    }
    if notice is not None:  # a minor reads the sections written for a minor (audience: mineur)
        context["notice"] = notice.context(minor=derived.get(MINOR_DERIVED) is True)
    return context


# --- rendering -------------------------------------------------------------------
def render_model(model: WordModel, ctx: HearingContext, spec: DocumentSpec, library: ModelLibrary) -> RenderedModel:
    """The filled .docx bytes of ``model`` for this hearing, or ExportError."""
    code = language_of(ctx, spec)
    notes: list[str] = []
    notice: BilingualNotice | None = None
    try:
        if library.notices.has(model.name):
            if spec.language_field and code is None:
                notes.append(f"{spec.title} : langue de remise non renseignée, document en français seulement.")
            notice = library.notices.bilingual(model.name, code)
    except NoticeError as error:
        raise ExportError(f"Document « {spec.title} » : {error}") from None
    if notice is not None and notice.translation is not None and not notice.translation.validated:
        notes.append(f"{spec.title} ({notice.language.name_fr}) : {notice.status}.")
    context = build_context(ctx, spec, notice, library.notices.references)
    data = render_docx(model.read(), model.source, context)
    return RenderedModel(data, notice.language.code if notice else FRENCH, tuple(notes))


def jinja_environment() -> Environment:
    """Values are escaped (autoescape) and a misspelt variable is an error, not a blank.

    A model is data written outside the code (a trainer's .docx dropped in the
    data folder): the sandbox refuses attribute walks such as
    ``cycler.__init__.__globals__`` that would reach Python itself, and bounds
    ``range()``, so a model can fill a document but never run code.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_docx(data: bytes, source: str, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except _broken_file_errors() as error:
        raise ExportError(
            f"Modèle {source} : ce fichier n'est pas un document Word (.docx) lisible ({type(error).__name__})."
        ) from None
    try:
        template.render(context, jinja_env=jinja_environment())
        _typeset(template.docx)
        out = io.BytesIO()
        template.save(out)
    except Exception as error:  # a trainer's model must never crash the export
        raise ExportError(_explain(error, template, source)) from None
    return out.getvalue()


def _typeset(document: Any) -> None:
    """French typography on every text of the filled model, headers and footers included.

    The model's own words and the answers it prints get the same no-break
    spaces as the documents the application builds (``french.typography``).
    """
    from docx.oxml.ns import qn

    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.partname.startswith("/word/"):
            continue
        for text in element.iter(qn("w:t")):
            if text.text:
                text.text = typography(text.text)


def _explain(error: Exception, template: DocxTemplate, source: str) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

    line = (
        getattr(error, "lineno", None)
        if isinstance(error, TemplateSyntaxError)
        else _template_line(error.__traceback__)
    )
    where = f", ligne {line}" if line else ""
    text = _line_text(template, line) if line else ""
    quoted = f" — texte concerné : « {text} »" if text else ""
    if isinstance(error, TemplateSyntaxError):
        what = f"erreur de syntaxe ({error.message})"
    elif isinstance(error, UndefinedError):
        what = f"variable inconnue ({error.message})"
    elif isinstance(error, TemplateError):
        what = f"erreur de modèle ({error.message or type(error).__name__})"
    else:
        what = f"erreur pendant le remplissage ({type(error).__name__} : {error})"
    return f"Modèle {source}{where} : {what}{quoted}."


def _template_line(tb: TracebackType | None) -> int | None:
    """The model line a runtime error happened on: Jinja names its frames ``<template>``."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _line_text(template: DocxTemplate, line: int) -> str:
    """The text of ``line`` as docxtpl numbers lines: one per Word paragraph, Jinja-only paragraphs merged."""
    try:
        part = template.current_rendering_part
        body = template.docx._part if template.docx is not None else None
        xml = template.get_xml() if part is None or part is body else template.get_part_xml(part)
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)).splitlines()
        text = re.sub(r"<[^>]+>", "", lines[line - 1]) if 0 < line <= len(lines) else ""
    except Exception:  # locating the error is a courtesy; the error itself is reported anyway
        return ""
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "…"
