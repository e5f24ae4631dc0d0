"""Record a hearing edit by edit through the real windows; made to be killed at any moment.

    python record_hearing.py DATA_DIR

Opens the data folder as the application does (folder lock, passphrase,
integrity check), builds the main window, opens the hearing (created, with
its case, on the first run) and, from the Qt event loop, goes on from the
edits already stored: odd edits type a new text into a long-text answer and
leave the field, even ones add a question and its answer to the transcript.
Each edit goes through the widgets and the HearingSession, as the
investigator's would. When the session says an edit is saved (its ``saved``
signal), a line ``SAVED <n> <kind> <value>`` is printed and flushed, so
that whatever reads it knows the edit was reported saved before any kill.

Lines: ``READY <hearing id> <next edit>``, then ``SAVED ...`` lines.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.main_window import MainWindow

PASSPHRASE = "phrase secrète du test de coupure"
TEMPLATE = "premier-contact"
SECTION, FIELD = "contexte", "contexte_observations"  # a long-text answer
ANSWER = "Observation n° {n} : elle dit avoir été déplacée de Lyon à Rouen."
QUESTION = "Question n° {n} : où dormiez-vous ?"
REPLY = "Réponse n° {n} : dans l'appartement, avec deux autres filles."
NUMBER = re.compile(r"n° (\d+) ")


def the_hearing(workspace: Workspace) -> int:
    store = workspace.store
    for case in store.cases():
        for hearing in store.hearings(case.id):
            return hearing.id
    case_id = store.create_case("2026/009911", "Affaire fictive : essai de coupure")
    person_id = store.add_person(case_id, {"nom": "Essai", "prenoms": "Coupure"})
    return workspace.start_hearing(case_id, person_id, workspace.catalog.get(TEMPLATE))


def edits_done(workspace: Workspace, hearing_id: int) -> int:
    """The number of the last edit stored (0 on the first run)."""
    texts = [workspace.store.answers(hearing_id).get(FIELD) or ""]
    texts += [entry.question for entry in workspace.store.entries(hearing_id)]
    return max([0, *(int(found[1]) for text in texts if (found := NUMBER.search(text)))])


class Recorder:
    def __init__(self, window: MainWindow, first: int):
        self.window = window
        self.n = first
        self.pending: tuple[int, str, str] | None = None
        page = window.hearing_page
        assert page is not None and window.session is not None
        self.answer = page.forms[SECTION].editors[FIELD]
        self.transcript = page.transcript
        window.session.saved.connect(self.saved)

    def saved(self, _moment: object) -> None:
        if self.pending is not None:
            n, kind, value = self.pending
            print(f"SAVED {n} {kind} {value}", flush=True)
            self.pending = None

    def step(self) -> None:
        n = self.n
        if n % 2:
            value = ANSWER.format(n=n)
            self.pending = (n, "answer", value)
            self.answer.text.setPlainText(value)  # as typed: the pause timer starts
            self.answer.flush()  # as when the field loses focus
        else:
            question, reply = QUESTION.format(n=n), REPLY.format(n=n)
            self.pending = (n, "entry", question)
            self.transcript.question.setPlainText(question)
            self.transcript.answer.setPlainText(reply)
            self.transcript.add_button.click()
        if self.pending is not None:
            print(f"NOT SAVED {n}", flush=True)
            QApplication.exit(1)
            return
        self.n += 1
        QTimer.singleShot(0, self.step)


def main(argv: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    paths = DataPaths(Path(argv[0]))
    workspace = Workspace.open(paths, PASSPHRASE, create=True)
    try:
        hearing_id = the_hearing(workspace)
        window = MainWindow(workspace, QSettings(str(paths.root / "fenetres.ini"), QSettings.Format.IniFormat))
        window.show()
        window.open_hearing(hearing_id)
        recorder = Recorder(window, edits_done(workspace, hearing_id) + 1)
        print(f"READY {hearing_id} {recorder.n}", flush=True)
        QTimer.singleShot(0, recorder.step)
        return app.exec()
    finally:
        workspace.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
