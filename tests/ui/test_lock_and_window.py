"""The idle lock around a live hearing, and a window that fits a station laptop."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from audition_assistant.ui import lock_screen
from audition_assistant.ui.main_window import MainWindow
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import derived, focus, type_text, unlock_by_keyboard

PASS = "une phrase secrète de test"
LONG_REASON = (
    "l'interprète doit quitter la salle pour un appel urgent de son employeur, "
    "reprise prévue après le déjeuner au commissariat central"
)


@pytest.fixture
def hearing(gui_workspace):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000600", person={"nom": "Petrova", "prenoms": "Elena"})
    gui_workspace.store.add_entry(hearing_id, None, "Où logiez-vous ?", "Dans un hôtel.")
    return hearing_id


def running_hearing(qtbot, window, hearing):
    """The hearing open on its questions and answers, started, the cursor in the answer."""
    window.open_hearing(hearing)
    page = window.hearing_page
    qtbot.mouseClick(page.timeline_bar.start_button, Qt.MouseButton.LeftButton)
    page.go_to(TRANSCRIPT)
    focus(qtbot, window, page.transcript.answer)
    return page


def test_idle_time_while_a_hearing_runs_does_not_lock_and_the_words_reach_the_answer(
    qtbot, window, gui_workspace, hearing
):
    page = running_hearing(qtbot, window, hearing)
    window.idle.tick()
    assert not window.countdown.isVisible()  # no lock coming: nothing announced
    window.idle.timer.timeout.emit()  # the idle delay has passed while the investigator listened
    assert not gui_workspace.store.locked
    assert window.stack.currentWidget() is page and window.idle.timer.isActive()
    QTest.keyClicks(QApplication.focusWidget(), "Elle est partie le soir")
    assert page.transcript.answer.toPlainText() == "Elle est partie le soir"


def test_a_lock_during_a_suspension_takes_no_key_and_keeps_the_draft(qtbot, window, gui_workspace, hearing):
    page = running_hearing(qtbot, window, hearing)
    editor = page.transcript
    type_text("Il faisait nuit quand")
    page.timeline_bar.ask_reason = lambda: ("repos", "")
    window.suspend_action.trigger()
    assert page.timeline_bar.resume_button.isEnabled()
    focus(qtbot, window, editor.answer)
    type_text(" nous sommes arrivés")  # typed in the last seconds, not yet saved
    window.idle.timer.timeout.emit()  # the idle delay, counted from the suspension, has passed
    assert gui_workspace.store.locked and window.stack.currentWidget() is window.lock_screen

    # The investigator goes on typing without looking, Entrée included.
    type_text("au port de Marseille")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    type_text("avec deux hommes")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.lock_screen.passphrase.text() == ""
    assert window.lock_screen.failures == 0 and window.lock_screen.error.text() == ""
    assert gui_workspace.store.locked

    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)  # now the field takes keys
    type_text(PASS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)
    assert not gui_workspace.store.locked
    assert window.stack.currentWidget() is page
    assert "unlock_failed" not in [e.action for e in gui_workspace.store.audit_entries()]
    draft = "Il faisait nuit quand nous sommes arrivés"
    assert gui_workspace.store.draft(hearing)[1] == draft
    assert editor.answer.toPlainText() == draft
    assert QApplication.focusWidget() is editor.answer  # typing goes on where it stopped


def test_entree_after_a_quiet_moment_opens_the_passphrase_field(qtbot, window, gui_workspace, monkeypatch):
    monkeypatch.setattr(lock_screen, "QUIET_MS", 200)
    window.lock_action.trigger()
    focus(qtbot, window, window.lock_screen.passphrase)
    QTest.keyClicks(QApplication.focusWidget(), "abc")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # right after typing: not deliberate
    assert not window.lock_screen.armed and window.lock_screen.failures == 0
    qtbot.wait(300)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.lock_screen.armed and window.lock_screen.passphrase.text() == ""
    type_text(PASS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)
    assert not gui_workspace.store.locked and window.lock_screen.failures == 0


def test_a_countdown_comes_before_an_idle_lock_and_input_cancels_it(qtbot, window, gui_workspace):
    window.idle.timer.start(20_000)  # as if the idle delay were 20 s from its end
    window.idle.tick()
    assert window.countdown.isVisible()
    said = re.fullmatch(
        r"Verrouillage dans (\d+)\u00a0s — bougez la souris ou tapez une touche pour l'annuler\.",
        window.countdown.text(),
    )
    assert said and 19 <= int(said[1]) <= 20
    window.idle.eventFilter(window, _key_event())  # a key pressed: cancelled
    assert not window.countdown.isVisible() and window.idle.timer.remainingTime() > 60_000
    window.idle.timer.start(5_000)
    window.idle.tick()
    assert re.match(r"Verrouillage dans [45]\u00a0s", window.countdown.text())
    window.idle.timer.timeout.emit()
    assert gui_workspace.store.locked and not window.countdown.isVisible()


def _key_event():
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")


def test_suspension_starts_the_idle_delay_afresh(qtbot, window, gui_workspace, hearing):
    page = running_hearing(qtbot, window, hearing)
    window.idle.timer.start(1_000)  # the investigator has listened for minutes
    page.timeline_bar.ask_reason = lambda: ("repas", "")
    window.suspend_action.trigger()
    assert window.idle.timer.remainingTime() > 4 * 60_000  # the whole delay, from the suspension
    window.idle.timer.start(10_000)
    window.idle.tick()
    assert window.countdown.isVisible()  # suspended: the lock is announced, then comes
    window.suspend_action.trigger()  # resumed: no lock coming
    assert not window.countdown.isVisible()


def test_the_window_stays_within_1280_with_a_long_suspension_reason_and_an_entry_being_edited(
    qtbot, window, gui_workspace, hearing
):
    page = running_hearing(qtbot, window, hearing)
    page.timeline_bar.ask_reason = lambda: ("autre", LONG_REASON)
    window.suspend_action.trigger()
    editor = page.transcript
    editor.entries.setCurrentIndex(editor.model.index(0, 0))
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert editor.cancel_button.isVisible()  # "Modifier": the edit's buttons are shown
    window.resize(1280, 700)
    qtbot.wait(10)
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() <= 1280
    assert LONG_REASON in window.state_label.text()  # the whole text, elided on screen only


def saved_geometry(rect: QRect, maximised: bool = False) -> bytes:
    probe = QWidget()
    probe.setGeometry(rect)
    if maximised:
        probe.setWindowState(Qt.WindowState.WindowMaximized)
    data = probe.saveGeometry()
    probe.deleteLater()
    return data


def mostly_on_screen(rect: QRect) -> bool:
    available = QGuiApplication.primaryScreen().availableGeometry()
    inside = available.intersected(rect)
    return inside.width() * inside.height() >= 0.9 * rect.width() * rect.height()


@pytest.mark.parametrize(
    "rect",
    [QRect(5000, 4000, 1280, 720), QRect(600, 700, 626, 204)],
    ids=["on a screen unplugged since", "tiny and half off-screen"],
)
def test_a_window_saved_off_screen_or_tiny_comes_back_on_screen(qtbot, gui_workspace, settings, rect):
    settings.setValue("window/geometry", saved_geometry(rect))
    window = MainWindow(gui_workspace, settings)
    qtbot.addWidget(window)
    geometry = window.normalGeometry()
    assert geometry.width() >= 780 and geometry.height() >= 500
    assert mostly_on_screen(geometry)


def test_the_maximised_state_is_kept(qtbot, gui_workspace, settings):
    first = MainWindow(gui_workspace, settings)
    qtbot.addWidget(first)
    first.showMaximized()
    first.close()
    second = MainWindow(gui_workspace, settings)
    qtbot.addWidget(second)
    assert second.windowState() & Qt.WindowState.WindowMaximized


def test_f11_and_the_button_collapse_the_side_panes_for_typing(qtbot, window, gui_workspace, hearing):
    page = running_hearing(qtbot, window, hearing)
    splitter = page.transcript.splitter
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F11)
    assert page.full_width_button.isChecked() and window.full_width_action.isChecked()
    assert not page.side_pane.isVisible() and not page.guidance.isVisible()
    assert not splitter.widget(0).isVisible() and not splitter.widget(2).isVisible()
    assert page.transcript.answer.isVisible()
    QTest.keyClicks(QApplication.focusWidget(), "toujours ici")  # the focus stayed in the answer
    assert page.transcript.answer.toPlainText() == "toujours ici"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F11)
    assert page.side_pane.isVisible() and page.guidance.isVisible() and splitter.widget(2).isVisible()
    qtbot.mouseClick(page.full_width_button, Qt.MouseButton.LeftButton)
    assert not page.side_pane.isVisible() and window.full_width_action.isChecked()
    QTest.keyClicks(QApplication.focusWidget(), " encore")  # the click left the cursor in the answer
    assert page.transcript.answer.toPlainText() == "toujours ici encore"


class Screen:
    """A station screen of the given width, standing in for the test platform's small one."""

    def __init__(self, width: int, height: int):
        self.rect = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:
        return self.rect


