"""The answers file (JSON, ``docs/answers-format.md``): read and check it whole.

Everything is checked before anything is written, so a bad file leaves no
case, no hearing and no document behind.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clock as moments
from .engine import HearingView
from .errors import UserError
from .store.records import TranscriptEntry
from .templates.catalog import TemplateCatalog
from .templates.fieldtypes import ValueProblem, coerce
from .templates.model import Field, Template
from .templates.suggest import hint
from .text import clean, shown
from .timeline import EVENT_KINDS, SUSPENSION_REASONS, TimelineError, TimelineEvent, check_next

FORMAT = "audition-assistant/answers"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 5000
PROFILE_KEYS = (
    "nom",
    "prenom",
    "grade",
    "qualite",
    "service",
    "unite",
    "force",
    "telephone",
    "email",
    "matricule",
    "commune",
)
CASE_KEYS = ("procedure_number", "heading", "service", "qualification")
HEARING_KEYS = ("pv_number", "place")
# Transcript texts obey the same rules as a long-text answer.
_TRANSCRIPT_TEXT = Field(id="transcript", type="long_text", label="Transcription")
TOP_KEYS = ("format", "version", "template", "template_version", "investigator", "case", "hearing",
            "answers", "timeline", "transcript")  # fmt: skip


class AnswersError(UserError, ValueError):
    """The file cannot be used; ``problems`` are ``location: message`` lines, in French."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class TranscriptLine:
    theme: str | None
    question: str
    answer: str
    at: dt.datetime | None


@dataclass
class FilledHearing:
    template: Template
    investigator: dict[str, str]
    case: dict[str, str]
    hearing: dict[str, str]
    answers: dict[str, Any]
    timeline: list[TimelineEvent] = field(default_factory=list)
    transcript: list[TranscriptLine] = field(default_factory=list)

    def view(self) -> HearingView:
        entries = [
            TranscriptEntry(i, i, t.theme, t.question, t.answer, t.at or moments.EARLIEST, t.at or moments.EARLIEST)
            for i, t in enumerate(self.transcript, start=1)
        ]
        return HearingView(self.template, dict(self.answers), entries, list(self.timeline))


def read(path: Path, catalog: TemplateCatalog) -> FilledHearing:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AnswersError([f"{path}: fichier trop volumineux"])
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise AnswersError([f"{path}: lecture impossible ({error.strerror})"]) from None
    except UnicodeDecodeError:
        raise AnswersError([f"{path}: le fichier n'est pas encodé en UTF-8"]) from None
    except json.JSONDecodeError as error:
        raise AnswersError(
            [f"{path}: JSON invalide ligne {error.lineno}, colonne {error.colno} : {error.msg}"]
        ) from None
    except RecursionError:
        raise AnswersError([f"{path}: JSON trop imbriqué"]) from None
    return check(data, catalog)


def check(data: Any, catalog: TemplateCatalog) -> FilledHearing:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise AnswersError(["(fichier): un objet JSON est attendu"])
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{shown(key)}: clé inconnue{hint(key, TOP_KEYS)}")
    if data.get("format") != FORMAT:
        problems.append(f"format: « {FORMAT} » attendu")
    if data.get("version") != VERSION:
        problems.append(f"version: version {shown(data.get('version'))} non prise en charge (attendue : {VERSION})")
    template_id = data.get("template")
    try:
        template = catalog.get(template_id if isinstance(template_id, str) else "")
    except KeyError:
        raise AnswersError(
            [*problems, f"template: modèle inconnu « {shown(template_id)} »{hint(template_id, catalog.ids())}"]
        ) from None

    investigator = _strings(data.get("investigator", {}), "investigator", PROFILE_KEYS, problems)
    case = _strings(data.get("case"), "case", CASE_KEYS, problems)
    if not clean(case.get("procedure_number", "")).strip():  # what the store will keep
        problems.append("case.procedure_number: numéro de procédure obligatoire")
    hearing = _strings(data.get("hearing", {}), "hearing", HEARING_KEYS, problems)
    answers = _answers(data.get("answers"), template, problems)
    events = _timeline(data.get("timeline", []), problems)
    transcript = _transcript(data.get("transcript", []), template, problems)
    filled = FilledHearing(template, investigator, case, hearing, answers, events, transcript)
    if not problems:
        for missing in filled.view().missing_required():
            problems.append(f"answers.{missing.field_id}: {missing.label} — {missing.message}")
    if problems:
        raise AnswersError(problems)
    return filled


