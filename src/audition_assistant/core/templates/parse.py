"""Stage 1: a YAML file -> plain Python data, with bounded cost.

Only the safe loader is used (no tags, no objects), the file size is bounded
and YAML aliases are refused: a handful of nested aliases ("billion laughs")
expands into billions of nodes for whoever walks the result. A hostile or
broken file thus costs little and ends in a :class:`TemplateInvalid`, never
in a crash or a hang.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from ..text import shown
from .errors import TemplateInvalid, TemplateProblem

MAX_FILE_BYTES = 2 * 1024 * 1024
# A template nests a dozen levels, conditions (two levels each) up to 32 more.
MAX_DEPTH = 100


# libyaml's parser, when PyYAML was built with it (its wheels are): ten times
# quicker than the pure-Python one, which took most of the application's start.
_FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_ALIAS = "les alias YAML (*nom) ne sont pas permis : recopiez la valeur"


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases, and with a bounded nesting depth."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(problem=_ALIAS, problem_mark=event.start_mark)
        if self._depth >= MAX_DEPTH:
            # Said at once, where it happens, rather than after Python's
            # recursion limit (slow to reach and to unwind, and with no line).
            raise yaml.MarkedYAMLError(
                problem=f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                problem_mark=self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _fast_load(text: str, loader: type[yaml.CSafeLoader]) -> Any:
    """Load with libyaml after a first pass over its events refuses aliases and deep nesting.

    A refusal raises a bare YAMLError: the caller then reads the file again
    with :class:`_BoundedLoader`, which says what and where.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, AliasEvent):
            raise yaml.YAMLError("alias")
        if isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, NodeEvent):
            if depth >= MAX_DEPTH:
                raise yaml.YAMLError("too deep")
            depth += isinstance(event, CollectionStartEvent)
    return yaml.load(text, Loader=loader)


def parse_text(text: str, path: str) -> Any:
    """The data in ``text``; raises TemplateInvalid naming ``path`` and the line."""
    try:
        if _FAST_LOADER is not None:
            try:
                return _fast_load(text, _FAST_LOADER)
            except (yaml.YAMLError, RecursionError, ValueError):
                pass  # a broken file: the pure-Python reader says where, in the words it always used
        return yaml.load(text, Loader=_BoundedLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raise TemplateInvalid([TemplateProblem(path, where, f"YAML illisible : {shown(error.problem, 200)}")]) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids (control character, lone surrogate...)
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise TemplateInvalid(
            [
                TemplateProblem(
                    path, f"ligne {line}, colonne {column}", f"YAML illisible : caractère interdit U+{code:04X}"
                )
            ]
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise TemplateInvalid([TemplateProblem(path, "", f"YAML illisible : {shown(str(error), 200)}")]) from None


def parse_file(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TemplateInvalid([TemplateProblem(str(path), "", f"fichier trop volumineux ({size} octets)")])
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise TemplateInvalid(
            [TemplateProblem(str(path), f"octet {error.start}", "le fichier n'est pas encodé en UTF-8")]
        ) from None
    except OSError as error:
        raise TemplateInvalid([TemplateProblem(str(path), "", f"lecture impossible : {error.strerror}")]) from None
    return parse_text(text, str(path))
