"""Rotating encrypted backups of the database, and restoring one.

Backups are consistent encrypted copies of the live database (same
passphrase), made at opening at most once a day (core.maintenance, after the
integrity check) and on demand. Each is named with a sequence number that
only grows (``sauvegarde-000042-20261203-091500.db``): the newest is the one
with the highest number, whatever the clock said, so a clock set in 2027 or
in 2001 never keeps an old backup "latest" nor removes a new one. Names
without a number (made before) count as older than any numbered one.

Beside each backup, ``<backup>.tete`` holds the length and head of its audit
trail (JSON); a restore refuses a backup that no longer matches it. A backup
of a database with accounts carries a copy of the keyring it was made under
(``<backup>.comptes``): it opens with the passphrases of that time, and a
restore brings its keyring back with it, as restoring a backup made under an
older passphrase brings that passphrase back. Removing an account or
changing a passphrase brings the old copies under the live keyring
(``rekey_copy``), or removes them.

A restore never leaves the folder without a database: the backup is copied
to a temporary file beside the database, flushed and checked there (it opens
with the passphrase, passes both integrity checks, has our schema and its
sidecar's head), the restore is recorded in its audit trail, the live
database is copied aside (it stays in place meanwhile), and only then is the
checked file renamed over it. A kill at any moment leaves the old database or
the restored one, and leftovers that the next start removes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic
from .store import CorruptDatabase, StoreError, WrongPassphrase, keyring
from .store.audit import ANCHOR_SUFFIX, anchor_path
from .store.copies import migration_copies

# The database modules (SQLCipher, sqlite-utils) load on first use: the first window lists the
# backups (a missing database offers to restore one) before they are loaded.

PREFIX = "sauvegarde-"
SUFFIX = ".db"
SIDECAR = ".tete"
PARTIAL = ".partiel"
RESTORING = ".restauration"
KEPT_MARK = ".avant-restauration-"
KEPT_COPIES = 3  # copies of replaced databases kept beside the database
_NUMBERED = re.compile(r"-(\d{6,})-(\d{8})-\d{6}$")
_DATED = re.compile(r"-(\d{8})-\d{6}(?:-\d+)?$")
_HEAD_SQL = (
    "SELECT (SELECT count(*) FROM {s}.audit_log), "
    "coalesce((SELECT hash FROM {s}.audit_log ORDER BY id DESC LIMIT 1), '')"
)
_OUR_MIGRATIONS = "audition_assistant"


class OtherPassphrase(StoreError):
    """The backup opens with a passphrase that does not open the database it would replace."""


@dataclass(frozen=True)
class Head:
    """How many audit entries a database holds and the hash of its last one."""

    entries: int
    head: str


def read_head(conn: Any, schema: str = "main") -> Head:
    entries, head = conn.execute(_HEAD_SQL.format(s=schema)).fetchone()
    return Head(int(entries), str(head))


def folder_of(data_root: Path) -> Path:
    return data_root / "sauvegardes"


def sidecar_of(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR)


# --- names and order ----------------------------------------------------------------
def _rank(path: Path) -> tuple[int, int, str]:
    """Numbered names after dated ones, by number; dated ones by name (their clock)."""
    stem = path.name.removesuffix(SUFFIX)
    numbered = _NUMBERED.search(stem)
    if numbered:
        return (1, int(numbered[1]), path.name)
    return (0, 0, path.name)


def newest_first(paths: Iterable[Path]) -> list[Path]:
    return sorted(paths, key=_rank, reverse=True)


def _sequence(path: Path) -> int:
    rank = _rank(path)
    return rank[1] if rank[0] else 0


def _day(path: Path) -> str:
    stem = path.name.removesuffix(SUFFIX)
    found = _NUMBERED.search(stem)
    if found:
        return found[2]
    found = _DATED.search(stem)
    return found[1] if found else ""


def backups(folder: Path) -> list[Path]:
    """Newest first (by sequence number, never by the clock)."""
    if not folder.is_dir():
        return []
    return newest_first(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def _numbered(folder: Path, base: str, now: dt.datetime, taken: Iterable[Path], suffix: str = "") -> Path:
    number = max((_sequence(p) for p in taken), default=0) + 1
    while True:
        target = folder / f"{base}{number:06d}-{now:%Y%m%d-%H%M%S}{suffix}"
        if not target.exists() and not target.with_name(target.name + PARTIAL).exists():
            return target
        number += 1


def is_due(folder: Path, now: dt.datetime) -> bool:
    """True unless the latest backup was made on ``now``'s day."""
    latest = backups(folder)
    return not (latest and _day(latest[0]) == f"{now:%Y%m%d}")


