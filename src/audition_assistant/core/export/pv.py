"""The procès-verbal d'audition, as document blocks.

Layout follows French practice: letterhead, procedure and PV numbers, the
date and start time in words, the writer and the framework, the identity of
the person heard, the "Mention :" lines, the free account and the
Question / Réponse sequence with each suspension and resumption in its
place, then the closing formula with the end time and the signatures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import clock as moments
from .. import timeline
from ..engine import HearingView
from ..french import (
    FILIATION,
    QUALITES,
    UNNAMED_OFFICER,
    agree,
    date_in_words,
    hhmm,
    identity_name,
    identity_part,
    officer_name,
    qualite_words,
    season_note,
    sex_of,
    time_in_words,
)
from ..store.records import FORCES, Case, HearingRecord, Profile, TranscriptEntry
from ..templates import conditions
from ..templates.fieldtypes import display, identity_parts, is_empty
from ..templates.model import AFTER_STATEMENTS, Condition, Field
from ..timeline import TimelineEvent
from .document import Document, Signatures

FRAMEWORK_WORDING = {
    "flagrance": "en enquête de flagrance, vu les articles 53 et suivants du code de procédure pénale",
    "preliminaire": "en enquête préliminaire, vu les articles 75 et suivants du code de procédure pénale",
    "commission_rogatoire": "en exécution de la commission rogatoire, vu les articles 151 et 152 "
    "du code de procédure pénale",
}
# The commission rogatoire's fields the opening sentence names (the template's ids).
CR_JUGE, CR_TRIBUNAL, CR_DATE, CR_INFORMATION = "cr_juge_instruction", "cr_tribunal", "cr_date", "cr_information"
CR_FIELDS = (CR_JUGE, CR_TRIBUNAL, CR_DATE, CR_INFORMATION)
# The headings of the statements and of the closing (the hand-off names its sections by them).
DECLARATIONS_HEADING, CLOSING_HEADING = "Déclarations", "Clôture"


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
    started = timeline.started_at(view.timeline)
    ended = timeline.ended_at(view.timeline)

    doc = Document(id="pv", title=roles.title)
    doc.footer = " — ".join(p for p in (f"Procédure n° {ctx.case.procedure_number}", _pv_number(ctx)) if p)

    letterhead(doc, ctx)
    doc.add("title", roles.title.upper())
    doc.add("reference", ctx.case.procedure_number, "Procédure n° :")
    if ctx.hearing.pv_number:
        doc.add("reference", ctx.hearing.pv_number, "PV n° :")
    if ctx.case.heading:
        # "Affaire c/ X : ..." is already a case heading: never "Affaire : Affaire c/ X".
        heading_label = "" if ctx.case.heading.strip().casefold().startswith("affaire") else "Affaire :"
        doc.add("reference", ctx.case.heading, heading_label)
    doc.add("reference", f"Audition de {identity_name(subject) or 'la personne entendue'}", "Objet :")

    # Opening: date and time in words, writer, framework.
    when = started or dt.datetime.combine(view.hearing_date, dt.time(0, 0))
    opening = date_in_words(when.date())
    if started:
        opening += f", à {time_in_words(started)}{season_note(started)}"
    place = ctx.hearing.place
    opening += f", {'à ' + place if place else 'au service'},"
    doc.add("body", opening)
    doc.add("body", _writer(ctx.profile))
    framework = _role_value(view, roles.framework)
    if framework == "commission_rogatoire":
        doc.add("body", _commission_rogatoire(view))
    elif framework:
        doc.add("body", f"Agissant {FRAMEWORK_WORDING.get(framework, _shown(view, roles.framework))},")
    for f in _extra_framework_fields(view, roles.framework):
        if framework == "commission_rogatoire" and f.id in CR_FIELDS:
            continue  # named in the opening sentence
        for kind, label, text in field_lines(view, f):
            doc.add("body" if kind != "mention" else kind, text, label)
    doc.add("body", "Entendons la personne ci-dessous dénommée, qui nous déclare :")

    # Identity block.
    if roles.subject:
        subject_field = template.field(roles.subject)
        for label, value in identity_lines(subject_field, subject, sex):
            doc.add("identity", value, identity_label(label))

    # Mentions and recorded information, section by section: the sections
    # ``pv_position: after_statements`` (the complaint, the wishes, the
    # domicile...) after the statements, and what the closing section holds
    # besides the reading and the signature (the person's observations) just
    # before the closing formula, in the order things happened.
    # Fields already written in the opening (framework and what goes with it) or the closing.
    role_ids = {roles.subject, roles.framework, roles.reading, roles.signature}
    role_ids |= {f.id for f in _extra_framework_fields(view, roles.framework)}
    printed = {
        section.id: [f for f in view.visible_fields(section) if f.id not in role_ids and f.in_pv]
        for section in view.visible_sections()
        if section.in_pv
    }
    stated = view.cited_in_mentions(f for fields in printed.values() for f in fields)
    closing_section = next(
        (s for s in template.sections if any(f.id in (roles.reading, roles.signature) for f in s.fields)), None
    )
    parts: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = {"before": [], "after": [], "closing": []}
    for section in view.visible_sections():
        shown = printed.get(section.id, [])
        lines = [line for f in shown for line in field_lines(view, f, stated=f.id in stated)]
        if not lines:
            continue
        if section is closing_section:
            part = "closing"
        else:
            part = "after" if section.pv_position == AFTER_STATEMENTS else "before"
        parts[part].append((section.title, lines))

    def add_sections(part: str, *, headed: bool = True) -> None:
        for title, lines in parts[part]:
            if headed:
                doc.add("heading", title)
            for kind, label, text in lines:
                doc.add(kind, text, label)

    add_sections("before")

    # The account: questions and answers, with suspensions in their place.
    entries = view.ordered_transcript()
    pauses = [e for e in view.timeline if e.kind in (timeline.SUSPEND, timeline.RESUME)]
    if entries or pauses:
        doc.add("heading", DECLARATIONS_HEADING)
    for item in _interleave(entries, pauses):
        if isinstance(item, TimelineEvent):
            doc.add("mention", _pause_text(item), "Mention :")
        else:
            if item.question.strip():
                doc.add("question", item.question, "Question :")
            doc.add("answer", item.answer or "(pas de réponse)", "Réponse :")

    add_sections("after")

    # Closing: the person's observations, then the formula naming who signs with us.
    doc.add("heading", CLOSING_HEADING)
    add_sections("closing", headed=False)
    add_closing(doc, view, ctx.profile, ended, unended="heure de fin d'audition non enregistrée.")
    doc.initials = True
    return doc


def add_closing(doc: Document, view: HearingView, profile: Profile, ended: dt.datetime | None, *, unended: str) -> None:
    """The closing formula naming who signs with us, the mentions it calls for, and the signature boxes.

    One place for a PV and for the procès-verbaux that follow it (complémentaire, rectification).
    """
    end_time = hhmm(ended, season=True) if ended else ""
    doc.add("closing", closing_formula(view, signers(view), end_time))
    if _role_value(view, view.template.pv.signature) == "refuse_de_signer":
        doc.add("mention", "la personne entendue refuse de signer.", "Mention :")
    if not ended:
        doc.add("mention", unended, "Mention :")
    doc.blocks.append(Signatures(tuple(signature_boxes(view, profile))))


@dataclass(frozen=True)
class Signer:
    """Someone who signs the PV with the person heard and the writer, in the role he or she signs in."""

    role: str  # as the signature box names it: "L'interprète", "Le tiers présent (art. 706-53 CPP)"
    identity: Any  # the identity block's value

    @property
    def in_sentence(self) -> str:
        """The role inside the closing sentence: "l'interprète", "le tiers présent" (no article reference)."""
        role = _ARTICLE_NOTE.sub("", self.role).strip()
        first_word = re.match(r"[^\W\d_]+", role)
        if first_word and not (len(first_word.group()) > 1 and first_word.group().isupper()):  # "OPJ" stays
            role = role[0].lower() + role[1:]
        return role


_ARTICLE_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def signers(view: HearingView) -> list[Signer]:
    """Who signs with us, in order: the one list the signature boxes and the closing formula are built from.

    The interpreter, then the companion (art. 10-4), then the other fields the
    template lists in ``pv.signatories``; each only when filled. A field the
    template lists keeps the template's label ("Le tiers présent (art. 706-53
    CPP)", "L'administrateur ad hoc") and signs only when its ``when`` holds
    (an interpreter joined by telephone does not sign).
    """
    roles = view.template.pv
    listed: list[tuple[str | None, str, Condition | None]] = []
    for field_id, label in (
        (roles.interpreter, "L'interprète"),
        (roles.companion, "La personne accompagnante (art. 10-4 CPP)"),
    ):
        own = [(s.field, s.label, s.when) for s in roles.signatories if s.field == field_id]
        listed += own or [(field_id, label, None)]
    listed += [
        (s.field, s.label, s.when) for s in roles.signatories if s.field not in (roles.interpreter, roles.companion)
    ]
    out = []
    for field_id, label, when in listed:
        value = _role_value(view, field_id)
        if value and conditions.evaluate(when, view.lookup):
            out.append(Signer(label, value))
    return out


def closing_formula(view: HearingView, with_us: list[Signer], end_time: str) -> str:
    """The closing sentence: how the PV was read, who signs with us, the end time.

    "Lecture faite par elle-même, persiste et signe avec nous, l'interprète et
    la personne accompagnante, à 16 h 40." ``with_us`` is the list the
    signature boxes are built from (:func:`signers`); ``end_time`` is "" when
    the end was not recorded.
    """
    roles = view.template.pv
    sex = view.subject_sex()
    read = {
        "par_elle_meme": f"Lecture faite par {agree(sex, 'elle-même', 'lui-même')}",
        "par_interprete": "Lecture faite par traduction de l'interprète",
        "lecture_donnee": "Lecture lui en ayant été donnée",
    }.get(_role_value(view, roles.reading) or "", "Lecture faite")
    at = f" à {end_time}" if end_time else ""
    if _role_value(view, roles.signature) == "refuse_de_signer":
        return f"{read}, persiste mais refuse de signer{at}."
    names = ["nous", *(s.in_sentence for s in with_us)]
    together = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    # An enumeration ("nous, l'interprète et ...") is closed by a comma before the time.
    if at and len(names) > 2:
        at = "," + at
    return f"{read}, persiste et signe avec {together}{at}."


def signature_boxes(view: HearingView, profile: Profile) -> list[str]:
    """One box per person who signs, each named in the role he or she signs in; the writer signs last.

    The boxes between the person heard and the writer are :func:`signers`,
    the list the closing formula names.
    """
    subject = view.answers.get(view.template.pv.subject or "", {}) or {}
    boxes = [_box("La personne entendue", subject)]
    boxes += [_box(s.role, s.identity) for s in signers(view)]
    writer = "L'" + qualite_words(profile.qualite)
    name = profile.display
    boxes.append(f"{writer}\n{name}" if name else writer)
    return boxes


def _box(role: str, identity: Any) -> str:
    """``role`` over the person's name (NOM Prénoms), or the role alone when no name was given."""
    name = identity_name(identity) if isinstance(identity, dict) else ""
    return f"{role}\n{name}" if name else role


