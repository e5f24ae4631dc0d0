"""Start the desktop application."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..core.paths import DataPaths
from ..core.references import load_references
from ..core.workspace import load_templates
from .main_window import MainWindow


def run_gui(paths: DataPaths, *, exit_after_start: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Assistant d'audition")
    app.setOrganizationName("AuditionAssistant")
    paths.ensure()
    window = MainWindow(load_templates(paths, load_references()))
    window.show()
    if exit_after_start:
        QTimer.singleShot(0, app.quit)
    return app.exec()
