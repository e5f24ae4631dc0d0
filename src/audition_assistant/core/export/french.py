"""French procedural writing: dates and times in words, agreement."""

from __future__ import annotations

import datetime as dt

_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize",
)  # fmt: skip
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def number(n: int) -> str:
    """0..9999 in French words (1990 spelling: hyphens everywhere)."""
    if not 0 <= n <= 9999:
        raise ValueError(n)
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n < 70:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        return f"{_TENS[tens]}-et-un" if unit == 1 else f"{_TENS[tens]}-{_UNITS[unit]}"
    if n < 80:
        return "soixante-et-onze" if n == 71 else "soixante-" + number(n - 60)
    if n < 100:
        return "quatre-vingts" if n == 80 else "quatre-vingt-" + number(n - 80)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]}-cent" + ("s" if rest == 0 else "")
        return head if rest == 0 else f"{head}-{number(rest)}"
    thousands, rest = divmod(n, 1000)
    head = "mille" if thousands == 1 else f"{number(thousands)}-mille"
    return head if rest == 0 else f"{head}-{number(rest)}"


def date_in_words(day: dt.date) -> str:
    """``L'an deux-mille-vingt-six, le quatorze mars``."""
    first = "premier" if day.day == 1 else number(day.day)
    return f"L'an {number(day.year)}, le {first} {_MONTHS[day.month - 1]}"


def date_long(day: dt.date) -> str:
    """``samedi 14 mars 2026``."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS[day.weekday()]} {first} {_MONTHS[day.month - 1]} {day.year}"


def time_in_words(moment: dt.datetime | dt.time) -> str:
    """``neuf heures cinq``; ``midi`` and ``minuit`` as written in PVs."""
    hours, minutes = moment.hour, moment.minute
    if hours == 0:
        head = "minuit"
    elif hours == 12:
        head = "midi"
    else:
        head = f"{'une' if hours == 1 else number(hours)} heure{'s' if hours > 1 else ''}"
    return head if minutes == 0 else f"{head} {number(minutes)}"


def is_male(sex: str | None) -> bool:
    return (sex or "").strip().casefold().startswith(("m", "h"))


def agree(sex: str | None, feminine: str, masculine: str) -> str:
    """Agreement with the person heard; feminine when unknown (most victims heard are women)."""
    return masculine if is_male(sex) else feminine
