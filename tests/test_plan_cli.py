"""The command line's plan and evaluation: a plan set from a file and shown back, the document exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.readers import docx_text, flat

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.evaluation import HEADING
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store

PASSPHRASE = "une phrase secrète pour les tests"
PLAN_YAML = """\
objectives:
  - Établir le trajet depuis Craiova
  - Identifier le logeur
elements: |
  cp-225-4-1.moyen
  Les conditions de travail
known_facts: [Le passeport retenu par le logeur]
welfare: [Repas à midi]
interpreter_language: roumain
breaks: [Pause à 11 h]
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder holding the demo hearing (number 1), filled through the command line."""
    folder = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    answers = tmp_path / "answers.json"
    answers.write_text(resources.read_text("demo", "audition-victime-majeure.json"), encoding="utf-8")
    code, _out, err = call(capsys, "--create", "fill", "--answers", str(answers), "--out", str(tmp_path / "pv"))
    assert code == 0, err
    return folder


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_plan_set_from_yaml_is_shown_back_as_json_that_sets_it_again(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code, _out, err = call(capsys, "plan", "show", "--hearing", "1")
    assert code == 1 and "has no plan yet" in err

    source = tmp_path / "plan.yaml"
    source.write_text(PLAN_YAML, encoding="utf-8")
    code, out, err = call(capsys, "plan", "set", "--hearing", "1", "--file", str(source))
    assert code == 0, err
    code, shown, _ = call(capsys, "plan", "show", "--hearing", "1")
    assert code == 0 and shown == out
    plan = json.loads(shown)
    assert plan["objectives"] == ["Établir le trajet depuis Craiova", "Identifier le logeur"]
    assert plan["elements"] == ["cp-225-4-1.moyen", "Les conditions de travail"]
    assert plan["interpreter_language"] == "roumain" and plan["checked"] == []

    plan["checked"] = ["objectives:Identifier le logeur"]
    again = tmp_path / "plan.json"
    again.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    code, out, err = call(capsys, "plan", "set", "--hearing", "1", "--file", str(again))
    assert code == 0 and json.loads(out)["checked"] == ["objectives:Identifier le logeur"], err

    with Store.open(DataPaths(data).database, PASSPHRASE) as store:
        assert [e.action for e in store.audit_entries(1)].count("plan_saved") == 2


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("- une liste\n", "holds a mapping"),
        ("objectifs: [Oups]\n", "unknown key(s) objectifs"),
        ("objectives: {a: 1}\n", "objectives is a list of lines"),
        ("interpreter_name: [Mme Voda]\n", "interpreter_name is a text"),
        ("objectives: [\n", "not a JSON or YAML file"),
    ],
)
def test_a_wrong_plan_file_is_named_and_changes_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, said: str
):
    source = tmp_path / "plan.yaml"
    source.write_text(content, encoding="utf-8")
    code, out, err = call(capsys, "plan", "set", "--hearing", "1", "--file", str(source))
    assert code == 1 and said in err and out == "" and "Traceback" not in err
    code, _out, _err = call(capsys, "plan", "show", "--hearing", "1")
    assert code == 1


def test_the_evaluation_is_exported_in_each_format_asked_for_and_recorded(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out_dir = tmp_path / "evaluation"
    asked = ("--hearing", "1", "--format", "docx,pdf", "--out", str(out_dir))
    code, out, err = call(capsys, "evaluation", "export", *asked)
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert [p.suffix for p in paths] == [".docx", ".pdf"] and all(p.parent == out_dir and p.is_file() for p in paths)
    assert HEADING in flat(docx_text(paths[0]))
    with Store.open(DataPaths(data).database, PASSPHRASE) as store:
        assert [e.document_id for e in store.exports(1)][-2:] == ["evaluation", "evaluation"]

    code, _out, err = call(capsys, "evaluation", "export", "--hearing", "1", "--format", "rtf")
    assert code != 0 and "Format inconnu" in err
    code, _out, err = call(capsys, "evaluation", "export", "--hearing", "99")
    assert code != 0 and "introuvable" in err and "Traceback" not in err
