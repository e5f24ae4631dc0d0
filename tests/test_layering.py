"""The core never imports Qt: the UI depends on the core, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).parents[1] / "src" / "audition_assistant" / "core"


def test_no_core_module_imports_qt_statically():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
            ]
    assert CORE.exists() and offenders == []


def test_importing_the_whole_core_and_cli_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, audition_assistant.core as c, audition_assistant.cli\n"
        "for m in pkgutil.walk_packages(c.__path__, 'audition_assistant.core.'): importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
