"""The ``accounts`` commands and ``--account``, through the command line's entry point."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audition_assistant.cli import main
from audition_assistant.core.store import Store, keyring

PASS = "correct horse battery staple"
BOB = "brouillard matinal sur la Seine"


@pytest.fixture
def station(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    monkeypatch.delenv("AUDITION_ASSISTANT_ACCOUNT", raising=False)
    assert main(["--create", "backup"]) == 0
    return data


def secret_file(folder: Path, text: str) -> str:
    path = folder / f"phrase-{len(text)}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return str(path)


def test_accounts_add_list_reset_remove(station, tmp_path, capsys, monkeypatch):
    admin = keyring.load(station / "audition-assistant.db").names()[0]
    capsys.readouterr()
    assert main(["accounts", "add", "bob", "--new-passphrase-file", secret_file(tmp_path, BOB)]) == 0
    assert main(["accounts", "list"]) == 2  # two accounts now: which one is typing must be said
    assert "several accounts" in capsys.readouterr().err
    assert main(["--account", admin, "accounts", "list"]) == 0
    lines = [line.split("\t")[:2] for line in capsys.readouterr().out.splitlines()]
    assert lines == [[admin, "admin"], ["bob", "user"]]

    monkeypatch.setenv("AUDITION_ASSISTANT_ACCOUNT", "bob")
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", BOB)
    assert main(["accounts", "list"]) == 0
    assert main(["accounts", "add", "eve", "--new-passphrase-file", secret_file(tmp_path, PASS + "!")]) == 1
    assert "administrateur" in capsys.readouterr().err
    assert main(["--account", "personne", "backup"]) == 2
    assert "accounts: " in capsys.readouterr().err

    monkeypatch.setenv("AUDITION_ASSISTANT_ACCOUNT", admin)
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    new = "une nouvelle phrase pour Bob"
    assert main(["accounts", "reset", "bob", "--new-passphrase-file", secret_file(tmp_path, new)]) == 0
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", BOB)
    assert main(["--account", "bob", "backup"]) == 3
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    capsys.readouterr()
    assert main(["accounts", "remove", "bob"]) == 0
    out = capsys.readouterr().out
    assert "account bob removed" in out and "re-encrypted:" in out
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", new)
    assert main(["--account", "bob", "backup"]) == 2  # no such account any more
    monkeypatch.delenv("AUDITION_ASSISTANT_ACCOUNT")
    assert main(["backup"]) == 3  # the only account's passphrase it is not
    store = Store.open(station / "audition-assistant.db", PASS)
    actions = [e.action for e in store.audit_entries()]
    store.close()
    assert {"account_added", "account_reset", "account_removed"} <= set(actions)
