"""Word models (attestations, notices, referral forms) filled from a hearing with docxtpl.

A model is a .docx that a trainer opens and changes in Word; its Jinja
placeholders (``{{ personne.nom_complet }}``, ``{%p if ... %}``) are filled
from the context built here. The bundled models are ``resources/models/*.docx``;
a file imported into the data folder's ``models/`` replaces one of the same
name, and a new name adds one. Templates name a model by its file name
without ``.docx``.

A model is filled in a separate process (``model_sandbox``), from a plain
copy of the values built here (``build_context``); a local model is used only
if the audit trail records its import with the file's hash (``model_import``).
A broken or hostile model becomes an :class:`ExportError` naming the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .. import resources, timeline
from ..french import (
    date_in_words,
    date_long,
    format_date,
    hhmm,
    identity_name,
    identity_part,
    is_male,
    officer_name,
    qualite_words,
    surname,
)
from ..references import Reference
from ..store.records import Profile
from ..templates.fieldtypes import IDENTITY_PARTS, display, is_empty
from ..templates.model import NOTES, DocumentSpec, Field
from ..text import clean
from .files import ExportError
from .model_sandbox import Limits, Renderer, SandboxError
from .model_values import Identity, Values
from .notices import FRENCH, BilingualNotice, NoticeError, NoticeLibrary, language_context
from .pv import HearingContext

FOLDER = "models"
SUFFIX = ".docx"
BUNDLED = "bundled"
LOCAL = "local"
MAX_MODEL_BYTES = 20 * 1024 * 1024
MINOR_DERIVED = "victime_mineure"  # the derived value (is_minor) that selects a notice's sections for a minor


@dataclass(frozen=True)
class WordModel:
    """One .docx model, bundled or local."""

    name: str  # the file name without .docx: what templates write in ``model:``
    origin: str  # bundled | local
    source: str  # the file as named in messages
    path: Path | None = None  # local file
    node: Traversable | None = None  # bundled resource
    replaces_bundled: bool = False  # a local model named as a bundled one, used in its place

    def read(self) -> bytes:
        try:
            if self.path is not None:
                with self.path.open("rb") as file:
                    data = file.read(MAX_MODEL_BYTES + 1)
                if len(data) > MAX_MODEL_BYTES:
                    raise ExportError(
                        f"Modèle {self.source} : fichier trop volumineux (plus de {MAX_MODEL_BYTES // 2**20} Mo)."
                    )
                return data
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


def inspect_model(model: WordModel, renderer: Renderer | None = None) -> ModelInfo:
    """Check a model as ``templates validate`` does (package, syntax, trial filling in the sandbox)."""
    try:
        data = model.read()
        if renderer is None:
            with Renderer() as own:
                found = own.inspect(data, model.source, model.name)
        else:
            found = renderer.inspect(data, model.source, model.name)
    except (ExportError, SandboxError) as error:
        return ModelInfo(model, model.name, "", (str(error),))
    return ModelInfo(model, str(found["title"]), str(found["version"]), tuple(str(p) for p in found["problems"]))


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
        imported: Mapping[str, str] | None = None,
        limits: Limits | None = None,
    ):
        self.local_dir = local_dir
        self.notices = NoticeLibrary(notices_dir, references)
        # Model name -> SHA-256 of its last import recorded in the audit trail: only that file is used.
        self.imported: dict[str, str] = dict(imported or {})
        self.limits = limits  # None: model_sandbox.DEFAULT

    def renderer(self) -> Renderer:
        """One rendering process for the models of one export (started at the first model)."""
        return Renderer(self.limits)

    def is_imported(self, model: WordModel) -> bool:
        """A bundled model, or a local file whose last import (with this very content) the audit trail records."""
        try:
            return model.origin != LOCAL or hashlib.sha256(model.read()).hexdigest() == self.imported.get(model.name)
        except ExportError:
            return False

    def read_checked(self, model: WordModel) -> bytes:
        """The model's bytes; a local file must be the one last imported under its name (ExportError otherwise)."""
        data = model.read()
        if model.origin == LOCAL and hashlib.sha256(data).hexdigest() != self.imported.get(model.name):
            raise ExportError(
                f"Modèle {model.source} : ce fichier n'a pas été importé (ou a changé depuis son import) ; "
                "modèle refusé. Importez-le par « Dossier › Modèles Word… » ou "
                "« audition-assistant models import FICHIER »."
            )
        return data

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
                if _is_model_file(path.name) and path.is_file() and not path.is_symlink():
                    shadows = path.stem in found
                    found[path.stem] = WordModel(path.stem, LOCAL, str(path), path=path, replaces_bundled=shadows)
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
        else:
            words = part.type in ("yes_no", "date")
            shown = identity_part(part.id, part.type, raw if words else clean(str(raw)).strip())
        out[part.id] = shown
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
        "nom": surname(profile.nom),
        "prenom": profile.prenom,
        "nom_complet": officer_name(profile.prenom, profile.nom),
        "grade": profile.grade,
        "qualite": profile.qualite,
        "qualite_longue": qualite_words(profile.qualite),
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
            return hhmm(dt.time.fromisoformat(str(raw)))
        except ValueError:
            return clean(str(raw)).strip()
    return hhmm(ended) if ended else ""


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
    """Every value a model can read (documented in docs/modeles-word.md), as plain data.

    ``accord`` and ``case`` are added where the model is filled (``model_values.functions``).
    """
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
            "heure_debut": hhmm(started) if started else "",
            "heure_fin": hhmm(ended) if ended else "",
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
        "tiers": third_party(str(shown["domiciliation_tiers"])),
        "interprete": str(shown["interprete"]) if raw["interprete_present"] is True else "",
    }
    if notice is not None:  # a minor reads the sections written for a minor (audience: mineur)
        context["notice"] = notice.context(minor=derived.get(MINOR_DERIVED) is True)
    return context


# --- rendering -------------------------------------------------------------------
def render_model(
    model: WordModel, ctx: HearingContext, spec: DocumentSpec, library: ModelLibrary, renderer: Renderer | None = None
) -> RenderedModel:
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
    data = render_docx(library.read_checked(model), model.source, context, renderer or library.renderer())
    return RenderedModel(data, notice.language.code if notice else FRENCH, tuple(notes))


def render_docx(data: bytes, source: str, context: dict[str, Any], renderer: Renderer | None = None) -> bytes:
    """Fill a model in the rendering process (one started for this call when none is given)."""
    try:
        if renderer is not None:
            return renderer.render(data, source, context)
        with Renderer() as own:
            return own.render(data, source, context)
    except SandboxError as error:
        raise ExportError(str(error)) from None
