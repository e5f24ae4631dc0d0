"""Review before export: what is missing, inconsistent or left unfinished in a hearing.

One list of findings, in the order of the hearing, read by the review page
(click one to go there) and by the export dialog (which flags the blocking
ones). Nothing here stops an export: a finding asks the investigator to
look again. Text defects are what a court would read as carelessness: a
suggestion's placeholder left as it was (« [ses mots] », « Je m'appelle… »),
a closing sentence that says nothing of how the PV was read, a first name
or a town without its capital, a question and answer recorded while the
hearing was suspended.

Beside the findings, never one of them: the question-type profile (counts
per category, the suggestive and option questions with their reasons), for
the investigator's look back at how the person was questioned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import timeline
from .elements import ElementCoverage
from .engine import HearingView
from .french import counted, hhmm
from .questions import CATEGORIES, LABELS, QuestionProfile
from .references import Reference
from .store.records import Profile, TranscriptEntry
from .templates.fieldtypes import IDENTITY_PART_INDEX, identity_parts, is_empty
from .templates.model import NOTES, Field, Section

TRANSCRIPT = "__transcript__"  # the question/answer editor, as a place to jump to
PROFILE = "__profil__"  # the investigator's profile, outside the hearing


@dataclass(frozen=True)
class Finding:
    text: str
    section_id: str  # where to jump; TRANSCRIPT for the question/answer editor
    field_id: str = ""  # a field of that section, or the id of a question/answer entry
    blocking: bool = False  # never blocks export; marks what the export dialog flags


def findings(view: HearingView, draft: tuple[str, str] = ("", ""), profile: Profile | None = None) -> list[Finding]:
    """Missing required answers, inconsistencies and text defects, in the order of the hearing.

    ``draft`` is the question and answer being typed and not yet added; ``profile`` the
    investigator's, whose town the documents print after « Fait à ».
    """
    closing = {f.field_id: f for f in closing_gaps(view)}
    # A required answer missing: blocking; the closing's reading says what the PV would print instead.
    out = []
    for m in view.missing_required():
        said = closing.pop(m.field_id).text if m.field_id in closing else f"{m.section_title} — {m.label} : {m.message}"
        out.append(Finding(said, m.section_id, m.field_id, True))
    # A field a printed mention names ({x}) and left empty: the PV would say "[non renseigné]".
    out += [
        Finding(f"{m.section_title} — {m.label} : {m.message}", m.section_id, m.field_id, True)
        for m in view.mention_gaps(lambda section, f: section.in_pv and f.in_pv)
        if m.field_id not in {f.field_id for f in out}
    ]
    out += closing.values()
    out += field_defects(view)
    state = view.state
    kind = view.template.kind
    if kind == "audition" and state == timeline.NOT_STARTED:
        out.append(Finding("L'audition n'a pas été débutée : l'heure de début manquera au procès-verbal.", TRANSCRIPT))
    if state == timeline.SUSPENDED:
        out.append(Finding("L'audition est suspendue : la reprise n'est pas enregistrée.", TRANSCRIPT))
    if kind == "audition" and state in (timeline.RUNNING, timeline.SUSPENDED):
        out.append(Finding("L'audition n'est pas close : l'heure de fin manquera au procès-verbal.", TRANSCRIPT))
    if kind == "audition" and not view.transcript:
        out.append(Finding("Aucune question ni réponse n'a été enregistrée.", TRANSCRIPT))
    question, answer = draft
    if question.strip() or answer.strip():
        out.append(Finding("Une question ou une réponse en cours de saisie n'a pas été ajoutée.", TRANSCRIPT))
    empty = [e for e in view.transcript if not e.answer.strip()]
    if empty:
        out.append(Finding(f"{counted(len(empty), 'question', 'questions')} sans réponse.", TRANSCRIPT))
    out += transcript_defects(view)
    if profile is not None and not profile.commune.strip():
        out.append(
            Finding(
                "Profil : la ville de « Fait à » n'est pas renseignée ; les documents remis "
                "laisseront la ligne « Fait à » à compléter à la main.",
                PROFILE,
            )
        )
    return out


# --- the closing sentence ------------------------------------------------------
def closing_gaps(view: HearingView) -> list[Finding]:
    """The closing sentence ("Lecture faite…") stating what the answers do not hold.

    Empty reading field: the PV says a bare "Lecture faite" (by whom?).
    Read through the interpreter while no interpreter is recorded: the PV
    names one who is nowhere else.
    """
    roles = view.template.pv
    if not roles.reading:
        return []
    f = view.template.field(roles.reading)
    section = view.template.section_of(f.id)
    if section is None or not view.field_visible(f):
        return []
    where = f"{section.title} — {f.label}"
    reading = view.lookup(f.id)
    if is_empty(reading):
        text = (
            f"{where} : à renseigner : la clôture porterait « Lecture faite » sans dire par qui"
            " ni comment le procès-verbal a été lu."
        )
        return [Finding(text, section.id, f.id, f.required)]
    if reading == "par_interprete" and roles.interpreter and is_empty(view.lookup(roles.interpreter)):
        text = (
            f"{where} : la clôture porterait « Lecture faite par traduction de l'interprète »"
            " alors qu'aucun interprète n'est renseigné."
        )
        return [Finding(text, section.id, f.id)]
    return []


# --- what was typed ------------------------------------------------------------
_BRACKETS = re.compile(r"\[[^\[\]\n]{1,80}\]")
_ELLIPSIS = re.compile(r"…|\.\.\.")
# An ellipsis glued to a word and followed by a comma, a semicolon or a colon:
# a suggestion's gap ("Je m'appelle…, mon travail"), never how speech trails off.
_GAP = re.compile(r"(?<=\S)(?:…|\.\.\.)(?=[ \u00a0]?[,;:])")
_WORD_GAP = re.compile(r"[\w'’°]+(…|\.\.\.)")
_OPEN_END = re.compile(r"(?:…|\.\.\.)\s*$")


def placeholders(text: str, suggested: frozenset[str] = frozenset(), *, ends_open: bool = False) -> list[str]:
    """The placeholders ``text`` still holds, each as a short quotation.

    A bracketed placeholder (« [ses mots] »); an ellipsis left where a word
    was to be written ("m'appelle…,"); a word and ellipsis of a suggestion
    (``suggested``: "m'appelle…") found as it was; with ``ends_open``, a text
    that stops on an ellipsis (a question or a short answer never does).
    """
    found = [m.group() for m in _BRACKETS.finditer(text)]
    spans = {m.start() for m in _GAP.finditer(text)}
    spans |= {m.end() - len(m.group(1)) for m in _WORD_GAP.finditer(text) if _flat(m.group()) in suggested}
    if ends_open:
        spans |= {m.start() for m in _OPEN_END.finditer(text)}
    return found + [_around(text, at) for at in sorted(spans)]


def _flat(text: str) -> str:
    return text.replace("...", "…")


def _around(text: str, at: int) -> str:
    """The ellipsis at ``at`` with the words either side, to quote: "Je m'appelle…, mon"."""
    mark = _ELLIPSIS.match(text, at)
    end = mark.end() if mark else at
    before = re.search(r"(?:\S+\s+){0,2}\S*$", text[:at])
    after = re.match(r"\S*(?:\s+\S+)?", text[end:])
    return ((before.group() if before else "") + text[at:end] + (after.group() if after else "")).strip()


def suggestion_gaps(view: HearingView) -> frozenset[str]:
    """Each "word…" of the template's suggested questions, where the investigator completes it ("m'appelle…")."""
    return frozenset(
        _flat(m.group())
        for theme in view.template.themes
        for question in theme.questions
        for m in _WORD_GAP.finditer(question)
    )


