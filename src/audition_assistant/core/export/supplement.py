"""Procès-verbal complémentaire and procès-verbal de rectification.

A signed PV is never changed under its number. Reopening a closed hearing
opens a supplement (store: ``supplements``) with its own number and a copy of
the hearing as it stood (its ``base``). From then on:

- the PV itself is built from the first supplement's base: the same
  document, under the same number, as when it was closed;
- each supplement becomes its own document, built from the difference
  between its base and what followed (the next supplement's base, or the
  hearing now): the new questions and answers for a procès-verbal
  complémentaire, a "Mention :" per correction for a procès-verbal de
  rectification ("il convient de lire « ... » au lieu de « ... »"), the
  user's words kept exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .. import clock as moments
from .. import timeline
from ..engine import HearingView
from ..french import NBSP, date_in_words, format_date, identity_name, season_note, time_in_words
from ..store.records import Profile, Supplement, TranscriptEntry
from ..templates.fieldtypes import display, is_empty
from ..templates.model import DocumentSpec, Field
from .document import Document
from .pv import (
    HearingContext,
    _writer,
    add_closing,
    field_lines,
    identity_lines,
    letterhead,
)

# The ``model`` of a supplement's document spec: never a template's (not in BUILDERS).
SUPPLEMENT_MODEL = "pv_supplement"
SPEC_PREFIX = "pv-supplement-"
HEADINGS = {
    "complementaire": "PROCÈS-VERBAL COMPLÉMENTAIRE",
    "rectification": "PROCÈS-VERBAL DE RECTIFICATION",
}


def quoted(text: str) -> str:
    """« text », with the unbreakable spaces French typography puts inside the guillemets."""
    return f"«{NBSP}{text}{NBSP}»"


@dataclass(frozen=True)
class SupplementPiece:
    """One supplement with the hearing before it and after it."""

    supplement: Supplement
    before: HearingView
    after: HearingView
    # For each entry id and field id of ``before``, the number of the PV that recorded it.
    owners: dict[str, str]


@dataclass(frozen=True)
class CorrectedContext(HearingContext):
    """A hearing's context as its signed PV states it, with the supplements that followed."""

    pieces: tuple[SupplementPiece, ...] = ()
    original_number: str = ""

    def piece(self, spec_id: str) -> SupplementPiece:
        for piece in self.pieces:
            if spec_id == spec_id_of(piece.supplement):
                return piece
        raise KeyError(spec_id)


def spec_id_of(supplement: Supplement) -> str:
    return f"{SPEC_PREFIX}{supplement.id}"


def supplement_specs(ctx: HearingContext) -> list[DocumentSpec]:
    """The supplements' documents, oldest first (none for a hearing never reopened)."""
    if not isinstance(ctx, CorrectedContext):
        return []
    return [
        DocumentSpec(spec_id_of(p.supplement), f"{p.supplement.title} n° {p.supplement.pv_number}", SUPPLEMENT_MODEL)
        for p in ctx.pieces
    ]


def _entries(base: dict[str, Any]) -> list[TranscriptEntry]:
    return [
        TranscriptEntry(
            id=int(e["id"]),
            position=int(e["position"]),
            theme=e.get("theme"),
            question=e.get("question") or "",
            answer=e.get("answer") or "",
            created_at=moments.parse(e["created_at"]),
            updated_at=moments.parse(e["updated_at"]),
        )
        for e in base.get("entries", [])
    ]


def _view_of(current: HearingView, base: dict[str, Any]) -> HearingView:
    return HearingView(
        current.template, dict(base.get("answers", {})), _entries(base), list(current.timeline), current.today
    )


