"""The type of each question (invitation, directive, option, suggestive), shown as the investigator types it.

Two parts. ``HearingMarks`` keeps what the person has said after each entry
(``Said``) and each entry's classification, the same as ``profile_of`` gives,
followed from the first entry that changed: an added entry costs one
classification, an edit at the top the whole hearing. That work, and the
lemmatiser's warm-up when the hearing opens, runs off the window's thread.

``QuestionMark`` is the discreet line beside the Question box: at a short
typing pause it classifies the question being typed against what the person
has said so far (before the entry, when one is edited; the answer being typed
never counts for its own question). It never takes the focus, never touches
the text, and shows nothing while the answers so far are being read.

An aid, never a verdict: nothing here blocks anything or reaches a document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from ..core import questions
from ..core.questions import LABELS, Classification, Said
from ..core.store.records import TranscriptEntry
from .background import Background
from .message_bar import ElidedLabel

PAUSE_MS = 150  # the typing pause after which the mark follows the question
JOB = "question-marks"
SYMBOLS = {"invitation": "●", "directive": "◐", "option": "◑", "suggestive": "⚠"}
# Discreet: grey for the open questions, a muted brown for what may contaminate an account (never an alarm's red).
COLOURS = {"invitation": "#5f6b6d", "directive": "#5f6b6d", "option": "#6b5a2e", "suggestive": "#8a4b00"}
NAME = "Type de la question"

Row = tuple[int, str, str]  # an entry's id, question, answer


def mark_words(found: Classification) -> str:
    """« suggestive — introduit « passeport », que la personne n'a pas dit »: one line, French."""
    label = LABELS[found.category]
    return f"{label} — {found.reason}" if found.reason else label


def describe(found: Classification) -> str:
    """The mark as shown: its sign, then its words."""
    return f"{SYMBOLS[found.category]} {mark_words(found)}"


def classify_from(base: Said, rows: Sequence[Row], classify: Callable[[str, Said], Classification]) -> tuple[
    list[Said], dict[int, Classification]
]:  # fmt: skip
    """What is said after each of ``rows``, and their questions' classifications, from ``base`` on.

    The same as ``profile_of`` over the whole hearing when ``base`` is what
    the entries before ``rows`` said: each question against the answers before it.
    """
    said, saids, found = base, [], {}
    for entry_id, question, answer in rows:
        if question.strip():
            found[entry_id] = classify(question, said)
        said = said.plus(answer)
        saids.append(said)
    return saids, found


class HearingMarks(QObject):
    """What the person has said after each entry, and each entry's mark, kept up to date off the window's thread."""

    changed = Signal()  # the marks (and what was said) follow the entries again

    def __init__(self, parent: QObject | None = None, *, background: Background | None = None):
        super().__init__(parent)
        self.background = background or Background(self)
        self._rows: list[Row] = []  # the entries that _saids and _found follow
        self._saids: list[Said] = [Said()]  # _saids[i]: what the answers of _rows[:i] said
        self._found: dict[int, Classification] = {}
        self._wanted: list[Row] | None = None  # the entries shown now; None: none (locked)
        self._job: int | None = None
        self._warm = False

    def follow(self, entries: Iterable[TranscriptEntry]) -> None:
        """The entries as they are now (in their order): the marks follow, from the first one that changed."""
        self._wanted = [(e.id, e.question, e.answer) for e in entries]
        if self._job is None:
            self._start()

    def clear(self) -> None:
        """Drop every word (the lock): ``follow`` reads them again."""
        self.background.forget(JOB)
        self._job = None
        self._rows, self._saids, self._found, self._wanted = [], [Said()], {}, None

    @property
    def ready(self) -> bool:
        """Whether the marks follow the entries shown (the lemmatiser warm, nothing left to work out)."""
        return self._warm and self._job is None and self._wanted == self._rows

    def said_before(self, index: int) -> Said | None:
        """What the person said in the answers before the entry at ``index`` (all of them at the end); None: not yet."""
        return self._saids[index] if self.ready and 0 <= index < len(self._saids) else None

    def said_so_far(self) -> Said | None:
        return self.said_before(len(self._rows))

    def marks(self) -> dict[int, Classification]:
        """Each entry's classification (its question against the answers before it), by entry id."""
        return dict(self._found)

    def profile(self) -> questions.QuestionProfile | None:
        """The hearing's question-type profile, in its order; None while it is being worked out."""
        if not self.ready:
            return None
        return questions.QuestionProfile(tuple((i, self._found[i]) for i, _q, _a in self._rows if i in self._found))

    def _start(self) -> None:
        wanted = self._wanted
        if wanted is None or (self._warm and wanted == self._rows):
            return
        kept = 0
        for before, now in zip(self._rows, wanted, strict=False):
            if before != now:
                break
            kept += 1
        base, tail, warm, classify = self._saids[kept], wanted[kept:], not self._warm, questions.classify

        def work() -> tuple[list[Said], dict[int, Classification]]:
            if warm:
                questions.warm()  # the lemmatiser's data, once, here rather than at the first pause
            return classify_from(base, tail, classify)

        self._job = self.background.run(work, lambda result: self._done(wanted, kept, result), self._failed, kind=JOB)

    def _done(self, rows: list[Row], kept: int, result: tuple[list[Said], dict[int, Classification]]) -> None:
        saids, found = result
        self._job = None
        self._warm = True
        earlier = {entry_id for entry_id, _q, _a in rows[:kept]}
        self._rows = rows
        self._saids = self._saids[: kept + 1] + saids
        self._found = {i: c for i, c in self._found.items() if i in earlier} | found
        self._start()  # the entries changed meanwhile: on from there
        self.changed.emit()

    def _failed(self, _error: BaseException) -> None:
        """A question the rules could not read: no marks rather than a window in trouble (the mark is an aid)."""
        self._job = None


class QuestionMark(ElidedLabel):
    """The type of the question being typed, one discreet line beside the Question box; its reason in the tooltip."""

    def __init__(self, box: QPlainTextEdit, said: Callable[[], Said | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.box = box
        self.said = said  # what the person has said before this question; None while not known yet
        self.category = ""
        self.setObjectName("questionTypeMark")
        self.setAccessibleName(NAME)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.update_mark)
        box.textChanged.connect(self.schedule)

    def schedule(self) -> None:
        """After the next typing pause; an emptied box loses its mark at once."""
        if self.box.document().isEmpty():
            self.pause.stop()
            self.clear()
        else:
            self.pause.start()

    def update_mark(self) -> None:
        question = self.box.toPlainText()
        said = self.said() if question.strip() else None
        if said is None:  # nothing typed, or the answers so far not read yet: the mark comes with them
            self.clear()
            return
        try:
            found = questions.classify(question, said)
        except Exception:  # an aid: a question the rules cannot read gets no mark, never an error
            self.clear()
            return
        self.show_mark(found)

    def show_mark(self, found: Classification) -> None:
        text = describe(found)
        self.category = found.category
        self.setStyleSheet(f"color:{COLOURS[found.category]};")
        self.setText(text)
        self.setAccessibleName(f"{NAME} : {mark_words(found)}")

    def clear(self) -> None:
        self.category = ""
        self.setText("")
        self.setToolTip("")
        self.setAccessibleName(NAME)
