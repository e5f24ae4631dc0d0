"""What keeps the application's files and memory to its own user.

Every file the application makes is readable by its user alone (0600), every
folder it makes or keeps (the data folder, even one made before as 0755)
enterable by its user alone (0700): another account on a shared station
reads no database, lock, settings, export or backup. The process is made
non-dumpable (Linux): no core dump of it is written, and processes of the
same user that are not root can neither attach a debugger to it nor read its
memory through /proc, where the passphrase and the hearing texts pass.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import stat
import sys
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_UMASK = 0o077
_PR_GET_DUMPABLE, _PR_SET_DUMPABLE = 3, 4


def harden_process() -> None:
    """At start, before any file is made or secret typed: private new files, no core dump, no debugger."""
    os.umask(_UMASK)
    with contextlib.suppress(ImportError, ValueError, OSError):  # no resource module on Windows
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def dumpable() -> bool | None:
    """Whether the process may be dumped or traced (Linux), None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    return bool(ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0))


def private_folder(path: Path) -> Path:
    """``path`` made if missing, and open to its user alone whether new or not."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    tighten(path)
    return path


def tighten(path: Path) -> None:
    """Take group and others' rights off an existing file (0600) or folder (0700) of ours.

    Nothing to do on Windows (no such bits) or for someone else's file (a
    folder the user chose for exports on a shared drive is theirs to set).
    """
    if os.name != "posix":
        return
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
            return
        wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & wanted)
    except OSError:
        return


def create_private(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists; True when it was created."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        return False
    return True
