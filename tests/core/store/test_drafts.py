"""Drafts: the question and answer being typed, kept apart from the hearing's content and out of the audit trail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlite_utils import Database

from audition_assistant.core.store import NotFound, Store, StoreError, cipher
from audition_assistant.core.store.copies import migration_copy
from audition_assistant.core.store.schema import migrations
from audition_assistant.core.timeline import TimelineEvent

PASS = "correct horse battery staple"
QUESTION = "Où dormiez-vous pendant les semaines passées à Lyon ?"
ANSWER = "Dans un appartement du huitième arrondissement, avec deux autres femmes."


@pytest.fixture
def hearing(store, template):
    case_id = store.create_case("2026/000480", "Affaire c/ X")
    person_id = store.add_person(case_id, {"nom": "Duarte", "prenoms": "Inês"})
    return store.create_hearing(case_id, person_id, template.source, "2026/000480/00001", "Lyon")


def test_a_draft_is_kept_written_only_when_changed_and_removed_when_empty(store, hearing):
    assert store.draft(hearing) == ("", "")
    assert store.save_draft(hearing, QUESTION, "") is True
    assert store.save_draft(hearing, QUESTION, "") is False  # the same text: nothing written
    assert store.save_draft(hearing, QUESTION, ANSWER) is True
    assert store.draft(hearing) == (QUESTION, ANSWER)
    assert store.save_draft(hearing, "", "") is True
    assert store.draft(hearing) == ("", "")
    assert store._db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
    assert store.save_draft(hearing, "", "") is False
    assert store.answers(hearing) == {}  # never among the answers


def test_typing_pauses_leave_the_audit_trail_unchanged(store, hearing):
    before = store.audit_entries()
    for _ in range(3):
        for pause in range(80):
            store.save_draft(hearing, QUESTION[: 2 * (pause + 1)], ANSWER[: max(0, 3 * (pause - 40))])
        store.add_entry(hearing, None, QUESTION, ANSWER)
        store.save_draft(hearing, "", "")
    after = store.audit_entries()
    assert after[: len(before)] == before
    assert [e.action for e in after[len(before) :]] == ["entry_added"] * 3  # the entries, not the pauses
    assert store.verify_audit(replay=True).ok


def test_a_draft_of_a_closed_or_unknown_hearing_is_refused_in_french(store, hearing, clock):
    store.save_draft(hearing, QUESTION, "")
    store.add_event(hearing, TimelineEvent("start", clock.now))
    clock.advance(minutes=30)
    store.add_event(hearing, TimelineEvent("end", clock.now))
    with pytest.raises(StoreError, match="close"):
        store.save_draft(hearing, QUESTION, ANSWER)
    assert store.draft(hearing) == (QUESTION, "")
    with pytest.raises(NotFound, match="Audition n° 999 introuvable"):
        store.save_draft(999, QUESTION, "")


def test_drafts_kept_as_answers_move_to_their_table_and_the_trail_still_verifies(tmp_path, template, clock):
    """A database from before m008: its drafts were two answers, audited at each pause."""
    path = tmp_path / "avant.db"
    db = Database(cipher.connect(path, PASS), execute_plugins=False)
    migrations.apply(db, stop_before="m008_drafts")
    old = Store(db, clock, path)  # writes as the application did before drafts had their table
    case_id = old.create_case("2026/000481", "Affaire c/ X")
    person_id = old.add_person(case_id, {"nom": "Duarte", "prenoms": "Inês"})
    kept = old.create_hearing(case_id, person_id, template.source, "2026/000481/00001", "Lyon")
    emptied = old.create_hearing(case_id, person_id, template.source, "2026/000481/00002", "Lyon")
    for question, answer in ((QUESTION[:10], None), (QUESTION, ANSWER)):
        old.set_answer(kept, "_brouillon_question", question)
        old.set_answer(kept, "_brouillon_reponse", answer)
    old.set_answer(kept, "notes", "Entendue en présence de son avocate.")
    old.set_answer(emptied, "_brouillon_question", "Question abandonnée")
    old.set_answer(emptied, "_brouillon_question", None)
    old.close()

    store = Store.open(path, PASS, clock=clock)
    try:
        assert store.draft(kept) == (QUESTION, ANSWER)
        assert store.draft(emptied) == ("", "")
        assert store.answers(kept) == {"notes": "Entendue en présence de son avocate."}
        report = store.verify_audit(replay=True)
        assert report.ok, report.problems
        assert store.anchor_problem is None
    finally:
        store.close()
    assert migration_copy(path, "m008_drafts").exists()


DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from audition_assistant.core.store import Store
    store = Store.open(Path(sys.argv[1]), sys.argv[2])
    for n in range(1, 10_000):
        store.save_draft(int(sys.argv[3]), f"Question n° {n}", "Réponse en cours")
        print(f"SAVED {n}", flush=True)
        time.sleep(0.01)
    """
)


def test_a_draft_reported_saved_survives_a_kill(data_paths, store, hearing):
    store.close()
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(data_paths.database), PASS, str(hearing)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    saved = 0
    for line in process.stdout:
        saved = int(line.split()[1])
        if saved >= 20:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reopened = Store.open(data_paths.database, PASS)
    try:
        question, answer = reopened.draft(hearing)
        assert int(question.split()[-1]) >= saved and answer == "Réponse en cours"
        assert reopened.integrity_ok() and reopened.verify_audit(replay=True).ok
    finally:
        reopened.close()
