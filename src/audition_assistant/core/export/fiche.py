"""A reflex sheet (kind ``fiche``) as document blocks: answers, indicators by weight, next steps.

The summary lists what was observed grouped by weight (strong, medium, weak:
one strong indicator matters more than several weak ones, so nothing is
counted) and the template's advice whose conditions hold. It never
concludes: identification rests on a combination of clues, weighed by the
investigator.
"""

from __future__ import annotations

from typing import Any

from .. import timeline
from ..engine import HearingView
from ..french import date_long, hhmm
from ..templates.model import WEIGHT_LABELS, WEIGHTS, Field
from .document import Document, Signatures
from .pv import HearingContext, field_lines, letterhead

# Words that keep their capital after a colon: names of bodies and services.
PROPER_INITIALS = (
    "Koutcha",
    "Ac.Sé",
    "Mouvement du Nid",
    "France Victimes",
    "Satouk",
    "Snapchat",
    "Instagram",
    "TikTok",
)

NOT_A_VERDICT = (
    "Cette fiche est une aide à la détection et à l'orientation. Elle ne constitue pas une conclusion : "
    "l'identification d'une victime repose sur un faisceau d'indices apprécié par l'enquêteur."
)


def build_fiche(ctx: HearingContext) -> Document:
    view, template = ctx.view, ctx.view.template
    doc = Document(id="fiche", title=template.title)
    doc.footer = f"Procédure n° {ctx.case.procedure_number}"
    letterhead(doc, ctx)
    doc.add("title", template.title.upper())
    doc.add("reference", ctx.case.procedure_number, "Procédure n° :")
    if ctx.case.heading:
        doc.add("reference", ctx.case.heading, "Affaire :")
    started = timeline.started_at(view.timeline)
    day = started.date() if started else view.hearing_date
    doc.add("reference", date_long(day) + (f", {hhmm(started)}" if started else ""), "Date :")
    if ctx.profile.nom:
        doc.add(
            "reference",
            ctx.profile.display + (f" ({ctx.profile.qualite})" if ctx.profile.qualite else ""),
            "Rédacteur :",
        )

    for section in view.visible_sections():
        if not section.in_pv:
            continue
        lines = [
            (kind, label, text if kind == "mention" else as_listed(f, view.answers.get(f.id), text))
            for f in view.visible_fields(section)
            if f.in_pv and f.type != "checklist"  # indicators: in the synthesis, by weight
            for kind, label, text in field_lines(view, f)
        ]
        if lines:
            doc.add("heading", section.title)
            for kind, label, text in lines:
                doc.add(kind, text, label)

    visible = [f for s in view.visible_sections() for f in view.visible_fields(s)]
    checklists = [f for f in visible if f.type == "checklist" and f.in_pv]  # a grid kept out counts nowhere
    if checklists:
        doc.add("heading", "Synthèse des indices relevés")
        for f in checklists:
            add_weighted_indicators(doc, view, f)
    advice = view.applicable_advice()
    if advice:
        doc.add("heading", "Suites suggérées")
        for item in advice:
            doc.add(
                "body", after_colon(item.text) if item.title else item.text, f"{item.title} :" if item.title else ""
            )
    doc.add("mention", template.pv.note or NOT_A_VERDICT)
    doc.blocks.append(Signatures(("Le rédacteur",)))
    return doc


def add_weighted_indicators(doc: Document, view: HearingView, f: Field) -> None:
    """The ticked indicators of ``f``, strong ones first, each group under its weight."""
    ticked = view.answers.get(f.id) or []
    groups = {
        weight: [item.label for c in f.categories for item in c.items if item.id in ticked and item.weight == weight]
        for weight in WEIGHTS
    }
    if not any(groups.values()):
        doc.add("body", "Aucun indice coché.", f"{f.label} :")
        return
    for weight in WEIGHTS:
        if groups[weight]:
            doc.add("identity", " ; ".join(groups[weight]), f"{WEIGHT_LABELS[weight]} :")


def after_colon(text: str) -> str:
    """``text`` as it reads after « Libellé : » in French: lower case, unless a name or an acronym opens it."""
    if len(text) < 2 or not text[0].isupper() or not text[1].islower() or text.startswith(PROPER_INITIALS):
        return text
    return text[0].lower() + text[1:]


def as_listed(f: Field, value: Any, text: str) -> str:
    """A choice, or each choice of a list, in lower case as it reads after « Libellé : » or a comma."""
    if f.type == "choice":
        return after_colon(text)
    if f.type == "multi_choice" and isinstance(value, list):
        return ", ".join(after_colon(f.option_label(v)) for v in value)
    return text
