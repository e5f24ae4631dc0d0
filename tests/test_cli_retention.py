"""The command line's retention commands: periods shown and set, the cases due, a purge confirmed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    Workspace.open(DataPaths(folder), PASSPHRASE, backup=False, create=True).close()
    return folder


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _fill(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The demo hearing, recorded and exported today through the command line."""
    raw = json.loads(resources.read_text("demo", "audition-victime-majeure.json"))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, _out, err = call(capsys, "fill", "--answers", str(path), "--out", str(tmp_path / "out"))
    assert code == 0, err


def test_retention_set_show_and_purge(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    _fill(capsys, tmp_path)
    code, out, _ = call(capsys, "retention", "show")
    assert code == 0 and out == "retention: closed cases none, exported hearings none\n"

    code, out, _ = call(capsys, "retention", "set", "--exported-days", "0")
    assert code == 0 and out == "retention: closed cases none, exported hearings 0 days\n"
    code, out, _ = call(capsys, "retention", "set", "--closed-days", "365")
    assert code == 0 and out == "retention: closed cases 365 days, exported hearings 0 days\n"
    code, out, _ = call(capsys, "retention", "show")
    lines = out.splitlines()
    assert code == 0 and lines[1] == f"1\t2026/004512\texported\t{dt.date.today().isoformat()}"

    code, out, err = call(capsys, "purge", "--case", "1")
    assert code == 2 and "--yes" in err and out == ""
    code, out, err = call(capsys, "purge", "--case", "1", "--yes")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("purged case 1 (2026/004512): ") and "hearings 1" in lines[0]
    assert lines[2].startswith("backup: ")
    code, out, _ = call(capsys, "audit", "verify")
    assert code == 0 and out.startswith("audit trail intact: ")
    code, out, _ = call(capsys, "retention", "show")
    assert out.splitlines()[1:] == []
    code, _, err = call(capsys, "purge", "--case", "1", "--yes")
    assert code == 1 and "Dossier n° 1 introuvable." in err


def test_retention_usage_errors(data: Path, capsys: pytest.CaptureFixture[str]):
    code, _, err = call(capsys, "retention", "set")
    assert code == 2 and "--closed-days" in err
    with pytest.raises(SystemExit) as exited:
        cli.main(["retention", "set", "--closed-days", "-3"])
    assert exited.value.code == 2
    code, out, _ = call(capsys, "retention", "set", "--closed-days", "30", "--exported-days", "none")
    assert code == 0 and out == "retention: closed cases 30 days, exported hearings none\n"


def test_one_day_is_singular_and_a_negative_count_is_refused_in_plain_english(
    data: Path, capsys: pytest.CaptureFixture[str]
):
    code, out, _ = call(capsys, "retention", "set", "--closed-days", "1", "--exported-days", "2")
    assert code == 0 and out == "retention: closed cases 1 day, exported hearings 2 days\n"
    with pytest.raises(SystemExit):
        cli.main(["retention", "set", "--closed-days", "-3"])
    assert "a number of days cannot be negative: -3" in capsys.readouterr().err


def test_purging_a_case_with_one_audit_entry_says_entry_in_the_singular(data: Path, capsys: pytest.CaptureFixture[str]):
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, backup=False)
    try:
        case_id = workspace.store.create_case("2026/000334", "Affaire sans audition")
    finally:
        workspace.close()
    code, out, err = call(capsys, "purge", "--case", str(case_id), "--yes")
    assert code == 0, err
    assert "audit trail: 1 entry blanked, one case_purged entry lists it\n" in out


def test_a_period_too_long_is_refused_with_its_bounds_written_the_french_way(
    data: Path, capsys: pytest.CaptureFixture[str]
):
    code, _, err = call(capsys, "retention", "set", "--closed-days", "999999")
    assert code == 1
    assert "Durée de conservation invalide\u00a0: 999\u202f999 jours (de 0 à 36\u202f600)." in err
