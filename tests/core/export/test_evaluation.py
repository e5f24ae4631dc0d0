"""The evaluation document in Word, OpenDocument and PDF/A, read back by python-docx, pandoc, LibreOffice, poppler."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.hearings import make_hearing
from tests.readers import docx_text, flat

from audition_assistant.core.elements import Element, ElementCoverage
from audition_assistant.core.evaluation import HEADING, build_evaluation, initials, percent, read_facts
from audition_assistant.core.export.document import Signatures
from audition_assistant.core.export.evaluation import EVALUATION_ID, render_evaluation, write_evaluation
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.questions import Classification, Said
from audition_assistant.core.store.records import EvaluationNotes, HearingPlan
from audition_assistant.core.workspace import Workspace

ACT = Element("cp-225-4-1.acte", "cp-225-4-1", "Acte (recrutement, transport, hébergement…)")
MEANS = Element("cp-225-4-1.moyen", "cp-225-4-1", "Moyen (menace, contrainte, violence…)")
PURPOSE = Element("cp-225-4-1.but", "cp-225-4-1", "But d'exploitation")
ENTRIES = [
    ("Racontez-moi comment vous êtes arrivée à Lyon.", "Une amie, Dorina, m'a proposé un travail."),
    ("Où habitiez-vous à Lyon ?", "Dans un appartement près de la gare."),
    ("Il vous a bien pris votre passeport, n'est-ce pas ?", "Oui."),
    ("Aviez-vous un téléphone ?", "Non, il me l'avait pris."),
    ("Dites-m'en plus sur l'appartement.", "Nous étions quatre filles."),
]


def stub_classify(question: str, said: Said) -> Classification:
    """Categories the test decides (the real classifier has tests of its own)."""
    if question.endswith("n'est-ce pas ?"):
        return Classification("suggestive", "question qui appelle la réponse attendue")
    if question.startswith(("Racontez", "Dites")):
        return Classification("invitation")
    if question.startswith("Où"):
        return Classification("directive")
    return Classification("option", "appelle un oui ou un non")


def _hearing(workspace: Workspace) -> tuple[int, list[int]]:
    store = workspace.store
    hearing_id = make_hearing(workspace, person={"nom": "Popescu", "prenoms": "Ioana Maria"})
    ids = [store.add_entry(hearing_id, None, q, a) for q, a in ENTRIES]
    plan = store.save_plan(
        hearing_id,
        HearingPlan(
            objectives=("Établir le trajet depuis Craiova", "Identifier le logeur"),
            elements=(MEANS.key, "Les conditions de travail"),
            known_facts=("Le passeport retenu par le logeur",),
            welfare=("Repas à midi",),
            interpreter_language="roumain",
            breaks=("Pause à 11 h",),
        ),
    )
    store.check_plan_item(hearing_id, plan.items()[0].key, True)
    store.save_evaluation(
        hearing_id,
        EvaluationNotes(
            covered="Le recrutement et le logement.",
            follow_up=("Réquisition à l'opérateur téléphonique", "Entendre Dorina"),
            remarks="Une question suggestive sur le passeport, à éviter.",
        ),
    )
    return hearing_id, ids


def coverage(ids: list[int]) -> list[ElementCoverage]:
    return [ElementCoverage(ACT, (ids[0], ids[1])), ElementCoverage(MEANS), ElementCoverage(PURPOSE)]


def test_the_evaluation_holds_the_plan_the_profile_the_open_elements_and_the_notes(workspace: Workspace):
    hearing_id, ids = _hearing(workspace)
    document = build_evaluation(read_facts(workspace.store, hearing_id, coverage(ids)), stub_classify)
    text = flat(document.text())

    assert document.blocks[0].text == HEADING  # its first line says what it is
    assert "Évaluation de l'audition — document de travail, ne pas joindre à la procédure" in text
    assert "ne pas joindre à la procédure" in document.footer
    assert not any(isinstance(b, Signatures) for b in document.blocks) and not document.initials
    assert "PV n°" not in text and "procès-verbal n°" not in text.lower()
    assert "Personne entendue : I. M. P." in text and "Popescu" not in text  # her initials only
    assert "Fait : Établir le trajet depuis Craiova" in text and "Non fait : Identifier le logeur" in text
    # An element key planned reads as its label.
    assert "Non fait : Moyen (menace, contrainte, violence…)" in text
    assert "Faits connus à ne pas suggérer :" in text and "Le passeport retenu par le logeur" in text
    assert "5 questions classées." in text
    assert "Invitation : 2 (40 %)" in text and "Directive : 1 (20 %)" in text
    assert "Question fermée ou à choix : 1 (20 %)" in text and "Suggestive : 1 (20 %)" in text
    assert "n° 3 (suggestive) : « Il vous a bien pris votre passeport, n'est-ce pas ? »" in text
    assert "question qui appelle la réponse attendue" in text
    assert "n° 4 (question fermée ou à choix) :" in text and "n° 1 (" not in text
    assert "Éléments non abordés (2) :" in text and "Non abordé : art. 225-4-1 — But d'exploitation" in text
    assert "Abordé : art. 225-4-1 — Acte (recrutement, transport, hébergement…) (questions n° 1, n° 2)" in text
    assert "– Réquisition à l'opérateur téléphonique" in text and "– Entendre Dorina" in text
    assert "Une question suggestive sur le passeport, à éviter." in text
    assert "établi" not in text.replace("n'est pas pour autant établi", "")  # never says an element is proven


def test_an_empty_hearing_says_so_rather_than_printing_nothing(workspace: Workspace):
    hearing_id = make_hearing(workspace)
    text = flat(build_evaluation(read_facts(workspace.store, hearing_id), stub_classify).text())
    assert "Aucun plan n'a été écrit pour cette audition." in text
    assert "Aucune question n'a été posée." in text
    assert "Aucun élément d'infraction n'est suivi pour cette audition." in text
    assert "Suites à donner (aucune)" in text


def test_french_numbers_and_initials():
    assert [percent(x) for x in (0, 0.4, 1 / 3, 0.125, 1)] == ["0 %", "40 %", "33,3 %", "12,5 %", "100 %"]
    assert initials({"nom": "Ruiz", "prenoms": "Ana"}) == "A. R."
    assert initials({}, "Jeanne Dupont-Martin") == "J. D."
    assert initials({}, "") == ""


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run `make test` (tools/bootstrap.py installs it)"
    return found


def _run(*command: str) -> str:
    return subprocess.run([_tool(command[0]), *command[1:]], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_each_format_reads_back_with_the_heading_the_counts_the_open_elements_and_the_actions(
    workspace: Workspace, tmp_path: Path
):
    hearing_id, ids = _hearing(workspace)
    facts = read_facts(workspace.store, hearing_id, coverage(ids))
    built = render_evaluation(build_evaluation(facts, stub_classify), facts.procedure_number, ("pdf", "odt", "docx"))
    files = write_evaluation(workspace.store, hearing_id, built, tmp_path / "out")
    paths = {f.format: f.path for f in files}
    assert list(paths) == ["docx", "odt", "pdf"] and all(f.document_id == EVALUATION_ID for f in files)
    assert all("valuation" in p.name and "Popescu" not in p.name for p in paths.values())

    office = tmp_path / "office"
    profile = (tmp_path / "lo-profile").as_uri()
    _run("soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(office), str(paths["docx"]), str(paths["odt"]))  # fmt: skip
    readings = {
        "python-docx": docx_text(paths["docx"]),
        "pandoc (docx)": _run("pandoc", "--from", "docx", "--to", "plain", "--wrap", "none", str(paths["docx"])),
        "pandoc (odt)": _run("pandoc", "--from", "odt", "--to", "plain", "--wrap", "none", str(paths["odt"])),
        "pdftotext": _run("pdftotext", "-enc", "UTF-8", str(paths["pdf"]), "-"),
        **{
            f"LibreOffice ({fmt})": _run("pdftotext", "-enc", "UTF-8", str(office / f"{paths[fmt].stem}.pdf"), "-")
            for fmt in ("docx", "odt")
        },
    }
    for reader, text in readings.items():
        words = flat(text)
        for expected in (
            HEADING,
            "Suggestive : 1 (20 %)",
            "Invitation : 2 (40 %)",
            "Non abordé : art. 225-4-1 — But d'exploitation",
            "Entendre Dorina",
            "Réquisition à l'opérateur téléphonique",
        ):
            assert flat(expected) in words, f"{reader}: « {expected} » not read"


def test_the_service_exports_it_to_the_case_folder_recorded_like_any_export(workspace: Workspace):
    hearing_id, _ids = _hearing(workspace)
    service = HearingService(workspace, hearing_id)

    files = service.export_evaluation(("docx",))

    [file] = files
    assert file.path.parent == workspace.export_folder(hearing_id) and file.path.is_file()
    [record] = workspace.store.exports(hearing_id)
    assert (record.document_id, record.sha256) == (EVALUATION_ID, file.sha256)
    exported = workspace.store.audit_entries_of("exported")[-1]
    assert exported.detail["document"] == EVALUATION_ID and exported.hearing_id == hearing_id
    assert HEADING in flat(docx_text(file.path))
    assert workspace.store.verify_audit(replay=True).ok


def test_one_question_is_singular_and_circumstances_are_apart_with_their_article():
    from audition_assistant.core.evaluation import _elements, counted_questions
    from audition_assistant.core.export.document import Document

    assert counted_questions([3]) == "question n° 3" and counted_questions([2, 5]) == "questions n° 2, n° 5"
    armed = Element("cp-225-7.arme", "cp-225-7", "Port d'une arme", kind="circonstance")
    minor = Element("cp-225-7.mineur", "cp-225-7", "Victime mineure", kind="circonstance")
    doc = Document("evaluation", "Évaluation")
    _elements(doc, [ElementCoverage(ACT, (7,)), ElementCoverage(armed), ElementCoverage(minor, (7,))], {7: 3})
    text = " | ".join(doc.text().splitlines())
    assert "Circonstances aggravantes non abordées (1)" in text and "art. 225-7 — Port d'une arme" in text
    assert "art. 225-7 — Victime mineure (question n° 3)" in text and "Abordée" in text
    assert "art. 225-4-1 — Acte (recrutement, transport, hébergement…) (question n° 3)" in text
