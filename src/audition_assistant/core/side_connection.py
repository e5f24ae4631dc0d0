"""The database opened a second time, on a thread of its own: the long reads the window must not wait for.

A backup of a large base (about 12 s per GB) and the walk of the whole audit
chain read for seconds. The store's connection belongs to the window's
thread (SQLite refuses it to any other), so these run on this connection,
which lives on one thread: it is opened there, every call runs there, one at
a time, and it is closed there. It reads a snapshot while the store's
connection writes (WAL); it writes nothing itself (what a job did is
recorded by the store, on the window's thread).

It needs the passphrase, since SQLCipher does not hand out the key it
derived: it holds it, as wipeable bytes, only until its thread has opened
the connection (derivation included, off the caller's thread). Closing it
(the session locked, the database closed) stops the statement under way
and closes the connection, which wipes its key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from .store import cipher
from .store.errors import StoreError

T = TypeVar("T")
CLOSED = "Base fermée ou session verrouillée : l'opération n'a pas pu être faite."


class SideConnection:
    def __init__(self, database: Path, passphrase: str):
        self.database = database
        self._conn: Any = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="side-connection")
        secret = bytearray(passphrase.encode("utf-8", "surrogatepass"))
        self._opened: Future[None] = self._executor.submit(self._open, secret)

    def _open(self, secret: bytearray) -> None:
        passphrase = secret.decode("utf-8", "surrogatepass")
        secret[:] = bytes(len(secret))
        self._conn = cipher.connect(self.database, passphrase)

    def call(self, job: Callable[[Any], T]) -> T:
        """``job(connection)`` on the connection's thread; waits for it, so never call it on the window's thread.

        Raises StoreError (French) once closed, or when the database did not open.
        """
        try:
            future = self._executor.submit(self._run, job)
        except RuntimeError:  # closed
            raise StoreError(CLOSED) from None
        return future.result()

    def _run(self, job: Callable[[Any], T]) -> T:
        if self._conn is None:
            raise StoreError(CLOSED)
        return job(self._conn)

    def close(self) -> None:
        """Stop the statement under way (its call raises), then close the connection; returns at once.

        Only checks are stopped so: the window closes it at a lock once the
        backups asked for are made (see ui.background).
        """
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.interrupt()  # SQLite's one call meant for another thread
        try:
            self._executor.submit(self._close)
        except RuntimeError:  # closed already
            return
        self._executor.shutdown(wait=False, cancel_futures=False)

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def wait_closed(self) -> None:
        """Until the connection is closed (tests; never on the window's thread while a call runs)."""
        self._executor.shutdown(wait=True)
