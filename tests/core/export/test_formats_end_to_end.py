"""The six demo hearings exported in Word, OpenDocument and PDF/A, each file checked by a reader of its own.

The reference is the Word file as python-docx reads it. Our PDF is read by
poppler (pdfinfo, pdffonts, pdftotext); each .odt and .docx is opened by
LibreOffice (to PDF, then pdftotext): all must hold the same words, and every
page its own "page X / Y" footer. Without LibreOffice, the application's own
documents still come in the three formats and the Word models say why they
stay in Word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pytest

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.export import libreoffice
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace
from readers import docx_text, flat

pytestmark = pytest.mark.slow

FORMATS = (".docx", ".odt", ".pdf")
DEMOS = sorted(d.name for d in resources.listing("demo", ".json"))
PASSPHRASE = "une phrase secrète pour les tests"


# Found once, before any test hides LibreOffice by emptying PATH.
TOOLS = {name: shutil.which(name) for name in ("soffice", "pdfinfo", "pdffonts", "pdftotext")}


def _tool(name: str) -> str:
    found = TOOLS[name]
    assert found, f"{name} is missing: run `make test` (tools/bootstrap.py installs it)"
    return found


def _run(*command: str, timeout: float = 300) -> str:
    done = subprocess.run([_tool(command[0]), *command[1:]], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command[0]}: {done.stderr}"
    return done.stdout


def words(text: str) -> list[str]:
    """The words of ``text``: ligatures undone, no-break spaces as spaces, hyphens as spaces.

    A word hyphenated at a line's end ("celle-" "ci") is then read as the Word file's "celle-ci".
    """
    return flat(unicodedata.normalize("NFKC", text).replace("-", " ")).split()


def body_and_footer(path: Path) -> tuple[list[str], list[str], list[str], bool]:
    """The Word file's words: all (body and tables, in order), those outside tables, the footer's before
    "page", and whether the footer has the "Paraphes :" line."""
    lines = docx_text(path).split("\n")
    document = docx.Document(str(path))
    footer = [p.text for section in document.sections[:1] for p in section.footer.paragraphs]
    body = lines[: len(lines) - len(footer) * len(document.sections)]
    paragraphs = [p.text for p in document.paragraphs]
    initials = any(flat(line) == "Paraphes :" for line in footer)
    page_line = next(flat(line) for line in footer if "page" in line)
    return words("\n".join(body)), words("\n".join(paragraphs)), words(page_line.rsplit("page", 1)[0]), initials


def without(page: list[str], line: list[str], where: str) -> list[str]:
    """``page`` without the last run of words that is ``line``; fails when there is none.

    A footer is looked for anywhere on its page: pdftotext may read a table
    (the signature boxes) after it.
    """
    for start in range(len(page) - len(line), -1, -1):
        if page[start : start + len(line)] == line:
            return page[:start] + page[start + len(line) :]
    raise AssertionError(f"{where}: no « {' '.join(line)} »")


def in_order(wanted: list[str], found: list[str]) -> bool:
    remaining = iter(found)
    return all(word in remaining for word in wanted)


def pages(pdf: Path) -> list[list[str]]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))  # type: ignore[union-attr]
    # -layout: each line as it is drawn, its words in order however far justification spreads them.
    return [words(_run("pdftotext", "-layout", "-enc", "UTF-8", "-f", str(i), "-l", str(i), str(pdf), "-")) for i in
            range(1, count + 1)]  # fmt: skip


def check_pdf_text(pdf: Path, reference: Path) -> None:
    """Every page of ``pdf`` has its footer "… page X / Y" (and "Paraphes :" for a PV);
    without them, the pages hold the Word file's words, those of its paragraphs in order.

    Table cells side by side (signature boxes) read across in a PDF, line by
    line, and a table's heading row comes again on each page: table words are
    checked to be there, not in order nor counted once.
    """
    body, paragraphs, footer, initials = body_and_footer(reference)
    read = pages(pdf)
    found: list[str] = []
    for number, page in enumerate(read, 1):
        footer_line = [*footer, "page", str(number), "/", str(len(read))]
        page = without(page, footer_line, f"{pdf.name}, page {number}")
        found += without(page, ["Paraphes", ":"], f"{pdf.name}, page {number}") if initials else page
    assert set(found) == set(body), f"{pdf.name}: other words than {reference.name}'s"
    assert Counter(body) <= Counter(found), f"{pdf.name}: words of {reference.name} missing"
    assert in_order(paragraphs, found), f"{pdf.name}: the paragraphs are not in {reference.name}'s order"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The demo hearings exported in the three formats by the command line: file stem -> suffix -> path."""
    out = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "audition_assistant", "demo", "--out", str(out), "--format", "docx,odt,pdf"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Reste au format Word" not in done.stderr  # LibreOffice is installed here: every model is converted
    files: dict[str, dict[str, Path]] = defaultdict(dict)
    for line in done.stdout.splitlines():
        path = Path(line)
        files[path.stem][path.suffix] = path
    return dict(files)


