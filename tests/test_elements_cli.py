"""The command line's elements: each element of a hearing's charges shown abordé or non abordé, tagged and untagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from audition_assistant import cli
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int]:
    """A data folder with an open hearing of a case qualified under 225-5, two entries in it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    workspace = Workspace.open(DataPaths(folder), PASSPHRASE, backup=False, create=True)
    try:
        case_id = workspace.create_case(procedure_number="2026/000318", qualification="proxénétisme, art. 225-5 CP")
        template = workspace.catalog.get("audition-victime-majeure")
        hearing = workspace.new_hearing(case_id, template, identity={"nom": "Ruiz", "prenoms": "Ana"})
        workspace.store.add_entry(hearing, None, "Racontez-moi.", "Elle gardait l'argent.")
        workspace.store.add_entry(hearing, None, "Et ensuite ?", "Elle fixait les rendez-vous.")
    finally:
        workspace.close()
    return folder, hearing


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_elements_show_tag_and_untag(data: tuple[Path, int], capsys: pytest.CaptureFixture[str]):
    _folder, hearing = data
    code, out, err = call(capsys, "elements", "show", "--hearing", str(hearing))
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [line[0] for line in lines] == [
        "cp-225-5.aide",
        "cp-225-5.profit",
        "cp-225-5.embauche",
        "cp-225-5.pression",
    ]
    assert all(line[1:3] == ["non abordé", ""] and line[3] == "élément" for line in lines)

    for number in ("2", "1", "1"):
        code, out, err = call(
            capsys, "elements", "tag", "--hearing", str(hearing), "--entry", number, "--element", "cp-225-5.profit"
        )
        assert code == 0, err
    code, out, _ = call(capsys, "elements", "show", "--hearing", str(hearing))
    assert out.splitlines()[1].split("\t")[:3] == ["cp-225-5.profit", "abordé", "Q1, Q2"]

    code, out, err = call(
        capsys, "elements", "untag", "--hearing", str(hearing), "--entry", "2", "--element", "cp-225-5.profit"
    )
    assert code == 0, err
    code, out, _ = call(capsys, "elements", "show", "--hearing", str(hearing))
    assert out.splitlines()[1].split("\t")[:3] == ["cp-225-5.profit", "abordé", "Q1"]
    code, out, _ = call(capsys, "audit", "verify")
    assert code == 0, out


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--entry", "3", "--element", "cp-225-5.aide"], 2, "no entry Q3"),
        (["--entry", "1", "--element", "cp-225-5.inconnu"], 1, "inconnu"),
        (["--entry", "1", "--element", "cp-225-4-1.acte"], 0, ""),  # any known element, even of another charge
    ],
)
def test_a_wrong_entry_or_element_is_said_and_nothing_changes(data, capsys, args, code, said):
    _folder, hearing = data
    result, _out, err = call(capsys, "elements", "tag", "--hearing", str(hearing), *args)
    assert result == code and said in err
    assert "Traceback" not in err


def test_an_unknown_hearing_is_said_in_french(data, capsys):
    code, _out, err = call(capsys, "elements", "show", "--hearing", "999")
    assert code == 1 and "Audition n° 999 introuvable" in err
