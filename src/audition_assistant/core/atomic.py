"""Replacing a file so that a crash leaves either the old content or the new one, never a mix or nothing.

The new content is written to a temporary file in the same folder (a rename
is atomic only within one file system), flushed to the disk, then renamed
over the target; the folder itself is flushed last, so that the rename
survives a power cut too. The file is readable by its owner alone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".~aa-tmp-"  # a name no data file carries; left by a crash, removed by clean_temporaries


def replace_file(target: Path, write: Callable[[Path], None], *, sync_folder: bool = True) -> None:
    """Call ``write(temp)`` to fill a temporary file beside ``target``, then put it in ``target``'s place.

    ``write`` may create the file or write into the empty one given. On any
    error (or interruption) the temporary file is removed and ``target`` is
    left as it was. ``sync_folder=False`` spares the folder's flush for a file
    rewritten often whose loss at a power cut is itself detected (the audit anchor).
    """
    temp = target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}-{target.name}")
    try:
        temp.touch(mode=0o600)
        os.chmod(temp, 0o600)  # touch's mode is masked by the umask
        write(temp)
        os.chmod(temp, 0o600)
        fsync_file(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if sync_folder:
        fsync_folder(target.parent)


def write_bytes(target: Path, data: bytes, *, sync_folder: bool = True) -> None:
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    replace_file(target, write, sync_folder=sync_folder)


def copy_file(source: Path, target: Path) -> None:
    """``target`` becomes a durable copy of ``source`` (0600), replaced in one step."""

    def write(temp: Path) -> None:
        with source.open("rb") as reader, temp.open("wb") as writer:
            while chunk := reader.read(1 << 20):
                writer.write(chunk)

    replace_file(target, write)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename, a removal) durable; Windows has no such call and needs none."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a crash left in ``folder``; the caller holds the folder's lock."""
    removed = []
    if folder.is_dir():
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed
