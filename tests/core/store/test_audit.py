"""The audit trail holds against someone who has the database key.

Each test alters a real data folder through a raw SQLCipher connection, with
the passphrase, as such a person would, then expects ``audit verify`` (the
CLI) and the opening check (the maintenance job the window runs) to say so.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from audition_assistant import cli
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store, cipher
from audition_assistant.core.store import audit as trail
from audition_assistant.core.workspace import Workspace

PASS = "une phrase secrète pour les tests"


@pytest.fixture
def data(tmp_path, monkeypatch, small_raw, capsys) -> Path:
    """A data folder with one closed hearing (answers, two questions, timeline) exported from an answers file."""
    folder = tmp_path / "data"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "essai.yaml").write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    answers = {
        "format": "audition-assistant/answers",
        "version": 1,
        "template": "essai",
        "investigator": {"nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ"},
        "case": {"procedure_number": "2026/000321", "heading": "Affaire c/ X"},
        "hearing": {"pv_number": "2026/000321/00002", "place": "Lyon"},
        "answers": {
            "cadre": "preliminaire",
            "victime": {"nom": "Wang", "prenoms": "Fang", "nationalite": "chinoise"},
            "droits": True,
            "delai_reflexion": True,
            "notes": "Elle s'exprime calmement.",
        },
        "timeline": [{"event": "start", "at": "2026-03-14T09:00:00"}, {"event": "end", "at": "2026-03-14T10:00:00"}],
        "transcript": [
            {"theme": "recit", "question": "Racontez-moi.", "answer": "Réponse un.", "at": "2026-03-14T09:05:00"},
            {"theme": None, "question": "Et ensuite ?", "answer": "Réponse deux.", "at": "2026-03-14T09:10:00"},
        ],
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["--create", "fill", "--answers", str(path), "--out", str(tmp_path / "out")]) == 0
    assert cli.main(["audit", "verify"]) == 0
    capsys.readouterr()
    return folder


def database(folder: Path) -> Path:
    return DataPaths(folder).database


def attacker(folder: Path) -> Any:
    """A raw SQLCipher connection opened with the key, outside the application."""
    return cipher.connect(database(folder), PASS)


def verify(capsys) -> tuple[int, str]:
    code = cli.main(["audit", "verify"])
    return code, capsys.readouterr().out


def opening_message(folder: Path) -> str:
    """What the window says after its opening check (the maintenance job, then its report recorded)."""
    workspace = Workspace.open(DataPaths(folder), PASS, check=False, backup=False)
    try:
        return workspace.maintenance_done(workspace.maintenance_job(PASS, backup=False)(threading.Event()))
    finally:
        workspace.close()


def rows(conn: Any) -> list[dict[str, Any]]:
    names = ("id", "at", "account", "actor", "action", "case_id", "hearing_id", "detail", "prev_hash", "hash")
    return [dict(zip(names, r, strict=True)) for r in conn.execute(f"SELECT {', '.join(names)} FROM audit_log")]


def rewrite_trail(conn: Any, entries: list[dict[str, Any]]) -> None:
    """Replace the whole trail by ``entries``, renumbered and chained again with the application's own digest."""
    key, fmt = trail.load_key(conn), trail.load_format(conn)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log")
    for entry in entries:
        content = {k: v for k, v in entry.items() if k not in ("id", "prev_hash", "hash")}
        trail.append(conn, key, content, fmt)
    conn.execute(trail.TRIGGERS["audit_log_no_update"])
    conn.execute(trail.TRIGGERS["audit_log_no_delete"])


def assert_detected(capsys, folder: Path, expected: str) -> None:
    code, out = verify(capsys)
    assert code == cli.EXIT_INVALID and expected in out, out
    message = opening_message(folder)
    assert message.startswith("Journal d'audit altéré") and expected.rstrip(".") in message, message
    assert "Aucune sauvegarde n'a été faite" in message and "prévenez votre référent sécurité" in message


# --- each alteration, detected -----------------------------------------------------------------
def test_an_answer_of_a_closed_hearing_edited_in_the_database(data, capsys):
    conn = attacker(data)
    conn.execute("UPDATE answers SET value = '\"flagrance\"' WHERE field_id = 'cadre'")
    conn.close()
    code, out = verify(capsys)
    assert code == cli.EXIT_INVALID
    assert "Audition n° 1 (PV n° 2026/000321/00002) : la réponse « cadre » ne correspond pas au journal." in out
    assert_detected(capsys, data, "la réponse « cadre »")


