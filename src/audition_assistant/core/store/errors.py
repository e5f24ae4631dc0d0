"""What the store raises; the messages are French, for the user.

Kept apart from the store so that the first window can name them without
loading sqlite-utils and SQLCipher.
"""

from __future__ import annotations


class StoreError(Exception):
    """A request the store cannot honour; the message is French."""


class StoreLocked(StoreError):
    """The session is locked: the database is closed until the passphrase is given again."""


class CorruptDatabase(StoreError):
    """The file opens with the passphrase but fails its integrity check."""


class WrongPassphrase(Exception):
    """The passphrase does not open this database (or the file is not one)."""
