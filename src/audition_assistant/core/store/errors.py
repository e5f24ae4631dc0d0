"""What the store raises; the messages are French, for the user.

Kept apart from the store so that the first window can name them without
loading sqlite-utils and SQLCipher.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError


class StoreError(UserError):
    """A request the store cannot honour; the message is French."""


class StoreLocked(StoreError):
    """The session is locked: the database is closed until the passphrase is given again."""


class CorruptDatabase(StoreError):
    """The file opens with the passphrase but fails its integrity check."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full: nothing of the write was saved, and it may be tried again."""


class WrongPassphrase(UserError):
    """The passphrase does not open this database (or the file is not one).

    The message is the user's; ``detail`` keeps the driver's own words.
    """

    def __init__(self, detail: str = ""):
        super().__init__(
            "La phrase secrète n'ouvre pas cette base (ou ce fichier n'est pas une base de l'application)."
        )
        self.detail = detail


# SQLite's result codes for a file that is not (or no longer) a sound database, and for a full disk.
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 11, 13, 26
FULL_MESSAGE = "Disque plein\u00a0: l'enregistrement a échoué. Libérez de la place sur le disque."


def is_damage(error: BaseException) -> bool:
    """Whether a driver error says the database file itself is damaged (a page unreadable)."""
    code = int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    return isinstance(error, CorruptDatabase) or code in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def is_full(error: BaseException) -> bool:
    """Whether a driver error says the disk is full (SQLITE_FULL): the write may succeed once space is freed."""
    code = int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    return isinstance(error, StoreFull) or code == _SQLITE_FULL


def corrupt_message(path: Path, problem: str) -> str:
    """What an investigator is told when the database fails its check."""
    return f"La base {path.name} est endommagée ({problem}). Restaurez la dernière sauvegarde."


class ReasonRequired(StoreError):
    """A change to a closed hearing, its person or its case, asked for without its reason."""


class NotFound(StoreError):
    """The case, person, hearing or question asked for does not exist (or no longer does)."""
