"""Crash safety, proved: the application is killed (SIGKILL) at random moments, then restarted.

Two drivers (tests/drivers/) run the real code in a separate process:
record_hearing.py records a hearing edit by edit through the main window and
prints each edit the session reported saved; export_loop.py exports a hearing
again and again. Each is killed with SIGKILL at random moments (while working,
and sometimes while starting: opening, integrity check, window), then started
again on the same data folder. After every kill:

- the database opens with its passphrase and passes SQLCipher's and SQLite's
  integrity checks, and its audit trail is intact;
- every edit reported saved before the kill is there, in order;
- no document exists half-written under its final .docx name: each opens as
  a Word document (after decryption for a protected one), and each recorded
  export's file has the recorded sha256.

The random seed is fixed and printed; AUDITION_ASSISTANT_CRASH_SEED changes it.
"""

from __future__ import annotations

import importlib.util
import io
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import docx
import msoffcrypto
import pytest

from audition_assistant.core.export.files import sha256_of
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store

DRIVERS = Path(__file__).parent / "drivers"
SEED = int(os.environ.get("AUDITION_ASSISTANT_CRASH_SEED", "20260314"))
KILLS = 20
STARTING_KILLS = 0.25  # share of the kills made while the program starts
START_TIMEOUT = 60  # seconds for a driver to say READY (a loaded CI machine)
SAVED = re.compile(r"^SAVED (\d+) (answer|entry) (.*)$")
NUMBER = re.compile(r"n° (\d+) ")


def keyring_made_here(data: Path, passphrase: str) -> None:
    """The database made in this process, its account's slot as cheap as the tests make it: each driver opens it."""
    paths = DataPaths(data)
    paths.ensure()
    Store.open(paths.database, passphrase).close()


