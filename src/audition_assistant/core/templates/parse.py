"""Stage 1: a YAML file -> plain Python data, with bounded cost.

Only the safe loader is used (no tags, no objects), the file size is bounded
and YAML aliases are refused: a handful of nested aliases ("billion laughs")
expands into billions of nodes for whoever walks the result. Nesting deeper
than :data:`MAX_DEPTH` is refused too. A hostile or broken file thus costs
little and ends in a :class:`TemplateInvalid`, never in a crash or a hang.

PyYAML's libyaml (C) parser is used when the wheel has it, about ten times
faster than the pure-Python one (start-up reads every template): its event
stream is checked first (aliases, depth; the parser is iterative, so a deep
file cannot exhaust the stack), then the checked text is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import TemplateInvalid, TemplateProblem

MAX_FILE_BYTES = 2 * 1024 * 1024
# A template nests about ten levels deep; far more is a broken or hostile file.
MAX_DEPTH = 100
_ALIAS_PROBLEM = "les alias YAML (*nom) ne sont pas permis : recopiez la valeur"
_DEPTH_PROBLEM = f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"
_FAST = getattr(yaml, "__with_libyaml__", False)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=_ALIAS_PROBLEM, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def _refused(problem: str, event: Any) -> yaml.MarkedYAMLError:
    """The error for ``event``, with its place as a pure-Python mark (what parse_text reads)."""
    mark = event.start_mark
    return yaml.MarkedYAMLError(problem=problem, problem_mark=yaml.Mark("", 0, mark.line, mark.column, None, 0))


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting from libyaml's event stream (MarkedYAMLError)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _refused(_ALIAS_PROBLEM, event)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused(_DEPTH_PROBLEM, event)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _load(text: str) -> Any:
    if not _FAST:
        return yaml.load(text, Loader=_BoundedLoader)
    _check_events(text)
    return yaml.load(text, Loader=yaml.CSafeLoader)


def parse_text(text: str, path: str) -> Any:
    """The data in ``text``; raises TemplateInvalid naming ``path`` and the line."""
    try:
        return _load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raise TemplateInvalid([TemplateProblem(path, where, f"YAML illisible : {error.problem}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise TemplateInvalid([TemplateProblem(path, "", f"YAML illisible : {error}")]) from None


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
