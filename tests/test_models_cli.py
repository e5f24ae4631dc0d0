"""``models import`` and ``templates list`` for Word models, through the command line's entry point."""

from __future__ import annotations

import hashlib
import io

import docx
import pytest

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.export.model_sandbox import _environment
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store

PASSPHRASE = "une phrase secrète pour les modèles"
MODEL = "recepisse_plainte"


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    paths = DataPaths(folder)
    paths.ensure()
    Store.open(paths.database, PASSPHRASE).close()  # an existing database: the command does not create one
    return paths


def service_model(text: str) -> bytes:
    with resources.path_of("models", f"{MODEL}.docx") as path:
        document = docx.Document(str(path))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_models_import_copies_audits_and_templates_list_says_it_replaces_the_bundled_one(data, tmp_path, capsys):
    source = tmp_path / f"{MODEL}.docx"
    source.write_bytes(service_model("Version du service : {{ personne.nom_complet }}"))
    assert cli.main(["models", "import", str(source)]) == 0
    out = capsys.readouterr().out
    assert out == f"imported {MODEL} into {data.models / MODEL}.docx (replaces the bundled model)\n"
    assert (data.models / f"{MODEL}.docx").read_bytes() == source.read_bytes()
    with Store.open(data.database, PASSPHRASE) as store:
        (entry,) = [e for e in store.audit_entries() if e.action == "model_imported"]
    assert entry.detail["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert entry.detail["model"] == MODEL and entry.detail["remplace_modele_livre"] is True

    assert cli.main(["templates", "list"]) == 0
    (row,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{MODEL}\t")]
    assert row.endswith("\tlocal\treplaces-bundled\tnon signé")


def test_models_import_refuses_a_broken_model_and_copies_nothing(data, tmp_path, capsys):
    source = tmp_path / "attestation_service.docx"
    source.write_bytes(service_model("{{ cycler.__init__.__globals__.os.system('id') }}"))
    assert cli.main(["models", "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert "instruction interdite dans un modèle" in captured.out
    assert "model refused, nothing was imported" in captured.err and "Traceback" not in captured.err
    assert not (data.models / "attestation_service.docx").exists()


def test_the_rendering_process_does_not_inherit_the_passphrase(monkeypatch):
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    assert not any(key.startswith("AUDITION_ASSISTANT") for key in _environment())