def load_driver(name: str) -> ModuleType:
    """A driver's constants (passphrase, field), read from the driver itself."""
    spec = importlib.util.spec_from_file_location(f"driver_{name}", DRIVERS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Driver:
    """A driver process whose output lines are collected as they come."""

    def __init__(self, script: str, *args: Path, log: Path):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with log.open("a", encoding="utf-8") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(DRIVERS / script), *map(str, args)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
                env=env,
            )
        self.log = log
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_ready(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.seen.append(line)
            if line.startswith("READY"):
                return line
        self.kill()
        pytest.fail(f"the driver did not start: {self.seen[-3:]}\n{self.log.read_text(encoding='utf-8')[-3000:]}")

    def kill(self) -> list[str]:
        """SIGKILL, then every line it printed (flushed before the kill)."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.reader.join(timeout=10)
        while (line := self.lines.get_nowait() if not self.lines.empty() else None) is not None:
            self.seen.append(line)
        return self.seen


def kill_at_random(rng: random.Random, driver: Driver, startup: float | None, work: tuple[float, float]) -> None:
    """Kill while starting (once its duration is known) or while working."""
    if startup is not None and rng.random() < STARTING_KILLS:
        time.sleep(rng.uniform(0, startup))
    else:
        driver.wait_ready()
        time.sleep(rng.uniform(*work))
    driver.kill()


def open_checked(database: Path, passphrase: str) -> Store:
    store = Store.open(database, passphrase)  # CorruptDatabase if either integrity check fails
    assert store.integrity_ok()
    report = store.verify_audit()
    assert report.ok, report
    return store


@pytest.mark.slow
def test_every_edit_reported_saved_survives_a_kill(tmp_path):
    driver_module = load_driver("record_hearing")
    rng = random.Random(SEED)
    print(f"\ncrash-safety seed: {SEED} (AUDITION_ASSISTANT_CRASH_SEED sets another)")
    data = tmp_path / "data"
    keyring_made_here(data, driver_module.PASSPHRASE)
    answers: dict[int, str] = {}  # edit number -> value, reported saved
    questions: dict[int, str] = {}
    startup: float | None = None
    started = time.monotonic()
    for kill in range(KILLS):
        launched = time.monotonic()
        driver = Driver("record_hearing.py", data, log=tmp_path / "stderr.txt")
        kill_at_random(rng, driver, startup, (0.05, 0.5))
        if startup is None and any(line.startswith("READY") for line in driver.seen):
            startup = time.monotonic() - launched
        for line in driver.seen:
            if found := SAVED.match(line):
                n, kind, value = int(found[1]), found[2], found[3]
                (answers if kind == "answer" else questions)[n] = value
        assert not any(line.startswith("NOT SAVED") for line in driver.seen), driver.seen[-3:]

        store = open_checked(DataPaths(data).database, driver_module.PASSPHRASE)
        try:
            [case] = store.cases()
            [hearing] = store.hearings(case.id)
            stored = store.answers(hearing.id).get(driver_module.FIELD)
            if answers:
                last = max(answers)
                found = NUMBER.search(stored or "")
                assert found, (kill, stored)
                # The last answer reported saved, or a later one saved just before the kill.
                assert int(found[1]) >= last and (int(found[1]) > last or stored == answers[last]), (kill, stored)
            entries = [e.question for e in store.entries(hearing.id)]
            reported = [questions[n] for n in sorted(questions)]
            assert [q for q in entries if q in set(reported)] == reported, kill
            # At most one entry per kill was saved without being reported (the one in flight).
            assert len(entries) - len(reported) <= kill + 1, kill
        finally:
            store.close()
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills, {len(answers)} answers and {len(questions)} entries checked, {elapsed:.1f} s")
    assert len(answers) + len(questions) > 5 * KILLS

    # The application starts again on the folder and goes on from the last edit.
    driver = Driver("record_hearing.py", data, log=tmp_path / "stderr.txt")
    ready = driver.wait_ready()
    driver.kill()
    assert int(ready.split()[2]) > max([*answers, *questions])


def readable(path: Path, password: str) -> None:
    """Open ``path`` as a Word document, decrypting it first if it is protected."""
    data = path.read_bytes()
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    if office.is_encrypted():
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
        data = plain.getvalue()
    docx.Document(io.BytesIO(data))


@pytest.mark.slow
def test_a_kill_during_an_export_leaves_no_half_written_document(tmp_path):
    driver_module = load_driver("export_loop")
    rng = random.Random(SEED + 1)
    print(f"\ncrash-safety seed: {SEED} (AUDITION_ASSISTANT_CRASH_SEED sets another)")
    data, out = tmp_path / "data", tmp_path / "exports"
    keyring_made_here(data, driver_module.PASSPHRASE)
    startup: float | None = None
    reported: set[Path] = set()
    checked: set[Path] = set()  # documents are never rewritten: each is checked once
    recorded: set[Path] = set()
    started = time.monotonic()
    for kill in range(KILLS):
        launched = time.monotonic()
        driver = Driver("export_loop.py", data, out, log=tmp_path / "stderr.txt")
        kill_at_random(rng, driver, startup, (0.0, 1.0))
        if startup is None and any(line.startswith("READY") for line in driver.seen):
            startup = time.monotonic() - launched
        reported |= {Path(line.split(" ", 1)[1]) for line in driver.seen if line.startswith("EXPORTED ")}

        documents = sorted(out.glob("*.docx"))
        assert reported <= set(documents), kill
        for path in set(documents) - checked:
            readable(path, driver_module.DOCUMENT_PASSWORD)
        checked |= set(documents)
        # Anything else is a temporary file that was never given a document's name.
        assert all(p.name.startswith(".~aa-") for p in out.iterdir() if p.suffix != ".docx" or p not in documents)
        store = open_checked(DataPaths(data).database, driver_module.PASSPHRASE)
        try:
            for case in store.cases():
                for hearing in store.hearings(case.id):
                    for record in store.exports(hearing.id):  # recorded once the file is complete
                        assert sha256_of(Path(record.path).read_bytes()) == record.sha256, record
                        recorded.add(Path(record.path))
        finally:
            store.close()
    leftovers = len(list(out.glob(".~aa-*")))
    print(f"{KILLS} kills, {len(checked)} documents checked, {leftovers} temporary files left by a kill mid-write, "
          f"{time.monotonic() - started:.1f} s")  # fmt: skip
    assert len(reported) > KILLS and reported <= recorded
