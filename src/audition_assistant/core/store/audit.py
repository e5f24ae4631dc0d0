"""The audit trail: a keyed hash chain, its anchor outside the database, and the checks that read them.

Each entry's ``hash`` is the HMAC-SHA256, under the database's audit secret,
of the previous entry's hash and the entry's content; entries written before
the secret existed (``since``) keep their plain SHA-256 and still verify.
The secret is random (migration m007), kept in the encrypted database: it
survives a passphrase change and travels with every backup, so a backup's
trail verifies on its own.

Someone holding the passphrase reads the secret like anything else inside,
so the chain alone cannot stop them rewriting the trail. What catches a
truncated or recomputed trail is the **anchor**: a small file beside the
database (``<database>.ancre``) holding the trail's length and head digest,
MACed with the secret, rewritten after each committed entry. The trail must
extend it: entry number ``length`` must carry the anchored digest. Its MAC
stops anyone without the passphrase from forging one (from a backup's
clear-text sidecar, say) to match a rolled-back database.

From migration m010 on (``Format.since``), an entry seals the digest of
its detail, not the detail itself: ``detail_digest`` is the SHA-256 of a
random per-entry ``detail_salt`` and the detail's text. A purge (retention)
may then blank an entry's ``detail`` and ``detail_salt`` (the one update the
trigger allows): the chain still verifies, and what the detail said cannot be
guessed back from its digest once its salt is gone. Entries older than m010
that a purge blanked keep their place in the chain (their successor names
their hash), and the purge entry that follows lists them. Each entry names
the ``account`` that acted; reads (READS) are entries like any other.

The full check (``check``) also verifies the append-only triggers, that
every row of ``exports`` has its audit entry, and replays the changes the
trail records for each hearing (status, PV number, place, answers,
transcript, timeline) against the current rows; a case or hearing a purge
erased (``purges``) is gone on purpose, and its id, if SQLite gives it
again, replays from the entries after that purge. It reads the whole trail:
the window runs it off its thread (the maintenance job), the CLI in
``audit verify``; opening the store only compares the anchor (one row read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic
from ..french import counted

ANCHOR_SUFFIX = ".ancre"
SECRET_BYTES = 32

SALT_BYTES = 16

# The one update the trail allows (m010): a purge blanking an entry's detail and salt, every other column kept.
_PURGE_ONLY = " AND ".join(
    f"NEW.{c} IS OLD.{c}"
    for c in ("id", "at", "account", "actor", "action", "case_id", "hearing_id", "detail_digest", "prev_hash", "hash")
)
# The append-only triggers, exactly as the migrations create them.
TRIGGERS = {
    "audit_log_no_update": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT (NEW.detail IS NULL AND "
        f"NEW.detail_salt IS NULL AND OLD.detail_digest IS NOT NULL AND {_PURGE_ONLY}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    ),
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    ),
    "audit_key_no_update": (
        "CREATE TRIGGER audit_key_no_update BEFORE UPDATE ON audit_key "
        "BEGIN SELECT RAISE(ABORT, 'audit_key is immutable'); END"
    ),
    "audit_key_no_delete": (
        "CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key "
        "BEGIN SELECT RAISE(ABORT, 'audit_key is immutable'); END"
    ),
    "audit_format_no_update": (
        "CREATE TRIGGER audit_format_no_update BEFORE UPDATE ON audit_format "
        "BEGIN SELECT RAISE(ABORT, 'audit_format is immutable'); END"
    ),
    "audit_format_no_delete": (
        "CREATE TRIGGER audit_format_no_delete BEFORE DELETE ON audit_format "
        "BEGIN SELECT RAISE(ABORT, 'audit_format is immutable'); END"
    ),
}
# The trigger m001 made, which m010 replaces (a trail older than m010 carries it).
LEGACY_NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)

# Actions that read and change nothing: logged all the same (directive 2016/680, art. 25).
READS = frozenset({"hearing_opened", "previewed", "exported", "printed", "copied_for_drafting", "searched"})

_CONTENT = ("at", "actor", "action", "case_id", "hearing_id", "detail", "prev_hash")
_SORTED_CONTENT = tuple(sorted(_CONTENT))
# From m010: the account, and the detail's digest in place of the detail.
_CONTENT_V2 = ("at", "account", "actor", "action", "case_id", "hearing_id", "detail_digest", "prev_hash")
_SORTED_CONTENT_V2 = tuple(sorted(_CONTENT_V2))
_ROW = ("id", "at", "account", "actor", "action", "case_id", "hearing_id", "detail", "detail_salt", "detail_digest",
        "prev_hash", "hash")  # fmt: skip
_COLUMNS = ", ".join(_ROW)
_INSERT_V2 = f"INSERT INTO audit_log ({', '.join(_ROW[1:])}) VALUES ({', '.join(':' + c for c in _ROW[1:])})"
_COLUMNS_V1 = "id, at, NULL, actor, action, case_id, hearing_id, detail, NULL, NULL, prev_hash, hash"


@dataclass(frozen=True)
class Key:
    """The audit secret, and the id of the first entry sealed with it."""

    secret: bytes
    since: int


@dataclass(frozen=True)
class Format:
    """The first entry that seals its detail's digest and names its account (m010); None before m010."""

    since: int


