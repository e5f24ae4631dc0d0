"""What logging a consultation costs: opening the 300-entry hearing in the real window, with and without it.

Each open is logged before the hearing is shown (``Store.record_read``: one
audit entry chained and committed, the anchor following on its own thread).
The floor is the very same open with ``record_read`` stubbed out, interleaved
run for run, so the difference is the logging alone.

    python bench/read_logging.py [--runs N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from common import PASSPHRASE, Row, median
from dataset import LongHearing, main_on_long_hearing

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The logging adds one small committed write (a few milliseconds) to an open that reads the whole hearing
# and builds its page: within the noise of a shared machine, hence a ratio rather than a difference.
TARGET_RATIO = 1.1


def bench(long: LongHearing, runs: int) -> list[Row]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from audition_assistant.core.workspace import Workspace
    from audition_assistant.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    workspace = Workspace.open(long.paths, PASSPHRASE, backup=False)
    with tempfile.TemporaryDirectory(prefix="aa-bench-settings-") as scratch:
        window = MainWindow(workspace, QSettings(str(Path(scratch) / "fenetres.ini"), QSettings.Format.IniFormat))
        window.stop_maintenance()  # the opening check would share the machine with what is measured
        store = workspace.store
        logged = store.record_read
        writes: list[float] = []  # each record_read's own time, in the opens that log

        def timed_read(*args: object, **kwargs: object) -> None:
            started = time.perf_counter()
            logged(*args, **kwargs)  # type: ignore[arg-type]
            writes.append((time.perf_counter() - started) * 1000)

        reads_before = len(store.audit_entries_of("hearing_opened"))

        def open_once(logging: bool) -> float:
            store.record_read = timed_read if logging else (lambda *a, **k: None)  # type: ignore[method-assign]
            started = time.perf_counter()
            window.open_hearing(long.hearing_id)
            elapsed = time.perf_counter() - started
            assert window.hearing_page is not None, "the hearing did not open"
            window.show_cases()
            app.processEvents()
            return elapsed * 1000

        try:
            open_once(True)  # warm: the template, the modules, the page's first build
            open_once(False)
            with_log, without = [], []
            for _ in range(runs):
                with_log.append(open_once(True))
                without.append(open_once(False))
            store.flush_anchor()
            opened = store.audit_entries_of("hearing_opened")[reads_before:]
            logged_reads = len(opened)
        finally:
            store.record_read = logged  # type: ignore[method-assign]
            window.stop_maintenance()
            window.hide()
            window.deleteLater()
            workspace.close()
    value, floor = median(with_log), median(without)
    assert logged_reads == runs + 1, [(e.at, e.hearing_id, e.detail) for e in opened]
    return [
        Row(
            f"opening the {long.entries}-entry hearing, its consultation logged",
            value,
            floor,
            "ms",
            f"ratio <= {TARGET_RATIO}",
            value <= floor * TARGET_RATIO,
            f"MainWindow.open_hearing, median of {runs} interleaved; floor: the same open with record_read "
            f"stubbed; the logging itself (one entry chained and committed) {median(writes):.1f} ms median, "
            f"{max(writes):.1f} ms at worst",
        )
    ]


def main(argv: list[str]) -> int:
    return main_on_long_hearing(
        argv, "bench/read_logging.py", __doc__ or "", bench, "opens measured each way (default 9)"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
