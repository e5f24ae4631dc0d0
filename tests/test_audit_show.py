"""``audit show``: the whole trail or a part of it (a case, a hearing, an account, reads or changes, from a day),
one tab-separated line per entry, the account and whether it read or changed added after the first columns."""

from __future__ import annotations

import json

import pytest
import yaml

from audition_assistant import cli
from audition_assistant.cli_contract import EXIT_USAGE
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store

PASS = "une phrase secrète pour les tests"


def answers_file(tmp_path, number: str) -> str:
    body = {
        "format": "audition-assistant/answers",
        "version": 1,
        "template": "essai",
        "investigator": {"nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ"},
        "case": {"procedure_number": number, "heading": "Affaire c/ X"},
        "hearing": {"pv_number": f"{number}/00001"},
        "answers": {"cadre": "preliminaire", "victime": {"nom": "Wang", "prenoms": "Fang"}, "droits": True},
    }
    path = tmp_path / f"{number.replace('/', '-')}.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def data(tmp_path, monkeypatch, small_raw, capsys):
    """Two cases, each with one hearing filled and exported from the command line; then two accounts' reads."""
    folder = tmp_path / "data"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "essai.yaml").write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    out = str(tmp_path / "out")
    assert cli.main(["--create", "fill", "--answers", answers_file(tmp_path, "2026/000101"), "--out", out]) == 0
    assert cli.main(["fill", "--answers", answers_file(tmp_path, "2026/000202"), "--out", out]) == 0
    assert cli.main(["export", "--hearing", "2", "--out", out, "--format", "txt"]) == 0
    store = Store.open(DataPaths(folder).database, PASS)
    try:
        for account, hearing in (("adj.martin", 1), ("bgdc.leroy", 2)):
            store.account = account
            store.record_read("hearing_opened", hearing_id=hearing, ecran="audition")
        store.record_read("searched", requete="Wang", resultats=2)
    finally:
        store.close()
    capsys.readouterr()
    return folder


def show(capsys, *options: str) -> list[list[str]]:
    assert cli.main(["audit", "show", *options]) == 0
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_the_whole_trail_with_the_added_columns_at_the_end(data, capsys):
    lines = show(capsys)
    assert all(len(line) == 8 for line in lines)
    at, actor, action, detail, account, kind, case, hearing = lines[-1]
    assert (action, account, kind, case, hearing) == ("searched", "bgdc.leroy", "read", "-", "-")
    assert json.loads(detail) == {"requete": "Wang", "resultats": 2} and at.startswith("20")
    # The actor is the acting account's profile: the accounts set by hand here have none, the first one has.
    assert actor == "-" and any(line[1] != "-" for line in lines)
    assert {line[5] for line in lines} == {"read", "change"}
    assert ("hearing_created", "change") in {(line[2], line[5]) for line in lines}


def test_a_hearings_lines_keep_their_first_four_columns(data, capsys):
    lines = show(capsys, "--hearing", "1")
    assert lines and all(line[7] == "1" for line in lines)
    assert [line[2] for line in lines][:1] == ["hearing_created"]
    exported = [line for line in lines if line[2] == "exported"]
    assert exported and all(line[5] == "read" and line[6] == "1" for line in exported)  # an export names its case


def test_a_case_lists_its_own_entries_and_its_hearings(data, capsys):
    lines = show(capsys, "--case", "2")
    # The case's own entries, and its hearing's (a change to a hearing names only the hearing).
    assert lines and all(line[6] == "2" or line[7] == "2" for line in lines)
    assert {line[7] for line in lines} == {"-", "2"}
    assert "case_created" in {line[2] for line in lines}
    assert sum(line[2] == "exported" for line in lines) >= 2  # the fill's export, then the command's


def test_reads_or_changes_only(data, capsys):
    reads = show(capsys, "--reads")
    assert {line[2] for line in reads} == {"exported", "hearing_opened", "searched"}
    changes = show(capsys, "--changes")
    assert changes and {line[5] for line in changes} == {"change"}
    assert len(reads) + len(changes) == len(show(capsys))


def test_one_accounts_reads_of_one_case(data, capsys):
    lines = show(capsys, "--account", "adj.martin", "--reads", "--case", "1")
    assert [(line[2], line[4], line[6], line[7]) for line in lines] == [("hearing_opened", "adj.martin", "1", "1")]
    assert show(capsys, "--account", "adj.martin", "--case", "2") == []


def test_since_a_day(data, capsys):
    everything = show(capsys)
    first_day = min(line[0][:10] for line in everything)
    assert show(capsys, "--since", first_day) == everything
    assert show(capsys, "--since", "2999-01-01") == []


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--since", "14/03/2026"), "not a day (YYYY-MM-DD): 14/03/2026"),
        (("--reads", "--changes"), "not allowed with argument"),
    ],
)
def test_a_filter_misspelt_is_a_usage_error(data, capsys, options, said):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["audit", "show", *options])
    assert stopped.value.code == 2 and said in capsys.readouterr().err


@pytest.mark.parametrize(("option", "said"), [("--case", "Dossier n° 9 introuvable."), ("--hearing", "Audition n° 9")])
def test_an_unknown_case_or_hearing_is_said(data, capsys, option, said):
    assert cli.main(["audit", "show", option, "9"]) == 1
    assert said in capsys.readouterr().err


def test_the_account_filter_after_the_command_leaves_the_acting_account_before_it(data, capsys):
    from audition_assistant.core.store import keyring

    acting = keyring.accounts_of(DataPaths(data).database)
    assert len(acting) == 1 and acting[0] != "adj.martin"
    lines = show(capsys, "--account", "adj.martin")
    assert cli.main(["--account", acting[0], "audit", "show", "--account", "adj.martin"]) == 0
    assert [line.split("\t") for line in capsys.readouterr().out.splitlines()] == lines
    assert [line[4] for line in lines] == ["adj.martin"]
    # The acting account is the global option's: one the station does not have is refused, whatever the filter.
    assert cli.main(["--account", "adj.martin", "audit", "show", "--account", "adj.martin"]) == EXIT_USAGE
    assert "no account 'adj.martin' on this station" in capsys.readouterr().err
