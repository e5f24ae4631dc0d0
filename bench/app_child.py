"""One fresh process of the start-up and memory benchmarks (run by bench/run.py).

    python bench/app_child.py floor
    python bench/app_child.py app DATA_DIR
    python bench/app_child.py unlock DATA_DIR
    python bench/app_child.py floor-memory
    python bench/app_child.py app-memory DATA_DIR HEARING_ID

``floor`` shows a bare QMainWindow; ``app`` opens the encrypted database of
DATA_DIR, builds the application's MainWindow and shows it; ``unlock`` shows
what a user sees first, the passphrase dialog of DATA_DIR. Both then run the
event loop until it is idle (about to wait for input: the window is drawn and
responsive) and print one line, ``READY {json}``, with the moments (seconds
since the script started) of each phase. The parent times the whole process
start to that line. The memory modes go on, for the application, to open the
hearing and visit each of its pages, then report the resident memory.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Set by bench/run.py (importing its modules here would add to the time measured).
PASSPHRASE_ENV = "AA_BENCH_PASSPHRASE"


def since() -> float:
    return time.perf_counter() - T0


def memory() -> dict[str, float]:
    """Resident memory now and at its peak, in MB, from /proc (Linux)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_mb": fields.get("VmHWM", 0.0)}


def run_until_idle(app: object) -> None:
    """Process events until the event loop is about to wait: nothing left to draw or lay out."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop

    dispatcher = QAbstractEventDispatcher.instance()
    loop = QEventLoop()
    dispatcher.aboutToBlock.connect(loop.quit)
    loop.exec()
    dispatcher.aboutToBlock.disconnect(loop.quit)


def floor(memory_mode: bool) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    moments = {"imported": since()}
    app = QApplication(sys.argv[:1])
    moments["qapp"] = since()
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1280, 720)
    window.show()
    moments["shown"] = since()
    run_until_idle(app)
    moments["idle"] = since()
    if memory_mode:
        moments.update(memory())
    return moments


def application(data_dir: str, hearing_id: int | None) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from audition_assistant.core.paths import DataPaths
    from audition_assistant.core.store import Store
    from audition_assistant.core.workspace import Workspace
    from audition_assistant.ui.app import set_identity, settings_for
    from audition_assistant.ui.main_window import MainWindow

    moments = {"imported": since()}
    app = QApplication(sys.argv[:1])
    set_identity(app)
    moments["qapp"] = since()
    paths = DataPaths(Path(data_dir))
    store = Store.open(paths.database, os.environ[PASSPHRASE_ENV])
    moments["store_opened"] = since()
    workspace = Workspace(paths, store)
    moments["workspace_ready"] = since()
    window = MainWindow(workspace, settings_for(paths))
    window.show()
    moments["shown"] = since()
    run_until_idle(app)
    moments["idle"] = since()
    if hearing_id is not None:
        window.open_hearing(hearing_id)
        run_until_idle(app)
        page = window.hearing_page
        assert page is not None, "the hearing did not open"
        for page_id in page.page_ids():  # every section, the questions and answers, the review
            page.go_to(page_id)
            run_until_idle(app)
        moments["hearing_visited"] = since()
        moments["entries_shown"] = float(page.transcript.model.rowCount())
        moments.update(memory())
    return moments


def unlock(data_dir: str) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from audition_assistant.core.paths import DataPaths
    from audition_assistant.ui.app import login_dialog, set_identity

    moments = {"imported": since()}
    app = QApplication(sys.argv[:1])
    set_identity(app)
    moments["qapp"] = since()
    dialog = login_dialog(DataPaths(Path(data_dir)))
    dialog.show()
    moments["shown"] = since()
    run_until_idle(app)
    moments["idle"] = since()
    return moments


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode in ("floor", "floor-memory"):
        result = floor(mode == "floor-memory")
    elif mode == "app":
        result = application(argv[1], None)
    elif mode == "unlock":
        result = unlock(argv[1])
    elif mode == "app-memory":
        result = application(argv[1], int(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print("READY " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