def letterhead(doc: Document, ctx: HearingContext) -> None:
    for line in (
        "RÉPUBLIQUE FRANÇAISE",
        "MINISTÈRE DE L'INTÉRIEUR",
        FORCES.get(ctx.profile.force, ""),  # POLICE NATIONALE | GENDARMERIE NATIONALE, from the profile
        ctx.profile.service or ctx.case.service,
        ctx.profile.unite,
    ):
        if line:
            doc.add("letterhead", line)


def _pv_number(ctx: HearingContext) -> str:
    return f"PV n° {ctx.hearing.pv_number}" if ctx.hearing.pv_number else ""


def _writer(profile: Profile) -> str:
    name = officer_name(profile.prenom, profile.nom) or UNNAMED_OFFICER
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
        if f.id != framework_id and framework_id in conditions.fields_named(f.show_if)
        and not is_empty(view.answers.get(f.id))
    ]  # fmt: skip


FILIATION_LABEL = "Filiation"  # the one line naming the parents; printed without its label


def identity_lines(f: Field, value: dict[str, Any], sex: str | None = None) -> list[tuple[str, str]]:
    """(label, text) of each filled identity part; the parents on one line, "Fille de ... et de ...".

    ``sex`` is the person's own ``sexe`` (defaults to the one in ``value``):
    "Fille de" or "Fils de" agrees with it, "Enfant de" when it is not known.
    The parents' line is labelled :data:`FILIATION_LABEL` (a rectification
    names it so); the PV prints it as a sentence, without a label
    (:func:`identity_label`).
    """
    lines = []
    filiation = FILIATION[sex_of(sex if sex is not None else value.get("sexe"))]
    parents: list[str] = []
    for part in identity_parts(f):
        part_value: Any = value.get(part.id)
        if is_empty(part_value):
            continue
        shown = identity_part(part.id, part.type, part_value)
        label = part.label
        if part.id in ("pere", "mere"):
            if not parents:
                lines.append((FILIATION_LABEL, ""))  # in the place of the first parent
            parents.append(shown.strip())
            continue
        lines.append((label, shown))
    if parents:
        at = lines.index((FILIATION_LABEL, ""))
        lines[at] = (FILIATION_LABEL, f"{filiation} " + " et de ".join(parents))
    return lines


