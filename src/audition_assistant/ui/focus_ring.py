"""A ring around whatever has the keyboard focus, in the window and its dialogs: the user sees where a key goes.

Drawn over the focused widget's edge by a small child widget that follows
the focus (and so moves, resizes and scrolls with it), in the fields' focus
colour. Not a style sheet on the whole
window: one would freeze the fonts it polished (Ctrl++ would no longer reach
them) and slow the opening of every hearing.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from .fields import FOCUS_RING


def ring_colour() -> QColor:
    """The colour of the fields' focus ring (``fields.FOCUS_RING``), the same everywhere."""
    found = re.search(r"#[0-9a-fA-F]{6}", FOCUS_RING)
    return QColor(found[0] if found else "#1a5fb4")


class FocusRing(QWidget):
    """Drawn over the edge of the focused widget, as its child: it moves and scrolls with it, never clipped off."""

    WIDTH = 2

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colour = ring_colour()
        self.target: QWidget | None = None

    def follow(self, widget: QWidget | None) -> None:
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
        self.target = widget
        if widget is None:
            self.hide()
            return
        self.setParent(widget)
        widget.installEventFilter(self)
        self._fit()
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        if self.target is None:
            return
        outer = self.target.rect()
        inner = outer.adjusted(self.WIDTH, self.WIDTH, -self.WIDTH, -self.WIDTH)
        self.setGeometry(outer)
        self.setMask(QRegion(outer).subtracted(QRegion(inner)))

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.colour)


class FocusFollower(QObject):
    """Puts the ring on each widget that takes the focus; none where a style sheet already draws one."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.ring: FocusRing | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)
            focus = app.focusWidget()
            if focus is not None:
                self._moved(None, focus)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        ring = self.ring
        if ring is None or not shiboken6.isValid(ring):  # it went with the dialog it was in
            ring = self.ring = FocusRing()
        ring.follow(None if new is None or new.isWindow() or ringed_by_style_sheet(new) else new)


def ringed_by_style_sheet(widget: QWidget) -> bool:
    """Whether the fields' ring is already drawn by a style sheet (section forms, the new-hearing dialog)."""
    current: QWidget | None = widget
    while current is not None:
        if FOCUS_RING in current.styleSheet():
            return True
        current = current.parentWidget()
    return False
