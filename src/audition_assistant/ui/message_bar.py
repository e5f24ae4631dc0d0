"""Bands and lines of text that speak to the user without ever widening the window.

The message band says errors in French, never a crash; the countdown band
announces an idle lock; an elided line keeps a long state on one line, and an
elided list (a theme's long title) its choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

STYLES = {
    "error": "background:#fdecea;color:#611a15;border:1px solid #f5c6cb;",
    "info": "background:#e8f4fd;color:#0c3c60;border:1px solid #b8daff;",
    "warning": "background:#fff3cd;color:#664d03;border:1px solid #ffe69c;font-weight:bold;",
}


class ElidedLabel(QLabel):
    """One line that never widens the window: when too long it ends with « … », the whole text in its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 6, super().minimumSizeHint().height())


class WrappedLabel(QLabel):
    """A word-wrapped label that claims the height of all its lines at its width.

    In a form row, or in a window sized before the text came, a wrapped label
    otherwise keeps the height its layout gave it first, and the end of a
    message (what to do, which file) is cut off.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.isVisible():  # measured once shown, at the width its layout gives it
            return
        kept = self.minimumHeight()
        if kept:  # QLabel.heightForWidth never answers less than the minimum: measured without it
            self.setMinimumHeight(0)
        needed = self.heightForWidth(self.width()) if self.text() else 0
        self.setMinimumHeight(needed if needed >= 0 else kept)


class ElidedCombo(QComboBox):
    """A list whose long choices never widen the window: cut with « … », the whole text in the tooltips."""

    MINIMUM_CHARACTERS = 16

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(self.MINIMUM_CHARACTERS)
        self.view().setTextElideMode(Qt.TextElideMode.ElideRight)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # the choice may have changed with signals blocked: read it now
            self.setToolTip(self.currentText())
        return super().event(event)

    def addItem(self, text: str, data: object = None) -> None:  # type: ignore[override]
        super().addItem(text, data)
        self.setItemData(self.count() - 1, text, Qt.ItemDataRole.ToolTipRole)  # the whole title, in the list too

    def shown_text(self) -> str:
        """The current choice as drawn: elided to the room the box has."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, room.width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class CountdownBand(QLabel):
    """Said each second before an idle lock: the lock never comes unannounced."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockCountdown")
        self.setWordWrap(True)
        self.setStyleSheet(f"#lockCountdown {{{STYLES['warning']} padding:4px 8px;}}")
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        """0 hides the band (input came, or the lock is no longer due)."""
        if seconds <= 0:
            self.hide()
            return
        text = self.tr("Verrouillage dans {n}\u00a0s — bougez la souris ou tapez une touche pour l'annuler.").format(
            n=seconds
        )
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()


class MessageBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel(self)
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        # What the message offers to do about it, when it does (e.g. restore a backup).
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("messageAction")
        self.action_button.hide()
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._act)
        self.close_button = QPushButton(self.tr("Fermer"), self)
        self.close_button.setObjectName("messageClose")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.setAutoFillBackground(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(
        self, text: str, kind: str = "error", action: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        self.label.setText(text)
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.setStyleSheet(f"#messageBar {{{STYLES[kind]}}}")
        self.setAccessibleDescription(text)
        self.show()
        # Information fades; an error stays until read and closed.
        if kind == "info":
            self._timer.start(8000)
        else:
            self._timer.stop()

    def _act(self) -> None:
        action = self._action
        self.hide()
        if action is not None:
            action()

    def error(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.show_message(text, "error", action)

    def info(self, text: str) -> None:
        self.show_message(text, "info")