def corrected_context(ctx: HearingContext, supplements: list[Supplement]) -> HearingContext:
    """The context the PV was signed with, and each supplement's before and after.

    ``ctx`` is the hearing now; without supplements it is returned as is.
    """
    if not supplements:
        return ctx
    first = supplements[0].base
    views = [_view_of(ctx.view, s.base) for s in supplements] + [ctx.view]
    original_number = str(first.get("pv_number") or "")
    owners: dict[str, str] = {}
    for entry in _entries(first):
        owners[f"entry:{entry.id}"] = original_number
    for field_id in first.get("answers", {}):
        owners[f"field:{field_id}"] = original_number
    pieces = []
    for index, supplement in enumerate(supplements):
        before, after = views[index], views[index + 1]
        pieces.append(SupplementPiece(supplement, before, after, dict(owners)))
        # What this supplement recorded or changed now belongs to its number.
        old_entries = {e.id: e for e in before.transcript}
        for entry in after.transcript:
            previous = old_entries.get(entry.id)
            if previous is None or (previous.question, previous.answer) != (entry.question, entry.answer):
                owners[f"entry:{entry.id}"] = supplement.pv_number
        for field_id, value in after.answers.items():
            if before.answers.get(field_id) != value:
                owners[f"field:{field_id}"] = supplement.pv_number
    profile_fields = set(Profile.__dataclass_fields__)
    signed = replace(
        ctx,
        view=views[0],
        hearing=replace(ctx.hearing, pv_number=original_number, place=str(first.get("place") or "")),
        profile=Profile(**{k: v for k, v in first.get("profile", {}).items() if k in profile_fields}),
        case=replace(ctx.case, **first.get("case", {})),
    )
    return CorrectedContext(
        signed.view, signed.case, signed.hearing, signed.profile, pieces=tuple(pieces), original_number=original_number
    )


# --- the document ------------------------------------------------------------------
def _pv_fields(view: HearingView) -> dict[str, Field]:
    """The fields the PV prints (section and field printed, visible), by id."""
    out: dict[str, Field] = {}
    for section in view.visible_sections():
        if not section.in_pv:
            continue
        for f in view.visible_fields(section):
            if f.in_pv:
                out[f.id] = f
    return out


def _new_entries(piece: SupplementPiece) -> list[TranscriptEntry]:
    known = {e.id for e in piece.before.transcript}
    return [e for e in piece.after.ordered_transcript() if e.id not in known]


def _number(piece: SupplementPiece, key: str, fallback: str) -> str:
    return piece.owners.get(key) or fallback or "(sans numéro)"


def _correction(where: str, new: str, old: str) -> str:
    if not old:
        return f"{where}, il convient d'ajouter {quoted(new)}."
    if not new:
        return f"{where}, il convient de supprimer {quoted(old)}."
    return f"{where}, il convient de lire {quoted(new)} au lieu de {quoted(old)}."


def corrections(piece: SupplementPiece, original_number: str) -> list[str]:
    """One sentence per correction, in the PV's order: fields, then questions and answers."""
    out: list[str] = []
    before, after = piece.before, piece.after
    fields = {**_pv_fields(before), **_pv_fields(after)}
    for f in after.template.field_index().values():
        if f.id not in fields:
            continue
        old_value, new_value = before.answers.get(f.id), after.answers.get(f.id)
        if old_value == new_value:
            continue
        number = _number(piece, f"field:{f.id}", original_number)
        if f.type == "identity":
            old_parts = dict(identity_lines(f, old_value if isinstance(old_value, dict) else {}))
            new_parts = dict(identity_lines(f, new_value if isinstance(new_value, dict) else {}))
            for label in [*new_parts, *(k for k in old_parts if k not in new_parts)]:
                if old_parts.get(label, "") != new_parts.get(label, ""):
                    where = f"au procès-verbal n° {number}, à la rubrique {quoted(f'{f.label}, {label}')}"
                    out.append(_correction(where, new_parts.get(label, ""), old_parts.get(label, "")))
            continue
        where = f"au procès-verbal n° {number}, à la rubrique {quoted(f.label)}"
        old_text = "" if is_empty(old_value) else display(f, old_value)
        new_text = "" if is_empty(new_value) else display(f, new_value)
        out.append(_correction(where, new_text, old_text))
    now = {e.id: e for e in after.transcript}
    for entry in before.ordered_transcript():
        changed = now.get(entry.id)
        if changed is None:
            continue
        number = _number(piece, f"entry:{entry.id}", original_number)
        if changed.question != entry.question:
            where = f"au procès-verbal n° {number}, pour la question posée"
            out.append(_correction(where, changed.question, entry.question))
        if changed.answer != entry.answer:
            where = f"au procès-verbal n° {number}, en réponse à la question {quoted(entry.question)}"
            out.append(_correction(where, changed.answer, entry.answer))
    return out


