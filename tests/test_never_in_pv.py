"""The investigator's notes (plan, checklist, evaluation, element tags) never reach the PV or any document but the
evaluation; they live in the encrypted store, with their audit entries, like everything else.

Every field of the plan and of the evaluation carries a word found nowhere else. Every document the template
produces for the hearing (a procès-verbal de rectification included) is exported in Word, OpenDocument and PDF/A,
with the text copied for the drafting software: none holds any of those words; the evaluation holds them all. No
file of the data folder holds one in clear, and the decrypted database does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PASSPHRASE
from tests.readers import docx_text

import sqlcipher_pages as pages
from audition_assistant import cli
from audition_assistant.core.export.handoff import handoff_text
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.store import keyring
from audition_assistant.core.store.records import EvaluationNotes, HearingPlan
from audition_assistant.core.workspace import Workspace

pytestmark = pytest.mark.slow

# One invented word per field: found in no template, model, notice or demo.
MARKERS = {
    "objectives": "vorliquambe",
    "elements": "zantropherle",
    "known_facts": "quimbraduste",
    "welfare": "plorvenique",
    "interpreter_language": "draxolumien",
    "interpreter_name": "Gruvelmatte",
    "special_measures": "snorquelide",
    "breaks": "frimpalouste",
    "covered": "blastrovinque",
    "follow_up": "trumpelidaze",
    "remarks": "yoldriquante",
}
FORMATS = ("docx", "odt", "pdf")
TAGGED = "cp-225-4-1.moyen"  # an element of a charge both demo templates cite


def _notes(service: HearingService) -> None:
    """A plan and an evaluation with a marker in every field, an item ticked, through the service as the window."""
    plan = service.save_plan(
        HearingPlan(
            objectives=(f"Objectif {MARKERS['objectives']}",),
            elements=(f"Élément {MARKERS['elements']}",),
            known_facts=(f"Fait connu {MARKERS['known_facts']}",),
            welfare=(f"Besoin {MARKERS['welfare']}",),
            interpreter_language=MARKERS["interpreter_language"],
            interpreter_name=f"Mme {MARKERS['interpreter_name']}",
            special_measures=(f"Mesure {MARKERS['special_measures']}",),
            breaks=(f"Pause {MARKERS['breaks']}",),
        )
    )
    service.check_plan_item(plan.items()[0].key, True)
    service.save_evaluation(
        EvaluationNotes(
            covered=f"Couvert {MARKERS['covered']}",
            follow_up=(f"Suite {MARKERS['follow_up']}",),
            remarks=f"Remarque {MARKERS['remarks']}",
        )
    )


def _words(text: str) -> str:
    """The text with its spaces made plain: a label wraps, and French typography puts no-break spaces in it."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _read(path: Path) -> str:
    """A document's words as an independent reader gets them (python-docx for Word, text for the rest)."""
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".odt":
        return _run("pandoc", "--from", "odt", "--to", "plain", "--wrap", "none", str(path))
    if path.suffix == ".pdf":
        return _run("pdftotext", "-enc", "UTF-8", str(path), "-")
    return path.read_text(encoding="utf-8")


def _run(*command: str) -> str:
    found = shutil.which(command[0])
    assert found, f"{command[0]} is missing: run `make test` (tools/bootstrap.py installs it)"
    return subprocess.run([found, *command[1:]], capture_output=True, text=True, check=True).stdout


def _found(text: str | bytes) -> set[str]:
    lower = text.lower() if isinstance(text, str) else text.decode("latin-1").lower()
    return {field for field, word in MARKERS.items() if word.lower() in lower}


def _database_keys(database: Path) -> list[dict[str, Any]]:
    if keyring.path_of(database).exists():
        return [{"raw_key": keyring.key_of(keyring.secret_for(database, PASSPHRASE))}]
    return [{"passphrase": PASSPHRASE}]


@pytest.mark.parametrize("demo", ["audition-victime-majeure", "audition-victime-mineure"])
def test_the_notes_reach_the_evaluation_alone_and_stay_encrypted_and_audited(
    workspace: Workspace, fill_demo: Any, tmp_path: Path, demo: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
):
    hearing_id, _files = fill_demo(demo)
    service = HearingService(workspace, hearing_id)
    _notes(service)
    # Reopened for a rectification: the procès-verbal de rectification is one of the documents too.
    workspace.reopen_for_correction(hearing_id, "rectification", "2026/000999/00009", "une date erronée")
    _notes(service)  # written again while the supplement is open
    # An element tagged on the first question (tags are written while the hearing is open: here, reopened).
    first = service.view.ordered_transcript()[0]
    service.tag_element(TAGGED, entry_id=first.id)
    label = next(e.label for e in service.elements() if e.key == TAGGED)

    template = service.template
    ids = [d.id for d in template.documents] + [d.id for d in workspace.supplement_documents(hearing_id)]
    files = workspace.export(hearing_id, tmp_path / "documents", ids, formats=(*FORMATS, "txt"))
    exported = {f.document_id for f in files}
    assert exported >= set(ids) and len(files) >= len(ids) * len(FORMATS)
    for file in files:
        text = _read(file.path)
        assert _found(text) == set(), f"{file.path.name} holds the investigator's notes"
        assert label not in _words(text) and "non abordé" not in text.lower(), f"{file.path.name} holds an element"
    drafting = handoff_text(workspace.context(hearing_id), identity=True, mentions=True)
    assert drafting and _found(drafting) == set() and label not in _words(drafting)
    for section in template.sections:
        assert _found(handoff_text(workspace.context(hearing_id), sections=[section.id])) == set()

    evaluation = service.export_evaluation(FORMATS, tmp_path / "evaluation")
    assert [f.format for f in evaluation] == list(FORMATS)
    for file in evaluation:
        text = _read(file.path)
        assert _found(text) == set(MARKERS), f"{file.path.name} misses some of the notes"
        assert f"art. 225-4-1 — {label} (question n° 1)" in _words(text), f"{file.path.name} misses the element tagged"

    # In the encrypted store: not one word in clear in the data folder, every one in the decrypted pages.
    database = workspace.paths.database
    for path in (p for p in workspace.paths.root.rglob("*") if p.is_file()):
        assert _found(path.read_bytes()) == set(), f"{path.name} holds the notes in clear"
    clear = next(pages.clear_text(database, **key) for key in _database_keys(database))
    assert _found(clear) == set(MARKERS)

    # In the audit trail, which verifies (replay included), from the store and from the command line.
    actions = [e.action for e in workspace.store.audit_entries(hearing_id)]
    assert actions.count("plan_saved") == 2 and actions.count("plan_item_checked") == 2
    assert actions.count("evaluation_saved") == 2 and actions.count("element_tagged") == 1
    assert [e.document_id for e in workspace.store.exports(hearing_id)].count("evaluation") == len(FORMATS)
    verified = workspace.store.verify_audit(replay=True)
    assert verified.ok, verified.problems
    workspace.store.close()
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    assert cli.main(["--data-dir", str(workspace.paths.root), "audit", "verify"]) == 0, capsys.readouterr().err
