"""Moments as the store keeps them and as people read them.

The store writes every moment as local time with its offset from UTC,
``2026-10-25T02:05:00+01:00``: the wall-clock time the investigator lived
(the time a PV states, and the date a text column's first ten characters
give), and the offset that makes it one instant even in the hour lived twice
when summer time ends. Values written before offsets were kept have none and
are read as local time.

In memory a moment is an aware ``datetime`` in a fixed offset, so comparing
or subtracting two of them compares instants. A naive one (a time typed
without an offset, a caller's own clock) is read as local time, its ``fold``
choosing between the two instants of the repeated hour.
"""

from __future__ import annotations

import datetime as dt
import time

from .errors import UserError

# Before every real moment: the time of an entry that has none (an answers
# file may leave it out), still comparable with aware moments.
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


class NonexistentTime(UserError, ValueError):
    """A local time skipped when summer time begins; the message is French."""


def now() -> dt.datetime:
    """This instant in local time with its offset, to the second."""
    return dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0)


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in this computer's local time, aware (a naive one is taken as local already).

    EARLIEST and other moments before 1900 are returned as they are: the
    time-zone rules give them no meaningful local time.
    """
    if moment.year < 1900:
        return moment
    try:
        return moment.astimezone()
    except (OverflowError, ValueError, OSError):
        return moment


def instant(moment: dt.datetime) -> dt.datetime:
    """A key that orders moments as instants, naive ones read as local time.

    Cheap on the aware moments the store hands out (returned as they are).
    """
    return moment if moment.tzinfo is not None else local(moment)


def stamp(moment: dt.datetime) -> str:
    """The stored text of ``moment``: local time with its offset, to the second."""
    return local(moment).replace(microsecond=0).isoformat(timespec="seconds")


def parse(text: str) -> dt.datetime:
    """A stored moment, in local time; one stored without an offset is read as local time."""
    return local(dt.datetime.fromisoformat(text))


def shown(text: str, pattern: str = "%d/%m/%Y %H:%M:%S") -> str:
    """A stored moment as screens show it, in local time: ``25/10/2026 02:05:00 (heure d'hiver)``.

    The hour lived twice says which one it is; a text that is no moment is shown as it is.
    """
    try:
        moment = parse(text)
    except ValueError:
        return text
    which = season(moment)
    return f"{moment:{pattern}}" + (f" ({which})" if which else "")


def resolve(moment: dt.datetime, after: dt.datetime | None = None) -> dt.datetime:
    """A time typed without an offset, as the instant it names, in local time.

    In the hour lived twice when summer time ends, the typed time names the
    first of its two instants that is not before ``after`` (the event before
    it), so 02:40, then 02:05, then 02:40 again read as three instants in
    order. A time skipped when summer time begins raises NonexistentTime.
    A moment with an offset names its instant already.
    """
    if moment.tzinfo is not None:
        return local(moment)
    found = sorted({c for c in (local(moment.replace(fold=f)) for f in (0, 1)) if _wall(c) == moment})
    if not found:
        raise NonexistentTime(
            f"l'heure {moment:%H:%M} n'existe pas le {moment:%d/%m/%Y} : l'heure légale a avancé "
            "d'une heure cette nuit-là (passage à l'heure d'été)"
        )
    if after is not None:
        later = [c for c in found if c >= instant(after)]
        if later:
            return later[0]
    return found[0]


def season(moment: dt.datetime) -> str:
    """``heure d'été`` or ``heure d'hiver`` when ``moment``'s local time is lived twice; else "".

    Only the hour repeated when summer time ends needs saying which one it is:
    "suspendue à 2 h 40 (heure d'été), reprise à 2 h 05 (heure d'hiver)".
    """
    here = local(moment)
    if here.tzinfo is None or here.year < 1900:
        return ""
    wall = _wall(here)
    twice = {local(wall.replace(fold=f)) for f in (0, 1)}
    if len(twice) < 2 or any(_wall(c) != wall for c in twice):
        return ""
    return "heure d'été" if time.localtime(here.timestamp()).tm_isdst > 0 else "heure d'hiver"


def _wall(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None, fold=0)
