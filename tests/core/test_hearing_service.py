"""A hearing's jobs: each is one commit, and a failure in its middle leaves nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from audition_assistant.core import answers_file
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.store import Store, StoreError, StoreFull
from commits import commits
from disk import free_disk

ADULT = "audition-victime-majeure"
DEMO = Path(__file__).parents[2] / "resources" / "demo" / f"{ADULT}.json"
ANA = {"nom": "Ruiz", "prenoms": "Ana"}


def snapshot(store: Store) -> tuple[int, list, list]:
    """What a job could leave behind: the audit trail's length, the cases, every person and hearing."""
    persons = [p for c in store.cases() for p in store.persons(c.id)]
    hearings = [(h.id, store.answers(h.id), store.entries(h.id)) for c in store.cases() for h in store.hearings(c.id)]
    return len(store.audit_entries()), persons, hearings


@pytest.fixture
def adult(workspace):
    return workspace.catalog.get(ADULT)


@pytest.fixture
def case_id(store):
    return store.create_case("2026/000900", "Affaire c/ X")


@pytest.fixture
def service(workspace, adult, case_id):
    hearing_id = workspace.new_hearing(case_id, adult, identity=ANA, place="Lille")
    return HearingService(workspace, hearing_id)


def test_a_new_hearing_is_one_commit_and_its_subject_answer_is_the_person_heard(workspace, store, adult, case_id):
    with commits(store) as seen:
        hearing_id = workspace.new_hearing(case_id, adult, identity=ANA, pv_number="2026/000900/00001", place="Lille")
    assert len(seen) == 1
    person = store.person(store.hearing(hearing_id).person_id)
    answers = store.answers(hearing_id)
    assert person.identity == ANA and answers[adult.pv.subject] == ANA
    assert any(value == "Lille" for value in answers.values())  # the place, typed once


def test_a_new_hearing_of_a_known_person_starts_from_what_is_known_of_her(workspace, store, adult, case_id):
    person_id = store.add_person(case_id, {**ANA, "langues": "espagnol"})
    hearing_id = workspace.new_hearing(case_id, adult, person_id=person_id)
    assert store.answers(hearing_id)[adult.pv.subject] == {**ANA, "langues": "espagnol"}
    assert len(store.persons(case_id)) == 1


def test_a_new_hearing_failing_on_a_full_disk_after_the_person_leaves_neither(workspace, store, adult, case_id):
    """A real SQLITE_FULL: the base has room for the new person, not for her hearing."""
    conn = store._db.conn
    with pytest.raises(RuntimeError), store.transaction():  # how many pages the person alone takes
        store.add_person(case_id, ANA)
        room = conn.execute("PRAGMA page_count").fetchone()[0]
        raise RuntimeError("probe")
    before = snapshot(store)
    conn.execute(f"PRAGMA max_page_count = {room}")
    try:
        with pytest.raises(StoreFull):
            workspace.new_hearing(case_id, adult, identity=ANA, place="Lille")
    finally:
        free_disk(store)
    assert snapshot(store) == before
    assert store.verify_audit().ok


def test_a_typing_pause_is_one_commit(service, store):
    with commits(store) as seen:
        service.save_draft("Où dormiez-vous ?", "Dans un hôtel.")
    assert len(seen) == 1
    assert service.draft() == ("Où dormiez-vous ?", "Dans un hôtel.")


def test_an_entry_added_empties_the_draft_in_the_same_commit(service, store):
    service.save_draft("Où dormiez-vous ?", "Dans un hôtel.")
    with commits(store) as seen:
        service.add_entry(None, "Où dormiez-vous ?", "Dans un hôtel.")
    assert len(seen) == 1
    assert service.draft() == ("", "")
    assert [(e.question, e.answer) for e in service.view.transcript] == [("Où dormiez-vous ?", "Dans un hôtel.")]


def test_an_entry_whose_draft_cannot_be_emptied_is_not_added_either(service, store, monkeypatch):
    service.save_draft("Où dormiez-vous ?", "Dans un hôtel.")
    before = snapshot(store)
    real = store.save_draft

    def refused(hearing_id, question, answer):
        if not question and not answer:
            raise StoreFull("Disque plein")
        return real(hearing_id, question, answer)

    monkeypatch.setattr(store, "save_draft", refused)
    with pytest.raises(StoreFull):
        service.add_entry(None, "Où dormiez-vous ?", "Dans un hôtel.")
    monkeypatch.undo()
    assert snapshot(store) == before
    assert service.draft() == ("Où dormiez-vous ?", "Dans un hôtel.")  # the boxes come back with it


def test_the_person_heard_follows_her_identity_answer_in_the_same_commit(service, store, adult):
    new = {**ANA, "nom": "Ruiz Gómez", "langues": "espagnol, anglais"}
    with commits(store) as seen:
        filled = service.save_answer(adult.pv.subject, new, ANA)
    assert len(seen) == 1
    assert service.person().identity == new and service.person().display_name == "RUIZ GÓMEZ Ana"
    stored = store.answers(service.hearing_id)
    assert filled and all(stored[f] is not None and stored[f] == service.view.answers[f] for f in filled)


def test_an_identity_answer_whose_person_cannot_follow_is_not_kept_either(service, store, adult, monkeypatch):
    before = snapshot(store)

    def refused(*args, **kwargs):
        raise StoreError("La personne ne peut pas être modifiée.")

    monkeypatch.setattr(store, "update_person", refused)
    with pytest.raises(StoreError, match="ne peut pas"):
        service.save_answer(adult.pv.subject, {**ANA, "nom": "Gómez"}, ANA)
    monkeypatch.undo()
    assert snapshot(store) == before
    assert service.view.answers[adult.pv.subject] == ANA


def test_a_fill_is_one_commit_and_its_person_is_its_identity_answer(workspace, store, tmp_path):
    filled = answers_file.read(DEMO, workspace.catalog)
    with commits(store) as seen:
        hearing_id, _files = workspace.fill(filled, tmp_path / "documents")
    assert len(seen) == 1
    subject = filled.template.pv.subject
    person = store.person(store.hearing(hearing_id).person_id)
    assert person.identity == store.answers(hearing_id)[subject]
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("person_added") == 1 and "person_updated" not in actions