# Identity parts printed as typed that name a person or a place: they begin
# with a capital (the PV upper-cases the surname itself). First names: each
# one, "Marie-Louise".
_CAPITALISED_PARTS = ("nom_usage", "prenoms", "lieu_naissance", "pays_naissance", "pere", "mere")
_EACH_WORD = ("prenoms",)
# Members of a group of the same nature ("Ville"); a suspect's "Nom et prénom"
# is often "inconnu" and is left alone.
_CAPITALISED_MEMBERS = ("prenom", "prenoms", "ville")
# What is written where no name is known: "Père : inconnu", "Lieu de naissance : non déclaré".
_NO_NAME = re.compile(r"^(inconnue?s?|non\b|néant|sans\b|aucune?\b|ignorée?s?)", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\s\-]+")


def missing_capital(value: str, *, each_word: bool = False) -> str | None:
    """``value`` as it should be written when a name starts in lower case ("marie" -> "Marie"), else None."""
    text = value.strip()
    if _NO_NAME.match(text):
        return None
    if each_word:
        fixed = _NAME_WORD.sub(lambda m: m.group()[:1].upper() + m.group()[1:], text)
    else:
        fixed = text[:1].upper() + text[1:]
    return fixed if fixed != text else None


@dataclass(frozen=True)
class _Typed:
    """One piece of text typed into a field: where it is shown, and whether it names someone or somewhere."""

    where: str
    text: str
    name: bool = False
    each_word: bool = False
    short: bool = False


