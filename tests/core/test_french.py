"""French procedural wording of dates and times, against rules written here independently.

The expected words come from a literal table of 0..99 written out by hand
and the few composition rules of traditional spelling; nothing here calls the
code's helpers.
"""

from __future__ import annotations

import datetime as dt

import pytest

from audition_assistant.core import french
from audition_assistant.core.french import date_in_words, date_long, number, time_in_words

# 0..99, traditional spelling, written out one by one (not computed), ten to a row.
TABLE = (
    "zéro", "un", "deux", "trois", "quatre",
    "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze",
    "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
    "vingt", "vingt et un", "vingt-deux", "vingt-trois", "vingt-quatre",
    "vingt-cinq", "vingt-six", "vingt-sept", "vingt-huit", "vingt-neuf",
    "trente", "trente et un", "trente-deux", "trente-trois", "trente-quatre",
    "trente-cinq", "trente-six", "trente-sept", "trente-huit", "trente-neuf",
    "quarante", "quarante et un", "quarante-deux", "quarante-trois", "quarante-quatre",
    "quarante-cinq", "quarante-six", "quarante-sept", "quarante-huit", "quarante-neuf",
    "cinquante", "cinquante et un", "cinquante-deux", "cinquante-trois", "cinquante-quatre",
    "cinquante-cinq", "cinquante-six", "cinquante-sept", "cinquante-huit", "cinquante-neuf",
    "soixante", "soixante et un", "soixante-deux", "soixante-trois", "soixante-quatre",
    "soixante-cinq", "soixante-six", "soixante-sept", "soixante-huit", "soixante-neuf",
    "soixante-dix", "soixante et onze", "soixante-douze", "soixante-treize", "soixante-quatorze",
    "soixante-quinze", "soixante-seize", "soixante-dix-sept", "soixante-dix-huit", "soixante-dix-neuf",
    "quatre-vingts", "quatre-vingt-un", "quatre-vingt-deux", "quatre-vingt-trois", "quatre-vingt-quatre",
    "quatre-vingt-cinq", "quatre-vingt-six", "quatre-vingt-sept", "quatre-vingt-huit", "quatre-vingt-neuf",
    "quatre-vingt-dix", "quatre-vingt-onze", "quatre-vingt-douze", "quatre-vingt-treize", "quatre-vingt-quatorze",
    "quatre-vingt-quinze", "quatre-vingt-seize", "quatre-vingt-dix-sept", "quatre-vingt-dix-huit",
    "quatre-vingt-dix-neuf",
)  # fmt: skip
assert len(TABLE) == 100

# The feminine forms hours and minutes take, written out: only the "un" endings change.
FEMININE = {1: "une", 21: "vingt et une", 31: "trente et une", 41: "quarante et une", 51: "cinquante et une"}
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def expected_number(n: int) -> str:
    """1..9999: thousands ("mille" invariable), hundreds ("cents" only when last), then the table."""
    thousands, rest = divmod(n, 1000)
    hundreds, units = divmod(rest, 100)
    words = []
    if thousands == 1:
        words.append("mille")
    elif thousands > 1:
        words += [TABLE[thousands], "mille"]
    if hundreds == 1:
        words.append("cent")
    elif hundreds > 1:
        words += [TABLE[hundreds], "cents" if units == 0 else "cent"]
    if units or not words:
        words.append(TABLE[units])
    return " ".join(words)


def expected_time(hours: int, minutes: int) -> str:
    head = "zéro heure" if hours == 0 else f"{FEMININE.get(hours, TABLE[hours])} heure{'s' if hours > 1 else ''}"
    return head if minutes == 0 else f"{head} {FEMININE.get(minutes, TABLE[minutes])}"


def test_the_independent_table_spells_as_the_issue_asks():
    assert expected_time(21, 5) == "vingt et une heures cinq"
    assert expected_time(13, 1) == "treize heures une"
    assert expected_number(2026) == "deux mille vingt-six"


def test_every_minute_of_the_day_in_words():
    wrong = [
        (h, m, time_in_words(dt.time(h, m)), expected_time(h, m))
        for h in range(24)
        for m in range(60)
        if time_in_words(dt.time(h, m)) != expected_time(h, m)
    ]
    assert wrong == []
    assert sum(1 for h in range(24) for m in range(60)) == 1440


@pytest.mark.parametrize(
    "hours, minutes, words",
    [
        (21, 5, "vingt et une heures cinq"),
        (13, 1, "treize heures une"),
        (1, 1, "une heure une"),
        (21, 21, "vingt et une heures vingt et une"),
        (0, 0, "zéro heure"),
        (0, 5, "zéro heure cinq"),
        (12, 0, "douze heures"),
        (12, 30, "douze heures trente"),
        (9, 5, "neuf heures cinq"),
        (11, 11, "onze heures onze"),
        (23, 59, "vingt-trois heures cinquante-neuf"),
    ],
)
def test_times_named_in_the_issue(hours, minutes, words):
    assert time_in_words(dt.time(hours, minutes)) == words
    assert time_in_words(dt.datetime(2026, 3, 14, hours, minutes)) == words


