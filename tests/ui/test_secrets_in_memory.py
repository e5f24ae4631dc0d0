"""Once the database is open, and after a lock, no Python object of the application holds the passphrase.

The passphrase is typed key by key (each key its own one-character string),
as a user types it; then every object the garbage collector knows is
searched for a text or bytes holding it. Only the test's own copy, kept to
search with, is left out.
"""

from __future__ import annotations

import gc
import secrets
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest

from audition_assistant.core.store import Store
from audition_assistant.ui.app import start
from keyboard import derived, type_into


def holders(needle: str) -> list[str]:
    """What holds a text or bytes containing ``needle`` (the test's own ``needle`` object aside)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # widgets deleted later
    gc.collect()
    raw = needle.encode()
    found = []
    for obj in gc.get_objects():
        for ref in _held(obj):
            if ref is not needle and (
                (isinstance(ref, str) and needle in ref) or (not isinstance(ref, str) and raw in ref)
            ):
                found.append(f"{type(obj).__qualname__} holds {type(ref).__name__} {ref!r:.60}")
    return found


def _held(obj: object) -> Iterator[str | bytes | bytearray]:
    """The texts and bytes ``obj`` refers to, also through the containers the collector does not track.

    A tuple of texts (a statement cache's key, for one) is untracked, so it
    is never among ``gc.get_objects()``: it is searched through its holder.
    """
    for ref in gc.get_referents(obj):
        if isinstance(ref, str | bytes | bytearray):
            yield ref
        elif isinstance(ref, tuple | frozenset | dict | list) and not gc.is_tracked(ref):
            yield from _held(ref)


def test_no_python_object_keeps_the_passphrase_after_unlocking_nor_after_a_lock(qtbot, data_paths):
    needle = " ".join(secrets.token_hex(4) for _ in range(4))
    Store.open(data_paths.database, "".join(list(needle))).close()  # a copy: the search leaves out ``needle`` only
    window, preloader = start(data_paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: preloader.done, timeout=30000)
    type_into(window.gate.passphrase, needle)
    gate = window.gate
    QTest.keyClick(window.gate.passphrase, Qt.Key.Key_Return)
    derived(qtbot, gate)
    assert window.gate is None
    qtbot.waitUntil(lambda: window.maintenance is None, timeout=30000)  # the opening check on its own connection
    assert holders(needle) == []

    window.lock()
    assert window.workspace.store.locked
    assert holders(needle) == []

    screen = window.lock_screen
    qtbot.mouseClick(screen.passphrase, Qt.MouseButton.LeftButton)
    type_into(screen.passphrase, needle)
    QTest.keyClick(screen.passphrase, Qt.Key.Key_Return)
    derived(qtbot, screen)
    assert not window.workspace.store.locked
    assert holders(needle) == []
    window.lock()
    assert holders(needle) == []
    window.workspace.close()
