"""Command line: the elements of a hearing's charges, abordé or non abordé, and tagging an entry with one.

The investigator's notes, never the PV. The parser loads with ``cli`` (argparse only); the jobs, with the
workspace, when a command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .cli_contract import EXIT_USAGE, CliError

if TYPE_CHECKING:
    from .core.hearing_service import HearingService
    from .core.paths import DataPaths


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    elements = commands.add_parser(
        "elements", help="the elements of a hearing's charges, abordé or non abordé (notes, never in the PV)"
    )
    actions = elements.add_subparsers(dest="elements_command", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print each element: key, abordé or non abordé, the entries tagged (Q1 is the first question), label",
    )
    show.add_argument("--hearing", required=True, type=int, metavar="ID")
    for name, text in (("tag", "tag an entry with an element"), ("untag", "remove an element's tag from an entry")):
        action = actions.add_parser(name, help=f"{text} (recorded in the audit trail)")
        action.add_argument("--hearing", required=True, type=int, metavar="ID")
        action.add_argument("--entry", required=True, type=int, metavar="N", help="the entry's number: Q N")
        action.add_argument("--element", required=True, metavar="KEY", help="the element's key ('elements show')")


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace
    from .core.hearing_service import HearingService

    workspace = open_workspace(args, paths)
    try:
        workspace.store.hearing(args.hearing)  # NotFound, said in French, before anything else
        service = HearingService(workspace, args.hearing)
        if args.elements_command == "show":
            _show(service)
            return 0
        entry_id = _entry(service, args.entry)
        if args.elements_command == "tag":
            service.tag_element(args.element, entry_id=entry_id)
            print(f"Q{args.entry}\t{args.element}\tabordé")
            return 0
        tags = [t for t in service.element_tags() if t.entry_id == entry_id and t.element == args.element]
        if not tags:
            raise CliError(f"Q{args.entry} is not tagged with {args.element} (nothing was changed)")
        for tag in tags:
            service.untag_element(tag.id)
        print(f"Q{args.entry}\t{args.element}\tretiré")
        return 0
    finally:
        workspace.close()


def _entry(service: HearingService, number: int) -> int:
    entries = service.view.ordered_transcript()
    if not 1 <= number <= len(entries):
        raise CliError(f"hearing {service.hearing_id} has no entry Q{number} ({len(entries)} entries)", EXIT_USAGE)
    return entries[number - 1].id


def _show(service: HearingService) -> None:
    """One line per element, tab-separated: key, state, entries, label (« à vérifier » when unchecked)."""
    numbers = {e.id: n for n, e in enumerate(service.view.ordered_transcript(), start=1)}
    for covered in service.element_coverage():
        element = covered.element
        entries = ", ".join(f"Q{numbers[e]}" for e in covered.entries if e in numbers)
        label = element.label + (" (à vérifier)" if element.to_verify else "")
        kind = "circonstance" if element.circumstance else "élément"
        print(f"{element.key}\t{covered.state}\t{entries}\t{kind}\t{label}")
