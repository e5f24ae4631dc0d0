"""The commands of the command line (see ``cli`` for the parser and the contract)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .cli import ENV_PASSPHRASE, EXIT_INVALID, EXIT_PASSPHRASE, EXIT_USAGE, CliError
from .core import answers_file, backups, resources
from .core.export.attestations import ModelLibrary, WordModel, inspect_model
from .core.export.exporter import ExportedFile
from .core.export.files import ExportError, sha256_of
from .core.export.models import available_models
from .core.export.protect import check_password
from .core.instance import FolderBusy, FolderLock
from .core.paths import DataPaths
from .core.references import load_references
from .core.store import CorruptDatabase, WrongPassphrase
from .core.templates.catalog import LOCAL, load_file
from .core.workspace import Workspace, load_templates


# --- passphrase ------------------------------------------------------------------
def first_line(path: str, what: str, code: int) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read {what} file {path}: {error}", code) from None
    return text.splitlines()[0] if text.splitlines() else ""


def read_document_password(args: argparse.Namespace) -> str | None:
    """The documents' password (--password-file), or None when they are not to be protected."""
    if not getattr(args, "password_file", None):
        return None
    password = first_line(args.password_file, "password", EXIT_INVALID)
    try:
        check_password(password)
    except ExportError as error:
        raise CliError(f"{args.password_file}: {error}") from None
    return password


def read_passphrase(args: argparse.Namespace, paths: DataPaths) -> str:
    if args.passphrase_file:
        passphrase = first_line(args.passphrase_file, "passphrase", EXIT_PASSPHRASE)
    elif os.environ.get(ENV_PASSPHRASE):
        passphrase = os.environ[ENV_PASSPHRASE]
    elif sys.stdin is not None and sys.stdin.isatty():
        passphrase = getpass.getpass("Phrase secrète de la base : ")
        if not paths.database.exists() and getpass.getpass("Confirmez la phrase secrète : ") != passphrase:
            raise CliError("the two passphrases differ", EXIT_PASSPHRASE)
    else:
        raise CliError(f"no passphrase: set {ENV_PASSPHRASE} or use --passphrase-file", EXIT_PASSPHRASE)
    if not passphrase:
        raise CliError("empty passphrase", EXIT_PASSPHRASE)
    return passphrase


def open_workspace(args: argparse.Namespace, paths: DataPaths) -> Workspace:
    passphrase = read_passphrase(args, paths)
    try:
        return Workspace.open(paths, passphrase)
    except WrongPassphrase:
        raise CliError(f"wrong passphrase for {paths.database} (nothing was changed)", EXIT_PASSPHRASE) from None
    except FolderBusy:
        raise CliError(f"the data folder {paths.root} is in use by another instance", EXIT_INVALID) from None
    except CorruptDatabase:
        raise CliError(
            f"the database {paths.database} fails its integrity check; restore a backup with "
            f"'audition-assistant restore FILE' (backups in {backups.folder_of(paths.root)})"
        ) from None


# --- commands --------------------------------------------------------------------
def cmd_templates_list(paths: DataPaths) -> int:
    """Hearing templates and reflex sheets, then the Word models (kind ``attestation``)."""
    catalog = load_templates(paths, load_references())
    rows = [
        (entry.id or "?", entry.version or "?", entry.kind or "?", entry.title or entry.path,
         entry.origin == LOCAL, entry.valid)
        for entry in catalog.entries
    ]  # fmt: skip
    library = ModelLibrary(paths.models)
    with library.renderer() as renderer:
        models = [inspect_model(m, renderer) for m in library.models().values()]
    rows += [(i.model.name, i.version or "-", "attestation", i.title,
              "local\treplaces-bundled" if i.model.replaces_bundled else i.model.origin == LOCAL, not i.problems)
             for i in models]  # fmt: skip
    for name, version, kind, title, local, valid in rows:
        origin = f"\t{local}" if isinstance(local, str) else ("\tlocal" if local else "")
        print(f"{name}\t{version}\t{kind}\t{title}{origin}" + ("" if valid else "\tINVALID"))
    invalid = sum(1 for row in rows if not row[-1])
    if invalid:
        print(f"{invalid} invalid template(s) or model(s): run 'templates validate' for details", file=sys.stderr)
    return 0


def cmd_templates_validate(paths: DataPaths, files: Sequence[str]) -> int:
    """YAML templates (PATH: LOCATION: MESSAGE lines) and Word models (PATH: (fichier): MESSAGE)."""
    references = load_references()
    library = ModelLibrary(paths.models)
    known_models = available_models(paths.models)
    word = [f for f in files if f.lower().endswith(".docx")]
    if files:
        entries = [
            load_file(Path(f), LOCAL, known_references=references, known_models=known_models)
            for f in files
            if f not in word
        ]
        candidates = [WordModel(Path(f).stem, LOCAL, f, path=Path(f)) for f in word]
    else:
        entries = list(load_templates(paths, references).entries)
        candidates = list(library.models().values())
    with library.renderer() as renderer:  # one rendering process checks every model
        models = [inspect_model(m, renderer) for m in candidates]
    lines = [str(p) for e in entries for p in e.problems]
    lines += [f"{info.model.source}: (fichier): {problem}" for info in models for problem in info.problems]
    for line in lines:
        print(line)
    broken = sum(1 for e in entries if not e.valid) + sum(1 for i in models if i.problems)
    if lines:
        print(f"{len(lines)} problem(s) in {broken} file(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(entries)} template(s) and {len(models)} Word model(s) valid", file=sys.stderr)
    return 0


