"""Command line: a hearing's plan shown or set from a file, and its evaluation document exported.

``plan show`` prints the plan as the JSON that ``plan set --file`` reads
(YAML too), so a plan is edited by showing it, changing the file and
setting it back. The parser loads with ``cli`` (argparse only); the jobs,
with the workspace, when a command runs.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_contract import CliError

if TYPE_CHECKING:
    from .core.paths import DataPaths
    from .core.store.records import HearingPlan

# The keys a plan file may hold: the lists (a list of lines, or one text with a line per item) and the interpreter.
LIST_KEYS = ("objectives", "elements", "known_facts", "welfare", "special_measures", "breaks", "checked")
TEXT_KEYS = ("interpreter_language", "interpreter_name")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = commands.add_parser("plan", help="show or set a hearing's plan (the investigator's notes, never in the PV)")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the hearing's plan as JSON (what 'plan set --file' reads)")
    show.add_argument("--hearing", required=True, type=int, metavar="ID", help="the hearing's id")
    set_ = actions.add_parser("set", help="replace the hearing's plan with a JSON or YAML file (recorded in the audit)")
    set_.add_argument("--hearing", required=True, type=int, metavar="ID", help="the hearing's id")
    set_.add_argument(
        "--file",
        required=True,
        metavar="FILE",
        help=f"a JSON or YAML mapping with any of: {', '.join(LIST_KEYS)} (lists of lines), {', '.join(TEXT_KEYS)}",
    )
    evaluation = commands.add_parser("evaluation", help="the hearing's evaluation document (never in the PV)")
    exports = evaluation.add_subparsers(dest="evaluation_command", metavar="ACTION", required=True)
    export = exports.add_parser(
        "export", help="write the evaluation document (recorded as an export) and print each file's path"
    )
    export.add_argument("--hearing", required=True, type=int, metavar="ID", help="the hearing's id")
    export.add_argument(
        "--format", default="docx", metavar="FORMATS", help="comma-separated formats among docx, odt, pdf"
    )
    export.add_argument("--out", metavar="DIR", help="the folder to write into (default: the case's export folder)")


def plan_json(plan: HearingPlan) -> str:
    """The plan as ``plan set --file`` reads it."""
    values = {f.name: getattr(plan, f.name) for f in fields(plan) if f.name != "updated_at"}
    listed = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    return json.dumps(listed, ensure_ascii=False, indent=2)


def read_plan(path: Path) -> HearingPlan:
    """A plan file (JSON or YAML), checked: unknown keys and wrong kinds are named."""
    import yaml

    from .core.store.records import HearingPlan

    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CliError(f"cannot read the plan file {path}: {error.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CliError(f"{path}: not a JSON or YAML file ({error})") from None
    if not isinstance(raw, dict):
        raise CliError(f"{path}: a plan file holds a mapping (keys: {', '.join(LIST_KEYS + TEXT_KEYS)})")
    unknown = sorted(str(k) for k in raw if k not in LIST_KEYS + TEXT_KEYS)
    if unknown:
        raise CliError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(LIST_KEYS + TEXT_KEYS)})")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if key in TEXT_KEYS:
            if not isinstance(value, str | int | float):
                raise CliError(f"{path}: {key} is a text, not {type(value).__name__}")
            values[key] = str(value)
        elif isinstance(value, str):
            values[key] = tuple(value.splitlines())
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            values[key] = tuple(str(v) for v in value)
        else:
            raise CliError(f"{path}: {key} is a list of lines (or one text, a line per item)")
    return HearingPlan(**values)


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace
    from .core.export.formats import parse
    from .core.hearing_service import HearingService

    plan = read_plan(Path(args.file)) if args.command == "plan" and args.plan_command == "set" else None
    formats = parse(args.format) if args.command == "evaluation" else ()
    with open_workspace(args, paths) as workspace:
        service = HearingService(workspace, args.hearing)
        if args.command == "evaluation":
            folder = Path(args.out) if args.out else None
            for file in service.export_evaluation(formats, folder):
                print(file.path)
            return 0
        if plan is not None:
            print(plan_json(service.save_plan(plan)))
            return 0
        found = service.plan()
        if found is None:
            raise CliError(f"hearing {args.hearing} has no plan yet ('plan set --hearing {args.hearing} --file FILE')")
        print(plan_json(found))
        return 0


__all__ = ["add_parser", "plan_json", "read_plan", "run"]
