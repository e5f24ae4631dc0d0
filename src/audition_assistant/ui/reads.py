"""Consultations logged before they are shown: a hearing opened, a document previewed, a search made.

A read that cannot be written to the audit trail (a full disk, a store
locked meanwhile) is not shown: the window says why instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.store.errors import StoreError

if TYPE_CHECKING:
    from ..core.store import Store

NOT_LOGGED = "La consultation n'a pas pu être inscrite au journal d'audit\u00a0: {e}"


def logged(
    store: Store, action: str, *, case_id: int | None = None, hearing_id: int | None = None, **detail: Any
) -> str:
    """Log one read; "" once it is in the trail, else what to say (French) in place of what was to be shown."""
    try:
        store.record_read(action, case_id=case_id, hearing_id=hearing_id, **detail)
    except StoreError as error:
        return NOT_LOGGED.format(e=error)
    return ""