def test_a_transcript_entry_of_a_closed_hearing_edited_in_the_database(data, capsys):
    conn = attacker(data)
    first = conn.execute("SELECT min(id) FROM transcript_entries").fetchone()[0]
    conn.execute("UPDATE transcript_entries SET answer = 'Je ne sais pas.' WHERE id = ?", [first])
    conn.close()
    assert_detected(capsys, data, f"l'entrée n° {first} du procès-verbal (réponse) ne correspond pas au journal")


def test_the_case_of_a_closed_hearing_edited_in_the_database(data, capsys):
    conn = attacker(data)
    conn.execute("UPDATE cases SET procedure_number = '2026/000999', qualification = 'Vol'")
    conn.close()
    code, out = verify(capsys)
    assert code == cli.EXIT_INVALID
    assert "Dossier n° 1 (procédure 2026/000999) : le numéro de procédure ne correspond pas au journal." in out
    assert "Dossier n° 1 (procédure 2026/000999) : la qualification ne correspond pas au journal." in out
    assert_detected(capsys, data, "le numéro de procédure ne correspond pas au journal")


def test_the_last_entries_deleted(data, tmp_path, capsys):
    conn = attacker(data)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id > ?", [last - 3])  # the exports' entries among them
    conn.execute(trail.TRIGGERS["audit_log_no_delete"])  # put back as it was
    conn.close()
    assert_detected(capsys, data, f"avant l'entrée n° {last} enregistrée dans son ancre")
    # Any command says so at once; and an export whose entry is gone is no longer certified.
    exported = next((tmp_path / "out").glob("*.docx"))
    assert cli.main(["verify", str(exported)]) == cli.EXIT_INVALID
    out, err = capsys.readouterr()
    assert "NOT a recorded export" in out
    assert "audition-assistant: warning: Le journal s'arrête à l'entrée n° " in err
    assert f"avant l'entrée n° {last} enregistrée dans son ancre" in err


def test_an_entry_deleted_and_the_chain_recomputed(data, capsys):
    conn = attacker(data)
    entries = rows(conn)
    exported = next(i for i, e in enumerate(entries) if e["action"] == "exported")
    del entries[exported]
    entries.append({**entries[-1], "action": "backup_made", "detail": "{}"})  # the same length as before
    rewrite_trail(conn, entries)
    conn.close()
    assert_detected(capsys, data, "n'est plus celle enregistrée dans l'ancre : le journal a été réécrit")


def test_two_entries_swapped_and_the_chain_recomputed(data, capsys):
    conn = attacker(data)
    entries = rows(conn)
    entries[3], entries[4] = entries[4], entries[3]
    rewrite_trail(conn, entries)
    conn.close()
    assert_detected(capsys, data, "le journal a été réécrit")


def test_two_entries_swapped_in_place(data, capsys):
    conn = attacker(data)
    entries = rows(conn)
    conn.execute("DROP TRIGGER audit_log_no_update")
    for target, source in ((entries[3], entries[4]), (entries[4], entries[3])):
        values = {k: source[k] for k in ("at", "action", "detail", "prev_hash", "hash")}
        conn.execute(
            "UPDATE audit_log SET at = :at, action = :action, detail = :detail, prev_hash = :prev_hash, hash = :hash "
            "WHERE id = :id",
            {**values, "id": target["id"]},
        )
    conn.execute(trail.TRIGGERS["audit_log_no_update"])
    conn.close()
    assert_detected(capsys, data, "chaînage rompu")


def test_the_append_only_triggers_dropped(data, capsys):
    conn = attacker(data)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.close()
    assert_detected(capsys, data, "déclencheur audit_log_no_update, qui protège le journal, a été supprimé.")
    assert "audit_log_no_delete, qui protège le journal, a été supprimé." in verify(capsys)[1]


def test_an_append_only_trigger_altered(data, capsys):
    conn = attacker(data)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN 0 BEGIN SELECT 1; END")
    conn.close()
    assert_detected(capsys, data, "déclencheur audit_log_no_update, qui protège le journal, a été modifié.")


def test_a_row_inserted_in_exports_certifies_nothing(data, tmp_path, capsys):
    forged = tmp_path / "faux.docx"
    forged.write_bytes(b"un document fabrique")
    conn = attacker(data)
    import hashlib

    digest = hashlib.sha256(forged.read_bytes()).hexdigest()
    conn.execute(
        "INSERT INTO exports (hearing_id, document_id, path, sha256, created_at, actor) VALUES (1, 'pv', ?, ?, "
        "'2026-03-14T10:30:00', 'Capitaine de police Camille LEFÈVRE')",
        [str(forged), digest],
    )
    conn.close()
    assert cli.main(["verify", str(forged)]) == cli.EXIT_INVALID
    out = capsys.readouterr().out
    assert "NOT a recorded export" in out and "no intact audit entry records it" in out
    assert_detected(capsys, data, "n'a pas d'entrée au journal : il n'a pas été enregistré par l'application")


