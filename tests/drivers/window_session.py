"""A first start through the real entry point (``cli.main``), as a user makes it, reporting file modes.

    python window_session.py DATA_DIR PASSPHRASE

Fills the first-start form, waits for the opening check and the day's
backup, locks, quits; prints one JSON line: the mode of every file and
folder under DATA_DIR while the window was open (database -wal and -shm
included) and after it closed, and the process's state (dumpable, umask).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from audition_assistant import cli
from audition_assistant.core import private
from audition_assistant.ui.main_window import MainWindow

DATA, PASSPHRASE = Path(sys.argv[1]), sys.argv[2]
app = QApplication(sys.argv[:1])
report: dict[str, object] = {}


def modes() -> dict[str, str]:
    return {str(p.relative_to(DATA)) or ".": oct(stat.S_IMODE(p.stat().st_mode)) for p in [DATA, *DATA.rglob("*")]}


def window() -> MainWindow:
    return next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))


def first_start() -> None:
    gate = window().gate
    gate.passphrase.setText(PASSPHRASE)
    gate.confirm.setText(PASSPHRASE)
    gate.profile.inputs["nom"].setText("DUPONT")
    gate.profile.inputs["prenom"].setText("Claire")
    gate.submit()
    QTimer.singleShot(100, when_checked)


def when_checked() -> None:
    main = window()
    if main.maintenance is not None:
        QTimer.singleShot(100, when_checked)
        return
    report["open"] = modes()
    report["dumpable"] = private.dumpable()
    report["umask"] = oct(os.umask(0o077))
    main.lock()
    main.close()


QTimer.singleShot(0, first_start)
report["code"] = cli.main(["--data-dir", str(DATA), "gui"])
report["closed"] = modes()
print(json.dumps(report))
