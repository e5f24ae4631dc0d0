"""Where the application keeps its data.

The data folder comes, in order, from ``--data-dir``, the
``AUDITION_ASSISTANT_DATA_DIR`` variable, or appdirs' per-user data folder;
tests and a portable USB setup thus never touch the real profile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import appdirs

from .private import private_folder, tighten

APP_NAME = "AuditionAssistant"
# What the application keeps in the data folder besides the database and the files named after it.
OWN_NAMES = frozenset({".verrou", "reglages.json", "fenetres.ini", "sauvegardes", "exports", "paquets"})
ENV_DATA_DIR = "AUDITION_ASSISTANT_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    root: Path
    # Where documents go unless a case names its own folder.
    export_root: Path | None = None

    @property
    def database(self) -> Path:
        return self.root / "audition-assistant.db"

    @property
    def templates(self) -> Path:
        """Locally added templates (override bundled ones of the same id)."""
        return self.root / "templates"

    @property
    def models(self) -> Path:
        """Locally added Word models (override bundled ones with the same file name)."""
        return self.root / "models"

    @property
    def notices(self) -> Path:
        """Locally added or corrected notice translations (``<notice>/<language>.yaml``)."""
        return self.root / "notices"

    @property
    def packs(self) -> Path:
        """The signed manifests of the installed template packs: who signed which local file."""
        return self.root / "paquets"

    @property
    def exports(self) -> Path:
        return self.export_root or self.root / "exports"

    def ensure(self) -> None:
        """The folders made, and the data folder kept to its user, even one made before by hand as 0755.

        Only the application's own files and folders are tightened: a data
        folder chosen with ``--data-dir`` may hold the user's other files.
        """
        for folder in (self.root, self.templates, self.models, self.notices):
            private_folder(folder)
        for kept in self.root.iterdir():
            if kept.name in OWN_NAMES or kept.name.startswith(self.database.name):  # its -wal, -shm, copies
                tighten(kept)


def resolve(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder; with the default one, documents go to the user's Documents folder.

    An explicit folder (portable USB setup, tests) keeps its exports inside
    itself, so nothing is written elsewhere on the machine.
    """
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return DataPaths(Path(chosen).expanduser().resolve())
    documents = Path.home() / "Documents"
    export_root = documents / "Assistant d'audition" if documents.is_dir() else None
    return DataPaths(Path(appdirs.user_data_dir(APP_NAME, False)), export_root)