def test_a_real_export_is_certified_by_its_audit_entry(data, tmp_path, capsys):
    exported = next((tmp_path / "out").glob("*.docx"))
    assert cli.main(["verify", str(exported)]) == 0
    assert "identical to the export of hearing 1" in capsys.readouterr().out


def test_the_anchor_file_removed_or_forged(data, capsys):
    anchor = trail.anchor_path(database(data))
    saved = anchor.read_bytes()
    anchor.unlink()
    assert_detected(capsys, data, "est absent alors que le journal compte")
    forged = json.loads(saved)
    forged["entries"] -= 1
    anchor.write_text(json.dumps(forged), encoding="utf-8")  # a shorter length, without the secret
    assert_detected(capsys, data, "ne porte pas la signature de cette base")


# --- the anchor after a mismatch ------------------------------------------------------------------
def test_after_a_mismatch_the_anchor_stays_until_the_trail_is_accepted(data, capsys, clock):
    with Store.open(database(data), PASS, clock=clock) as store:
        store.record("unlock_failed", attempts=1)  # the entry about to be lost
    conn = attacker(data)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = ?", [last])
    conn.execute(trail.TRIGGERS["audit_log_no_delete"])
    conn.close()
    anchor = trail.anchor_path(database(data))
    evidence = anchor.read_bytes()
    store = Store.open(database(data), PASS, clock=clock)
    assert store.anchor_problem is not None and f"avant l'entrée n° {last}" in store.anchor_problem
    for n in range(3):  # the trail grows past the anchored length: the anchor still names the lost entry
        store.record("backup_made", file=f"sauvegarde-{n}")
    assert anchor.read_bytes() == evidence
    assert "n'est plus celle enregistrée dans l'ancre" in store.verify_audit().problem
    store.close()
    assert cli.main(["audit", "accept", "--reason", "Entrée perdue après une coupure, constatée par le chef"]) == 0
    capsys.readouterr()
    code, out = verify(capsys)
    assert code == 0, out
    store = Store.open(database(data), PASS, clock=clock)
    accepted = store.audit_entries()[-1]
    assert accepted.action == "anchor_accepted"
    assert accepted.detail["reason"] == "Entrée perdue après une coupure, constatée par le chef"
    assert (
        accepted.detail["ancre_entrees"] == last and accepted.detail["journal_entrees"] == last + 3
    )  # and audit_failed, at opening
    assert store.anchor_problem is None
    store.close()


def test_the_anchor_follows_each_committed_entry(data_paths, store, clock):
    anchor = trail.anchor_path(data_paths.database)
    secret = store._db.execute("SELECT secret FROM audit_key").fetchone()[0]
    case_id = store.create_case("2026/000900")
    store.flush_anchor()  # written on a thread of its own: a save does not wait for its fsync
    assert trail.read_anchor(anchor, secret) == trail.head(store._db.conn)
    assert trail.read_anchor(anchor, secret).entries == len(store.audit_entries())
    with pytest.raises(Exception, match="obligatoire"):
        store.update_case(case_id, procedure_number=" ")
    store.flush_anchor()
    assert trail.read_anchor(anchor, secret) == trail.head(store._db.conn)


def test_a_trail_written_before_its_secret_keeps_verifying(tmp_path, clock):
    """A database from before m007: its SHA-256 entries verify, later ones are keyed, its anchor starts at once."""
    from sqlite_utils import Database

    from audition_assistant.core.store.schema import migrations

    path = tmp_path / "ancienne.db"
    conn = cipher.connect(path, PASS)
    db = Database(conn, execute_plugins=False)
    migrations.apply(db, stop_before="m007_audit_key")
    for n in range(3):
        row = {"at": f"2026-01-0{n + 1}T10:00:00", "actor": "", "action": "backup_made", "case_id": None,
               "hearing_id": None, "detail": trail.canonical({"file": f"s{n}"})}  # fmt: skip
        trail.append(conn, None, row)
    conn.close()
    assert not trail.anchor_path(path).exists()
    store = Store.open(path, PASS, clock=clock)
    store.flush_anchor()
    assert store.anchor_problem is None and trail.anchor_path(path).exists()
    store.create_case("2026/000901")
    report = store.verify_audit(replay=True)
    # The three old entries, the keyring's (the passphrase-keyed file moved to its keyring), the case.
    assert report.ok and report.entries == 5, report.problems
    assert store._db.execute("SELECT since FROM audit_key").fetchone()[0] == 4
    store.close()
