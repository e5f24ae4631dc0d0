"""A hearing made in the store as the application makes one: a case, its person, the template's hearing."""

from __future__ import annotations

from typing import Any

ADULT = "audition-victime-majeure"


def make_hearing(
    workspace: Any,
    answers: dict[str, Any] | None = None,
    *,
    procedure: str = "2026/000900",
    person: dict[str, str] | None = None,
    template: str = ADULT,
) -> int:
    """The new hearing's id, with ``answers`` given (field id to value)."""
    store = workspace.store
    case_id = store.create_case(procedure, "Affaire c/ X")
    person_id = store.add_person(case_id, {"nom": "Ruiz", "prenoms": "Ana"} if person is None else person)
    hearing_id = workspace.start_hearing(case_id, person_id, workspace.catalog.get(template))
    for field_id, value in (answers or {}).items():
        store.set_answer(hearing_id, field_id, value)
    return hearing_id