def test_ctrl_plus_enlarges_the_text_and_the_size_is_kept(qtbot, window, gui_workspace, settings, monkeypatch):
    monkeypatch.setattr(window, "screen", lambda: Screen(1920, 1040))
    base = window.centralWidget().font().pointSizeF()
    focus(qtbot, window, window.cases.search)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.centralWidget().font().pointSizeF() == base + 2
    assert window.cases.search.font().pointSizeF() == base + 2
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.centralWidget().font().pointSizeF() == base + 1
    window.close()
    again = MainWindow(gui_workspace, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.centralWidget().font().pointSizeF() == base + 1
    again.zoom_reset_action.trigger()
    assert again.centralWidget().font().pointSizeF() == base


def test_ctrl_plus_stops_before_the_window_outgrows_a_1280_screen(qtbot, window, gui_workspace, hearing, monkeypatch):
    monkeypatch.setattr(window, "screen", lambda: Screen(1280, 680))
    running_hearing(qtbot, window, hearing)
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window._zoom() > 0  # larger, as far as the screen allows
    assert window.minimumSizeHint().width() <= 1280
    assert window.statusBar().currentMessage() == "Le texte ne peut pas être agrandi davantage sur cet écran."


def test_a_dialog_left_open_is_closed_by_the_lock_and_unlocking_puts_the_cursor_back(qtbot, window, gui_workspace):
    focus(qtbot, window, window.cases.search)
    at_lock = {}

    def left_open(dialog):
        dialog.open()  # in front of the window and modal, as exec() shows it
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        type_text("2026/009999")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_text("Affaire c/ DURAND")
        window.idle.timer.timeout.emit()  # the investigator has left the station
        at_lock["dialog shown"] = dialog.isVisible()
        at_lock["modal"] = QApplication.activeModalWidget()
        return dialog.result()

    window.run_dialog.push(left_open)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.run_dialog.seen == ["caseDialog"]
    assert gui_workspace.store.locked and window.stack.currentWidget() is window.lock_screen
    assert at_lock == {"dialog shown": False, "modal": None}  # nothing over the lock, nothing holding the keys
    unlock_by_keyboard(qtbot, window, PASS)
    assert not gui_workspace.store.locked and window.stack.currentWidget() is window.cases
    assert gui_workspace.store.cases() == []  # « Annuler »: nothing half-saved
    assert QApplication.focusWidget() is window.cases.search


def test_unlocking_when_the_widget_that_had_the_cursor_is_gone(qtbot, window, gui_workspace):
    import shiboken6
    from PySide6.QtWidgets import QLineEdit

    gone = QLineEdit(window.cases)
    gone.setObjectName("goneSoon")
    gone.show()
    focus(qtbot, window, gone)
    window.lock_action.trigger()
    shiboken6.delete(gone)  # e.g. a page closed while locked
    unlock_by_keyboard(qtbot, window, PASS)
    assert not gui_workspace.store.locked and window.stack.currentWidget() is window.cases
    assert not window.messages.isVisible()  # no « Erreur inattendue »


def test_an_export_writing_at_the_lock_ends_and_is_recorded_then_the_key_goes(
    qtbot, window, gui_workspace, hearing, tmp_path, held_export
):
    release = held_export
    window.open_hearing(hearing)
    out = tmp_path / "out"
    exports = []

    def export_then_leave(dialog):
        dialog.open()
        dialog.folder.setText(str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        window.idle.timer.timeout.emit()
        assert not dialog.isVisible() and QApplication.activeModalWidget() is None
        assert window.stack.currentWidget() is window.lock_screen
        assert not gui_workspace.store.locked  # the files are being written: the key goes once they are recorded
        dialog.exported.connect(exports.append)
        release.set()
        qtbot.waitUntil(lambda: gui_workspace.store.locked, timeout=30000)
        return QDialog.result(dialog)

    window.run_dialog.push(export_then_leave)
    window.export_action.trigger()
    [written] = exports
    assert written and all(f.path.exists() for f in written)
    unlock_by_keyboard(qtbot, window, PASS)
    assert len(gui_workspace.store.exports(hearing)) == len(written)


def test_keys_typed_while_locked_are_said_once_unlocked(qtbot, window, gui_workspace):
    focus(qtbot, window, window.cases.search)
    window.lock_action.trigger()
    type_text("ma phrase trop tôt")
    assert window.lock_screen.passphrase.text() == ""
    unlock_by_keyboard(qtbot, window, PASS)
    assert window.messages.isVisible() and window.messages.label.text() == (
        "Des touches tapées pendant le verrouillage n'ont pas été prises : "
        + "reprenez la saisie là où elle s'est arrêtée."
    )
    assert window.cases.search.text() == ""  # dropped, never replayed
    window.messages.hide()
    window.lock_action.trigger()  # a lock with no key typed says nothing
    unlock_by_keyboard(qtbot, window, PASS)
    assert not window.messages.isVisible()


def edge_colour(widget: QWidget) -> str:
    """The colour of the widget's left edge, half-way down, as drawn on screen."""
    image = widget.grab().toImage()
    return image.pixelColor(0, image.height() // 2).name()


def test_the_focus_is_seen_on_the_case_list_and_its_buttons(qtbot, window, gui_workspace):
    case_id = gui_workspace.store.create_case("2026/009999", "Affaire c/ DURAND")
    window.cases.reload(select=case_id)
    focus(qtbot, window, window.cases.search)
    ring = "#1a5fb4"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.cases.table
    assert edge_colour(window.cases.table) == ring
    for button in (window.cases.new_button, window.cases.new_hearing_button):
        assert edge_colour(button) != ring
        focus(qtbot, window, button)
        assert edge_colour(button) == ring
    assert edge_colour(window.cases.table) != ring


def test_a_long_theme_is_cut_with_an_ellipsis_and_read_whole_in_its_tooltip(qtbot, window, gui_workspace):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent

    minor = make_hearing(gui_workspace, template="audition-victime-mineure", person={"nom": "Dupont", "prenoms": "Léa"})
    page = running_hearing(qtbot, window, minor)
    window.resize(1280, 720)
    qtbot.wait(10)
    theme = page.transcript.theme
    longest = max(range(theme.count()), key=lambda i: len(theme.itemText(i)))
    title = theme.itemText(longest)
    theme.setCurrentIndex(longest)
    assert theme.fontMetrics().horizontalAdvance(title) > theme.width()  # too long for the box at 1280
    shown = theme.shown_text()
    assert shown.endswith("…") and title.startswith(shown[:-1])
    QApplication.sendEvent(theme, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), theme.mapToGlobal(QPoint(5, 5))))
    assert theme.toolTip() == title
    assert theme.itemData(longest, Qt.ItemDataRole.ToolTipRole) == title  # in the open list too
    assert window.minimumSizeHint().width() <= 1280 and window.width() <= 1280
