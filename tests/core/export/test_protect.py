"""Password-protected exports: encrypted before writing, opened by LibreOffice with the password only."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import msoffcrypto
import pytest

from audition_assistant.core import answers_file, resources
from audition_assistant.core.export.files import ExportError, sha256_of
from audition_assistant.core.export.protect import protect
from readers import office_pdf

PASSWORD = "Clé-de-remise 2026"


def decrypt(data: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    plain = io.BytesIO()
    office.decrypt(plain)
    return plain.getvalue()


def export_demo(workspace, folder: Path, password: str | None):
    with resources.path_of("demo", "audition-victime-majeure.json") as path:
        filled = answers_file.read(path, workspace.catalog)
    return workspace.fill(filled, folder, password)


def test_protect_encrypts_a_docx_that_decrypts_to_the_same_bytes():
    document = docx.Document()
    document.add_paragraph("Déclaration de Mme RIVERA")
    plain = io.BytesIO()
    document.save(plain)
    encrypted = protect(plain.getvalue(), PASSWORD)
    assert encrypted.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # an OLE container, no longer a zip
    assert b"RIVERA" not in encrypted
    assert decrypt(encrypted, PASSWORD) == plain.getvalue()
    with pytest.raises(Exception, match=r"(?i)password|key"):
        decrypt(encrypted, PASSWORD + "x")


def test_a_short_password_is_refused_and_nothing_is_recorded(workspace, tmp_path):
    with pytest.raises(ExportError, match="au moins 8 caractères"):
        export_demo(workspace, tmp_path / "out", "court")
    with pytest.raises(ExportError, match="au moins 8 caractères"):
        export_demo(workspace, tmp_path / "out", "")
    assert workspace.store.cases() == [] and not (tmp_path / "out").exists()


def test_every_document_is_written_protected_and_its_recorded_hash_is_the_files(workspace, tmp_path):
    hearing_id, files = export_demo(workspace, tmp_path / "out", PASSWORD)
    assert len(files) >= 5 and all(f.protected for f in files)
    recorded = {r.path: r.sha256 for r in workspace.store.exports(hearing_id)}
    for exported in files:
        data = exported.path.read_bytes()
        assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
        assert recorded[str(exported.path)] == exported.sha256 == sha256_of(data)
        docx.Document(io.BytesIO(decrypt(data, PASSWORD)))  # a whole Word document inside
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f.path.name for f in files)


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: run `make test`"
    return subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.slow
def test_libreoffice_opens_protected_documents_with_the_password_and_only_with_it(workspace, tmp_path):
    _hearing_id, files = export_demo(workspace, tmp_path / "out", PASSWORD)
    by_id = {f.document_id: f.path for f in files}
    documents = [by_id["pv"], by_id["notice-droits"]]  # one built in code, one Word model

    opened = office_pdf(tmp_path / "with", documents, PASSWORD)
    assert opened.returncode == 0, opened.stderr
    pv_text = pdf_text(tmp_path / "with" / (by_id["pv"].stem + ".pdf"))
    assert "PROCÈS-VERBAL D'AUDITION DE VICTIME" in pv_text and "Question :" in pv_text
    notice_text = pdf_text(tmp_path / "with" / (by_id["notice-droits"].stem + ".pdf"))
    assert "INFORMATION DE LA VICTIME SUR SES DROITS" in notice_text

    refused = office_pdf(tmp_path / "without", documents)
    assert refused.returncode == 3 and "cannot open" in refused.stderr
    assert list((tmp_path / "without").iterdir()) == []
    wrong = office_pdf(tmp_path / "wrong", documents[:1], PASSWORD + "!")
    assert wrong.returncode == 3 and list((tmp_path / "wrong").iterdir()) == []
