"""A full disk is said as such (StoreFull), the write leaves nothing half-done, and works again once room is made."""

from __future__ import annotations

import pytest

from audition_assistant.core.store import StoreError, StoreFull
from disk import fill_disk, free_disk
from hearings import make_hearing


def test_a_full_disk_is_store_full_and_the_write_can_be_made_once_space_returns(workspace):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    store.set_answer(hearing_id, "lieu_audition", "Lille")
    entries_before = len(store.audit_entries())
    fill_disk(store)
    entries_full = len(store.audit_entries())
    with pytest.raises(StoreFull) as raised:
        store.set_answer(hearing_id, "lieu_audition", "Lille, commissariat central")
    assert isinstance(raised.value, StoreError)
    assert str(raised.value) == "Disque plein\u00a0: l'enregistrement a échoué. Libérez de la place sur le disque."
    with pytest.raises(StoreFull):
        store.add_entry(hearing_id, None, "Où logiez-vous ?", "Dans un hôtel.")
    assert store.answers(hearing_id)["lieu_audition"] == "Lille"  # nothing half-written
    assert store.entries(hearing_id) == []
    assert len(store.audit_entries()) == entries_full > entries_before
    free_disk(store)
    store.set_answer(hearing_id, "lieu_audition", "Lille, commissariat central")
    assert store.answers(hearing_id)["lieu_audition"] == "Lille, commissariat central"
    assert store.verify_audit().ok
