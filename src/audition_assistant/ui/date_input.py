"""A date typed as people type it: ``14032010`` or ``14/03/2010`` both give 14/03/2010.

A plain line edit rather than a ``QDateEdit``: a date edit types over sections,
cannot be empty without a fake "minimum" date, traps Tab between its sections
and opens its calendar on that fake date. Here the text is reshaped as it grows
(slashes added, a lone day or month padded), Tab leaves like any text box, and
the calendar (button, F4 or Alt+Bas) opens in French on the typed date or today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.engine import age_at

DISPLAY = "dd/MM/yyyy"
STORED = "yyyy-MM-dd"
SEPARATORS = "/.- "
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


def shape_date(text: str) -> str:
    """Day and month take two digits each, then a slash; a separator after one digit pads it with a zero."""
    parts: list[str] = []
    current = ""
    for char in text:
        if char.isdigit():
            if len(parts) < 2 and len(current) == 2:
                parts.append(current)
                current = ""
            if len(parts) < 2 or len(current) < 4:
                current += char
        elif char in SEPARATORS and len(parts) < 2 and current:
            parts.append(current.zfill(2))
            current = ""
    if len(parts) < 2 and len(current) == 2:
        parts.append(current)
        current = ""
    if current:
        return "/".join([*parts, current])
    return "/".join(parts) + ("/" if parts else "")


def parse_date(text: str) -> QDate | None:
    """The date of a complete ``jj/mm/aaaa`` text, None for anything else."""
    day = QDate.fromString(text.strip(), DISPLAY)
    return day if day.isValid() else None


def is_birth_date(field_id: str, label: str) -> bool:
    return "naissance" in field_id.casefold() or "naissance" in label.casefold()


def age_text(day: QDate | None, today: dt.date) -> str:
    if day is None:
        return ""
    age = age_at(day.toString(STORED), today)
    if age is None or age < 0:
        return ""
    return "1 an" if age == 1 else "moins d'un an" if age == 0 else f"{age} ans"


class DateLine(QLineEdit):
    """The text box: F4 or Alt+Bas opens the calendar, as on a date edit."""

    calendar_requested = Signal()

    def keyPressEvent(self, event: Any) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.calendar_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateInput(QWidget):
    """A ``jj/mm/aaaa`` box, a calendar button and, for a birth date, the age.

    ``date()`` / ``setDate()`` / ``dateChanged`` answer as a ``QDateEdit``'s do,
    with a null ``QDate`` for "no date"; ``dateChanged`` fires only when the text
    becomes a complete date or empty, never on a half-typed one.
    """

    dateChanged = Signal(QDate)

    def __init__(self, name: str, accessible: str, show_age: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = DateLine(self)
        self.line.setObjectName(name)
        self.line.setAccessibleName(accessible)
        self.line.setPlaceholderText("jj/mm/aaaa")
        self.line.setMaxLength(10)
        self.line.setClearButtonEnabled(True)
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9/.\- ]{0,10}"), self.line))
        self.line.setMaximumWidth(150)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName(f"{name}_calendar")
        self.calendar_button.setText(self.tr("Calendrier"))
        self.calendar_button.setToolTip(self.tr("Choisir dans le calendrier (F4)"))
        self.calendar_button.setAccessibleName(self.tr("Ouvrir le calendrier"))
        # Tab goes from the date straight to the next field; the calendar is one click or F4 away.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.age = QLabel(self)
        self.age.setObjectName(f"{name}_age")
        self.age.setVisible(show_age)
        self.problem = QLabel(self.tr("Date incomplète ou impossible : jj/mm/aaaa"), self)
        self.problem.setObjectName(f"{name}_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        for label in (self.age, self.problem):
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.line)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.age)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.today = dt.date.today  # the day an age is counted on
        self.popup: QFrame | None = None
        self.calendar: QCalendarWidget | None = None
        self._date: QDate | None = None
        self._before = ""
        self.line.textEdited.connect(self._typed)
        self.line.textChanged.connect(self._settled)
        self.line.editingFinished.connect(self._finished)
        self.line.calendar_requested.connect(self.open_calendar)
        self.calendar_button.clicked.connect(self.open_calendar)

    # --- QDateEdit-like interface ---------------------------------------------
    def date(self) -> QDate:
        return QDate(self._date) if self._date is not None else QDate()

    def setDate(self, day: QDate | None) -> None:
        self._before = day.toString(DISPLAY) if day is not None and day.isValid() else ""
        self.line.setText(self._before)

    def iso(self) -> str | None:
        return self._date.toString(STORED) if self._date is not None else None

    def set_iso(self, value: str | None) -> None:
        self.setDate(QDate.fromString(value, STORED) if value else None)

    # --- typing ------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        # Only while the text grows: a backspace over an added slash must not put it back.
        grew = len(text) > len(self._before)
        if grew and self.line.cursorPosition() >= len(text):
            shaped = shape_date(text)
            if shaped != text:
                self.line.setText(shaped)
                self.line.setCursorPosition(len(shaped))
        self._before = self.line.text()

    def _settled(self, text: str) -> None:
        day = parse_date(text)
        complete = day is not None or not text.strip()
        self.problem.setVisible(False)
        if not text:
            self._before = ""
        if complete and day != self._date:
            self._date = day
            self.age.setText(age_text(day, self.today()))
            self.dateChanged.emit(self.date())

    def _finished(self) -> None:
        text = self.line.text().strip()
        self.problem.setVisible(bool(text) and parse_date(text) is None)

    # --- calendar ----------------------------------------------------------------
    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = QFrame(self, Qt.WindowType.Popup)
            self.popup.setObjectName(f"{self.line.objectName()}_popup")
            self.popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self.popup)
            self.calendar.setObjectName(f"{self.line.objectName()}_calendarWidget")
            self.calendar.setLocale(FRENCH)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            box = QVBoxLayout(self.popup)
            box.setContentsMargins(2, 2, 2, 2)
            box.addWidget(self.calendar)
        assert self.calendar is not None
        shown = self._date or QDate.currentDate()
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self.popup.move(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        self.popup.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        if self.popup is not None:
            self.popup.hide()
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)
