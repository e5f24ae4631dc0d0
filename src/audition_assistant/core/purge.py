"""Purging a case whose retention period ran out: erased from the database, its file and every old copy.

One job, in order:

1. one transaction (Store.erase_case): the case's rows, their search-index
   entries, the details of its audit entries, and the ``case_purged`` entry
   listing what went, with SQLite's secure_delete on (what is deleted is
   overwritten);
2. the file rewritten without free pages (VACUUM), the WAL folded in and
   emptied;
3. a fresh backup, then every older backup, copy kept by a restore and copy
   made before a migration removed: each still holds the case, and a restore
   would bring it back. Removing them is chosen over purging each in place:
   a backup is a whole database under its own passphrase (an older one, say)
   and schema, and its recorded head would no longer match; the fresh backup
   holds everything that remains. Without a fresh backup (disk full...) the
   old copies stay, and the report says so.

The audit trail still verifies: the chain seals each detail's salted digest,
not the detail (audit.py), and the replay knows the purged hearings are gone
on purpose. The anchor follows the trail as after any commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import backups
from .french import counted
from .store import StoreError
from .store.cipher import DatabaseError

if TYPE_CHECKING:
    from .store.base import Clock
    from .store.store import Store


@dataclass(frozen=True)
class PurgeReport:
    case_id: int
    case_number: str
    counts: dict[str, int]  # rows erased, by table
    hearings: tuple[int, ...]
    entries_blanked: int  # audit entries whose detail was erased
    backup: Path | None  # the fresh backup (None when it could not be made: ``problem``)
    backups_removed: tuple[Path, ...] = ()
    problem: str = ""  # French: what could not be done after the erasure, which itself is committed

    @property
    def summary(self) -> str:
        """The outcome in one French paragraph."""
        rows = sum(self.counts.values())
        blanked = counted(
            self.entries_blanked, "entrée du journal vidée de son détail", "entrées du journal vidées de leur détail"
        )
        erased = counted(rows, "ligne effacée", "lignes effacées")
        if self.hearings:  # « dont 0 audition » would read oddly
            erased += f", dont {counted(len(self.hearings), 'audition', 'auditions')}"
        text = f"Dossier {self.case_number} purgé\u00a0: {erased}\u00a0; {blanked}."
        if self.backups_removed:
            copies = counted(len(self.backups_removed), "copie plus ancienne", "copies plus anciennes")
            text += f" {copies} de la base {'supprimée' if len(self.backups_removed) == 1 else 'supprimées'}."
        if self.problem:
            text += f" Attention\u00a0: {self.problem}"
        return text


def purge_on(
    conn: Any, database: Path, case_id: int, *, account: str | None, clock: Clock, backup_folder: Path, keep: int
) -> PurgeReport:
    """The purge on a connection of its own (core.side_connection's, on its thread): the window waits for nothing.

    A store is made over that connection for the job, acting for ``account``;
    the window's store sees the result at its next read.
    """
    from sqlite_utils import Database

    from .store.store import Store

    store = Store(Database(conn, execute_plugins=False), clock, database)
    store.account = account
    try:
        return purge_case(store, case_id, backup=lambda: backup_into(store, backup_folder, keep))
    finally:
        store.flush_anchor()


def backup_into(store: Store, folder: Path, keep: int) -> Path:
    """A backup made now, the oldest rotated out, recorded (as Workspace.backup_now)."""
    made = backups.make_backup(store, folder, store.now())
    backups.rotate(folder, keep)
    store.record("backup_made", file=made.name)
    return made


def purge_case(store: Store, case_id: int, *, backup: Callable[[], Path]) -> PurgeReport:
    """Erase the case (NotFound when there is none), compact the file, then replace the old copies.

    ``backup`` makes the fresh backup and returns its path (``backup_into``).
    """
    database = store.path
    busy = "le journal d'écriture de la base n'a pas pu être vidé (un autre accès était en cours)."
    problems = []
    with store.secure_delete():
        erased = store.erase_case(case_id)
        try:
            if not store.compact():
                problems.append(busy)
        except DatabaseError as error:  # VACUUM needs about twice the file's size free on the disk
            problems.append(
                f"la base n'a pas pu être compactée ({error})\u00a0: ce qui a été effacé est déjà recouvert de zéros, "
                "mais le fichier garde sa taille. Libérez de la place sur le disque\u00a0; la prochaine purge "
                "le compactera."
            )
    made: Path | None = None
    removed: list[Path] = []
    try:
        made = backup()
    except (OSError, StoreError, DatabaseError) as error:
        problems.append(
            f"la sauvegarde qui suit la purge n'a pas pu être faite ({error})\u00a0: les sauvegardes plus anciennes, "
            "qui contiennent encore le dossier, ont été gardées. Faites une sauvegarde, puis supprimez-les."
        )
    if made is not None and database is not None:
        for copy in backups.encrypted_copies(database):
            if copy != made:
                try:
                    backups.remove_copy(copy)
                    removed.append(copy)
                except OSError as error:
                    problems.append(f"la copie {copy.name} n'a pas pu être supprimée ({error.strerror}).")
    if not store.fold_wal():
        problems.append(busy)
    store.flush_anchor()
    blanked = sum(last - first + 1 for first, last in erased.blanked)
    return PurgeReport(
        case_id,
        erased.procedure_number,
        erased.counts,
        erased.hearings,
        blanked,
        made,
        tuple(removed),
        " ".join(dict.fromkeys(problems)),
    )
