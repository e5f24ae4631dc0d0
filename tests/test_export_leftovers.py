"""Hidden copies a killed export leaves (``.~aa-*``, documents in clear) are private, and removed at the next start."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from audition_assistant import cli
from audition_assistant.core.export import files
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.app import start
from keyboard import derived, type_into

PASSPHRASE = "une phrase secrète pour les tests"
DEMO = Path(__file__).parents[1] / "resources" / "demo" / "audition-victime-majeure.json"
AN_HOUR_AGO = time.time() - 3600


def leftover(folder: Path, name: str = ".~aa-k1ll3d.docx", *, old: bool = True) -> Path:
    """What an export killed while writing leaves: a hidden, complete or partial document."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"PK\x03\x04 Audition de Mme X, en clair")
    if old:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return path


@pytest.fixture
def known_folders(tmp_path, monkeypatch):
    """A data folder whose base knows three export folders: the default one, a case's own, a recorded one."""
    data = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    assert cli.main(["--create", "fill", "--answers", str(DEMO), "--out", str(tmp_path / "rendus")]) == 0
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, backup=False, check=False)
    workspace.store.create_case("2026/000777", "Affaire c/ Y", export_dir=str(tmp_path / "dossier-affaire"))
    workspace.close()
    return DataPaths(data), [data / "exports", tmp_path / "rendus", tmp_path / "dossier-affaire"]


def test_the_command_line_removes_old_leftovers_in_every_known_export_folder(known_folders, capsys):
    _paths, folders = known_folders
    old = [leftover(folder) for folder in folders]
    young = leftover(folders[1], ".~aa-en-cours.docx", old=False)  # an export may be writing it right now
    assert cli.main(["audit", "verify"]) == 0, capsys.readouterr().err
    assert [p.exists() for p in old] == [False, False, False]
    assert young.exists()
    assert [p.name for p in folders[1].iterdir() if not p.name.startswith(".~aa-")]  # the documents stay


def test_the_window_removes_them_too_off_its_thread(qtbot, known_folders):
    paths, folders = known_folders
    old = [leftover(folder) for folder in folders]
    window, preloader = start(paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: preloader.done, timeout=30000)
    type_into(window.gate.passphrase, PASSPHRASE)
    gate = window.gate
    QTest.keyClick(window.gate.passphrase, Qt.Key.Key_Return)
    derived(qtbot, gate)
    assert window.gate is None
    qtbot.waitUntil(lambda: not any(p.exists() for p in old), timeout=10000)
    qtbot.waitUntil(lambda: window.maintenance is None, timeout=30000)
    window.close()
    window.workspace.close()


def test_an_export_into_a_folder_removes_its_old_leftovers_and_its_own_copy_is_private(tmp_path, monkeypatch):
    old = leftover(tmp_path)
    modes = []
    real_fsync = os.fsync

    def fsync(fd):  # the temporary copy exists, complete, at this moment
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    written = files.write_new(tmp_path, "pv.docx", b"document")
    assert not old.exists() and written.exists()
    assert modes and modes[0] == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pv.docx"]
