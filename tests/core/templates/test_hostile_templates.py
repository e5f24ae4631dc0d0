"""Hostile template files: a Template or every problem, never a crash, never a hang.

A service drops YAML files written by trainers (or by anyone) into its data
folder; the catalog reads them at every start. Whatever the text or the
structure it holds, :func:`parse_text` and :func:`validate` end in a
:class:`Template` or in :class:`TemplateInvalid` with printable problems,
within a bounded time.
"""

from __future__ import annotations

import contextlib
import copy
import signal
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from audition_assistant.core import resources
from audition_assistant.core.engine import HearingView
from audition_assistant.core.export.models import available_models
from audition_assistant.core.references import load_references
from audition_assistant.core.templates.errors import TemplateInvalid
from audition_assistant.core.templates.model import Template
from audition_assistant.core.templates.parse import parse_text
from audition_assistant.core.templates.validate import validate

SECONDS = 20  # far beyond the few milliseconds a real template takes
REFERENCES = load_references()
MODELS = available_models()
ANY_CHAR = st.characters(exclude_categories=())
# A real bundled template is the starting point of every altered one.
BASE_TEXT = resources.read_text("templates", "premier-contact.yaml")
BASE = yaml.safe_load(BASE_TEXT)
# Where each top-level field sits: (section index, field index).
OWNERS = {f["id"]: (s, i) for s, section in enumerate(BASE["sections"]) for i, f in enumerate(section["fields"])}
FIELD_NAMES = [*list(OWNERS)[:12], *(d["id"] for d in BASE.get("derived", [])), "personne.nationalite",
               "personne.inconnue", "inconnu", ""]  # fmt: skip


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """Fail (instead of waiting for ever) when the block runs longer than ``seconds``."""

    def expired(_signum: int, _frame: Any) -> None:
        raise Hang(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def nested(depth: int) -> Any:
    value: Any = "fond"
    for i in range(depth):
        value = [value] if i % 2 else {"not": value}
    return value


def conditions() -> st.SearchStrategy[Any]:
    """Conditions right or wrong: unknown references, bad operands, deep nesting."""
    leaf = st.fixed_dictionaries(
        {"field": st.sampled_from(FIELD_NAMES)},
        optional={
            "equals": st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.lists(st.none(), max_size=2)),
            "in": st.lists(st.text(max_size=3), max_size=3),
            "is_set": st.one_of(st.booleans(), st.text(max_size=2)),
            "less_than": st.one_of(st.integers(), st.floats(), st.text(max_size=2)),
        },
    )
    return st.one_of(
        st.recursive(
            leaf,
            lambda inner: st.one_of(
                st.builds(lambda c: {"not": c}, inner),
                st.lists(inner, max_size=3).map(lambda cs: {"all": cs}),
                st.lists(inner, max_size=3).map(lambda cs: {"any": cs}),
            ),
            max_leaves=6,
        ),
        st.integers(30, 3000).map(lambda depth: _chain("not", depth)),
    )


def _chain(key: str, depth: int) -> dict[str, Any]:
    condition: dict[str, Any] = {"field": FIELD_NAMES[0], "is_set": True}
    for _ in range(depth):
        condition = {key: condition}
    return condition


SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(["\x1b[2J", "a\nb", "\ud800", "*alias", "&ancre", "{{ jinja }}"]),
    st.integers(1000, 200_000).map(lambda n: "x" * n),
)
VALUE = st.one_of(
    st.recursive(
        SCALAR,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(ANY_CHAR, max_size=10), inner, max_size=4),
        max_leaves=10,
    ),
    st.integers(100, 5000).map(nested),
    conditions(),
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


ALL_PATHS = [p for p in paths(BASE) if p]


