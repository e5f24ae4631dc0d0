"""The opening checks that read the whole database, made to run off the GUI thread.

Opening the store only derives the key and applies the migrations. What reads
the whole file takes tens of seconds on a large database (6 s for SQLCipher's
HMAC check of every page and 11 s for SQLite's quick check on 1 GB, then the
day's first backup): the GUI runs it afterwards in a worker thread while the
investigator works; the CLI runs it before working (Workspace.open).

In order: the integrity check, the audit trail's check (audit.check: its
triggers and anchor; with ``full_audit``, as the window's job runs it, also
the whole chain, the exports and every hearing replayed), then, only if both
passed and no backup was made today (or the passphrase changed since the
last one), the backup and the rotation. A damaged database, or one whose
trail was altered, is never backed up and never pushes good backups out of
the rotation.

The job runs on its own connection, so that it can read while the store's
connection goes on writing (WAL). It changes nothing in the live database:
its one write is a checkpoint, which copies pages already committed from the
WAL into the file (see _settled_snapshot). The audit entries (backup made,
integrity failed) are written afterwards by the store, on its own thread
(Workspace.maintenance_done).

A second connection needs the passphrase: SQLCipher does not expose the key
it derived for the store's connection, so another connection can only derive
it again. A job holds the passphrase from its creation until it starts, then
drops it (it runs once); its connection, closed at the end, wipes its key.

Cancelling: the connection's progress handler polls the job's
``threading.Event`` every PROGRESS_STEPS steps and stops the running
statement (measured on 1 GB: back within 0.03 s in the quick check, 0.15 s
in the backup); a stopped backup leaves no file behind. SQLCipher's page
check is the exception: one C loop that nothing interrupts (about 6 s per
GB); a cancel made during it takes effect as soon as it ends. It only reads.
"""

from __future__ import annotations

import datetime as dt
import errno
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import backups
from .side_connection import CLOSED, SideConnection
from .store import audit, cipher
from .store.errors import StoreError, corrupt_message
from .store.integrity import page_problems, structure_problems
from .text import inside_sentence

# Steps of SQLite's virtual machine (of its own walk, in the quick check) between two polls of the
# cancel event: some 2,000 polls a second, a few tenths of a second apart at most on a 1 GB base.
PROGRESS_STEPS = 1000

# Attempts at a snapshot taken while nothing is being committed, a pause (seconds) apart.
SETTLE_ATTEMPTS = 100
SETTLE_PAUSE = 0.1
_UNSETTLED = (
    "Vérification reportée : la base est restée occupée sans répit. Elle sera refaite à la prochaine ouverture."
)

# SQLite result codes (sqlite3.h) and what they mean here.
_BUSY, _LOCKED, _NOMEM, _READONLY, _INTERRUPT, _IOERR, _FULL, _CANTOPEN = 5, 6, 7, 8, 9, 10, 13, 14
_SQLITE_REASONS = {
    _BUSY: "base occupée",
    _LOCKED: "base verrouillée",
    _NOMEM: "mémoire insuffisante",
    _READONLY: "support en lecture seule",
    _IOERR: "erreur de lecture ou d'écriture sur le disque",
    _FULL: "disque plein",
    _CANTOPEN: "fichier impossible à ouvrir ou à créer (dossier en lecture seule ?)",
}
# Errors of the check that say nothing about the file's state: the job failed, the base is not damaged.
_NOT_DAMAGE = {_BUSY, _LOCKED, _NOMEM, _CANTOPEN}
_OS_REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EROFS: "support en lecture seule",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENOTDIR: "ce n'est pas un dossier",
    errno.EISDIR: "un dossier porte ce nom",
    errno.ENOENT: "fichier ou dossier introuvable",
}


@dataclass(frozen=True)
class MaintenanceReport:
    """What a maintenance job found and did; ``error`` is French, empty when the job itself did not fail."""

    database: Path
    checked: bool = False  # the integrity check ran to its end
    problems: tuple[str, ...] = ()  # empty when sound (or not checked)
    audit: tuple[str, ...] = ()  # what the audit trail's check found (French), empty when intact
    backup: Path | None = None  # the backup made
    removed: tuple[Path, ...] = ()  # older backups removed by the rotation
    cancelled: bool = False
    error: str = ""

    @property
    def damaged(self) -> bool:
        return bool(self.problems)


