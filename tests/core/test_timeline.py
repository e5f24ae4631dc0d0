"""The timeline: legal order of events, elapsed time without suspensions."""

from __future__ import annotations

import datetime as dt

import pytest

from audition_assistant.core import timeline
from audition_assistant.core.french import hhmm
from audition_assistant.core.templates.fieldtypes import display
from audition_assistant.core.templates.model import Field
from audition_assistant.core.timeline import TimelineError, TimelineEvent

T0 = dt.datetime(2026, 3, 14, 9, 5)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_full_sequence_and_elapsed_time_excludes_suspension():
    events: list[TimelineEvent] = []
    for event in (
        TimelineEvent("start", at(0)),
        TimelineEvent("suspend", at(60), "repas"),
        TimelineEvent("resume", at(90)),
        TimelineEvent("end", at(120)),
    ):
        timeline.check_next(events, event)
        events.append(event)
    assert timeline.state_of(events) == timeline.ENDED
    assert timeline.elapsed(events, at(500)) == dt.timedelta(minutes=90)
    assert timeline.elapsed(events[:2], at(75)) == dt.timedelta(minutes=60)
    assert timeline.elapsed(events[:1], at(15)) == dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    "history, event, message",
    [
        ([], TimelineEvent("suspend", at(1), "repas"), "Impossible de suspendre : audition non débutée."),
        ([TimelineEvent("start", at(0))], TimelineEvent("start", at(1)), "Impossible de débuter : audition en cours."),
        ([TimelineEvent("start", at(0))], TimelineEvent("suspend", at(1), "sieste"), "Motif de suspension « sieste »"),
        ([TimelineEvent("start", at(10))], TimelineEvent("end", at(5)), "L'heure 09:10 précède"),
        (
            [TimelineEvent("start", at(0)), TimelineEvent("end", at(5))],
            TimelineEvent("resume", at(6)),
            "Impossible de reprendre : audition close.",
        ),
    ],
)
def test_impossible_events_are_refused_in_french(history, event, message):
    with pytest.raises(TimelineError) as caught:
        timeline.check_next(history, event)
    assert str(caught.value).startswith(message)


def test_reason_label_and_hhmm():
    assert TimelineEvent("suspend", T0, "interprete", "relève").reason_label == "interprète (relève)"
    # One time format everywhere outside the PV's opening: "9 h 05", no-break spaces, no leading zero.
    assert hhmm(T0) == "9\u00a0h\u00a005"
    assert hhmm(T0.replace(hour=21, minute=40)) == "21\u00a0h\u00a040"
    # On the hour, no minutes: "10 h", never "10 h 00"; "0 h 05" keeps its two digits.
    assert hhmm(T0.replace(hour=10, minute=0)) == "10\u00a0h"
    assert hhmm(dt.time(0, 5)) == "0\u00a0h\u00a005"
    heure = Field(id="heure", type="time", label="Heure")
    assert (display(heure, "10:00"), display(heure, "09:05")) == ("10\u00a0h", "9\u00a0h\u00a005")


def test_every_suspension_reason_has_its_pv_wording():
    """The PV says why the hearing was suspended: a reason added without its wording would print nothing."""
    assert timeline.SUSPENSION_PURPOSES.keys() == timeline.SUSPENSION_REASONS.keys()


def test_suspensions_run_from_their_start_to_the_resumption_the_end_or_now():
    events = [
        TimelineEvent("start", at(0)),
        TimelineEvent("suspend", at(10), "repas"),
        TimelineEvent("resume", at(25)),
        TimelineEvent("suspend", at(40), "interprete", "relève"),
        TimelineEvent("end", at(50)),
    ]
    first, second = timeline.suspensions(events)
    assert first.label() == "Suspension de 9\u00a0h\u00a015 à 9\u00a0h\u00a030 — repas"
    assert second.label() == "Suspension de 9\u00a0h\u00a045 à 9\u00a0h\u00a055 — interprète (relève)"
    [going] = timeline.suspensions(events[:2])
    assert going.end is None and going.label() == "Suspension depuis 9\u00a0h\u00a015 — repas"
    assert first.covers(at(11)) and first.covers(at(25)) and not first.covers(at(10)) and not first.covers(at(26))
    assert going.covers(at(500))


def test_a_suspension_follows_the_last_item_recorded_before_it_wherever_that_item_stands():
    pause = timeline.Suspension(at(10), at(20), "repos")
    times = {"a": at(0), "b": at(15), "c": at(30)}
    assert timeline.interleave(["a", "b", "c"], times.__getitem__, [pause]) == ["a", pause, "b", "c"]
    # "a" moved to the end: the suspension still comes after it.
    assert timeline.interleave(["b", "c", "a"], times.__getitem__, [pause]) == ["b", "c", "a", pause]
    early = timeline.Suspension(at(-5), at(-1), "repos")
    assert timeline.interleave(["a"], times.__getitem__, [pause, early]) == [early, "a", pause]
    assert timeline.interleave([], times.__getitem__, [pause]) == [pause]
