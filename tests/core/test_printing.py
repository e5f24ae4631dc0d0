"""Printing: the command the print service gets, its refusals said in French, what a whole set prints."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from audition_assistant.core import printing
from audition_assistant.core.export.exporter import ExportedFile
from hearings import make_hearing

NBSP = "\u00a0"


def fake_service(folder: Path, name: str, *, answer: str = "", status: int = 0) -> Path:
    """A print command standing in for CUPS's: it writes its arguments, one a line, to $PRINT_LOG."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    said = f"echo '{answer}' >&2\n" if answer else ""
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "$PRINT_LOG"\n{said}exit {status}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def document(tmp_path) -> Path:
    path = tmp_path / "2026-000512_PV_2026-000512-00004_Procès-verbal d'audition.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    return path


@pytest.fixture
def log(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "printed.txt"
    monkeypatch.setenv("PRINT_LOG", str(path))
    return path


def test_cups_lp_gets_the_file_and_the_number_of_copies(tmp_path, monkeypatch, document, log):
    bin_dir = tmp_path / "bin"
    fake_service(bin_dir, "lp")
    fake_service(bin_dir, "lpr")  # lp is preferred where both exist
    monkeypatch.setenv("PATH", str(bin_dir))
    printing.print_file(document, 3)
    assert log.read_text().splitlines() == ["-n", "3", "--", str(document.absolute())]
    printing.print_file(document, 1, "Bureau-2e-etage")
    assert log.read_text().splitlines() == ["-n", "1", "-d", "Bureau-2e-etage", "--", str(document.absolute())]


def test_bsd_lpr_is_used_where_lp_is_missing(tmp_path, monkeypatch, document, log):
    bin_dir = tmp_path / "bin"
    fake_service(bin_dir, "lpr")
    monkeypatch.setenv("PATH", str(bin_dir))
    printing.print_file(document, 2)
    assert log.read_text().splitlines() == ["-#2", str(document.absolute())]


def test_no_print_service_is_a_french_message(tmp_path, monkeypatch, document):
    empty = tmp_path / "vide"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(printing.PrintError) as raised:
        printing.print_file(document, 1)
    assert str(raised.value).startswith("Aucun service d'impression n'est installé sur cet ordinateur")
    assert "imprimez-le depuis son application" in str(raised.value)


@pytest.mark.parametrize(
    "answer, said",
    [
        ("lp: Error - No default destination.", "aucune imprimante par défaut n'est choisie sur cet ordinateur."),
        ("lp: Error - Scheduler is not running.", "le service d'impression (CUPS) est arrêté."),
    ],
)
def test_a_refusal_says_why_in_french_then_the_systems_words(tmp_path, monkeypatch, document, log, answer, said):
    bin_dir = tmp_path / "bin"
    fake_service(bin_dir, "lp", answer=answer, status=1)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(printing.PrintError) as raised:
        printing.print_file(document, 1)
    assert str(raised.value) == (
        f"Le service d'impression a refusé «{NBSP}{document.name}{NBSP}»{NBSP}: {said} "
        f"(Message du système{NBSP}: {answer})"
    )


def test_a_word_file_refused_suggests_the_pdf(tmp_path, monkeypatch, log):
    bin_dir = tmp_path / "bin"
    fake_service(bin_dir, "lp", answer='lp: Unsupported document-format "application/msword".', status=1)
    monkeypatch.setenv("PATH", str(bin_dir))
    word = tmp_path / "attestation.docx"
    word.write_bytes(b"PK")
    with pytest.raises(printing.PrintError, match="Exportez aussi le document en PDF pour l'imprimer directement"):
        printing.print_file(word, 1)


def test_a_file_moved_away_is_said_before_the_print_service_is_asked(tmp_path, monkeypatch, log):
    bin_dir = tmp_path / "bin"
    fake_service(bin_dir, "lp")
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(printing.PrintError, match="n'existe plus"):
        printing.print_file(tmp_path / "parti.pdf", 1)
    assert not log.exists()


def test_windows_prints_through_the_files_application_once_per_copy(monkeypatch, document):
    calls = []
    monkeypatch.setattr(printing.sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", lambda *args: calls.append(args), raising=False)
    printing.print_file(document, 2)
    assert calls == [(str(document), "print")] * 2
    calls.clear()
    printing.print_file(document, 1, "Accueil")
    assert calls == [(str(document), "printto", '"Accueil"')]

    def refuse(*args):
        raise OSError(1155, "No application is associated with the specified file for this operation")

    monkeypatch.setattr(os, "startfile", refuse, raising=False)
    with pytest.raises(printing.PrintError, match="Windows n'a pas pu imprimer"):
        printing.print_file(document, 1)


def exported(document_id: str, name: str) -> ExportedFile:
    return ExportedFile(document_id, document_id.upper(), Path("/exports") / name, "0" * 64, format=name.split(".")[-1])


def test_a_whole_set_prints_each_documents_pdf_when_there_is_one_and_the_pv_per_signatory():
    written = [
        exported("pv", "PV.docx"),
        exported("pv", "PV.pdf"),
        exported("droits", "droits.docx"),  # a Word model LibreOffice could not convert: no PDF
        exported("fiche", "fiche.odt"),
        exported("fiche", "fiche.pdf"),
    ]
    jobs = printing.whole_set(written, {"pv": 3, "droits": 1})
    assert [(j.document_id, j.path.name, j.copies) for j in jobs] == [
        ("pv", "PV.pdf", 3),
        ("droits", "droits.docx", 1),
        ("fiche", "fiche.pdf", 1),
    ]
    assert printing.to_print(written, written[0]).path.name == "PV.pdf"
    assert printing.to_print(written, written[2]).path.name == "droits.docx"


def test_the_pv_prints_once_per_signatory_and_every_other_document_once(workspace):
    hearing_id = make_hearing(
        workspace,
        {
            "victime": {"nom": "Ruiz", "prenoms": "Ana"},
            "interprete_present": True,
            "interprete": {"nom": "Moreno", "prenoms": "Inés", "langues": "espagnol"},
        },
    )
    ctx = workspace.context(hearing_id)
    specs = workspace.documents_for(ctx, None)
    copies = printing.signatory_copies(ctx, specs)
    assert copies["pv"] == 3  # the person heard, the interpreter, the investigator
    assert set(copies) == {s.id for s in specs}
    assert all(n == 1 for document_id, n in copies.items() if document_id != "pv")
    alone = make_hearing(workspace, procedure="2026/000901")
    ctx = workspace.context(alone)
    assert printing.signatory_copies(ctx, workspace.documents_for(ctx, ["pv"])) == {"pv": 2}
