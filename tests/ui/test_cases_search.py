"""The cases page caps a search's list and says how many cases match, in French."""

from __future__ import annotations

import pytest

from audition_assistant.core.store import search
from audition_assistant.ui import cases_page
from keyboard import type_into


@pytest.fixture
def said_in_seven(gui_workspace, clock):
    """Seven cases where the word was said, one without it; one changed each minute."""
    store = gui_workspace.store
    template = gui_workspace.catalog.get("audition-victime-majeure")
    numbers = []
    for index in range(8):
        clock.advance(minutes=1)
        case_id = store.create_case(f"2026/{index:06d}", f"Affaire n° {index}")
        person = store.add_person(case_id, {"nom": f"Nom{index}", "prenoms": "Ana"})
        hearing = gui_workspace.start_hearing(case_id, person, template)
        answer = "Il a pris nos passeports." if index < 7 else "Je ne sais pas."
        store.add_entry(hearing, None, "Et vos papiers ?", answer)
        numbers.append(f"2026/{index:06d}")
    return numbers[:7]


@pytest.mark.parametrize("walked", [False, True], ids=["mapped", "walked"])
def test_a_common_word_lists_the_first_cases_and_says_how_many_match(qtbot, monkeypatch, window, said_in_seven, walked):
    monkeypatch.setattr(cases_page, "SHOWN", 3)
    monkeypatch.setattr(search, "DIRECT_COST", 0 if walked else 10**9)
    monkeypatch.setattr(search, "BATCH", 2)
    page = window.cases
    window.focus_search()
    type_into(page.search, "passeports")
    qtbot.waitUntil(lambda: "sur 7" in page.found.text())
    shown = [page.model.case_at(row).procedure_number for row in range(page.model.rowCount())]
    assert shown == said_in_seven[::-1][:3]  # the most recently changed first
    assert page.found.isVisible()
    assert page.found.text() == (
        "Les 3 premiers résultats sur 7, les plus récemment modifiés\u00a0: "
        "précisez la recherche pour trouver les autres."
    )
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 8)
    assert not page.found.isVisible()


def test_a_search_says_how_many_cases_it_found_when_all_are_shown(qtbot, window, said_in_seven):
    page = window.cases
    window.focus_search()
    type_into(page.search, "passeports")
    qtbot.waitUntil(lambda: page.model.rowCount() == 7)
    assert page.found.text() == "7 dossiers trouvés."
    type_into(page.search, " introuvable")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.found.text() == "Aucun dossier ne correspond à la recherche."


def test_thousands_are_written_the_french_way():
    assert cases_page.found_text(100, 4177) == (
        "Les 100 premiers résultats sur 4\u202f177, les plus récemment modifiés\u00a0: "
        "précisez la recherche pour trouver les autres."
    )
    assert cases_page.found_text(100, None) == "Les 100 premiers résultats\u00a0; décompte des autres en cours…"
    assert cases_page.found_text(1, 1) == "1 dossier trouvé."