@dataclass(frozen=True)
class Anchor:
    """The trail's length and head digest, as last written beside the database."""

    entries: int
    head: str


@dataclass(frozen=True)
class AuditReport:
    """What a check found; ``problems`` are French sentences, the first one also in ``problem``."""

    ok: bool
    entries: int
    first_bad: int | None = None  # id of the first broken or missing entry of the chain
    problem: str = ""
    problems: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> str:
        """The first problem as one French sentence (with the entry's number when the chain breaks)."""
        if self.ok:
            return f"Journal intègre : {counted(self.entries, 'entrée vérifiée', 'entrées vérifiées')}."
        where = f"à l'entrée n° {self.first_bad} " if self.first_bad is not None else ""
        return f"Journal d'audit altéré {where}: {self.problem}"


class AnchorInvalid(Exception):
    """The anchor file cannot be read, or its MAC is not this database's."""


# --- digests -----------------------------------------------------------------------------
def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is str:
        return _encode_string(value)
    if type(value) is int:
        return str(value)
    return canonical(value)


_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) does for a str, in C


def _message(prev_hash: str, row: dict[str, Any], fields: tuple[str, ...] = _SORTED_CONTENT) -> bytes:
    """The previous hash, then the content as canonical JSON (keys sorted), built field by field: the same
    bytes as ``canonical`` gives, several times faster over a trail of a million entries."""
    content = ",".join(f'"{k}":{_json_value(row[k])}' for k in fields)
    return (prev_hash + "{" + content + "}").encode()


def plain_digest(prev_hash: str, row: dict[str, Any]) -> str:
    """SHA-256 of the previous hash and the content: entries written before the secret existed."""
    return hashlib.sha256(_message(prev_hash, row)).hexdigest()


def keyed_digest(secret: bytes, prev_hash: str, row: dict[str, Any], fields: tuple[str, ...] = _SORTED_CONTENT) -> str:
    """HMAC-SHA256 of the previous hash and the content, under the audit secret."""
    return hmac.new(secret, _message(prev_hash, row, fields), hashlib.sha256).hexdigest()


def digest(key: Key | None, entry_id: int, prev_hash: str, row: dict[str, Any], fmt: Format | None = None) -> str:
    if key is not None and fmt is not None and entry_id >= fmt.since:
        return keyed_digest(key.secret, prev_hash, row, _SORTED_CONTENT_V2)
    if key is not None and entry_id >= key.since:
        return keyed_digest(key.secret, prev_hash, row)
    return plain_digest(prev_hash, row)


def detail_digest(salt: bytes, detail: str | None) -> str:
    """What the chain seals of a detail (m010): SHA-256 of its salt and its text."""
    return hashlib.sha256(salt + (detail or "").encode()).hexdigest()


def sealed(row: dict[str, Any]) -> dict[str, Any]:
    """An entry about to be appended, with its salt and the digest of its detail (m010)."""
    salt = secrets.token_bytes(SALT_BYTES)
    return {**row, "detail_salt": salt, "detail_digest": detail_digest(salt, row.get("detail"))}


# --- the secret --------------------------------------------------------------------------
def create_key(conn: Any) -> None:
    """Migration m007: a random secret for the entries from the next one on, made immutable."""
    conn.execute("CREATE TABLE audit_key (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL, since INTEGER)")
    since = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
    secret = secrets.token_bytes(SECRET_BYTES)
    conn.execute("INSERT INTO audit_key (id, secret, since) VALUES (1, ?, ?)", [secret, since])
    conn.execute(TRIGGERS["audit_key_no_update"])
    conn.execute(TRIGGERS["audit_key_no_delete"])


def create_format(conn: Any) -> None:
    """Migration m010: entries from the next one on seal their detail's digest and name their account."""
    for column, kind in (("account", "TEXT"), ("detail_salt", "BLOB"), ("detail_digest", "TEXT")):
        conn.execute(f"ALTER TABLE audit_log ADD COLUMN {column} {kind}")
    conn.execute("CREATE TABLE audit_format (id INTEGER PRIMARY KEY CHECK (id = 1), since INTEGER NOT NULL)")
    since = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
    conn.execute("INSERT INTO audit_format (id, since) VALUES (1, ?)", [since])
    conn.execute("DROP TRIGGER audit_log_no_update")
    # The entries before: a salted digest of their detail too (outside their hash, which stays as sealed),
    # so that a purge may blank them like the later ones.
    conn.create_function("audit_detail_digest", 2, detail_digest, deterministic=True)
    conn.execute("UPDATE audit_log SET detail_salt = randomblob(?)", [SALT_BYTES])
    conn.execute("UPDATE audit_log SET detail_digest = audit_detail_digest(detail_salt, detail)")
    for name in ("audit_log_no_update", "audit_format_no_update", "audit_format_no_delete"):
        conn.execute(TRIGGERS[name])


