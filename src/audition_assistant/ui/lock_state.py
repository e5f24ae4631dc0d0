"""What the lock empties from the screen, and where it puts the cursor back.

While the session is locked no widget holds a hearing's words: a window left
open, a screen reader or a dump of the process finds none there. What was
typed is saved first (or kept by the session when the disk is full) and read
again at unlock; the cursor goes back to the same box, at the same place.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

TEXT_HOLDERS = (QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QTableWidget, QListWidget, QTreeWidget)
Step = tuple[str, str, int]  # class name, object name, rank among the children of that name


@dataclass(frozen=True)
class Caret:
    """Where the cursor was in a text box: the selection's ends and the scroll."""

    anchor: int
    position: int
    scroll: int


@dataclass(frozen=True)
class Place:
    """The widget that had the focus, found again by its way down from a page rebuilt since, and its cursor."""

    path: list[Step]
    caret: Caret | None


def _direct_children(widget: QWidget) -> list[QWidget]:
    return widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)


def _namesakes(parent: QWidget, child: QWidget) -> list[QWidget]:
    name, kind = child.objectName(), type(child).__name__
    return [c for c in _direct_children(parent) if c.objectName() == name and type(c).__name__ == kind]


def place_of(widget: QWidget | None, root: QWidget) -> Place | None:
    """The focus's place under ``root``, or None when it is elsewhere."""
    if widget is None or not (widget is root or root.isAncestorOf(widget)):
        return None
    path: list[Step] = []
    current = widget
    while current is not root:
        parent = current.parentWidget()
        if parent is None:
            return None
        path.append((type(current).__name__, current.objectName(), _namesakes(parent, current).index(current)))
        current = parent
    return Place(list(reversed(path)), caret_of(widget))


def find(root: QWidget, place: Place) -> QWidget | None:
    """The widget at ``place`` under ``root`` (rebuilt the same way), or None if it is no longer there."""
    current = root
    for kind, name, rank in place.path:
        found = [c for c in _direct_children(current) if c.objectName() == name and type(c).__name__ == kind]
        if rank >= len(found):
            return None
        current = found[rank]
    return current


def caret_of(widget: QWidget) -> Caret | None:
    if isinstance(widget, QLineEdit):
        start = widget.selectionStart()
        position = widget.cursorPosition()
        if start < 0:
            return Caret(position, position, 0)
        end = start + len(widget.selectedText())
        return Caret(end if position == start else start, position, 0)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        cursor = widget.textCursor()
        return Caret(cursor.anchor(), cursor.position(), widget.verticalScrollBar().value())
    return None


def put_caret(widget: QWidget, caret: Caret | None) -> None:
    """The cursor back where it was (within the text there now)."""
    if caret is None:
        return
    if isinstance(widget, QLineEdit):
        length = len(widget.text())
        anchor, position = min(caret.anchor, length), min(caret.position, length)
        if anchor == position:
            widget.setCursorPosition(position)
        else:
            widget.setSelection(anchor, position - anchor)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        cursor = widget.textCursor()
        end = len(widget.toPlainText())
        cursor.setPosition(min(caret.anchor, end))
        cursor.setPosition(min(caret.position, end), QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
        widget.verticalScrollBar().setValue(caret.scroll)


def empty_texts(root: QWidget) -> None:
    """Empty the texts a closed window holds (labels, boxes, lists, tables, tooltips): hidden, it may linger."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not shiboken6.isValid(widget):
            continue
        widget.setToolTip("")
        if isinstance(widget, TEXT_HOLDERS):
            widget.clear()
        elif isinstance(widget, QComboBox) and widget.isEditable():
            widget.clearEditText()
