"""Replacing a file whole: the old content or the new one, never a mix, and readable by its owner alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audition_assistant.core import atomic


def test_files_are_replaced_atomically_owner_only(tmp_path):
    target = tmp_path / "fichier"
    target.write_bytes(b"ancien")
    os.chmod(target, 0o644)

    def fail(temp: Path) -> None:
        temp.write_bytes(b"moiti")
        raise OSError("disque plein")

    with pytest.raises(OSError):
        atomic.replace_file(target, fail)
    assert target.read_bytes() == b"ancien" and sorted(p.name for p in tmp_path.iterdir()) == ["fichier"]
    atomic.write_bytes(target, b"nouveau")
    assert target.read_bytes() == b"nouveau" and target.stat().st_mode & 0o777 == 0o600
