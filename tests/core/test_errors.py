"""Every error meant for the user has one base, UserError, and its message is French."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import audition_assistant
from audition_assistant import cli, cli_contract
from audition_assistant.core.errors import UserError
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import WrongPassphrase
from audition_assistant.core.workspace import Workspace

PACKAGE = Path(audition_assistant.__file__).parent
# Exceptions that never reach a user: each is caught where it is raised and said otherwise.
INTERNAL = {
    "AnchorInvalid": "the audit check turns it into a problem line of its own",
}
# Words of an English sentence; a French message holds none of them as a word.
ENGLISH = re.compile(r"\b(the|is|not|cannot|expected|empty|invalid|unknown|missing|wrong|failed)\b")


def _modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages([str(PACKAGE)], "audition_assistant.")
        if not info.name.startswith("audition_assistant.ui") and info.name != "audition_assistant.__main__"
    ]
    return sorted(names)


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == name:
                found[obj.__name__] = obj
    return found


def test_every_exception_of_the_package_is_a_user_error_or_named_internal():
    classes = _exception_classes()
    assert len(classes) >= 20  # the store's, the exporter's, the templates', the CLI's...
    stray = sorted(n for n, c in classes.items() if not issubclass(c, UserError) and n not in INTERNAL)
    assert stray == []
    assert set(INTERNAL) <= set(classes)


def _raised_messages() -> list[tuple[str, str, str]]:
    """(where, class, literal text) of each ``raise X("...")`` of the package outside the UI."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args):
                continue
            func, first = node.exc.func, node.exc.args[0]
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
            elif isinstance(first, ast.JoinedStr):
                text = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
            else:
                continue
            found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", name, text))
    return found


def test_every_user_error_raised_with_a_text_says_it_in_french():
    classes = _exception_classes()
    messages = [m for m in _raised_messages() if m[1] in classes and m[1] not in INTERNAL]
    assert len(messages) >= 50
    assert [m for m in messages if not issubclass(classes[m[1]], UserError)] == []
    # The command line's own errors are its English contract (README); the core's are French.
    english = [m for m in messages if m[1] != "CliError" and ENGLISH.search(m[2])]
    assert english == []


def test_a_wrong_passphrase_is_said_in_french(tmp_path):
    paths = DataPaths(tmp_path / "data")
    Workspace.open(paths, "une phrase secrète pour les tests", backup=False, create=True).close()
    with pytest.raises(WrongPassphrase) as raised:
        Workspace.open(paths, "une autre phrase secrète du tout", backup=False)
    assert isinstance(raised.value, UserError)
    assert "phrase secrète" in str(raised.value) and not ENGLISH.search(str(raised.value))


def test_the_command_line_prints_a_user_error_on_one_line_with_the_contract_exit_code(tmp_path, capsys):
    """Every user error, whatever its class, ends in its message and exit 1 (3 for a passphrase)."""
    data = tmp_path / "data"
    passphrase = tmp_path / "phrase"
    passphrase.write_text("une phrase secrète pour les tests\n")
    passphrase.chmod(0o600)
    base = ["--data-dir", str(data), "--passphrase-file", str(passphrase)]
    assert cli.main([*base, "--create", "backup"]) == 0
    capsys.readouterr()
    assert cli.main([*base, "export", "--hearing", "7", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("audition-assistant: error: ") and "Traceback" not in err
    assert cli.exit_code(WrongPassphrase()) == cli.EXIT_PASSPHRASE
    assert cli.exit_code(cli.CliError("usage", cli_contract.EXIT_USAGE)) == cli_contract.EXIT_USAGE


def test_the_first_window_can_catch_user_errors_without_the_database_driver():
    code = (
        "import sys; from audition_assistant.core.errors import UserError; "
        "assert 'sqlite_utils' not in sys.modules and 'sqlcipher3' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
