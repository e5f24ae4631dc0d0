"""Work off the window's thread: a report that comes after a lock, a restore or a close is dropped."""

from __future__ import annotations

import itertools
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from audition_assistant.core.maintenance import MaintenanceReport
from audition_assistant.ui.app import gate_for

# A job as slow as on a large base, and the longest the window's loop may stop meanwhile: far below
# the job (it is not on the window's thread), with room for a loaded test machine's scheduling.
SLOW = 1.0
TURN = 0.25


def finished_check(window, workspace, **report):
    """A check whose report is made and queued, not yet delivered, when the user acts."""
    ended = threading.Event()

    def job(cancel: threading.Event) -> MaintenanceReport:
        try:
            return MaintenanceReport(workspace.paths.database, checked=True, **report)
        finally:
            ended.set()

    window.start_maintenance(job)
    assert ended.wait(10)
    time.sleep(0.2)  # the report leaves the job's thread: queued for the window's


def test_a_check_ending_as_the_user_restores_is_not_delivered_to_the_closed_database(qtbot, window, data_paths):
    window.gate_factory = lambda: gate_for(data_paths)
    finished_check(window, window.workspace)
    window.detach()  # « Restaurer la dernière sauvegarde… »: the database is closed, the unlock form shown
    QApplication.processEvents()  # the report queued before: dropped, never read against a closed database
    assert window.gate is not None and window.stack.currentWidget() is window.gate
    assert not window.messages.isVisible() and window.statusBar().currentMessage() == ""


def test_a_check_ending_as_the_user_locks_says_nothing_and_writes_nothing(qtbot, window, gui_workspace, data_paths):
    entries = len(gui_workspace.store.audit_entries())
    made = data_paths.root / "sauvegardes" / "sauvegarde-000001-20260314-091500.db"
    finished_check(window, gui_workspace, backup=made)
    window.lock_action.trigger()
    QApplication.processEvents()
    assert gui_workspace.store.locked
    assert not window.messages.isVisible() and window.statusBar().currentMessage() == ""
    gui_workspace.store.unlock("une phrase secrète de test")
    assert len(gui_workspace.store.audit_entries()) == entries  # no « backup_made » for a report dropped


