"""French as documents and screens write it: numbers, dates and times, names, agreement, typography.

The one home of these renderings: the templates' display of a value, the
engine's mentions, the store's names, every exported document and the
screens all call it, so a date or a name reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import clock as moments

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


def number(n: int, *, feminine: bool = False) -> str:
    """0..9999 in French words, traditional spelling as procedure writes it.

    Hyphens join tens and units below one hundred ("vingt-deux",
    "quatre-vingt-dix-neuf"); "et", without hyphens, joins 1 and 11 to the
    tens up to sixty ("vingt et un", "soixante et onze", but
    "quatre-vingt-un"); spaces elsewhere ("deux cent un", "deux mille
    vingt-six"). "vingt" and "cent" take an s only when multiplied and last
    ("quatre-vingts", "deux cents", "deux cent un"); "mille" never does.
    ``feminine``: a count of a feminine noun ends in "une" ("vingt et une
    heures", "une heure une").
    """
    if not 0 <= n <= 9999:
        raise ValueError(n)
    words = _below_10000(n)
    if feminine and words.endswith("un"):
        words += "e"
    return words


def _below_100(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix..., quatre-vingt-dix...: counted on the ten below
        tens, unit = tens - 1, unit + 10
    head = "quatre-vingt" if tens == 8 else _TENS[tens]
    if unit == 0:
        return "quatre-vingts" if tens == 8 else head
    if unit in (1, 11) and tens != 8:
        return f"{head} et {_below_100(unit)}"
    return f"{head}-{_below_100(unit)}"


def _below_10000(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    hundreds, units = divmod(rest, 100)
    parts = []
    if thousands:
        parts.append("mille" if thousands == 1 else f"{_below_100(thousands)} mille")
    if hundreds:
        plural = "s" if hundreds > 1 and units == 0 else ""
        parts.append(("cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent") + plural)
    if units or not parts:
        parts.append(_below_100(units))
    return " ".join(parts)


def date_in_words(day: dt.date) -> str:
    """``L'an deux mille vingt-six, le quatorze mars``; the first of the month is ``premier``."""
    first = "premier" if day.day == 1 else number(day.day)
    return f"L'an {number(day.year)}, le {first} {_MONTHS[day.month - 1]}"


def format_date(value: str | dt.date) -> str:
    """``2026-03-01`` -> ``1er mars 2026``."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[day.month - 1]} {day.year}"


def date_long(day: dt.date) -> str:
    """``samedi 14 mars 2026``."""
    return f"{_DAYS[day.weekday()]} {format_date(day)}"


def time_in_words(moment: dt.datetime | dt.time) -> str:
    """``neuf heures cinq``, ``vingt et une heures une``: hours counted on 24, both feminine.

    The day's first hour is ``zéro heure`` (``zéro heure cinq``) and 12:00 is
    ``douze heures``, never "minuit" nor "midi": a PV counts hours from 0 to
    23 like its date counts days, and "minuit" can be read as the end of the
    day before, which would put the act on the wrong date. ``zéro heure`` is
    singular (Académie française); minutes are not followed by "minutes".
    """
    if isinstance(moment, dt.datetime):
        moment = moments.local(moment)
    hours, minutes = moment.hour, moment.minute
    head = f"{number(hours, feminine=True)} heure{'s' if hours > 1 else ''}"
    return head if minutes == 0 else f"{head} {number(minutes, feminine=True)}"


def hhmm(moment: dt.datetime | dt.time, *, season: bool = False) -> str:
    """The one time format of documents and screens: ``9 h 05``, ``21 h 40``, ``10 h``, in local time.

    The spaces are no-break (U+00A0) so that a line never ends between the
    hour and "h"; the hour has no leading zero, the minutes two digits, and
    none at all on the hour (French typography: "9 h 05", "10 h", never
    "10 h 00"). With ``season``, a time of the hour lived twice when summer
    time ends says which one it is: ``2 h 05 (heure d'hiver)``.
    """
    if isinstance(moment, dt.datetime):
        moment = moments.local(moment)
    hour = f"{moment.hour}\u00a0h"
    text = hour if moment.minute == 0 else f"{hour}\u00a0{moment.minute:02d}"
    return text + season_note(moment) if season and isinstance(moment, dt.datetime) else text


def season_note(moment: dt.datetime) -> str:
    """`` (heure d'été)`` or `` (heure d'hiver)`` in the hour lived twice, else ""."""
    which = moments.season(moment)
    return f" ({which})" if which else ""


# --- names ----------------------------------------------------------------------
# The investigator's qualité (stored code) -> how documents name it; the
# profile form shows it capitalized with its code.
QUALITES = {
    "OPJ": "officier de police judiciaire",
    "APJ": "agent de police judiciaire",
}


def qualite_words(code: str) -> str:
    """``officier de police judiciaire``; ``enquêteur`` when the qualité is not said."""
    return QUALITES.get(code, "enquêteur")


def qualite_choice(code: str) -> str:
    """``Officier de police judiciaire (OPJ)``: the profile form's choice."""
    words = QUALITES[code]
    return f"{words[:1].upper()}{words[1:]} ({code})"


def surname(nom: str) -> str:
    """A family name as procedure writes it: in capitals."""
    return nom.upper()


def identity_name(value: dict[str, Any] | None) -> str:
    """``NOM Prénoms``: a person heard, a witness, an interpreter, as French procedure names them."""
    if not value:
        return ""
    nom = surname((value.get("nom") or "").strip())
    prenoms = (value.get("prenoms") or "").strip()
    return " ".join(p for p in (nom, prenoms) if p)


def officer_name(prenom: str, nom: str, grade: str = "") -> str:
    """``Prénom NOM``, or ``grade Prénom NOM``: the investigator, who signs in that order."""
    return " ".join(p for p in (grade, prenom, surname(nom)) if p)


UNNAMED_OFFICER = "(enquêteur non renseigné)"  # where the profile holds no name yet


def identity_part(part: str, kind: str, value: Any) -> str:
    """One filled part of an identity (``kind`` its type): a date in full, yes/no in words, the NOM in capitals."""
    if kind == "yes_no":
        return "oui" if value else "non"
    if kind == "date":
        return format_date(value)
    return surname(str(value)) if part == "nom" else str(value)


# How a document names the parents: "Fille de" / "Fils de" as the person's
# sex says ("f", "m"), "Enfant de" when it is not known; the second parent
# follows with "et de".
FILIATION = {"f": "Fille de", "m": "Fils de", None: "Enfant de"}


def is_male(sex: str | None) -> bool:
    return sex_of(sex) == "m"


def sex_of(sex: str | None) -> str | None:
    """``"f"`` (féminin, femme, F), ``"m"`` (masculin, homme, M, H) or None when not said."""
    word = (sex or "").strip().casefold()
    if word.startswith(("f",)):
        return "f"
    if word.startswith(("m", "h")):
        return "m"
    return None


def thousands(n: int) -> str:
    """12345 -> « 12 345 »: digits grouped by three with a narrow no-break space (Imprimerie nationale)."""
    return f"{n:,}".replace(",", NNBSP)


def counted(n: int, singular: str, plural: str) -> str:
    """``n`` and its noun group agreed: French takes the singular for 0 and 1 (« 1 document exporté »)."""
    return f"{n} {singular if abs(n) < 2 else plural}"


def agree(sex: str | None, feminine: str, masculine: str) -> str:
    """Agreement with the person heard; feminine when unknown (most victims heard are women)."""
    return masculine if is_male(sex) else feminine


# --- typography -----------------------------------------------------------------
# Imprimerie nationale usage (Lexique des règles typographiques en usage à
# l'Imprimerie nationale), the reference of French administrative printing: a
# no-break word space (U+00A0) before the colon and inside « », a narrow
# no-break space (U+202F, the "espace fine insécable") before ; ? !. Both keep
# the sign from starting a line; the narrow one is what the IN sets before the
# three "high" signs. Word and LibreOffice fall back to another font for a
# glyph the chosen font lacks, so neither space ever shows as a box.
NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \u00a0\u202f"
_BEFORE_COLON = re.compile(r" (?=:)")
_BEFORE_HIGH = re.compile(r" (?=[;?!])")
_AFTER_OPENING = re.compile(f"«(?:[{_SPACES}]|(?=[^\\s]))")
_BEFORE_CLOSING = re.compile(f"(?:[{_SPACES}]|(?<=[^\\s]))»")
_NUMERO = re.compile(r"\b([nN]°) (?=\w)")


def typography(text: str) -> str:
    """``text`` with French no-break spaces, changing nothing else.

    Only an ordinary space already typed before ``: ; ? !`` becomes a no-break
    one: a sign written without a space ("10:30", "https://", "Quoi?") is
    left as typed. Inside « » a space is made no-break, or added when there
    is none; "n° 12" keeps its number on the same line.
    """
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    return _NUMERO.sub(lambda m: m.group(1) + NBSP, text)
