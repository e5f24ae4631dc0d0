"""French procedural wording of dates and times."""

from __future__ import annotations

import datetime as dt

import pytest

from audition_assistant.core.export.french import date_in_words, date_long, number, time_in_words


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "zéro"),
        (1, "un"),
        (16, "seize"),
        (17, "dix-sept"),
        (21, "vingt-et-un"),
        (71, "soixante-et-onze"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (99, "quatre-vingt-dix-neuf"),
        (100, "cent"),
        (200, "deux-cents"),
        (201, "deux-cent-un"),
        (2026, "deux-mille-vingt-six"),
    ],
)
def test_number(n, words):
    assert number(n) == words


def test_dates_and_times():
    assert date_in_words(dt.date(2026, 3, 1)) == "L'an deux-mille-vingt-six, le premier mars"
    assert date_long(dt.date(2026, 3, 14)) == "samedi 14 mars 2026"
    assert time_in_words(dt.time(9, 5)) == "neuf heures cinq"
    assert time_in_words(dt.time(1, 0)) == "une heure"
    assert time_in_words(dt.time(12, 30)) == "midi trente"
    assert time_in_words(dt.time(0, 15)) == "minuit quinze"
