"""Access to bundled resources through importlib.resources.

The same calls work from a source checkout, an installed wheel and a frozen
PyInstaller build, with no hand-built paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "audition_assistant.resources"


def root() -> Traversable:
    return files(PACKAGE)


def read_text(*parts: str) -> str:
    node = root()
    for part in parts:
        node = node / part
    return node.read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    node = root()
    for part in parts:
        node = node / part
    return node.read_bytes()


def listing(folder: str, suffix: str) -> list[Traversable]:
    node = root() / folder
    if not node.is_dir():
        return []
    return sorted((f for f in node.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


@contextmanager
def path_of(*parts: str) -> Iterator[Path]:
    """A real file path for a resource (python-docx and docxtpl need one)."""
    node = root()
    for part in parts:
        node = node / part
    with as_file(node) as path:
        yield path
