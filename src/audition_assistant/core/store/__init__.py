"""The encrypted store (SQLCipher through sqlite-utils)."""

from .cipher import WrongPassphrase
from .records import Case, ExportRecord, HearingRecord, Person, Profile
from .store import Store, StoreError

__all__ = [
    "Case",
    "ExportRecord",
    "HearingRecord",
    "Person",
    "Profile",
    "Store",
    "StoreError",
    "WrongPassphrase",
]
