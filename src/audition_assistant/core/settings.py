"""The application's settings: a typed model saved as JSON in the data folder.

Window geometry lives in QSettings (the UI's business); everything that
changes behaviour lives here, with its default declared once.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

FILE_NAME = "reglages.json"


@dataclass(frozen=True)
class Settings:
    idle_lock_minutes: int = 5  # 0 disables the idle lock
    backups_kept: int = 7

    def validated(self) -> Settings:
        return replace(
            self,
            idle_lock_minutes=max(0, min(int(self.idle_lock_minutes), 240)),
            backups_kept=max(1, min(int(self.backups_kept), 100)),
        )


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
    """Written to a temporary file, then renamed: never a half-written file."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".reglages-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(settings.validated()), handle, indent=2)
    os.replace(tmp, folder / FILE_NAME)
