"""Word models through LibreOffice: found where installed, run headless in a folder of its own, killed when late.

A stand-in ``soffice`` (a small script) records how it is called, so these
tests need no office suite; the last one runs the real LibreOffice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from audition_assistant.core import resources
from audition_assistant.core.export import libreoffice
from audition_assistant.core.export.formats import ODT, PDF

FAKE = textwrap.dedent(
    """\
    #!{python}
    import json, os, pathlib, subprocess, sys, time
    args = sys.argv[1:]
    here = pathlib.Path.cwd()
    pathlib.Path(os.environ["FAKE_SOFFICE_LOG"]).write_text(json.dumps({{
        "args": args, "cwd": str(here), "cwd_mode": here.stat().st_mode & 0o777, "home": os.environ["HOME"],
        "inputs": sorted(p.name for p in (here / "in").iterdir()),
    }}))
    mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
    if mode == "hang":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        pathlib.Path(os.environ["FAKE_SOFFICE_PIDS"]).write_text(f"{{os.getpid()}} {{child.pid}}")
        time.sleep(60)
    if mode == "fail":
        print("Error: source file could not be loaded")
        sys.exit(1)
    out = pathlib.Path(args[args.index("--outdir") + 1])
    out.mkdir()
    suffix = args[args.index("--convert-to") + 1].split(":")[0]
    mark = b"" if mode == "plain-pdf" else b"<pdfaid:part>2</pdfaid:part>"
    for source in args[args.index("--outdir") + 2:]:
        source = pathlib.Path(source)
        if mode == "skip-first" and source.name == "document-0.docx":
            continue
        (out / (source.stem + "." + suffix)).write_bytes(b"converted " + mark + source.read_bytes())
    """
)


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A stand-in soffice alone on PATH; LibreOffice's usual places pointed away; temporary files under tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text(FAKE.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(libreoffice, "usual_paths", lambda: [])
    log = tmp_path / "log.json"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return {"program": program, "log": log, "temp": temp}


def calls(fake) -> dict:
    return json.loads(fake["log"].read_text())


def test_libreoffice_is_found_on_path_then_in_the_usual_places_else_not_at_all(fake, tmp_path, monkeypatch):
    assert libreoffice.find() == str(fake["program"]) and libreoffice.available()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert libreoffice.find() is None and not libreoffice.available()
    monkeypatch.setattr(libreoffice, "usual_paths", lambda: [tmp_path / "absent" / "soffice.exe", fake["program"]])
    assert libreoffice.find() == str(fake["program"])


def test_absent_libreoffice_is_a_french_conversion_error(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(libreoffice.ConversionError, match="LibreOffice est introuvable sur ce poste"):
        libreoffice.convert({"a": b"x"}, PDF)


def test_one_headless_run_converts_every_document_with_a_throwaway_profile_in_a_private_folder(fake):
    files = {"Récépissé « dépôt ».docx": b"one", "notice/es": b"two", "three": b"three"}
    converted = libreoffice.convert(files, PDF)
    assert converted == {name: b"converted <pdfaid:part>2</pdfaid:part>" + data for name, data in files.items()}
    run = calls(fake)
    folder = Path(run["cwd"])
    assert run["cwd_mode"] == 0o700 and folder.parent == fake["temp"]
    assert run["inputs"] == [
        "document-0.docx",
        "document-1.docx",
        "document-2.docx",
    ]  # names LibreOffice cannot trip on
    assert f"-env:UserInstallation={(folder / 'profile').as_uri()}" in run["args"]
    assert {"--headless", "--norestore", "--nolockcheck"} <= set(run["args"])
    assert run["home"] == str(folder)  # not the user's home
    filter_name = run["args"][run["args"].index("--convert-to") + 1]
    assert filter_name.startswith("pdf:writer_pdf_Export:")
    assert json.loads(filter_name.split(":", 2)[2]) == {"SelectPdfVersion": {"type": "long", "value": "2"}}
    assert list(fake["temp"].iterdir()) == []  # profile, copies and results removed


def test_a_document_libreoffice_skips_is_missing_from_the_result(fake, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "skip-first")
    assert libreoffice.convert({"a": b"1", "b": b"2"}, ODT) == {"b": b"converted <pdfaid:part>2</pdfaid:part>2"}
    assert calls(fake)["args"][calls(fake)["args"].index("--convert-to") + 1] == "odt:writer8"


def test_a_failed_run_or_a_pdf_that_is_not_pdfa_is_refused_in_french(fake, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    with pytest.raises(libreoffice.ConversionError, match=r"a échoué, code 1 \(Error: source file could not be"):
        libreoffice.convert({"a": b"1"}, PDF)
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "plain-pdf")
    with pytest.raises(libreoffice.ConversionError, match="n'écrit pas le PDF/A"):
        libreoffice.convert({"a": b"1"}, PDF)
    assert list(fake["temp"].iterdir()) == []


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # dead, waiting to be reaped by init


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_run_that_overruns_its_time_is_killed_with_the_processes_it_started(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    pids = tmp_path / "pids"
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    started = time.monotonic()
    with pytest.raises(libreoffice.ConversionError, match="n'a pas terminé la conversion en 2 secondes"):
        libreoffice.convert({"a": b"1"}, PDF, timeout=2)
    assert time.monotonic() - started < 30
    parent, child = (int(p) for p in pids.read_text().split())
    deadline = time.monotonic() + 10
    while not (_gone(parent) and _gone(child)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(parent) and _gone(child)
    assert list(fake["temp"].iterdir()) == []


def test_the_note_says_which_formats_are_missing_and_why():
    note = libreoffice.note((ODT, PDF), "LibreOffice est introuvable sur ce poste.")
    assert note == "Reste au format Word, sans OpenDocument ni PDF/A : LibreOffice est introuvable sur ce poste."


@pytest.mark.slow
def test_real_libreoffice_writes_pdfa_2_and_leaves_nothing_behind(tmp_path, monkeypatch):
    soffice, pdfinfo = shutil.which("soffice"), shutil.which("pdfinfo")
    assert soffice and pdfinfo, "LibreOffice and poppler are needed: run `make test`"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    home = Path.home()
    before = sorted(p.name for p in home.iterdir()) if home.is_dir() else []
    models = {name: resources.read_bytes("models", name) for name in ("recepisse_plainte.docx", "notice_r425_1.docx")}
    converted = libreoffice.convert(models, PDF)
    assert set(converted) == set(models)
    for name, data in converted.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        meta = subprocess.run([pdfinfo, "-meta", str(path)], capture_output=True, text=True, check=True).stdout
        assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # the "emb" column
    assert list(temp.iterdir()) == []
    assert (sorted(p.name for p in home.iterdir()) if home.is_dir() else []) == before
    assert os.environ.get("HOME", "") == str(home)


def test_word_models_libreoffice_fails_on_stay_in_word_with_the_reason_and_the_others_are_converted(
    fake, monkeypatch, workspace, fill_demo
):
    from audition_assistant.core.export.exporter import built_in, render_all

    hearing_id, _ = fill_demo("audition-victime-majeure")
    ctx = workspace.context(hearing_id)
    specs = workspace.documents_for(ctx, None)
    models = [s.id for s in specs if not built_in(s)]
    assert len(models) >= 2

    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    built = render_all(ctx, specs, workspace.models, formats=(ODT,))
    assert [(d.id, d.format) for d in built] == [(s.id, ODT if built_in(s) else "docx") for s in specs]
    why = "Reste au format Word, sans OpenDocument : La conversion par LibreOffice a échoué, code 1"
    assert all(any(n.startswith(why) for n in d.notes) == (d.id in models) for d in built)

    monkeypatch.setenv("FAKE_SOFFICE_MODE", "skip-first")  # LibreOffice gives all but the first model
    built = render_all(ctx, specs, workspace.models, formats=("pdf", "docx"))
    first = [d for d in built if d.id == models[0]]
    assert [d.format for d in first] == ["docx"]
    assert first[0].notes[-1] == "Reste au format Word, sans PDF/A : LibreOffice n'a pas pu le convertir."
    for spec in specs:
        formats = [d.format for d in built if d.id == spec.id]
        assert formats == (["docx"] if spec.id == models[0] else ["docx", "pdf"]), spec.id
