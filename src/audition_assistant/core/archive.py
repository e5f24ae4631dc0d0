"""Case archives: one case moved from one laptop to another, encrypted for a passphrase given by another channel.

The file is age (age-encryption.org/v1, through pyrage) with a scrypt
passphrase recipient: a published, reviewed format whose payload is
authenticated chunk by chunk, so a truncated or altered file, or a wrong
passphrase, fails to decrypt as a whole and nothing is read from it. Inside,
one JSON document: the format and its version, the case's rows
(store/archives.py), the sender's account, profile and audit head, and the
SHA-256 of the content, checked again after decryption.

Decrypting is the slow part (scrypt, about a second, more on a busy
machine): the window runs these jobs off its thread.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyrage

from . import atomic
from .errors import UserError
from .store import audit
from .store.records import HANDED_OVER

if TYPE_CHECKING:
    from .store import Store

FORMAT = "audition-assistant/dossier"
VERSION = 1
SUFFIX = ".dossier.age"
AGE_MAGIC = b"age-encryption.org/v1\n"
# What the sender's case becomes once its archive is written.
KEEP, HAND_OVER, PURGE = "keep", "handed_over", "purge"
THEN = (KEEP, HAND_OVER, PURGE)
MIN_PASSPHRASE = 12

_NOT_AGE = "Ce fichier n'est pas une archive de dossier (format inconnu) : rien n'a été importé."
_UNREADABLE = (
    "L'archive ne s'ouvre pas : la phrase secrète de l'archive est fausse, ou le fichier est tronqué ou "
    "altéré. Rien n'a été importé."
)
_INCOMPLETE = "L'archive est incomplète (des parties du dossier manquent) : rien n'a été importé."
_DAMAGED = "L'archive est altérée (son empreinte ne correspond pas à son contenu) : rien n'a été importé."


class ArchiveError(UserError):
    """An archive refused, or one that cannot be made; the message is French."""


@dataclass(frozen=True)
class ArchiveOpened:
    """An archive decrypted and checked: its content, and the SHA-256 of that content (its identity)."""

    content: dict[str, Any]
    sha256: str


@dataclass(frozen=True)
class ArchiveWritten:
    path: Path
    sha256: str  # of the content, as the receiver's ``archive_imported`` entry names it
    case_number: str
    hearings: int
    then: str


@dataclass(frozen=True)
class ArchiveImported:
    case_id: int
    case_number: str
    hearing_ids: tuple[int, ...]
    sender_account: str | None
    sender: str  # the sender's profile name


def check_passphrase(passphrase: str, again: str | None = None) -> None:
    """An archive's passphrase: long enough to resist guessing once the file leaves the service, typed twice alike."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ArchiveError(f"La phrase secrète de l'archive doit compter au moins {MIN_PASSPHRASE} caractères.")
    if again is not None and again != passphrase:
        raise ArchiveError("Les deux saisies de la phrase secrète de l'archive diffèrent.")


def case_content(store: Store, case_id: int) -> dict[str, Any]:
    """What an archive of the case carries (before encryption)."""
    rows = store.case_rows(case_id)
    if rows["case"]["status"] == HANDED_OVER:
        raise ArchiveError("Ce dossier a déjà été transmis : il ne peut plus être exporté d'ici.")
    return {
        "case_id": case_id,
        "case": rows["case"],
        "persons": rows["persons"],
        "hearings": rows["hearings"],
        "audit": rows["audit"],
        "sender": {
            "account": store.account,
            "name": store.profile().display,
            "profile": asdict(store.profile()),
            "audit_head": rows["head"],
            "at": store.now().isoformat(),
        },
    }


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(audit.canonical(content).encode()).hexdigest()


def seal(content: dict[str, Any], passphrase: str) -> bytes:
    """The archive's bytes: the JSON document, encrypted with age for the passphrase."""
    document = {"format": FORMAT, "version": VERSION, "sha256": digest(content), "content": content}
    return bytes(pyrage.passphrase.encrypt(audit.canonical(document).encode(), passphrase))


