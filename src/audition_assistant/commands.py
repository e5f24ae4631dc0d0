"""The commands of the command line (see ``cli`` for the parser and the contract)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import cli_accounts, cli_archive, cli_elements, cli_packs, cli_plan, cli_questions, cli_retention
from .cli_contract import ENV_PASSPHRASE, EXIT_INVALID, EXIT_PASSPHRASE, EXIT_USAGE, CliError
from .core import answers_file, backups, passphrase_policy, resources
from .core.export import formats
from .core.export.attestations import ModelLibrary, WordModel, inspect_model
from .core.export.exporter import ExportedFile, check_protection
from .core.export.files import ExportError, sha256_of
from .core.export.models import available_models
from .core.export.notices import NoticeLibrary, option_sources
from .core.export.protect import check_password
from .core.instance import FolderBusy
from .core.paths import DataPaths
from .core.references import load_references
from .core.store import CorruptDatabase, WrongPassphrase
from .core.store.trail import ONLY_CHANGES, ONLY_READS, AuditFilter
from .core.templates.catalog import LOCAL, entry_bytes, load_file
from .core.workspace import DatabaseMissing, Workspace, load_templates, missing_database, restore_backup

if TYPE_CHECKING:
    from .core.store import Store


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


def check_private(path: str) -> None:
    """Refuse a passphrase file that other accounts can read: the passphrase opens every hearing.

    A warning on stderr goes unread in a script, and a passphrase others can
    read is already out; refusing costs one ``chmod 600``. Pipes
    (``<(pass show ...)``) and Windows, where these bits mean nothing, pass.
    """
    try:
        info = os.stat(path)
    except OSError:
        return  # first_line says why it cannot be read
    if os.name == "posix" and stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
        raise CliError(
            f"{path} can be read by other accounts (mode {stat.S_IMODE(info.st_mode):o}): "
            f"make it private first (chmod 600 {path}); passphrase not used",
            EXIT_PASSPHRASE,
        )


def read_passphrase(args: argparse.Namespace, paths: DataPaths) -> str:
    if args.passphrase_file:
        check_private(args.passphrase_file)
        passphrase = first_line(args.passphrase_file, "passphrase", EXIT_PASSPHRASE)
    elif os.environ.get(ENV_PASSPHRASE):
        passphrase = os.environ[ENV_PASSPHRASE]
    elif sys.stdin is not None and sys.stdin.isatty():
        passphrase = getpass.getpass("Phrase secrète de la base : ")
        creating = args.create and not paths.database.exists()
        if creating and getpass.getpass("Confirmez la phrase secrète : ") != passphrase:
            raise CliError("the two passphrases differ", EXIT_PASSPHRASE)
    else:
        raise CliError(f"no passphrase: set {ENV_PASSPHRASE} or use --passphrase-file", EXIT_PASSPHRASE)
    if not passphrase:
        raise CliError("empty passphrase", EXIT_PASSPHRASE)
    return passphrase


def missing_error(missing: DatabaseMissing) -> CliError:
    """Where the database should be, and what to do: restore, or create it explicitly."""
    paths = missing.paths
    if missing.latest is not None:
        return CliError(
            f"no database {paths.database}, but backups exist in {missing.latest.parent}: "
            f'restore one with \'audition-assistant --data-dir "{paths.root}" restore "{missing.latest}"\' '
            "(the latest); "
            "nothing was created"
        )
    if missing.folder_missing:
        return CliError(f"the data folder {paths.root} does not exist (nothing was created); --create creates it")
    return CliError(f"no database in {paths.root} (nothing was created); --create creates a new one")


def open_workspace(args: argparse.Namespace, paths: DataPaths) -> Workspace:
    missing = missing_database(paths)
    if missing is not None and (missing.latest is not None or not args.create):
        raise missing_error(missing)  # before the passphrase is asked for
    account = cli_accounts.chosen_account(args, paths)
    passphrase = read_passphrase(args, paths)
    weak = None if paths.database.exists() else passphrase_policy.problem(passphrase)
    if weak:  # a new database: the policy applies (an existing one opens with the passphrase it has)
        raise CliError(f"passphrase refused for a new database: {weak}", EXIT_PASSPHRASE)
    try:
        workspace = Workspace.open(paths, passphrase, create=args.create, account=account)
        if args.command != "audit":  # 'audit verify' reports them itself
            for problem in workspace.audit_problems:
                print(f"audition-assistant: warning: {problem} ('audit verify' for details)", file=sys.stderr)
    except DatabaseMissing as missing:
        raise missing_error(missing) from None
    except WrongPassphrase:
        raise CliError(f"wrong passphrase for {paths.database} (nothing was changed)", EXIT_PASSPHRASE) from None
    except FolderBusy:
        raise CliError(f"the data folder {paths.root} is in use by another instance", EXIT_INVALID) from None
    except CorruptDatabase:
        raise CliError(
            f"the database {paths.database} fails its integrity check; restore a backup with "
            f"'audition-assistant --data-dir \"{paths.root}\" restore FILE' "
            f"(backups in {backups.folder_of(paths.root)})"
        ) from None
    workspace.remove_export_leftovers()  # hidden copies in clear that killed exports left
    return workspace


# --- commands --------------------------------------------------------------------
def cmd_templates_list(args: argparse.Namespace, paths: DataPaths) -> int:
    """Hearing templates and reflex sheets, then the Word models (kind ``attestation``).

    The last column says who signed the file (« signé par … ») or « non signé ».
    """
    catalog = load_templates(paths, load_references())
    signatures = cli_packs.listing_signatures(args, paths)
    # The origin column: True for a local file, or the words to show.
    rows: list[tuple[str, str, str, str, bool | str, bool, str]] = [
        (entry.id or "?", entry.version or "?", entry.kind or "?", entry.title or entry.path,
         entry.origin == LOCAL, entry.valid, cli_packs.signature_column(signatures, entry_bytes(entry)))
        for entry in catalog.entries
    ]  # fmt: skip
    library = ModelLibrary(paths.models)
    with library.renderer() as renderer:
        models = [inspect_model(m, renderer) for m in library.models().values()]
    rows += [(i.model.name, i.version or "-", "attestation", i.title,
              "local\treplaces-bundled" if i.model.replaces_bundled else i.model.origin == LOCAL, not i.problems,
              cli_packs.signature_column(signatures, _model_bytes(i.model)))
             for i in models]  # fmt: skip
    for name, version, kind, title, local, valid, signed in rows:
        origin = f"\t{local}" if isinstance(local, str) else ("\tlocal" if local else "")
        print(f"{name}\t{version}\t{kind}\t{title}{origin}" + ("" if valid else "\tINVALID") + f"\t{signed}")
    invalid = sum(1 for row in rows if not row[-2])
    if invalid:
        print(f"{invalid} invalid template(s) or model(s): run 'templates validate' for details", file=sys.stderr)
    return 0


def _model_bytes(model: WordModel) -> bytes | None:
    try:
        return model.read()
    except (OSError, ExportError):
        return None


def cmd_templates_validate(paths: DataPaths, files: Sequence[str]) -> int:
    """YAML templates (PATH: LOCATION: MESSAGE lines) and Word models (PATH: (fichier): MESSAGE).

    Without PATH, every known file, the notices' translations included (a missing one named).
    """
    references = load_references()
    library = ModelLibrary(paths.models)
    known_models = available_models(paths.models)
    word = [f for f in files if f.lower().endswith(".docx")]
    notices: list[str] = []
    if files:
        sources = option_sources(paths.notices)
        entries = [
            load_file(Path(f), LOCAL, known_references=references, known_models=known_models, option_sources=sources)
            for f in files
            if f not in word
        ]
        candidates = [WordModel(Path(f).stem, LOCAL, f, path=Path(f)) for f in word]
    else:
        entries = list(load_templates(paths, references).entries)
        candidates = list(library.models().values())
        notices = NoticeLibrary(paths.notices, references).problems()
    with library.renderer() as renderer:  # one rendering process checks every model
        models = [inspect_model(m, renderer) for m in candidates]
    lines = [str(p) for e in entries for p in e.problems]
    lines += [f"{info.model.source}: (fichier): {problem}" for info in models for problem in info.problems]
    lines += notices
    for line in lines:
        print(line)
    broken = sum(1 for e in entries if not e.valid) + sum(1 for i in models if i.problems)
    broken += len({line.split(": ", 1)[0] for line in notices})
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
    with open_workspace(args, paths) as workspace:
        info = workspace.import_model(source)
    if info.problems:
        for problem in info.problems:
            print(f"{source}: (fichier): {problem}")
        raise CliError(f"{source}: model refused, nothing was imported")
    replaced = " (replaces the bundled model)" if info.model.replaces_bundled else ""
    print(f"imported {info.model.name} into {info.model.source}{replaced}")
    return 0


def chosen_formats(args: argparse.Namespace, *, text: bool = False) -> tuple[str, ...]:
    """The formats of ``--format`` (FormatError, a user error, for an unknown one)."""
    return formats.parse(args.format, (*formats.DOCUMENT_FORMATS, formats.TXT) if text else formats.DOCUMENT_FORMATS)


def _fill_one(
    workspace: Workspace, answers: Path, out: Path, password: str | None = None, chosen: Sequence[str] = (formats.DOCX,)
) -> None:
    try:
        filled = answers_file.read(answers, workspace.catalog)
    except answers_file.AnswersError as error:
        raise CliError(f"{answers}: invalid answers file:\n" + "\n".join(f"  {p}" for p in error.problems)) from None
    _hearing_id, files = workspace.fill(filled, out, password, formats=chosen)
    print_exported(files)


def print_exported(files: Sequence[ExportedFile]) -> None:
    """Each written path on stdout; notes for the investigator (untranslated, unvalidated...) on stderr."""
    for exported in files:
        print(exported.path)
        for note in exported.notes:
            print(f"audition-assistant: note: {exported.path.name}: {note}", file=sys.stderr)


def cmd_fill(args: argparse.Namespace, paths: DataPaths) -> int:
    chosen = chosen_formats(args)
    password = read_document_password(args)
    check_protection(chosen, password)
    with open_workspace(args, paths) as workspace:
        _fill_one(workspace, Path(args.answers), Path(args.out), password, chosen)
    return 0


def cmd_export(args: argparse.Namespace, paths: DataPaths) -> int:
    chosen = chosen_formats(args, text=True)
    password = read_document_password(args)
    check_protection(chosen, password)
    with open_workspace(args, paths) as workspace:
        print_exported(workspace.export(args.hearing, Path(args.out), args.document, password, formats=chosen))
    return 0


def cmd_audit(args: argparse.Namespace, paths: DataPaths) -> int:
    with open_workspace(args, paths) as workspace:
        store = workspace.store
        if args.audit_command == "verify":
            report = store.verify_audit(replay=True)
            if report.ok:
                print(f"audit trail intact: {report.entries} entries (anchor, triggers, exports and hearings agree)")
                return 0
            if report.first_bad is not None:
                print(f"audit trail broken at entry {report.first_bad}: {report.problem}")
            for problem in report.problems[1 if report.first_bad is not None else 0 :]:
                print(f"audit trail: {problem}")
            return EXIT_INVALID
        if args.audit_command == "accept":
            reason = args.reason.strip()
            if not reason:
                raise CliError("give the reason with --reason", EXIT_USAGE)
            store.rebase_anchor("anchor_accepted", reason=reason)
            print(f"anchor moved to the trail's end: {store.verify_audit().entries} entries")
            return 0
        return show_audit(args, store)


def show_audit(args: argparse.Namespace, store: Store) -> int:
    """``audit show``: one line per entry, tab-separated; the columns after the detail were added later, at the
    end, so that scripts reading the first four still read them."""
    if args.hearing is not None:
        store.hearing(args.hearing)  # a clear error for an unknown hearing
    if args.case is not None:
        store.case(args.case)
    kind = ONLY_READS if args.reads else ONLY_CHANGES if args.changes else None
    where = AuditFilter(args.case, args.hearing, args.of_account, kind, args.since)
    for entry in store.audit_entries_where(where):
        detail = "(purged)" if entry.purged else json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
        columns = (entry.at, entry.actor or "-", entry.action, detail, entry.account or "-",
                   "read" if entry.is_read else "change", entry.case_id or "-", entry.hearing_id or "-")  # fmt: skip
        print("\t".join(str(c) for c in columns))
    return 0


def cmd_verify(args: argparse.Namespace, paths: DataPaths) -> int:
    try:
        digest = sha256_of(Path(args.file).read_bytes())
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror}") from None
    with open_workspace(args, paths) as workspace:
        # Only an intact audit entry certifies an export; the exports table alone is a listing anyone could add to.
        matches = workspace.store.recorded_exports(digest)
        listed = workspace.store.exports_with_hash(digest) if not matches else []
    if listed:
        print(
            f"{args.file}: NOT a recorded export: the exports table lists it (sha256 {digest}) "
            "but no intact audit entry records it"
        )
        return EXIT_INVALID
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
    with open_workspace(args, paths) as workspace:
        print(workspace.backup_now())
    return 0


def cmd_restore(args: argparse.Namespace, paths: DataPaths) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no backup file {source}")
    if not paths.root.is_dir() and not args.create:
        raise CliError(f"the data folder {paths.root} does not exist (nothing was created); --create creates it")
    passphrase = read_passphrase(args, paths)
    try:
        restored = restore_backup(paths, source, passphrase, dt.datetime.now(), other_passphrase=args.other_passphrase)
    except FolderBusy:
        raise CliError(f"the data folder {paths.root} is in use: close the application first") from None
    except WrongPassphrase:
        raise CliError(f"the passphrase does not open {source}: nothing was changed", EXIT_PASSPHRASE) from None
    except backups.OtherPassphrase:
        raise CliError(
            f"the passphrase opens {source} but not the current database {paths.database}: the backup was made "
            "under another (older?) passphrase, which restoring would bring back; nothing was changed "
            "(--other-passphrase restores it anyway)",
            EXIT_PASSPHRASE,
        ) from None
    except CorruptDatabase as error:
        raise CliError(f"{source}: restore refused, nothing was changed: {error}") from None
    kept = restored.kept
    print(f"restored {source} into {paths.database}" + (f" (previous database kept as {kept})" if kept else ""))
    before = "no database replaced" if restored.entries_before is None else f"{restored.entries_before} entries before"
    print(f"audit trail: {before}, {restored.entries_after} in the backup; the restore is recorded")
    if args.other_passphrase and restored.entries_before is None and kept is not None:
        print("note: the database now opens with the backup's passphrase, not with the one it replaced")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    chosen = chosen_formats(args)
    demos = resources.listing("demo", ".json")
    if not demos:
        raise CliError("no demo answers bundled")
    with tempfile.TemporaryDirectory(prefix="audition-assistant-demo-") as scratch:
        demo_paths = DataPaths(Path(scratch))
        with Workspace.open(demo_paths, secrets.token_urlsafe(24), backup=False, create=True) as workspace:
            for demo in demos:
                with resources.path_of("demo", demo.name) as path:
                    _fill_one(workspace, path, Path(args.out), chosen=chosen)
    return 0


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    match args.command:
        case "templates" if args.templates_command == "list":
            return cmd_templates_list(args, paths)
        case "templates" if args.templates_command in cli_packs.ACTIONS:
            return cli_packs.run(args, paths)
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
        case "archive":
            return cli_archive.run(args, paths)
        case "retention" | "purge":
            return cli_retention.run(args, paths)
        case "plan" | "evaluation":
            return cli_plan.run(args, paths)
        case "accounts":
            return cli_accounts.run(args, paths)
        case "questions":
            return cli_questions.run(args, paths)
        case "elements":
            return cli_elements.run(args, paths)
    raise CliError(f"unknown command {args.command}", EXIT_USAGE)
