"""The hearing as plain text for the forces' drafting software (LRPPN, LRPGN), which writes the PV of record.

The text is read off the procès-verbal's own blocks (``pv.build_pv``), so
the questions, answers, identity block and mentions say exactly what the
exported PV says, with the same French typography (``typography``: no-break
spaces before « : ; ? ! », inside « »). What the drafting software writes
itself is left out: letterhead, references, the opening sentence, the
closing formula and the signatures. A reopened hearing adds each
procès-verbal complémentaire or de rectification as a section of its own,
after the signed PV's, to be pasted into its own PV.

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
from .document import Document, Paragraph
from .pv import CLOSING_HEADING, DECLARATIONS_HEADING, HearingContext, build_pv
from .supplement import build_supplement, supplement_specs

DECLARATIONS = "declarations"  # the section of the questions and answers
CLOSING = "cloture"
# Kinds of the PV's blocks that are the statements; every other kind in a section is a mention or recorded
# information (or, in a supplement, a heading), copied only when asked.
STATEMENTS = frozenset({"question", "answer"})
# What the drafting software writes itself.
LEFT_OUT = frozenset({"letterhead", "title", "reference", "closing"})

# Line ends (those str.splitlines knows) and tabs.
_BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A run of blanks holding a break: one space. Ordinary and no-break spaces alone are kept as typed.
_BREAK = re.compile(f"[ {_BREAKS}]*[{_BREAKS}][ {_BREAKS}]*")
# Every C0 and C1 control character (and DEL) left after the breaks: removed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Line:
    """One paragraph laid out (:func:`line`), and whether it is a question or an answer."""

    text: str
    statement: bool


@dataclass(frozen=True)
class Section:
    """A headed part of the PV: a template section's mentions, the statements, or the closing."""

    id: str
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Parts:
    """The hearing laid out once; :func:`compose` then only picks lines (a dialog follows its options at once)."""

    identity: tuple[str, ...]  # the person heard's identity block
    sections: tuple[Section, ...]  # in the PV's order


def _lines(paragraphs: Sequence[Paragraph]) -> tuple[Line, ...]:
    return tuple(Line(line(p), p.kind in STATEMENTS) for p in paragraphs)


def parts(ctx: HearingContext) -> Parts:
    """The PV's identity block and its headed sections, from the PV's own blocks; then each supplement."""
    preamble, headed = _split(build_pv(ctx))
    # A heading names its template section by title: the sections' ids, in order, under each title.
    ids: dict[str, list[str]] = {DECLARATIONS_HEADING: [DECLARATIONS], CLOSING_HEADING: [CLOSING]}
    for template_section in ctx.view.visible_sections():
        ids.setdefault(template_section.title, []).append(template_section.id)
    found: list[Section] = []
    used: set[str] = set()
    for title, paragraphs in headed:
        section_id = next((i for i in ids.get(title, []) if i not in used), title)
        while section_id in used:
            section_id += "+"
        used.add(section_id)
        if paragraphs:
            found.append(Section(section_id, title, _lines(paragraphs)))
    for spec in supplement_specs(ctx):
        _opening, supplement_parts = _split(build_supplement(ctx, spec.id))
        paragraphs = [p for title, kept in supplement_parts for p in (Paragraph("heading", title), *kept)]
        found.append(Section(spec.id, spec.title, _lines(paragraphs)))
    # The identity block closes the preamble: the identity lines after "Entendons la personne ...".
    identity: list[Paragraph] = []
    for block in reversed(preamble):
        if block.kind != "identity":
            break
        identity.insert(0, block)
    return Parts(tuple(line(p) for p in identity), tuple(found))


def _split(document: Document) -> tuple[list[Paragraph], list[tuple[str, list[Paragraph]]]]:
    """The paragraphs before the first heading, and each heading's title with the paragraphs under it.

    What the drafting software writes itself (``LEFT_OUT``) and the signature boxes are left out.
    """
    preamble: list[Paragraph] = []
    headed: list[tuple[str, list[Paragraph]]] = []
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue  # the signature boxes
        if block.kind == "heading":
            headed.append((block.text, []))
        elif block.kind not in LEFT_OUT:
            (headed[-1][1] if headed else preamble).append(block)
    return preamble, headed


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
    paragraphs = list(found.identity) if identity else []
    for section in chosen:
        kept = [each.text for each in section.lines if mentions or each.statement]
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