def unseal(data: bytes, passphrase: str) -> ArchiveOpened:
    """Decrypt and check an archive (ArchiveError, in French, for anything but a sound archive of this format)."""
    if not data.startswith(AGE_MAGIC):
        raise ArchiveError(_NOT_AGE)
    try:
        plain = pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError:
        raise ArchiveError(_UNREADABLE) from None
    try:
        document = json.loads(bytes(plain).decode())
    except ValueError:
        raise ArchiveError(_NOT_AGE) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveError(_NOT_AGE)
    if document.get("version") != VERSION:
        raise ArchiveError(
            f"Cette archive est au format {document.get('version')}, que cette version de l'application ne lit "
            f"pas (format {VERSION}) : mettez l'application à jour. Rien n'a été importé."
        )
    content = document.get("content")
    if not isinstance(content, dict) or digest(content) != document.get("sha256"):
        raise ArchiveError(_DAMAGED)
    _check_shape(content)
    return ArchiveOpened(content, str(document["sha256"]))


def _check_shape(content: dict[str, Any]) -> None:
    """The parts the import reads, present with their kinds: a sound but foreign JSON is refused before any write."""
    parts = ("answers", "entries", "events", "supplements", "exports")
    try:
        persons = {p["id"] for p in content["persons"]}
        sound = (
            isinstance(content["case"]["procedure_number"], str)
            and isinstance(content["audit"], list)
            and isinstance(content["sender"], dict)
            and all(
                h["person_id"] in persons and all(isinstance(h[part], list) for part in parts)
                for h in content["hearings"]
            )
        )
    except (KeyError, TypeError):
        sound = False
    if not sound:
        raise ArchiveError(_INCOMPLETE)


def sealed_checked(content: dict[str, Any], passphrase: str, *, check: bool) -> bytes:
    """``seal``, then with ``check`` the bytes decrypted again and compared: before a purge, the copy must be sound."""
    data = seal(content, passphrase)
    if check and unseal(data, passphrase).sha256 != digest(content):
        raise ArchiveError("L'archive écrite ne se relit pas à l'identique : le dossier n'a pas été purgé.")
    return data


def check_target(out: Path) -> None:
    """An existing file is never replaced: said before the slow encryption."""
    if out.exists():
        raise ArchiveError(f"Le fichier {out} existe déjà : choisissez un autre nom.")


def write(out: Path, data: bytes) -> None:
    """The archive written whole or not at all."""
    check_target(out)
    try:
        atomic.write_bytes(out, data)
    except OSError as error:
        raise ArchiveError(f"L'archive n'a pas pu être écrite dans {out} ({error.strerror or error}).") from None


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ArchiveError(f"L'archive {path} ne peut pas être lue ({error.strerror or error}).") from None


def import_opened(store: Store, opened: ArchiveOpened, file_name: str) -> ArchiveImported:
    """Record a checked archive's case under new ids, in one transaction; refused when already imported."""
    earlier = store.archive_imports(opened.sha256)
    if earlier:
        raise ArchiveError(
            f"Cette archive a déjà été importée le {str(earlier[0]['at'])[:10]} (dossier n° {earlier[0]['case_id']}) : "
            "elle n'est pas importée une seconde fois."
        )
    content = opened.content
    sender = content["sender"]
    origin = {
        "sha256": opened.sha256,
        "fichier": file_name,
        "compte_expediteur": sender.get("account"),
        "expediteur": sender.get("name"),
        "journal_expediteur": sender.get("audit_head"),
        "exportee_le": sender.get("at"),
    }
    try:
        case_id, hearing_ids = store.add_imported_case(content, origin)  # one transaction: all of it, or nothing
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ArchiveError(_INCOMPLETE) from None
    return ArchiveImported(
        case_id,
        content["case"]["procedure_number"],
        tuple(hearing_ids),
        sender.get("account"),
        str(sender.get("name") or ""),
    )
