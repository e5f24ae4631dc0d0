"""The PDF/A procès-verbal, read back by poppler (pdfinfo, pdffonts, pdftotext), not by our code."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
from fpdf import line_break

from audition_assistant.core import resources
from audition_assistant.core.export import docx_writer, pdf_writer
from audition_assistant.core.export.document import Document, Signatures
from audition_assistant.core.export.files import ExportError
from readers import docx_text, flat

pytestmark = pytest.mark.slow

FOOTER = "Procédure n° 2026/004512 — PV n° 2026/004512/00017"
TITLE = "Procès-verbal d'audition de Mme Ngozi OKAFOR"
LONG_WORD = "Anticonstitutionnellement" * 6  # wider than a line
LONG_ANSWER = ("Elle gardait les passeports dans un coffre, « pour ne pas les perdre », disait-elle. " * 70)[:5000]
ROLES = ("La personne entendue", "L'interprète", "L'officier de police judiciaire")


def hearing(entries: int = 300, *, initials: bool = True) -> Document:
    """A PV of ``entries`` questions and answers, in French, with what breaks layouts."""
    document = Document("pv", TITLE, footer=FOOTER, initials=initials)
    for line in ("RÉPUBLIQUE FRANÇAISE", "MINISTÈRE DE L'INTÉRIEUR", "POLICE NATIONALE"):
        document.add("letterhead", line)
    document.add("title", "PROCÈS-VERBAL D'AUDITION DE VICTIME")
    document.add("reference", "2026/004512", "Procédure n° :")
    document.add("body", "L'an deux mille vingt-six, le quatorze mars, à neuf heures cinq, à Lyon (Rhône),")
    document.add("identity", "OKAFOR", "Nom :")
    document.add("identity", "Ngozi Blessing", "Prénoms :")
    document.add("mention", "L'interprète, Mme Inés MORENO, prête son concours ; la personne entendue l'accepte.")
    document.add("heading", "Les faits")
    for number in range(1, entries + 1):
        document.add("question", f"Que s'est-il passé le jour n° {number} ?", "Question :")
        answer = (
            f"Le jour {number}, le « patron » m'a dit : tu dois rembourser la dette ; mon cœur battait, "
            "l'œuvre de ma sœur était restée là-bas\u00a0! Il fallait 50\u00a0€ par client."
        )
        if number == 3:
            answer = f"Il a écrit {LONG_WORD} sur le mur."
        elif number == 4:
            answer = LONG_ANSWER
        elif number == 5:
            answer = "Première ligne du message.\nDeuxième ligne, après un retour.\nTroisième."
        elif number == 6:
            answer = "Il disait {nb} et {nb} encore."
        document.add("answer", answer, "Réponse :")
    document.add("closing", "Lecture faite, la personne entendue persiste et signe avec nous et l'interprète.")
    document.blocks.append(Signatures(ROLES))
    return document


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    document = hearing()
    path = tmp_path_factory.mktemp("pdf") / "pv.pdf"
    path.write_bytes(pdf_writer.render(document))
    return document, path


def pages(path: Path) -> list[str]:
    """Each page's text as pdftotext reads it."""
    return run("pdftotext", "-enc", "UTF-8", path, "-").split("\f")[:-1]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_pdf_a_2b_with_every_font_embedded_and_nothing_forbidden(written):
    _, path = written
    info = run("pdfinfo", path)
    assert re.search(r"^Encrypted:\s+no$", info, re.M)
    assert "(A4)" in info
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)) > 20  # 300 entries
    fonts = run("pdffonts", path).splitlines()[2:]
    assert fonts and all("LiberationSans" in f for f in fonts)
    assert all(re.search(r"\syes\s+yes\s+yes\s", f) for f in fonts), fonts  # embedded, subset, ToUnicode
    meta = run("pdfinfo", "-meta", path)
    assert int(re.search(r"<pdfaid:part>(\d)</pdfaid:part>", meta).group(1)) >= 2
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", meta)
    assert "Procès-verbal d&#x27;audition de Mme Ngozi OKAFOR" in meta or TITLE in meta
    data = path.read_bytes()
    assert b"/OutputIntents" in data and b"/GTS_PDFA1" in data and b"/DestOutputProfile" in data
    for forbidden in (b"/Encrypt", b"/JavaScript", b"/URI", b"/Launch", b"/EmbeddedFiles"):
        assert forbidden not in data