def put(raw: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return raw


def mutated_structure() -> st.SearchStrategy[Any]:
    change = st.tuples(st.sampled_from(ALL_PATHS), VALUE)
    extra_key = st.tuples(
        st.sampled_from([p for p in ALL_PATHS if isinstance(_at(p), dict)]),
        st.sampled_from(["show_if", "when", "type", "fields", "options", "parts", "categories", "of", "inconnu"]),
        VALUE,
    )

    def build(changes: list[tuple[tuple[Any, ...], Any]], extras: list[tuple[tuple[Any, ...], str, Any]]) -> Any:
        raw = copy.deepcopy(BASE)
        for path, key, value in extras:
            put(raw, (*path, key), value)
        for path, value in changes:
            try:
                put(raw, path, value)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change replaced a parent
        return raw

    return st.builds(build, st.lists(change, min_size=1, max_size=4), st.lists(extra_key, max_size=2))


def _at(path: tuple[Any, ...]) -> Any:
    node: Any = BASE
    for key in path:
        node = node[key]
    return node


def cyclic() -> st.SearchStrategy[Any]:
    """Conditions that refer to one another, directly or through sections and derived values."""
    owners = dict(list(OWNERS.items())[:10])

    def build(links: list[tuple[str, str]], section_links: list[tuple[int, str]]) -> Any:
        raw = copy.deepcopy(BASE)
        for owner, target in links:
            if owner in owners:
                section, index = owners[owner]
                raw["sections"][section]["fields"][index]["show_if"] = {"field": target, "is_set": True}
        for section, target in section_links:
            raw["sections"][section]["show_if"] = {"field": target, "is_set": True}
        return raw

    return st.builds(
        build,
        st.lists(st.tuples(st.sampled_from(sorted(owners)), st.sampled_from(FIELD_NAMES)), max_size=5),
        st.lists(st.tuples(st.integers(0, len(BASE["sections"]) - 1), st.sampled_from(FIELD_NAMES)), max_size=3),
    )


def check(raw: Any) -> None:
    with bounded(SECONDS):
        try:
            template = validate(raw, "hostile.yaml", known_references=REFERENCES, known_models=MODELS)
        except TemplateInvalid as error:
            assert error.problems
            for problem in error.problems:
                assert problem.path == "hostile.yaml"
                assert str(problem).isprintable() and len(problem.message) < 2000, str(problem)[:300]
            return
        assert isinstance(template, Template)
        view = HearingView(template)  # what the GUI and the exporter do first with it
        view.missing_required()
        view.applicable_documents()


def parse_then_check(text: str) -> None:
    with bounded(SECONDS):
        try:
            raw = parse_text(text, "hostile.yaml")
        except TemplateInvalid as error:
            assert error.problems and all(str(p).isprintable() for p in error.problems), error.problems
            return
    check(raw)


@given(st.one_of(st.just(None), st.booleans(), st.integers(), st.text(ANY_CHAR), st.lists(SCALAR), VALUE))
def test_a_document_that_is_no_mapping_is_a_problem(raw):
    check(raw)


@given(mutated_structure())
def test_any_structure_gives_a_template_or_its_problems(raw):
    check(raw)


@given(cyclic())
def test_conditions_that_refer_to_one_another_are_problems_or_settle(raw):
    check(raw)


def splices() -> st.SearchStrategy[str]:
    """The small template's YAML with random text inserted, lines cut or repeated."""
    lines = BASE_TEXT.splitlines(keepends=True)
    insert = st.tuples(st.integers(0, len(BASE_TEXT)), st.text(ANY_CHAR, max_size=30)).map(
        lambda t: BASE_TEXT[: t[0]] + t[1] + BASE_TEXT[t[0] :]
    )
    cut = st.tuples(st.integers(0, len(lines)), st.integers(0, 10)).map(
        lambda t: "".join(lines[: t[0]] + lines[t[0] + t[1] :])
    )
    repeat = st.tuples(st.integers(0, len(lines) - 1), st.integers(1, 5)).map(
        lambda t: "".join(lines[: t[0]] + lines[t[0] : t[0] + 1] * t[1] + lines[t[0] :])
    )
    return st.one_of(insert, cut, repeat)


def dump(raw: Any) -> str:
    try:
        return yaml.safe_dump(raw, allow_unicode=True)
    except RecursionError:  # too deep for PyYAML to write: the reader refuses it as well
        return "a: " + "[" * 5000 + "]" * 5000


YAML_TEXTS = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    splices(),
    mutated_structure().map(dump),
    st.integers(1, 20_000).map(lambda depth: "a: " + "[" * depth + "]" * depth),
    st.integers(1, 1500).map(lambda depth: "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(depth))),
    st.just("a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n"),  # aliases: refused before any expansion
    st.just("!!python/object/apply:os.system ['echo pwned']"),
    st.just("---\nid: a\n---\nid: b\n"),
)


@given(YAML_TEXTS)
def test_any_yaml_text_gives_a_template_or_its_problems(text):
    parse_then_check(text)


def test_a_chain_of_thousands_of_conditions_is_checked_without_exhausting_the_stack():
    raw = copy.deepcopy(BASE)
    count = 5000
    raw["sections"].append(
        {
            "id": "chaine",
            "title": "Chaîne",
            "fields": [
                {"id": f"c{i}", "type": "yes_no", "label": f"C{i}", "show_if": {"field": f"c{i + 1}", "is_set": True}}
                for i in range(count)
            ]
            + [{"id": f"c{count}", "type": "yes_no", "label": "Fin", "show_if": {"field": "c0", "is_set": True}}],
        }
    )
    with pytest.raises(TemplateInvalid) as caught, bounded(SECONDS):
        validate(raw, "chaine.yaml", known_references=REFERENCES, known_models=MODELS)
    [problem] = caught.value.problems
    assert problem.message.startswith("conditions circulaires : c0 -> c1 -> c2")
    assert len(problem.message) < 2000