@pytest.fixture(scope="module")
def office_pdfs(exported, tmp_path_factory) -> dict[str, Path]:
    """Each .odt and .docx opened by LibreOffice and printed to PDF (one run per format): path name -> PDF."""
    root = tmp_path_factory.mktemp("office")
    result = {}
    for suffix in (".odt", ".docx"):
        sources = [files[suffix] for files in exported.values()]
        out = root / suffix[1:]
        _run("soffice", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out), *map(str, sources))  # fmt: skip
        for source in sources:
            pdf = out / f"{source.stem}.pdf"
            assert pdf.is_file(), f"LibreOffice did not open {source.name}"
            result[source.name] = pdf
    return result


def test_the_six_demo_hearings_give_every_document_in_the_three_formats(exported):
    assert len(DEMOS) == 6
    assert len({stem.split("_")[0] for stem in exported}) == 6  # one procedure each
    assert len(exported) >= 16
    for stem, files in exported.items():
        assert tuple(files) == FORMATS, stem  # written in that order
        assert files[".pdf"].read_bytes().startswith(b"%PDF-")


def test_every_pdf_is_pdfa_2_unencrypted_with_every_font_embedded(exported):
    for files in exported.values():
        pdf = str(files[".pdf"])
        assert re.search(r"^Encrypted:\s+no$", _run("pdfinfo", pdf), re.M), pdf
        fonts = _run("pdffonts", pdf).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), f"{pdf}: {fonts}"  # the "emb" column
        meta = _run("pdfinfo", "-meta", pdf)
        part = re.search(r"pdfaid:part(?:>|=\")(\d)", meta)
        conformance = re.search(r"pdfaid:conformance(?:>|=\")([ABU])", meta)
        assert part and int(part.group(1)) >= 2 and conformance, f"{pdf}: no PDF/A-2 identification"


def test_each_pdf_holds_the_word_files_words_and_page_x_of_y_on_every_page(exported):
    for files in exported.values():
        check_pdf_text(files[".pdf"], files[".docx"])


def test_libreoffice_opens_each_odt_and_docx_with_the_same_words_and_page_x_of_y(exported, office_pdfs):
    for files in exported.values():
        for suffix in (".odt", ".docx"):
            check_pdf_text(office_pdfs[files[suffix].name], files[".docx"])


# --- the station's side: verify, no LibreOffice --------------------------------------
@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    Workspace.open(DataPaths(folder), PASSPHRASE, backup=False, create=True).close()
    return folder


def fill(capsys, data: Path, out: Path, formats: str) -> tuple[list[Path], list[str]]:
    with resources.path_of("demo", "audition-victime-majeure.json") as answers:
        code = cli.main(["--data-dir", str(data), "fill", "--answers", str(answers), "--out", str(out),
                         "--format", formats])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.err
    return [Path(line) for line in printed.out.splitlines()], printed.err.splitlines()


def test_verify_finds_an_odt_and_a_pdf(data, tmp_path, capsys):
    files, _ = fill(capsys, data, tmp_path / "out", "odt,pdf")
    assert {f.suffix for f in files} == {".odt", ".pdf"}
    for path in (
        next(f for f in files if f.suffix == suffix and "Procès-verbal" in f.name) for suffix in (".odt", ".pdf")
    ):
        assert cli.main(["--data-dir", str(data), "verify", str(path)]) == 0
        assert "identical to the export of hearing 1 (document pv)" in capsys.readouterr().out
        altered = tmp_path / f"altered{path.suffix}"
        altered.write_bytes(path.read_bytes()[:-1])
        assert cli.main(["--data-dir", str(data), "verify", str(altered)]) == 1
        assert "NOT identical" in capsys.readouterr().out


def test_without_libreoffice_own_documents_come_in_three_formats_and_word_models_stay_in_word(
    data, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice on PATH...
    monkeypatch.setattr(libreoffice, "usual_paths", lambda: [tmp_path / "Program Files" / "soffice.exe"])  # nor there
    files, notes = fill(capsys, data, tmp_path / "out", "docx,odt,pdf")
    by_stem: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_stem[path.stem].append(path.suffix)
    own = [stem for stem, suffixes in by_stem.items() if suffixes == list(FORMATS)]
    word = [stem for stem, suffixes in by_stem.items() if suffixes == [".docx"]]
    assert sorted(own + word) == sorted(by_stem)
    assert any("Procès-verbal" in s for s in own) and any("Évaluation" in s for s in own)
    assert any("Récépissé" in s for s in word) and any("Information_des_droits" in s for s in word)
    why = "Reste au format Word, sans OpenDocument ni PDF/A : LibreOffice est introuvable sur ce poste."
    for stem in word:
        assert f"audition-assistant: note: {stem}.docx: {why}" in notes
    assert not any(why in note for stem in own for note in notes if stem in note)
    for stem in own:
        check_pdf_text(tmp_path / "out" / f"{stem}.pdf", tmp_path / "out" / f"{stem}.docx")
