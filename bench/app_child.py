"""One fresh process of the start-up and memory benchmarks (run by bench/run.py).

    python bench/app_child.py floor
    python bench/app_child.py app DATA_DIR
    python bench/app_child.py floor-memory
    python bench/app_child.py app-memory DATA_DIR HEARING_ID
    python bench/app_child.py app-waits DATA_DIR HEARING_ID [WORD...]

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

``app-waits`` measures what the window's user waits for: while the window
does each job (the search box given each WORD, opening the hearing, its
history, "Sauvegarder maintenant" in the settings), the longest a 5 ms timer
waits; before each, the same with the window idle, as its floor. Without a
WORD, only the opening is measured. The backup made is removed afterwards.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

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


def wait_until(done: Callable[[], bool], timeout: float = 900.0) -> None:
    """Run the event loop until ``done()`` holds, polled every 5 ms."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    if not done():
        raise RuntimeError(f"still waiting after {timeout:.0f} s")


def wait_during(app: object, action: Callable[[], object], done: Callable[[], bool], settle: float) -> dict[str, float]:
    """The longest a 5 ms timer waits (ms) from ``action`` run by the event loop to ``settle`` s after ``done()``.

    Also the time (s) until ``done()``, and how long ``action`` itself kept the loop busy.
    """
    from PySide6.QtCore import QTimer

    moments: dict[str, float] = {}

    def run() -> None:
        moments["started"] = time.perf_counter()
        action()
        moments["returned"] = time.perf_counter()

    def busy() -> bool:
        if "returned" not in moments or not done():
            return True
        moments.setdefault("done", time.perf_counter())
        return time.perf_counter() - moments["done"] < settle

    QTimer.singleShot(0, run)
    stall = longest_stall(app, busy)
    return {
        "wait_ms": stall * 1000,
        "done_s": moments["done"] - moments["started"],
        "action_s": moments["returned"] - moments["started"],
    }


def idle_floor(app: object) -> float:
    """The longest wait (ms) of the same 5 ms timer with the window idle for half a second."""
    return wait_during(app, lambda: None, lambda: True, 0.5)["wait_ms"]


def waits(app: object, window: Any, data_dir: str, hearing_id: int, words: list[str]) -> dict[str, float]:
    """The window's longest waits during a search, the opening of a hearing, its history and a backup made now."""
    import re

    from PySide6.QtWidgets import QDialog, QLabel

    result: dict[str, float] = {}

    def measure(name: str, action: Callable[[], object], done: Callable[[], bool], settle: float = 0.3) -> None:
        result[f"{name}_floor_ms"] = idle_floor(app)
        for key, value in wait_during(app, action, done, settle).items():
            result[f"{name}_{key}"] = value

    page = window.cases

    def searching() -> bool:  # the pause before a search, then the count going on (when the page has one)
        counting = getattr(page, "_counting", None)
        return page._search_pause.isActive() or bool(counting is not None and counting.isActive())

    for index, word in enumerate(words):
        measure(f"search{index}", lambda w=word: page.search.setText(w), lambda: not searching())
        result[f"search{index}_listed"] = float(page.model.rowCount())
        page.search.clear()
        wait_until(lambda: not searching())
        run_until_idle(app)

    measure("open", lambda: window.open_hearing(hearing_id), lambda: window.hearing_page is not None, 0.5)
    result["open_entries"] = float(len(window.hearing_page.transcript.model.entries))
    if not words:
        return result

    def history(dialog: QDialog) -> QDialog.DialogCode:
        status = dialog.findChild(QLabel, "auditStatus")
        wait_until(lambda: bool(status.text()) and "cours" not in status.text())
        return QDialog.DialogCode.Rejected

    window.run_dialog = history
    measure("history", window.show_history, lambda: True)

    backups = Path(data_dir) / "sauvegardes"
    before = set(backups.iterdir()) if backups.exists() else set()
    said: list[str] = []

    def backup(dialog: QDialog) -> QDialog.DialogCode:
        dialog.backup_button.click()
        wait_until(lambda: bool(re.search("enregistrée|impossible", dialog.backup_result.text())))
        said.append(dialog.backup_result.text())
        return QDialog.DialogCode.Rejected

    window.run_dialog = backup
    try:
        measure("backup", window.edit_settings, lambda: True)
    finally:
        for made in set(backups.iterdir()) - before if backups.exists() else ():
            made.unlink()
        if not before and backups.exists():
            backups.rmdir()
    if "impossible" in said[0]:
        raise RuntimeError(said[0])
    return result


def application(data_dir: str, hearing_id: int | None, words: list[str] | None = None) -> dict[str, float]:
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
    # The key is derived on a worker thread (Argon2id): the window answers meanwhile.
    deadline = time.monotonic() + 300
    while window.gate is not None and gate.background.pending("unlock") and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    assert window.gate is None, f"not unlocked: {gate.error.text()}"
    run_until_idle(app)
    moments["unlock"] = since() - submitted
    moments["cases_listed"] = float(window.cases.model.rowCount())
    if words is not None:
        assert hearing_id is not None
        window.stop_maintenance()  # the opening check would share the machine with what is measured
        moments.update(waits(app, window, data_dir, hearing_id, words))
    elif hearing_id is not None:
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
    elif mode == "app-waits":
        result = application(argv[1], int(argv[2]), argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print("READY " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
