"""Command line: the same core as the GUI, scriptable and testable without a screen.

The contract (commands, options, output lines, exit codes) is documented in
the README; other tools script against it, so change it only additively.
This module parses and reports; the commands live in ``commands``, loaded
only when one is run, so that starting the desktop application (no command)
does not pay for their modules.

Exit codes: 0 success, 1 invalid input or failed job, 2 usage error,
3 wrong or missing passphrase, 70 internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

from . import __version__, cli_accounts, cli_archive, cli_elements, cli_packs, cli_plan, cli_questions, cli_retention
from .cli_contract import ENV_PASSPHRASE, EXIT_INTERNAL, EXIT_INVALID, EXIT_PASSPHRASE, CliError
from .core.errors import UserError
from .core.paths import DataPaths, resolve
from .core.private import harden_process
from .core.store.errors import WrongPassphrase
from .core.templates.errors import TemplateInvalid


def exit_code(error: UserError) -> int:
    """The exit code the contract gives a user error: a passphrase's own, else 1 (or the CliError's)."""
    if isinstance(error, CliError):
        return error.code
    return EXIT_PASSPHRASE if isinstance(error, WrongPassphrase) else EXIT_INVALID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audition-assistant",
        description="Assistant d'audition: guided hearings of trafficking and pimping victims, "
        "exported as Word, OpenDocument and PDF/A documents. Without a command, starts the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: $AUDITION_ASSISTANT_DATA_DIR, else the user's data folder)",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="first use: create the data folder and a new database if there is none "
        "(refused where backups exist: restore one instead)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the database passphrase from FILE (default: ${ENV_PASSPHRASE}, else a prompt)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_accounts.add_parser(parser, commands)

    gui = commands.add_parser("gui", help="start the desktop application (the default)")
    gui.add_argument("--exit-after-start", action="store_true", help=argparse.SUPPRESS)

    templates = commands.add_parser(
        "templates", help="list or validate hearing templates; sign, trust and import template packs"
    )
    template_commands = templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    template_commands.add_parser("list", help="print id, version, kind and title of every template")
    validate = template_commands.add_parser("validate", help="check template files (all known ones by default)")
    validate.add_argument("paths", nargs="*", metavar="PATH")
    cli_packs.add_parser(template_commands)

    models = commands.add_parser("models", help="import a Word model (checked, then audited with its hash)")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    model_import = model_commands.add_parser(
        "import",
        help="check a .docx model and copy it into the data folder's models (a local model is used only once imported)",
    )
    model_import.add_argument("path", metavar="PATH.docx")

    fill = commands.add_parser("fill", help="record a hearing from an answers file and export its documents")
    fill.add_argument("--answers", required=True, metavar="FILE.json")
    fill.add_argument("--out", required=True, metavar="DIR")
    _format_option(fill)
    _password_option(fill)

    export = commands.add_parser("export", help="export a stored hearing again")
    export.add_argument("--hearing", required=True, type=int, metavar="ID")
    export.add_argument("--out", required=True, metavar="DIR")
    export.add_argument(
        "--document",
        action="append",
        metavar="DOC_ID",
        help="only this document (repeatable); default: every applicable document",
    )
    _format_option(export, text=True)
    _password_option(export)

    audit = commands.add_parser("audit", help="check or print the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify",
        help="check the chain, its anchor file, the append-only triggers and the exports, and replay every "
        "hearing from the trail; report each problem",
    )
    accept = audit_commands.add_parser(
        "accept", help="take the trail as it stands as the anchor's new reference (recorded with the reason)"
    )
    accept.add_argument("--reason", required=True, metavar="TEXT", help="why (recorded in the trail)")
    show = audit_commands.add_parser(
        "show",
        help="print the trail's entries (every filter narrows): at, actor, action, detail, account, "
        "read/change, case, hearing",
    )
    show.add_argument("--hearing", type=int, metavar="ID", help="this hearing's entries, and the restores since")
    show.add_argument("--case", type=int, metavar="N", help="the entries of this case and of its hearings")
    show.add_argument(
        "--account", dest="of_account", metavar="NAME", help="the entries of this account (after the command: a filter)"
    )
    kind = show.add_mutually_exclusive_group()
    kind.add_argument("--reads", action="store_true", help="consultations only (opening, preview, export, print, "
                      "copy, search)")  # fmt: skip
    kind.add_argument("--changes", action="store_true", help="changes only")
    show.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="entries from this day on (local time)")

    verify = commands.add_parser(
        "verify", help="say whether a file (any format: .docx, .odt, .pdf, .txt) is byte-identical to a recorded export"
    )
    verify.add_argument("file", metavar="FILE")

    commands.add_parser("backup", help="make an encrypted backup of the database now")
    restore = commands.add_parser("restore", help="replace the database with a backup (checked first)")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--other-passphrase",
        action="store_true",
        help="restore a backup whose passphrase does not open the current database (that passphrase comes back)",
    )

    cli_archive.add_parser(commands)
    demo = commands.add_parser(
        "demo",
        help="fill the bundled fictional demo hearings into DIR "
        "(uses a throwaway database: the real one is never touched)",
    )
    demo.add_argument("--out", required=True, metavar="DIR")
    _format_option(demo)
    cli_retention.add_parser(commands)
    cli_questions.add_parser(commands)
    cli_plan.add_parser(commands)
    cli_elements.add_parser(commands)
    return parser


def _day(text: str) -> str:
    """A day as YYYY-MM-DD (a usage error otherwise)."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text}") from None


def _format_option(command: argparse.ArgumentParser, *, text: bool = False) -> None:
    formats = "docx, odt, pdf" + (", txt" if text else "")
    command.add_argument(
        "--format",
        default="docx",
        metavar="FORMATS",
        help=f"comma-separated formats among {formats} (default: docx); Word models need LibreOffice for odt and pdf"
        + ("; txt: the hearing as plain text for the drafting software" if text else ""),
    )


def _password_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--password-file",
        metavar="FILE",
        help="protect the documents with the password on FILE's first line "
        "(Word and LibreOffice ask for it to open them; refused with pdf: PDF/A forbids encryption)",
    )


def cmd_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    from .ui.app import run_gui  # Qt is only imported when a window is wanted

    return run_gui(paths, exit_after_start=getattr(args, "exit_after_start", False))


def dispatch(args: argparse.Namespace) -> int:
    paths = resolve(args.data_dir)
    if args.command in (None, "gui"):
        return cmd_gui(args, paths)
    from . import commands

    return commands.run(args, paths)


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # before any file is made or passphrase read
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except UserError as error:  # a message for the user: one line (or the problems' lines), no traceback
        heading = "template invalid:\n" if isinstance(error, TemplateInvalid) else ""
        print(f"audition-assistant: error: {heading}{error}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt:
        print("audition-assistant: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: one line, never a traceback, for a user
        print(f"audition-assistant: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("AUDITION_ASSISTANT_DEBUG"):
            raise
        return EXIT_INTERNAL


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
