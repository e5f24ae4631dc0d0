"""Safe file names and crash-safe, never-overwriting writes."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

from .. import atomic
from ..errors import UserError
from ..text import clean

# Windows refuses these names whatever the extension ("CON.docx", "aux.txt").
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_STEM = 120  # well under Windows' 255 per name and the 260 of a whole path
# Linux and macOS count a name's limit (255) in bytes: 120 Chinese characters
# or emoji are 360 to 480 bytes of UTF-8. Room is left for " (999)" and the suffix.
MAX_STEM_BYTES = 200
# A document being written lives under this hidden name until it is complete (see write_new).
TEMP_PREFIX = ".~aa-"
# A temporary copy older than this is a leftover of an export that was killed: one being written is younger.
LEFTOVER_SECONDS = 60


class ExportError(UserError):
    """A document could not be written; the message is French."""


class TextNotWritable(ExportError):
    """One format cannot carry characters of the text (a PDF's font); the other formats can."""


def safe_filename(parts: tuple[str, ...] | list[str], suffix: str = ".docx") -> str:
    """A file name that is valid on Windows, macOS and Linux, built from ``parts``."""
    stem = "_".join(p for p in (_safe_part(str(p)) for p in parts) if p) or "document"
    stem = stem[:MAX_STEM].encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore")
    stem = stem.rstrip(" ._") or "document"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def _safe_part(part: str) -> str:
    text = unicodedata.normalize("NFC", clean(part))  # no lone surrogate: it cannot be a file name
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text.replace(" ", "_")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as a new file in ``folder``; never overwrite, never leave half a file.

    The bytes go to a temporary file that is flushed to disk, then linked to
    its final name, which fails if that name exists (the folder is flushed too,
    so that the name survives a power cut); " (2)", " (3)"... is
    added until a free name is found. A crash leaves at most a temporary
    ``.~aa-*`` file (readable by its user alone, 0600), never a truncated
    document under its final name; such leftovers in ``folder`` are removed
    first (and at each start, in the folders the application knows).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise ExportError(f"Impossible de créer le dossier d'export {folder} : {_reason(error)}") from error
    remove_leftovers(folder)
    stem, suffix = os.path.splitext(name)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)  # always 0600
    except OSError as error:
        raise ExportError(
            f"Le dossier d'export {folder} n'est pas accessible en écriture : {_reason(error)}"
        ) from error
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        for attempt in range(1, 1000):
            candidate = folder / (name if attempt == 1 else f"{stem} ({attempt}){suffix}")
            if _claim(tmp, candidate):
                atomic.fsync_folder(folder)  # the new name survives a power cut, as atomic's writes do
                return candidate
        raise ExportError(f"Trop de fichiers nommés « {name} » dans {folder}.")
    except OSError as error:
        raise ExportError(f"Écriture impossible dans {folder} : {_reason(error)}") from error
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def remove_leftovers(folder: Path, older_than: float = LEFTOVER_SECONDS) -> int:
    """Delete the temporary copies killed exports left in ``folder``; returns how many.

    They are whole or partial documents in clear under a hidden name, that
    nothing else would ever remove. Only copies older than ``older_than``
    seconds go: a younger one may be an export still being written. Never
    raises: a folder that is gone or unreadable is left as it is.
    """
    limit = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _claim(tmp: Path, target: Path) -> bool:
    """Give ``tmp``'s content the name ``target`` unless that name is taken."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        # File systems without hard links (FAT/exFAT USB keys): check, then
        # rename; the window between the two is acceptable for a single user.
        if target.exists():
            return False
        os.replace(tmp, target)
        return True


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "disque plein"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "accès refusé (dossier en lecture seule ?)"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return "un fichier porte déjà ce nom, ou celui d'un des dossiers du chemin"
    return error.strerror or str(error)
