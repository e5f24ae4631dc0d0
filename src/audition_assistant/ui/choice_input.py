"""Choices that a space typed mid-sentence never opens.

An investigator types without looking: keystrokes meant for a text box can land
on a choice. A ``QComboBox`` opens its list on a space and swallows the words
that follow. Here a short choice is a row of radio buttons and a long one a
combo whose list opens only on a click, F4 or Alt+Bas; on both, typed letters
(spaces included) pick the option whose label starts with them, so typing
"Une femme" chooses "Une femme" and nothing else moves.

Both answer the calls of a ``QComboBox`` that the rest of the application uses
(``findData``, ``setCurrentIndex``, ``currentData``, ``activated``...), with
index 0 meaning "not answered".
"""

from __future__ import annotations

import time
import unicodedata
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QComboBox, QRadioButton, QWidget

SHORT_CHOICE = 4  # up to this many options, radio buttons
TYPE_AHEAD_PAUSE = 1.0  # seconds without a key before typed letters start a new search
LONG_LABELS = 60  # more characters than this in all, the buttons go one under the other


def fold(text: str) -> str:
    """Lower case without accents, so "e" finds "É" and "interprete" finds "interprète"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class TypeAhead:
    """The letters typed on a choice, matched against its labels' beginnings."""

    def __init__(self) -> None:
        self.typed = ""
        self.last = 0.0

    def fresh(self) -> bool:
        """No letters typed just before: a space now is a key of its own, not part of a label."""
        return not self.typed or time.monotonic() - self.last > TYPE_AHEAD_PAUSE

    def match(self, text: str, labels: list[str]) -> int | None:
        now = time.monotonic()
        if now - self.last > TYPE_AHEAD_PAUSE:
            self.typed = ""
        self.last = now
        self.typed += text
        wanted = fold(self.typed)
        for index, label in enumerate(labels):
            if fold(label).startswith(wanted):
                return index
        return None


def _typed_text(event: Any) -> str:
    mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
    text = event.text()
    return text if text and text.isprintable() and not mods else ""


class ChoiceButtons(QWidget):
    """One radio button per option; none checked means "not answered"."""

    activated = Signal(int)

    def __init__(self, name: str, accessible: str, items: list[tuple[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.labels = [label for label, _value in items]
        self.values = [value for _label, value in items]
        long_labels = sum(len(label) for label in self.labels) > LONG_LABELS
        direction = QBoxLayout.Direction.TopToBottom if long_labels else QBoxLayout.Direction.LeftToRight
        layout = QBoxLayout(direction, self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        for index, label in enumerate(self.labels):
            button = QRadioButton(label, self)
            button.setObjectName(f"{name}_{index + 1}")
            button.setAccessibleName(f"{accessible} : {label}")
            button.installEventFilter(self)
            self.group.addButton(button, index + 1)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.group.idClicked.connect(self._clicked)
        self.type_ahead = TypeAhead()
        self._tab_stop()

    # --- QComboBox-like interface ------------------------------------------------
    def count(self) -> int:
        return len(self.buttons) + 1

    def itemText(self, index: int) -> str:
        return self.labels[index - 1] if index > 0 else ""

    def itemData(self, index: int) -> Any:
        return self.values[index - 1] if index > 0 else None

    def findData(self, value: Any) -> int:
        return self.values.index(value) + 1 if value in self.values else -1

    def currentIndex(self) -> int:
        checked = self.group.checkedId()
        return checked if checked > 0 else 0

    def currentText(self) -> str:
        return self.itemText(self.currentIndex())

    def currentData(self) -> Any:
        return self.itemData(self.currentIndex())

    def setCurrentIndex(self, index: int) -> None:
        """Check the option without saying so, as ``QComboBox.setCurrentIndex`` does not emit ``activated``."""
        if index <= 0:
            self.group.setExclusive(False)
            for button in self.buttons:
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[index - 1].setChecked(True)
        self._tab_stop()

    # --- keyboard ------------------------------------------------------------------
    def _clicked(self, index: int) -> None:
        self._tab_stop()
        self.activated.emit(index)

    def _choose(self, index: int) -> None:
        if index != self.currentIndex():
            self.setCurrentIndex(index)
            self.activated.emit(index)
        if index > 0 and any(b.hasFocus() for b in self.buttons):
            self.buttons[index - 1].setFocus(Qt.FocusReason.OtherFocusReason)

    def _tab_stop(self) -> None:
        """Tab stops once on the choice (its checked button, or the first), not on each option."""
        current = self.currentIndex()
        stop = self.buttons[current - 1] if current > 0 else (self.buttons[0] if self.buttons else None)
        for button in self.buttons:
            tab = button is stop
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if tab else Qt.FocusPolicy.ClickFocus)
        if stop is not None:
            self.setFocusProxy(stop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress):
            return False
        if not (isinstance(watched, QRadioButton) and watched in self.buttons):
            return False
        key = Qt.Key(event.key())
        position = self.buttons.index(watched) + 1
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}.get(key)
        if step is not None:
            # As Qt's radio buttons do: the arrow moves to the next (or previous) option and ticks it,
            # chosen or not before; at either end it stays there, without wrapping round.
            self._choose(min(max(1, position + step), len(self.buttons)))
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose(0)
            return True
        text = _typed_text(event)
        if text == " " and self.type_ahead.fresh():
            self._choose(position)  # a space on its own ticks the focused option, as on any radio button
            return True
        if text:
            found = self.type_ahead.match(text, self.labels)
            if found is not None:
                self._choose(found + 1)
            return True  # a letter or a space never toggles anything
        return False


class SafeCombo(QComboBox):
    """A combo whose list opens on a click, F4 or Alt+Bas, never on a space typed while writing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.type_ahead = TypeAhead()

    def keyPressEvent(self, event: Any) -> None:
        text = _typed_text(event)
        if text:
            labels = [self.itemText(i) for i in range(self.count())]
            found = self.type_ahead.match(text, labels)
            if found is not None and found != self.currentIndex():
                self.setCurrentIndex(found)
                self.activated.emit(found)
            event.accept()
            return
        super().keyPressEvent(event)