# --- making backups ---------------------------------------------------------------------
def make_backup(store: Any, folder: Path, now: dt.datetime) -> Path:
    return write_backup(lambda target: store.export_copy(target, then=read_copy_head), folder, now, store.path)


def read_copy_head(conn: Any) -> Head:
    """The head of the copy being written by cipher.export (attached as ``export``), in its snapshot."""
    return read_head(conn, "export")


def write_backup(
    export: Callable[[Path], Head | None], folder: Path, now: dt.datetime, database: Path | None = None
) -> Path:
    """A new backup file, written by ``export(path)`` under a ``.partiel`` name, then renamed.

    ``export`` writes a new encrypted copy at the path it is given and returns
    the copy's audit head (written as its sidecar, before the backup takes its
    name, with a copy of ``database``'s keyring). If it fails or is stopped, the partial file (and SQLite's journal
    beside it) is removed: a backup is either complete or absent; a kill
    leaves a ``.partiel`` file that the next start removes (clean_leftovers).
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _numbered(folder, PREFIX, now, backups(folder), SUFFIX)
    partial = target.with_name(target.name + PARTIAL)
    _discard(partial)
    try:
        head = export(partial)
        os.chmod(partial, 0o600)
        atomic.fsync_file(partial)
        if head is not None:
            write_sidecar(target, head)
        if database is not None:
            keyring.copy(database, target)
        os.replace(partial, target)
        atomic.fsync_folder(folder)
    except BaseException:
        _discard(partial)
        sidecar_of(target).unlink(missing_ok=True)
        keyring.path_of(target).unlink(missing_ok=True)
        raise
    return target


def write_sidecar(backup: Path, head: Head) -> None:
    text = json.dumps({"entries": head.entries, "head": head.head}, sort_keys=True)
    atomic.write_bytes(sidecar_of(backup), text.encode())


def read_sidecar(backup: Path) -> Head | None:
    """The head recorded beside ``backup``; None when it has none (older backups)."""
    path = sidecar_of(backup)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Head(int(data["entries"]), str(data["head"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise CorruptDatabase(
            f"Le fichier {path.name}, qui décrit la sauvegarde {backup.name}, est illisible : restauration refusée."
        ) from None


def _discard(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest backups (at least one is kept), with their sidecars."""
    removed = backups(folder)[max(keep, 1) :]
    for old in removed:
        old.unlink(missing_ok=True)
        sidecar_of(old).unlink(missing_ok=True)
        keyring.path_of(old).unlink(missing_ok=True)
    return removed


def clean_leftovers(database: Path) -> list[Path]:
    """Remove what killed backups and restores left behind; the caller holds the data folder's lock.

    ``.partiel`` backups and their journals, sidecars of backups that do not
    exist, the restore's temporary file (``<database>.restauration`` and its
    journals) and the atomic writer's temporary files.
    """
    removed: list[Path] = []
    folder = folder_of(database.parent)
    candidates: list[Path] = []
    if folder.is_dir():
        candidates += [p for p in folder.iterdir() if PARTIAL in p.name]
        for suffix in (SIDECAR, keyring.SUFFIX):
            candidates += [p for p in folder.glob(f"*{suffix}") if not p.with_name(p.name[: -len(suffix)]).exists()]
        removed += atomic.clean_temporaries(folder)
    temp = database.with_name(database.name + RESTORING)
    extras = ("", "-journal", "-wal", "-shm", ANCHOR_SUFFIX, keyring.SUFFIX)
    for working in (temp, *migration_copies(temp)):
        candidates += [working.with_name(working.name + extra) for extra in extras]
    removed += atomic.clean_temporaries(database.parent)
    for leftover in candidates:
        if leftover.is_file():
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


