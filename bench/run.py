"""`make bench`: each figure of the application against a floor measured in the same run.

    python bench/run.py [--out docs/benchmarks.md] [--runs N] [--saves N] [--hearings N] [--only search,waits]

A floor is the least any implementation pays on this machine for the same
job (a bare Qt window, bare python-docx, a bare SQL statement on the same
connection), measured interleaved with the application's figure, so their
ratio holds on a noisy machine. Targets:

- start-up to the main window shown and idle: ratio <= 2 against a bare
  QMainWindow (fresh processes, median);
- export of a 300-entry hearing (about 50 pages): ratio <= 1.5 against bare
  python-docx writing the same paragraphs, and well under a second;
- the OpenDocument procès-verbal of the same hearing (bench/export_odt.py): < 0.25 s;
- saving one answer (Store.set_answer) among 10,000 hearings: p99 <= 5 ms;
- full-text search (Store.search) over those hearings: p95 <= 50 ms; for a
  word said in most statements, the first results p95 <= 100 ms;
- the window's longest wait (a 5 ms timer's longest delay) while it searches,
  opens the largest hearing, shows its history and makes a backup now:
  <= 100 ms, against the same window idle;
- resident memory with the 300-entry hearing open: <= 250 MB;
- opening the 300-entry hearing with its consultation logged (bench/read_logging.py): ratio <= 1.1
  against the same open with the logging stubbed;
- spell-checking a 2,000-character answer (every keystroke's paragraph),
  cold cache: ratio <= 2 against bare Enchant checking the same words, and
  <= 20 ms;
- the question-type mark (bench/questions.py): one question classified against
  the 300-entry hearing's answers under 20 ms; in the real window, the longest
  key into the Question box <= 16 ms (a bare box's is the floor), the mark
  adding ratio <= 1.1 to a key, and its update at the typing pause <= 100 ms.

With ``--out FILE``, the table and the machine replace the part of FILE
between ``<!-- bench:begin -->`` and ``<!-- bench:end -->``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import export_odt
import questions
import read_logging
from common import PASSPHRASE, ROOT, Row, machine, median, percentile, table, timed
from dataset import LONG_HEARING_ENTRIES, BigDatabase, LongHearing, big_database, long_hearing, text
from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE

from audition_assistant.core import resources
from audition_assistant.core.export.document import STYLES, Paragraph, Signatures
from audition_assistant.core.export.exporter import build_blocks
from audition_assistant.core.spelling import FrenchChecker, misspellings, words
from audition_assistant.core.store import Store, audit, cipher, keyring
from audition_assistant.core.workspace import Workspace

CHILD = Path(__file__).resolve().parent / "app_child.py"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- start-up and memory: fresh processes ------------------------------------------------


def child(*args: str) -> tuple[float, dict[str, float]]:
    """Run app_child.py; the wall time from its start to its SHOWN line, and what it reported last."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AA_BENCH_PASSPHRASE": PASSPHRASE}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    wall, report = 0.0, {}
    for line in process.stdout:
        if line.startswith("SHOWN "):
            wall = time.perf_counter() - started
        elif line.startswith("READY "):
            report = json.loads(line[len("READY ") :])
            break
    _out, err = process.communicate(timeout=300)
    if process.returncode != 0 or not report:
        raise RuntimeError(f"app_child.py {' '.join(args)} failed (exit {process.returncode}):\n{err}")
    return wall, report


def byte_compile() -> None:
    """Byte-compile the application's modules, as an installed wheel or a frozen build has them.

    Without it, a checkout run with PYTHONDONTWRITEBYTECODE set (as some
    environments do) would compile every module again at each start.
    """
    compileall.compile_dir(ROOT / "src", quiet=1)


