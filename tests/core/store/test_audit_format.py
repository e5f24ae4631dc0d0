"""Migration m010 on a trail written before it: every entry still verifies, and every one may be purged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audition_assistant.core.store import Store, audit

RELEASE = Path(__file__).parents[2] / "fixtures" / "release-0.1.0"
PASS = "correct horse battery staple"


@pytest.fixture
def old_store(tmp_path):
    for name in ("audition-assistant.db", "audition-assistant.db.ancre"):
        shutil.copy(RELEASE / name, tmp_path / name)
    store = Store.open(tmp_path / "audition-assistant.db", PASS)
    yield store
    store.close()


def test_entries_sealed_before_m010_keep_their_hash_and_gain_a_digest_of_their_detail(old_store):
    conn = old_store._db.conn
    since = audit.load_format(conn).since
    assert since == 414  # the release's 413 entries came before
    for detail, salt, digest in conn.execute("SELECT detail, detail_salt, detail_digest FROM audit_log"):
        assert len(salt) == audit.SALT_BYTES and digest == audit.detail_digest(salt, detail)
    report = old_store.verify_audit(replay=True)
    assert report.ok, report.problems


def test_an_old_entry_blanked_verifies_only_when_a_purge_lists_it(old_store):
    conn = old_store._db.conn
    conn.execute("UPDATE audit_log SET detail = NULL, detail_salt = NULL WHERE id = 40")
    report = old_store.verify_audit()
    assert not report.ok and report.first_bad == 40 and "hors d'une purge" in report.problem
    old_store.record(audit.PURGE_ACTION, entrees=[[40, 40]])
    assert old_store.verify_audit().ok
    # Its neighbours still verify from their content: an edit to one of them is caught.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET action = 'x' WHERE id = 41")
    assert old_store.verify_audit().first_bad == 41


def test_a_walk_from_an_entry_on_checks_the_entries_after_it_and_their_link_to_it(old_store):
    conn = old_store._db.conn
    key = audit.load_key(conn)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    assert audit.walk(conn, key, after=last - 10) == (10, None, "")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET action = 'x' WHERE id = ?", [last - 20])
    assert audit.walk(conn, key, after=last - 10)[1] is None  # before the walk's start
    assert audit.walk(conn, key, after=last - 30)[1] == last - 20
    conn.execute("UPDATE audit_log SET hash = 'f' WHERE id = ?", [last - 10])
    assert audit.walk(conn, key, after=last - 10)[1] == last - 9  # the first entry walked no longer links to it
