"""Safe file names and never-overwriting, crash-safe writes."""

from __future__ import annotations

import errno
import os
import re
import stat

import pytest

from audition_assistant.core.export.files import ExportError, safe_filename, write_new


@pytest.mark.parametrize(
    "parts, expected",
    [
        (("2026/004512", "PV audition", "RIVERA Lucía"), "2026-004512_PV_audition_RIVERA_Lucía.docx"),
        (("../../etc/passwd",), "-..-etc-passwd.docx"),
        (("CON",), "_CON.docx"),
        (("aux.docx",), "_aux.docx.docx"),
        (('a:b*c?d|e<f>g"h',), "a-b-c-d-e-f-g-h.docx"),
        (("",), "document.docx"),
        (("  ...  ",), "document.docx"),
        (("王芳", "ليلى"), "王芳_ليلى.docx"),
    ],
)
def test_safe_filename(parts, expected):
    assert safe_filename(parts) == expected


def test_safe_filename_is_bounded():
    name = safe_filename(("x" * 300,))
    assert len(name) <= 125 and name.endswith(".docx")


def test_write_new_never_overwrites(tmp_path):
    first = write_new(tmp_path, "pv.docx", b"one")
    second = write_new(tmp_path, "pv.docx", b"two")
    third = write_new(tmp_path, "pv.docx", b"three")
    assert [p.name for p in (first, second, third)] == ["pv.docx", "pv (2).docx", "pv (3).docx"]
    assert first.read_bytes() == b"one" and third.read_bytes() == b"three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pv (2).docx", "pv (3).docx", "pv.docx"]


def test_a_written_document_is_durable_under_its_name_before_it_is_reported(tmp_path, monkeypatch):
    """The file is flushed, then its new name: a power cut after the export said « écrit » loses neither."""
    from audition_assistant.core import atomic

    flushed = []
    real = atomic.fsync_folder
    monkeypatch.setattr(atomic, "fsync_folder", lambda folder: (flushed.append(folder), real(folder)))
    path = write_new(tmp_path / "sub", "pv.docx", b"x")
    assert flushed == [path.parent] and path.read_bytes() == b"x"


def test_written_files_are_private(tmp_path):
    path = write_new(tmp_path / "sub", "pv.docx", b"x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "error, message",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "accès refusé (dossier en lecture seule ?)"),
        (OSError(errno.EROFS, "Read-only file system"), "accès refusé (dossier en lecture seule ?)"),
        (OSError(errno.ENOSPC, "No space left on device"), "disque plein"),
    ],
)
def test_os_errors_become_french_messages_and_leave_nothing(tmp_path, monkeypatch, error, message):
    """Root ignores permissions, so the OS refusal is simulated where the write happens."""
    real_fdopen = os.fdopen

    def failing_fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        handle.close()
        raise error

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(ExportError, match=re.escape(message)):
        write_new(tmp_path, "pv.docx", b"x")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destination_gives_a_french_error(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    with pytest.raises(ExportError, match="Impossible de créer le dossier d'export") as refused:
        write_new(blocker / "exports", "pv.docx", b"x")
    assert str(refused.value).endswith("un fichier porte déjà ce nom, ou celui d'un des dossiers du chemin")


@pytest.mark.parametrize("text", ["王" * 300, "😀" * 300, "é" * 300])
def test_safe_filename_fits_in_255_bytes(tmp_path, text):
    """Linux counts a name's 255 in bytes: 120 Chinese characters are 360."""
    name = safe_filename(("2026/004512", text))
    assert len(name.encode("utf-8")) <= 210 and name.endswith(".docx")
    assert write_new(tmp_path, name, b"x").name == name
    assert write_new(tmp_path, name, b"y").name.endswith(" (2).docx")


def test_safe_filename_drops_lone_surrogates(tmp_path):
    name = safe_filename(("\ud800RIVERA\udcff",))
    assert name == "RIVERA.docx"
    assert write_new(tmp_path, name, b"x").name == name