# --- checking and restoring ---------------------------------------------------------------
def check_backup(path: Path, passphrase: str, name: str | None = None, expected: Head | None = None) -> Head:
    """The audit head of a sound backup at ``path``; raises WrongPassphrase or CorruptDatabase (French).

    Sound: not empty nor cut in the middle of a page, opens with the
    passphrase, passes SQLCipher's and SQLite's checks, holds this
    application's schema, and its audit head is ``expected`` when given.
    """
    from .store.cipher import DatabaseError, connect
    from .store.integrity import integrity_problems

    name = name or path.name
    check_size(path, name)
    try:
        conn = connect(path, passphrase)
    except WrongPassphrase as error:
        if "malformed" not in error.detail:  # the key fits, the file does not: it is cut or damaged
            raise
        raise CorruptDatabase(f"La sauvegarde {name} est tronquée ou endommagée : restauration refusée.") from None
    try:
        problems = integrity_problems(conn)
        if problems:
            raise CorruptDatabase(f"La sauvegarde {name} est endommagée ({problems[0]}) : restauration refusée.")
        if not _is_ours(conn):
            raise CorruptDatabase(
                f"Le fichier {name} n'est pas une base de l'Assistant d'audition : restauration refusée."
            )
        head = read_head(conn)
    except DatabaseError as error:
        raise CorruptDatabase(f"La sauvegarde {name} est illisible ({error}) : restauration refusée.") from None
    finally:
        conn.close()
    if expected is not None and head != expected:
        raise CorruptDatabase(
            f"La sauvegarde {name} ne correspond plus à ce qui a été noté quand elle a été faite "
            f"({expected.entries} entrées de journal, {head.entries} trouvées) : restauration refusée."
        )
    return head


def _is_ours(conn: Any) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"_sqlite_migrations", "audit_log", "cases", "hearings"} <= tables:
        return False
    row = conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?", [_OUR_MIGRATIONS])
    return bool(row.fetchone()[0])


@dataclass(frozen=True)
class Restored:
    backup: Path
    kept: Path | None  # where a copy of the replaced database was kept
    entries_before: int | None  # audit entries of the replaced database (None: none, or unreadable)
    entries_after: int  # audit entries of the backup, before the restore's own entry


def restore(
    database: Path,
    backup: Path,
    passphrase: str,
    now: dt.datetime,
    *,
    other_passphrase: bool = False,
) -> Restored:
    """Put a checked copy of ``backup`` in place of ``database``; the caller holds the folder's lock.

    No connection may be open on ``database``. A backup that opens with a
    passphrase the live database does not open with is refused
    (OtherPassphrase) unless ``other_passphrase``: restoring it would bring
    that passphrase back. The restore's audit entry is written into the
    checked copy before it takes the database's place: a restored database
    always says so.
    """
    temp = database.with_name(database.name + RESTORING)
    _remove_working_copy(temp)
    try:
        check_size(backup)
        shutil.copyfile(backup, temp)
        os.chmod(temp, 0o600)
        atomic.fsync_file(temp)
        # Its own keyring; a backup copied without one is opened with the live keyring.
        keyring.copy(backup if keyring.path_of(backup).exists() else database, temp)
        after = check_backup(temp, passphrase, backup.name, read_sidecar(backup))
        before = _settle_live(database, passphrase, other_passphrase)
        detail = {"sauvegarde": backup.name, "entrees_avant": before, "entrees_apres": after.entries}
        record_restore(temp, passphrase, now, detail, replacing=anchor_path(database))
        for extra in ("-wal", "-journal"):
            if temp.with_name(temp.name + extra).exists():
                raise StoreError("La copie de la sauvegarde n'a pas pu être refermée : restauration refusée.")
        atomic.fsync_file(temp)
        kept = _keep_aside(database, now)
        # The old database's WAL must not meet the new file: it was checkpointed (or copied aside) above.
        for extra in ("-wal", "-shm"):
            database.with_name(database.name + extra).unlink(missing_ok=True)
        os.replace(temp, database)
        # The keyring it opens with follows it (a kill between the two: see keying.resolve's fallbacks).
        if keyring.path_of(temp).exists():
            os.replace(keyring.path_of(temp), keyring.path_of(database))
        atomic.fsync_folder(database.parent)
        # The audit anchor written beside the copy (when the store keeps one) now describes the database.
        anchor = anchor_path(temp)
        if anchor.exists():
            os.replace(anchor, anchor_path(database))
            atomic.fsync_folder(database.parent)
    except BaseException:
        _remove_working_copy(temp)
        raise
    _remove_working_copy(temp)
    rotate_kept(database)
    return Restored(backup, kept, before, after.entries)


def check_size(backup: Path, name: str | None = None) -> None:
    """Refuse at once an empty file or one cut in the middle of a page (French message)."""
    name = name or backup.name
    size = backup.stat().st_size
    if size == 0:
        raise CorruptDatabase(f"La sauvegarde {name} est vide (0 octet) : restauration refusée.")
    if size % 512:  # every page size SQLite allows is a multiple of 512
        raise CorruptDatabase(f"La sauvegarde {name} est tronquée ({size} octets) : restauration refusée.")


