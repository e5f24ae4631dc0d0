"""The copies of the database made before a migration, beside it, named for the user and the restore command to find.

``<database>.avant-migration-NNN``, NNN the number of the first migration
applied after the copy was made; encrypted as the database was (a passphrase
change re-encrypts them with the backups). Light: the backups' code names
them without loading the database modules.
"""

from __future__ import annotations

import re
from pathlib import Path

MIGRATION_COPY_MARK = ".avant-migration-"


def migration_copy(path: Path, migration: str) -> Path:
    """Where the copy made before ``migration`` (``m008_drafts``) is kept: ``<database>.avant-migration-008``."""
    found = re.match(r"m(\d+)", migration)
    number = found[1] if found else migration
    return path.with_name(f"{path.name}{MIGRATION_COPY_MARK}{number}")


def migration_copies(path: Path) -> list[Path]:
    """The copies made before migrations, beside the database, oldest first."""
    found = path.parent.glob(f"{path.name}{MIGRATION_COPY_MARK}*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal", ".comptes")))