def identity_label(label: str) -> str:
    """The label an identity line is printed with: "Nationalité :", none for the parents' sentence."""
    return "" if label == FILIATION_LABEL else f"{label} :"


def field_lines(view: HearingView, f: Field, *, stated: bool = False) -> list[tuple[str, str, str]]:
    """(kind, label, text) lines for one answered field: its mentions, then what they leave unsaid.

    ``stated``: another mention already cites this answer, so only its own mentions print.
    """
    said, value = view.mentions_of(f)
    mentions = [("mention", "Mention :", text) for text in said]
    if stated or is_empty(value):
        return mentions
    return mentions + _value_lines(f, value)


def _value_lines(f: Field, value: Any) -> list[tuple[str, str, str]]:
    if f.type == "identity":
        lines = [("body", f"{f.label} :", identity_name(value) or "")]
        lines += [
            ("identity", identity_label(label), text)
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
    """The PV's own mention, in its active voice: "avons suspendu l'audition à 10 h 40 pour permettre une pause."

    The investigator's detail, as typed, follows in parentheses (or alone for "autre").
    """
    at = hhmm(event.at, season=True)
    if event.kind != timeline.SUSPEND:
        return f"avons repris l'audition à {at}."
    purpose = timeline.SUSPENSION_PURPOSES.get(event.reason, "")
    detail = event.detail.strip()
    text = f"avons suspendu l'audition à {at}" + (f" {purpose}" if purpose else "")
    return text + (f" ({detail})" if detail else "") + "."


def _commission_rogatoire(view: HearingView) -> str:
    """ "Agissant en exécution de la commission rogatoire délivrée le ... par ..., juge d'instruction au tribunal

    judiciaire de ..., dans l'information ..., vu les articles 151 et 152 du code de procédure pénale,": each
    part from its field as typed, left out when the field is empty.
    """
    fields = view.template.field_index()

    def typed(field_id: str) -> str:
        f = fields.get(field_id)
        if f is None or not view.field_visible(f):
            return ""
        return view.shown_value(f).strip()

    judge, court, date, information = (typed(i) for i in CR_FIELDS)
    text = "Agissant en exécution de la commission rogatoire"
    if date:
        text += f" délivrée le {date}"
    if judge:
        text += f" par {judge}"
        if "juge d'instruction" not in judge.casefold():
            text += ", juge d'instruction"
    elif court:
        text += " par le juge d'instruction"
    if court:
        plain = court.casefold().startswith(("tribunal", "tj "))
        text += f" au {court}" if plain else f" au tribunal judiciaire de {court}"
    if information:
        # Typed as "information suivie contre X..." or "n° ... suivie contre X...": "information" is written once.
        folded = information.casefold().replace("’", "'")
        for prefix in ("dans l'information", "l'information", "information"):
            if folded.startswith(prefix):
                information = information[len(prefix) :].lstrip(" ,")
                break
        text += f", dans l'information {information}"
    return text + ", vu les articles 151 et 152 du code de procédure pénale,"


def _interleave(entries: list[TranscriptEntry], pauses: list[TimelineEvent]) -> list[Any]:
    """Entries in their order, each pause placed before the first entry made after it

    (an entry saved in the same second as a pause was made before it).
    """
    out: list[Any] = []
    remaining = list(pauses)
    for entry in entries:
        while remaining and moments.instant(remaining[0].at) < moments.instant(entry.created_at):
            out.append(remaining.pop(0))
        out.append(entry)
    return out + remaining
