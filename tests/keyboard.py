"""Typing as an investigator does, eyes on the person: every key goes to whatever has the focus.

QTest.keyClicks is ASCII-only; these send one key event per character, accents and
any script included, so that the tests type what a French keyboard types.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def focused(fallback: QWidget | None = None) -> QWidget | None:
    return QApplication.focusWidget() or fallback


def inside(widget: QWidget) -> bool:
    """Whether the focus is on ``widget`` or one of its children."""
    now = QApplication.focusWidget()
    return now is not None and (now is widget or widget.isAncestorOf(now))


def _key(target: QWidget, char: str) -> None:
    key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
    QTest.sendKeyEvent(QTest.KeyAction.Click, target, key, char, NO_MODIFIER)


def type_text(text: str, fallback: QWidget | None = None) -> None:
    """Key by key into the focus, asked again at each key: a widget that takes the focus mid-word gets the rest."""
    for char in text:
        target = focused(fallback)
        assert target is not None, "no widget has the focus"
        _key(target, char)


def type_into(widget: QWidget, text: str) -> None:
    """Key by key into ``widget`` itself, whatever has the focus (a form filled before any focus exists)."""
    for char in text:
        _key(widget, char)


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER, fallback: QWidget | None = None) -> None:
    target = focused(fallback)
    assert target is not None, "no widget has the focus"
    QTest.keyClick(target, key, modifiers)


def focus(qtbot, window: QWidget, widget: QWidget) -> None:
    """Give ``widget`` the focus as a click would (the window brought to the front first)."""
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def unlock_by_keyboard(qtbot, window, passphrase: str) -> None:
    """A click in the lock screen's passphrase field (the window comes to the front with it), the passphrase, Entrée."""
    window.activateWindow()
    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.lock_screen.passphrase)
    type_text(passphrase)
    press(Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)


def derived(qtbot, form) -> None:
    """Wait for the unlock form's or lock screen's key derivation (a worker thread) to be delivered."""
    qtbot.waitUntil(lambda: not form.background.pending("unlock"), timeout=20000)
