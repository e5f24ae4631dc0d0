"""Search: a word said in most statements gives the first cases at once and counts all of them."""

from __future__ import annotations

import pytest

from audition_assistant.core.store import search

CASES = 30
SAID = 25  # cases whose words match "passeports"


@pytest.fixture
def many(store, template, clock):
    """30 cases, one changed each minute; the word is said in 25 of them, in a statement or an answer."""
    numbers = []
    for index in range(CASES):
        clock.advance(minutes=1)
        number = f"2026/{index:06d}"
        case_id = store.create_case(number, f"Affaire n° {index}")
        person = store.add_person(case_id, {"nom": f"Nom{index}", "prenoms": "Ana"})
        hearing = store.create_hearing(case_id, person, template.source)
        if index < SAID and index % 2:
            store.add_entry(hearing, None, "Et vos papiers ?", "Il a pris nos passeports à l'arrivée.")
        elif index < SAID:
            store.set_answer(hearing, "notes", "Les passeports étaient gardés par la femme.")
        else:
            store.add_entry(hearing, None, "Où dormiez-vous ?", "Dans un appartement.")
        numbers.append(number)
    return numbers


@pytest.fixture(params=["mapped", "walked"])
def plan(request, monkeypatch):
    """Both ways of finding the cases: each hit mapped to its case, or the cases walked a batch at a time."""
    monkeypatch.setattr(search, "DIRECT_COST", 10**9 if request.param == "mapped" else 0)
    monkeypatch.setattr(search, "BATCH", 4)
    return request.param


def test_a_common_word_gives_the_first_cases_and_counts_them_all(store, many, plan):
    most_recent_first = many[:SAID][::-1]
    assert [c.procedure_number for c in store.search("passeports", limit=10)] == most_recent_first[:10]
    assert store.search_count("passeports") == SAID
    assert [c.procedure_number for c in store.search("passeports")] == most_recent_first


def test_the_count_goes_on_a_batch_at_a_time_after_the_first_results(store, many, plan):
    found = store.find("passe")
    first = found.first(3)
    assert [c.procedure_number for c in first] == many[SAID - 3 : SAID][::-1]
    # Mapped, every case is known at once; walked, the cases left are tested 4 at a time.
    assert found.done is (plan == "mapped")
    steps = 0
    while not found.step():
        steps += 1
    assert found.total == SAID
    assert steps == (0 if plan == "mapped" else (CASES - 8) // 4)


def test_archived_cases_are_left_out_before_the_cap(store, many, plan):
    archived = [c.id for c in store.search("passeports", limit=5)]
    for case_id in archived:
        store.set_case_status(case_id, "archived")
    shown = store.search("passeports", limit=5, statuses=("open", "closed"))
    assert len(shown) == 5 and not {c.id for c in shown} & set(archived)
    assert store.search_count("passeports", statuses=("open", "closed")) == SAID - 5
    assert store.search_count("passeports") == SAID
