"""The hand-off text for the drafting software: the PV's own words, one paragraph per line, nothing else."""

from __future__ import annotations

import io
import unicodedata

import docx
from hypothesis import given
from hypothesis import strategies as st

from audition_assistant.core.export.handoff import DECLARATIONS, describe, handoff_text, parts, sections
from hearings import make_hearing

NBSP = "\u00a0"
ADULT = "audition-victime-majeure"


def pv_paragraphs(path) -> list[tuple[str, str]]:
    """(style, text) of the exported PV's paragraphs, each on one line as the hand-off lays it out."""
    out = []
    for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs:
        if p.text.strip():
            out.append((p.style.name, " ".join(part.strip(" ") for part in p.text.split("\n")).strip(" ")))
    return out


def paragraphs(text: str) -> list[str]:
    """The text reopened as a plain-text reader sees it: one paragraph per non-blank line."""
    lines = text.splitlines()
    assert all(line.strip() for line in lines[0::2]) and not any(line.strip() for line in lines[1::2])
    return lines[0::2]


def test_whole_hearing_holds_every_question_and_answer_of_the_pv_in_order(workspace, fill_demo, tmp_path):
    hearing_id, files = fill_demo(ADULT)
    ctx = workspace.context(hearing_id)
    text = handoff_text(ctx)
    (tmp_path / "handoff.txt").write_text(text, encoding="utf-8")
    reopened = paragraphs((tmp_path / "handoff.txt").read_text(encoding="utf-8"))

    pv = pv_paragraphs(files["pv"].path)
    statements = [t for style, t in pv if style in ("PV Question", "PV Réponse")]
    assert reopened == ["Déclarations", *statements]
    assert reopened[1].startswith(f"Question{NBSP}: ") and reopened[2].startswith(f"Réponse{NBSP}: ")
    # The words as typed, in the hearing's order.
    typed = [w for e in ctx.view.ordered_transcript() for w in (e.question, e.answer) if w.strip()]
    assert len(typed) == len(statements)
    for line, words in zip(reopened[1:], typed, strict=True):
        assert line.split(maxsplit=2)[2].split() == words.split()
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


def test_identity_and_mentions_are_the_pv_s_own_lines(workspace, fill_demo):
    hearing_id, files = fill_demo(ADULT)
    ctx = workspace.context(hearing_id)
    lines = paragraphs(handoff_text(ctx, identity=True, mentions=True))
    pv = pv_paragraphs(files["pv"].path)

    first_heading = next(i for i, (style, _t) in enumerate(pv) if style == "PV Intertitre")
    identity = [t for style, t in pv[:first_heading] if style == "PV Identité"]
    assert identity and lines[: len(identity)] == identity
    mentions = [t for style, t in pv if style == "PV Mention"]
    assert mentions and [line for line in lines if line.startswith(f"Mention{NBSP}:")] == mentions
    # Every line is one of the PV's paragraphs (or a section's heading), in the PV's order.
    texts = [t for _style, t in pv]
    at = [texts.index(line) for line in lines]
    assert at == sorted(at)
    # What the drafting software writes itself is left out: letterhead, opening, closing formula.
    styles = {t: style for style, t in pv}
    assert not {styles[line] for line in lines} & {"PV En-tête", "PV Titre", "PV Références", "PV Clôture"}


def test_one_section_alone_has_no_heading(workspace, fill_demo):
    hearing_id, _files = fill_demo(ADULT)
    ctx = workspace.context(hearing_id)
    listed = sections(ctx)
    ids = [i for i, _title in listed]
    assert DECLARATIONS in ids and ids[-1] == "cloture" and len(set(ids)) == len(ids)
    whole = paragraphs(handoff_text(ctx, mentions=True))
    assert [line for line in whole if line in dict(listed).values()] == [t for _i, t in listed]

    statements = paragraphs(handoff_text(ctx, sections=[DECLARATIONS]))
    assert statements == paragraphs(handoff_text(ctx))[1:]
    first = ids[0]
    alone = paragraphs(handoff_text(ctx, mentions=True, sections=[first]))
    assert alone and alone == whole[1 : 1 + len(alone)]
    assert handoff_text(ctx, sections=[first]) == ""  # a section of mentions, mentions not asked
    assert describe(parts(ctx), identity=True, mentions=True) == "audition entière, identité, mentions"
    alone_what = describe(parts(ctx), identity=False, mentions=False, sections=[DECLARATIONS])
    assert alone_what == f"section «{NBSP}Déclarations{NBSP}»"


def visible(text: str) -> str:
    """The characters a reader sees, blanks aside: breaks count as blanks, other controls as nothing."""
    kept = "".join(" " if c.isspace() else "" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    return "".join(unicodedata.normalize("NFC", kept.replace("\ufffe", "").replace("\uffff", "")).split())


@given(
    entries=st.lists(
        st.tuples(st.text(max_size=60), st.text(max_size=200)),
        min_size=1,
        max_size=5,
    )
)
def test_any_typed_text_gives_one_line_per_paragraph_with_its_words(workspace, entries):
    hearing_id = make_hearing(workspace)
    for question, answer in entries:
        workspace.store.add_entry(hearing_id, None, question, answer)
    ctx = workspace.context(hearing_id)
    text = handoff_text(ctx)
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]
    lines = paragraphs(text)
    assert lines[0] == "Déclarations"
    expected = []
    # As recorded (the store keeps no control character), compared with what was typed.
    for (question, answer), entry in zip(entries, ctx.view.ordered_transcript(), strict=True):
        if entry.question.strip():
            expected.append(("Question", question))
        expected.append(("Réponse", answer if entry.answer else "(pas de réponse)"))
    assert len(lines) - 1 == len(expected)
    for line, (label, typed) in zip(lines[1:], expected, strict=True):
        assert line.startswith(f"{label}{NBSP}:")
        assert visible(line.removeprefix(f"{label}{NBSP}:")) == visible(typed)
