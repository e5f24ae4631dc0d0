"""The signed template pack commands: ``templates keygen``, ``pack``, ``trust``, ``import``, ``keys``.

``keygen`` and ``pack`` are the publisher's (an office signing for its
services): they touch no database. ``trust``, ``import`` and ``keys`` are the
laptop's: the trusted keys live in its encrypted database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_contract import ENV_PASSPHRASE, CliError
from .core.errors import UserError
from .core.paths import DataPaths

if TYPE_CHECKING:  # cryptography is loaded only when a pack command runs
    from .core.templates import packs

ACTIONS = ("keygen", "pack", "trust", "import", "keys")


def add_parser(template_commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keygen = template_commands.add_parser(
        "keygen", help="create a publisher's Ed25519 private key file (mode 0600) and print its public key"
    )
    keygen.add_argument(
        "--out", required=True, metavar="KEY", help="the private key file to create (never overwritten)"
    )
    pack = template_commands.add_parser(
        "pack", help="sign DIR's templates/, models/, notices/ and references/ into one pack file"
    )
    pack.add_argument("dir", metavar="DIR")
    pack.add_argument("--key", required=True, metavar="KEY", help="the publisher's private key (templates keygen)")
    pack.add_argument("--out", required=True, metavar="FILE")
    pack.add_argument("--name", metavar="NAME", help="the pack's name (default: DIR's name)")
    pack.add_argument("--version", dest="pack_version", metavar="VERSION", help="the pack's version (default: today)")
    pack.add_argument(
        "--publisher", metavar="NAME", help="the publisher named in the manifest (default: the pack's name)"
    )
    trust = template_commands.add_parser(
        "trust", help="accept the packs signed by this public key (administrator; recorded in the audit trail)"
    )
    trust.add_argument("public_key", metavar="PUBKEY", help="ed25519:<base64>, as 'templates keygen' printed it")
    trust.add_argument("--name", metavar="NAME", help="the publisher's name shown beside its templates")
    imported = template_commands.add_parser(
        "import", help="verify a signed pack against the trusted keys and install all of it (or nothing)"
    )
    imported.add_argument("file", metavar="FILE")
    template_commands.add_parser("keys", help="print the trusted publishers: name, public key, fingerprint, origin")


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    from .core.templates import packs

    match args.templates_command:
        case "keygen":
            key = packs.generate_key(Path(args.out))
            print(f"{key.text}\t{key.fingerprint}")
            return 0
        case "pack":
            return cmd_pack(args)
        case "trust":
            return cmd_trust(args, paths)
        case "import":
            return cmd_import(args, paths)
    return cmd_keys(args, paths)


def cmd_pack(args: argparse.Namespace) -> int:
    from .core.templates import packs

    folder = Path(args.dir)
    if not folder.is_dir():
        raise CliError(f"no folder {folder}")
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    name = args.name or folder.resolve().name
    manifest = packs.make_pack(
        folder,
        Path(args.key),
        Path(args.out),
        name=name,
        version=args.pack_version or now.date().isoformat(),
        publisher=args.publisher or name,
        now=now,
    )
    print(f"{args.out}\t{manifest.name}\t{manifest.version}\t{len(manifest.files)} file(s)\t{manifest.key.fingerprint}")
    return 0


def cmd_trust(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace
    from .core.templates import packs

    key = packs.PublicKey.parse(args.public_key)  # before the passphrase is asked for
    with open_workspace(args, paths) as workspace:
        publisher = workspace.trust_publisher(key.text, args.name or f"Éditeur {key.fingerprint}")
    print(f"trusted\t{publisher.name}\t{publisher.key.fingerprint}")
    return 0


def cmd_import(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace

    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no file {source}")
    with open_workspace(args, paths) as workspace:
        installed = workspace.import_pack(source)
    print(
        f"imported {installed.name} {installed.version}\tsigné par {installed.publisher}\t{installed.fingerprint}"
        f"\t{len(installed.files)} file(s)"
    )
    for path in installed.files:
        print(f"  {path}")
    return 0


def cmd_keys(args: argparse.Namespace, paths: DataPaths) -> int:
    from .commands import open_workspace

    with open_workspace(args, paths) as workspace:
        publishers = workspace.trusted_publishers()
    for p in publishers:
        origin = "bundled" if p.bundled else f"added\t{p.added_at}\t{p.added_by}"
        print(f"{p.name}\t{p.key.text}\t{p.key.fingerprint}\t{origin}")
    return 0


def listing_signatures(args: argparse.Namespace, paths: DataPaths) -> packs.Signatures:
    """Who signed each file, for ``templates list``, which asks for no passphrase.

    With a passphrase given by file or environment, the database's trusted
    keys count; without, only the bundled key does, and a pack signed by
    another key is said unverified (never trusted on its own word).
    """
    from .core.templates import packs

    given = getattr(args, "passphrase_file", None) or os.environ.get(ENV_PASSPHRASE)
    if not given or not paths.database.is_file():
        return packs.signatures(paths.packs, None)
    from .commands import open_workspace

    try:
        workspace = open_workspace(args, paths)
    except UserError as error:  # the window holds the folder, a wrong passphrase: the listing still comes
        print(f"audition-assistant: note: trusted keys not read ({error})", file=sys.stderr)
        return packs.signatures(paths.packs, None)
    with workspace:
        return workspace.signatures


def signature_column(signatures: packs.Signatures, data: bytes | None) -> str:
    from .core.templates import packs

    return packs.label_of(signatures.of_bytes(data) if data is not None else None)
