"""A hearing goes on through the change of hour, both ways.

In Europe/Paris the last Sunday of October goes back from 03:00 summer time
to 02:00 winter time, so 02:00-02:59 is lived twice; the last Sunday of March
jumps from 02:00 to 03:00. The store keeps each moment with its offset from
UTC, the timeline compares instants, the documents state local times.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from audition_assistant.core import answers_file, resources, timeline
from audition_assistant.core.store import Store, cipher
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace
from readers import paragraph_texts

PASSPHRASE = "correct horse battery staple"
UTC = dt.UTC
CEST, CET = dt.timedelta(hours=2), dt.timedelta(hours=1)
IDENTITY = {"nom": "Rivera", "prenoms": "Lucía", "sexe": "féminin"}


def hearing_on(paths, investigator, template, computer) -> tuple[Workspace, int]:
    store = Store.open(paths.database, PASSPHRASE, clock=computer)
    store.save_profile(investigator)
    workspace = Workspace(paths, store)
    case_id = store.create_case("2026/007731", "Affaire c/ X : proxénétisme aggravé")
    person_id = store.add_person(case_id, IDENTITY)
    hearing_id = workspace.start_hearing(case_id, person_id, template, "2026/007731/00003", "Lyon")
    for field_id, value in {"cadre": "preliminaire", "victime": IDENTITY, "signature": "signe"}.items():
        store.set_answer(hearing_id, field_id, value)
    return workspace, hearing_id


def stored(paths, sql: str) -> list[str]:
    conn = cipher.connect(paths.database, PASSPHRASE)
    try:
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


def test_suspended_at_2_40_summer_time_resumed_at_2_05_and_closed_at_2_40_winter_time(
    computer_clock, data_paths, investigator, template, tmp_path
):
    computer = computer_clock(dt.datetime(2026, 10, 24, 23, 50, tzinfo=UTC))  # 01:50 summer time
    workspace, hearing = hearing_on(data_paths, investigator, template, computer)
    store = workspace.store
    # What the window does: each event at the store's "now".
    store.add_event(hearing, TimelineEvent("start", store.now()))
    computer.advance(minutes=40)  # 02:30 summer time
    store.add_entry(hearing, "recit", "Racontez-moi votre arrivée.", "Je suis arrivée en train.")
    computer.advance(minutes=10)  # 02:40 summer time
    store.add_event(hearing, TimelineEvent("suspend", store.now(), "repos"))
    computer.advance(minutes=25)  # 02:05 winter time
    store.add_event(hearing, TimelineEvent("resume", store.now()))
    computer.advance(minutes=15)  # 02:20 winter time
    store.add_entry(hearing, None, "Voulez-vous ajouter quelque chose ?", "Non, merci.")
    computer.advance(minutes=20)  # 02:40 winter time
    store.add_event(hearing, TimelineEvent("end", store.now()))

    assert stored(data_paths, "SELECT at FROM timeline_events ORDER BY id") == [
        "2026-10-25T01:50:00+02:00",
        "2026-10-25T02:40:00+02:00",
        "2026-10-25T02:05:00+01:00",
        "2026-10-25T02:40:00+01:00",
    ]
    assert stored(data_paths, "SELECT created_at FROM transcript_entries ORDER BY id") == [
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:20:00+01:00",
    ]
    assert stored(data_paths, "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1") == ["2026-10-25T02:40:00+01:00"]
    events = store.events(hearing)
    assert [e.at.utcoffset() for e in events] == [CEST, CEST, CET, CET]
    assert [e.at for e in events] == sorted(e.at for e in events)
    # 50 minutes before the pause, 35 after: the hour lived twice counts once.
    assert timeline.elapsed(events, store.now()) == dt.timedelta(minutes=85)
    assert store.hearing_status(hearing) == "closed"

    [pv] = [f for f in workspace.export(hearing, tmp_path) if f.document_id == "pv"]
    texts = paragraph_texts(pv.path)
    opening = next(t for t in texts if t.startswith("L'an deux mille vingt-six"))
    assert "le vingt-cinq octobre, à une heure cinquante, à Lyon" in opening  # not in the hour lived twice
    said = [
        next(i for i, t in enumerate(texts) if wanted in t)
        for wanted in (
            "Je suis arrivée en train.",
            "avons suspendu l'audition à 2 h 40 (heure d'été) pour permettre une pause.",
            "avons repris l'audition à 2 h 05 (heure d'hiver).",
            "Non, merci.",
            "à 2 h 40 (heure d'hiver).",
        )
    ]
    assert said == sorted(said)


def test_the_hour_skipped_in_spring_is_not_counted(computer_clock, data_paths, investigator, template, tmp_path):
    computer = computer_clock(dt.datetime(2026, 3, 29, 0, 50, tzinfo=UTC))  # 01:50 winter time
    workspace, hearing = hearing_on(data_paths, investigator, template, computer)
    store = workspace.store
    store.add_event(hearing, TimelineEvent("start", store.now()))
    computer.advance(minutes=20)  # 03:10 summer time: 02:10 never was
    store.add_event(hearing, TimelineEvent("end", store.now()))

    assert stored(data_paths, "SELECT at FROM timeline_events ORDER BY id") == [
        "2026-03-29T01:50:00+01:00",
        "2026-03-29T03:10:00+02:00",
    ]
    assert timeline.elapsed(store.events(hearing), store.now()) == dt.timedelta(minutes=20)
    [pv] = [f for f in workspace.export(hearing, tmp_path) if f.document_id == "pv"]
    texts = paragraph_texts(pv.path)
    assert any("à 3 h 10." in t and "heure d" not in t for t in texts)  # no mention outside the hour lived twice


def demo_with(tmp_path: Path, events: list[dict], transcript_times: list[str]) -> Path:
    raw = json.loads(resources.read_text("demo", "audition-victime-majeure.json"))
    raw["timeline"] = events
    raw["transcript"] = [dict(line, at=at) for line, at in zip(raw["transcript"], transcript_times, strict=False)][
        : len(transcript_times)
    ]
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_times_typed_in_the_hour_lived_twice_follow_the_event_before_them(paris, workspace, tmp_path):
    path = demo_with(
        tmp_path,
        [
            {"event": "start", "at": "2026-10-25T01:50"},
            {"event": "suspend", "at": "2026-10-25T02:40", "reason": "repos"},
            {"event": "resume", "at": "2026-10-25T02:05"},
            {"event": "end", "at": "2026-10-25T02:40"},
        ],
        ["2026-10-25T02:30", "2026-10-25T02:20"],
    )
    filled = answers_file.read(path, workspace.catalog)
    assert [e.at.utcoffset() for e in filled.timeline] == [CEST, CEST, CET, CET]
    assert [line.at.utcoffset() for line in filled.transcript if line.at] == [CEST, CET]

    hearing, files = workspace.fill(filled, tmp_path / "export")
    assert [e.at.isoformat() for e in workspace.store.events(hearing)] == [
        "2026-10-25T01:50:00+02:00",
        "2026-10-25T02:40:00+02:00",
        "2026-10-25T02:05:00+01:00",
        "2026-10-25T02:40:00+01:00",
    ]
    [pv] = [f for f in files if f.document_id == "pv"]
    texts = paragraph_texts(pv.path)
    assert any("avons repris l'audition à 2 h 05 (heure d'hiver)." in t for t in texts)


def test_a_time_skipped_in_spring_is_refused_where_it_is_typed(paris, workspace, tmp_path):
    path = demo_with(
        tmp_path,
        [{"event": "start", "at": "2026-03-29T01:50"}, {"event": "end", "at": "2026-03-29T02:30"}],
        ["2026-03-29T02:15"],
    )
    with pytest.raises(answers_file.AnswersError) as refused:
        answers_file.read(path, workspace.catalog)
    assert refused.value.problems == [
        "timeline[1].at: l'heure 02:30 n'existe pas le 29/03/2026 : l'heure légale a avancé "
        "d'une heure cette nuit-là (passage à l'heure d'été)",
        "transcript[0].at: l'heure 02:15 n'existe pas le 29/03/2026 : l'heure légale a avancé "
        "d'une heure cette nuit-là (passage à l'heure d'été)",
    ]


def test_times_stored_without_offset_read_as_local_time(computer_clock, data_paths, investigator, template):
    """A database written before offsets were kept: its times are the local times they always were."""
    computer = computer_clock(dt.datetime(2026, 7, 1, 8, 0, tzinfo=UTC))  # 10:00 summer time
    workspace, hearing = hearing_on(data_paths, investigator, template, computer)
    store = workspace.store
    conn = cipher.connect(data_paths.database, PASSPHRASE)
    with conn:
        conn.execute(
            "INSERT INTO timeline_events (hearing_id, kind, at, reason, detail) VALUES (?, 'start', ?, '', '')",
            [hearing, "2026-07-01T09:30:00"],
        )
    conn.close()
    [start] = store.events(hearing)
    assert start.at == dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.timezone(CEST))
    store.add_event(hearing, TimelineEvent("end", store.now()))
    assert timeline.elapsed(store.events(hearing), store.now()) == dt.timedelta(minutes=30)
