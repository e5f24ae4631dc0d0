"""One fresh process of the start-up and memory benchmarks (run by bench/run.py).

    python bench/app_child.py floor
    python bench/app_child.py app DATA_DIR
    python bench/app_child.py floor-memory
    python bench/app_child.py app-memory DATA_DIR HEARING_ID

``floor`` shows a bare QMainWindow. ``app`` starts the application the way
its command does (the command-line module, then ``ui.app.start``): the main
window with its unlock form. Both run the event loop until it is idle (about
to wait for input: the window is drawn and responsive) and print a line
``SHOWN`` there; the parent times the process from its start to that line.

The application then goes on as a user would: while the database modules load
in the background, a timer asks every 5 ms whether the window still answers
(the longest wait is reported); the passphrase is then given and the child
waits until the cases are shown and idle. A last line, ``READY {json}``, gives
the moments (seconds since the script started) of each phase. The memory
modes go on, for the application, to open the hearing and visit each of its
pages, then report the resident memory.
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
TICK_MS = 5


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


def shown(moments: dict[str, float]) -> None:
    print("SHOWN " + json.dumps(moments), flush=True)


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
    shown(moments)
    if memory_mode:
        moments.update(memory())
    return moments


def longest_stall(app: object, busy: object) -> float:
    """While ``busy()`` holds, the longest time (s) the event loop took to serve a 5 ms timer."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    worst, last = 0.0, time.perf_counter()

    def tick() -> None:
        nonlocal worst, last
        now = time.perf_counter()
        worst = max(worst, now - last)
        last = now
        if not busy():  # type: ignore[operator]
            loop.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return max(0.0, worst - TICK_MS / 1000)


def application(data_dir: str, hearing_id: int | None) -> dict[str, float]:
    from audition_assistant import cli  # the program's entry point, as `audition-assistant` runs it

    args = cli.build_parser().parse_args(["--data-dir", data_dir])
    from PySide6.QtWidgets import QApplication

    from audition_assistant.core.paths import resolve
    from audition_assistant.ui.app import set_identity, start

    moments = {"imported": since()}
    app = QApplication(sys.argv[:1])
    set_identity(app)
    moments["qapp"] = since()
    window, preloader = start(resolve(args.data_dir))
    moments["shown"] = since()
    run_until_idle(app)
    moments["idle"] = since()
    shown(moments)

    # The passphrase is being typed: the modules behind it load; does the window still answer?
    moments["stall_during_loading"] = longest_stall(app, lambda: not preloader.done)
    preloader.wait()
    moments["loaded"] = since()
    gate = window.gate
    assert gate is not None, "no unlock form"
    gate.passphrase.setText(os.environ[PASSPHRASE_ENV])
    submitted = since()
    gate.submit()
    assert window.gate is None, f"not unlocked: {gate.error.text()}"
    run_until_idle(app)
    moments["unlock"] = since() - submitted
    moments["cases_listed"] = float(window.cases.model.rowCount())
    if hearing_id is not None:
        window.open_hearing(hearing_id)
        run_until_idle(app)
        page = window.hearing_page
        assert page is not None, "the hearing did not open"
        for page_id in page.page_ids():  # every section, the questions and answers, the review
            page.go_to(page_id)
            run_until_idle(app)
        moments["hearing_visited"] = since()
        moments["entries_shown"] = float(len(page.transcript.model.entries))  # the rows besides the suspensions
        moments.update(memory())
    # The window is left as is (closing it would record the hearing to reopen); the opening check,
    # still running on a large base, is stopped as closing would.
    window.stop_maintenance()
    window.workspace.close()
    return moments


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode in ("floor", "floor-memory"):
        result = floor(mode == "floor-memory")
    elif mode == "app":
        result = application(argv[1], None)
    elif mode == "app-memory":
        result = application(argv[1], int(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print("READY " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
