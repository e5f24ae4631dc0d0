"""Password-protected .odt: nothing readable without the password, LibreOffice opens it with it."""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import zipfile
import zlib
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from audition_assistant.core.export import docx_writer, odt_writer
from audition_assistant.core.export.document import Document
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.export.odf_protect import protect_odt
from readers import office_pdf

PASSWORD = "Clé-de-remise 2026"
M = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"


def statement() -> bytes:
    document = Document("pv", "Procès-verbal d'audition de Mme RIVERA Lucía", footer="PV n° 2026/000777")
    document.add("title", "PROCÈS-VERBAL D'AUDITION")
    for i in range(40):
        document.add("question", f"Question {i} : où dormiez-vous ?", label="Question :")
        document.add("answer", f"Rue des Tanneurs, au quatrième étage, chez RIVERA ({i}).", label="Réponse :")
    return odt_writer.render(document)


def decrypt(data: bytes, password: str) -> dict[str, bytes]:
    """Each part as ODF 1.2 part 3 §3.4 says to read it: PBKDF2 from SHA-256, AES-256-CBC, then inflate."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = ElementTree.fromstring(archive.read("META-INF/manifest.xml"))
    parts = {}
    for entry in manifest.iter(M + "file-entry"):
        encryption = entry.find(M + "encryption-data")
        if encryption is None:
            continue
        derivation = encryption.find(M + "key-derivation")
        algorithm = encryption.find(M + "algorithm")
        assert algorithm.get(M + "algorithm-name") == "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
        assert encryption.find(M + "start-key-generation").get(M + "start-key-generation-name").endswith("#sha256")
        key = hashlib.pbkdf2_hmac(
            "sha1",
            hashlib.sha256(password.encode()).digest(),
            base64.b64decode(derivation.get(M + "salt")),
            int(derivation.get(M + "iteration-count")),
            32,
        )
        iv = base64.b64decode(algorithm.get(M + "initialisation-vector"))
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(archive.read(entry.get(M + "full-path"))) + decryptor.finalize()
        packed = padded[: -padded[-1]]
        checksum = base64.b64decode(encryption.get(M + "checksum"))
        assert encryption.get(M + "checksum-type").endswith("#sha256-1k")
        if hashlib.sha256(packed[:1024]).digest() != checksum:
            raise ValueError("wrong password")
        plain = zlib.decompress(packed, -15)
        assert len(plain) == int(entry.get(M + "size"))
        parts[entry.get(M + "full-path")] = plain
    return parts


def test_every_part_is_encrypted_and_decrypts_with_the_password_only():
    plain = statement()
    protected = protect_odt(plain, PASSWORD)
    archive = zipfile.ZipFile(io.BytesIO(protected))
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type, archive.read("mimetype")) == (
        "mimetype",
        zipfile.ZIP_STORED,
        b"application/vnd.oasis.opendocument.text",
    )
    assert b"RIVERA" not in protected and b"Tanneurs" not in protected
    source = zipfile.ZipFile(io.BytesIO(plain))
    expected = {n: source.read(n) for n in source.namelist() if n not in ("mimetype", "META-INF/manifest.xml")}
    assert decrypt(protected, PASSWORD) == expected  # content, styles, meta (the title names her), settings
    with pytest.raises(ValueError, match="wrong password"):
        decrypt(protected, PASSWORD + "x")


def test_each_protection_has_its_own_salt_and_iv():
    data = statement()
    first, second = protect_odt(data, PASSWORD), protect_odt(data, PASSWORD)
    assert zipfile.ZipFile(io.BytesIO(first)).read("content.xml") != zipfile.ZipFile(io.BytesIO(second)).read(
        "content.xml"
    )


def test_a_short_password_or_a_file_that_is_no_package_is_refused_in_french():
    with pytest.raises(ExportError, match="au moins 8 caractères"):
        protect_odt(statement(), "court")
    with pytest.raises(ExportError, match="Impossible de protéger le document"):
        protect_odt(b"not a zip", PASSWORD)


@pytest.mark.slow
def test_libreoffice_opens_the_protected_odt_with_the_password_and_refuses_it_without(tmp_path):
    path = tmp_path / "pv.odt"
    path.write_bytes(protect_odt(statement(), PASSWORD))

    # The plain command line has no password to give: LibreOffice cannot convert it.
    soffice = shutil.which("soffice")
    assert soffice
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "plain"), str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert not (tmp_path / "plain" / "pv.pdf").exists(), run.stdout

    wrong = office_pdf(tmp_path / "wrong", [path], "Mauvais mot de passe")
    assert wrong.returncode == 3 and not (tmp_path / "wrong" / "pv.pdf").exists(), wrong.stderr

    right = office_pdf(tmp_path / "right", [path], PASSWORD)
    assert right.returncode == 0, right.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "right" / "pv.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rue des Tanneurs, au quatrième étage, chez RIVERA (39)." in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "right" / "pv.pdf")], capture_output=True, text=True).stdout
    assert "Procès-verbal d'audition de Mme RIVERA Lucía" in info


@pytest.mark.slow
def test_an_odt_written_by_libreoffice_is_protected_too_without_its_first_page_preview(tmp_path):
    """Word-model documents reach OpenDocument through LibreOffice, which adds a thumbnail of page 1."""
    document = Document("pv", "Déclaration de Mme RIVERA", footer="PV n° 2026/000778")
    document.add("answer", "Rue des Tanneurs, au quatrième étage, chez RIVERA.", label="Réponse :")
    (tmp_path / "pv.docx").write_bytes(docx_writer.render(document))
    soffice = shutil.which("soffice")
    assert soffice
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path), str(tmp_path / "pv.docx")],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    written = (tmp_path / "pv.odt").read_bytes()
    assert any(n.startswith("Thumbnails/") for n in zipfile.ZipFile(io.BytesIO(written)).namelist())

    protected = protect_odt(written, PASSWORD)
    names = zipfile.ZipFile(io.BytesIO(protected)).namelist()
    assert not any(n.startswith("Thumbnails/") for n in names)
    assert b"RIVERA" not in protected
    (tmp_path / "locked.odt").write_bytes(protected)
    right = office_pdf(tmp_path / "right", [tmp_path / "locked.odt"], PASSWORD)
    assert right.returncode == 0, right.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "right" / "locked.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rue des Tanneurs, au quatrième étage, chez RIVERA." in text
