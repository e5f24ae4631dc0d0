"""Files and folders the application makes are its user's alone, wherever the data folder is.

Each session runs in a child process started with the permissive umask of
most desktops (022), in a data folder made before by hand as 0755 with a
settings file 0644: the entry point itself must make everything private.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

DRIVERS = Path(__file__).parent / "drivers"
DEMO = Path(__file__).parents[1] / "resources" / "demo" / "audition-victime-majeure.json"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
PASSPHRASE = "une phrase secrète pour les modes"


def permissive(data: Path) -> None:
    """A data folder as a user or an installer may have made it."""
    (data / "templates").mkdir(parents=True)
    data.chmod(0o755)
    (data / "templates").chmod(0o755)
    settings = data / "reglages.json"
    settings.write_text('{"idle_lock_minutes": 5}', encoding="utf-8")
    settings.chmod(0o644)


def child(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        preexec_fn=lambda: os.umask(0o022),  # the child starts as a desktop session does
    )


def not_private(root: Path) -> list[str]:
    wrong = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong.append(f"{path.relative_to(root)} {mode:o}")
    return wrong


def test_a_command_line_session_makes_every_file_0600_and_folder_0700(tmp_path):
    data, out = tmp_path / "data", tmp_path / "documents"
    permissive(data)
    theirs = data / "notes-personnelles.txt"  # a folder chosen with --data-dir may hold the user's own files
    theirs.write_text("à moi", encoding="utf-8")
    theirs.chmod(0o644)
    env = {"AUDITION_ASSISTANT_PASSPHRASE": PASSPHRASE, "AUDITION_ASSISTANT_DATA_DIR": str(data)}
    for args in (
        ["--create", "fill", "--answers", str(DEMO), "--out", str(out)],
        ["export", "--hearing", "1", "--out", str(out)],
        ["backup"],
        ["audit", "verify"],
    ):
        result = child(["-m", "audition_assistant", *args], env)
        assert result.returncode == 0, result.stderr
    assert list(out.glob("*.docx")) and list((data / "sauvegardes").iterdir())
    assert not_private(data) == ["notes-personnelles.txt 644"] and not_private(out) == []


def test_a_window_session_makes_every_file_0600_and_folder_0700(tmp_path):
    data = tmp_path / "data"
    permissive(data)
    result = child([str(DRIVERS / "window_session.py"), str(data), PASSPHRASE])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    opened = report["open"]
    assert {"audition-assistant.db", "audition-assistant.db-wal", "audition-assistant.db-shm", ".verrou"} <= set(opened)
    assert any(name.startswith("sauvegardes/") for name in opened) and "fenetres.ini" in report["closed"]
    for name, mode in [*opened.items(), *report["closed"].items()]:
        assert mode == ("0o700" if (data / name).is_dir() or name in (".", "sauvegardes") else "0o600"), name
