"""The command line's case archives: ``archive export`` and ``archive import``.

The archive's passphrase is not the database's: it travels to the other
laptop by another channel, so it is read from its own file
(``--archive-passphrase-file``) or typed (twice for an export).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_contract import EXIT_INVALID, CliError

if TYPE_CHECKING:
    from .core.paths import DataPaths

# The choice as typed -> as core/archive.py names it (the archive module loads only when a command runs).
_THEN = {"keep": "keep", "handed-over": "handed_over", "purge": "purge"}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("archive", help="move a case to another laptop in an encrypted archive (age)")
    actions = parser.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a case's archive, encrypted for a passphrase")
    export.add_argument("--case", required=True, type=int, metavar="N")
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument(
        "--then",
        choices=tuple(_THEN),
        default="keep",
        help="what becomes of the case here: keep it (default), mark it handed over (read-only), or purge it",
    )
    _passphrase_option(export)
    imported = actions.add_parser("import", help="record a case from an archive, under new ids")
    imported.add_argument("file", metavar="FILE")
    _passphrase_option(imported)


def _passphrase_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--archive-passphrase-file",
        metavar="FILE",
        help="the archive's passphrase on FILE's first line (12 characters at least); default: typed",
    )


def read_archive_passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    from .commands import check_private, first_line
    from .core import archive

    if args.archive_passphrase_file:
        check_private(args.archive_passphrase_file)
        passphrase = first_line(args.archive_passphrase_file, "archive passphrase", EXIT_INVALID)
    elif sys.stdin is not None and sys.stdin.isatty():
        passphrase = getpass.getpass("Phrase secrète de l'archive : ")
        if twice and getpass.getpass("Confirmez la phrase secrète de l'archive : ") != passphrase:
            raise CliError("the two archive passphrases differ")
    else:
        raise CliError("no archive passphrase: use --archive-passphrase-file")
    archive.check_passphrase(passphrase)
    return passphrase


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace

    passphrase = read_archive_passphrase(args, twice=args.archive_command == "export")
    with open_workspace(args, paths) as workspace:
        if args.archive_command == "export":
            written = workspace.export_archive(args.case, Path(args.out), passphrase, then=_THEN[args.then])
            print(f"{written.path}\t{written.case_number}\t{written.hearings}\t{written.then}\t{written.sha256}")
        else:
            imported = workspace.import_archive(Path(args.file), passphrase)
            hearings = ",".join(str(h) for h in imported.hearing_ids)
            print(f"{imported.case_id}\t{imported.case_number}\t{hearings}\t{imported.sender_account or ''}")
    return 0
