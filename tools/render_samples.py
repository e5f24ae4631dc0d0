"""Render the first page of six demo documents to PNG, for docs/ (a look at what is exported).

Exports the bundled demo hearings (fictional) into a temporary folder in the
three formats, converts the Word PV, the bilingual Spanish notices, the Word
récépissé and the OpenDocument récépissé to PDF with LibreOffice, then page 1
of each, and of the application's own PDF/A PV, to PNG with pdftoppm:

    docs/rendu-pv.png
    docs/rendu-notice-droits-es.png
    docs/rendu-recepisse.png
    docs/rendu-notice-r425-1-es.png
    docs/rendu-pv-pdf.png             the PDF/A PV as the application writes it
    docs/rendu-recepisse-odt.png      the .odt récépissé (a Word model converted by LibreOffice)

Usage: .venv/bin/python tools/render_samples.py [OUT_DIR]   (needs soffice and pdftoppm)
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from audition_assistant import cli
from audition_assistant.core import resources

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {  # end of the exported file's name (the first hearing that has one), its suffix -> PNG name
    ("Procès-verbal_d'audition", ".docx"): "rendu-pv",
    ("Information_des_droits_de_la_victime_es", ".docx"): "rendu-notice-droits-es",
    ("Récépissé_de_dépôt_de_plainte", ".docx"): "rendu-recepisse",
    ("Information_de_la_victime_étrangère_es", ".docx"): "rendu-notice-r425-1-es",
    ("Procès-verbal_d'audition", ".pdf"): "rendu-pv-pdf",
    ("Récépissé_de_dépôt_de_plainte", ".odt"): "rendu-recepisse-odt",
}
DPI = "90"


def main(out: Path) -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        sys.exit("soffice and pdftoppm are needed (make test installs them)")
    with tempfile.TemporaryDirectory(prefix="aa-samples-") as scratch:
        folder = Path(scratch)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["demo", "--out", str(folder / "demo"), "--format", "docx,odt,pdf"])
        if code:
            sys.exit(f"demo export failed (exit {code})")
        exported = sorted((folder / "demo").iterdir())
        chosen = {
            png: next(p for p in exported if p.suffix == suffix and p.stem.endswith(end))
            for (end, suffix), png in SAMPLES.items()
        }
        pdfs = {png: path for png, path in chosen.items() if path.suffix == ".pdf"}
        env = station_fonts(folder)
        for suffix in (".docx", ".odt"):  # a folder each: a .docx and an .odt of the same name give the same PDF name
            opened = {png: path for png, path in chosen.items() if path.suffix == suffix}
            subprocess.run(
                [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(folder / suffix[1:]), *map(str, opened.values())],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
            pdfs |= {png: folder / suffix[1:] / (path.stem + ".pdf") for png, path in opened.items()}
        out.mkdir(parents=True, exist_ok=True)
        for png, pdf in pdfs.items():
            subprocess.run(
                [pdftoppm, "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / png)],
                check=True,
            )
            print(out / f"{png}.png")


def station_fonts(folder: Path) -> dict[str, str]:
    """LibreOffice's environment with Arial drawn in the bundled Liberation Sans, as on a station.

    Word has Arial; Ubuntu stations have Liberation Sans, its metric twin. A
    machine with neither would draw the Word documents in a wider font, and
    the renders would not show their real pages.
    """
    with resources.path_of("fonts", "LiberationSans-Regular.ttf") as font:
        fonts = font.parent
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{folder / 'font-cache'}</cachedir>"
        '<alias binding="same"><family>Arial</family><prefer><family>Liberation Sans</family></prefer></alias>'
        "</fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
