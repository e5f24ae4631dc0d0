"""No two modules of the package import each other, directly or through others.

Read from the source (AST), so the test sees every module without importing
one. What counts is what runs when a module loads: its module-level imports,
class bodies included. Two kinds are left out on purpose, since neither runs at
load time: imports under ``if TYPE_CHECKING:`` (annotations only) and imports
inside a function (loaded on first call, e.g. ``cli`` loading ``commands`` or
the windows only when they are wanted).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "audition_assistant"
ROOT = Path(__file__).parents[1] / "src" / PACKAGE


def module_name(path: Path) -> str:
    parts = (PACKAGE, *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in ROOT.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def load_time_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module loads."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += load_time_imports(node.body)
            found += load_time_imports(node.orelse)
        elif isinstance(node, ast.ClassDef | ast.With | ast.For | ast.While):
            found += load_time_imports(node.body)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += load_time_imports(block)
    return found


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports at load time."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in load_time_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
            continue
        base = package
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
        # ``from package import submodule`` needs the submodule; any other name, the module itself.
        submodules = {f"{module}.{alias.name}" for alias in node.names} & known
        targets |= submodules
        if len(submodules) < len(node.names):
            targets.add(module)
    return {target for target in targets if target in known and target != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported_modules(name, path, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle once, as the list of modules along it (the first one repeated at the end)."""
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()

    def walk(start: str, node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt == start:
                key = tuple(sorted(trail))
                if key not in seen:
                    seen.add(key)
                    found.append([*trail, start])
            elif nxt not in trail and nxt > start:  # each cycle found from its smallest module only
                walk(start, nxt, [*trail, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 90 and "audition_assistant.core.store.store" in graph  # the whole package was read
    assert cycles(graph) == []


def test_the_command_line_imports_its_commands_only_when_one_runs():
    graph = import_graph()
    assert "audition_assistant.commands" not in graph["audition_assistant.cli"]
    assert "audition_assistant.cli" not in graph["audition_assistant.commands"]


def test_the_cycle_finder_finds_cycles_and_reads_type_checking_apart():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    source = (
        "from typing import TYPE_CHECKING\n"
        "import x\n"
        "if TYPE_CHECKING:\n    import y\nelse:\n    import z\n"
        "def f():\n    import w\n"
        "class C:\n    import v\n"
    )
    names = [alias.name for node in load_time_imports(ast.parse(source).body) for alias in node.names]
    assert names == ["TYPE_CHECKING", "x", "z", "v"]
