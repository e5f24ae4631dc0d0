"""Work off the window's thread, its report delivered on the window's thread, and only while still wanted.

Every job runs on a thread of its own and gets a token; its report (the
result, or the exception it raised) comes back by a queued signal to the
window's thread. A report whose token is no longer current is dropped
unread: ``forget`` makes the tokens of a kind (or all) stale, so nothing a
job finishes after a lock, a restore or the window's closing reaches a
window that has moved on (a disconnected slot is not enough: a report
already queued would still arrive).

A job never touches the store's connection, which belongs to the window's
thread (SQLite refuses it to any other): it is given what it needs read
beforehand, or uses a connection of its own (core.side_connection, the
opening check's), and its records are written by ``done``, on the window's
thread.

What the window does to running work:

- **Lock**: checks are forgotten and asked to stop (the opening check, the
  history's verification of the audit trail, a Word model's check): their
  connection ends, and the key with it. Work the user asked to have written,
  an export writing its files or « Sauvegarder maintenant », goes on: its
  dialog, hidden, says so, records what was written, then closes itself, and
  only then is the key dropped.
- **Restore** (the database closed and replaced): everything is forgotten,
  checks are stopped; nothing of the replaced database is recorded in the new
  one.
- **Closing the window**: everything is forgotten, the opening check is
  stopped and waited for (its connection holds the key until it ends); the
  other threads end with the process, having nothing to write.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


@dataclass
class _Job:
    kind: str
    done: Callable[[Any], None]
    failed: Callable[[BaseException], None] | None
    thread: threading.Thread


class Background(QObject):
    """Runs jobs off the window's thread; reports the current ones back on it (see the module's rule)."""

    _reported = Signal(int, bool, object)  # token, whether it succeeded, its result or exception

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._tokens = itertools.count(1)
        self._current: dict[int, _Job] = {}
        self._threads: dict[int, tuple[str, threading.Thread]] = {}  # running, current or not
        self._reported.connect(self._deliver)  # queued: emitted from the jobs' threads, this object lives here

    def run(
        self,
        job: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        kind: str = "",
    ) -> int:
        """Start ``job`` on its own thread; ``done(result)`` or ``failed(error)`` follow here, unless forgotten.

        Without ``failed``, an exception the job raised goes to the
        application's hook (said in the window, in French).
        """
        token = next(self._tokens)

        def work() -> None:
            try:
                outcome: tuple[bool, object] = (True, job())
            except BaseException as error:  # reported to the window's thread, which decides
                outcome = (False, error)
            self._threads.pop(token, None)
            if shiboken6.isValid(self):  # the window may be gone meanwhile
                with contextlib.suppress(RuntimeError):  # deleted between the test and the emission
                    self._reported.emit(token, *outcome)

        thread = threading.Thread(target=work, name=f"background-{kind or 'job'}-{token}", daemon=True)
        self._current[token] = _Job(kind, done, failed, thread)
        self._threads[token] = (kind, thread)
        thread.start()
        return token

    def forget(self, kind: str | None = None) -> None:
        """Drop the reports of the running jobs of ``kind`` (all, for None): they will never be delivered."""
        for token in [t for t, j in self._current.items() if kind is None or j.kind == kind]:
            del self._current[token]

    def drop(self, token: int | None) -> None:
        """Drop the report of one job (its dialog closed, say)."""
        if token is not None:
            self._current.pop(token, None)

    def current(self, token: int | None) -> bool:
        """Whether the job of ``token`` still has its report to deliver."""
        return token is not None and token in self._current

    def pending(self, kind: str | None = None) -> bool:
        """Whether a job of ``kind`` (any, for None) has a report still to deliver."""
        return any(kind is None or j.kind == kind for j in list(self._current.values()))

    def busy(self, kind: str | None = None) -> bool:
        """Whether a job of ``kind`` (any, for None) still runs, its report wanted or not."""
        return any(kind is None or k == kind for k, _t in list(self._threads.values()))

    def wait(self, kind: str | None = None, timeout: float | None = None) -> bool:
        """Until the jobs of ``kind`` have ended (never for long on the window's thread); False on timeout."""
        for _kind, thread in [v for v in list(self._threads.values()) if kind is None or v[0] == kind]:
            thread.join(timeout)
            if thread.is_alive():
                return False
        return True

    def _deliver(self, token: int, ok: bool, value: object) -> None:
        job = self._current.pop(token, None)
        if job is None:  # forgotten: the window has moved on
            return
        if ok:
            job.done(value)
        elif job.failed is not None:
            job.failed(value)  # type: ignore[arg-type]
        else:
            raise value  # type: ignore[misc]
