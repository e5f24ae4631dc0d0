"""The store: migrations, records, search, audit chain, saved-at-once writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json

import pytest

from audition_assistant.core.store import Store, StoreError
from audition_assistant.core.store.schema import migrations
from audition_assistant.core.timeline import TimelineError, TimelineEvent
from migration_names import MIGRATIONS


@pytest.fixture
def hearing(store, template):
    case_id = store.create_case("2026/000450", "Affaire c/ X : proxénétisme aggravé", "BPF")
    person_id = store.add_person(case_id, {"nom": "Rivera", "prenoms": "Lucía"})
    return store.create_hearing(case_id, person_id, template.source, "2026/000450/00003", "Lyon")


def test_migrations_are_recorded_and_idempotent(data_paths, store, clock):
    applied = [m.name for m in migrations.applied(store._db)]
    assert applied == MIGRATIONS
    store.close()
    again = Store.open(data_paths.database, "correct horse battery staple", clock=clock)
    assert [m.name for m in migrations.applied(again._db)] == applied
    assert migrations.pending(again._db) == []
    again.close()


def test_case_person_hearing_round_trip(store, hearing, template):
    record = store.hearing(hearing)
    assert record.template_id == "essai" and record.template_version == "1.0"
    assert record.template_snapshot == template.source
    assert record.status == "draft" and record.pv_number == "2026/000450/00003"
    case = store.case(record.case_id)
    assert case.hearing_count == 1 and case.status == "open"
    assert store.persons(case.id)[0].display_name == "RIVERA Lucía"


def test_answers_are_saved_at_once_and_erased_with_none(data_paths, store, hearing, clock):
    store.set_answer(hearing, "victime", {"nom": "Rivera", "prenoms": "Lucía"})
    store.set_answer(hearing, "notes", "ligne 1\nligne 2")
    store.set_answer(hearing, "notes", None)
    # Another connection sees the write without any explicit save or close.
    other = Store.open(data_paths.database, "correct horse battery staple", clock=clock)
    assert other.answers(hearing) == {"victime": {"nom": "Rivera", "prenoms": "Lucía"}}
    other.close()


def test_text_is_cleaned_of_characters_word_cannot_hold(store, hearing):
    store.set_answer(hearing, "notes", "a\x00b\x0bc\x0cd\ud800e\r\nf")
    assert store.answers(hearing)["notes"] == "abcde\nf"


def test_transcript_add_edit_move_delete(store, hearing, clock):
    ids = [store.add_entry(hearing, "recit", f"Q{i}", f"R{i}") for i in range(1, 4)]
    store.update_entry(ids[0], answer="R1 corrigée")
    store.move_entry(ids[2], 0)
    assert [(e.question, e.answer) for e in store.entries(hearing)] == [
        ("Q3", "R3"),
        ("Q1", "R1 corrigée"),
        ("Q2", "R2"),
    ]
    store.delete_entry(ids[1])
    assert [e.question for e in store.entries(hearing)] == ["Q3", "Q1"]


def test_a_deleted_entry_is_restored_at_its_place_with_its_time(store, hearing, clock):
    ids = [store.add_entry(hearing, "recit", f"Q{i}", f"R{i}") for i in range(1, 4)]
    first_time = store.entries(hearing)[1].created_at
    store.delete_entry(ids[1])
    clock.advance(minutes=7)
    again = store.restore_entry(hearing, "recit", "Q2", "R2", first_time, 1)
    entries = store.entries(hearing)
    assert [(e.id, e.question, e.created_at) for e in entries][1] == (again, "Q2", first_time)
    assert [e.question for e in entries] == ["Q1", "Q2", "Q3"]
    assert [a.action for a in store.audit_entries(hearing)][-2:] == ["entry_added", "entry_moved"]


def test_timeline_is_checked_and_closing_freezes_the_hearing(store, hearing, clock):
    store.add_event(hearing, TimelineEvent("start", clock.now))
    with pytest.raises(TimelineError):
        store.add_event(hearing, TimelineEvent("resume", clock.advance(minutes=1)))
    store.add_event(hearing, TimelineEvent("suspend", clock.advance(minutes=30), "soins"))
    store.add_event(hearing, TimelineEvent("resume", clock.advance(minutes=10)))
    store.add_event(hearing, TimelineEvent("end", clock.advance(minutes=20)))
    assert [e.kind for e in store.events(hearing)] == ["start", "suspend", "resume", "end"]
    assert store.hearing(hearing).status == "closed"
    with pytest.raises(StoreError, match="close"):
        store.set_answer(hearing, "notes", "après coup")
    with pytest.raises(StoreError):
        store.add_entry(hearing, None, "Q", "R")


def test_full_text_search_over_numbers_names_and_words_said(store, hearing):
    other = store.create_case("2026/000999", "Affaire c/ Y : recours")
    store.add_entry(hearing, "recrutement", "Décrivez le lieu.", "Un salon de massage à Villeurbanne.")
    store.set_answer(hearing, "suspects", [{"surnom": "Le Gitan"}])
    store.add_person(other, {"nom": "Zhang", "prenoms": "Wei 王伟"})
    found = lambda q: [c.procedure_number for c in store.search(q)]  # noqa: E731
    assert found("villeurbanne") == ["2026/000450"]
    assert found("VILLEUR") == ["2026/000450"]
    assert found("lucia") == ["2026/000450"]  # accents ignored
    assert found("gitan") == ["2026/000450"]
    assert found("zhang") == ["2026/000999"]
    assert found("000999") == ["2026/000999"]
    assert found('" OR * -') == []  # operators typed by a user are plain text
    assert len(found("")) == 2


def test_audit_log_is_hash_chained_and_append_only(store, hearing):
    store.set_answer(hearing, "notes", "premier")
    store.set_answer(hearing, "notes", "second")
    entries = store.audit_entries()
    assert entries[-1].action == "field_changed"
    assert entries[-1].detail == {"field": "notes", "old": "premier", "new": "second"}
    assert entries[-1].actor == "Capitaine de police Camille LEFÈVRE"
    # Sealed with the database's own secret (HMAC-SHA256), from its first entry on; from m010 (here from the
    # first entry, the database being new) an entry seals a salted digest of its detail, and names its account.
    secret, since = store._db.execute("SELECT secret, since FROM audit_key").fetchone()
    assert since == 1 and len(secret) == 32
    assert store._db.execute("SELECT since FROM audit_format").fetchone()[0] == 1
    previous = ""
    raw = store._db.execute("SELECT id, detail, detail_salt, detail_digest FROM audit_log ORDER BY id").fetchall()
    for entry, (entry_id, detail, salt, detail_digest) in zip(entries, raw, strict=True):
        assert entry.id == entry_id and len(salt) == 16
        assert detail == json.dumps(entry.detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert detail_digest == hashlib.sha256(salt + detail.encode()).hexdigest()
        row = {
            "at": entry.at,
            "account": entry.account,
            "actor": entry.actor,
            "action": entry.action,
            "case_id": entry.case_id,
            "hearing_id": entry.hearing_id,
            "detail_digest": detail_digest,
            "prev_hash": previous,
        }
        message = previous + json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        expected = hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()
        assert entry.prev_hash == previous and entry.hash == expected
        previous = entry.hash
    with pytest.raises(Exception, match="append-only"):
        store._db.execute("UPDATE audit_log SET action = 'x'")
    with pytest.raises(Exception, match="append-only"):
        store._db.execute("DELETE FROM audit_log")
    # The one update allowed is a purge's: detail and salt blanked together, nothing else touched.
    with pytest.raises(Exception, match="append-only"):
        store._db.execute("UPDATE audit_log SET detail = NULL WHERE id = 1")
    with pytest.raises(Exception, match="append-only"):
        store._db.execute("UPDATE audit_log SET detail = NULL, detail_salt = NULL, actor = 'x' WHERE id = 1")
    with pytest.raises(Exception, match="append-only"):
        store._db.execute("UPDATE audit_log SET detail = '{}', detail_salt = NULL WHERE id = 1")


def test_a_detail_blanked_outside_a_recorded_purge_breaks_the_chain(store, hearing):
    store.set_answer(hearing, "notes", "MARQUEUR-UNIQUE-7731")
    last = store.audit_entries()[-1].id
    store._db.execute("UPDATE audit_log SET detail = NULL, detail_salt = NULL WHERE id = ?", [last])
    report = store.verify_audit()
    assert not report.ok and report.first_bad == last and "hors d'une purge" in report.problem


def test_case_status_and_listing(store):
    a = store.create_case("A-1")
    b = store.create_case("B-2")
    store.set_case_status(a, "archived")
    assert [c.procedure_number for c in store.cases()] == ["B-2"]
    assert [c.procedure_number for c in store.cases(("archived",))] == ["A-1"]
    with pytest.raises(StoreError):
        store.create_case("   ")
    store.update_case(b, heading="Affaire c/ Z")
    assert store.case(b).heading == "Affaire c/ Z"


def test_exports_are_recorded(store, hearing, clock):
    store.record_export(hearing, "pv", "/tmp/pv.docx", "ab" * 32)
    [record] = store.exports(hearing)
    assert record.sha256 == "ab" * 32 and record.created_at == clock.now.isoformat()
    assert store.integrity_ok()


def test_clock_is_used_for_timestamps(store, clock):
    clock.now = dt.datetime(2027, 1, 2, 3, 4, 5)  # a naive time is local time
    case_id = store.create_case("X")
    offset = dt.datetime(2027, 1, 2, 3, 4, 5).astimezone().strftime("%z")
    assert store.case(case_id).created_at == f"2027-01-02T03:04:05{offset[:3]}:{offset[3:]}"


def test_writes_to_an_unknown_hearing_are_refused(store):
    with pytest.raises(StoreError, match="introuvable"):
        store.set_answer(999, "notes", "rien")
    with pytest.raises(StoreError, match="introuvable"):
        store.add_entry(999, None, "Q", "R")


def test_audit_actor_follows_the_profile_even_when_another_connection_changes_it(data_paths, store, hearing, clock):
    from audition_assistant.core.store import Profile

    store.set_answer(hearing, "notes", "un")
    assert store.audit_entries()[-1].actor == "Capitaine de police Camille LEFÈVRE"
    store.save_profile(Profile(nom="Martin", prenom="Jeanne", grade="Lieutenant"))
    store.set_answer(hearing, "notes", "deux")
    assert store.audit_entries()[-1].actor == "Lieutenant Jeanne MARTIN"
    other = Store.open(data_paths.database, "correct horse battery staple", clock=clock)
    other.save_profile(Profile(nom="Bernard", prenom="Luc", grade="Brigadier"))
    other.close()
    store.set_answer(hearing, "notes", "trois")
    assert store.audit_entries()[-1].actor == "Brigadier Luc BERNARD"


def test_search_finds_each_case_once_through_any_hearing(store, template):
    case_id = store.create_case("2026/000777", "Affaire c/ Z")
    ids = []
    for name in ("Alpha", "Beta"):
        person = store.add_person(case_id, {"nom": name, "prenoms": "X"})
        ids.append(store.create_hearing(case_id, person, template.source))
    for hearing_id in ids:
        store.add_entry(hearing_id, None, "Où logiez-vous ?", "À l'hôtel Terminus, près de la gare.")
        store.set_answer(hearing_id, "notes", "Hôtel Terminus")
    other = store.create_case("2026/000778")
    assert [c.id for c in store.search("terminus")] == [case_id]
    assert [c.hearing_count for c in store.search("terminus gare")] == [2]
    assert {c.id for c in store.search("")} == {case_id, other}
    store.delete_entry(store.entries(ids[0])[0].id)
    assert [c.id for c in store.search("gare")] == [case_id]


def test_profile_keeps_the_force_and_an_old_profile_reads_without_one(store, investigator):
    """Migration m003 adds the force; a profile saved before it reads as "" (no force line)."""
    assert store.profile().force == ""
    store.save_profile(dataclasses.replace(investigator, force="gendarmerie"))
    assert store.profile() == dataclasses.replace(investigator, force="gendarmerie")
