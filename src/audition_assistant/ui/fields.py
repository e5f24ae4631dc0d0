"""One factory that turns a template field into its editing widget.

Every editor exposes ``value()`` / ``set_value()`` and emits ``edited`` when
the investigator changes it. Text editors wait for a short pause in typing
(or leaving the field) before saying so, so a long answer is saved a few
times a second at most, never lost on a crash for more than that pause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.templates.fieldtypes import identity_parts
from ..core.templates.model import EVVI, NOTES, ORIENTATION, PV, Field
from . import address_book, spelling
from .choice_input import SHORT_CHOICE, ChoiceButtons, SafeCombo
from .date_input import DateInput, is_birth_date

# The weight of an indicator, said beside its box: one strong indicator matters more than several weak ones.
WEIGHT_TIPS = {"strong": "Indice fort", "medium": "Indice moyen", "weak": "Indice faible"}

TYPING_PAUSE_MS = 400
NO_ANSWER = "—"

# Where the cursor is must be seen at a glance, without reading the form.
FOCUS_RING = (
    "QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QListWidget:focus, QRadioButton:focus,"
    " QCheckBox:focus, QPushButton:focus, QToolButton:focus { border: 2px solid #1a5fb4; border-radius: 3px; }"
)


# Where an answer goes, said to the investigator: what everyone will read (the
# PV, which the defence reads too) and what stays out of it.
SECTION_DESTINATION = {
    EVVI: "Ces réponses ne figurent pas au procès-verbal : elles vont dans l'évaluation personnalisée (EVVI).",
    ORIENTATION: "Ces réponses ne figurent pas au procès-verbal : elles servent uniquement aux fiches d'orientation.",
    NOTES: "Ces réponses ne figurent pas au procès-verbal : elles restent dans vos notes "
    "et ne sont imprimées dans aucun document.",
}
# (short text shown next to a field, full sentence for the tooltip and screen readers)
FIELD_DESTINATION = {
    PV: ("Au procès-verbal", "Cette réponse figure au procès-verbal, lu par toutes les parties."),
    EVVI: (
        "Hors procès-verbal : EVVI",
        "Cette réponse ne figure pas au procès-verbal : elle va dans l'évaluation personnalisée (EVVI).",
    ),
    ORIENTATION: (
        "Hors procès-verbal : fiches d'orientation",
        "Cette réponse ne figure pas au procès-verbal : elle sert uniquement aux fiches d'orientation.",
    ),
    NOTES: (
        "Hors procès-verbal : vos notes",
        "Cette réponse ne figure pas au procès-verbal : elle reste dans vos notes "
        "et n'est imprimée dans aucun document.",
    ),
}


def destination_marker(field: Field, parent: QWidget | None = None) -> QLabel:
    """A small, unfocusable note saying where ``field``'s answer goes."""
    short, sentence = FIELD_DESTINATION[field.destination]
    marker = QLabel(short, parent)
    marker.setObjectName(f"destination_{field.id}")
    marker.setAccessibleName(sentence)
    marker.setToolTip(sentence)
    marker.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    marker.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    marker.setStyleSheet("color: palette(mid); font-style: italic; font-size: small;")
    return marker


class FieldEditor(QWidget):
    edited = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field_{field.id}")
        self.setAccessibleName(field.label)

    def value(self) -> Any:  # pragma: no cover - every editor overrides it
        raise NotImplementedError

    def set_value(self, value: Any) -> None:  # pragma: no cover
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def flush(self) -> None:
        """Report at once an edit still waiting for the typing pause."""

    def has_gap(self) -> bool:
        """Whether something here is still to be answered."""
        return self.value() in (None, "", [], {})

    def focus_first_empty(self) -> bool:
        """Put the cursor where the next word goes; False if nothing here can take it."""
        if not self.isEnabled():
            return False
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def _debounced(owner: FieldEditor) -> QTimer:
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(TYPING_PAUSE_MS)
    timer.timeout.connect(owner.edited)
    return timer


class TextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"input_{field.id}")
        self.line.setAccessibleName(field.label)
        if field.max_length:
            self.line.setMaxLength(field.max_length)
        layout.addWidget(self.line)
        spelling.attach(self.line)
        self._pause = _debounced(self)
        self.line.textEdited.connect(lambda _text: self._pause.start())
        self.line.editingFinished.connect(self.flush)
        self.setFocusProxy(self.line)

    def flush(self) -> None:
        if self._pause.isActive():
            self._pause.stop()
            self.edited.emit()

    def value(self) -> Any:
        return self.line.text() or None

    def set_value(self, value: Any) -> None:
        self.line.setText(value or "")


class LongTextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = PlainTextEdit(self)
        self.text.setObjectName(f"input_{field.id}")
        self.text.setAccessibleName(field.label)
        self.text.setMinimumHeight(70)
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text)
        spelling.attach(self.text)
        self._pause = _debounced(self)
        self.text.textChanged.connect(self._typed)
        self.text.focus_lost.connect(self.flush)
        self.setFocusProxy(self.text)
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self._pause.start()

    def flush(self) -> None:
        if self._pause.isActive():
            self._pause.stop()
            self.edited.emit()

    def value(self) -> Any:
        return self.text.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        self.text.setPlainText(value or "")
        self._loading = False


