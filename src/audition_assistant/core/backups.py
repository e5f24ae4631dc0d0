"""Rotating encrypted backups of the database, and restoring one.

Backups are consistent encrypted copies of the live database (same
passphrase), made at opening at most once a day (core.maintenance, after the
integrity check) and on demand; the oldest beyond the number kept are
removed. A restore refuses a file that fails its integrity check and keeps
the replaced database aside.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .store import CorruptDatabase, Store
from .store.cipher import connect
from .store.store import integrity_problems

PREFIX = "sauvegarde-"
SUFFIX = ".db"


def folder_of(data_root: Path) -> Path:
    return data_root / "sauvegardes"


def backups(folder: Path) -> list[Path]:
    """Newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def make_backup(store: Store, folder: Path, now: dt.datetime) -> Path:
    return write_backup(store.export_copy, folder, now)


def write_backup(export: Callable[[Path], None], folder: Path, now: dt.datetime) -> Path:
    """A new backup file, written by ``export(path)`` under a ``.partiel`` name, then renamed.

    ``export`` writes a new encrypted copy at the path it is given (Store.export_copy,
    or cipher.export on another connection). If it fails or is stopped, the
    partial file (and SQLite's journal beside it) is removed: a backup is
    either complete or absent.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    counter = 2
    while target.exists():
        target = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}-{counter}{SUFFIX}"
        counter += 1
    partial = target.with_name(target.name + ".partiel")
    _discard(partial)
    try:
        export(partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        _discard(partial)
        raise
    return target


def _discard(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def rotate(folder: Path, keep: int) -> list[Path]:
    removed = backups(folder)[max(keep, 1) :]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def is_due(folder: Path, now: dt.datetime) -> bool:
    """True unless a backup was already made on ``now``'s day."""
    latest = backups(folder)
    return not (latest and latest[0].name.startswith(f"{PREFIX}{now:%Y%m%d}"))


def check_backup(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase or CorruptDatabase unless ``path`` is a sound backup."""
    conn = connect(path, passphrase)
    try:
        problems = integrity_problems(conn)
    finally:
        conn.close()
    if problems:
        raise CorruptDatabase(f"La sauvegarde {path.name} est endommagée ({problems[0]}) : restauration refusée.")


def restore(database: Path, backup: Path, passphrase: str, now: dt.datetime) -> Path | None:
    """Put ``backup`` in place of ``database``; return where the replaced database was kept."""
    check_backup(backup, passphrase)
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.avant-restauration-{now:%Y%m%d-%H%M%S}")
        os.replace(database, kept)
    for extra in ("-wal", "-shm"):
        side = database.with_name(database.name + extra)
        if side.exists():
            if kept is not None:
                os.replace(side, kept.with_name(kept.name + extra))
            else:
                side.unlink()
    partial = database.with_name(database.name + ".restauration")
    shutil.copyfile(backup, partial)
    os.chmod(partial, 0o600)
    os.replace(partial, database)
    return kept
