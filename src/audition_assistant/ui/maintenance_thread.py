"""The opening checks (core.maintenance) on a worker thread, their report back on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

Job = Callable[[threading.Event], object]  # core.maintenance.MaintenanceJob: event -> MaintenanceReport


class MaintenanceThread(QThread):
    """Runs one job; ``reported`` carries its report to the GUI thread (queued: this object lives there)."""

    reported = Signal(object)

    def __init__(self, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self.job = job
        self.cancel = threading.Event()

    def run(self) -> None:
        self.reported.emit(self.job(self.cancel))

    def stop(self) -> None:
        """Ask the job to stop and wait for it: its connection holds the key until it ends."""
        self.cancel.set()
        self.wait()
