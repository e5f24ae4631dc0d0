"""Signed template packs: one zip holding ``manifest.json`` and its Ed25519 ``signature``.

The manifest names the publisher (name and public key), the pack, and every
file with its size and SHA-256; the signature covers the manifest's exact
bytes, so a file changed, added or removed, a manifest edited or a signature
altered is refused. A pack is trusted only when its key is one of the laptop's
trusted publishers (the key of the bundled templates, and those the
administrator added): a key that merely signs its own manifest proves nothing.

Reading a pack never trusts the zip's own listing: sizes are checked before
anything is decompressed, paths must stay inside the four folders below, and
symbolic links are refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .. import resources
from ..errors import UserError
from ..french import typography

KEY_PREFIX = "ed25519:"
MANIFEST = "manifest.json"
SIGNATURE = "signature"
FORMAT = 1
# What a pack may carry, and where each goes in the data folder.
FOLDERS = ("templates", "models", "notices", "references")
# Zip bombs and runaway packs: checked on the declared sizes before reading, then on the bytes read.
MAX_FILES = 500
MAX_FILE_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_MANIFEST_BYTES = 2**20
MAX_RATIO = 200  # uncompressed / compressed, per member
BUNDLED_PUBLISHER = "bundled-publisher.json"
BUNDLED_SIGNATURE = "signature.json"
# What zipfile raises on a damaged file: a flag, a method or a header changed, compressed data cut.
UNREADABLE = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error, RuntimeError,
    NotImplementedError, KeyError, IndexError, struct.error,
)  # fmt: skip


class PackError(UserError):
    """A pack refused, or a key file unusable: the French reason, nothing installed."""

    def __init__(self, message: str):
        super().__init__(typography(message))


# --- keys ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PublicKey:
    raw: bytes  # the 32 bytes of an Ed25519 public key

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """``ed25519:<base64>`` (PackError otherwise)."""
        text = text.strip()
        if not text.startswith(KEY_PREFIX):
            raise PackError(f"Clé publique « {text[:60]} » illisible : elle doit commencer par « {KEY_PREFIX} ».")
        try:
            raw = base64.b64decode(text[len(KEY_PREFIX) :], validate=True)
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise PackError(f"Clé publique « {text[:60]} » illisible : 32 octets en base64 attendus.")
        return cls(raw)

    @property
    def text(self) -> str:
        return KEY_PREFIX + base64.b64encode(self.raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        """Short enough to read aloud over the phone to the office that published the key."""
        digest = hashlib.sha256(self.raw).hexdigest()[:16].upper()
        return " ".join(digest[i : i + 4] for i in range(0, 16, 4))

    def verifies(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


def public_key_of(private: Ed25519PrivateKey) -> PublicKey:
    return PublicKey(private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def generate_key(out: Path) -> PublicKey:
    """A new private key written to ``out`` (PEM PKCS8, mode 0600, never over an existing file)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PackError(f"{out} existe déjà : une clé privée n'est jamais écrasée.") from None
    except OSError as error:
        raise PackError(f"Clé {out} : écriture impossible ({error.strerror or error}).") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
        file.flush()
        os.fsync(file.fileno())
    return public_key_of(private)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PackError(f"Clé {path} : lecture impossible ({error.strerror or error}).") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise PackError(f"Clé {path} : ce n'est pas une clé privée PEM non chiffrée.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"Clé {path} : ce n'est pas une clé Ed25519.")
    return key


@dataclass(frozen=True)
class Publisher:
    """A trusted key: the name shown is the one given when it was trusted, not the one a pack claims."""

    name: str
    key: PublicKey
    bundled: bool = False
    added_at: str = ""
    added_by: str = ""


def bundled_publisher() -> Publisher:
    raw = json.loads(resources.read_text(BUNDLED_PUBLISHER))
    return Publisher(str(raw["name"]), PublicKey.parse(str(raw["public_key"])), bundled=True)


# --- manifests ----------------------------------------------------------------------
@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    data: bytes  # the exact bytes signed
    publisher_name: str
    key: PublicKey
    created_at: str
    name: str
    version: str
    files: tuple[FileEntry, ...]

    @classmethod
    def parse(cls, data: bytes, where: str) -> Manifest:
        try:
            raw = json.loads(data.decode("utf-8"))
            publisher, pack, files = raw["publisher"], raw["pack"], raw["files"]
            if raw.get("format") != FORMAT:
                raise PackError(f"{where} : format de manifeste {raw.get('format')!r} inconnu.")
            entries = tuple(FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in files)
            return cls(
                data,
                str(publisher["name"]),
                PublicKey.parse(str(publisher["public_key"])),
                str(raw["created_at"]),
                str(pack["name"]),
                str(pack["version"]),
                entries,
            )
        except PackError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise PackError(f"{where} : manifeste illisible (JSON attendu avec éditeur, paquet et fichiers).") from None


def manifest_bytes(
    files: Mapping[str, bytes], *, publisher: str, key: PublicKey, name: str, version: str, created_at: dt.datetime
) -> bytes:
    document = {
        "format": FORMAT,
        "publisher": {"name": publisher, "public_key": key.text},
        "created_at": created_at.isoformat(timespec="seconds"),
        "pack": {"name": name, "version": version},
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in sorted(files.items())
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def sign(private: Ed25519PrivateKey, manifest: bytes) -> bytes:
    return private.sign(manifest)


def check_path(path: str) -> str | None:
    """Why a path may not be installed (French), None when it may: inside the four folders, nothing else."""
    pure = PurePosixPath(path)
    if "\\" in path or path.startswith("/") or pure.is_absolute() or (len(path) > 1 and path[1] == ":"):
        return f"chemin absolu « {path} » refusé"
    if any(part in ("..", ".", "") for part in path.split("/")):
        return f"chemin « {path} » refusé (« .. » ou élément vide)"
    if len(pure.parts) < 2 or pure.parts[0] not in FOLDERS:
        return f"« {path} » hors des dossiers {', '.join(FOLDERS)}"
    if any(part.startswith(".") for part in pure.parts):
        return f"fichier caché « {path} » refusé"
    return None


# --- building a pack ----------------------------------------------------------------
def collect(folder: Path) -> dict[str, bytes]:
    """The files of a pack's source folder (only its four folders; links refused)."""
    found: dict[str, bytes] = {}
    for top in FOLDERS:
        base = folder / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                raise PackError(f"{path} : lien symbolique refusé dans un paquet.")
            if path.is_dir():
                continue
            problem = check_path(relative)
            if problem:
                raise PackError(f"{folder} : {problem}.")
            found[relative] = path.read_bytes()
    if not found:
        raise PackError(f"{folder} : aucun fichier dans {', '.join(f'{f}/' for f in FOLDERS)}.")
    return found


def make_pack(
    folder: Path,
    key_file: Path,
    out: Path,
    *,
    name: str,
    version: str,
    publisher: str,
    now: dt.datetime,
) -> Manifest:
    """Sign the folder's files into one pack file (written atomically)."""
    from .. import atomic

    files = collect(folder)
    private = load_private_key(key_file)
    data = manifest_bytes(
        files, publisher=publisher, key=public_key_of(private), name=name, version=version, created_at=now
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, data)
        archive.writestr(SIGNATURE, base64.b64encode(sign(private, data)) + b"\n")
        for path, content in sorted(files.items()):
            archive.writestr(path, content)
    atomic.write_bytes(out, buffer.getvalue())
    return Manifest.parse(data, str(out))


# --- reading and verifying a pack ---------------------------------------------------
@dataclass(frozen=True)
class VerifiedPack:
    manifest: Manifest
    signature: bytes
    publisher: Publisher  # the trusted publisher whose key signed it
    files: dict[str, bytes]


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
    if info.file_size > limit:
        raise PackError(f"{where} : {info.filename} dépasse {limit} octets ; paquet refusé.")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 2**20:
        raise PackError(f"{where} : {info.filename} se décompresse anormalement (bombe ?) ; paquet refusé.")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise PackError(f"{where} : {info.filename} dépasse sa taille déclarée ; paquet refusé.")
    return data


def read_pack(source: Path, trusted: Sequence[Publisher]) -> VerifiedPack:
    """Open and verify a pack (PackError with the reason otherwise); nothing is written."""
    where = f"Paquet {source.name}"
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise PackError(f"{where} : fichier introuvable.") from None
    except UNREADABLE:
        raise PackError(f"{where} : fichier illisible ou tronqué (ce n'est pas un paquet complet).") from None
    with archive:
        try:
            return _verify(archive, where, trusted)
        except UNREADABLE:  # zipfile's own words (English, technical) would tell a reader nothing more
            raise PackError(f"{where} : contenu illisible ou altéré ; rien n'a été installé.") from None


def _verify(archive: zipfile.ZipFile, where: str, trusted: Sequence[Publisher]) -> VerifiedPack:
    infos = archive.infolist()
    if len(infos) > MAX_FILES + 2:
        raise PackError(f"{where} : plus de {MAX_FILES} fichiers ; paquet refusé.")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise PackError(f"{where} : plus de {MAX_TOTAL_BYTES // 2**20} Mo une fois décompressé ; paquet refusé.")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackError(f"{where} : lien symbolique « {info.filename} » refusé.")
        if info.filename in by_name:
            raise PackError(f"{where} : « {info.filename} » figure deux fois ; paquet refusé.")
        by_name[info.filename] = info
    if MANIFEST not in by_name or SIGNATURE not in by_name:
        raise PackError(f"{where} : ni manifeste ni signature ; ce n'est pas un paquet signé.")
    data = _member(archive, by_name[MANIFEST], MAX_MANIFEST_BYTES, where)
    manifest = Manifest.parse(data, where)
    try:
        signature = base64.b64decode(_member(archive, by_name[SIGNATURE], 1024, where).strip(), validate=True)
    except ValueError:
        signature = b""
    publisher = next((p for p in trusted if p.key == manifest.key), None)
    if publisher is None:
        raise PackError(
            f"{where} : éditeur « {manifest.publisher_name} » inconnu (clé {manifest.key.fingerprint}) ; "
            "seul un administrateur peut lui faire confiance (templates trust). Rien n'a été installé."
        )
    if not manifest.key.verifies(signature, data):
        raise PackError(
            f"{where} : signature invalide pour la clé de « {publisher.name} » (paquet modifié ou signé "
            "avec une autre clé) ; rien n'a été installé."
        )
    problems = [p for entry in manifest.files if (p := check_path(entry.path))]
    if problems:
        raise PackError(f"{where} : {problems[0]} ; rien n'a été installé.")
    listed = {entry.path for entry in manifest.files}
    extra = sorted(set(by_name) - listed - {MANIFEST, SIGNATURE})
    extra = [name for name in extra if not name.endswith("/")]
    if extra:
        raise PackError(f"{where} : « {extra[0]} » n'est pas dans le manifeste signé ; rien n'a été installé.")
    if len(listed) != len(manifest.files) or len(listed) > MAX_FILES:
        raise PackError(f"{where} : manifeste incohérent ; rien n'a été installé.")
    files: dict[str, bytes] = {}
    for entry in manifest.files:
        member = by_name.get(entry.path)
        if member is None:
            raise PackError(f"{where} : « {entry.path} » manque (paquet tronqué) ; rien n'a été installé.")
        if member.file_size != entry.size:
            raise PackError(f"{where} : « {entry.path} » a été modifié (taille différente) ; rien n'a été installé.")
        if entry.size > MAX_FILE_BYTES:
            raise PackError(f"{where} : « {entry.path} » dépasse {MAX_FILE_BYTES // 2**20} Mo ; paquet refusé.")
        content = _member(archive, member, entry.size, where)
        if len(content) != entry.size or hashlib.sha256(content).hexdigest() != entry.sha256:
            raise PackError(f"{where} : « {entry.path} » a été modifié (empreinte différente) ; rien n'a été installé.")
        files[entry.path] = content
    return VerifiedPack(manifest, signature, publisher, files)


# --- who signed what ----------------------------------------------------------------
NOT_SIGNED = "non signé"


@dataclass(frozen=True)
class Signer:
    name: str
    fingerprint: str
    verified: bool = True  # False: a pack's key the caller could not check against the trusted list

    @property
    def label(self) -> str:
        if self.verified:
            return f"signé par {self.name}"
        return f"signé par {self.name} (clé non vérifiée)"


def label_of(signer: Signer | None) -> str:
    return signer.label if signer is not None else NOT_SIGNED


class Signatures:
    """File hash -> the trusted publisher whose verified manifest lists it."""

    def __init__(self, by_hash: Mapping[str, Signer] | None = None):
        self.by_hash: dict[str, Signer] = dict(by_hash or {})

    def of_bytes(self, data: bytes) -> Signer | None:
        return self.by_hash.get(hashlib.sha256(data).hexdigest())

    def of_file(self, path: Path) -> Signer | None:
        try:
            return self.of_bytes(path.read_bytes())
        except OSError:
            return None


def bundled_manifest() -> tuple[bytes, bytes]:
    """The bundled files' manifest and its signature (resources/signature.json)."""
    raw = json.loads(resources.read_text(BUNDLED_SIGNATURE))
    return str(raw["manifest"]).encode("utf-8"), base64.b64decode(str(raw["signature"]))


def installed_manifests(folder: Path) -> Iterable[tuple[bytes, bytes]]:
    """The manifests of the packs installed in the data folder (``paquets/<name>/``)."""
    if not folder.is_dir():
        return
    for pack in sorted(folder.iterdir()):
        try:
            yield (pack / MANIFEST).read_bytes(), base64.b64decode((pack / SIGNATURE).read_bytes().strip())
        except (OSError, ValueError):
            continue


def signatures(packs_folder: Path | None, trusted: Sequence[Publisher] | None) -> Signatures:
    """Who signed each known file: the bundled manifest, then the installed packs' manifests.

    ``trusted=None``: the trusted list is unknown (the database was not
    opened); a pack verified with its own key is then marked unverified,
    never as trusted.
    """
    bundled = bundled_publisher()
    keys = [bundled, *(trusted or ())]
    by_hash: dict[str, Signer] = {}
    manifests = [bundled_manifest(), *(installed_manifests(packs_folder) if packs_folder else ())]
    for data, signature in manifests:
        try:
            manifest = Manifest.parse(data, "manifeste")
        except PackError:
            continue
        if not manifest.key.verifies(signature, data):
            continue
        publisher = next((p for p in keys if p.key == manifest.key), None)
        if publisher is not None:
            signer = Signer(publisher.name, manifest.key.fingerprint)
        elif trusted is None:
            signer = Signer(manifest.publisher_name, manifest.key.fingerprint, verified=False)
        else:
            continue
        for entry in manifest.files:
            by_hash.setdefault(entry.sha256, signer)
    return Signatures(by_hash)