def load_format(conn: Any) -> Format | None:
    try:
        row = conn.execute("SELECT since FROM audit_format WHERE id = 1").fetchone()
    except Exception as error:  # no such table: a trail older than m010
        if "no such table" in str(error):
            return None
        raise
    return Format(int(row[0])) if row else None


def load_key(conn: Any) -> Key | None:
    try:
        row = conn.execute("SELECT secret, since FROM audit_key WHERE id = 1").fetchone()
    except Exception as error:  # no such table: a trail older than its key
        if "no such table" in str(error):
            return None
        raise
    return Key(bytes(row[0]), int(row[1])) if row else None


# --- appending -----------------------------------------------------------------------------
def append(conn: Any, key: Key | None, row: dict[str, Any], fmt: Format | None = None) -> tuple[int, str]:
    """Chain and insert one entry (inside the caller's transaction); returns its id and hash.

    ``row`` holds ``_CONTENT``'s fields but the previous hash, and ``account``.
    With ``fmt`` (m010 applied), the entry seals its detail's digest.
    """
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, "")
    row = {**row, "prev_hash": prev_hash}
    if fmt is None:
        row["hash"] = digest(key, prev_id + 1, prev_hash, row)
        cursor = conn.execute(
            "INSERT INTO audit_log (at, actor, action, case_id, hearing_id, detail, prev_hash, hash) "
            "VALUES (:at, :actor, :action, :case_id, :hearing_id, :detail, :prev_hash, :hash)",
            row,
        )
        return int(cursor.lastrowid), row["hash"]
    row = sealed({"account": None, **row})
    row["hash"] = digest(key, prev_id + 1, prev_hash, row, fmt)
    cursor = conn.execute(
        f"INSERT INTO audit_log ({', '.join(_ROW[1:])}) VALUES ({', '.join(':' + c for c in _ROW[1:])})", row
    )
    return int(cursor.lastrowid), row["hash"]


def head(conn: Any) -> Anchor:
    """The trail's end as it stands: the agreed head (length, digest of the last entry)."""
    count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    last = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return Anchor(int(count), last[0] if last else "")


# --- the anchor file -----------------------------------------------------------------------
def anchor_path(database: Path) -> Path:
    return database.with_name(database.name + ANCHOR_SUFFIX)


def _anchor_mac(secret: bytes, anchor: Anchor) -> str:
    return hmac.new(secret, f"ancre\0{anchor.entries}\0{anchor.head}".encode(), hashlib.sha256).hexdigest()


