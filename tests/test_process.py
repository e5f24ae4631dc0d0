"""The running application cannot be dumped: no core file, no debugger or /proc reading by another process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")

REPORT = (
    "import ctypes, os, resource, sys\n"
    "from audition_assistant import cli\n"
    "code = cli.main(sys.argv[1:])\n"
    "libc = ctypes.CDLL(None)\n"
    "print(code, libc.prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE), oct(os.umask(0)))\n"
)


@pytest.mark.parametrize("args", [["templates", "list"], ["gui", "--exit-after-start"]], ids=["command line", "window"])
def test_the_entry_point_makes_the_process_non_dumpable_without_core_dumps(tmp_path, args):
    result = subprocess.run(
        [sys.executable, "-c", REPORT, "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 0 (0, 0) 0o77"  # exit code, dumpable, core size limits, umask
