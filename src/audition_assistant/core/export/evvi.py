"""The personalised assessment of the victim (art. 10-5 CPP), its own document.

The EVVI is the investigator's assessment: it is recorded apart from the
hearing's procès-verbal, which the victim signs and every party reads
(FACTS section 7), and the service files it as procedure requires. It prints
the answers whose destination is ``evvi``, section by section, and is signed
by its writer alone.
"""

from __future__ import annotations

from .. import timeline
from ..french import UNNAMED_OFFICER, date_long, identity_name, qualite_words
from ..templates.model import EVVI
from .document import Document, Signatures
from .pv import HearingContext, field_lines, letterhead

TO_FILL = "……………………………………"  # a line to fill in by hand, as the Word models leave it

TITLE = "Évaluation personnalisée de la victime"
LEGAL_BASIS = "article 10-5 du code de procédure pénale"
NOTHING = "Aucune réponse de l'audition n'est destinée à l'évaluation personnalisée."


def build_evvi(ctx: HearingContext) -> Document:
    view, template = ctx.view, ctx.view.template
    subject = view.answers.get(template.pv.subject or "") or {}
    name = identity_name(subject) if isinstance(subject, dict) else ""
    started = timeline.started_at(view.timeline)
    day = started.date() if started else view.hearing_date

    doc = Document(id="evvi", title=TITLE)
    doc.footer = f"Procédure n° {ctx.case.procedure_number} — {TITLE}"
    letterhead(doc, ctx)
    doc.add("title", TITLE.upper())
    doc.add("reference", f"({LEGAL_BASIS})")
    doc.add("reference", ctx.case.procedure_number, "Procédure n° :")
    hearing = date_long(day) + (f", procès-verbal n° {ctx.hearing.pv_number}" if ctx.hearing.pv_number else "")
    doc.add("reference", hearing, "Audition du :")
    doc.add("reference", name or "(non renseignée)", "Personne entendue :")
    writer = ctx.profile.display or UNNAMED_OFFICER
    if ctx.profile.qualite:
        writer += f" ({ctx.profile.qualite})"
    doc.add("reference", writer, "Rédacteur :")

    printed = False
    for section in view.visible_sections():
        lines = [line for f in view.visible_fields(section) if f.destination == EVVI for line in field_lines(view, f)]
        if lines:
            printed = True
            doc.add("heading", section.title)
            for kind, label, text in lines:
                doc.add(kind, text, label)
    if not printed:
        doc.add("body", NOTHING)

    # « Fait à »: the investigator's town (profile), never the room the hearing took place in.
    town = ctx.profile.commune
    doc.add("closing", f"Fait à {town or TO_FILL}, le {date_long(day)}.")
    doc.blocks.append(Signatures(("L'" + qualite_words(ctx.profile.qualite),)))
    return doc
