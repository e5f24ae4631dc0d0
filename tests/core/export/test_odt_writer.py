"""The OpenDocument procès-verbal, reopened by LibreOffice and pandoc beside the Word one."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from audition_assistant.core import resources
from audition_assistant.core.export import docx_writer, odt_writer
from audition_assistant.core.export.document import STYLES, Document, Paragraph, Signatures
from tests.readers import flat

NBSP, NNBSP = "\u00a0", "\u202f"
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
TITLE = "Procès-verbal d'audition de Mme OKAFOR Ngozi"
LONG_WORD = "anticonstitutionnellement" * 6
LONG_ANSWER = ("Elle gardait les clés de l'appartement et l'argent de la semaine ; " * 80)[:5000]


def long_pv(entries: int = 300) -> Document:
    """An invented procès-verbal: French text, typography, odd spacing, a 5,000-character answer."""
    document = Document("pv", TITLE, footer="PV n° 2026/004512", initials=True)
    document.add("letterhead", "GENDARMERIE NATIONALE\nBrigade de recherches de Villeurbanne")
    document.add("title", "PROCÈS-VERBAL D'AUDITION DE VICTIME")
    document.add("reference", "Procédure n° 2026/004512")
    document.add("heading", "Identité")
    document.add("identity", "Nom : OKAFOR — prénom : Ngozi, née le 3 mai 1999 à Lagos (Nigeria)")
    document.add("body", "L'an deux mille vingt-six, le vingt et un mars, à vingt et une heures une")
    document.add("mention", "Avisée de son droit d'être assistée par un avocat.", label="Mention :")
    for i in range(entries):
        document.add("question", f"Question numéro {i} : que s'est-il passé « ce soir-là » ?", label="Question :")
        if i == 7:
            answer = LONG_ANSWER
        elif i == 11:
            answer = f"Le mot {LONG_WORD} ne tient pas sur une ligne."
        elif i == 13:
            answer = "Première ligne.\nDeuxième ligne, après un retour."
        else:
            answer = f"Réponse {i} : ma sœur et moi, nous étions au cœur de l'œuvre ; il a dit « pars » ! " * 4
        document.add("answer", answer.strip(), label="Réponse :")
    document.add("closing", "Lecture faite par elle-même, persiste et signe avec nous à 21 h 51.")
    document.blocks.append(Signatures(("L'enquêteur", "La personne entendue", "L'interprète")))
    return document


def soffice_convert(tmp: Path, fmt: str, *files: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: run `make test` (tools/bootstrap.py installs it)"
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(tmp), *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr


def pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [page for page in out.stdout.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The long PV as .odt and .docx, each converted to PDF and to text by one LibreOffice run."""
    tmp = tmp_path_factory.mktemp("odt")
    document = long_pv()
    odt, word = tmp / "pv-odt.odt", tmp / "pv-docx.docx"
    odt.write_bytes(odt_writer.render(document))
    word.write_bytes(docx_writer.render(document))
    soffice_convert(tmp, "pdf", odt, word)
    soffice_convert(tmp, "txt:Text (encoded):UTF8", odt, word)
    return document, tmp