def _typed(section: Section, f: Field, value: Any) -> Iterator[_Typed]:
    where = f"{section.title} — {f.label}"
    if f.type in ("text", "long_text") and isinstance(value, str):
        yield _Typed(where, value, short=f.type == "text")
    elif f.type == "identity" and isinstance(value, dict):
        for part in identity_parts(f):
            typed = value.get(part.id)
            if part.type in ("text", "long_text") and isinstance(typed, str):
                label = IDENTITY_PART_INDEX[part.id].label.lower()
                yield _Typed(
                    f"{where}, {label}",
                    typed,
                    name=part.id in _CAPITALISED_PARTS,
                    each_word=part.id in _EACH_WORD,
                    short=part.type == "text",
                )
    elif f.type == "group" and isinstance(value, list):
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                continue
            for member in f.subfields:
                typed = item.get(member.id)
                if member.type in ("text", "long_text") and isinstance(typed, str):
                    yield _Typed(
                        f"{where}, {(f.item_label or 'élément').lower()} {index}, {member.label.lower()}",
                        typed,
                        name=member.id in _CAPITALISED_MEMBERS,
                        each_word=member.id in _EACH_WORD,
                        short=member.type == "text",
                    )


def field_defects(view: HearingView) -> list[Finding]:
    """Placeholders and missing capitals in the answers a document prints (the investigator's notes aside)."""
    suggested = suggestion_gaps(view)
    out: list[Finding] = []
    for section in view.visible_sections():
        for f in view.visible_fields(section):
            if f.destination == NOTES or is_empty(view.answers.get(f.id)):
                continue
            for typed in _typed(section, f, view.answers[f.id]):
                if not typed.text.strip():
                    continue
                for quote in placeholders(typed.text, suggested, ends_open=typed.short):
                    out.append(Finding(f"{typed.where} : « {quote} » reste à compléter.", section.id, f.id))
                fixed = missing_capital(typed.text, each_word=typed.each_word) if typed.name else None
                if fixed:
                    text = f"{typed.where} : « {typed.text.strip()} » sans majuscule (« {fixed} »)."
                    out.append(Finding(text, section.id, f.id))
    return out