def test_every_day_of_2000_to_2099_in_words():
    day, wrong = dt.date(2000, 1, 1), []
    while day.year < 2100:
        first = "premier" if day.day == 1 else TABLE[day.day]
        expected = f"L'an {expected_number(day.year)}, le {first} {MONTHS[day.month - 1]}"
        if date_in_words(day) != expected:
            wrong.append((day, date_in_words(day), expected))
        day += dt.timedelta(days=1)
    assert wrong == []


def test_every_year_1900_to_2100_and_every_number_to_9999():
    assert [number(y) for y in range(1900, 2101)] == [expected_number(y) for y in range(1900, 2101)]
    assert [number(n) for n in range(1, 10000)] == [expected_number(n) for n in range(1, 10000)]


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "zéro"),
        (21, "vingt et un"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (91, "quatre-vingt-onze"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (1980, "mille neuf cent quatre-vingts"),
        (2000, "deux mille"),
        (2001, "deux mille un"),
        (2026, "deux mille vingt-six"),
        (2080, "deux mille quatre-vingts"),
    ],
)
def test_number(n, words):
    assert number(n) == words


def test_feminine_changes_only_a_final_un():
    assert number(1, feminine=True) == "une"
    assert number(31, feminine=True) == "trente et une"
    assert number(71, feminine=True) == "soixante et onze"
    assert number(81, feminine=True) == "quatre-vingt-une"
    assert number(11, feminine=True) == "onze"
    with pytest.raises(ValueError):
        number(10000)


def test_dates():
    assert date_in_words(dt.date(2026, 3, 1)) == "L'an deux mille vingt-six, le premier mars"
    assert date_in_words(dt.date(2026, 3, 14)) == "L'an deux mille vingt-six, le quatorze mars"
    assert date_in_words(dt.date(2031, 12, 31)) == "L'an deux mille trente et un, le trente et un décembre"
    assert date_long(dt.date(2026, 3, 14)) == "samedi 14 mars 2026"


NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "typed, written",
    [
        ("Mention : a ; b ? c ! d", f"Mention{NBSP}: a{NNBSP}; b{NNBSP}? c{NNBSP}! d"),
        ("« mot »", f"«{NBSP}mot{NBSP}»"),
        ("«mot»", f"«{NBSP}mot{NBSP}»"),
        (f"«{NBSP}mot{NNBSP}»", f"«{NBSP}mot{NBSP}»"),
        ("n° 12", f"n°{NBSP}12"),
        # Signs typed without a space are left as typed: times, addresses, lists.
        ("10:30 https://x.fr a;b Quoi?", "10:30 https://x.fr a;b Quoi?"),
        ("Pourquoi ?!", f"Pourquoi{NNBSP}?!"),
        ("", ""),
        ("«\nligne", "«\nligne"),
    ],
)
def test_typography_adds_no_break_spaces_only(typed, written):
    from audition_assistant.core.french import typography

    assert typography(typed) == written
    assert typography(written) == written  # applied twice, same text


def test_names_are_written_one_way_for_every_document_and_screen():
    from audition_assistant.core.french import identity_name, identity_part, officer_name, qualite_choice, qualite_words
    from audition_assistant.core.store.records import Profile

    profile = Profile(nom="Martin", prenom="Claire", grade="Capitaine", qualite="OPJ")
    assert profile.display == "Capitaine Claire MARTIN" == officer_name("Claire", "Martin", "Capitaine")
    assert officer_name("Claire", "Martin") == "Claire MARTIN"
    assert identity_name({"nom": " Durand ", "prenoms": "Lucie Anne"}) == "DURAND Lucie Anne"
    assert identity_part("nom", "text", "Durand") == "DURAND"
    assert identity_part("date_naissance", "date", "2001-05-01") == "1er mai 2001"
    assert identity_part("sait_lire", "yes_no", False) == "non"
    assert qualite_words("OPJ") == "officier de police judiciaire"
    assert qualite_words("") == "enquêteur"
    assert qualite_choice("APJ") == "Agent de police judiciaire (APJ)"


def test_counts_take_the_singular_for_none_and_one_as_french_does():
    assert [french.counted(n, "fichier", "fichiers") for n in (0, 1, 2, 14)] == [
        "0 fichier",
        "1 fichier",
        "2 fichiers",
        "14 fichiers",
    ]


def test_thousands_are_grouped_with_a_narrow_no_break_space():
    assert [french.thousands(n) for n in (7, 1806, 4177, 1234567)] == [
        "7",
        "1\u202f806",
        "4\u202f177",
        "1\u202f234\u202f567",
    ]
