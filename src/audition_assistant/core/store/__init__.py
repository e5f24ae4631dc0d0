"""The encrypted store (SQLCipher through sqlite-utils)."""

from .cipher import WrongPassphrase
from .records import Case, ExportRecord, HearingRecord, Person, Profile
from .store import AuditReport, CorruptDatabase, Store, StoreError, StoreLocked

__all__ = [
    "AuditReport",
    "Case",
    "CorruptDatabase",
    "ExportRecord",
    "HearingRecord",
    "Person",
    "Profile",
    "Store",
    "StoreError",
    "StoreLocked",
    "WrongPassphrase",
]
