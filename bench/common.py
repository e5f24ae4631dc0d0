"""Shared by the benchmarks: statistics, the result rows, the machine description."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
PASSPHRASE = "phrase secrète des mesures"  # the benchmark databases hold invented data only


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100), linear between the closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def timed(action: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@dataclass
class Row:
    """One line of the table: a figure, its floor, and the target it is held to."""

    measure: str
    value: float
    floor: float | None
    unit: str  # "s", "ms" or "MB"; value and floor are in this unit
    target: str  # human wording, e.g. "ratio <= 2" or "<= 5 ms"
    ok: bool | None  # None: reported, no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def table(rows: list[Row]) -> str:
    """A Markdown table, readable as is in a terminal."""
    head = ["measure", "Audition Assistant", "floor", "ratio", "target", "result"]
    lines = [head]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        result = "—" if row.ok is None else ("OK" if row.ok else "MISSED")
        lines.append([row.measure, fmt(row.value, row.unit), fmt(row.floor, row.unit), ratio, row.target, result])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        fields = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"') or platform.platform()
    except OSError:
        return platform.platform()


def _filesystem(path: Path) -> str:
    result = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    return lines[1].split()[1] if result.returncode == 0 and len(lines) > 1 else "unknown"


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on (the venv's versions: the ones the app uses)."""
    from importlib.metadata import version

    import PySide6
    from PySide6 import QtCore
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    conn.close()
    return [
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} logical cores (nproc {len(os.sched_getaffinity(0))})"),
        ("RAM", _memory()),
        ("OS", f"{_os()}, kernel {platform.release()}"),
        ("disk", f"{_filesystem(ROOT)} (the databases and documents are written under {ROOT.name}/ and /tmp)"),
        ("Python", f"{platform.python_version()} ({sys.implementation.name})"),
        ("Qt", f"{QtCore.qVersion()}, PySide6 {PySide6.__version__}"),
        ("SQLCipher", f"{cipher} (SQLite {sqlite}), sqlcipher3 {version('sqlcipher3')}"),
        ("python-docx", version("python-docx")),
    ]
