"""The Qt bindings themselves: what the application relies on from PySide6."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_to_qt_do_not_drop_references_to_none(qtbot):
    """PySide6 6.12.0 on Python 3.11 drops one reference to None at each call of a method returning nothing.

    Every saved edit re-lays out the hearing's forms (hundreds of such calls),
    so a long hearing ended in « Fatal Python error: none_dealloc » and lost
    the window (tests/test_crash_safety.py found it). From Python 3.12 None is
    immortal and its count never moves.
    """
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Enregistré")
        label.setVisible(False)
    assert sys.getrefcount(None) >= before - 100
