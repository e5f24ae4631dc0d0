"""What the question-type mark costs: one question classified against a 300-entry hearing, and typing under it.

(a) ``questions.classify`` of each question of a set (invitations, wh- and
yes/no questions, tag questions, new details, tutoiement, through an
interpreter) against what the person said in the 300 answers of the long
hearing, median and worst. Floor: the question's own words read as ``Said``
reads an answer (tokenised and, with the real rules, lemmatised), alone:
the least a classifier comparing the question with the answers pays.

(b) The real window, the 300-entry hearing open on its questions and answers,
its marks worked out: each question typed key by key into the Question box
(each key event processed, the spell-checking and the mark's pause timer
included), then the mark's update as the pause fires it (the classification,
on the window's thread). Floor: the same keys into a bare QPlainTextEdit in
the same process, interleaved question by question.

    python bench/questions.py [--runs N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from common import PASSPHRASE, Row, median, timed
from dataset import LongHearing, main_on_long_hearing

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CLASSIFY_MS = 20  # at every typing pause, for a question against a 300-entry hearing
PAUSE_MS = 100  # the window may wait no longer
MARK_RATIO = 1.1  # what the mark adds to a key into the Question box
KEY_MS = 16  # the longest key into the Question box: within one frame of a 60 Hz screen

# What an investigator types (invented people and places), in every category and form.
QUESTIONS = [
    "Racontez-moi ce qui s'est passé ensuite.",
    "Dites-m'en plus sur l'appartement.",
    "Et ensuite ?",
    "Parle-moi de la dame qui gardait les clés.",
    "Demandez-lui de raconter son arrivée à Lyon.",
    "Vous avez parlé de la gare ; racontez-moi ce qui s'est passé à la gare.",
    "Où se trouvait l'appartement ?",
    "Qui prenait les photos pour les annonces ?",
    "Combien de clients veniez-vous par jour ?",
    "Comment l'argent était-il remis à la femme ?",
    "Quand avez-vous vu le médecin à l'hôpital ?",
    "Qu'est-ce que l'homme disait au sujet de la dette ?",
    "Pourquoi n'aviez-vous pas le droit de sortir seule ?",
    "Avec qui dormiez-vous dans l'appartement ?",
    "Qu'elle me dise qui avait son passeport.",
    "Aviez-vous votre passeport à ce moment-là ?",
    "Est-ce que l'appartement était au rez-de-chaussée ou à l'étage ?",
    "Tu avais un téléphone à toi ?",
    "Les clients payaient-ils en espèces ou par virement ?",
    "Étiez-vous seule dans la voiture ?",
    "Il vous a bien pris votre passeport à l'aéroport ?",
    "Vous avez dû avoir très peur, n'est-ce pas ?",
    "Ne vous a-t-il pas frappée ce soir-là ?",
    "C'était Dragan qui conduisait la camionnette, c'est ça ?",
    "Combien de fois vous a-t-il frappée avec la ceinture ?",
    "Racontez-moi quand il vous a pris votre carte bancaire à Perpignan.",
    "Vous deviez forcément lui donner tout l'argent, non ?",
    "Qui était la cousine de Joaquina qui vous a hébergée à Montauban avant le départ en camionnette ?",
    "Est-ce que la personne que vous appelez Mona vous a déjà parlé d'une dette, d'un contrat ou d'un "
    "remboursement, et si oui à quel moment, devant qui, et dans quelle langue ?",
    "Demande-lui si l'homme au tatouage de tigre était présent à l'hôtel Beauséjour.",
]


def bench_classify(entries: list[tuple[int, str, str]], rounds: int) -> list[Row]:
    from audition_assistant.core import questions
    from audition_assistant.ui.question_mark import classify_from

    answers = [answer for _id, _question, answer in entries]
    questions.warm()
    said = questions.Said.of(answers)
    per_question, floors = [], []
    for question in QUESTIONS:
        questions.classify(question, said)  # warm: the lemmatiser's caches, the rules' own
        app = [timed(lambda q=question: questions.classify(q, said)) * 1000 for _ in range(rounds)]
        floor = [timed(lambda q=question: questions.Said.of([q])) * 1000 for _ in range(rounds)]
        per_question.append(median(app))
        floors.append(median(floor))
    opening = timed(lambda: classify_from(questions.Said(), entries, questions.classify))
    said_all = timed(lambda: questions.Said.of(answers))
    worst = max(per_question)
    slowest = QUESTIONS[per_question.index(worst)]
    return [
        Row(f"question type of one question, {len(answers)}-entry hearing", median(per_question), median(floors),
            "ms", f"< {CLASSIFY_MS} ms", worst < CLASSIFY_MS,
            f"questions.classify against what the {len(answers)} answers said; median over {len(QUESTIONS)} "
            f"questions of each one's median of {rounds}; floor: the question's words read as Said reads an answer "
            "(tokenised, lemmatised with the real rules), alone"),
        Row("↳ the slowest question", worst, max(floors), "ms", f"< {CLASSIFY_MS} ms", worst < CLASSIFY_MS,
            f"« {slowest if len(slowest) <= 60 else slowest[:59] + '…'} »; floor: the slowest question's words "
            "read alone"),
        Row(f"↳ the {len(answers)} entries' marks, off the window's thread", opening * 1000, said_all * 1000, "ms",
            "—", None, "what opening the hearing works out on a worker thread (what each answer said, each "
            "question against the answers before it: profile_of's work); floor: what the answers said, alone"),
    ]  # fmt: skip


def bench_typing(long: LongHearing, runs: int) -> list[Row]:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from audition_assistant.core.workspace import Workspace
    from audition_assistant.ui.app import localise
    from audition_assistant.ui.hearing_page import TRANSCRIPT
    from audition_assistant.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    checking = localise(app)  # as the application starts: French, its spell-checker underlining as keys come
    deadline = time.monotonic() + 30
    while not (checking.checker.available or checking.note) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    workspace = Workspace.open(long.paths, PASSPHRASE, backup=False)
    with tempfile.TemporaryDirectory(prefix="aa-bench-settings-") as scratch:
        window = MainWindow(workspace, QSettings(str(Path(scratch) / "fenetres.ini"), QSettings.Format.IniFormat))
        window.stop_maintenance()  # the opening check would share the machine with what is measured
        bare = QPlainTextEdit()
        try:
            window.show()
            window.open_hearing(long.hearing_id)
            page = window.hearing_page
            assert page is not None, "the hearing did not open"
            page.go_to(TRANSCRIPT)
            editor = page.transcript
            deadline = time.monotonic() + 60
            while not editor.marks.ready and time.monotonic() < deadline:  # worked out off the window's thread
                app.processEvents()
                time.sleep(0.005)
            if not editor.marks.ready:
                raise RuntimeError("the entries' marks were not worked out within a minute")
            bare.show()
            app.processEvents()

            NO_MODIFIER = Qt.KeyboardModifier.NoModifier

            def type_into(box: QPlainTextEdit, text: str) -> list[float]:
                box.setPlainText("")
                times = []
                for char in text:
                    started = time.perf_counter()
                    QTest.sendKeyEvent(QTest.KeyAction.Click, box, Qt.Key.Key_unknown, char, NO_MODIFIER)
                    times.append((time.perf_counter() - started) * 1000)
                return times

            keys, bare_keys, unmarked_keys, pauses, shown = [], [], [], [], 0
            for run in range(runs + 1):  # the first round warms up
                for question in QUESTIONS:
                    typed = type_into(editor.question, question)
                    if editor.question.toPlainText() != question:
                        raise RuntimeError(f"the Question box holds {editor.question.toPlainText()!r}")
                    pause = timed(editor.mark.update_mark) * 1000  # what the pause's timer fires
                    shown += bool(editor.mark.text())
                    editor.question.textChanged.disconnect(editor.mark.schedule)  # the box as it was without the mark
                    unmarked = type_into(editor.question, question)
                    editor.question.textChanged.connect(editor.mark.schedule)
                    floor = type_into(bare, question)
                    if run:
                        keys += typed
                        unmarked_keys += unmarked
                        bare_keys += floor
                        pauses.append(pause)
                    app.processEvents()
            editor.question.setPlainText("")
            entries = editor.model.rowCount()
        finally:
            bare.close()
            window.stop_maintenance()
            window.hide()
            window.deleteLater()
            workspace.close()
    if shown < len(QUESTIONS) * (runs + 1):
        raise RuntimeError("the mark did not show a question type for every question")
    key, floor = median(keys), median(bare_keys)
    checked = "" if checking.checker.available else f" ({checking.note or 'no dictionary'})"
    return [
        Row("key event into the Question box, 300-entry hearing open", key, floor, "ms",
            f"longest <= {KEY_MS} ms", max(keys) <= KEY_MS,
            f"{len(keys)} keys ({len(QUESTIONS)} questions x {runs}), median; the longest key {max(keys):.2f} ms "
            f"(bare: {max(bare_keys):.2f} ms); the box's own work included (its spell-checking{checked}, most of "
            f"it, its key filter for Ctrl+Z, the draft's and the mark's pause timers restarted); {entries} rows in "
            "the list; floor: the same keys into a bare QPlainTextEdit in the same process (the ratio is mostly the "
            "spell-checking, which the next line leaves in both)"),
        Row("↳ the same box without the mark", key, median(unmarked_keys), "ms", f"ratio <= {MARK_RATIO}",
            key <= median(unmarked_keys) * MARK_RATIO,
            "what the mark adds to a key: the same keys into the same Question box, the mark's timer not restarted "
            f"(the box's own work alone: longest key {max(unmarked_keys):.2f} ms), interleaved question by question"),
        Row("↳ the mark's update at the typing pause, the longest", max(pauses), None, "ms", f"<= {PAUSE_MS} ms",
            max(pauses) <= PAUSE_MS,
            f"the window's longest wait when the pause fires (the question classified on the window's thread "
            f"against the 300 answers, the mark drawn), {len(pauses)} pauses, median {median(pauses):.2f} ms"),
    ]  # fmt: skip


def bench(long: LongHearing, runs: int) -> list[Row]:
    from audition_assistant.core.workspace import Workspace

    workspace = Workspace.open(long.paths, PASSPHRASE, backup=False)
    try:
        entries = [(e.id, e.question, e.answer) for e in workspace.store.entries(long.hearing_id)]
    finally:
        workspace.close()
    return bench_classify(entries, max(runs, 5)) + bench_typing(long, max(3, runs // 3))


def main(argv: list[str]) -> int:
    return main_on_long_hearing(argv, "bench/questions.py", __doc__ or "", bench, "rounds per question (default 9)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
