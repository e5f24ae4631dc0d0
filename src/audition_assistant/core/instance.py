"""One application at a time per data folder.

Two programs writing the same database would not corrupt it (SQLite locks),
but a restore, a passphrase change or two investigators editing the same
hearing from two windows would surprise. The lock is an OS file lock, so it
disappears with the process, even after a crash.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from .errors import UserError
from .private import FILE_MODE, private_folder, tighten


class FolderBusy(UserError):
    """Another instance has this data folder open; the message is French."""


class FolderLock:
    def __init__(self, folder: Path):
        self.path = folder / ".verrou"
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        private_folder(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        tighten(self.path)  # made before as 0644
        handle = open(fd, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise FolderBusy(
                f"L'Assistant d'audition est déjà ouvert sur ce dossier de données ({self.path.parent}). "
                "Utilisez la fenêtre déjà ouverte, ou fermez-la avant de recommencer."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