def test_every_character_in_order_and_the_page_number_right_on_every_page(written):
    document, path = written
    texts = pages(path)
    count = int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", path), re.M).group(1))
    assert len(texts) == count
    body = []
    for number, text in enumerate(texts, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert flat(lines[-1]) == flat(f"{FOOTER} — page {number} / {count}")
        assert flat(lines[-2]) == "Paraphes :"
        body += lines[:-2]
    expected = "".join(f"{b.label}{b.text}" if hasattr(b, "text") else "".join(b.roles) for b in document.blocks)
    assert squeezed(flat("\n".join(body))) == squeezed(expected)


def test_words_spaces_and_line_breaks_as_typed(written):
    _, path = written
    text = "\n".join(pages(path))
    words = flat(text)
    assert "le « patron » m'a dit : tu dois rembourser la dette ; mon cœur battait, l'œuvre de ma sœur" in words
    assert "Il disait {nb} et {nb} encore." in words  # typed text never becomes the page count
    lines = [flat(line) for line in text.splitlines()]
    assert "Réponse : Première ligne du message." in lines
    assert "Deuxième ligne, après un retour." in lines
    # French no-break spaces: a line never starts with the sign they hold to the word before it (a
    # line alone is pdftotext splitting the widely justified line before the very long word).
    assert not [line for line in lines if len(line) > 1 and (line[0] in ":;?!»" or line.endswith("«"))]


def test_nothing_crosses_the_margins(written):
    """The very long word is cut at the right margin, as Word cuts it, instead of running off the page."""
    _, path = written
    boxes = run("pdftotext", "-bbox", "-f", "1", "-l", "3", path, "-")
    x_min = [float(x) for x in re.findall(r'xMin="([\d.]+)"', boxes)]
    x_max = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes) if x]
    page_width = 595.3
    assert min(x_min) >= 25 / 25.4 * 72 - 1  # left margin 2.5 cm
    assert max(x_max) <= page_width - 20 / 25.4 * 72 + 1  # right margin 2 cm
    assert LONG_WORD[:30] in boxes.replace("\n", "")


def test_signature_boxes_side_by_side_at_the_end(written):
    _, path = written
    count = len(pages(path))
    boxes = run("pdftotext", "-bbox", "-f", str(count), "-l", str(count), path, "-")
    found = {
        html.unescape(m.group(3)): (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)</word>', boxes)
    }
    first = [found[role.split()[0]] for role in ("La", "L'interprète", "L'officier")]
    assert len({round(y) for _, y in first}) == 1  # one row
    assert first[0][0] < first[1][0] < first[2][0]  # left to right


def test_no_initials_line_on_a_document_without_signatures():
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf_writer.render(hearing(3, initials=False)), capture_output=True, check=True
    ).stdout.decode()
    assert "Paraphes" not in text
    assert flat(text.split("\f")[0].strip().splitlines()[-1]) == flat(f"{FOOTER} — page 1 / 1")


def test_lines_break_where_fpdf2_alone_breaks_them(tmp_path):
    """The line width kept as characters are added gives fpdf2's own breaks, only sooner."""
    document = hearing(20)
    fast = tmp_path / "fast.pdf"
    fast.write_bytes(pdf_writer.render(document))
    measured = line_break.CurrentLine
    assert measured is pdf_writer._MeasuredLine
    line_break.CurrentLine = measured.__bases__[0]
    try:
        plain = tmp_path / "plain.pdf"
        plain.write_bytes(pdf_writer.render(document))
    finally:
        line_break.CurrentLine = measured
    assert run("pdftotext", "-layout", fast, "-") == run("pdftotext", "-layout", plain, "-")


def test_a_character_the_font_lacks_is_refused_in_french_never_dropped():
    document = hearing(2)
    document.add("answer", "Elle s'appelle 王芳 sur son passeport.", "Réponse :")
    with pytest.raises(ExportError) as raised:
        pdf_writer.render(document)
    message = str(raised.value)
    assert "« 王 » (U+738B)" in message and "« 芳 » (U+82B3)" in message
    assert "Word ou OpenDocument" in message


def test_a_tab_typed_in_an_answer_reads_as_a_space():
    document = hearing(2)
    document.add("answer", "Montant :\t50 euros", "Réponse :")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf_writer.render(document), capture_output=True).stdout
    assert "Réponse : Montant : 50 euros" in flat(text.decode())


def test_as_many_pages_as_libreoffice_gives_the_word_document(tmp_path):
    """Same layout as the .docx: LibreOffice, given the bundled font for Arial, paginates it alike.

    LibreOffice keeps two lines of a paragraph together at a page's end and the
    PDF does not, so the count may differ by one on a long document.
    """
    document = hearing(60)
    (tmp_path / "pv.docx").write_bytes(docx_writer.render(document))
    (tmp_path / "pv.pdf").write_bytes(pdf_writer.render(document))
    with resources.path_of("fonts", "LiberationSans-Regular.ttf") as font:
        (tmp_path / "fonts.conf").write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{font.parent}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
            '<alias binding="same"><family>Arial</family><prefer><family>Liberation Sans</family></prefer></alias>'
            "</fontconfig>"
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path / "lo"), str(tmp_path / "pv.docx")],
            capture_output=True, check=True, timeout=180, env=env,
        )  # fmt: skip
    assert "LiberationSans" in run("pdffonts", tmp_path / "lo" / "pv.pdf")

    def count(path: Path) -> int:
        return int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", path), re.M).group(1))

    assert abs(count(tmp_path / "pv.pdf") - count(tmp_path / "lo" / "pv.pdf")) <= 1


def test_text_the_pdf_cannot_carry_leaves_that_pdf_out_with_a_note_and_every_other_file_whole(
    workspace, fill_demo, tmp_path
):
    """A name in Chinese script stops the PV's PDF only: its Word file carries it, and says why there is no PDF."""
    hearing_id, _files = fill_demo("audition-victime-majeure", victim={"nom": "WANG 王"})
    for chosen in (("docx", "pdf"), ("pdf",)):
        written = workspace.export(hearing_id, tmp_path / "-".join(chosen), ["pv"], formats=chosen)
        assert [f.format for f in written] == ["docx"]
        assert "WANG 王" in docx_text(written[0].path)
        assert any("« 王 » (U+738B)" in note and "PDF" in note for note in written[0].notes)
