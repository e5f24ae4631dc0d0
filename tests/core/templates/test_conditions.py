"""Conditions are data, evaluated by one small function."""

from __future__ import annotations

import pytest

from audition_assistant.core.templates import conditions

VALUES = {
    "cadre": "flagrance",
    "age": 16,
    "lieux": ["hotel", "appartement"],
    "victime.nationalite": "Colombienne",
    "vide": "   ",
    "oui": True,
}


def holds(condition) -> bool:
    if condition is not None:  # "no condition" is not checked, only evaluated
        assert list(conditions.check(condition, "c")) == []
    return conditions.evaluate(condition, VALUES.get)


@pytest.mark.parametrize(
    "condition, expected",
    [
        ({"field": "cadre", "equals": "flagrance"}, True),
        ({"field": "cadre", "equals": "FLAGRANCE "}, True),
        ({"field": "cadre", "equals": "preliminaire"}, False),
        ({"field": "cadre", "in": ["preliminaire", "flagrance"]}, True),
        ({"field": "lieux", "equals": "hotel"}, True),
        ({"field": "lieux", "in": ["voie_publique"]}, False),
        ({"field": "vide", "is_set": True}, False),
        ({"field": "vide", "is_set": False}, True),
        ({"field": "absent", "is_set": False}, True),
        ({"field": "age", "less_than": 18}, True),
        ({"field": "age", "at_least": 18}, False),
        ({"field": "absent", "less_than": 18}, False),
        ({"field": "oui", "equals": True}, True),
        ({"all": [{"field": "age", "less_than": 18}, {"field": "cadre", "equals": "flagrance"}]}, True),
        ({"all": [{"field": "age", "less_than": 18}, {"field": "oui", "equals": False}]}, False),
        ({"any": [{"field": "age", "at_least": 18}, {"field": "oui", "equals": True}]}, True),
        ({"not": {"field": "victime.nationalite", "equals": "colombienne"}}, False),
        (None, True),
    ],
)
def test_evaluate(condition, expected):
    assert holds(condition) is expected


def test_references_lists_every_field_read():
    condition = {"all": [{"field": "a", "equals": 1}, {"not": {"any": [{"field": "b.c", "is_set": True}]}}]}
    assert list(conditions.references(condition)) == ["a", "b.c"]


def test_too_deep_nesting_is_a_problem_not_a_crash():
    condition: dict = {"field": "a", "equals": 1}
    for _ in range(200):
        condition = {"not": condition}
    problems = list(conditions.check(condition, "show_if"))
    assert problems and "trop profondément" in problems[0][1]


@pytest.mark.parametrize(
    "condition, message",
    [
        ("cadre == 'x'", "une condition doit être un ensemble clé : valeur"),
        ({"equals": 1}, "condition sans « field »"),
        ({"field": "a", "in": []}, "une liste non vide de valeurs est attendue"),
        ({"field": "a", "is_set": "oui"}, "true ou false est attendu"),
        ({"field": "a", "less_than": True}, "un nombre est attendu"),
        ({"field": "a", "equals": [1]}, "une valeur simple"),
        ({"field": "a", "equals": 1, "in": [1]}, "une seule comparaison attendue"),
    ],
)
def test_check_explains_bad_grammar(condition, message):
    problems = list(conditions.check(condition, "show_if"))
    assert problems and message in problems[0][1]


def test_fields_named_are_the_fields_a_condition_reads_not_its_values_or_longer_names():
    condition = {
        "all": [
            {"field": "cadre_saisine", "equals": "cadre"},
            {"not": {"field": "victime.nationalite", "in": ["française"]}},
            {"any": [{"field": "age", "less_than": 18}, {"field": "mineure", "is_set": True}]},
        ]
    }
    assert conditions.fields_named(condition) == {"cadre_saisine", "victime", "age", "mineure"}
    assert "cadre" not in conditions.fields_named(condition)
    assert conditions.fields_named({"field": "cadre", "equals": "flagrance"}) == {"cadre"}
    assert conditions.fields_named(None) == set()
