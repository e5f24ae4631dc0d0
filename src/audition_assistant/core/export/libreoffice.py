"""Convert Word-model documents to OpenDocument or PDF/A through LibreOffice, when the station has it.

The application writes its own documents in every format itself; a Word
model a trainer edited in Word can only be laid out by an office suite.
LibreOffice runs headless with a throwaway profile (the user's own is
neither read nor changed, and a running LibreOffice does not take the job
over), on copies in a private temporary folder removed afterwards, once per
format for all the documents, and is killed when it overruns its time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .files import ExportError
from .formats import LABELS, ODT, PDF

# The filters --convert-to takes. PDF: PDF/A-2b (SelectPdfVersion 2), through the
# JSON filter options LibreOffice reads since 7.4; an older one ignores them, which
# ``_is_pdfa`` catches, rather than handing over a PDF that is not PDF/A.
FILTERS = {
    ODT: "odt:writer8",
    PDF: 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
}
TIMEOUT = 120.0  # seconds for one run: a first start builds the profile (5 to 20 s), then about 1 s a document
NAMES = ("soffice", "libreoffice")


class ConversionError(ExportError):
    """LibreOffice is absent, failed or overran its time; the message is French."""


def usual_paths() -> list[Path]:
    """Where installers put LibreOffice when its folder is not on PATH (Windows, macOS, Linux tarballs)."""
    paths = []
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        if os.environ.get(variable):
            paths.append(Path(os.environ[variable]) / "LibreOffice" / "program" / "soffice.exe")
    paths.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    paths += [Path("/usr/lib/libreoffice/program/soffice"), Path("/usr/lib64/libreoffice/program/soffice")]
    paths += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    paths.append(Path("/snap/bin/libreoffice"))
    return paths


def find() -> str | None:
    """The LibreOffice program to run, or None."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for path in usual_paths():
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return None


def available() -> bool:
    """Whether Word models can be converted on this station."""
    return find() is not None


def convert(files: dict[str, bytes], fmt: str, timeout: float = TIMEOUT) -> dict[str, bytes]:
    """``files`` (name -> .docx bytes) converted to ``fmt`` (ODT or PDF) in one LibreOffice run.

    Returns name -> converted bytes; a document LibreOffice could not convert
    is missing from the result. ConversionError when LibreOffice is absent,
    fails as a whole or overruns ``timeout``.
    """
    if fmt not in FILTERS:
        raise ValueError(f"LibreOffice does not convert to {fmt!r} here")
    if not files:
        return {}
    program = find()
    if program is None:
        raise ConversionError("LibreOffice est introuvable sur ce poste.")
    with _private_folder() as folder:
        profile, sources, out = folder / "profile", folder / "in", folder / "out"
        sources.mkdir(mode=0o700)
        # Neutral names: a document's own name may be anything, LibreOffice names its output after its input.
        inputs = {name: sources / f"document-{index}.docx" for index, name in enumerate(files)}
        for name, path in inputs.items():
            path.write_bytes(files[name])
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            FILTERS[fmt],
            "--outdir",
            str(out),
            *(str(p) for p in inputs.values()),
        ]
        _run(command, timeout, folder)
        converted = {}
        for name, path in inputs.items():
            result = out / f"{path.stem}.{fmt}"
            if result.is_file():
                data = result.read_bytes()
                if fmt == PDF and not _is_pdfa(data):
                    raise ConversionError(
                        "La version de LibreOffice installée n'écrit pas le PDF/A (LibreOffice 7.4 ou plus récent)."
                    )
                converted[name] = data
    return converted


def note(formats: tuple[str, ...], reason: str) -> str:
    """The investigator's note on a Word-model document left in Word."""
    missing = " ni ".join(LABELS[f].split(" (")[0] for f in formats)
    return f"Reste au format Word, sans {missing} : {reason.rstrip('.')}."


@contextlib.contextmanager
def _private_folder() -> Iterator[Path]:
    """A temporary folder only this user enters (mkdtemp makes it 0700), removed with all it holds."""
    folder = Path(tempfile.mkdtemp(prefix="audition-assistant-lo-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], timeout: float, folder: Path) -> None:
    """Run LibreOffice in ``folder``, in a process group of its own, killed whole when it overruns."""
    options: dict[str, object] = {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
    else:
        options["start_new_session"] = True  # soffice starts soffice.bin: killing the group kills both
    env = {**os.environ, "HOME": str(folder)}  # nothing of LibreOffice's lands in the user's home
    try:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            **options,  # type: ignore[call-overload]
        )
    except OSError as error:
        raise ConversionError(f"LibreOffice n'a pas pu être lancé : {error.strerror or error}.") from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ConversionError(f"LibreOffice n'a pas terminé la conversion en {timeout:.0f} secondes.") from None
    if process.returncode != 0:
        last = output.decode("utf-8", "replace").strip().splitlines()[-1:] if output else []
        detail = f" ({last[0]})" if last else ""
        raise ConversionError(f"La conversion par LibreOffice a échoué, code {process.returncode}{detail}.")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # the whole tree: soffice.exe starts soffice.bin
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)


def _is_pdfa(data: bytes) -> bool:
    """Whether a PDF says in its XMP that it is PDF/A-2 or later (the metadata stream is not compressed)."""
    for marker in (b"<pdfaid:part>", b'pdfaid:part="'):
        at = data.find(marker)
        if at >= 0:
            part = data[at + len(marker) : at + len(marker) + 1]
            return part.isdigit() and int(part) >= 2
    return False