class MaintenanceJob:
    """The opening checks as a plain callable: ``job(cancel_event) -> MaintenanceReport``.

    Safe to call from any thread (it never touches the store's connection),
    once. It never raises: a failure is reported in ``error``.
    """

    def __init__(
        self, database: Path, passphrase: str, folder: Path, keep: int, now: dt.datetime, *, backup: bool = True
    ):
        self.database = database
        self.folder = folder
        self.keep = keep
        self.now = now
        self.backup = backup
        # The whole trail walked and replayed (off the window's thread); False: its triggers and anchor only.
        self.full_audit = True
        # Bytes that can be wiped, rather than a text that stays in memory until reused.
        self._passphrase: bytearray | None = bytearray(passphrase.encode("utf-8", "surrogatepass"))

    def __call__(self, cancel: threading.Event) -> MaintenanceReport:
        secret, self._passphrase = self._passphrase, None
        if secret is None:
            return MaintenanceReport(self.database, error="Cette vérification a déjà été faite.")
        passphrase = secret.decode("utf-8", "surrogatepass")
        secret[:] = bytes(len(secret))
        try:
            return run(
                self.database, passphrase, self.folder, self.keep, self.now, cancel,
                backup=self.backup, full_audit=self.full_audit,
            )  # fmt: skip
        except Exception as error:  # the last guard: a worker thread has no one to raise to
            return MaintenanceReport(self.database, error=f"Vérification impossible : erreur interne ({error!r}).")

    def side_connection(self) -> SideConnection:
        """The database opened again, on its own thread, with the passphrase this job holds (before it runs)."""
        if self._passphrase is None:
            raise StoreError(CLOSED)
        return SideConnection(self.database, self._passphrase.decode("utf-8", "surrogatepass"))


def backup_now(
    conn: Any, folder: Path, keep: int, now: dt.datetime, database: Path | None = None
) -> tuple[Path, list[Path]]:
    """A backup made on ``conn`` (its own connection, off the window's thread), then the rotation.

    Returns the backup and the older ones removed; raises OSError or
    DatabaseError (a stopped backup leaves no file behind). Recording it is
    the store's, on its thread.
    """
    made = backups.write_backup(
        lambda target: cipher.export(conn, target, backups.read_copy_head), folder, now, database
    )
    return made, backups.rotate(folder, keep)


def verify_trail(conn: Any, database: Path) -> audit.AuditReport:
    """The whole audit chain, its anchor and the exports checked, as Store.verify_audit does, on ``conn``."""
    return audit.check(conn, database, replay=False)


def run(
    database: Path,
    passphrase: str,
    folder: Path,
    keep: int,
    now: dt.datetime,
    cancel: threading.Event,
    *,
    backup: bool = True,
    full_audit: bool = True,
) -> MaintenanceReport:
    """Check ``database``, then back it up into ``folder`` if sound and due (keeping ``keep`` backups)."""
    if cancel.is_set():
        return MaintenanceReport(database, cancelled=True)
    try:
        conn = cipher.connect(database, passphrase)
        del passphrase  # the connection holds the key now, and wipes it when it closes
    except cipher.WrongPassphrase:
        return MaintenanceReport(
            database, error="Vérification impossible : la base ne s'ouvre plus avec la phrase secrète de la session."
        )
    except (OSError, cipher.DatabaseError) as error:
        return MaintenanceReport(database, error=f"Vérification impossible : {reason(error)}.")
    try:
        conn.set_progress_handler(lambda: int(cancel.is_set()), PROGRESS_STEPS)
        return _maintain(conn, database, folder, keep, now, cancel, backup, full_audit)
    finally:
        conn.close()


def _maintain(
    conn: Any,
    database: Path,
    folder: Path,
    keep: int,
    now: dt.datetime,
    cancel: threading.Event,
    backup: bool,
    full_audit: bool = True,
) -> MaintenanceReport:
    try:
        problems = _problems(conn, cancel)
    except cipher.DatabaseError as error:
        if cancel.is_set() or _code(error) == _INTERRUPT:
            return MaintenanceReport(database, cancelled=True)
        if _code(error) in _NOT_DAMAGE:
            return MaintenanceReport(database, error=f"Vérification impossible pour l'instant : {reason(error)}.")
        problems = [str(error)]  # a page SQLite cannot read
    if problems is None:
        if cancel.is_set():
            return MaintenanceReport(database, cancelled=True)
        return MaintenanceReport(database, error=_UNSETTLED)
    if problems:
        return MaintenanceReport(database, checked=True, problems=tuple(problems))
    try:
        trail = audit.check(conn, database, chain=full_audit, replay=full_audit).problems
    except cipher.DatabaseError as error:
        if cancel.is_set() or _code(error) == _INTERRUPT:
            return MaintenanceReport(database, checked=True, cancelled=True)
        return MaintenanceReport(database, checked=True, error=f"Vérification du journal impossible : {reason(error)}.")
    if trail:
        return MaintenanceReport(database, checked=True, audit=trail)
    if not backup or not (backups.is_due(folder, now) or _rekeyed_since_backup(conn)):
        return MaintenanceReport(database, checked=True)
    if cancel.is_set():
        return MaintenanceReport(database, checked=True, cancelled=True)
    try:
        made = backups.write_backup(
            lambda target: cipher.export(conn, target, backups.read_copy_head), folder, now, database
        )
    except (OSError, cipher.DatabaseError) as error:
        if cancel.is_set():
            return MaintenanceReport(database, checked=True, cancelled=True)
        failed = f"La sauvegarde du jour n'a pas pu être faite dans {folder} : {reason(error)}."
        return MaintenanceReport(database, checked=True, error=failed)
    try:
        removed = backups.rotate(folder, keep)
    except OSError as error:
        return MaintenanceReport(
            database,
            checked=True,
            backup=made,
            error=f"Les sauvegardes les plus anciennes n'ont pas pu être retirées : {reason(error)}.",
        )
    return MaintenanceReport(database, checked=True, backup=made, removed=tuple(removed))


