"""The question/answer editor: suggested questions, the boxes, the entries so far.

Keys, as the investigator types without looking:
- Ctrl+Entrée adds the question and answer; the cursor goes back to Question.
- Ctrl+Z in a box undoes the typing in that box; when the box has nothing
  left to undo (just after an addition, say), and from the list, Ctrl+Z
  undoes the last change to the list (addition, edit, deletion, move), and
  Ctrl+Maj+Z redoes it. An undone addition puts its text back in the boxes
  when they are empty.
- Suppr on the list deletes the selected entry (Ctrl+Z brings it back);
  Échap abandons the edit of an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import timeline
from ..core.french import counted, hhmm
from ..core.questions import Said
from . import spelling
from .fields import TYPING_PAUSE_MS, PlainTextEdit
from .hearing_session import DRAFT, HearingSession
from .message_bar import ElidedCombo
from .models import TranscriptModel
from .question_mark import HearingMarks, QuestionMark
from .transcript_undo import AddEntry, DeleteEntry, EditEntry, EntryRef, EntryText, MoveEntry

FREE = "__libre__"
STATUS_MS = 8000
UNSAVED = (
    "⚠ Question et réponse en cours non enregistrées (disque plein)\u00a0: elles restent dans les cases "
    "et seront enregistrées dès que possible."
)
UNDO_TIP = (
    "Ctrl+Z : dans une case, annule la frappe ; quand la case n'a plus rien à annuler, ou depuis la liste, "
    "annule le dernier ajout, la dernière modification, suppression ou le dernier déplacement. "
    "Ctrl+Maj+Z rétablit. Suppr supprime la question sélectionnée ; Échap abandonne une modification."
)


class TranscriptEditor(QWidget):
    theme_selected = Signal(str)  # the guidance of the chosen theme
    entry_added = Signal(int)  # an entry typed and added (Ctrl+Entrée): its id, before the boxes empty

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._scroll_to_end = False
        self.session = session
        self.setObjectName("transcriptEditor")
        self.editing_id: int | None = None
        # Entries of the signed PV while a supplement is open, and its kind.
        self.signed_ids: set[int] = set()
        self.supplement_kind = ""
        self.read_only = False

        self.theme = ElidedCombo(self)  # a long theme title is cut with « … », never widening the window
        self.theme.setObjectName("themeSelector")
        self.theme.setAccessibleName(self.tr("Thème"))
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("suggestedQuestions")
        self.suggestions.setAccessibleName(self.tr("Questions suggérées"))
        self.suggestions.setWordWrap(True)
        self.suggestions.setAlternatingRowColors(True)
        self.suggestions.setSpacing(2)
        self.question = PlainTextEdit(self)
        self.question.setObjectName("questionBox")
        self.question.setAccessibleName(self.tr("Question"))
        self.question.setPlaceholderText(self.tr("Question posée (cliquez une suggestion ou écrivez)"))
        self.question.setTabChangesFocus(True)
        self.question.setMaximumHeight(90)
        self.answer = PlainTextEdit(self)
        self.answer.setObjectName("answerBox")
        self.answer.setAccessibleName(self.tr("Réponse"))
        self.answer.setPlaceholderText(self.tr("Réponse de la personne entendue, dans ses mots"))
        self.answer.setTabChangesFocus(True)
        spelling.attach(self.question)
        spelling.attach(self.answer)
        self.add_button = QPushButton(self.tr("Ajouter la question et la réponse (Ctrl+Entrée)"), self)
        self.add_button.setObjectName("addEntryButton")
        self.add_button.setToolTip(
            self.tr("Ctrl+Entrée depuis Question ou Réponse. Juste après, Ctrl+Z annule l'ajout.")
        )
        self.cancel_button = QPushButton(self.tr("Annuler la modification"), self)
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.hide()
        # Said while a full disk keeps the boxes' text from being saved.
        self.unsaved_label = QLabel(self.tr(UNSAVED), self)
        self.unsaved_label.setObjectName("unsavedLabel")
        self.unsaved_label.setWordWrap(True)
        self.unsaved_label.setStyleSheet("color:#b00020; font-weight:bold;")
        self.unsaved_label.hide()

        # The question's type as it is typed, and each entry's: what the person has said so far, kept here.
        self.marks = HearingMarks(self)
        self.mark = QuestionMark(self.question, self._said_before_question, self)

        self.model = TranscriptModel(session.view.theme_title, self)
        self.entries = QListView(self)
        self.entries.setObjectName("transcriptEntries")
        self.entries.setAccessibleName(self.tr("Questions et réponses enregistrées"))
        self.entries.setModel(self.model)
        self.entries.setWordWrap(True)
        self.entries.setAlternatingRowColors(True)
        self.edit_button = QPushButton(self.tr("Modifier"), self)
        self.edit_button.setObjectName("editEntryButton")
        self.up_button = QPushButton(self.tr("Monter"), self)
        self.up_button.setObjectName("moveUpButton")
        self.down_button = QPushButton(self.tr("Descendre"), self)
        self.down_button.setObjectName("moveDownButton")
        self.delete_button = QPushButton(self.tr("Supprimer"), self)
        self.delete_button.setObjectName("deleteEntryButton")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("entryCount")
        self.entries.setToolTip(self.tr(UNDO_TIP))
        self.count_label.setToolTip(self.tr(UNDO_TIP))
        # The boxes, then the button that adds them: never the theme above.
        QWidget.setTabOrder(self.question, self.answer)
        QWidget.setTabOrder(self.answer, self.add_button)
        QWidget.setTabOrder(self.add_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.entries)

        self.undo_stack = QUndoStack(self)
        self._refs: dict[int, EntryRef] = {}
        self._history_failed = False
        # The platform's undo and redo keys, the same as inside the boxes (Ctrl+Z, Ctrl+Maj+Z).
        undo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        self.undo_action = self._shortcut("actionUndoEntry", self.tr("Annuler"), undo_keys, self.undo)
        self.redo_action = self._shortcut("actionRedoEntry", self.tr("Rétablir"), redo_keys, self.redo)
        escape = [QKeySequence(Qt.Key.Key_Escape)]
        self.cancel_edit_action = self._shortcut(
            "actionCancelEdit", self.tr("Abandonner la modification"), escape, self.cancel_edit
        )
        self.cancel_edit_action.setEnabled(False)
        self.delete_action = QAction(self.tr("Supprimer"), self.entries)
        self.delete_action.setObjectName("actionDeleteEntry")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.entries.addAction(self.delete_action)
        # Tests (and a scripted session) may answer instead of the dialog.
        self.confirm_add_while_suspended = self._confirm_add_while_suspended
        # The elements chosen for the entry being typed (the elements panel's), tagged in the commit that adds it.
        self.elements_for_entry: Callable[[], list[str]] = list

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Thème"), left))
        left_layout.addWidget(self.theme)
        left_layout.addWidget(QLabel(self.tr("Questions ouvertes suggérées"), left))
        left_layout.addWidget(self.suggestions, 1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        q_label = QLabel(self.tr("&Question"), middle)
        q_label.setBuddy(self.question)
        a_label = QLabel(self.tr("&Réponse"), middle)
        a_label.setBuddy(self.answer)
        question_row = QHBoxLayout()
        question_row.addWidget(q_label)
        question_row.addWidget(self.mark, 1)
        middle_layout.addLayout(question_row)
        middle_layout.addWidget(self.question)
        middle_layout.addWidget(a_label)
        middle_layout.addWidget(self.answer, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        middle_layout.addLayout(buttons)
        middle_layout.addWidget(self.unsaved_label)
        listed = QWidget(self)
        right_layout = QVBoxLayout(listed)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.count_label)
        right_layout.addWidget(self.entries, 1)
        actions = QGridLayout()  # two rows: the pane stays narrow on a laptop screen
        for index, button in enumerate((self.edit_button, self.up_button, self.down_button, self.delete_button)):
            actions.addWidget(button, index // 2, index % 2)
        right_layout.addLayout(actions)
        # The investigator's notes beside the Q/R (elements addressed, the plan): never in the PV.
        self.notes = QTabWidget(self)
        self.notes.setObjectName("investigatorNotes")
        self.notes.setAccessibleName(self.tr("Notes de l'enquêteur (jamais dans le procès-verbal)"))
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never takes the focus from the boxes
        self.notes.hide()  # until a pane is added
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("entriesAndNotes")
        right.setChildrenCollapsible(False)
        right.addWidget(listed)
        right.addWidget(self.notes)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("transcriptSplitter")
        for pane in (left, middle, right):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._save_draft)
        self.question.textChanged.connect(self._typed)
        self.answer.textChanged.connect(self._typed)
        self.question.focus_lost.connect(self.flush)
        self.answer.focus_lost.connect(self.flush)
        self.theme.currentIndexChanged.connect(self._theme_changed)
        self.suggestions.itemActivated.connect(self.use_suggestion)
        self.suggestions.itemClicked.connect(self.use_suggestion)
        self.add_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.edit_button.clicked.connect(self.edit_selected)
        self.entries.doubleClicked.connect(lambda _i: self.edit_selected())
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.question.submitted.connect(self.commit)
        self.answer.submitted.connect(self.commit)
        self.entries.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        for box in (self.question, self.answer):
            box.installEventFilter(self)
        if isinstance(parent, QStackedWidget):
            parent.currentChanged.connect(self._page_changed)
        session.transcript_changed.connect(self.reload)
        session.timeline_changed.connect(self.reload)
        session.changed.connect(self.reload_themes)
        session.unsaved_changed.connect(self._mark_unsaved)
        self.marks.changed.connect(self._marks_changed)

        self._loading = True
        question, answer = session.draft()
        self.question.setPlainText(question)
        self.answer.setPlainText(answer)
        self._loading = False
        self.reload_themes()
        self.reload()
        self.set_read_only(session.closed)

    def _said_before_question(self) -> Said | None:
        """What was said before the question in the box: every answer so far, or those before the entry edited."""
        if self.editing_id is None:
            return self.marks.said_so_far()
        index = self.model.entry_index(self.editing_id)
        return self.marks.said_before(index) if index >= 0 else None

    def _marks_changed(self) -> None:
        self.model.set_marks(self.marks.marks())
        self.mark.schedule()  # what was said may have changed under the question being typed

    def add_notes_pane(self, pane: QWidget, title: str) -> None:
        """A pane of the investigator's notes under the entries (its tab never takes the focus)."""
        self.notes.addTab(pane, title)
        self.notes.show()

    def _shortcut(self, name: str, text: str, keys: list[QKeySequence], slot: Any) -> QAction:
        """A key of this editor alone: it acts while the focus is anywhere inside it."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- focus and keys ------------------------------------------------------
    def _page_changed(self, index: int) -> None:
        # Only when the hearing's pages turn to this one (Ctrl+R, the navigator): after an
        # unlock the window puts the cursor back where it was, in Answer maybe.
        stack = self.parentWidget()
        if isinstance(stack, QStackedWidget) and stack.widget(index) is self:
            self.focus_question()

    def focus_question(self) -> None:
        """The cursor at the end of Question: where the next word goes when the page opens."""
        self.question.setFocus(Qt.FocusReason.OtherFocusReason)
        self.question.moveCursor(QTextCursor.MoveOperation.End)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In a box, Ctrl+Z undoes its typing first; with nothing left there, it undoes the list's last change."""
        if (
            isinstance(watched, QPlainTextEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            document = watched.document()
            if event.matches(QKeySequence.StandardKey.Undo) and not document.isUndoAvailable():
                self.undo()
                return True
            if event.matches(QKeySequence.StandardKey.Redo) and not document.isRedoAvailable():
                self.redo()
                return True
        return super().eventFilter(watched, event)

    def say(self, text: str) -> None:
        """A short note in the window's status bar (what was done, how to undo it)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, STATUS_MS)

    # --- themes and suggestions ---------------------------------------------
    def reload_themes(self) -> None:
        current = self.theme.currentData()
        themes = self.session.view.visible_themes()
        wanted = [(t.title, t.id) for t in themes] + [(self.tr("Questions libres"), FREE)]
        if [(self.theme.itemText(i), self.theme.itemData(i)) for i in range(self.theme.count())] == wanted:
            return
        self.theme.blockSignals(True)
        self.theme.clear()
        for title, theme_id in wanted:
            self.theme.addItem(title, theme_id)
        index = self.theme.findData(current)
        self.theme.setCurrentIndex(index if index >= 0 else 0)
        self.theme.blockSignals(False)
        self._theme_changed()

    def current_theme(self) -> str | None:
        data = self.theme.currentData()
        return None if data in (None, FREE) else str(data)

    def _theme_changed(self) -> None:
        theme = self.session.template.theme(self.current_theme())
        self.suggestions.clear()
        for question in theme.questions if theme else ():
            QListWidgetItem(question, self.suggestions)
        self.theme_selected.emit(theme.guidance if theme else "")

    def current_theme_guidance(self) -> str:
        theme = self.session.template.theme(self.current_theme())
        return theme.guidance if theme else ""

    def use_suggestion(self, item: QListWidgetItem) -> None:
        self.question.setPlainText(item.text())
        self.answer.setFocus()

    # --- typing, drafts and entries ----------------------------------------
    def _typed(self) -> None:
        if not self._loading and self.editing_id is None:
            self._pause.start()

    def _save_draft(self) -> None:
        self.session.save_draft(self.question.toPlainText(), self.answer.toPlainText())

    def flush(self) -> None:
        if self._pause.isActive():
            self._pause.stop()
            self._save_draft()

    def _mark_unsaved(self) -> None:
        unsaved = DRAFT in self.session.unsaved()
        self.unsaved_label.setVisible(unsaved)
        for box in (self.question, self.answer):
            box.setProperty("unsaved", unsaved)

    def commit(self) -> None:
        question, answer = self.question.toPlainText().strip(), self.answer.toPlainText().strip()
        if not question and not answer:
            return
        if self.editing_id is not None:
            self._save_edit(self.editing_id, question, answer)
            return
        if self.session.is_suspended() and not self.confirm_add_while_suspended():
            self.say(self.tr("Non ajoutée : l'audition est suspendue. Le texte reste dans les cases."))
            return
        self._pause.stop()
        focus_answer = self.answer.hasFocus()
        entry_id = self.session.add_entry(self.current_theme(), question, answer, self.elements_for_entry())
        entry = self.model.entry(entry_id) if entry_id is not None else None
        if entry is None:
            self._save_draft()  # not added (a full disk): what the boxes hold is kept as the draft
            return
        self.entry_added.emit(entry.id)
        self._set_boxes("", "")
        self.question.setFocus()
        text = EntryText(entry.theme, entry.question, entry.answer, entry.created_at)
        index = self.model.entry_index(entry.id)
        self.undo_stack.push(AddEntry(self, self.ref(entry.id), text, index, focus_answer))
        self.say(self.tr("Question et réponse ajoutées — Ctrl+Z pour annuler l'ajout."))

    def _save_edit(self, entry_id: int, question: str, answer: str) -> None:
        before = self.model.entry(entry_id)
        if before is None or not self.session.update_entry(entry_id, question, answer):
            return
        after = self.model.entry(entry_id) or before
        old, new = (before.question, before.answer), (after.question, after.answer)
        if old != new:
            self.undo_stack.push(EditEntry(self, self.ref(entry_id), old, new))
            self.say(self.tr("Modification enregistrée — Ctrl+Z pour l'annuler."))
        self.cancel_edit()
        self.select(entry_id)
        self.question.setFocus()

    def _confirm_add_while_suspended(self) -> bool:
        """Ask before adding during a suspension: Entrée or Espace keeps the text in the boxes."""
        pauses = timeline.suspensions(self.session.view.timeline)
        since = (
            self.tr(" depuis {t} ({r})").format(t=hhmm(pauses[-1].start, season=True), r=pauses[-1].reason_label)
            if pauses
            else ""
        )
        box = QMessageBox(self)
        box.setObjectName("addWhileSuspendedDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Audition suspendue"))
        question = self.tr("L'audition est suspendue{since}. Ajouter quand même cette question et sa réponse ?")
        box.setText(question.format(since=since))
        box.setInformativeText(
            self.tr(
                "Pendant une suspension, l'enregistrement audiovisuel, s'il y en a un, est arrêté. Sans ajout, "
                "le texte reste dans les cases : reprenez l'audition (Ctrl+P), puis ajoutez-le."
            )
        )
        # No "&" in the texts: a letter typed by habit must not press a button.
        add = box.addButton(self.tr("Ajouter quand même"), QMessageBox.ButtonRole.AcceptRole)
        add.setObjectName("addAnywayButton")
        keep = box.addButton(self.tr("Ne pas ajouter"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("doNotAddButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        run = getattr(self.window(), "run_dialog", None) or (lambda d: d.exec())
        run(box)
        accepted = box.clickedButton() is add
        box.deleteLater()
        return accepted

    def selected_id(self) -> int | None:
        index = self.entries.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.entries.setCurrentIndex(self.model.index(row))
            self.entries.scrollTo(self.model.index(row))

    def edit_selected(self) -> None:
        entry_id = self.selected_id()
        entry = self.model.entry(entry_id) if entry_id is not None else None
        if entry is None:
            return
        self.flush()
        self.editing_id = entry.id
        self._set_boxes(entry.question, entry.answer)
        self.add_button.setText(self.tr("Enregistrer la modification (Ctrl+Entrée)"))
        self.cancel_button.setText(self.tr("Annuler la modification (Échap)"))
        self.cancel_button.show()
        self.cancel_edit_action.setEnabled(True)
        self.answer.setFocus()
        self.answer.moveCursor(QTextCursor.MoveOperation.End)  # where a correction usually goes on

    def cancel_edit(self) -> None:
        """Leave the entry as it was saved; the boxes get back what was being typed before."""
        self.editing_id = None
        self.cancel_edit_action.setEnabled(False)
        self._set_boxes(*self.session.draft())
        self.add_button.setText(self.tr("Ajouter la question et la réponse (Ctrl+Entrée)"))
        self.cancel_button.hide()

    def _set_boxes(self, question: str, answer: str) -> None:
        self._loading = True
        self.question.setPlainText(question)
        self.answer.setPlainText(answer)
        self._loading = False
        self.mark.schedule()  # an entry edited is judged against the answers before it, the new question against all

    def move_selected(self, step: int) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        origin = self.model.entry_index(entry_id)
        target = origin + step
        if 0 <= target < len(self.model.entries) and self.session.move_entry(entry_id, target):
            self.undo_stack.push(MoveEntry(self, self.ref(entry_id), origin, target))
            self.select(entry_id)

    def delete_selected(self) -> None:
        entry_id = self.selected_id()
        entry = self.model.entry(entry_id) if entry_id is not None else None
        if entry is None or self.read_only:
            return
        index = self.model.entry_index(entry.id)
        if self.editing_id == entry.id:
            self.cancel_edit()
        if not self.session.delete_entry(entry.id):
            return
        text = EntryText(entry.theme, entry.question, entry.answer, entry.created_at)
        self.undo_stack.push(DeleteEntry(self, self.ref(entry.id), text, index))
        if self.model.entries:
            self.select(self.model.entries[min(index, len(self.model.entries) - 1)].id)
        self.say(self.tr("Q/R supprimée — Ctrl+Z pour annuler"))

    # --- undo and redo ---------------------------------------------------------
    def undo(self) -> None:
        self._step_history(undo=True)

    def redo(self) -> None:
        self._step_history(undo=False)

    def _step_history(self, undo: bool) -> None:
        if self.read_only:
            return
        if self.editing_id is not None:
            self.say(self.tr("Modification en cours : Échap pour l'abandonner, Ctrl+Entrée pour l'enregistrer."))
            return
        stack = self.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            self.say(self.tr("Rien à annuler.") if undo else self.tr("Rien à rétablir."))
            return
        what = stack.undoText() if undo else stack.redoText()
        self._history_failed = False
        if undo:
            stack.undo()
        else:
            stack.redo()
        if self._history_failed:
            self.say(self.tr("Impossible ({what}) : l'historique des annulations est effacé.").format(what=what))
        elif undo:
            self.say(self.tr("Annulé : {what} — Ctrl+Maj+Z pour rétablir.").format(what=what))
        else:
            self.say(self.tr("Rétabli : {what} — Ctrl+Z pour annuler.").format(what=what))

    def ref(self, entry_id: int) -> EntryRef:
        return self._refs.setdefault(entry_id, EntryRef(entry_id))

    def follow(self, ref: EntryRef, new_id: int) -> None:
        """An undone deletion re-created the entry under a new id: the commands on it follow."""
        self._refs.pop(ref.id, None)
        ref.id = new_id
        self._refs[new_id] = ref

    def put_back(self, question: str, answer: str, focus_answer: bool) -> None:
        """An addition undone: its text returns to the boxes, unless something is being typed there."""
        if self.editing_id is not None or self.question.toPlainText().strip() or self.answer.toPlainText().strip():
            return
        self._set_boxes(question, answer)
        self._save_draft()
        box = self.answer if focus_answer else self.question
        box.setFocus()
        box.moveCursor(QTextCursor.MoveOperation.End)

    def take_back(self, question: str, answer: str) -> None:
        """An addition redone: the boxes empty again if they still hold its text untouched."""
        if self.editing_id is None and (self.question.toPlainText().strip(), self.answer.toPlainText().strip()) == (
            question.strip(),
            answer.strip(),
        ):
            self._pause.stop()
            self._set_boxes("", "")
            self._save_draft()
            self.question.setFocus()

    def history_broken(self) -> None:
        """A step could not be undone or redone (the store said why): the history is dropped."""
        self._history_failed = True
        QTimer.singleShot(0, self.undo_stack.clear)

    def reload(self) -> None:
        current = self.selected_id()
        view = self.session.view
        self.model.set_entries(view.ordered_transcript(), timeline.suspensions(view.timeline))
        self.marks.follow(self.model.entries)
        count = len(self.model.entries)
        self.count_label.setText(counted(count, "question et réponse", "questions et réponses"))
        if current is not None and self.model.row_of(current) >= 0:
            self.select(current)
        elif self.model.rows:
            self._scroll_to_end = True  # at once if shown; otherwise when first shown (laying out every row)
            self._scroll_if_shown()
        self._update_actions()

    def _scroll_if_shown(self) -> None:
        if self._scroll_to_end and self.entries.isVisible():
            self._scroll_to_end = False
            self.entries.scrollToBottom()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll_if_shown()

    def clear_for_lock(self) -> tuple[int | None, tuple[str, str] | None, int | None]:
        """Take the boxes' and the list's text off the screen (the lock): what restoring needs, without the text
        that is saved (the draft, the entries); an entry being edited keeps its boxes' words, not saved yet.

        The undo history goes: it holds the text of the entries changed.
        """
        self._pause.stop()
        editing = (self.question.toPlainText(), self.answer.toPlainText()) if self.editing_id is not None else None
        state = (self.editing_id, editing, self.selected_id())
        self._set_boxes("", "")
        self.model.set_entries([], [])
        self.marks.clear()
        self.mark.pause.stop()
        self.mark.clear()
        self.count_label.clear()
        self.undo_stack.clear()
        return state

    def restore_after_lock(self, state: tuple[int | None, tuple[str, str] | None, int | None]) -> None:
        editing_id, editing, selected = state
        self.reload()
        if editing_id is not None and editing is not None and self.model.entry(editing_id) is not None:
            self._set_boxes(*editing)
        else:
            if editing_id is not None:
                self.cancel_edit()
            self._set_boxes(*self.session.draft())
        if selected is not None:
            self.select(selected)
        self._mark_unsaved()

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self.read_only:
            self.undo_stack.clear()  # closed, or reopened for a new PV: nothing before it can be undone
        self.read_only = read_only
        for widget in (self.question, self.answer):
            widget.setReadOnly(read_only)
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.delete_button):
            button.setEnabled(not read_only)
        self._update_actions()

    def set_signed(self, entry_ids: set[int], kind: str) -> None:
        """While a supplement is open, the signed PV's entries cannot be moved or deleted

        (nor edited, for a procès-verbal complémentaire): the core refuses it too.
        """
        if (set(entry_ids), kind) != (self.signed_ids, self.supplement_kind):
            self.undo_stack.clear()
        self.signed_ids = set(entry_ids)
        self.supplement_kind = kind
        self._update_actions()

    def _update_actions(self) -> None:
        if self.read_only:
            return
        entry_id = self.selected_id()
        signed = entry_id is not None and entry_id in self.signed_ids
        row = self.model.entry_index(entry_id) if entry_id is not None else -1
        first_new = len(self.signed_ids)
        self.up_button.setEnabled(not signed and not (self.signed_ids and row <= first_new))
        self.down_button.setEnabled(not signed)
        self.delete_button.setEnabled(not signed)
        self.delete_action.setEnabled(not signed)
        self.edit_button.setEnabled(not (signed and self.supplement_kind == "complementaire"))
        tip = self.tr("Question du procès-verbal déjà signé : elle garde sa place.") if signed else ""
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setToolTip(tip)
