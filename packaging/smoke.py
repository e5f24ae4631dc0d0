"""Smoke test of the one-folder build: does the frozen program work on its own?

    .venv/bin/python packaging/smoke.py [dist/audition-assistant]

(`make package-smoke` builds the folder when missing or stale, then runs
this.) Each check runs the frozen program in a subprocess, with a throwaway
data folder, and reads what it produced with the venv's python-docx:

1. ``demo --out DIR --format docx,odt,pdf`` writes Word documents built on
   the bundled base document (its named styles prove that resources load in
   the frozen build), and each in OpenDocument and PDF/A (the writers, the
   bundled font and the colour profile are in the build);
2. ``templates list`` finds the bundled template, valid, and ``questions
   classify`` reads questions with the lemmatiser's French data;
3. ``gui --exit-after-start`` brings the first window up on the offscreen
   platform, then on xcb under Xvfb when ``xvfb-run`` exists (the plugin a
   Linux station uses), with Qt's French translations and the French
   dictionary loaded (it says on stderr when either is missing);
4. on Linux, ``install.sh`` installs the folder, menu entry and icons into a
   DESTDIR.

Exit 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[1]
NAME = "audition-assistant"
TIMEOUT = 120  # seconds per run of the frozen program
# Styles of resources/base.docx that every procès-verbal uses.
PV_STYLES = {"PV En-tête", "PV Titre", "PV Question", "PV Réponse"}


class SmokeFailure(Exception):
    pass


def program(folder: Path) -> Path:
    exe = folder / (NAME + ".exe" if os.name == "nt" else NAME)
    if not exe.is_file():
        raise SmokeFailure(f"{exe} is missing: build it with `make package`")
    return exe


def run(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    print("  $ " + " ".join(cmd), flush=True)
    try:
        result = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"no exit after {TIMEOUT} s: {' '.join(cmd)}") from None
    if result.returncode != 0:
        raise SmokeFailure(f"exit {result.returncode}: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The user's environment less anything that could point the program elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUDITION_ASSISTANT_", "QT_", "PYTHON"))}
    return {**env, "AUDITION_ASSISTANT_DATA_DIR": str(data_dir), **extra}


def check_demo(exe: Path, scratch: Path) -> str:
    out = scratch / "demo-out"
    command = [str(exe), "demo", "--out", str(out), "--format", "docx,odt,pdf"]
    result = run(command, clean_env(scratch / "data-demo", QT_QPA_PLATFORM="offscreen"))
    return check_documents([Path(line) for line in result.stdout.splitlines() if line.strip()])


def check_documents(paths: list[Path]) -> str:
    """The documents `demo --format docx,odt,pdf` printed: each written, reopened, in its format."""
    if not paths:
        raise SmokeFailure("demo printed no document path")
    for path in paths:
        if not path.is_file():
            raise SmokeFailure(f"demo printed {path}, which is not a written file")
    others = [p for p in paths if p.suffix != ".docx"]
    for path in others:  # each writer and its data (fonts, colour profile) are in the build
        if path.suffix == ".pdf" and b"<pdfaid:part>2</pdfaid:part>" not in path.read_bytes():
            raise SmokeFailure(f"{path.name}: not a PDF/A-2")
        if path.suffix == ".odt" and not zipfile.ZipFile(path).read("mimetype").startswith(b"application/vnd.oasis"):
            raise SmokeFailure(f"{path.name}: not an OpenDocument text")
        if path.suffix not in (".pdf", ".odt"):
            raise SmokeFailure(f"demo printed {path}, which is neither Word, OpenDocument nor PDF")
    if {p.suffix for p in paths} != {".docx", ".odt", ".pdf"}:
        raise SmokeFailure(f"demo wrote {sorted({p.suffix for p in paths})}, not the three formats")
    paths = [p for p in paths if p.suffix == ".docx"]
    titles = []
    for path in paths:
        document = Document(str(path))
        styles = {p.style.name for p in document.paragraphs if p.style is not None}
        text = "\n".join(p.text for p in document.paragraphs)
        if "PROCÈS-VERBAL" in text and not PV_STYLES.issubset(styles):
            raise SmokeFailure(f"{path.name}: styles of the base document missing: {sorted(PV_STYLES - styles)}")
        # A PV is long; an attestation may be a page of tables: both must hold text.
        cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        if "PROCÈS-VERBAL" in text and len(document.paragraphs) < 20:
            raise SmokeFailure(f"{path.name}: only {len(document.paragraphs)} paragraphs")
        if not (text + cells).strip():
            raise SmokeFailure(f"{path.name}: no text")
        titles.append(text)
    if not any("PROCÈS-VERBAL" in text for text in titles):
        raise SmokeFailure("no procès-verbal among the demo documents")
    return f"{len(paths)} Word documents reopened with python-docx, {len(others)} OpenDocument and PDF/A files"


def check_templates(exe: Path, scratch: Path) -> str:
    result = run([str(exe), "templates", "list"], clean_env(scratch / "data-templates"))
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if not lines or any(line.endswith("INVALID") for line in lines):
        raise SmokeFailure("bundled templates missing or invalid:\n" + result.stdout + result.stderr)
    return f"{len(lines)} bundled template(s), valid"


# Questions whose type needs the lemmatiser's French data, carried by the build (simplemma's data files).
QUESTIONS = {
    "Racontez-moi ce qui s'est passé ensuite.": "invitation",
    "Combien de fois vous a-t-il frappée ?": "suggestive",
    "Il vous a bien pris votre passeport, n'est-ce pas ?": "suggestive",
}


def check_questions(exe: Path, scratch: Path) -> str:
    result = run(
        [str(exe), "questions", "classify"], clean_env(scratch / "data-questions"), "\n".join(QUESTIONS) + "\n"
    )
    found = [line.split("\t")[0] for line in result.stdout.splitlines()]
    if found != list(QUESTIONS.values()):
        raise SmokeFailure(f"questions classify gave {found}, not {list(QUESTIONS.values())}\n{result.stderr}")
    return f"{len(found)} questions classified"


def check_gui(exe: Path, scratch: Path, platform: str) -> str:
    data = scratch / f"data-gui-{platform}"
    cmd = [str(exe), "gui", "--exit-after-start"]
    env = clean_env(data, QT_QPA_PLATFORM=platform)
    if platform == "xcb":
        env.pop("DISPLAY", None)
        cmd = ["xvfb-run", "-a", *cmd]
    result = run(cmd, env)
    if not (data / "templates").is_dir():
        raise SmokeFailure(f"the GUI on {platform} did not prepare its data folder {data}")
    # What the program says on stderr when Qt's French or the French dictionary is missing from the build.
    for complaint in ("Traductions de Qt introuvables", "Correcteur orthographique indisponible"):
        if complaint in result.stderr:
            raise SmokeFailure(f"the GUI on {platform} started without its French: {result.stderr}")
    return "first window shown, Qt's French and the spell-checker loaded, exit 0"


def check_install(folder: Path, scratch: Path) -> str:
    root = scratch / "installed"
    run(["sh", str(folder / "install.sh")], {**os.environ, "DESTDIR": str(root)})
    expected = [
        "opt/audition-assistant/" + NAME,
        "usr/local/bin/" + NAME,
        "usr/local/share/applications/audition-assistant.desktop",
        "usr/local/share/icons/hicolor/256x256/apps/audition-assistant.png",
        "usr/local/share/icons/hicolor/scalable/apps/audition-assistant.svg",
    ]
    missing = [p for p in expected if not os.path.lexists(root / p)]
    if missing:
        raise SmokeFailure(f"install.sh did not install: {', '.join(missing)}")
    entry = (root / expected[2]).read_text(encoding="utf-8")
    if "Exec=/opt/audition-assistant/audition-assistant gui" not in entry or "Icon=audition-assistant" not in entry:
        raise SmokeFailure("the installed menu entry does not point at the program and its icon")
    return "folder, command, menu entry and icons in place"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "dist" / NAME
    try:
        exe = program(folder)
    except SmokeFailure as failure:
        print(f"[smoke] FAILED: {failure}", file=sys.stderr)
        return 1
    checks: list[tuple[str, Callable[[Path], str]]] = [
        ("demo documents", lambda s: check_demo(exe, s)),
        ("bundled templates", lambda s: check_templates(exe, s)),
        ("question types", lambda s: check_questions(exe, s)),
        ("GUI, offscreen", lambda s: check_gui(exe, s, "offscreen")),
    ]
    if sys.platform.startswith("linux"):
        if shutil.which("xvfb-run"):
            checks.append(("GUI, xcb under Xvfb", lambda s: check_gui(exe, s, "xcb")))
        else:
            print("[smoke] xvfb-run not found: the xcb check is skipped", flush=True)
        checks.append(("install.sh", lambda s: check_install(folder, s)))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="aa-smoke-") as tmp:
        for number, (title, check) in enumerate(checks, start=1):
            scratch = Path(tmp) / str(number)
            scratch.mkdir()
            started = time.monotonic()
            print(f"[smoke] {title}", flush=True)
            try:
                detail = check(scratch)
            except SmokeFailure as failure:
                failed += 1
                print(f"[smoke] FAILED {title}: {failure}", file=sys.stderr, flush=True)
                continue
            print(f"[smoke] ok   {title}: {detail} ({time.monotonic() - started:.1f} s)", flush=True)
    if failed:
        print(f"[smoke] {failed} of {len(checks)} check(s) failed", file=sys.stderr)
        return 1
    print(f"[smoke] OK: {len(checks)} checks passed on {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
