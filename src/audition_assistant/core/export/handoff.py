"""The hearing as plain text for the forces' drafting software (LRPPN, LRPGN), which writes the PV of record.

The text is read off the procès-verbal's own blocks (``pv.build_pv``), so
the questions, answers, identity block and mentions say exactly what the
exported PV says, with the same French typography (``typography``: no-break
spaces before « : ; ? ! », inside « »). What the drafting software writes
itself is left out: letterhead, references, the opening sentence, the
closing formula and the signatures.

Laid out as those tools take a paste: one paragraph per line ("Question : …",
"Réponse : …", "Mention : …"), a blank line between paragraphs, no
formatting. A line break typed inside an answer is a soft line break in
the PV, inside one paragraph; here it becomes a space, because a hard line
break pasted into the drafting software would start a new paragraph and cut
the answer from its "Réponse :". Tabs likewise become spaces (they separate
words); every other control character is removed. No-break spaces are kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..french import typography
from ..text import clean
from .document import Paragraph
from .pv import CLOSING_HEADING, DECLARATIONS_HEADING, HearingContext, build_pv

DECLARATIONS = "declarations"  # the section of the questions and answers
CLOSING = "cloture"
# Kinds of the PV's blocks that are the statements; every other kind in a section is a mention or recorded
# information, copied only when asked.
STATEMENTS = frozenset({"question", "answer"})

# Line ends (those str.splitlines knows) and tabs.
_BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A run of blanks holding a break: one space. Ordinary and no-break spaces alone are kept as typed.
_BREAK = re.compile(f"[ {_BREAKS}]*[{_BREAKS}][ {_BREAKS}]*")
# Every C0 and C1 control character (and DEL) left after the breaks: removed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Section:
    """A headed part of the PV: a template section's mentions, the statements, or the closing."""

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Parts:
    identity: tuple[Paragraph, ...]  # the person heard's identity block
    sections: tuple[Section, ...]  # in the PV's order


def parts(ctx: HearingContext) -> Parts:
    """The PV's identity block and its headed sections, from the PV's own blocks."""
    document = build_pv(ctx)
    ids = {}
    for section in reversed(ctx.view.visible_sections()):  # the first of two equal titles wins
        ids[section.title] = section.id
    ids[DECLARATIONS_HEADING] = DECLARATIONS
    ids[CLOSING_HEADING] = CLOSING
    preamble: list[Paragraph] = []
    headed: list[tuple[str, str, list[Paragraph]]] = []
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue  # the signature boxes
        if block.kind == "heading":
            headed.append((ids.get(block.text, block.text), block.text, []))
        elif block.kind not in ("closing", "letterhead", "title", "reference"):
            (headed[-1][2] if headed else preamble).append(block)
    # The identity block closes the preamble: the identity lines after "Entendons la personne ...".
    identity: list[Paragraph] = []
    for block in reversed(preamble):
        if block.kind != "identity":
            break
        identity.insert(0, block)
    return Parts(tuple(identity), tuple(Section(i, title, tuple(p)) for i, title, p in headed if p))


def sections(ctx: HearingContext) -> list[tuple[str, str]]:
    """(id, title) of each section the hand-off can copy on its own, in the PV's order."""
    return [(s.id, s.title) for s in parts(ctx).sections]


def handoff_text(
    ctx: HearingContext, *, identity: bool = False, mentions: bool = False, sections: Sequence[str] | None = None
) -> str:
    """The hearing (``sections`` None) or the sections of these ids, as plain text for the drafting software.

    ``identity``: the identity block first. ``mentions``: the mentions and
    recorded information with the statements (a suspension in its place,
    each section's "Mention :" lines); without, the questions and answers
    alone. The whole hearing is headed section by section; a chosen section
    is not (it is pasted where it belongs). "" when nothing is left to copy.
    """
    return compose(parts(ctx), identity=identity, mentions=mentions, sections=sections)


def compose(found: Parts, *, identity: bool, mentions: bool, sections: Sequence[str] | None = None) -> str:
    """:func:`handoff_text` of parts already read (a dialog reads them once, then follows its options)."""
    chosen = [s for s in found.sections if sections is None or s.id in sections]
    paragraphs = [line(p) for p in found.identity] if identity else []
    for section in chosen:
        kept = [line(p) for p in section.paragraphs if mentions or p.kind in STATEMENTS]
        if kept and sections is None:
            kept.insert(0, plain(section.title))
        paragraphs += kept
    return "\n\n".join(p for p in paragraphs if p)


def describe(found: Parts, *, identity: bool, mentions: bool, sections: Sequence[str] | None = None) -> str:
    """What a copy covered, in French, for the hearing's history: « audition entière, identité, mentions »."""
    if sections is None:
        what = ["audition entière"]
    else:
        titles = {s.id: s.title for s in found.sections}
        what = [f"section «\u00a0{titles.get(i, i)}\u00a0»" for i in sections]
    if identity:
        what.append("identité")
    if mentions:
        what.append("mentions")
    return ", ".join(what)


def line(paragraph: Paragraph) -> str:
    """One paragraph as one line: its label ("Question :") and its text, as the PV prints them."""
    label, text = plain(paragraph.label), plain(paragraph.text)
    return f"{label} {text}" if label and text else label or text


def plain(text: str) -> str:
    """``text`` on one line with the PV's typography: breaks and tabs as spaces, no control character."""
    text = typography(clean(text))
    text = _BREAK.sub(" ", text)
    return _CONTROL.sub("", text).strip(" ")
