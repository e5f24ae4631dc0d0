"""A record that does not exist is said in French, as a store error: no library exception leaks out."""

from __future__ import annotations

import pytest

from audition_assistant.core.store import NotFound, StoreError


@pytest.fixture
def hearing(store, template):
    case_id = store.create_case("2026/000470", "Affaire c/ X")
    person_id = store.add_person(case_id, {"nom": "Moreno", "prenoms": "Elena"})
    return store.create_hearing(case_id, person_id, template.source, "2026/000470/00001", "Lyon")


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda s, h: s.person(999), "Personne n° 999 introuvable."),
        (lambda s, h: s.update_person(999, {"nom": "Moreno"}), "Personne n° 999 introuvable."),
        (lambda s, h: s.update_entry(999, question="Où ?"), "Question n° 999 introuvable."),
        (lambda s, h: s.delete_entry(999), "Question n° 999 introuvable."),
        (lambda s, h: s.move_entry(999, 0), "Question n° 999 introuvable."),
        (lambda s, h: s.hearing(999), "Audition n° 999 introuvable."),
        (lambda s, h: s.hearing_status(999), "Audition n° 999 introuvable."),
        (lambda s, h: s.case(999), "Dossier n° 999 introuvable."),
    ],
)
def test_a_missing_record_is_a_store_error_in_french(store, hearing, call, said):
    with pytest.raises(NotFound) as raised:
        call(store, hearing)
    assert isinstance(raised.value, StoreError)
    assert str(raised.value) == said.replace(" :", "\u00a0:")


def test_the_store_is_unchanged_after_a_missing_record(store, hearing):
    before = len(store.audit_entries())
    with pytest.raises(NotFound):
        store.update_entry(12345, answer="Rien")
    assert len(store.audit_entries()) == before and store.verify_audit(replay=True).ok