def xml_part(data: bytes, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_the_package_opens_with_its_mimetype_first_and_uncompressed_and_the_title_in_its_metadata():
    data = odt_writer.render(long_pv(3))
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert data[38:77] == b"application/vnd.oasis.opendocument.text"  # what file(1) and LibreOffice sniff
    assert archive.testzip() is None
    assert xml_part(data, "meta.xml").find(".//dc:title", ODF).text == TITLE


def test_each_block_has_the_named_style_of_base_docx_with_its_look():
    """Same style names as the Word base document, and the same size, weight, slant, indent, spacing, alignment."""
    styles = xml_part(odt_writer.render(long_pv(1)), "styles.xml")
    by_name = {s.get(f"{{{ODF['style']}}}display-name"): s for s in styles.iter(f"{{{ODF['style']}}}style")}
    with resources.path_of("base.docx") as path:
        base = docx.Document(str(path))
    align = {"LEFT (0)": "start", "CENTER (1)": "center", "JUSTIFY (3)": "justify"}
    for name in {*STYLES.values(), "PV Pied de page", "PV Paraphes"}:
        word = base.styles[name]
        odf = by_name[name]
        paragraph = odf.find("style:paragraph-properties", ODF).attrib
        text = odf.find("style:text-properties", ODF).attrib
        fo = f"{{{ODF['fo']}}}"
        assert float(text[fo + "font-size"].removesuffix("pt")) == word.font.size.pt, name
        assert (text[fo + "font-weight"] == "bold") == bool(word.font.bold), name
        assert (text[fo + "font-style"] == "italic") == bool(word.font.italic), name
        assert float(paragraph[fo + "margin-top"].removesuffix("pt")) == word.paragraph_format.space_before.pt, name
        assert float(paragraph[fo + "margin-bottom"].removesuffix("pt")) == word.paragraph_format.space_after.pt, name
        indent = word.paragraph_format.left_indent
        assert float(paragraph[fo + "margin-left"].removesuffix("cm")) == pytest.approx(indent.cm, abs=0.001), name
        assert paragraph[fo + "text-align"] == align[str(word.paragraph_format.alignment)], name
    content = xml_part(odt_writer.render(long_pv(1)), "content.xml")
    used = {p.get(f"{{{ODF['text']}}}style-name") for p in content.iter(f"{{{ODF['text']}}}p")}
    assert used == {odf.get(f"{{{ODF['style']}}}name") for name, odf in by_name.items() if name in STYLES.values()}


def test_spaces_tabs_and_line_breaks_are_kept_as_typed():
    """ODF collapses white space: runs of spaces, a leading space, tabs and "\\n" are written as elements."""
    document = Document("pv", "t")
    document.add("answer", " deux  espaces,   trois\tune tabulation\nune ligne", label="Réponse :")
    content = zipfile.ZipFile(io.BytesIO(odt_writer.render(document))).read("content.xml").decode()
    assert "</text:span><text:s/>deux <text:s text:c=\"1\"/>espaces, <text:s text:c=\"2\"/>trois" in content
    assert "trois<text:tab/>une tabulation<text:line-break/>une ligne" in content


@pytest.mark.slow
def test_libreoffice_reads_the_same_text_in_the_same_order_as_from_the_docx(rendered):
    document, tmp = rendered
    from_odt = (tmp / "pv-odt.txt").read_text(encoding="utf-8-sig")
    from_docx = (tmp / "pv-docx.txt").read_text(encoding="utf-8-sig")
    assert from_odt.split() == from_docx.split()
    assert f"Question{NBSP}: Question numéro 0{NBSP}: que s'est-il passé «{NBSP}ce soir-là{NBSP}»{NNBSP}?" in from_odt
    assert LONG_WORD in from_odt and flat(LONG_ANSWER) in flat(from_odt)
    assert "Première ligne.\nDeuxième ligne, après un retour." in from_odt


@pytest.mark.slow
def test_pandoc_reads_every_paragraph_in_order(rendered):
    document, tmp = rendered
    out = subprocess.run(
        ["pandoc", "--from", "odt", "--to", "plain", "--wrap", "none", str(tmp / "pv-odt.odt")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    text, position = flat(out), 0
    for block in document.blocks:
        expected = [flat(f"{b.label} {b.text}") for b in [block]] if isinstance(block, Paragraph) else block.roles
        for piece in expected:
            found = text.find(flat(piece), position)
            assert found >= 0, piece[:80]
            position = found + len(piece)


@pytest.mark.slow
def test_every_page_says_page_x_of_y_and_has_the_initials_line_and_breaks_where_the_docx_does(rendered):
    """LibreOffice lays both out on the same pages: same page count, same text on each page."""
    _document, tmp = rendered
    pages = pdf_pages(tmp / "pv-odt.pdf")
    assert len(pages) > 30
    for number, page in enumerate(pages, start=1):
        assert f"PV n° 2026/004512 — page {number} / {len(pages)}" in page
        assert "Paraphes" in page
    assert [flat(p) for p in pages] == [flat(p) for p in pdf_pages(tmp / "pv-docx.pdf")]


@pytest.mark.slow
def test_the_title_reaches_the_pdf_libreoffice_makes(rendered):
    _document, tmp = rendered
    info = subprocess.run(["pdfinfo", str(tmp / "pv-odt.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Title:\s+{re.escape(TITLE)}$", info, re.MULTILINE), info
