"""Screenshots of the real application on a fictional demo case, for the README and the guides.

Run under a virtual screen: ``make screenshots`` (xvfb-run, 1366x768, the
common station-laptop size). Writes PNG files into the folder given
(default docs/screenshots).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from audition_assistant.core import answers_file, resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.export_dialog import ExportDialog
from audition_assistant.ui.hearing_page import REVIEW
from audition_assistant.ui.main_window import MainWindow
from audition_assistant.ui.review_page import TRANSCRIPT

SIZE = (1366, 740)  # 768 less a task bar


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="aa-shots-") as scratch:
        paths = DataPaths(Path(scratch))
        paths.ensure()
        clock_now = [dt.datetime(2026, 3, 14, 11, 42)]
        workspace = Workspace(paths, Store.open(paths.database, "capture d'écran fictive", clock=lambda: clock_now[0]))
        with resources.path_of("demo", "audition-victime-majeure.json") as demo:
            filled = answers_file.read(demo, workspace.catalog)
        # The demo hearing, still open: the end of the timeline is left out.
        filled.timeline = [e for e in filled.timeline if e.kind != "end"]
        hearing_id, _files = workspace.fill(filled, Path(scratch) / "exports")
        for number, heading in (
            ("2026/003871", "Affaire c/ X : proxénétisme de proximité, mineure"),
            ("2026/004010", "Affaire c/ X : recours à la prostitution"),
        ):
            workspace.store.create_case(number, heading, workspace.store.profile().service)
        window = MainWindow(workspace, QSettings(str(paths.root / "fenetres.ini"), QSettings.Format.IniFormat))
        window.resize(*SIZE)
        window.show()
        window.cases.reload()
        shoot(app, window, out / "01-dossiers.png")
        window.open_hearing(hearing_id)
        page = window.hearing_page
        page.go_to("identite")
        shoot(app, window, out / "02-audition-identite.png")
        page.go_to(TRANSCRIPT)
        editor = page.transcript
        editor.theme.setCurrentIndex(editor.theme.findData("conditions"))
        editor.use_suggestion(editor.suggestions.item(0))
        editor.answer.setPlainText("Il fallait faire au moins dix clients par jour, sinon")
        shoot(app, window, out / "03-audition-questions-reponses.png")
        page.go_to("indicateurs_section")
        shoot(app, window, out / "04-audition-indicateurs.png")
        page.go_to(REVIEW)
        shoot(app, window, out / "05-verification.png")
        dialog = ExportDialog(window.session, window)
        dialog.resize(700, 480)
        dialog.show()
        shoot(app, dialog, out / "06-export.png")
        dialog.close()
        window.close()
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs" / "screenshots"))
