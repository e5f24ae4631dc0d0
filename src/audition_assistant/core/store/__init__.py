"""The encrypted store (SQLCipher through sqlite-utils).

The errors and records load at once; the store itself, with sqlite-utils and
SQLCipher, on first use: the first window names the errors without paying for
the database modules, which load while the passphrase is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import CorruptDatabase, NotFound, StoreError, StoreFull, StoreLocked, WrongPassphrase
from .records import Case, Contact, ExportRecord, HearingRecord, Person, Profile, Supplement

if TYPE_CHECKING:
    from .audit import AuditReport
    from .store import Store

_LAZY = {"AuditReport", "Store"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AuditReport",
    "Case",
    "Contact",
    "CorruptDatabase",
    "ExportRecord",
    "HearingRecord",
    "NotFound",
    "Person",
    "Profile",
    "Store",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "Supplement",
    "WrongPassphrase",
]
