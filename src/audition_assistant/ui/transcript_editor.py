"""The question/answer editor: suggested questions, the boxes, the entries so far."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from . import spelling
from .fields import TYPING_PAUSE_MS, PlainTextEdit
from .hearing_session import HearingSession
from .models import TranscriptModel

FREE = "__libre__"


class TranscriptEditor(QWidget):
    theme_selected = Signal(str)  # the guidance of the chosen theme

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("transcriptEditor")
        self.editing_id: int | None = None
        # Entries of the signed PV while a supplement is open, and its kind.
        self.signed_ids: set[int] = set()
        self.supplement_kind = ""
        self.read_only = False

        self.theme = QComboBox(self)
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
        self.cancel_button = QPushButton(self.tr("Annuler la modification"), self)
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.hide()

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
        middle_layout.addWidget(q_label)
        middle_layout.addWidget(self.question)
        middle_layout.addWidget(a_label)
        middle_layout.addWidget(self.answer, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        middle_layout.addLayout(buttons)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.count_label)
        right_layout.addWidget(self.entries, 1)
        actions = QGridLayout()  # two rows: the pane stays narrow on a laptop screen
        for index, button in enumerate((self.edit_button, self.up_button, self.down_button, self.delete_button)):
            actions.addWidget(button, index // 2, index % 2)
        right_layout.addLayout(actions)
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
        session.transcript_changed.connect(self.reload)
        session.changed.connect(self.reload_themes)

        self._loading = True
        question, answer = session.draft()
        self.question.setPlainText(question)
        self.answer.setPlainText(answer)
        self._loading = False
        self.reload_themes()
        self.reload()
        self.set_read_only(session.closed)

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

    def commit(self) -> None:
        question, answer = self.question.toPlainText().strip(), self.answer.toPlainText().strip()
        if not question and not answer:
            return
        if self.editing_id is not None:
            self.session.update_entry(self.editing_id, question, answer)
            self.cancel_edit()
            return
        self._pause.stop()
        if self.session.add_entry(self.current_theme(), question, answer) is not None:
            self._loading = True
            self.question.clear()
            self.answer.clear()
            self._loading = False
            self.question.setFocus()

    def selected_id(self) -> int | None:
        index = self.entries.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def edit_selected(self) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        self.flush()
        entry = self.model.entries[self.model.row_of(entry_id)]
        self.editing_id = entry_id
        self._loading = True
        self.question.setPlainText(entry.question)
        self.answer.setPlainText(entry.answer)
        self._loading = False
        self.add_button.setText(self.tr("Enregistrer la modification (Ctrl+Entrée)"))
        self.cancel_button.show()
        self.answer.setFocus()

    def cancel_edit(self) -> None:
        self.editing_id = None
        question, answer = self.session.draft()
        self._loading = True
        self.question.setPlainText(question)
        self.answer.setPlainText(answer)
        self._loading = False
        self.add_button.setText(self.tr("Ajouter la question et la réponse (Ctrl+Entrée)"))
        self.cancel_button.hide()

    def move_selected(self, step: int) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        row = self.model.row_of(entry_id)
        target = row + step
        if 0 <= target < len(self.model.entries):
            self.session.move_entry(entry_id, target)
            self.entries.setCurrentIndex(self.model.index(target))

    def delete_selected(self) -> None:
        entry_id = self.selected_id()
        if entry_id is not None:
            self.session.delete_entry(entry_id)

    def reload(self) -> None:
        self.model.set_entries(self.session.view.ordered_transcript())
        count = len(self.model.entries)
        self.count_label.setText(self.tr("{n} question(s) et réponse(s)").format(n=count))
        if count:
            self.entries.scrollToBottom()
        self._update_actions()

    def set_read_only(self, read_only: bool) -> None:
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
        self.signed_ids = set(entry_ids)
        self.supplement_kind = kind
        self._update_actions()

    def _update_actions(self) -> None:
        if self.read_only:
            return
        entry_id = self.selected_id()
        signed = entry_id is not None and entry_id in self.signed_ids
        row = self.model.row_of(entry_id) if entry_id is not None else -1
        first_new = len(self.signed_ids)
        self.up_button.setEnabled(not signed and not (self.signed_ids and row <= first_new))
        self.down_button.setEnabled(not signed)
        self.delete_button.setEnabled(not signed)
        self.edit_button.setEnabled(not (signed and self.supplement_kind == "complementaire"))
        tip = self.tr("Question du procès-verbal déjà signé : elle garde sa place.") if signed else ""
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setToolTip(tip)
