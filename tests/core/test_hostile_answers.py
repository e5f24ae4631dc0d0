"""Hostile answers files: read, checked, recorded and exported, or refused naming the field.

Each example starts from a bundled fictional demo answers file and replaces a
few values with hostile ones: any Unicode (control characters, lone
surrogates, emoji, right-to-left marks), a megabyte of text, huge or deeply
nested repeatable groups, any JSON value where a text is expected, and names
such as ``../../etc``, ``CON``, ``aux.docx`` or 300 characters long in the
identity, the procedure number or the PV number. The only acceptable outcomes
are a clean export (every file inside the export folder, each reopening as a
Word document) or an :class:`AnswersError` whose problems name the changed
part of the file.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import docx
from hypothesis import event, given
from hypothesis import strategies as st

from audition_assistant.core import answers_file, resources
from audition_assistant.core.answers_file import AnswersError
from audition_assistant.core.text import clean

ANY_CHAR = st.characters(exclude_categories=())  # controls, lone surrogates and unassigned included
NASTY_NAMES = (
    "../../etc",
    "..\\..\\Windows\\System32",
    "/etc/passwd",
    "CON",
    "aux.docx",
    "NUL.txt",
    "com1",
    "LPT9 ",
    "x" * 300,
    "é" * 300,
    "王" * 300,
    "😀" * 300,
    "\u202eexe.docx",
    "\u200f\u0644\u064a\u0644\u0649\u200f",
    "a\x00b",
    "\ud800",
    "\udcff\x1b[31m",
    ".",
    "..",
    " ",
    "",
    "\t\r\n",
    "\ufeff\ufffe\uffff",
    "2026/004512",
)


def deep(depth: int) -> str:
    """A marker that :func:`write_answers` replaces by lists nested ``depth`` levels deep.

    800 levels still load (and must then be refused as a wrong value); 100,000
    are beyond what the JSON reader takes (and must be refused as such).
    """
    return f"@@DEEP{depth}@@"


DEEP_MARKER = re.compile(r'"@@DEEP(\d+)@@"')


def megabyte(seed: str) -> str:
    seed = seed or "A"
    return seed * (1_000_000 // len(seed) + 1)


TEXT = st.one_of(st.sampled_from(NASTY_NAMES), st.text(ANY_CHAR, max_size=300))
# A megabyte where any text goes: rarer, since each one costs seconds to export.
ANY_TEXT = st.one_of(TEXT, TEXT, TEXT, st.text(ANY_CHAR, min_size=1, max_size=6).map(megabyte))
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.sampled_from(NASTY_NAMES), st.text(ANY_CHAR, max_size=20)
)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(ANY_CHAR, max_size=12), inner, max_size=4),
    max_leaves=12,
)


def group_values(member: str) -> st.SearchStrategy[Any]:
    """Repeatable groups: too many items, the maximum of hostile ones, nested lists, a nesting bomb."""
    return st.one_of(
        st.integers(501, 2000).map(lambda n: [{}] * n),
        TEXT.map(lambda text: [{member: text}] * 500),
        st.text(ANY_CHAR, min_size=1, max_size=6).map(lambda seed: [{member: megabyte(seed)}]),
        st.integers(2, 400).map(lambda depth: [json.loads("[" * depth + "]" * depth)]),
        st.sampled_from([800, 100_000]).map(lambda depth: [{member: deep(depth)}]),
        st.sampled_from([800, 100_000]).map(deep),
        st.lists(st.dictionaries(st.sampled_from([member, "inconnu", ""]), JSON_VALUE, max_size=3), max_size=5),
    )


BASES = {
    "audition-victime-majeure": {
        "subject": "victime",
        "long_text": "evvi_observations",
        "text": "lieu_audition",
        "group": ("suspects", "surnom"),
    },
    "premier-contact": {
        "subject": "personne",
        "long_text": "contexte_observations",
        "text": "lieu_contact",
        "group": None,
    },
}
IDENTITY_TEXTS = ("nom", "prenoms", "nationalite", "lieu_naissance", "adresse")


def changes_for(template_id: str) -> st.SearchStrategy[list[tuple[tuple[Any, ...], Any]]]:
    """A few (path in the file, new value) pairs: hostile texts where texts go, and now and then worse."""
    base = BASES[template_id]
    texts: list[st.SearchStrategy[tuple[tuple[Any, ...], Any]]] = [
        st.tuples(st.tuples(st.just("case"), st.sampled_from(answers_file.CASE_KEYS)), ANY_TEXT),
        st.tuples(st.tuples(st.just("hearing"), st.sampled_from(answers_file.HEARING_KEYS)), TEXT),
        st.tuples(st.tuples(st.just("investigator"), st.sampled_from(answers_file.PROFILE_KEYS)), TEXT),
        st.tuples(st.tuples(st.just("answers"), st.just(base["subject"]), st.sampled_from(IDENTITY_TEXTS)), ANY_TEXT),
        st.tuples(st.tuples(st.just("answers"), st.sampled_from([base["long_text"], base["text"]])), ANY_TEXT),
        st.tuples(
            st.tuples(st.just("transcript"), st.integers(0, 2), st.sampled_from(["question", "answer"])), ANY_TEXT
        ),
    ]
    worse: list[st.SearchStrategy[tuple[tuple[Any, ...], Any]]] = [
        st.tuples(
            st.tuples(st.sampled_from(["answers", "case", "hearing", "transcript", "timeline", "investigator"])),
            JSON_VALUE,
        ),
        st.tuples(st.tuples(st.just("answers"), st.sampled_from([base["subject"], base["text"], "cadre"])), JSON_VALUE),
        st.tuples(
            st.tuples(st.just("answers"), st.just(base["subject"]), st.sampled_from(["date_naissance", "sait_lire"])),
            JSON_VALUE,
        ),
        st.tuples(
            st.sampled_from([("answers", "cadre"), ("answers", base["subject"], "nom"), ("transcript", 0, "question")]),
            st.sampled_from([800, 100_000]).map(deep),
        ),
    ]
    if base["group"]:
        group, member = base["group"]
        worse.append(st.tuples(st.just(("answers", group)), group_values(member)))
    return st.tuples(
        st.lists(st.one_of(texts), min_size=1, max_size=3),
        st.lists(st.one_of(worse), max_size=1),
    ).map(lambda pair: pair[0] + pair[1])


def demo(template_id: str) -> dict[str, Any]:
    with resources.path_of("demo", f"{template_id}.json") as path:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def apply(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    *parents, last = path
    node: Any = data
    for key in parents:
        if isinstance(node, dict):
            node = node.setdefault(key, {})
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return
    if isinstance(node, dict) or (
        isinstance(node, list) and isinstance(last, int) and last < len(node) and isinstance(node[last], dict)
    ):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, str):
        for item in node:
            if isinstance(item, dict):
                item[last] = value


def write_answers(folder: Path, data: dict[str, Any]) -> Path:
    text = json.dumps(data, ensure_ascii=False, allow_nan=True)
    text = DEEP_MARKER.sub(lambda found: "[" * int(found[1]) + "]" * int(found[1]), text)
    path = folder / "reponses.json"
    # Lone surrogates cannot be UTF-8 encoded: the file says them as \\udXXX escapes, as JSON allows.
    path.write_bytes(text.encode("utf-8", "backslashreplace"))
    return path


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


TOP = re.compile(r"^(?P<key>[a-z_]*)")


# The adult hearing exports six documents, the first contact one: both, the quicker one more often.
@given(template_id=st.sampled_from(["premier-contact", "audition-victime-majeure", "premier-contact"]), data=st.data())
def test_hostile_answers_files_export_cleanly_or_name_the_field(workspace, tmp_path, template_id, data):
    answers = demo(template_id)
    changes = data.draw(changes_for(template_id), label="changes")
    for path, value in changes:
        apply(answers, path, value)
    scratch = Path(tempfile.mkdtemp(dir=tmp_path))
    source = write_answers(scratch, answers)
    out = scratch / "export"
    before = files_under(tmp_path)

    try:
        filled = answers_file.read(source, workspace.catalog)
    except AnswersError as error:
        event("refused")
        assert error.problems
        changed = {str(path[0]) for path, _value in changes}
        for problem in error.problems:
            assert problem.startswith((str(source), "(fichier)")) or TOP.match(problem)["key"] in changed, problem
            assert problem.isprintable(), problem  # no raw control character or escape sequence from the file
        assert files_under(tmp_path) == before
        return

    event("exported")
    _hearing_id, files = workspace.fill(filled, out)
    assert files
    written = files_under(tmp_path) - before
    data_folder = workspace.paths.root
    assert all(p.parent == out or data_folder in p.parents for p in written), sorted(map(str, written))
    for exported in files:
        assert exported.path.parent == out and exported.path.suffix == ".docx"
        assert len(exported.path.name.encode("utf-8")) <= 255
        docx.Document(str(exported.path))  # reopens as a Word document


def fill_demo(workspace, folder: Path, template_id: str, changes: dict[tuple[Any, ...], Any]):
    answers = demo(template_id)
    for path, value in changes.items():
        apply(answers, path, value)
    filled = answers_file.read(write_answers(folder, answers), workspace.catalog)
    return workspace.fill(filled, folder / "export")[1]


def test_nasty_names_give_documents_inside_the_folder(workspace, tmp_path):
    for index, name in enumerate(NASTY_NAMES):
        folder = tmp_path / str(index)
        folder.mkdir()
        changes = {("case", "procedure_number"): f"{name}/1", ("answers", "personne", "nom"): name}
        try:
            [pv] = fill_demo(workspace, folder, "premier-contact", changes)
        except AnswersError as error:  # a name of nothing but blanks or control characters
            assert not clean(name).strip() and error.problems == [
                "answers.personne: Personne entendue — à compléter : nom"
            ]
            continue
        assert pv.path.parent == folder / "export" and len(pv.path.name.encode()) <= 255, name
        assert files_under(folder / "export") == {pv.path}
        docx.Document(str(pv.path))


def test_megabyte_answers_are_exported_whole(workspace, tmp_path):
    big = megabyte("ꨄ王😀 ")[:1_000_000]
    places = [("case", "heading"), ("answers", "victime", "lieu_naissance"), ("answers", "evvi_observations")]
    files = fill_demo(workspace, tmp_path, "audition-victime-majeure", dict.fromkeys(places, big))
    assert len(files) >= 5 and all(f.path.parent == tmp_path / "export" for f in files)
    for exported in files:
        docx.Document(str(exported.path))
    pv = next(f.path for f in files if f.document_id == "pv")
    text = "\n".join(p.text for p in docx.Document(str(pv)).paragraphs)
    assert text.count(big.strip()) >= 2  # the circumstances and the place of birth, whole