# --- the questions and answers ------------------------------------------------
def transcript_defects(view: HearingView) -> list[Finding]:
    """Placeholders left in a question or an answer, and entries added while the hearing was suspended."""
    suggested = suggestion_gaps(view)
    out: list[Finding] = []
    suspensions = timeline.suspensions(view.timeline)
    for number, entry in enumerate(view.ordered_transcript(), start=1):
        name = f"Question/réponse n° {number} ({hhmm(entry.created_at, season=True)})"
        for part, text in (("question", entry.question), ("réponse", entry.answer)):
            for quote in placeholders(text, suggested, ends_open=part == "question"):
                out.append(Finding(f"{name}, {part} : « {quote} » reste à compléter.", TRANSCRIPT, str(entry.id)))
        during = next((s for s in suspensions if s.covers(entry.created_at)), None)
        if during is not None:
            span = (
                f"de {hhmm(during.start, season=True)} à {hhmm(during.end, season=True)}"
                if during.end is not None
                else f"en cours depuis {hhmm(during.start, season=True)}"
            )
            out.append(
                Finding(
                    f"{name} : ajoutée pendant la suspension ({span}) ; le procès-verbal la place avant la reprise.",
                    TRANSCRIPT,
                    str(entry.id),
                )
            )
    return out


# --- the question types ----------------------------------------------------------
# Plural and singular words of each category in the profile's counts (« 12 invitations (40 %) »).
_COUNTED = {
    "invitation": ("invitation", "invitations"),
    "directive": ("question directive", "questions directives"),
    "option": ("question fermée ou à choix", "questions fermées ou à choix"),
    "suggestive": ("question suggestive", "questions suggestives"),
}
# The questions listed one by one, with their reason: those that may contaminate an account.
LISTED: tuple[str, ...] = ("suggestive", "option")


@dataclass(frozen=True)
class ProfileLine:
    text: str
    entry_id: int  # the entry to go to


@dataclass(frozen=True)
class ProfileReview:
    """The question-type profile as the review shows it: never a finding, nothing it says blocks an export."""

    summary: str
    lines: tuple[ProfileLine, ...]


def question_profile(profile: QuestionProfile, entries: list[TranscriptEntry]) -> ProfileReview:
    """Counts and proportions per category, then each suggestive and option question with its reason.

    ``entries`` in the hearing's order, which numbers them as the review's
    other lines do (« Question/réponse n° 12 »).
    """
    if not profile.total:
        return ProfileReview("Types de questions : aucune question enregistrée.", ())
    counts = profile.counts
    parts = []
    for category in CATEGORIES:
        one, many = _COUNTED[category]
        share = round(100 * profile.proportion(category))
        parts.append(f"{counts[category]} {one if counts[category] <= 1 else many} ({share}\u00a0%)")
    summary = f"Types de questions, sur {profile.total} : " + ", ".join(parts) + "."
    numbers = {entry.id: number for number, entry in enumerate(entries, start=1)}
    questions = {entry.id: entry.question for entry in entries}
    lines = []
    for listed in LISTED:
        for entry_id, found in profile.entries:
            if found.category != listed or entry_id not in numbers:
                continue
            quoted = " ".join(questions[entry_id].split())
            quoted = quoted if len(quoted) <= 120 else quoted[:119] + "…"
            reason = f" — {found.reason}" if found.reason else ""
            text = f"Question n° {numbers[entry_id]}, {LABELS[listed]}{reason} : « {quoted} »"
            lines.append(ProfileLine(text, entry_id))
    return ProfileReview(summary, tuple(lines))


# --- elements covered ----------------------------------------------------------
def element_findings(covered: Iterable[ElementCoverage], references: Mapping[str, Reference]) -> list[Finding]:
    """The elements of each charge no entry was tagged with: « non abordé », a note to look again, never blocking.

    The investigator's notes: the application says what was not tagged, never what is established.
    """
    out = []
    by_charge: dict[tuple[str, bool], list[ElementCoverage]] = {}
    for item in covered:
        if not item.addressed:
            by_charge.setdefault((item.element.charge, item.element.circumstance), []).append(item)
    for (charge, circumstance), items in by_charge.items():
        ref = references.get(charge)
        where = f"art. {ref.article} ({ref.label})" if ref is not None else charge
        what = "Circonstances aggravantes non abordées" if circumstance else "Éléments non abordés"
        names = " ; ".join(f"« {c.element.label} »" + (" (à vérifier)" if c.element.to_verify else "") for c in items)
        out.append(Finding(f"{what}, {where} : {names}.", TRANSCRIPT))
    return out
