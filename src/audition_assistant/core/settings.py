"""The application's settings: a typed model saved as JSON in the data folder.

Window geometry lives in QSettings (the UI's business); everything that
changes behaviour lives here, with its default declared once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from . import atomic
from .export import formats
from .private import private_folder

FILE_NAME = "reglages.json"


@dataclass(frozen=True)
class Settings:
    idle_lock_minutes: int = 5  # 0 disables the idle lock
    backups_kept: int = 7
    # Exported file names carry the person's name (never for a password-protected export):
    # names show in folder listings, USB keys' directories and recent-files lists.
    identity_in_file_names: bool = False
    # The formats the export dialog ticks; empty: those of the profile's force (formats.default_formats).
    export_formats: tuple[str, ...] = ()

    def validated(self) -> Settings:
        return replace(
            self,
            idle_lock_minutes=max(0, min(int(self.idle_lock_minutes), 240)),
            backups_kept=max(1, min(int(self.backups_kept), 100)),
            identity_in_file_names=self.identity_in_file_names is True,
            export_formats=_formats(self.export_formats),
        )


def _formats(value: Any) -> tuple[str, ...]:
    """The saved formats, or none (the force's) when the file holds anything else."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return ()
    try:
        return formats.ordered(value) if value else ()
    except formats.FormatError:
        return ()


def load(folder: Path) -> Settings:
    """The saved settings; a missing or damaged file gives the defaults."""
    try:
        data: Any = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    try:
        return Settings(**{k: v for k, v in data.items() if k in known}).validated()
    except (TypeError, ValueError):
        return Settings()


def save(folder: Path, settings: Settings) -> None:
    """Written to a private temporary file (0600), flushed to disk, renamed, the folder flushed.

    Never a half-written file, and a crash just after the save keeps the new
    settings, not an empty file the rename pointed to before its data reached the disk.
    """
    private_folder(folder)
    atomic.write_bytes(folder / FILE_NAME, json.dumps(asdict(settings.validated()), indent=2).encode("utf-8"))