class PlainTextEdit(QPlainTextEdit):
    """A plain text box that says when it loses focus (to save at once) and on Ctrl+Enter."""

    focus_lost = Signal()
    submitted = Signal()

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateEditor(FieldEditor):
    """A date typed as ``jj/mm/aaaa`` (or its eight digits), stored as ``aaaa-mm-jj``."""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.date = DateInput(f"input_{field.id}", field.label, is_birth_date(field.id, field.label), self)
        layout.addWidget(self.date)
        self.date.dateChanged.connect(lambda _d: self.edited.emit())
        self.setFocusProxy(self.date)

    def value(self) -> Any:
        return self.date.iso()

    def set_value(self, value: Any) -> None:
        self.date.blockSignals(True)
        self.date.set_iso(value)
        self.date.blockSignals(False)


class TimeEditor(TextEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.line.setPlaceholderText("HH:MM")
        self.line.setMaximumWidth(90)


class IntegerEditor(TextEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        low = field.minimum if field.minimum is not None else -(10**9)
        high = field.maximum if field.maximum is not None else 10**9
        self.line.setValidator(QIntValidator(low, high, self))
        self.line.setMaximumWidth(120)

    def value(self) -> Any:
        text = self.line.text().strip()
        return int(text) if text.lstrip("-").isdigit() else (text or None)

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class ComboEditor(FieldEditor):
    """Yes/no and single choice: radio buttons for a few options, a combo for more.

    ``combo`` answers the calls of a ``QComboBox`` either way, index 0 meaning
    "not answered"; neither opens on a space typed mid-sentence.
    """

    def __init__(self, field: Field, items: list[tuple[str, Any]], parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo: ChoiceButtons | SafeCombo
        if len(items) <= SHORT_CHOICE:
            self.combo = ChoiceButtons(f"input_{field.id}", field.label, items, self)
        else:
            self.combo = SafeCombo(self)
            self.combo.setObjectName(f"input_{field.id}")
            self.combo.setAccessibleName(field.label)
            self.combo.addItem(NO_ANSWER, None)
            for label, value in items:
                self.combo.addItem(label, value)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(lambda _i: self.edited.emit())
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))


class MultiChoiceEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for option in field.options:
            box = QCheckBox(option.label, self)
            box.setObjectName(f"input_{field.id}_{option.value}")
            box.toggled.connect(lambda _on: self.edited.emit())
            layout.addWidget(box)
            self.boxes[option.value] = box
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> Any:
        return [v for v, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        for v, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(v in (value or []))
            box.blockSignals(False)


class ChecklistEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.counts: dict[str, QLabel] = {}
        for category in field.categories:
            group = QGroupBox(category.label, self)
            group.setObjectName(f"category_{field.id}_{category.id}")
            inner = QVBoxLayout(group)
            count = QLabel(group)
            count.setObjectName(f"count_{field.id}_{category.id}")
            inner.addWidget(count)
            self.counts[category.id] = count
            for item in category.items:
                box = QCheckBox(item.label, group)
                box.setObjectName(f"input_{field.id}_{item.id}")
                box.setToolTip(WEIGHT_TIPS.get(item.weight, ""))
                box.toggled.connect(self._toggled)
                inner.addWidget(box)
                self.boxes[item.id] = box
            layout.addWidget(group)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))
        self._recount()

    def _toggled(self) -> None:
        self._recount()
        self.edited.emit()

    def _recount(self) -> None:
        for category in self.field.categories:
            ticked = sum(1 for item in category.items if self.boxes[item.id].isChecked())
            text = "{n} indice coché sur {total}" if ticked < 2 else "{n} indices cochés sur {total}"
            self.counts[category.id].setText(self.tr(text).format(n=ticked, total=len(category.items)))

    def value(self) -> Any:
        return [i for i, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        for item_id, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(item_id in (value or []))
            box.blockSignals(False)
        self._recount()


class CompositeEditor(FieldEditor):
    """A form of sub-editors (identity block, one item of a group)."""

    def __init__(self, field: Field, members: list[Field], parent: QWidget | None = None):
        super().__init__(field, parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.members: dict[str, FieldEditor] = {}
        for member in members:
            editor = create_editor(member, self, prefix=f"{field.id}_")
            if isinstance(editor, LongTextEditor):
                editor.text.setMinimumHeight(50)
                editor.text.setMaximumHeight(80)
            editor.edited.connect(self.edited)
            label = QLabel(member.label, self)
            label.setBuddy(editor)
            self.form.addRow(label, editor)
            self.members[member.id] = editor
        if field.address_book:  # interpreter, attendant: picked from and saved to the address book
            address_book.attach(self)

    def flush(self) -> None:
        for editor in self.members.values():
            editor.flush()

    def has_gap(self) -> bool:
        return any(e.has_gap() for e in self.members.values())

    def focus_first_empty(self) -> bool:
        members = list(self.members.values())
        return any(e.focus_first_empty() for e in [e for e in members if e.has_gap()] + members)

    def value(self) -> Any:
        values = {k: e.value() for k, e in self.members.items()}
        return {k: v for k, v in values.items() if v is not None} or None

    def set_value(self, value: Any) -> None:
        for key, editor in self.members.items():
            editor.set_value((value or {}).get(key))


def identity_members(field: Field) -> list[Field]:
    return [Field(id=p.id, type=p.type, label=p.label) for p in identity_parts(field)]


class GroupEditor(FieldEditor):
    """A repeatable list (suspects, places, phones): add, remove, reorder."""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.items_box = QVBoxLayout()
        self.outer.addLayout(self.items_box)
        self.add_button = QPushButton(self.tr("Ajouter : {item}").format(item=field.item_label or field.label), self)
        self.add_button.setObjectName(f"add_{field.id}")
        self.add_button.clicked.connect(self.add_item)
        self.outer.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.items: list[CompositeEditor] = []
        self.frames: list[QFrame] = []

    def _frame(self, index: int, editor: CompositeEditor) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        bar = QHBoxLayout()
        title = QLabel(f"<b>{self.field.item_label or self.tr('Élément')} {index + 1}</b>", frame)
        bar.addWidget(title)
        bar.addStretch(1)
        for name, text, action in (
            ("up", self.tr("Monter"), lambda: self.move_item(index, -1)),
            ("down", self.tr("Descendre"), lambda: self.move_item(index, 1)),
            ("remove", self.tr("Supprimer"), lambda: self.remove(index)),
        ):
            button = QPushButton(text, frame)
            button.setObjectName(f"{name}_{self.field.id}_{index}")
            button.setAccessibleName(f"{text} {self.field.item_label} {index + 1}")
            button.clicked.connect(action)
            bar.addWidget(button)
        layout.addLayout(bar)
        layout.addWidget(editor)
        return frame

    def _rebuild(self, values: list[dict[str, Any]]) -> None:
        for frame in self.frames:
            frame.setParent(None)
            frame.deleteLater()
        self.items, self.frames = [], []
        for index, value in enumerate(values):
            editor = CompositeEditor(
                Field(id=f"{self.field.id}_{index}", type="group", label=self.field.label),
                list(self.field.subfields),
                self,
            )
            editor.set_value(value)
            editor.edited.connect(self.edited)
            frame = self._frame(index, editor)
            self.items_box.addWidget(frame)
            self.items.append(editor)
            self.frames.append(frame)

    def flush(self) -> None:
        for editor in self.items:
            editor.flush()

    def has_gap(self) -> bool:
        # An empty list is no gap to type into: its "Ajouter" button would take a space as a click.
        return any(item.has_gap() for item in self.items)

    def focus_first_empty(self) -> bool:
        return any(item.focus_first_empty() for item in self.items if item.has_gap())

    def _values(self) -> list[dict[str, Any]]:
        return [e.value() or {} for e in self.items]

    def add_item(self) -> None:
        self._rebuild([*self._values(), {}])
        self.edited.emit()
        first = next(iter(self.items[-1].members.values()), None)
        if first is not None:
            first.setFocus()

    def remove(self, index: int) -> None:
        values = self._values()
        del values[index]
        self._rebuild(values)
        self.edited.emit()

    def move_item(self, index: int, step: int) -> None:
        """Not ``move``: that is QWidget.move(), which places the widget."""
        values = self._values()
        target = index + step
        if not 0 <= target < len(values):
            return
        values[index], values[target] = values[target], values[index]
        self._rebuild(values)
        self.edited.emit()

    def value(self) -> Any:
        return self._values() or None

    def set_value(self, value: Any) -> None:
        self._rebuild(list(value or []))


def _yes_no(field: Field, parent: QWidget | None) -> FieldEditor:
    return ComboEditor(field, [("Oui", True), ("Non", False)], parent)


def _choice(field: Field, parent: QWidget | None) -> FieldEditor:
    return ComboEditor(field, [(o.label, o.value) for o in field.options], parent)


FACTORY: dict[str, Callable[[Field, QWidget | None], FieldEditor]] = {
    "text": TextEditor,
    "long_text": LongTextEditor,
    "date": DateEditor,
    "time": TimeEditor,
    "integer": IntegerEditor,
    "yes_no": _yes_no,
    "choice": _choice,
    "multi_choice": MultiChoiceEditor,
    "checklist": ChecklistEditor,
    "identity": lambda f, p: CompositeEditor(f, identity_members(f), p),
    "group": GroupEditor,
}


def create_editor(field: Field, parent: QWidget | None = None, prefix: str = "") -> FieldEditor:
    editor = FACTORY[field.type](field, parent)
    if prefix:
        editor.setObjectName(f"field_{prefix}{field.id}")
    return editor
