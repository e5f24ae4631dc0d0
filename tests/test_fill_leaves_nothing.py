"""A ``fill`` whose export fails leaves nothing behind: a retry records the hearing once, under its PV number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audition_assistant import cli
from audition_assistant.core import answers_file
from audition_assistant.core.export import exporter
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"
DEMO = Path(__file__).parents[1] / "resources" / "demo" / "audition-victime-majeure.json"


@pytest.fixture
def env(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    return data


def recorded(data: Path) -> tuple[list[str], list[str], int]:
    """The cases' numbers, the hearings' PV numbers and the number of recorded exports."""
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, backup=False, check=False)
    try:
        store = workspace.store
        cases = store.cases()
        hearings = [h for c in cases for h in store.hearings(c.id)]
        exports = sum(len(store.exports(h.id)) for h in hearings)
        return [c.procedure_number for c in cases], [h.pv_number for h in hearings], exports
    finally:
        workspace.close()


def fill(capsys, out: Path) -> tuple[int, str]:
    code = cli.main(["--create", "fill", "--answers", str(DEMO), "--out", str(out)])
    return code, capsys.readouterr().err


def test_a_fill_into_an_unusable_folder_records_nothing_and_a_retry_records_it_once(env, tmp_path, capsys):
    blocker = tmp_path / "un-fichier"
    blocker.write_text("x")
    code, err = fill(capsys, blocker / "documents")
    assert code == 1 and "Impossible de créer le dossier d'export" in err
    assert recorded(env) == ([], [], 0)
    code, err = fill(capsys, tmp_path / "documents")
    assert code == 0, err
    cases, hearings, exports = recorded(env)
    assert cases == ["2026/004512"] and hearings == ["2026/004512/00017"]
    assert exports == len(list((tmp_path / "documents").iterdir()))


def test_a_write_failing_after_the_first_document_removes_the_documents_already_written(
    data_paths, store, tmp_path, monkeypatch
):
    workspace = Workspace(data_paths, store)
    filled = answers_file.read(DEMO, workspace.catalog)
    real, calls = exporter.write_new, []

    def second_fails(folder, name, data):
        calls.append(name)
        if len(calls) == 2:
            raise ExportError("Écriture impossible : disque plein")
        return real(folder, name, data)

    monkeypatch.setattr(exporter, "write_new", second_fails)
    with pytest.raises(ExportError, match="disque plein"):
        workspace.fill(filled, tmp_path / "documents")
    assert store.cases() == [] and list((tmp_path / "documents").iterdir()) == []
    assert json.dumps([e.action for e in store.audit_entries()]).count("case_created") == 0