def read_anchor(path: Path, secret: bytes) -> Anchor | None:
    """The anchor beside the database; None when there is none. Raises AnchorInvalid."""
    try:
        data = json.loads(path.read_bytes())
        anchor = Anchor(int(data["entries"]), str(data["head"]))
        mac = str(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AnchorInvalid(str(error)) from None
    if not hmac.compare_digest(mac, _anchor_mac(secret, anchor)):
        raise AnchorInvalid("MAC")
    return anchor


def write_anchor(path: Path, secret: bytes, anchor: Anchor) -> None:
    """Replace the anchor atomically.

    The new content is synced before the rename; the folder is synced only
    when the file is first created. A rename lost in a power cut leaves the
    previous anchor, which the longer trail still extends: no false alarm,
    and no second fsync on every save.
    """
    data = canonical({"entries": anchor.entries, "head": anchor.head, "mac": _anchor_mac(secret, anchor)}).encode()
    atomic.write_bytes(path, data, sync_folder=not path.exists())


class AnchorWriter:
    """Writes the latest head to the anchor on a thread of its own: a save never waits for the anchor's fsync.

    Heads submitted while a write is under way are coalesced: the file
    always ends at the latest one. A head not yet written when the process
    dies only leaves the anchor a little behind the trail, which still
    extends it. ``flush`` waits until the file holds the last head submitted
    (on lock and close).
    """

    IDLE_SECONDS = 5.0

    def __init__(self, path: Path, secret: bytes):
        self.path = path
        self._secret = secret
        self._cond = threading.Condition()
        self._pending: Anchor | None = None
        self._writing = False
        self._thread: threading.Thread | None = None

    def submit(self, head: Anchor) -> None:
        with self._cond:
            self._pending = head
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-anchor", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self) -> None:
        with self._cond:
            while self._pending is not None or self._writing:
                self._cond.wait()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._pending is None:
                    self._cond.wait(self.IDLE_SECONDS)
                if self._pending is None:  # idle: the next submit starts a new thread
                    self._thread = None
                    return
                head, self._pending, self._writing = self._pending, None, True
            try:
                write_anchor(self.path, self._secret, head)
            except OSError:
                pass  # the entries are saved; the previous anchor stays, and the longer trail still extends it
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()


class Trail:
    """The open store's side of the chain: its secret, the entry appended in the transaction under way,
    and the anchor that follows the committed trail.

    ``problem`` (French) says why the trail does not extend its anchor, found
    at opening: the anchor then stays where it was, as evidence, until a rebase.
    """

    def __init__(self, database: Path | None):
        self.database = database
        self.problem: str | None = None
        self._key: Key | None = None
        self._format: Format | None = None
        self._writer: AnchorWriter | None = None
        self._appended: Anchor | None = None  # the anchor follows it once the transaction commits

    def key(self, conn: Any) -> Key | None:
        if self._key is None:
            self._key = load_key(conn)
        return self._key

    def format(self, conn: Any) -> Format | None:
        if self._format is None:
            self._format = load_format(conn)
        return self._format

    def append(self, conn: Any, row: dict[str, Any]) -> None:
        """Chain one entry inside the caller's transaction."""
        entry_id, digest = append(conn, self.key(conn), row, self.format(conn))
        self._appended = Anchor(entry_id, digest)

    def rolled_back(self) -> None:
        self._appended = None

    def committed(self) -> None:
        if self._appended is not None:
            appended, self._appended = self._appended, None
            self.advance(appended)

    def check(self, conn: Any, keyed_now: bool) -> None:
        """Compare the trail with its anchor (one row read); on a mismatch, hold the anchor where it is."""
        self.problem = None
        key = self.key(conn)
        if self.database is None or key is None:
            return
        path = anchor_path(self.database)
        anchor = read_anchor_for_check(path, key)
        if anchor is None and keyed_now:  # the trail has just been keyed: its anchor starts now
            self.advance(head(conn))
            return
        problem = anchor_problem(conn, path, anchor)
        self.problem = f"Journal d'audit : {problem}" if problem else None

    def advance(self, to: Anchor) -> None:
        """Have the anchor follow the trail (on its own thread: no fsync added to a save)."""
        if self.database is None or self._key is None or self.problem is not None:
            return
        if self._writer is None:
            self._writer = AnchorWriter(anchor_path(self.database), self._key.secret)
        self._writer.submit(to)

    def anchored(self, conn: Any, replacing: Path | None) -> Anchor | None:
        """The anchor as last written (``replacing``'s, or this database's); None when missing or unreadable."""
        source = replacing or (anchor_path(self.database) if self.database else None)
        previous = read_anchor_for_check(source, self.key(conn)) if source else None
        return previous if isinstance(previous, Anchor) else None

    def flush(self) -> None:
        """Wait until the anchor file holds the last committed head."""
        if self._writer is not None:
            self._writer.flush()

    def close(self) -> None:
        """The connection closes: the anchor is written, the secret forgotten."""
        self.flush()
        self._writer = None
        self._key = None
        self._format = None


def anchor_problem(conn: Any, path: Path, anchor: Anchor | AnchorInvalid | None) -> str | None:
    """Whether the trail extends the anchor; a French sentence when it does not.

    ``anchor`` is what ``read_anchor`` gave (or the AnchorInvalid it raised),
    read *before* the trail: a newer entry may follow it, never precede it.
    """
    if isinstance(anchor, AnchorInvalid):
        return f"le fichier d'ancre {path.name} est illisible ou ne porte pas la signature de cette base."
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    if anchor is None:
        if last == 0:
            return None
        return (
            f"le fichier d'ancre {path.name} est absent alors que le journal compte {last} entrée(s) : "
            "sa fin ne peut pas être comparée à la dernière connue."
        )
    if anchor.entries == 0:
        return None
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", [anchor.entries]).fetchone()
    if row is not None and row[0] == anchor.head and last >= anchor.entries:
        return None  # the usual case, at every opening: one row read
    if _superseded(conn, anchor):
        return None
    if row is None or last < anchor.entries:
        return (
            f"le journal s'arrête à l'entrée n° {last}, avant l'entrée n° {anchor.entries} enregistrée dans "
            f"son ancre : des entrées ont été retirées."
        )
    if row[0] != anchor.head:
        return (
            f"l'entrée n° {anchor.entries} n'est plus celle enregistrée dans l'ancre : le journal a été réécrit "
            "jusqu'à elle, ou des entrées en ont été retirées puis remplacées."
        )
    return None


REBASES = ("restore", "anchor_accepted")  # the entries Store.rebase_anchor writes


def _superseded(conn: Any, anchor: Anchor) -> bool:
    """Whether the trail's last rebase names this very anchor as the one it replaced.

    A restore writes its entry in the restored database, then puts the
    database and its new anchor in place with two renames: a crash between
    them leaves the old anchor beside a trail that says it replaced it.
    """
    row = conn.execute(
        f"SELECT detail FROM audit_log WHERE action IN ({', '.join('?' * len(REBASES))}) ORDER BY id DESC LIMIT 1",
        REBASES,
    ).fetchone()
    if row is None:
        return False
    said = _detail(row[0])
    return said.get("ancre_entrees") == anchor.entries and said.get("ancre_tete") == anchor.head


def read_anchor_for_check(path: Path, key: Key | None) -> Anchor | AnchorInvalid | None:
    if key is None:
        return None
    try:
        return read_anchor(path, key.secret)
    except AnchorInvalid as error:
        return error


# --- the full check ------------------------------------------------------------------------
def check(conn: Any, database: Path | None, *, chain: bool = True, replay: bool = True) -> AuditReport:
    """What the trail guarantees, on one snapshot: structure and anchor (a few rows read), then with
    ``chain`` the whole chain and the exports, with ``replay`` every hearing rebuilt from its entries.

    ``database`` locates the anchor (None for a database in memory, or a
    backup: no anchor). Runs inside its own read transaction unless the
    caller has one.
    """
    key_before = load_key(conn)
    anchor = read_anchor_for_check(anchor_path(database), key_before) if database is not None else None
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        key = load_key(conn)
        problems = protection_problems(conn, key)
        entries, first_bad, broken = walk(conn, key) if chain else (head(conn).entries, None, "")
        if broken:
            problems.insert(0, broken)
        if database is not None and key is not None:
            found = anchor_problem(conn, anchor_path(database), anchor)
            if found:
                problems.append(found[:1].upper() + found[1:])
        if chain:
            problems += export_problems(conn)
        if replay:
            problems += replay_problems(conn)
    finally:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
    return AuditReport(not problems, entries, first_bad, problems[0] if problems else "", tuple(problems))


def expected_triggers(fmt: Format | None) -> dict[str, str]:
    """The triggers a trail of this format carries (a backup made before m010 has the first one)."""
    if fmt is not None:
        return TRIGGERS
    older = {n: sql for n, sql in TRIGGERS.items() if not n.startswith("audit_format")}
    return {**older, "audit_log_no_update": LEGACY_NO_UPDATE}


def protection_problems(conn: Any, key: Key | None) -> list[str]:
    """The append-only triggers, present with their exact text; the secret present."""
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    problems = []
    for name, sql in expected_triggers(load_format(conn)).items():
        if name not in found:
            problems.append(f"Le déclencheur {name}, qui protège le journal, a été supprimé.")
        elif found[name] != sql:
            problems.append(f"Le déclencheur {name}, qui protège le journal, a été modifié.")
    if key is None:
        problems.append("La clé du journal d'audit a disparu de la base.")
    return problems


def walk(conn: Any, key: Key | None, after: int = 0) -> tuple[int, int | None, str]:
    """Walk the chain (from the entry after ``after``): (entries, id of the first bad one, its problem) —
    problem empty when intact.

    An entry a purge blanked (detail and salt gone, its digest kept) still
    verifies from m010 on; before m010 its hash can no longer be recomputed:
    the next entry naming it, and a purge entry listing it, stand for it.
    """
    fmt = load_format(conn)
    purged = purged_entries(conn) if fmt is not None else frozenset()
    start = conn.execute("SELECT hash FROM audit_log WHERE id = ?", [after]).fetchone() if after else None
    previous, expected, count = start[0] if start else "", after + 1, 0
    columns = _COLUMNS if fmt else _COLUMNS_V1
    for values in conn.execute(f"SELECT {columns} FROM audit_log WHERE id > ? ORDER BY id", [after]):
        row = dict(zip(_ROW, values, strict=True))
        count += 1
        if row["id"] != expected:
            return count, expected, f"entrée n° {expected} manquante"
        if row["prev_hash"] != previous:
            return count, row["id"], "chaînage rompu : l'entrée précédente a été modifiée ou retirée"
        blanked = row["detail"] is None and row["detail_salt"] is None and row["detail_digest"] is not None
        if blanked and row["id"] not in purged:
            return count, row["id"], "détail effacé hors d'une purge enregistrée"
        v2 = fmt is not None and row["id"] >= fmt.since
        if (
            v2
            and not blanked
            and row["detail_digest"] != detail_digest(bytes(row["detail_salt"] or b""), row["detail"])
        ):
            return count, row["id"], "détail modifié après son enregistrement"
        if (v2 or not blanked) and row["hash"] != digest(key, row["id"], previous, row, fmt):
            return count, row["id"], "contenu modifié après son enregistrement"
        previous, expected = row["hash"], row["id"] + 1
    return count, None, ""


PURGE_ACTION = "case_purged"


def purged_entries(conn: Any) -> frozenset[int]:
    """The entries the trail's purges say they blanked (each purge entry's ``entrees``: [first, last] ranges)."""
    found: set[int] = set()
    for (detail,) in conn.execute("SELECT detail FROM audit_log WHERE action = ?", [PURGE_ACTION]):
        for span in _detail(detail).get("entrees", []):
            if isinstance(span, list) and len(span) == 2 and all(isinstance(i, int) for i in span):
                found.update(range(span[0], span[1] + 1))
    return frozenset(found)


@dataclass(frozen=True)
class Purges:
    """What the trail's purges erased: each case and hearing id with the id of the (last) purge entry erasing it.

    A purged case's or hearing's id may be given again to a new one: its
    entries before that purge entry belong to the one erased.
    """

    cases: dict[int, int]
    hearings: dict[int, int]


def purges(conn: Any) -> Purges:
    cases: dict[int, int] = {}
    hearings: dict[int, int] = {}
    rows = conn.execute("SELECT id, detail FROM audit_log WHERE action = ? ORDER BY id", [PURGE_ACTION])
    for entry_id, detail in rows:
        d = _detail(detail)
        case = d.get("dossier", {}).get("id") if isinstance(d.get("dossier"), dict) else None
        if isinstance(case, int):
            cases[case] = entry_id
        for hearing in d.get("auditions", []):
            if isinstance(hearing, int):
                hearings[hearing] = entry_id
    return Purges(cases, hearings)


def export_problems(conn: Any) -> list[str]:
    """Every row of ``exports`` must have its ``exported`` entry in the trail (same hearing, document, file, hash)."""
    recorded: dict[tuple[Any, ...], int] = {}
    for hearing_id, detail in conn.execute("SELECT hearing_id, detail FROM audit_log WHERE action = 'exported'"):
        d = _detail(detail)
        signature = (hearing_id, d.get("document"), d.get("path"), d.get("sha256"))
        recorded[signature] = recorded.get(signature, 0) + 1
    for hearing_id, export in imported_exports(conn):  # made on the laptop a case archive came from
        signature = (hearing_id, export.get("document_id"), export.get("path"), export.get("sha256"))
        recorded[signature] = recorded.get(signature, 0) + 1
    problems = []
    for export_id, hearing_id, document, path, sha256 in conn.execute(
        "SELECT id, hearing_id, document_id, path, sha256 FROM exports ORDER BY id"
    ):
        signature = (hearing_id, document, path, sha256)
        if recorded.get(signature, 0) > 0:
            recorded[signature] -= 1
        else:
            problems.append(
                f"L'export n° {export_id} ({document}, audition n° {hearing_id}) n'a pas d'entrée au journal : "
                "il n'a pas été enregistré par l'application."
            )
    return problems


def imported_exports(conn: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The export records a case archive brought, each with its (new) hearing: entries of ``hearing_imported``."""
    sql = "SELECT hearing_id, detail FROM audit_log WHERE action = 'hearing_imported'"
    for hearing_id, detail in conn.execute(sql):
        for export in _detail(detail).get("exports", []):
            if isinstance(export, dict):
                yield hearing_id, export


def recorded_exports(conn: Any, sha256: str) -> list[dict[str, Any]]:
    """The ``exported`` entries of an intact trail that carry this file hash (empty when the trail is broken)."""
    _count, first_bad, _problem = walk(conn, load_key(conn))
    rows = conn.execute(
        "SELECT id, at, actor, hearing_id, detail FROM audit_log WHERE action = 'exported' ORDER BY id"
    ).fetchall()
    found = []
    for entry_id, at, actor, hearing_id, detail in rows:
        d = _detail(detail)
        if d.get("sha256") == sha256 and (first_bad is None or entry_id < first_bad):
            found.append({"id": entry_id, "at": at, "actor": actor, "hearing_id": hearing_id, **d})
    # Exports made on the laptop a case archive came from: as the archive's trail recorded them.
    for entry_id, hearing_id, detail in conn.execute(
        "SELECT id, hearing_id, detail FROM audit_log WHERE action = 'hearing_imported' ORDER BY id"
    ).fetchall():
        for e in _detail(detail).get("exports", []):
            if isinstance(e, dict) and e.get("sha256") == sha256 and (first_bad is None or entry_id < first_bad):
                document, made = e.get("document_id"), {"at": e.get("created_at"), "actor": e.get("actor")}
                found.append({"id": entry_id, "hearing_id": hearing_id, "document": document, **e, **made})
    return found


def _detail(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- replay --------------------------------------------------------------------------------
class _Unknown:
    """A value the trail does not hold (written before the trail recorded it)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
_EVENT_STATUS = {"hearing_start": "in_progress", "hearing_end": "closed"}
# Where the question and answer being typed were kept before drafts had their own table (m008).
LEGACY_DRAFT_FIELDS = ("_brouillon_question", "_brouillon_reponse")
_ENTRY_FIELDS = ("question", "answer", "theme")


@dataclass
class Replayed:
    """A hearing as its trail entries rebuild it."""

    status: str = "draft"
    pv_number: Any = UNKNOWN
    place: Any = UNKNOWN
    answers: dict[str, Any] = field(default_factory=dict)
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    events: list[tuple[str, Any, Any, Any]] = field(default_factory=list)
    officer: dict[str, Any] | None = None  # the officer frozen at closing, or carried by a case archive

    def apply(self, action: str, d: dict[str, Any]) -> None:
        if action == "hearing_imported":
            self._imported(d)
        elif action == "hearing_created":
            self.pv_number, self.place = d.get("pv_number", UNKNOWN), d.get("place", UNKNOWN)
        elif action == "hearing_updated":
            for name in ("pv_number", "place"):
                if name in d.get("new", {}):
                    setattr(self, name, d["new"][name])
        elif action == "field_changed":
            if d.get("field") in LEGACY_DRAFT_FIELDS:
                return  # text being typed, never the hearing's content: moved to its own table (m008)
            if d.get("new") is None:
                self.answers.pop(str(d.get("field")), None)
            else:
                self.answers[str(d.get("field"))] = d["new"]
        elif action in ("entry_added", "entry_edited", "entry_deleted", "entry_moved"):
            self._entry(action, d)
        elif action.startswith("hearing_") and action[8:] in ("start", "suspend", "resume", "end"):
            kind = action[8:]
            pause = (d.get("reason", ""), d.get("detail", "")) if kind == "suspend" else (UNKNOWN, UNKNOWN)
            self.events.append((kind, d.get("at"), *pause))
            self.status = _EVENT_STATUS.get(action, self.status)
            if kind == "end" and self.officer is None:
                self.officer = d.get("officer")
        elif action == "correction_opened":
            self.status = "correction"
        elif action == "correction_closed":
            self.status = "closed"

    def _imported(self, d: dict[str, Any]) -> None:
        """A hearing a case archive brought: the state it carried, every entry and event with its new id."""
        self.status = str(d.get("status", "draft"))
        self.pv_number, self.place = d.get("pv_number", UNKNOWN), d.get("place", UNKNOWN)
        self.answers = dict(d.get("answers", {}))
        self.entries = {int(e["entry"]): {k: e.get(k) for k in _ENTRY_FIELDS} for e in d.get("entries", [])}
        self.order = [int(e["entry"]) for e in d.get("entries", [])]
        self.events = [(e.get("kind"), e.get("at"), e.get("reason"), e.get("detail")) for e in d.get("events", [])]
        self.officer = d.get("officer")

    def _entry(self, action: str, d: dict[str, Any]) -> None:
        entry_id = int(d.get("entry", 0))
        if action == "entry_added":
            self.entries[entry_id] = {k: d.get(k, UNKNOWN) for k in _ENTRY_FIELDS}
            self.entries[entry_id]["theme"] = d.get("theme")
            self.order.append(entry_id)
        elif action == "entry_edited":
            self.entries.setdefault(entry_id, dict.fromkeys(_ENTRY_FIELDS, UNKNOWN)).update(d.get("new", {}))
        elif action == "entry_deleted":
            self.entries.pop(entry_id, None)
            if entry_id in self.order:
                self.order.remove(entry_id)
        elif entry_id in self.order:  # entry_moved, as Store.move_entry places it
            self.order.remove(entry_id)
            self.order.insert(max(0, min(int(d.get("index", 0)), len(self.order))), entry_id)


def replay_problems(conn: Any) -> list[str]:
    """Each hearing rebuilt from its trail entries, compared with its rows; a French sentence per difference."""
    problems: list[str] = []
    purged = purges(conn)
    # A hearing the trail created since its id was last purged (a purged one is gone on purpose).
    created = {
        hearing_id
        for hearing_id, entry_id in conn.execute(
            "SELECT hearing_id, max(id) FROM audit_log WHERE action IN ('hearing_created', "
            "'hearing_imported') GROUP BY hearing_id"
        )
        if entry_id > purged.hearings.get(hearing_id, 0)
    }
    # Before m012 a hearing kept no officer of its own.
    officer = "officer" if any(c[1] == "officer" for c in conn.execute("PRAGMA table_info(hearings)")) else "NULL"
    hearings = conn.execute(f"SELECT id, pv_number, place, status, {officer} FROM hearings ORDER BY id").fetchall()
    for hearing_id, pv_number, place, status, kept in hearings:
        name = f"Audition n° {hearing_id} (PV n° {pv_number or 'sans numéro'})"
        if hearing_id not in created:
            problems.append(f"{name} : absente du journal, elle n'a pas été créée par l'application.")
            continue
        replayed = Replayed()
        for action, detail in conn.execute(
            "SELECT action, detail FROM audit_log WHERE hearing_id = ? AND id > ? ORDER BY id",
            [hearing_id, purged.hearings.get(hearing_id, 0)],
        ):
            replayed.apply(action, _detail(detail))
        problems += [f"{name} : {p}" for p in _differences(conn, hearing_id, replayed, (pv_number, place, status))]
        if (json.loads(kept) if kept else None) != replayed.officer:
            problems.append(f"{name} : l'officier que nomme son procès-verbal ne correspond pas au journal.")
    gone = created - {h[0] for h in hearings}
    problems += [f"Audition n° {h} : présente au journal, elle a disparu de la base." for h in sorted(gone)]
    return problems + _case_problems(conn, purged)


# What a procès-verbal prints of its case: each column as the trail last set it.
_CASE_FIELDS = {"procedure_number": "le numéro de procédure", "heading": "l'intitulé", "service": "le service",
                "qualification": "la qualification"}  # fmt: skip


def _case_problems(conn: Any, purged: Purges) -> list[str]:
    """Each case's printed details and status rebuilt from the trail, compared with its row."""
    replayed: dict[int, dict[str, Any]] = {}
    for entry_id, case_id, action, detail in conn.execute(
        "SELECT id, case_id, action, detail FROM audit_log WHERE action IN ('case_created', 'case_imported', "
        "'case_updated', 'case_status') AND case_id IS NOT NULL ORDER BY id"
    ):
        if entry_id < purged.cases.get(case_id, 0):
            continue  # the case purged under this id
        d = _detail(detail)
        if action == "case_created":
            replayed[case_id] = {k: d.get(k, UNKNOWN) for k in _CASE_FIELDS} | {"status": "open"}
        elif action == "case_imported":  # a case archive's case, with the status it had on the sender's laptop
            replayed[case_id] = {k: d.get(k, UNKNOWN) for k in _CASE_FIELDS} | {"status": d.get("status")}
        elif case_id in replayed and action == "case_updated":
            replayed[case_id].update({k: v for k, v in d.get("changes", {}).items() if k in _CASE_FIELDS})
        elif case_id in replayed:
            replayed[case_id]["status"] = d.get("status")
    problems = []
    for case_id, number, *values in conn.execute(
        f"SELECT id, procedure_number, {', '.join(_CASE_FIELDS)}, status FROM cases ORDER BY id"
    ):
        name = f"Dossier n° {case_id} (procédure {number})"
        then = replayed.get(case_id)
        if then is None:
            problems.append(f"{name} : absent du journal, il n'a pas été créé par l'application.")
            continue
        for (key, label), now in zip([*_CASE_FIELDS.items(), ("status", "le statut")], values, strict=True):
            if then[key] is not UNKNOWN and (now or "") != (then[key] or ""):
                problems.append(f"{name} : {label} ne correspond pas au journal.")
    return problems


def _differences(conn: Any, hearing_id: int, replayed: Replayed, row: tuple[Any, Any, Any]) -> Iterator[str]:
    pv_number, place, status = row
    if status != replayed.status:
        yield f"son statut ({status}) n'est pas celui que le journal retrace ({replayed.status})."
    for label, now, then in (("numéro de PV", pv_number, replayed.pv_number), ("lieu", place, replayed.place)):
        if then is not UNKNOWN and (now or "") != (then or ""):
            yield f"le {label} ne correspond pas au journal."
    answers = {
        f: json.loads(v)
        for f, v in conn.execute("SELECT field_id, value FROM answers WHERE hearing_id = ?", [hearing_id])
    }
    for field_id in sorted(set(answers) | set(replayed.answers)):
        if answers.get(field_id) != replayed.answers.get(field_id):
            yield f"la réponse « {field_id} » ne correspond pas au journal."
    rows = conn.execute(
        "SELECT id, question, answer, theme FROM transcript_entries WHERE hearing_id = ? ORDER BY position, id",
        [hearing_id],
    ).fetchall()
    for entry_id, question, answer, theme in rows:
        then = replayed.entries.get(entry_id)
        if then is None:
            yield f"l'entrée n° {entry_id} du procès-verbal est absente du journal."
            continue
        for name, now in (("question", question), ("answer", answer), ("theme", theme)):
            if then[name] is not UNKNOWN and (now or "") != (then[name] or ""):
                yield f"l'entrée n° {entry_id} du procès-verbal ({_FRENCH[name]}) ne correspond pas au journal."
    ids = [r[0] for r in rows]
    missing = [e for e in replayed.order if e not in set(ids)]
    for entry_id in missing:
        yield f"l'entrée n° {entry_id} du procès-verbal, présente au journal, a disparu."
    if not missing and set(ids) == set(replayed.order) and ids != replayed.order:
        yield "l'ordre des questions du procès-verbal ne correspond pas au journal."
    events = conn.execute(
        "SELECT kind, at, reason, detail FROM timeline_events WHERE hearing_id = ? ORDER BY id", [hearing_id]
    ).fetchall()
    if len(events) != len(replayed.events) or any(
        not _same_event(now, then) for now, then in zip(events, replayed.events, strict=False)
    ):
        yield "le déroulé (début, suspensions, reprises, clôture) ne correspond pas au journal."


_FRENCH = {"question": "question", "answer": "réponse", "theme": "thème"}


def _same_event(now: tuple[Any, ...], then: tuple[Any, ...]) -> bool:
    kind, at, reason, detail = now
    if kind != then[0] or not _same_time(at, then[1]):
        return False
    return then[2] is UNKNOWN or ((reason or "") == (then[2] or "") and (detail or "") == (then[3] or ""))


def _same_time(a: Any, b: Any) -> bool:
    """Two stored times, to the second (one may carry microseconds, or an offset the other lacks)."""
    try:
        x, y = dt.datetime.fromisoformat(str(a)), dt.datetime.fromisoformat(str(b))
    except ValueError:
        return str(a) == str(b)
    if (x.tzinfo is None) != (y.tzinfo is None):
        x, y = x.replace(tzinfo=None), y.replace(tzinfo=None)
    return x.replace(microsecond=0) == y.replace(microsecond=0)