def bench_startup(long: LongHearing, big: BigDatabase, runs: int) -> list[Row]:
    byte_compile()
    say(f"start-up: {runs} fresh processes each, bare QMainWindow and the application, interleaved")
    child("floor")  # warm the file cache for both
    child("app", str(long.paths.root))
    floors, apps, floor_reports, reports = [], [], [], []
    for _ in range(runs):
        wall, report = child("floor")
        floors.append(wall)
        floor_reports.append(report)
        wall, report = child("app", str(long.paths.root))
        apps.append(wall)
        reports.append(report)
    floor, app = median(floors), median(apps)
    say(f"unlocking the {big.hearings:,}-hearing database, {max(3, runs // 3)} fresh processes")
    big_reports = [child("app", str(big.path.parent))[1] for _ in range(max(3, runs // 3))]

    # The unlock's floor: the account's key derivation (Argon2id, its slot's cost), then SQLCipher opening
    # the file with the raw key it unwraps (the first page read).
    database = long.paths.database
    ring = keyring.load(database)
    cost = ring.slots[0].kdf if ring else {}
    kdf = median([timed(lambda: cipher.connect(database, keyring.secret_for(database, PASSPHRASE)).close())
                  for _ in range(runs)])  # fmt: skip
    imports, floor_imports = median([r["imported"] for r in reports]), median([r["imported"] for r in floor_reports])
    stalls = [r["stall_during_loading"] * 1000 for r in reports]
    loaded = median([r["loaded"] for r in reports])
    unlock, big_unlock = median([r["unlock"] for r in reports]), median([r["unlock"] for r in big_reports])
    return [
        Row("start-up to the main window idle", app, floor, "s", "ratio <= 2", app / floor <= 2,
            f"fresh processes, median of {runs}: the program's entry point (its command-line module, then the "
            "window), up to the window drawn with its passphrase field ready for typing; the floor shows a bare "
            "QMainWindow"),
        Row("↳ of which: Python imports", imports, floor_imports, "s", "—", None,
            "interpreter start excluded; floor: PySide6.QtWidgets alone"),
        Row("↳ database and document modules, loaded behind the window", loaded - app, None, "s", "—", None,
            "on a background thread while the passphrase is typed; opening waits for them only if the user "
            "was faster"),
        Row("↳ longest wait of the window meanwhile", percentile(stalls, 50), None, "ms", "—", None,
            f"a 5 ms timer kept running while they load: the longest it waited, median of the runs (the "
            f"worst run: {max(stalls):.0f} ms); keys typed meanwhile wait no longer"),
        Row("unlock: passphrase given to the cases shown", unlock, kdf, "s", "—", None,
            f"the long hearing's database; floor: its account's key unwrapped and SQLCipher opening the file "
            f"with it, mostly the key derivation run on purpose (Argon2id, {cost.get('time_cost')} passes over "
            f"{int(cost.get('memory_cost', 0)) // 1024} MiB): what makes a stolen laptop's database expensive "
            "to attack; kept as is"),
        Row(f"↳ the same, {big.hearings:,} hearings", big_unlock, kdf, "s", "—", None,
            f"median of {len(big_reports)} fresh processes; {int(big_reports[0]['cases_listed']):,} cases listed"),
    ]  # fmt: skip


def bench_memory(long: LongHearing) -> list[Row]:
    say(f"memory: the application with the {long.entries}-entry hearing open, every page visited")
    _, floor = child("floor-memory")
    _, app = child("app-memory", str(long.paths.root), str(long.hearing_id))
    if int(app["entries_shown"]) != long.entries:
        raise RuntimeError(f"the hearing screen shows {app['entries_shown']} entries, not {long.entries}")
    return [
        Row(f"resident memory, {long.entries}-entry hearing open", app["rss_mb"], floor["rss_mb"], "MB", "<= 250 MB",
            app["rss_mb"] <= 250, f"peak {app['peak_mb']:.0f} MB; floor: a bare QMainWindow process"),
    ]  # fmt: skip


# --- export ---------------------------------------------------------------------------------


def page_count(path: Path) -> int | None:
    """Pages of a .docx as LibreOffice lays it out, when soffice and pdfinfo exist."""
    if not (shutil.which("soffice") and shutil.which("pdfinfo")):
        return None
    with tempfile.TemporaryDirectory(prefix="aa-bench-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(path)],
            capture_output=True, check=False, timeout=180,
        )  # fmt: skip
        pdf = Path(tmp) / (path.stem + ".pdf")
        if not pdf.exists():
            return None
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        for line in info.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    return None


def bare_docx(blocks: list[Any], path: Path, plain: bool) -> None:
    """The floor: the same paragraphs, in the same styles, with python-docx and nothing else.

    ``plain`` uses python-docx's calls as documented (a style given by name on
    every paragraph, which python-docx looks up by scanning all the styles of
    the document each time); otherwise each style id is resolved once and text
    is written as single text elements, the least python-docx needs. Labels are
    bold in both, as in the procès-verbal.
    """
    with resources.path_of("base.docx") as base:
        document = open_docx(str(base))
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ids = {}
    for name in set(STYLES.values()):
        style = document.styles[name]
        ids[name] = None if style == default else style.style_id
    for block in blocks:
        if isinstance(block, Paragraph):
            if plain:
                paragraph = document.add_paragraph(style=STYLES[block.kind])
                if block.label:
                    paragraph.add_run(block.label + " ").bold = True
                paragraph.add_run(block.text)
            else:
                paragraph = document.add_paragraph()
                paragraph._p.style = ids[STYLES[block.kind]]
                if block.label:
                    label = paragraph.add_run()
                    label._r.add_t(block.label + " ")
                    label.bold = True
                paragraph._p.add_r().add_t(block.text)
        elif isinstance(block, Signatures):
            table = document.add_table(rows=1, cols=len(block.roles))
            for cell, role in zip(table.rows[0].cells, block.roles, strict=True):
                cell.paragraphs[0].add_run(role)
    document.save(str(path))


def bench_export(long: LongHearing, runs: int, pages: bool) -> list[Row]:
    workspace = Workspace.open(long.paths, PASSPHRASE)
    try:
        ctx = workspace.context(long.hearing_id)
        [spec] = [d for d in ctx.view.template.documents if d.model == "pv_audition"]
        blocks = build_blocks(ctx, spec).blocks
        say(f"export: the procès-verbal of {len(ctx.view.transcript)} entries ({len(blocks)} paragraphs), {runs} runs")
        out = Path(tempfile.mkdtemp(prefix="aa-bench-export-"))
        apps, floors, plains = [], [], []
        written: list[Path] = []
        for index in range(runs + 1):  # the first round warms up
            app = timed(lambda: written.extend(f.path for f in workspace.export(long.hearing_id, out, [spec.id])))
            floor = timed(lambda i=index: bare_docx(blocks, out / f"floor-{i}.docx", plain=False))
            plain = timed(lambda i=index: bare_docx(blocks, out / f"plain-{i}.docx", plain=True))
            if index:
                apps.append(app)
                floors.append(floor)
                plains.append(plain)
        count = page_count(written[-1]) if pages else None
        shutil.rmtree(out, ignore_errors=True)
    finally:
        workspace.close()
    app, floor = median(apps), median(floors)
    size = f"{count} pages (LibreOffice)" if count else "pages not counted"
    return [
        Row(f"export of the {LONG_HEARING_ENTRIES}-entry procès-verbal", app, floor, "s",
            "ratio <= 1.5, < 1 s", app / floor <= 1.5 and app < 1.0,
            f"{size}; the whole job: read the hearing, build, render, write with fsync, record its hash; "
            f"median of {runs}; floor: python-docx alone, each style resolved once (with a style name on every "
            f"paragraph, python-docx's plain API takes {median(plains):.2f} s for the same paragraphs)"),
    ]  # fmt: skip


# --- the 10,000-hearing database ---------------------------------------------------------------


def audit_tail_ok(conn: Any, count: int) -> bool:
    """The last ``count`` audit entries chain to each other as the store computes it."""
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    _walked, first_bad, _problem = audit.walk(conn, audit.load_key(conn), after=max(0, last - count))
    return first_bad is None


def bench_set_answer(big: BigDatabase, saves: int) -> list[Row]:
    say(f"saving an answer: {saves} Store.set_answer calls among {big.hearings} hearings, interleaved with the floor")
    store = Store.open(big.path, PASSPHRASE)
    conn = store._db.conn  # the floor runs on the store's own connection
    try:
        rng = random.Random(5)
        values = [text(rng, 500) for _ in range(40)]
        field = "conditions_observations"
        hearing = big.open_hearing_id
        floor_sql = "INSERT OR REPLACE INTO answers (hearing_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)"
        apps, floors = [], []
        for index in range(saves + 20):  # the first 20 pairs warm up
            value = values[index % len(values)]
            stamp = dt.datetime.now().isoformat(timespec="seconds")
            app = timed(lambda v=value: store.set_answer(hearing, field, v))
            floor = timed(lambda v=value, s=stamp: conn.execute(floor_sql, [hearing, field, json.dumps(v), s]))
            if index >= 20:
                apps.append(app * 1000)
                floors.append(floor * 1000)
        chain = audit_tail_ok(conn, saves)
        integrity = store.integrity_ok() if big.hearings <= 2000 else True
    finally:
        store.close()
    if not chain or not integrity:
        raise RuntimeError("the audit chain (or the database) is broken after the saves")
    mode = "WAL, synchronous=FULL: every save is synced to disk before it returns"
    return [
        Row("save one answer (set_answer), p50", percentile(apps, 50), percentile(floors, 50), "ms", "—", None,
            f"{big.hearings:,} hearings; {mode}"),
        Row("save one answer (set_answer), p99", percentile(apps, 99), percentile(floors, 99), "ms", "<= 5 ms",
            percentile(apps, 99) <= 5, "floor: bare INSERT OR REPLACE of the same row, same connection; audit chain "
            "checked after the run"),
    ]  # fmt: skip


# What an investigator types to find a case, and words said in thousands of statements.
COMMON_WORDS = ["passeports", "appartement ascenseur"]


def search_queries(big: BigDatabase) -> list[str]:
    """Numbers, names, nicknames, places: what an investigator types to find a case."""
    return [
        big.procedure_numbers[len(big.procedure_numbers) // 2],
        big.procedure_numbers[-1].split("/")[1],
        "Okafor",
        "Ngozi",
        "okafor ngozi",
        "Popes",
        "Villeurbanne",
        "Mona",
        "Terminus",
        "hôtel terminus lyon",
    ]


def bench_search(big: BigDatabase, rounds: int) -> list[Row]:
    """What the cases page asks: the first results (``SHOWN``), the count going on after them when long."""
    from audition_assistant.ui.cases_page import SHOWN

    targeted = search_queries(big)
    queries = targeted + COMMON_WORDS
    say(f"search: {len(queries)} queries x {rounds} rounds over {big.hearings} hearings, interleaved with the floor")
    store = Store.open(big.path, PASSPHRASE)
    conn = store._db.conn
    floor_sql = " UNION ALL ".join(
        f"SELECT rowid FROM {t}_fts WHERE {t}_fts MATCH :q"
        for t in ("cases", "persons", "transcript_entries", "answers")
    )
    apps: dict[str, list[float]] = {q: [] for q in queries}
    floors: dict[str, list[float]] = {q: [] for q in queries}
    found: dict[str, int] = {}
    counted: dict[str, list[float]] = {q: [] for q in COMMON_WORDS}
    try:
        for query in queries:  # warm up
            found[query] = store.search_count(query)
        for _ in range(rounds):
            for query in queries:
                fts = " ".join('"' + w.replace('"', '""') + '"*' for w in query.split())
                apps[query].append(timed(lambda q=query: store.search(q, limit=SHOWN)) * 1000)
                floors[query].append(timed(lambda f=fts: conn.execute(floor_sql, {"q": f}).fetchall()) * 1000)
        for query in COMMON_WORDS:
            counted[query] = [timed(lambda q=query: store.search_count(q)) * 1000 for _ in range(3)]
        entries = conn.execute("SELECT count(*) FROM transcript_entries").fetchone()[0]
        said = {
            q: conn.execute(
                "SELECT count(*) FROM transcript_entries_fts WHERE transcript_entries_fts MATCH ?",
                [" ".join(f'"{w}"*' for w in q.split())],
            ).fetchone()[0]
            for q in COMMON_WORDS
        }
    finally:
        store.close()

    def p95(chosen: list[str], samples: dict[str, list[float]]) -> float:
        return percentile([x for q in chosen for x in samples[q]], 95)

    spread = ", ".join(f"{q!r} {found[q]} ({median(apps[q]):.1f} ms)" for q in targeted)
    common = ", ".join(
        f"{q!r} in {said[q] / entries:.0%} of the statements, {found[q]} cases (all counted in "
        f"{median(counted[q]):.0f} ms, a batch at a time)" for q in COMMON_WORDS
    )  # fmt: skip
    common_p95 = p95(COMMON_WORDS, apps)
    return [
        Row("full-text search (Store.search), p95", p95(targeted, apps), p95(targeted, floors), "ms", "<= 50 ms",
            p95(targeted, apps) <= 50, f"{len(targeted)} queries x {rounds}, the first {SHOWN} cases as the cases "
            f"page lists them; cases found and median time per query: {spread}; floor: the bare FTS5 MATCH on the "
            "four indexes, row ids only"),
        Row(f"↳ the same, words said in most hearings: first {SHOWN}, p95", common_p95, p95(COMMON_WORDS, floors),
            "ms", "<= 100 ms", common_p95 <= 100, f"{common}; the cases page shows the first {SHOWN} and the count"),
    ]  # fmt: skip


# --- the window's longest waits ------------------------------------------------------------------


def bench_waits(long: LongHearing, big: BigDatabase) -> list[Row]:
    """The longest a 5 ms timer waits while the real window does each job, against the same window idle."""
    say(f"the window's longest waits on the {big.hearings:,}-hearing database: search, opening, history, backup")
    _, on_big = child("app-waits", str(big.path.parent), str(big.open_hearing_id), *COMMON_WORDS)
    say(f"the window's longest wait opening the {long.entries}-entry hearing")
    _, on_long = child("app-waits", str(long.paths.root), str(long.hearing_id))
    searches = [f"search{i}" for i in range(len(COMMON_WORDS))]
    worst = max(searches, key=lambda k: on_big[f"{k}_wait_ms"])
    size = sum(p.stat().st_size for p in big.path.parent.glob("audition-assistant.db*")) / 2**30

    def row(measure: str, report: dict[str, float], key: str, note: str) -> Row:
        wait = report[f"{key}_wait_ms"]
        return Row(measure, wait, report[f"{key}_floor_ms"], "ms", "<= 100 ms", wait <= 100, note)

    listed = ", ".join(f"{w!r} {on_big[f'search{i}_listed']:.0f} cases" for i, w in enumerate(COMMON_WORDS))
    return [
        row("window's longest wait: search, a word said in most statements", on_big, worst,
            f"the real window, its search box given {' then '.join(map(repr, COMMON_WORDS))} (the worst shown; "
            f"{listed} listed); from the text given to the count done ({on_big[f'{worst}_done_s']:.2f} s) and "
            "0.3 s after; floor: the same 5 ms timer with the window idle, measured just before"),
        row(f"↳ opening the {long.entries}-entry hearing", on_long, "open",
            f"open_hearing kept the window busy {on_long['open_action_s'] * 1000:.0f} ms; "
            f"{on_long['open_entries']:.0f} entries shown"),
        row(f"↳ opening a hearing among {big.hearings:,}", on_big, "open",
            f"open_hearing kept the window busy {on_big['open_action_s'] * 1000:.0f} ms"),
        row("↳ its history (the audit trail and its verification)", on_big, "history",
            f"until the verification is said; done in {on_big['history_done_s']:.2f} s"),
        row("↳ « Sauvegarder maintenant »", on_big, "backup",
            f"the settings' button, until the backup is said made: {on_big['backup_done_s']:.1f} s for "
            f"{size:.1f} GB"),
    ]  # fmt: skip


# --- report ---------------------------------------------------------------------------------


def report(rows: list[Row], notes: list[str]) -> str:
    lines = ["Measured on:", ""]
    lines += [f"- {name}: {value}" for name, value in machine()]
    lines += ["", table(rows), ""]
    lines += [f"- {row.measure.strip()}: {row.note}" for row in rows if row.note]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


def write_out(path: Path, body: str) -> None:
    stamp = dt.date.today().isoformat()
    block = f"{BEGIN}\n_Last run: {stamp}, `make bench`._\n\n{body}\n{END}"
    current = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in current or END not in current:
        current = current.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    head, rest = current.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(head + block + tail, encoding="utf-8")
    say(f"wrote {path}")


SPELLING_ANSWER = (
    "Je suis arrivée en France au mois de mars avec une femme qui m'avait promis un travail. "
    "Aujourd'hui je sais qu'elle mentait, c'est-à-dire qu'elle savait tout. L'interprète m'a lu mes droits. "
    "Nous avons pris l'avion à Bogotá puis un train jusqu'à Lyon ; elle gardait mon passeport. "
)


def bench_spelling(rounds: int) -> list[Row]:
    """The highlighter checks the paragraph being typed at each keystroke, on the window's thread."""
    text = (SPELLING_ANSWER * 12)[:2000]
    say(f"spell-checking a {len(text)}-character answer, {rounds} rounds, interleaved with bare Enchant")
    checker = FrenchChecker()
    if not checker.load():
        return [Row("spell-checking a 2,000-character answer", 0.0, None, "ms", "<= 20 ms", None, checker.problem)]
    bare = checker._dict  # the floor: Enchant's own check of each word, nothing else
    tokens = [w.text for w in words(text)]
    apps, floors = [], []
    for _ in range(rounds):
        checker.use(None)  # an empty cache: every word goes to the dictionary
        apps.append(timed(lambda: misspellings(checker, text)) * 1000)
        floors.append(timed(lambda: [bare.check(t) for t in tokens]) * 1000)
    app, floor = median(apps), median(floors)
    return [
        Row("spell-checking a 2,000-character answer, cold", app, floor, "ms", "ratio <= 2, <= 20 ms",
            app / floor <= 2 and app <= 20, f"{len(tokens)} words, median of {rounds}; floor: Enchant's check of "
            "each word alone (no tokenising, names or elisions)"),
    ]  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="update the results part of this Markdown file")
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per start-up figure (default 9)")
    parser.add_argument("--saves", type=int, default=1000, help="set_answer calls measured (default 1000)")
    parser.add_argument("--hearings", type=int, default=10_000, help="hearings in the big database (default 10000)")
    parser.add_argument("--no-pages", action="store_true", help="do not count pages with LibreOffice")
    parser.add_argument(
        "--only",
        help="these figures only, comma-separated: "
        "startup,export,odt,save,search,waits,memory,spelling,pdf,unlock,reads,questions",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    notes = []
    with tempfile.TemporaryDirectory(prefix="aa-bench-") as tmp:
        say(f"writing the {LONG_HEARING_ENTRIES}-entry hearing through the store")
        long = long_hearing(Path(tmp) / "data")
        chosen = args.only.split(",") if args.only else None
        if chosen is None or {"startup", "save", "search", "waits"} & set(chosen):
            big = big_database(args.hearings, say=say)
            if big.build_seconds:
                notes.append(f"the {big.hearings:,}-hearing database was built in {big.build_seconds:.0f} s this run")
            size = sum(p.stat().st_size for p in big.path.parent.glob("audition-assistant.db*")) / 2**20
            notes.append(f"the {big.hearings:,}-hearing database: {size:.0f} MB encrypted (cached in bench/.cache/)")
        benches = {
            "startup": lambda: bench_startup(long, big, args.runs),
            "export": lambda: bench_export(long, max(5, args.runs // 2 + 1), not args.no_pages),
            "odt": lambda: export_odt.bench(long, max(5, args.runs // 2 + 1)),
            "save": lambda: bench_set_answer(big, args.saves),
            "search": lambda: bench_search(big, 20),
            "waits": lambda: bench_waits(long, big),
            "memory": lambda: bench_memory(long),
            "spelling": lambda: bench_spelling(30),
            "pdf": lambda: __import__("export_pdf").bench(long, max(5, args.runs // 2 + 1)),
            "unlock": lambda: __import__("unlock").bench(long, max(5, args.runs // 2 + 1)),
            "reads": lambda: read_logging.bench(long, args.runs),
            "questions": lambda: questions.bench(long, args.runs),
        }
        rows = []
        for name, bench in benches.items():
            if chosen is None or name in chosen:
                rows += bench()
    body = report(rows, notes)
    print()
    print(body)
    print()
    if args.out:
        write_out(args.out, body)
    missed = [row.measure.strip() for row in rows if row.ok is False]
    outcome = f"MISSED: {'; '.join(missed)}" if missed else "all targets met"
    say(f"done in {time.monotonic() - started:.0f} s; {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