def cmd_models_import(args: argparse.Namespace, paths: DataPaths) -> int:
    """Check a Word model and copy it into the data folder's models; its hash goes into the audit trail."""
    source = Path(args.path)
    if not source.is_file():
        raise CliError(f"no file {source}")
    workspace = open_workspace(args, paths)
    try:
        info = workspace.import_model(source)
    finally:
        workspace.close()
    if info.problems:
        for problem in info.problems:
            print(f"{source}: (fichier): {problem}")
        raise CliError(f"{source}: model refused, nothing was imported")
    replaced = " (replaces the bundled model)" if info.model.replaces_bundled else ""
    print(f"imported {info.model.name} into {info.model.source}{replaced}")
    return 0


def _fill_one(workspace: Workspace, answers: Path, out: Path, password: str | None = None) -> None:
    try:
        filled = answers_file.read(answers, workspace.catalog)
    except answers_file.AnswersError as error:
        raise CliError(f"{answers}: invalid answers file:\n" + "\n".join(f"  {p}" for p in error.problems)) from None
    _hearing_id, files = workspace.fill(filled, out, password)
    print_exported(files)


def print_exported(files: Sequence[ExportedFile]) -> None:
    """Each written path on stdout; notes for the investigator (untranslated, unvalidated...) on stderr."""
    for exported in files:
        print(exported.path)
        for note in exported.notes:
            print(f"audition-assistant: note: {exported.path.name}: {note}", file=sys.stderr)


def cmd_fill(args: argparse.Namespace, paths: DataPaths) -> int:
    password = read_document_password(args)
    workspace = open_workspace(args, paths)
    try:
        _fill_one(workspace, Path(args.answers), Path(args.out), password)
    finally:
        workspace.close()
    return 0


def cmd_export(args: argparse.Namespace, paths: DataPaths) -> int:
    password = read_document_password(args)
    workspace = open_workspace(args, paths)
    try:
        print_exported(workspace.export(args.hearing, Path(args.out), args.document, password))
    finally:
        workspace.close()
    return 0


def cmd_audit(args: argparse.Namespace, paths: DataPaths) -> int:
    workspace = open_workspace(args, paths)
    try:
        store = workspace.store
        if args.audit_command == "verify":
            report = store.verify_audit()
            if report.ok:
                print(f"audit trail intact: {report.entries} entries")
                return 0
            print(f"audit trail broken at entry {report.first_bad}: {report.problem}")
            return EXIT_INVALID
        store.hearing(args.hearing)  # a clear error for an unknown hearing
        for entry in store.audit_entries(args.hearing):
            detail = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
            print(f"{entry.at}\t{entry.actor or '-'}\t{entry.action}\t{detail}")
        return 0
    finally:
        workspace.close()


def cmd_verify(args: argparse.Namespace, paths: DataPaths) -> int:
    try:
        digest = sha256_of(Path(args.file).read_bytes())
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror}") from None
    workspace = open_workspace(args, paths)
    try:
        matches = workspace.store.exports_with_hash(digest)
    finally:
        workspace.close()
    if not matches:
        print(f"{args.file}: NOT identical to any recorded export (sha256 {digest})")
        return EXIT_INVALID
    for record in matches:
        print(
            f"{args.file}: identical to the export of hearing {record.hearing_id} "
            f"(document {record.document_id}) on {record.created_at} by {record.actor or '-'}"
        )
    return 0


def cmd_backup(args: argparse.Namespace, paths: DataPaths) -> int:
    workspace = open_workspace(args, paths)
    try:
        print(workspace.backup_now())
    finally:
        workspace.close()
    return 0


def cmd_restore(args: argparse.Namespace, paths: DataPaths) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no backup file {source}")
    passphrase = read_passphrase(args, paths)
    try:
        with FolderLock(paths.root):
            kept = backups.restore(paths.database, source, passphrase, dt.datetime.now())
    except FolderBusy:
        raise CliError(f"the data folder {paths.root} is in use: close the application first") from None
    except WrongPassphrase:
        raise CliError(f"the passphrase does not open {source}: nothing was changed", EXIT_PASSPHRASE) from None
    except CorruptDatabase:
        raise CliError(f"{source} fails its integrity check: restore refused, nothing was changed") from None
    print(f"restored {source} into {paths.database}" + (f" (previous database kept as {kept})" if kept else ""))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    demos = resources.listing("demo", ".json")
    if not demos:
        raise CliError("no demo answers bundled")
    with tempfile.TemporaryDirectory(prefix="audition-assistant-demo-") as scratch:
        workspace = Workspace.open(DataPaths(Path(scratch)), secrets.token_urlsafe(24), backup=False)
        try:
            for demo in demos:
                with resources.path_of("demo", demo.name) as path:
                    _fill_one(workspace, path, Path(args.out))
        finally:
            workspace.close()
    return 0


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    match args.command:
        case "templates" if args.templates_command == "list":
            return cmd_templates_list(paths)
        case "templates":
            return cmd_templates_validate(paths, args.paths)
        case "models":
            return cmd_models_import(args, paths)
        case "fill":
            return cmd_fill(args, paths)
        case "export":
            return cmd_export(args, paths)
        case "demo":
            return cmd_demo(args)
        case "audit":
            return cmd_audit(args, paths)
        case "verify":
            return cmd_verify(args, paths)
        case "backup":
            return cmd_backup(args, paths)
        case "restore":
            return cmd_restore(args, paths)
    raise CliError(f"unknown command {args.command}", EXIT_USAGE)
