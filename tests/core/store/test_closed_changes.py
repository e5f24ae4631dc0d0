"""A closed hearing, its person and its case change only with a reason, and the trail keeps it."""

from __future__ import annotations

import pytest

from audition_assistant.core.store import StoreError
from audition_assistant.core.store.errors import ReasonRequired
from audition_assistant.core.timeline import TimelineEvent


@pytest.fixture
def closed(store, template, clock):
    """(case, person, hearing): a hearing of Ana Ruiz, started and closed."""
    case_id = store.create_case("2026/000777", "Affaire c/ X", "BPF", "Traite")
    person_id = store.add_person(case_id, {"nom": "Ruiz", "prenoms": "Ana"})
    hearing_id = store.create_hearing(case_id, person_id, template.source, "2026/000777/00001", "Lyon")
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    return case_id, person_id, hearing_id


def last(store):
    entry = store.audit_entries()[-1]
    return entry.action, entry.detail


def test_a_case_with_a_closed_hearing_changes_only_with_a_reason(store, closed):
    case_id, _person, _hearing = closed
    entries = len(store.audit_entries())
    store.update_case(case_id, heading="Affaire c/ X", qualification="Traite")  # confirmed unchanged
    assert len(store.audit_entries()) == entries
    with pytest.raises(ReasonRequired, match="audition close : indiquez le motif"):
        store.update_case(case_id, qualification="Proxénétisme aggravé")
    with pytest.raises(ReasonRequired):
        store.update_case(case_id, qualification="Proxénétisme aggravé", reason="   ")
    assert store.case(case_id).qualification == "Traite"
    store.update_case(case_id, qualification="Proxénétisme aggravé", reason="Requalification du parquet")
    assert store.case(case_id).qualification == "Proxénétisme aggravé"
    assert last(store) == (
        "case_updated",
        {
            "changes": {"qualification": "Proxénétisme aggravé"},
            "old": {"qualification": "Traite"},
            "reason": "Requalification du parquet",
        },
    )


def test_a_case_with_a_closed_hearing_is_closed_or_archived_only_with_a_reason(store, closed):
    case_id, _person, _hearing = closed
    with pytest.raises(ReasonRequired, match="motif"):
        store.set_case_status(case_id, "archived")
    assert store.case(case_id).status == "open"
    store.set_case_status(case_id, "archived", reason="Procédure transmise au parquet")
    assert store.case(case_id).status == "archived"
    assert last(store) == ("case_status", {"status": "archived", "reason": "Procédure transmise au parquet"})


def test_a_case_without_a_closed_hearing_changes_freely_and_is_audited(store, template):
    case_id = store.create_case("2026/000778", "Avant")
    person_id = store.add_person(case_id, {"nom": "Ruiz"})
    store.create_hearing(case_id, person_id, template.source)
    store.update_case(case_id, heading="Après")
    assert last(store) == ("case_updated", {"changes": {"heading": "Après"}, "old": {"heading": "Avant"}})
    store.set_case_status(case_id, "closed")
    assert last(store) == ("case_status", {"status": "closed"})


def test_the_person_of_a_closed_hearing_changes_only_with_a_reason(store, closed, template):
    case_id, person_id, hearing_id = closed
    with pytest.raises(ReasonRequired, match="entendue dans une audition close"):
        store.update_person(person_id, {"nom": "Ruiz", "prenoms": "Anna"})
    with pytest.raises(ReasonRequired):  # the closed hearing's answers say nothing any more
        store.update_person(person_id, {"nom": "Ruiz", "prenoms": "Anna"}, hearing_id=hearing_id)
    assert store.person(person_id).identity == {"nom": "Ruiz", "prenoms": "Ana"}
    store.update_person(person_id, {"nom": "Ruiz", "prenoms": "Anna"}, reason="Erreur de frappe sur le prénom")
    assert store.person(person_id).display_name == "RUIZ Anna"
    assert last(store) == (
        "person_updated",
        {
            "person_id": person_id,
            "old": {"nom": "Ruiz", "prenoms": "Ana"},
            "new": {"nom": "Ruiz", "prenoms": "Anna"},
            "reason": "Erreur de frappe sur le prénom",
        },
    )
    # Heard again: the identity she gives in the new hearing updates her without a separate reason.
    again = store.create_hearing(case_id, person_id, template.source, "2026/000777/00002")
    store.update_person(person_id, {"nom": "Ruiz", "prenoms": "Anna Maria"}, hearing_id=again)
    assert last(store)[1]["audition"] == again


def test_a_closed_hearing_keeps_its_number_and_place_and_open_ones_are_audited(store, closed, template):
    case_id, person_id, hearing_id = closed
    for change in ({"pv_number": "2026/000777/99999"}, {"place": "Paris"}):
        with pytest.raises(StoreError, match="close"):
            store.update_hearing(hearing_id, **change)
    entries = len(store.audit_entries())
    store.update_hearing(hearing_id, current_section="cloture")  # where the screen was, not what the PV says
    assert len(store.audit_entries()) == entries
    draft = store.create_hearing(case_id, person_id, template.source, "2026/000777/00003", "Lyon")
    store.update_hearing(draft, place="Villeurbanne")
    assert last(store) == ("hearing_updated", {"old": {"place": "Lyon"}, "new": {"place": "Villeurbanne"}})
    assert store.verify_audit(replay=True).ok
