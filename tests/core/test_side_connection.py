"""The second connection: on its own thread, closed at once even while it reads."""

from __future__ import annotations

import threading
import time

import pytest

from audition_assistant.core.side_connection import SideConnection
from audition_assistant.core.store import Store, StoreError, cipher

PASS = "une phrase secrète de test"
ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_calls_run_on_its_own_thread_and_closing_stops_a_long_read(data_paths):
    Store.open(data_paths.database, PASS).close()
    side = SideConnection(data_paths.database, PASS)
    caller = threading.get_ident()
    assert side.call(lambda conn: threading.get_ident()) != caller
    assert side.call(lambda conn: conn.execute("SELECT count(*) FROM cases").fetchone()[0]) == 0
    failed: list[BaseException] = []

    def endless() -> None:
        try:
            side.call(lambda conn: conn.execute(ENDLESS).fetchone())
        except BaseException as error:
            failed.append(error)

    reader = threading.Thread(target=endless)
    reader.start()
    time.sleep(0.3)
    began = time.monotonic()
    side.close()  # a lock: the key goes now, not when the read would have ended
    reader.join(10)
    assert not reader.is_alive() and time.monotonic() - began < 2
    assert isinstance(failed[0], cipher.DatabaseError)
    side.wait_closed()
    with pytest.raises(StoreError):
        side.call(lambda conn: 1)


def test_a_wrong_passphrase_is_a_store_error_on_the_first_call(data_paths):
    Store.open(data_paths.database, PASS).close()
    side = SideConnection(data_paths.database, "pas la bonne phrase")
    with pytest.raises(StoreError):
        side.call(lambda conn: 1)
    side.close()
