"""Command line: the retention periods, the cases due, and purging one (see README, « Conservation des données »).

The parser loads with ``cli`` (argparse only); the jobs, with the workspace, when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli_contract import EXIT_INVALID, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from .core.paths import DataPaths
    from .core.store.retention import RetentionPolicy


def _days(text: str) -> int | None:
    if text.strip().lower() in ("none", "aucune"):
        return None
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r} (or 'none')") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"a number of days cannot be negative: {days}")
    return days


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retention = commands.add_parser("retention", help="show or set how long cases are kept, and the cases due")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    actions.add_parser("show", help="print the retention periods and the cases due for purging, with their date")
    set_ = actions.add_parser("set", help="set the retention periods (administrator; recorded in the audit trail)")
    set_.add_argument(
        "--closed-days",
        type=_days,
        default=argparse.SUPPRESS,
        metavar="N",
        help="days a case is kept once closed or archived ('none': no limit)",
    )
    set_.add_argument(
        "--exported-days",
        type=_days,
        default=argparse.SUPPRESS,
        metavar="N",
        help="days a case is kept once every hearing of it was exported, after the last export ('none': no limit)",
    )
    purge = commands.add_parser(
        "purge",
        help="erase a case for good: its rows, search index entries and audit details, then every older copy "
        "of the database (administrator)",
    )
    purge.add_argument("--case", required=True, type=int, metavar="N", help="the case's id ('retention show')")
    purge.add_argument("--yes", action="store_true", help="confirm: without it, nothing is erased")


def _policy_line(policy: RetentionPolicy) -> str:
    def days(value: int | None) -> str:
        return "none" if value is None else f"{value} day{'' if value == 1 else 's'}"

    return f"retention: closed cases {days(policy.closed_days)}, exported hearings {days(policy.exported_days)}"


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace
    from .core.store.retention import RetentionPolicy

    if args.command == "purge" and not args.yes:
        raise CliError(
            f"purging case {args.case} erases it for good: add --yes to confirm (nothing was done)", EXIT_USAGE
        )
    setting = args.command == "retention" and args.retention_command == "set"
    if setting and not {"closed_days", "exported_days"} & set(vars(args)):
        raise CliError("give --closed-days N or --exported-days N (or both; 'none' for no limit)", EXIT_USAGE)
    with open_workspace(args, paths) as workspace:
        if args.command == "purge":
            report = workspace.purge_case(args.case)
            rows = ", ".join(f"{table} {n}" for table, n in sorted(report.counts.items()))
            print(f"purged case {report.case_id} ({report.case_number}): {rows}")
            one = report.entries_blanked == 1
            print(
                f"audit trail: {report.entries_blanked} {'entry' if one else 'entries'} blanked, "
                f"one case_purged entry lists {'it' if one else 'them'}"
            )
            if report.backup is not None:
                print(f"backup: {report.backup}")
            for removed in report.backups_removed:
                print(f"removed: {removed}")
            if report.problem:
                print(f"audition-assistant: warning: {report.problem}", file=sys.stderr)
                return EXIT_INVALID
            return 0
        if setting:
            before = workspace.retention_policy()
            policy = RetentionPolicy(
                getattr(args, "closed_days", before.closed_days), getattr(args, "exported_days", before.exported_days)
            )
            workspace.set_retention_policy(policy)
            print(_policy_line(workspace.retention_policy()))
            return 0
        print(_policy_line(workspace.retention_policy()))
        for case in workspace.due_cases():
            print(f"{case.case_id}\t{case.procedure_number}\t{case.rule}\t{case.due_since.isoformat()}")
        return 0
