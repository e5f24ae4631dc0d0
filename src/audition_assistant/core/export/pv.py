"""The procès-verbal d'audition, as document blocks.

Layout follows French practice: letterhead, procedure and PV numbers, the
date and start time in words, the writer and the framework, the identity of
the person heard, the "Mention :" lines, the free account and the
Question / Réponse sequence with each suspension and resumption in its
place, then the closing formula with the end time and the signatures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import timeline
from ..engine import HearingView, TranscriptEntry
from ..store.records import Case, HearingRecord, Profile
from ..templates import conditions
from ..templates.fieldtypes import display, format_date, identity_name, identity_parts, is_empty
from ..templates.model import Field
from ..timeline import TimelineEvent
from .document import Document, Signatures
from .french import agree, date_in_words, time_in_words

QUALITES = {
    "OPJ": "officier de police judiciaire",
    "APJ": "agent de police judiciaire",
}
FRAMEWORK_WORDING = {
    "flagrance": "en enquête de flagrance, vu les articles 53 et suivants du code de procédure pénale",
    "preliminaire": "en enquête préliminaire, vu les articles 75 et suivants du code de procédure pénale",
    "commission_rogatoire": "en exécution de la commission rogatoire, vu les articles 151 et 152 "
    "du code de procédure pénale",
}


@dataclass(frozen=True)
class HearingContext:
    """Everything a hearing document is built from."""

    view: HearingView
    case: Case
    hearing: HearingRecord
    profile: Profile


def build_pv(ctx: HearingContext) -> Document:
    view, template = ctx.view, ctx.view.template
    roles = template.pv
    subject = view.answers.get(roles.subject or "", {}) or {}
    sex = subject.get("sexe")
    interpreter = _role_value(view, roles.interpreter)
    started = timeline.started_at(view.timeline)
    ended = timeline.ended_at(view.timeline)

    doc = Document(id="pv", title=roles.title)
    doc.footer = " — ".join(p for p in (f"Procédure n° {ctx.case.procedure_number}", _pv_number(ctx)) if p)
    doc.name_parts = (ctx.case.procedure_number, identity_name(subject))

    letterhead(doc, ctx)
    doc.add("title", roles.title.upper())
    doc.add("reference", ctx.case.procedure_number, "Procédure n° :")
    if ctx.hearing.pv_number:
        doc.add("reference", ctx.hearing.pv_number, "PV n° :")
    if ctx.case.heading:
        doc.add("reference", ctx.case.heading, "Affaire :")
    doc.add("reference", f"Audition de {identity_name(subject) or 'la personne entendue'}", "Objet :")

    # Opening: date and time in words, writer, framework.
    when = started or dt.datetime.combine(view.hearing_date, dt.time(0, 0))
    opening = date_in_words(when.date())
    if started:
        opening += f", à {time_in_words(started)}"
    place = ctx.hearing.place
    opening += f", {'à ' + place if place else 'au service'},"
    doc.add("body", opening)
    doc.add("body", _writer(ctx.profile))
    framework = _role_value(view, roles.framework)
    if framework:
        doc.add("body", f"Agissant {FRAMEWORK_WORDING.get(framework, _shown(view, roles.framework))},")
    for f in _extra_framework_fields(view, roles.framework):
        doc.add("body", view.shown_value(f), f"{f.label} :")
    doc.add("body", "Entendons la personne ci-dessous dénommée, qui nous déclare :")

    # Identity block.
    if roles.subject:
        subject_field = template.field(roles.subject)
        for label, value in identity_lines(subject_field, subject):
            doc.add("identity", value, f"{label} :")

    # Mentions and recorded information, section by section.
    # Fields already written in the opening (framework and what goes with it) or the closing.
    role_ids = {roles.subject, roles.framework, roles.reading, roles.signature}
    role_ids |= {f.id for f in _extra_framework_fields(view, roles.framework)}
    for section in view.visible_sections():
        if not section.in_pv:
            continue
        shown = [f for f in view.visible_fields(section) if f.id not in role_ids and f.in_pv]
        lines = [line for f in shown for line in field_lines(view, f)]
        if not lines:
            continue
        doc.add("heading", section.title)
        for kind, label, text in lines:
            doc.add(kind, text, label)

    # The account: questions and answers, with suspensions in their place.
    entries = view.ordered_transcript()
    pauses = [e for e in view.timeline if e.kind in (timeline.SUSPEND, timeline.RESUME)]
    if entries or pauses:
        doc.add("heading", "Déclarations")
    for item in _interleave(entries, pauses):
        if isinstance(item, TimelineEvent):
            doc.add("mention", _pause_text(item), "Mention :")
        else:
            if item.question.strip():
                doc.add("question", item.question, "Question :")
            doc.add("answer", item.answer or "(pas de réponse)", "Réponse :")

    # Closing.
    doc.add("heading", "Clôture")
    reading = _role_value(view, roles.reading)
    refused = _role_value(view, roles.signature) == "refuse_de_signer"
    end_time = f" à {timeline.hhmm(ended)}" if ended else ""
    with_interpreter = " et l'interprète" if interpreter else ""
    read = {
        "par_elle_meme": f"Lecture faite par {agree(sex, 'elle-même', 'lui-même')}",
        "par_interprete": "Lecture faite par traduction de l'interprète",
        "lecture_donnee": "Lecture lui en ayant été donnée",
    }.get(reading or "", "Lecture faite")
    if refused:
        doc.add("closing", f"{read}, persiste mais refuse de signer{end_time}.")
        doc.add("mention", "la personne entendue refuse de signer.", "Mention :")
    else:
        doc.add("closing", f"{read}, persiste et signe avec nous{with_interpreter}{end_time}.")
    if not ended:
        doc.add("mention", "heure de fin d'audition non enregistrée.", "Mention :")
    present = ["La personne entendue"]
    if interpreter:
        present.append("L'interprète")
    if _role_value(view, roles.companion):
        present.append("La personne accompagnante")
    present += [
        s.label for s in roles.signatories if _role_value(view, s.field) and conditions.evaluate(s.when, view.lookup)
    ]
    present.append("L'" + QUALITES.get(ctx.profile.qualite, "enquêteur"))
    doc.blocks.append(Signatures(tuple(present)))
    return doc


def letterhead(doc: Document, ctx: HearingContext) -> None:
    for line in (
        "RÉPUBLIQUE FRANÇAISE",
        "MINISTÈRE DE L'INTÉRIEUR",
        ctx.profile.service or ctx.case.service,
        ctx.profile.unite,
    ):
        if line:
            doc.add("letterhead", line)


def _pv_number(ctx: HearingContext) -> str:
    return f"PV n° {ctx.hearing.pv_number}" if ctx.hearing.pv_number else ""


def _writer(profile: Profile) -> str:
    name = " ".join(p for p in (profile.prenom, profile.nom.upper()) if p) or "(enquêteur non renseigné)"
    parts = [f"Nous, {name}"]
    if profile.grade:
        parts.append(profile.grade)
    if profile.qualite in QUALITES:
        parts.append(QUALITES[profile.qualite])
    if profile.service:
        parts.append(f"service : {profile.service}" + (f", {profile.unite}" if profile.unite else ""))
    return ", ".join(parts) + ","


def _role_value(view: HearingView, field_id: str | None) -> Any:
    if not field_id:
        return None
    f = view.template.field(field_id)
    return view.answers.get(field_id) if view.field_visible(f) else None


def _shown(view: HearingView, field_id: str | None) -> str:
    return view.shown_value(view.template.field(field_id)) if field_id else ""


def _extra_framework_fields(view: HearingView, framework_id: str | None) -> list[Field]:
    """Fields shown only for a framework (juge d'instruction...) belong with it."""
    if not framework_id:
        return []
    section = view.template.section_of(framework_id)
    if section is None:
        return []
    return [
        f for f in view.visible_fields(section)
        if f.id != framework_id and f.show_if and framework_id in str(f.show_if)
        and not is_empty(view.answers.get(f.id))
    ]  # fmt: skip


def identity_lines(f: Field, value: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for part in identity_parts(f):
        part_value: Any = value.get(part.id)
        if is_empty(part_value):
            continue
        if part.type == "yes_no":
            shown = "oui" if part_value else "non"
        elif part.type == "date":
            shown = format_date(part_value)
        else:
            shown = str(part_value)
        if part.id == "nom":
            shown = shown.upper()
        lines.append((part.label, shown))
    return lines


def field_lines(view: HearingView, f: Field) -> list[tuple[str, str, str]]:
    """(kind, label, text) lines for one answered field: its mentions, then what they leave unsaid."""
    said, value = view.mentions_of(f)
    mentions = [("mention", "Mention :", text) for text in said]
    if is_empty(value):
        return mentions
    return mentions + _value_lines(f, value)


def _value_lines(f: Field, value: Any) -> list[tuple[str, str, str]]:
    if f.type == "identity":
        lines = [("body", f"{f.label} :", identity_name(value) or "")]
        lines += [
            ("identity", f"{label} :", text)
            for label, text in identity_lines(f, value)
            if label not in ("Nom", "Prénoms")
        ]
        return lines
    if f.type == "group":
        lines = [("body", f"{f.label} :", "")]
        for index, item in enumerate(value, start=1):
            parts = [
                f"{member.label} : {display(member, item.get(member.id))}"
                for member in f.subfields
                if not is_empty(item.get(member.id))
            ]
            lines.append(("identity", f"{f.item_label or 'Élément'} {index} :", " ; ".join(parts)))
        return lines
    if f.type == "checklist":
        lines = [("body", f"{f.label} :", "")]
        for category in f.categories:
            ticked = [item.label for item in category.items if item.id in value]
            if ticked:
                lines.append(("identity", f"{category.label} ({len(ticked)}) :", " ; ".join(ticked)))
        return lines
    return [("body", f"{f.label} :", display(f, value))]


def _pause_text(event: TimelineEvent) -> str:
    if event.kind == timeline.SUSPEND:
        return f"l'audition est suspendue à {timeline.hhmm(event.at)} (motif : {event.reason_label})."
    return f"l'audition reprend à {timeline.hhmm(event.at)}."


def _interleave(entries: list[TranscriptEntry], pauses: list[TimelineEvent]) -> list[Any]:
    """Entries in their order, each pause placed before the first entry made after it

    (an entry saved in the same second as a pause was made before it).
    """
    out: list[Any] = []
    remaining = list(pauses)
    for entry in entries:
        while remaining and remaining[0].at < entry.created_at:
            out.append(remaining.pop(0))
        out.append(entry)
    return out + remaining
