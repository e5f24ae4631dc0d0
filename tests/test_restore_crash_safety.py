"""A restore killed (SIGKILL) at random moments never leaves the data folder without a sound database.

tests/drivers/restore_loop.py restores two backups in turn, without end, and
is killed after a random delay, many times over. After every kill the
database is there, opens with its passphrase, passes SQLCipher's and SQLite's
integrity checks and its audit chain: it is the database as it was before a
restore, or one of the backups restored (with the restore recorded).

The random seed is fixed and printed; AUDITION_ASSISTANT_CRASH_SEED changes it.
"""

from __future__ import annotations

import random
import time

import pytest

from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace
from test_crash_safety import SEED, Driver, load_driver, open_checked

KILLS = 30
WORK = (0.0, 3.0)  # seconds of restoring before the kill; a restore takes about one on an idle machine


@pytest.mark.slow
def test_a_kill_during_a_restore_always_leaves_a_sound_database(tmp_path):
    passphrase = load_driver("restore_loop").PASSPHRASE
    rng = random.Random(SEED + 2)
    print(f"\ncrash-safety seed: {SEED} (AUDITION_ASSISTANT_CRASH_SEED sets another)")
    paths = DataPaths(tmp_path / "data")
    workspace = Workspace.open(paths, passphrase, create=True, backup=False)
    for i in range(16):  # some 16 MB: copying the database takes a while, as it does on a laptop
        workspace.store.create_case(f"2026/9{i:05d}", "x" * 1_000_000)
    workspace.store.create_case("2026/000001")
    first = workspace.backup_now()
    workspace.store.create_case("2026/000002")
    second = workspace.backup_now()
    workspace.store.create_case("2026/000003")
    workspace.close()
    states = {("2026/000001",), ("2026/000001", "2026/000002"), ("2026/000001", "2026/000002", "2026/000003")}

    restored, started = 0, time.monotonic()
    for kill in range(KILLS):
        driver = Driver("restore_loop.py", paths.root, first, second, log=tmp_path / "stderr.txt")
        driver.wait_ready()
        time.sleep(rng.uniform(*WORK))
        seen = driver.kill()
        restored += sum(1 for line in seen if line.startswith("RESTORED "))
        assert paths.database.is_file(), kill
        store = open_checked(paths.database, passphrase)
        try:
            numbers = tuple(
                sorted(c.procedure_number for c in store.cases() if not c.procedure_number.startswith("2026/9"))
            )
            assert numbers in states, kill
        finally:
            store.close()
    print(f"{KILLS} kills, {restored} restores completed between them, {time.monotonic() - started:.1f} s")
    assert restored > KILLS / 4  # the kills fell during restores, not only before the first
    Workspace.open(paths, passphrase, backup=False).close()  # the next start cleans what the kills left
    assert not [p.name for p in paths.root.iterdir() if ".restauration" in p.name or p.name.startswith(".~aa-")]
