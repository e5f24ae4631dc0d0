"""Render the first page of four demo documents to PNG, for docs/ (a look at what is exported).

Exports the bundled demo hearing (fictional) into a temporary folder, converts
the PV, the bilingual Spanish notices and the récépissé to PDF with LibreOffice, then
page 1 of each to PNG with pdftoppm:

    docs/rendu-pv.png
    docs/rendu-notice-droits-es.png
    docs/rendu-recepisse.png
    docs/rendu-notice-r425-1-es.png

Usage: .venv/bin/python tools/render_samples.py [OUT_DIR]   (needs soffice and pdftoppm)
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from audition_assistant import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {  # start of the exported file name (after the procedure number) -> PNG name
    "Procès-verbal_d'audition_CASTAÑO": "rendu-pv",
    "Information_des_droits_de_la_victime_es": "rendu-notice-droits-es",
    "Récépissé_de_dépôt_de_plainte_CASTAÑO": "rendu-recepisse",
    "Information_de_la_victime_étrangère_es": "rendu-notice-r425-1-es",
}
DPI = "90"


def main(out: Path) -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        sys.exit("soffice and pdftoppm are needed (make test installs them)")
    with tempfile.TemporaryDirectory(prefix="aa-samples-") as scratch:
        folder = Path(scratch)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["demo", "--out", str(folder / "docx")])
        if code:
            sys.exit(f"demo export failed (exit {code})")
        chosen = {
            png: next(p for p in (folder / "docx").glob("*.docx") if p.stem.split("_", 1)[1].startswith(prefix))
            for prefix, png in SAMPLES.items()
        }
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, chosen.values())],
            check=True, capture_output=True,
        )  # fmt: skip
        out.mkdir(parents=True, exist_ok=True)
        for png, docx in chosen.items():
            pdf = folder / "pdf" / (docx.stem + ".pdf")
            subprocess.run(
                [pdftoppm, "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / png)],
                check=True,
            )
            print(out / f"{png}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
