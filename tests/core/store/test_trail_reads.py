"""Opening reads a few rows of the audit trail, however long it is: never the whole trail."""

from __future__ import annotations

from audition_assistant.core.export.model_import import ACTION, imported_hashes
from audition_assistant.core.store import Store

PASS = "correct horse battery staple"


def statements_while(store: Store, job) -> list[str]:
    seen: list[str] = []
    conn = store._db.conn
    conn.set_trace_callback(seen.append)
    try:
        job()
    finally:
        conn.set_trace_callback(None)
    return seen


def plan(store: Store, sql: str, params: list[str]) -> str:
    return " ".join(str(row[-1]) for row in store._db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_models_imported_are_found_through_the_index_on_the_action(data_paths, clock):
    with Store.open(data_paths.database, PASS, clock=clock) as store:
        store.record(ACTION, model="notice_droits_victime", sha256="a" * 64)
        store.record("unlock_failed", attempts=1)
        store.record(ACTION, model="notice_droits_victime", sha256="b" * 64)
        assert imported_hashes(store) == {"notice_droits_victime": "b" * 64}  # the last import wins
        read = [s for s in statements_while(store, lambda: imported_hashes(store)) if "audit_log" in s]
        assert read and all("action IN" in s for s in read)
        by_action = "SELECT * FROM audit_log WHERE action IN (?) ORDER BY id"
        assert "idx_audit_log_action" in plan(store, by_action, [ACTION])


def test_a_sound_anchor_is_checked_by_reading_its_own_entry_not_the_restores(data_paths, clock):
    with Store.open(data_paths.database, PASS, clock=clock) as store:
        store.record("unlock_failed", attempts=1)
        store.flush_anchor()
    reopened = Store.open(data_paths.database, PASS, clock=clock)
    try:
        seen = statements_while(reopened, lambda: reopened._trail.check(reopened._db.conn, False))
        assert reopened.anchor_problem is None
        assert not [s for s in seen if "action IN" in s]  # the restores are looked for only on a mismatch
    finally:
        reopened.close()