def test_a_forgotten_job_is_dropped_and_a_current_one_delivered_on_the_windows_thread(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    got: list[tuple[str, bool]] = []
    release = threading.Event()
    background.run(lambda: release.wait(10) and "ancien", lambda r: got.append((r, False)), kind="check")
    background.forget("check")
    background.run(lambda: "export", lambda r: got.append((r, threading.current_thread() is threading.main_thread())))
    release.set()
    qtbot.waitUntil(lambda: not background.busy(), timeout=5000)
    QApplication.processEvents()
    assert got == [("export", True)]


def test_a_failed_job_reports_its_error(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    errors: list[BaseException] = []

    def job() -> None:
        raise OSError("disque plein")

    background.run(job, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "disque plein"


def test_the_windows_loop_keeps_turning_while_a_job_runs(qtbot):
    from audition_assistant.ui.background import Background

    background = Background()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(5)
    done: list[object] = []
    background.run(lambda: time.sleep(SLOW), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < TURN


PASS = "une phrase secrète de test"


def with_second_connection(window):
    """What the unlock form and the lock screen give the window: the base opened again, on its own thread."""
    from audition_assistant.core.side_connection import SideConnection

    window.side = SideConnection(window.workspace.paths.database, PASS)
    return window.side


def ticking():
    """The window's event loop, timed: a 5 ms timer's ticks."""
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(5)
    return timer, ticks


def longest_wait(ticks: list[float]) -> float:
    return max(b - a for a, b in itertools.pairwise(ticks))


def slowed(monkeypatch, module, name, seconds):
    """The real function, made as slow as on a large base."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def test_backup_now_leaves_the_window_responsive_and_is_recorded(qtbot, window, gui_workspace, monkeypatch):
    from PySide6.QtCore import Qt

    from audition_assistant.core import backups, maintenance

    with_second_connection(window)
    slowed(monkeypatch, maintenance.cipher, "export", SLOW)  # a large base's copy
    timer, ticks = ticking()

    running: list[float] = []

    def backup(dialog):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
        running.append(time.monotonic())
        assert dialog.backup_result.text() == "Sauvegarde en cours…" and not dialog.backup_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.backup_result.text().startswith("Sauvegarde enregistrée : "), timeout=20000)
        running.append(time.monotonic())
        return dialog.reject()

    window.run_dialog.push(backup)
    window.settings_action.trigger()
    timer.stop()
    [made] = backups.backups(gui_workspace.backup_folder())
    assert gui_workspace.store.audit_entries()[-1].action == "backup_made"
    assert gui_workspace.store.audit_entries()[-1].detail["file"] == made.name
    during = [t for t in ticks if running[0] <= t <= running[1]]  # from the click to the result, recorded
    assert len(during) > 30 and longest_wait(during) < TURN


def test_a_lock_during_backup_now_lets_it_finish_and_record_before_the_key_goes(
    qtbot, window, gui_workspace, monkeypatch
):
    from PySide6.QtCore import Qt

    from audition_assistant.core import maintenance

    side = with_second_connection(window)
    slowed(monkeypatch, maintenance.cipher, "export", 0.5)

    def backup_then_lock(dialog):
        dialog.show()
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
        window.lock_action.trigger()
        assert not dialog.isVisible() and not gui_workspace.store.locked  # the backup is being made
        assert "La sauvegarde continue" in dialog.backup_result.text()
        qtbot.waitUntil(lambda: gui_workspace.store.locked, timeout=20000)
        return dialog.result()

    window.run_dialog.push(backup_then_lock)
    window.settings_action.trigger()
    side.wait_closed()  # the second connection went with the key
    gui_workspace.store.unlock(PASS)
    assert gui_workspace.store.audit_entries()[-1].action == "backup_made"


def test_the_history_verifies_the_chain_off_the_windows_thread(qtbot, window, gui_workspace, monkeypatch):
    from audition_assistant.core import maintenance
    from hearings import make_hearing

    hearing = make_hearing(gui_workspace, procedure="2026/000700", person={"nom": "Ionescu", "prenoms": "Maria"})
    window.open_hearing(hearing)
    with_second_connection(window)
    slowed(monkeypatch, maintenance.audit, "walk", SLOW)  # a long trail
    timer, ticks = ticking()

    running: list[float] = []

    def read(dialog):
        running.append(time.monotonic())
        assert dialog.status.text() == "Vérification du journal d'audit en cours…"
        qtbot.waitUntil(lambda: "en cours" not in dialog.status.text(), timeout=20000)
        running.append(time.monotonic())
        assert dialog.status.text().startswith("Journal intègre : ")
        return dialog.reject()

    window.run_dialog.push(read)
    window.history_action.trigger()
    timer.stop()
    during = [t for t in ticks if running[0] <= t <= running[1]]  # the dialog shown, its verdict awaited
    assert len(during) > 30 and longest_wait(during) < TURN


def test_no_other_thread_may_use_the_stores_connection(gui_workspace):
    from audition_assistant.core.store import cipher

    failed: list[BaseException] = []

    def elsewhere():
        try:
            gui_workspace.store.cases()
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert failed and isinstance(failed[0], cipher.dbapi2.ProgrammingError)  # SQLite's own check, at its default


def test_suggestions_looked_up_at_the_lock_do_not_come_back_into_memory(qtbot):
    from PySide6.QtWidgets import QMenu

    from audition_assistant.ui import spelling

    release = threading.Event()

    class Slow:
        available = True
        problem = ""

        def suggestions(self, word: str) -> list[str]:
            release.wait(10)
            return ["Rivera"]

    service = spelling.Service(Slow())  # type: ignore[arg-type]
    menu = QMenu()
    shown: list[list[str]] = []
    spelling._suggest_later(service, "Riviera", menu, shown.append)
    service.forget_words()  # the lock
    release.set()
    qtbot.waitUntil(lambda: not service.background.busy(), timeout=5000)
    QApplication.processEvents()
    assert service.suggestions == {} and shown == []
