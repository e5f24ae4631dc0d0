"""``archive export`` and ``archive import`` from the command line, between two data folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"
ARCHIVE_PASSPHRASE = "la phrase dite au téléphone"


@pytest.fixture
def laptops(tmp_path, monkeypatch):
    """Two data folders with their databases (the same passphrase, for brevity), and the archive's passphrase file."""
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    folders = []
    for name in ("poste-1", "poste-2"):
        Workspace.open(DataPaths(tmp_path / name), PASSPHRASE, backup=False, create=True).close()
        folders.append(tmp_path / name)
    secret = tmp_path / "archive.txt"
    secret.write_text(ARCHIVE_PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return folders[0], folders[1], secret


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_case_moves_between_two_data_folders_and_both_audits_verify(laptops, tmp_path, capsys):
    sender, receiver, secret = laptops
    answers = tmp_path / "reponses.json"
    answers.write_text(resources.read_text("demo", "audition-victime-majeure.json"), encoding="utf-8")
    code, out, err = call(capsys, "--data-dir", str(sender), "fill", "--answers", str(answers), "--out", str(tmp_path))
    assert code == 0, err
    pv = out.splitlines()[0]
    out_file = tmp_path / "dossier.age"

    code, out, err = call(
        capsys, "--data-dir", str(sender), "archive", "export", "--case", "1", "--out", str(out_file),
        "--then", "handed-over", "--archive-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    path, number, hearings, then, sha256 = out.strip().split("\t")
    assert (Path(path), hearings, then) == (out_file, "1", "handed_over")

    code, out, err = call(
        capsys, "--data-dir", str(receiver), "archive", "import", str(out_file),
        "--archive-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    case_id, imported_number, hearing_ids, _account = out.rstrip("\n").split("\t")
    assert case_id == "1" and imported_number == number and hearing_ids == "1"

    for folder in (sender, receiver):
        code, out, err = call(capsys, "--data-dir", str(folder), "audit", "verify")
        assert code == 0, out + err
    # The receiver knows the documents the sender exported before handing the case over.
    code, out, err = call(capsys, "--data-dir", str(receiver), "verify", pv)
    assert code == 0 and "identical to the export of hearing 1" in out, out + err
    # The sender's copy is read-only now; the receiver's goes on.
    code, _out, err = call(
        capsys, "--data-dir", str(sender), "archive", "export", "--case", "1", "--out", str(tmp_path / "encore.age"),
        "--archive-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 1 and "transmis" in err
    code, out, err = call(capsys, "--data-dir", str(receiver), "audit", "show", "--hearing", "1")
    assert code == 0 and "hearing_imported" in out and sha256 not in out

    # Again: refused, nothing more recorded.
    code, _out, err = call(
        capsys, "--data-dir", str(receiver), "archive", "import", str(out_file),
        "--archive-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 1 and "déjà été importée" in err


def test_a_wrong_archive_passphrase_or_a_short_one_is_a_one_line_error(laptops, tmp_path, capsys):
    _sender, receiver, secret = laptops
    fake = tmp_path / "faux.age"
    fake.write_bytes(b"age-encryption.org/v1\n-> scrypt AAAA 18\nAAAA\n--- AAAA\n" + bytes(64))
    code, _out, err = call(
        capsys, "--data-dir", str(receiver), "archive", "import", str(fake), "--archive-passphrase-file", str(secret)
    )
    assert code == 1 and err.count("\n") == 1 and "Rien n'a été importé" in err
    short = tmp_path / "court.txt"
    short.write_text("court\n", encoding="utf-8")
    short.chmod(0o600)
    code, _out, err = call(
        capsys, "--data-dir", str(receiver), "archive", "import", str(fake), "--archive-passphrase-file", str(short)
    )
    assert code == 1 and "au moins 12" in err
    body = json.dumps({"not": "an archive"})
    (tmp_path / "autre.age").write_text(body, encoding="utf-8")
    code, _out, err = call(
        capsys, "--data-dir", str(receiver), "archive", "import", str(tmp_path / "autre.age"),
        "--archive-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 1 and "pas une archive de dossier" in err