def record_restore(
    path: Path, passphrase: str, now: dt.datetime, detail: dict[str, Any], replacing: Path | None = None
) -> None:
    """Append the restore to the audit trail of the database at ``path`` (migrated if older).

    Closing the store's one connection folds its WAL into the file and
    removes it: the file is whole on its own when it is renamed. The entry
    names the anchor it replaces (``replacing``): a crash before the new
    anchor takes the old one's place is then no alteration.
    """
    from .store import Store

    store = Store.open(path, passphrase, lambda: now, check=False)
    try:
        store.rebase_anchor("restore", replacing=replacing, **detail)  # the restored trail becomes the reference
    finally:
        store.close()


def _settle_live(database: Path, passphrase: str, other_passphrase: bool) -> int | None:
    """Fold the live database's WAL into its file; its audit length (None when missing or unreadable)."""
    from .store.cipher import DatabaseError, connect

    if not database.exists() or database.stat().st_size == 0:
        return None
    try:
        conn = connect(database, passphrase)
    except WrongPassphrase:
        if other_passphrase:
            return None
        raise OtherPassphrase(
            "La phrase secrète saisie ouvre la sauvegarde mais pas la base actuelle : la sauvegarde a été faite "
            "avec une autre phrase secrète (une ancienne ?). La restaurer remettrait cette phrase en usage : "
            "restauration refusée, rien n'a été changé."
        ) from None
    try:
        busy, _log, _copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise StoreError("La base est encore utilisée : fermez l'application avant de restaurer.")
        return read_head(conn).entries
    except DatabaseError:
        return None  # a damaged base: its WAL, if any, is copied aside with it
    finally:
        conn.close()


def kept_copies(database: Path) -> list[Path]:
    """The copies of replaced databases kept beside ``database``, newest first."""
    found = database.parent.glob(f"{database.name}{KEPT_MARK}*")
    return newest_first(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal", keyring.SUFFIX)))


def _keep_aside(database: Path, now: dt.datetime) -> Path | None:
    """A durable copy of the live database (and of its WAL, if one is left); the live file stays."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    kept = _numbered(database.parent, f"{database.name}{KEPT_MARK}", now, kept_copies(database))
    keyring.copy(database, kept)
    wal = database.with_name(database.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        atomic.copy_file(wal, kept.with_name(kept.name + "-wal"))
    atomic.copy_file(database, kept)
    return kept


def rotate_kept(database: Path, keep: int = KEPT_COPIES) -> list[Path]:
    removed = kept_copies(database)[keep:]
    for old in removed:
        _remove_with_journals(old)
    return removed


def _remove_with_journals(path: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm", ANCHOR_SUFFIX, keyring.SUFFIX):
        path.with_name(path.name + extra).unlink(missing_ok=True)


def _remove_working_copy(temp: Path) -> None:
    """The restore's working file, and the copies its migrations made (the backup itself is the copy from before)."""
    for copy in migration_copies(temp):
        _remove_with_journals(copy)
    _remove_with_journals(temp)


# --- after a passphrase change ---------------------------------------------------------------
def encrypted_copies(database: Path) -> list[Path]:
    """Every file holding the database under a passphrase: backups, kept copies, copies made before migrations."""
    return [*backups(folder_of(database.parent)), *kept_copies(database), *migration_copies(database)]


def rekey_copy(path: Path, old: str, new: str, database: Path | None = None) -> None:
    """Re-encrypt one backup or kept copy under ``new``: on a temporary copy, renamed over it.

    With ``database`` (one with accounts), ``old`` is opened through the
    copy's own keyring, ``new`` is the live raw key, and the copy gets the
    live keyring beside it; a copy already under that key only gets the
    keyring. Raises WrongPassphrase when ``old`` does not open it.
    """
    from .store.cipher import connect, connect_key, rekey

    if database is not None:
        old = keyring.secret_for(path, old)
        if old == new:
            connect_key(path, new).close()
            keyring.copy(database, path)
            return

    def write(temp: Path) -> None:
        shutil.copyfile(path, temp)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, temp.with_name(temp.name + "-wal"))
        conn = connect(temp, old)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # folds a copied WAL in
            rekey(conn, new)
        finally:
            conn.close()

    atomic.replace_file(path, write)
    path.with_name(path.name + "-wal").unlink(missing_ok=True)
    if database is not None:
        keyring.copy(database, path)


def remove_copy(path: Path) -> None:
    """Remove one backup (with its sidecar) or kept copy (with its journals)."""
    _remove_with_journals(path)
    sidecar_of(path).unlink(missing_ok=True)
