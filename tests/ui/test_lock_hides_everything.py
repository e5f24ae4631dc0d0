"""The lock leaves no word of a hearing on screen, nor in any widget: dialogs, tooltips, other windows, the page.

A marker, said by the person heard, is looked for in every window of the
application after the lock: first in what can be seen, then in every widget
at all (labels, boxes, lists and tables, tooltips). Unlocking brings it all
back, the cursor where it was.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from audition_assistant.ui.main_window import MainWindow
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import focus, press, type_text, unlock_by_keyboard

PASS = "une phrase secrète de test"
MARKER = "Zéphyrine Oumarou"
SAID = f"Elle m'a confiée à {MARKER} à la gare routière."


@pytest.fixture
def hearing(gui_workspace):
    hearing_id = make_hearing(
        gui_workspace,
        {"conditions_observations": f"Arrivée avec {MARKER}, qui attendait dehors."},
        procedure="2026/000800",
        person={"nom": "Okafor", "prenoms": "Blessing"},
    )
    gui_workspace.store.add_entry(hearing_id, None, "Qui vous a accueillie ?", SAID)
    return hearing_id


def model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)  # their tree methods are private
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
                    value = model.data(index, role)
                    if value is not None:
                        yield str(value)
                if column == 0 and not flat and model.hasChildren(index):
                    pending.append(index)


def texts(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    yield widget.windowTitle()
    yield widget.accessibleDescription()
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.currentText()
    if isinstance(widget, QAbstractItemView):
        yield from model_texts(widget)


def root(widget: QWidget) -> QWidget:
    while widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget


def holding(marker: str, seen_only: bool) -> list[str]:
    """The widgets (object names and classes) whose texts hold ``marker``: those on screen, or all of them.

    The windows of earlier tests, closed but not yet deleted, are not this application's.
    """
    found = []
    widgets = (
        [w for top in QApplication.topLevelWidgets() if top.isVisible() for w in [top, *top.findChildren(QWidget)]]
        if seen_only
        else QApplication.allWidgets()
    )
    for widget in widgets:
        if seen_only and not widget.isVisible():
            continue
        if isinstance(root(widget), MainWindow) and not root(widget).isVisible():
            continue
        if any(marker in text for text in texts(widget)):
            found.append(f"{type(widget).__name__}#{widget.objectName()}")
    if QToolTip.isVisible() and marker in QToolTip.text():
        found.append("QToolTip")
    return found


def test_the_lock_leaves_no_dialog_tooltip_or_window_showing_what_was_said(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    at_lock = {}

    def history_left_open(dialog):
        dialog.show()  # in front of the window, as exec() shows it
        # Other windows of the application, not modal: a message and a view of their own.
        note = QMessageBox(QMessageBox.Icon.Information, "Note", f"Rappeler {MARKER}", parent=window)
        note.setObjectName("noteBox")
        note.setWindowModality(Qt.WindowModality.NonModal)
        note.show()
        view = QWidget(window, Qt.WindowType.Window)
        view.setObjectName("detachedView")
        QLabel(SAID, view).setObjectName("detachedText")
        view.show()
        # The whole answer in a cell's tooltip, the mouse left over it.
        table = dialog.table
        row = next(r for r in range(table.rowCount()) if MARKER in table.item(r, 3).toolTip())
        cell = table.visualItemRect(table.item(row, 3)).center()
        QToolTip.showText(table.viewport().mapToGlobal(cell), table.item(row, 3).toolTip(), table.viewport())
        at_lock["seen before"] = holding(MARKER, seen_only=True)
        window.idle.timer.timeout.emit()  # the investigator has left the station
        at_lock["seen after"] = holding(MARKER, seen_only=True)
        at_lock["held after"] = holding(MARKER, seen_only=False)
        return dialog.result()

    window.run_dialog.push(history_left_open)
    window.history_action.trigger()
    assert window.run_dialog.seen == ["historyDialog"]
    assert gui_workspace.store.locked and window.stack.currentWidget() is window.lock_screen
    assert {"QToolTip", "QLabel#qt_msgbox_label", "QLabel#detachedText"} <= set(at_lock["seen before"])
    assert at_lock["seen after"] == []
    assert at_lock["held after"] == []  # nor hidden in a widget
    assert QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None

    unlock_by_keyboard(qtbot, window, PASS)
    assert window.stack.currentWidget() is page
    assert any(MARKER in text for text in model_texts(page.transcript.entries))


def test_the_lock_keys_lock_from_inside_a_dialog_too(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    qtbot.waitUntil(lambda: window.idle._installed)  # the application's key filter
    seen = {}

    def keys_in_the_history(dialog):
        dialog.show()  # in front of the window, as exec() shows it
        focus(qtbot, dialog, dialog.table)
        press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        seen["locked"] = gui_workspace.store.locked
        seen["shown"] = holding(MARKER, seen_only=True)
        return dialog.result()

    window.run_dialog.push(keys_in_the_history)
    window.history_action.trigger()
    assert window.run_dialog.seen == ["historyDialog"]
    assert seen == {"locked": True, "shown": []}
    assert window.stack.currentWidget() is window.lock_screen
    unlock_by_keyboard(qtbot, window, PASS)
    assert not gui_workspace.store.locked


def test_after_the_lock_no_widget_holds_the_hearing_and_unlocking_puts_the_cursor_back(
    qtbot, window, gui_workspace, hearing
):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    focus(qtbot, window, editor.answer)
    type_text(f"Elle est repartie avec {MARKER} le soir même.")
    cursor = editor.answer.textCursor()
    cursor.setPosition(len("Elle est repartie"))
    editor.answer.setTextCursor(cursor)  # a word forgotten in the middle
    assert holding(MARKER, seen_only=False)  # the boxes, the list, the form hold it

    window.lock_action.trigger()
    assert store.locked
    assert holding(MARKER, seen_only=False) == []
    assert holding("Blessing", seen_only=False) == []  # her name neither (header, list of cases)

    unlock_by_keyboard(qtbot, window, PASS)
    assert window.stack.currentWidget() is page
    assert QApplication.focusWidget() is editor.answer
    assert editor.answer.textCursor().position() == len("Elle est repartie")
    type_text(" seule")
    typed = f"Elle est repartie seule avec {MARKER} le soir même."
    assert editor.answer.toPlainText() == typed
    editor.flush()
    assert store.draft(hearing)[1] == typed
    assert any(MARKER in text for text in model_texts(editor.entries))
    form = page.forms["conditions"].editors["conditions_observations"]
    assert form.value() == f"Arrivée avec {MARKER}, qui attendait dehors."


def test_a_field_of_the_form_gets_its_text_and_cursor_back_after_the_lock(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("conditions")
    box = page.forms["conditions"].editors["conditions_observations"].text
    focus(qtbot, window, box)
    box.moveCursor(QTextCursor.MoveOperation.End)
    type_text(" Elle tremblait.")
    window.lock_action.trigger()
    assert box.toPlainText() == "" and holding(MARKER, seen_only=False) == []
    unlock_by_keyboard(qtbot, window, PASS)
    assert QApplication.focusWidget() is box
    type_text(" Puis elle s'est calmée.")
    whole = f"Arrivée avec {MARKER}, qui attendait dehors. Elle tremblait. Puis elle s'est calmée."
    assert box.toPlainText() == whole
    page.flush()
    assert store.answers(hearing)["conditions_observations"] == whole


def test_a_context_menu_or_a_completer_open_at_the_lock_closes(qtbot, window, gui_workspace):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent

    store = gui_workspace.store
    hearing_id = make_hearing(gui_workspace, {"interprete_present": True}, procedure="2026/000801")
    store.save_contact("interprete", {"nom": "VASQUEZ-MARCADET", "prenoms": "Lucía"})
    window.open_hearing(hearing_id)
    page = window.hearing_page
    page.go_to("interpretation")
    name = page.forms["interpretation"].editors["interprete"].members["nom"].line
    focus(qtbot, window, name)
    type_text("vasq")
    popup = name.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    window.idle.timer.timeout.emit()
    assert store.locked and not popup.isVisible() and QApplication.activePopupWidget() is None
    assert holding("VASQUEZ", seen_only=True) == []
    unlock_by_keyboard(qtbot, window, PASS)
    assert QApplication.focusWidget() is name and name.text() == "vasq"

    # The right-click menu of a box (spelling suggestions), left open: the lock comes while it waits.
    page.go_to(TRANSCRIPT)
    box = page.transcript.answer
    focus(qtbot, window, box)
    type_text(f"Elle parle de {MARKER}.")
    seen = {}

    def leave():
        seen["menu"] = QApplication.activePopupWidget()
        window.idle.timer.timeout.emit()

    QTimer.singleShot(100, leave)
    centre = box.viewport().rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, box.viewport().mapToGlobal(centre))
    QApplication.sendEvent(box.viewport(), event)  # returns once the menu is closed
    assert seen["menu"] is not None and not seen["menu"].isVisible()
    assert store.locked and QApplication.activePopupWidget() is None
    assert holding(MARKER, seen_only=True) == []


def test_an_export_writing_at_the_lock_shows_nothing_and_keeps_nothing_once_done(
    qtbot, window, gui_workspace, hearing, tmp_path, held_export
):
    from PySide6.QtWidgets import QDialog

    release = held_export
    window.open_hearing(hearing)
    seen = {}

    def export_then_leave(dialog):
        dialog.open()
        dialog.folder.setText(str(tmp_path / "out"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        window.idle.timer.timeout.emit()
        seen["while writing"] = holding("Okafor", seen_only=True) + holding(MARKER, seen_only=True)
        release.set()
        qtbot.waitUntil(lambda: gui_workspace.store.locked, timeout=30000)
        seen["once done"] = holding("Okafor", seen_only=False) + holding(MARKER, seen_only=False)
        return QDialog.result(dialog)

    window.run_dialog.push(export_then_leave)
    window.export_action.trigger()
    assert seen == {"while writing": [], "once done": []}


def test_an_entry_being_edited_at_the_lock_is_still_being_edited_after_it(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    [entry] = store.entries(hearing)
    editor.select(entry.id)
    editor.edit_selected()  # the cursor at the end of the answer
    focus(qtbot, window, editor.answer)
    editor.answer.moveCursor(QTextCursor.MoveOperation.End)
    type_text(" Il pleuvait.")
    window.lock_action.trigger()
    assert holding(MARKER, seen_only=False) == []
    unlock_by_keyboard(qtbot, window, PASS)
    assert editor.editing_id == entry.id and QApplication.focusWidget() is editor.answer
    type_text(" Il faisait froid.")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [e.answer for e in store.entries(hearing)] == [f"{SAID} Il pleuvait. Il faisait froid."]
    assert editor.editing_id is None
