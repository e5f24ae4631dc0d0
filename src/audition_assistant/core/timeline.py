"""The hearing timeline: start, suspensions with a reason, resumptions, end.

The PV must record each suspension and resumption with its time and reason,
so the timeline is kept as events and the state is derived from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from . import clock as moments
from .errors import UserError
from .french import hhmm, season_note

START, SUSPEND, RESUME, END = "start", "suspend", "resume", "end"
EVENT_KINDS = (START, SUSPEND, RESUME, END)

SUSPENSION_REASONS = {
    "repos": "repos",
    "repas": "repas",
    "soins": "soins",
    "interprete": "interprète",
    "autre": "autre motif",
}
# Each reason as the PV's mention says it ("avons suspendu l'audition à 10 h 40
# pour permettre une pause."); "autre" says only what the investigator wrote as
# its detail. Kept beside the labels: a new reason needs both.
SUSPENSION_PURPOSES = {
    "repos": "pour permettre une pause",
    "repas": "pour permettre le repas",
    "soins": "pour permettre des soins",
    "interprete": "pour les besoins de l'interprétation",
    "autre": "",
}

# The one-key "pause for the person": a rest, worded "pour permettre une pause".
PERSON_PAUSE = "repos"

NOT_STARTED, RUNNING, SUSPENDED, ENDED = "not_started", "running", "suspended", "ended"
STATE_LABELS = {
    NOT_STARTED: "Audition non débutée",
    RUNNING: "Audition en cours",
    SUSPENDED: "Audition suspendue",
    ENDED: "Audition close",
}

# Which event may follow which state.
_ALLOWED = {
    NOT_STARTED: {START},
    RUNNING: {SUSPEND, END},
    SUSPENDED: {RESUME, END},
    ENDED: set(),
}
_NEXT = {START: RUNNING, SUSPEND: SUSPENDED, RESUME: RUNNING, END: ENDED}


class TimelineError(UserError, ValueError):
    """An event that cannot happen now; the message is French."""


@dataclass(frozen=True)
class TimelineEvent:
    kind: str
    at: dt.datetime
    reason: str = ""
    detail: str = ""

    @property
    def reason_label(self) -> str:
        label = SUSPENSION_REASONS.get(self.reason, self.reason)
        return f"{label} ({self.detail})" if self.detail else label


@dataclass(frozen=True)
class Suspension:
    """One suspension of the hearing, from its start to its resumption (or the end, or still going)."""

    start: dt.datetime
    end: dt.datetime | None
    reason: str
    detail: str = ""

    @property
    def reason_label(self) -> str:
        return TimelineEvent(SUSPEND, self.start, self.reason, self.detail).reason_label

    def covers(self, moment: dt.datetime) -> bool:
        """Whether something made at ``moment`` was made while the hearing was suspended, as the PV places it.

        The PV puts a pause before the first entry created after it: an entry saved in the
        same second as the suspension came before it, one saved in the same second as the
        resumption is printed before "avons repris".
        """
        at = moments.instant(moment)
        return moments.instant(self.start) < at and (self.end is None or at <= moments.instant(self.end))

    def label(self) -> str:
        """``Suspension de 10 h 05 à 10 h 20 — repos`` or, still going, ``Suspension depuis 10 h 05 — repos``.

        In the hour lived twice each time says which one it is (``de 2 h 40 (heure d'été) à 2 h 05 (heure d'hiver)``).
        """
        start = hhmm(self.start, season=True)
        when = f"depuis {start}" if self.end is None else f"de {start} à {hhmm(self.end, season=True)}"
        return f"Suspension {when} — {self.reason_label}"


def suspensions(events: list[TimelineEvent]) -> list[Suspension]:
    """Each suspension with its end: the resumption, the close of the hearing, or None while it lasts."""
    found: list[Suspension] = []
    opened: TimelineEvent | None = None
    for event in events:
        if event.kind == SUSPEND:
            opened = event
        elif opened is not None and event.kind in (RESUME, END):
            found.append(Suspension(opened.at, event.at, opened.reason, opened.detail))
            opened = None
    if opened is not None:
        found.append(Suspension(opened.at, None, opened.reason, opened.detail))
    return found


T = TypeVar("T")


def interleave(
    items: Sequence[T], time_of: Callable[[T], dt.datetime], pauses: list[Suspension]
) -> list[T | Suspension]:
    """The items in their order, each suspension placed after the last item recorded before it began.

    Items may have been reordered, so a suspension follows the item that
    preceded it in time, wherever that item now stands; with none, it comes first.
    """
    times = [moments.instant(time_of(item)) for item in items]
    after: dict[int, list[Suspension]] = {}
    for pause in sorted(pauses, key=lambda p: moments.instant(p.start)):
        start = moments.instant(pause.start)
        before = [i for i, at in enumerate(times) if at <= start]
        anchor = max(before, key=lambda i: (times[i], i)) if before else -1
        after.setdefault(anchor, []).append(pause)
    rows: list[T | Suspension] = list(after.get(-1, []))
    for i, item in enumerate(items):
        rows.append(item)
        rows.extend(after.get(i, []))
    return rows


def state_of(events: list[TimelineEvent]) -> str:
    state = NOT_STARTED
    for event in events:
        state = _NEXT[event.kind]
    return state


def check_next(events: list[TimelineEvent], event: TimelineEvent) -> None:
    """Raise TimelineError unless ``event`` may be appended to ``events``."""
    state = state_of(events)
    if event.kind not in EVENT_KINDS:
        raise TimelineError(f"événement inconnu « {event.kind} »")
    if event.kind not in _ALLOWED[state]:
        verbs = {START: "débuter", SUSPEND: "suspendre", RESUME: "reprendre", END: "clore"}
        raise TimelineError(f"Impossible de {verbs[event.kind]} : {STATE_LABELS[state].lower()}.")
    if event.kind == SUSPEND and event.reason not in SUSPENSION_REASONS:
        raise TimelineError(
            f"Motif de suspension « {event.reason} » inconnu (motifs : {', '.join(SUSPENSION_REASONS)})."
        )
    # Instants, not wall-clock times: 02:05 after 02:40 is later when summer time has just ended.
    if events and moments.instant(event.at) < moments.instant(events[-1].at):
        at, previous = moments.local(event.at), moments.local(events[-1].at)
        raise TimelineError(
            f"L'heure {at:%H:%M}{season_note(at)} précède l'événement précédent "
            f"({previous:%d/%m/%Y %H:%M}{season_note(previous)})."
        )


def elapsed(events: list[TimelineEvent], now: dt.datetime) -> dt.timedelta:
    """Time actually spent hearing: suspensions excluded (instants: an hour lived twice counts once)."""
    total = dt.timedelta()
    running_since: dt.datetime | None = None
    for event in events:
        if event.kind in (START, RESUME):
            running_since = moments.instant(event.at)
        elif running_since is not None:
            total += moments.instant(event.at) - running_since
            running_since = None
    if running_since is not None:
        total += max(moments.instant(now) - running_since, dt.timedelta())
    return total


def started_at(events: list[TimelineEvent]) -> dt.datetime | None:
    return next((e.at for e in events if e.kind == START), None)


def ended_at(events: list[TimelineEvent]) -> dt.datetime | None:
    return next((e.at for e in events if e.kind == END), None)