def _rekeyed_since_backup(conn: Any) -> bool:
    """The passphrase changed after the last backup recorded: the day's backups open with the old one."""
    changed, backed_up = conn.execute(
        "SELECT (SELECT max(id) FROM audit_log WHERE action IN "
        "('passphrase_changed', 'keyring_created', 'account_removed', 'account_reset')), "
        "(SELECT max(id) FROM audit_log WHERE action = 'backup_made')"
    ).fetchone()
    return changed is not None and (backed_up is None or changed > backed_up)


def _problems(conn: Any, cancel: threading.Event) -> list[str] | None:
    """The page check, then the structural check, on one settled snapshot (None when none could be had).

    Raises DatabaseError when SQLite cannot read a page.
    """
    if not _settled_snapshot(conn, cancel):
        return None
    try:
        return page_problems(conn) + structure_problems(conn)
    finally:
        if conn.in_transaction:  # an interrupted statement may have rolled back already
            conn.execute("ROLLBACK")


def _settled_snapshot(conn: Any, cancel: threading.Event) -> bool:
    """Begin a read transaction on a snapshot whose every page is in the database file.

    In WAL mode a commit reaches the file when a checkpoint copies it there,
    and a checkpoint stops at the oldest reader's snapshot: while one
    connection reads, the store's checkpoints copy some pages and not others,
    leaving for a while places in the file where no page was written yet.
    SQLCipher's page check, which reads the file itself, takes them for
    damaged pages. Hence: copy the whole WAL into the file first (a
    checkpoint, which changes no content; the store's connection makes one
    every 1,000 pages), then begin the snapshot, and make sure nothing was
    committed in between; otherwise try again a moment later. While the
    snapshot lasts, no checkpoint writes into the file (all it holds is
    already copied), so the page check reads a whole, still file.
    """
    for _ in range(SETTLE_ATTEMPTS):
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        busy, log, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        if not busy and log == copied and conn.execute("PRAGMA data_version").fetchone()[0] == version:
            return True
        conn.execute("ROLLBACK")
        if cancel.wait(SETTLE_PAUSE):
            return False
    return False


def describe(report: MaintenanceReport, *, recorded: bool = True) -> str:
    """The French sentence the GUI (or any caller) says about a job's report.

    ``recorded`` is False when the audit entry for it could not be written.
    """
    if report.cancelled and report.checked:
        return "Base vérifiée : aucune anomalie. Sauvegarde interrompue : elle sera faite à la prochaine ouverture."
    if report.cancelled:
        return "Vérification de la base interrompue : elle sera refaite à la prochaine ouverture."
    if report.problems:
        text = (
            corrupt_message(report.database, report.problems[0])
            + " Aucune sauvegarde n'a été faite : les sauvegardes existantes sont conservées."
        )
        return text if recorded else text + " L'incident n'a pas pu être inscrit au journal."
    if report.audit:
        first = report.audit[0].rstrip(". ")
        more = f" ({len(report.audit)} anomalies en tout)" if len(report.audit) > 1 else ""
        text = (
            f"Journal d'audit altéré : {inside_sentence(first)}{more}. La base a été modifiée hors de "
            "l'application : prévenez votre référent sécurité ou le service informatique avant de poursuivre. "
            "Aucune sauvegarde n'a été faite, et aucune ne le sera tant que l'anomalie dure : les sauvegardes "
            "existantes, antérieures, sont conservées. Le service informatique obtient le détail de chaque "
            "anomalie avec la commande « audition-assistant audit verify »."
        )
        return text if recorded else text + " L'incident n'a pas pu être inscrit au journal."
    parts = ["Base vérifiée : aucune anomalie."] if report.checked else []
    if report.backup is not None:
        parts.append(f"Sauvegarde du jour : {report.backup.name}.")
        if not recorded:
            parts.append("Elle n'a pas pu être inscrite au journal.")
    if report.error:
        parts.append(report.error)
    return " ".join(parts)


def _code(error: Exception) -> int:
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def reason(error: Exception) -> str:
    """An OSError or a SQLite error, in French."""
    if isinstance(error, OSError):
        return _OS_REASONS.get(error.errno or 0, error.strerror or str(error))
    return _SQLITE_REASONS.get(_code(error), f"erreur SQLite : {error}")