def _strings(value: Any, where: str, keys: tuple[str, ...], problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"{where}: un objet est attendu")
        return {}
    out = {}
    for key, item in value.items():
        if key not in keys:
            problems.append(f"{where}.{shown(key)}: clé inconnue{hint(key, keys)}")
        elif not isinstance(item, str):
            problems.append(f"{where}.{key}: un texte est attendu")
        else:
            out[key] = item
    return out


def _answers(value: Any, template: Template, problems: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append("answers: un objet { champ : valeur } est attendu")
        return {}
    fields = template.field_index()
    out = {}
    for field_id, raw in value.items():
        f = fields.get(field_id)
        if f is None:
            problems.append(f"answers.{shown(field_id)}: champ inconnu du modèle {template.id}{hint(field_id, fields)}")
            continue
        try:
            out[field_id] = coerce(f, raw)
        except ValueProblem as problem:
            problems.append(f"answers.{field_id}: {f.label} — {problem}")
    return out


def _moment(value: Any, where: str, problems: list[str], after: dt.datetime | None) -> dt.datetime | None:
    """The instant a file's time names, in local time (clock.resolve: ``after`` settles the hour lived twice)."""
    if not isinstance(value, str):
        problems.append(f"{where}: date et heure AAAA-MM-JJTHH:MM attendues")
        return None
    try:
        typed = dt.datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: date et heure invalides « {shown(value)} » (format AAAA-MM-JJTHH:MM)")
        return None
    try:
        return moments.resolve(typed, after)
    except moments.NonexistentTime as error:
        problems.append(f"{where}: {error}")
        return None


def _timeline(value: Any, problems: list[str]) -> list[TimelineEvent]:
    if not isinstance(value, list):
        problems.append("timeline: une liste d'événements est attendue")
        return []
    events: list[TimelineEvent] = []
    for i, raw in enumerate(value):
        where = f"timeline[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: un objet est attendu")
            continue
        at = _moment(raw.get("at"), f"{where}.at", problems, events[-1].at if events else None)
        reason = raw.get("reason", "")
        if raw.get("event") == "suspend" and (not isinstance(reason, str) or reason not in SUSPENSION_REASONS):
            problems.append(f"{where}.reason: motif « {shown(reason)} » inconnu{hint(reason, SUSPENSION_REASONS)}")
            continue
        kind = raw.get("event")
        if not isinstance(kind, str) or kind not in EVENT_KINDS:
            problems.append(f"{where}.event: événement inconnu « {shown(kind)} »{hint(kind, EVENT_KINDS)}")
            continue
        if at is None:
            continue
        detail = raw.get("detail", "")
        reason, detail = (text if isinstance(text, str) else "" for text in (reason, detail))
        event = TimelineEvent(kind, at, reason, detail)
        try:
            check_next(events, event)
        except TimelineError as error:
            problems.append(f"{where}: {error}")
            continue
        events.append(event)
    return events


def _transcript(value: Any, template: Template, problems: list[str]) -> list[TranscriptLine]:
    if not isinstance(value, list):
        problems.append("transcript: une liste de questions / réponses est attendue")
        return []
    if len(value) > MAX_ENTRIES:
        problems.append(f"transcript: trop d'entrées ({len(value)}, {MAX_ENTRIES} au plus)")
        return []
    themes = [t.id for t in template.themes]
    out: list[TranscriptLine] = []
    for i, raw in enumerate(value):
        where = f"transcript[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: un objet est attendu")
            continue
        theme = raw.get("theme")
        if theme is not None and theme not in themes:
            problems.append(f"{where}.theme: thème inconnu « {shown(theme)} »{hint(theme, themes)}")
        texts = {}
        for key in ("question", "answer"):
            text = raw.get(key, "")
            if not isinstance(text, str):
                problems.append(f"{where}.{key}: un texte est attendu")
                text = ""
            try:
                texts[key] = coerce(_TRANSCRIPT_TEXT, text)
            except ValueProblem as problem:
                problems.append(f"{where}.{key}: {problem}")
                texts[key] = ""
        after = next((line.at for line in reversed(out) if line.at is not None), None)
        at = _moment(raw["at"], f"{where}.at", problems, after) if "at" in raw else None
        out.append(TranscriptLine(theme, texts["question"], texts["answer"], at))
    return out
