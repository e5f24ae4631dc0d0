"""How the tests read an exported .docx: one reader for every test file.

French typography puts no-break spaces (U+00A0, U+202F) before ``: ; ? !``
and inside « »; tests compare words, so by default these read as ordinary
spaces. ``as_written=True`` keeps them, for the tests of typography itself.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import docx.table

NBSP, NNBSP = "\u00a0", "\u202f"


def plain(text: str) -> str:
    """``text`` with the no-break spaces of French typography as ordinary spaces."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def flat(text: str) -> str:
    """``text`` on one line: no-break spaces as spaces, every run of blanks as one space."""
    return " ".join(plain(text).split())


def _document(source: Path | str | bytes) -> Any:
    return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def paragraph_texts(source: Path | str | bytes, *, flatten: bool = False) -> list[str]:
    """The body's non-empty paragraphs, in order (``flatten``: each on one line)."""
    read = flat if flatten else plain
    return [read(p.text) for p in _document(source).paragraphs if p.text.strip()]


def docx_text(source: Path | str | bytes, *, as_written: bool = False) -> str:
    """Every text of a .docx: body paragraphs, table cells (nested) and footers, one per line, in order."""
    document = _document(source)
    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(document)
    for section in document.sections:
        lines += [p.text for p in section.footer.paragraphs]
    text = "\n".join(lines)
    return text if as_written else plain(text)


SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno lives there, not in the virtualenv
OFFICE_PDF = Path(__file__).parent / "drivers" / "office_pdf.py"


def office_pdf(out_dir: Path, files: list[Path], password: str | None = None) -> subprocess.CompletedProcess[str]:
    """LibreOffice itself (through UNO) opening ``files``, with ``password`` if given, and printing each to PDF."""
    assert Path(SYSTEM_PYTHON).is_file() and shutil.which("soffice"), (
        "LibreOffice and python3-uno are needed: run `make test` (tools/bootstrap.py installs them)"
    )
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, text=True)
    assert check.returncode == 0, f"python3-uno is missing ({check.stderr.strip()}): run `make test`"
    out_dir.mkdir(parents=True, exist_ok=True)
    options = ["--password", password] if password is not None else []
    return subprocess.run(
        [SYSTEM_PYTHON, str(OFFICE_PDF), *options, str(out_dir), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
