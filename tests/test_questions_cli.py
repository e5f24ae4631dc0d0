"""« questions classify »: the real command, questions on standard input, one line out per line in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"
pytestmark = pytest.mark.slow


def classify(stdin: bytes, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "audition_assistant", *args, "questions", "classify"],
        input=stdin,
        capture_output=True,
        env=env if env is not None else os.environ.copy(),
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_one_line_out_per_line_in_without_a_database(tmp_path):
    environment = {**os.environ, "AUDITION_ASSISTANT_DATA_DIR": str(tmp_path / "nowhere")}
    environment.pop("AUDITION_ASSISTANT_PASSPHRASE", None)
    questions = [
        "Racontez-moi ce qui s'est passé.",
        "",
        "Où était-il ?",
        "Vous a-t-il frappée, n’est-ce pas ?",
        "   ",
        "Était-ce le matin ou le soir ?",
        "Combien de fois vous a-t-il frappée ?",
    ]
    # A BOM, CRLF line ends and no end of line after the last question.
    stdin = b"\xef\xbb\xbf" + "\r\n".join(questions).encode("utf-8")
    code, out, err = classify(stdin, env=environment)
    assert (code, err) == (0, "")
    assert out.split("\n") == [
        "invitation\t",
        "",
        "directive\tquestion ouverte sur un détail (où)",
        "suggestive\tformule finale « n'est-ce pas » : suggère la réponse",
        "",
        "option\tquestion à choix : … le matin ou le soir ?",
        "suggestive\tintroduit « frappée », que la personne n'a pas dit",
        "",
    ]
    assert not (tmp_path / "nowhere").exists()  # no database, no data folder


def test_invalid_utf8_is_a_clear_error_after_the_lines_before_it(tmp_path):
    code, out, err = classify(b"Et ensuite ?\n\xff\xfe\nRacontez-moi.\n")
    assert code == 1
    assert out == "invitation\t\n"
    assert "ligne 2" in err and "UTF-8" in err and "Traceback" not in err


@pytest.fixture
def hearing(tmp_path, monkeypatch, small_raw) -> tuple[Path, int]:
    """A data folder with a hearing whose answers speak of a passport taken and blows."""
    data = tmp_path / "data"
    (data / "templates").mkdir(parents=True)
    (data / "templates" / "essai.yaml").write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    Workspace.open(DataPaths(data), PASSPHRASE, backup=False, create=True).close()
    body = {
        "format": "audition-assistant/answers",
        "version": 1,
        "template": "essai",
        "investigator": {"nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ"},
        "case": {"procedure_number": "2026/000777", "heading": "Affaire c/ X"},
        "hearing": {"pv_number": "2026/000777/00001"},
        "answers": {"cadre": "preliminaire", "victime": {"nom": "Popescu", "prenoms": "Ioana"}, "droits": True,
                    "delai_reflexion": True},
        "timeline": [{"event": "start", "at": "2026-03-14T09:00:00"}, {"event": "end", "at": "2026-03-14T10:00:00"}],
        "transcript": [
            {"theme": "recit", "question": "Racontez-moi.", "answer": "Florin a gardé mes passeports.",
             "at": "2026-03-14T09:05:00"},
            {"theme": None, "question": "Et ensuite ?", "answer": "Il me frappait quand je refusais.",
             "at": "2026-03-14T09:10:00"},
        ],
    }  # fmt: skip
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "audition_assistant", "fill", "--answers", str(answers), "--out", str(out)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, backup=False)
    try:
        hearing_id = max(h.id for case in workspace.store.cases() for h in workspace.store.hearings(case.id))
    finally:
        workspace.close()
    return data, hearing_id


def test_the_hearing_answers_are_what_she_has_said_and_the_read_is_audited(hearing):
    data, hearing_id = hearing
    stdin = "Aviez-vous votre passeport ?\nCombien de fois vous a-t-il frappée ?\nQui a gardé votre téléphone ?\n"
    # Without --hearing, nothing said: each question's detail is new.
    code, out, err = classify(stdin.encode("utf-8"), "--data-dir", str(data))
    assert code == 0, err
    assert [line.split("\t")[0] for line in out.splitlines()] == ["suggestive", "suggestive", "suggestive"]
    proc = subprocess.run(
        [sys.executable, "-m", "audition_assistant", "questions", "classify", "--hearing", str(hearing_id)],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8").splitlines() == [
        "option\tappelle un oui ou un non",
        "directive\tquestion ouverte sur un détail (combien)",
        "suggestive\tintroduit « téléphone », que la personne n'a pas dit",
    ]
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, backup=False)
    try:
        reads = [e for e in workspace.store.audit_entries(hearing_id) if e.action == "hearing_opened"]
    finally:
        workspace.close()
    assert reads and reads[-1].detail == {"ecran": "ligne de commande, classement des questions"}


def test_an_unknown_hearing_is_a_french_error(hearing):
    proc = subprocess.run(
        [sys.executable, "-m", "audition_assistant", "questions", "classify", "--hearing", "999"],
        input=b"Et ensuite ?\n",
        capture_output=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert "Audition n° 999 introuvable." in proc.stderr.decode("utf-8")
