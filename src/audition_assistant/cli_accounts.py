"""The ``accounts`` commands and the global ``--account`` option: who opens the database, and who may.

``--account NAME`` (default: ``$AUDITION_ASSISTANT_ACCOUNT``, else the only
account of the station) names the account whose passphrase is given;
``accounts add|remove|reset`` are the administrator's, ``accounts list``
anyone's.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from .cli_contract import EXIT_PASSPHRASE, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from .core.paths import DataPaths

ENV_ACCOUNT = "AUDITION_ASSISTANT_ACCOUNT"


def add_parser(parser: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser.add_argument(
        "--account",
        metavar="NAME",
        help=f"the account whose passphrase is given (default: ${ENV_ACCOUNT}, else the only account)",
    )
    accounts = commands.add_parser("accounts", help="list or administer the accounts of this station")
    actions = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="print each account: name, role (admin or user), creation time")
    add = actions.add_parser("add", help="add an account (administrator only)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--admin", action="store_true", help="the new account administers the station too")
    add.add_argument("--new-passphrase-file", required=True, metavar="FILE", help="its passphrase (first line)")
    remove = actions.add_parser(
        "remove", help="remove an account: the database and its backups are re-encrypted under a new key"
    )
    remove.add_argument("name", metavar="NAME")
    reset = actions.add_parser("reset", help="give an account a new passphrase (administrator only)")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--new-passphrase-file", required=True, metavar="FILE", help="its new passphrase (first line)")


def chosen_account(args: argparse.Namespace, paths: DataPaths) -> str | None:
    """The account named, or the only one; a usage error listing them when several exist and none is named."""
    from .core.store import keyring

    named = getattr(args, "account", None) or os.environ.get(ENV_ACCOUNT) or None
    ring = keyring.load(paths.database)
    if ring is None:
        return named
    if named is None:
        if len(ring.slots) == 1:
            return ring.slots[0].name
        raise CliError(
            f"several accounts on this station ({', '.join(ring.names())}): name one with --account or ${ENV_ACCOUNT}",
            EXIT_USAGE,
        )
    if named not in ring.names():
        raise CliError(f"no account {named!r} on this station (accounts: {', '.join(ring.names())})", EXIT_USAGE)
    return named


def _new_passphrase(path: str) -> str:
    from .commands import check_private, first_line
    from .core import passphrase_policy

    check_private(path)
    passphrase = first_line(path, "new passphrase", EXIT_PASSPHRASE)
    weak = passphrase_policy.problem(passphrase)
    if weak:
        raise CliError(f"new passphrase refused: {weak}", EXIT_PASSPHRASE)
    return passphrase


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace

    action = args.accounts_command
    new = _new_passphrase(args.new_passphrase_file) if action in ("add", "reset") else ""
    with open_workspace(args, paths) as workspace:
        if action == "list":
            for account in workspace.accounts():
                print(f"{account.name}\t{'admin' if account.admin else 'user'}\t{account.created_at}")
        elif action == "add":
            workspace.add_account(args.name, new, admin=args.admin)
            print(f"account {args.name} added{' (administrator)' if args.admin else ''}")
        elif action == "reset":
            workspace.reset_account(args.name, new)
            print(f"account {args.name}: new passphrase set")
        else:
            changed = workspace.remove_account(args.name)
            print(f"account {args.name} removed; the database is now encrypted under a new key")
            if changed.backup is not None:
                print(f"new backup: {changed.backup}")
            for path in changed.rekeyed:
                print(f"re-encrypted: {path}")
            for path in changed.removed:
                print(f"removed (could not be re-encrypted): {path}")
            for path in changed.failed:
                print(f"warning: left as it was: {path}")
            if changed.problem:
                print(f"warning: {changed.problem}")
    return 0