def _added_field_lines(piece: SupplementPiece) -> list[tuple[str, str, str]]:
    """A procès-verbal complémentaire's new information: fields first answered during it."""
    before, after = piece.before, piece.after
    return [
        line
        for f in _pv_fields(after).values()
        if is_empty(before.answers.get(f.id)) and not is_empty(after.answers.get(f.id))
        for line in field_lines(after, f)
    ]


def build_supplement(ctx: HearingContext, spec_id: str) -> Document:
    """The procès-verbal complémentaire or de rectification named by ``spec_id``."""
    if not isinstance(ctx, CorrectedContext):
        raise KeyError(spec_id)
    piece = ctx.piece(spec_id)
    supplement, after = piece.supplement, piece.after
    template = after.template
    roles = template.pv
    subject = after.answers.get(roles.subject or "", {}) or {}
    name = identity_name(subject) if isinstance(subject, dict) else ""
    original = ctx.original_number or "(sans numéro)"
    opened = moments.parse(supplement.opened_at)
    closed = moments.parse(supplement.closed_at) if supplement.closed_at else None
    rectification = supplement.kind == "rectification"

    doc = Document(id=spec_id, title=f"{supplement.title} n° {supplement.pv_number}")
    doc.footer = f"Procédure n° {ctx.case.procedure_number} — PV n° {supplement.pv_number}"

    letterhead(doc, ctx)
    doc.add("title", HEADINGS[supplement.kind])
    doc.add("reference", ctx.case.procedure_number, "Procédure n° :")
    doc.add("reference", supplement.pv_number, "PV n° :")
    if ctx.case.heading:
        doc.add("reference", ctx.case.heading, "Affaire :")
    subject_words = f"de {name}" if name else "de la personne entendue"
    purpose = f"Rectification du procès-verbal n° {original}" if rectification else ""
    doc.add("reference", purpose or f"Audition complémentaire {subject_words}", "Objet :")

    place = ctx.hearing.place
    at = time_in_words(opened) + season_note(opened)
    opening = f"{date_in_words(opened.date())}, à {at}, {'à ' + place if place else 'au service'},"
    doc.add("body", opening)
    doc.add("body", _writer(ctx.profile))
    started = timeline.started_at(ctx.view.timeline)
    signed_on = format_date(started.date() if started else ctx.view.hearing_date)
    doc.add(
        "body",
        f"Faisant suite au procès-verbal n° {original} du {signed_on}, "
        f"portant audition {subject_words}, clos et signé,",
    )
    doc.add("body", supplement.reason, "Motif :")

    if rectification:
        doc.add("body", "Procédons aux rectifications suivantes de ce qui a été consigné :")
        doc.add("heading", "Rectifications")
        lines = corrections(piece, ctx.original_number)
        for line in lines:
            doc.add("mention", line, "Mention :")
        if not lines:
            doc.add("mention", "aucune rectification n'a été consignée.", "Mention :")
        added = _new_entries(piece)
        if added:
            doc.add("heading", "Déclarations")
            _qa(doc, added)
    else:
        doc.add("body", "Entendons à nouveau la personne ci-dessous dénommée, qui nous déclare :")
        if name:
            doc.add("identity", name, "Personne entendue :")
        field_added = _added_field_lines(piece)
        if field_added:
            doc.add("heading", "Mentions complémentaires")
            for kind, label, text in field_added:
                doc.add(kind, text, label)
        doc.add("heading", "Déclarations complémentaires")
        added = _new_entries(piece)
        _qa(doc, added)
        if not added:
            doc.add("mention", "aucune déclaration complémentaire n'a été consignée.", "Mention :")

    # Closing and signatures, as the PV's: the same list names who signs with us and fills the boxes.
    doc.add("heading", "Clôture")
    add_closing(doc, after, ctx.profile, closed, unended="procès-verbal en cours : heure de clôture non enregistrée.")
    return doc


def _qa(doc: Document, entries: list[TranscriptEntry]) -> None:
    for entry in entries:
        if entry.question.strip():
            doc.add("question", entry.question, "Question :")
        doc.add("answer", entry.answer or "(pas de réponse)", "Réponse :")
