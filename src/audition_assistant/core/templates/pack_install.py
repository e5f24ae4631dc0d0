"""Installing a verified pack into the data folder: all of it, or nothing.

Every file is written into a staging folder inside the data folder first
(same disk: a rename cannot half-copy), the pack's templates and Word models
are checked there, then each file is renamed into place; the files it
replaces are kept aside until the audit entries are committed, and put back
if anything fails. The pack's manifest and signature are kept in
``paquets/<name>/``: they say which pack installed which file, and let every
listing show who signed it.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from ..export.attestations import ModelLibrary
from ..export.model_import import ACTION as MODEL_IMPORTED
from ..export.model_import import check_import
from ..export.models import available_models
from ..export.notices import option_sources
from ..paths import DataPaths
from ..references import Reference
from ..store import Store
from .catalog import LOCAL, load_file
from .packs import MANIFEST, SIGNATURE, PackError, VerifiedPack

IMPORTED = "pack_imported"
STAGING_PREFIX = ".paquet-"


@dataclass(frozen=True)
class InstalledPack:
    name: str
    version: str
    publisher: str
    fingerprint: str
    files: tuple[str, ...]  # the pack's paths, as installed


def target_of(paths: DataPaths, pack_path: str) -> Path:
    top, _, rest = pack_path.partition("/")
    folders = {"templates": paths.templates, "models": paths.models, "notices": paths.notices}
    return folders.get(top, paths.root / top) / rest


def record_folder(paths: DataPaths, name: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip(".") or "paquet"
    return paths.packs / slug


def install(
    paths: DataPaths, store: Store, models: ModelLibrary, references: dict[str, Reference], pack: VerifiedPack
) -> InstalledPack:
    """Install ``pack`` (already verified by ``packs.read_pack``); PackError, nothing changed, when refused."""
    manifest = pack.manifest
    where = f"Paquet {manifest.name} {manifest.version}"
    staging = paths.root / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    staged: dict[Path, Path] = {}  # target -> staged copy
    try:
        for pack_path, data in pack.files.items():
            copy = staging / "new" / pack_path
            copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic.write_bytes(copy, data, sync_folder=False)
            staged[target_of(paths, pack_path)] = copy
        record = staging / "record"
        record.mkdir(mode=0o700)
        atomic.write_bytes(record / MANIFEST, manifest.data, sync_folder=False)
        atomic.write_bytes(record / SIGNATURE, base64.b64encode(pack.signature) + b"\n", sync_folder=False)
        staged[record_folder(paths, manifest.name)] = record
        _check_contents(paths, models, references, staging / "new", where)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackError(f"{where} : copie impossible ({error.strerror or error}) ; rien n'a été installé.") from None
    try:
        return _commit(paths, store, models, pack, staged, staging / "old")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_contents(
    paths: DataPaths, models: ModelLibrary, references: dict[str, Reference], new: Path, where: str
) -> None:
    """The pack's templates valid, its Word models as safe as an imported one: refused otherwise."""
    pack_models = sorted((new / "models").glob("*.docx")) if (new / "models").is_dir() else []
    for model in pack_models:
        info = check_import(models, model).info
        if info.problems:
            raise PackError(f"{where} : modèle {model.name} refusé ({info.problems[0]}) ; rien n'a été installé.")
    known_models = sorted({*available_models(paths.models), *(m.stem for m in pack_models)})
    sources = option_sources(paths.notices)
    templates = sorted((new / "templates").glob("*.y*ml")) if (new / "templates").is_dir() else []
    for template in templates:
        entry = load_file(
            template, LOCAL, known_references=references, known_models=known_models, option_sources=sources
        )
        if not entry.valid:
            problem = entry.problems[0].message if entry.problems else "invalide"
            raise PackError(f"{where} : modèle d'audition {template.name} refusé ({problem}) ; rien n'a été installé.")


def _commit(
    paths: DataPaths, store: Store, models: ModelLibrary, pack: VerifiedPack, staged: dict[Path, Path], old: Path
) -> InstalledPack:
    manifest = pack.manifest
    moved: list[tuple[Path, Path | None]] = []  # (target, where its previous version waits)
    try:
        for number, (target, copy) in enumerate(staged.items()):
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            kept = None
            if target.exists() or target.is_symlink():
                kept = old / str(number)
                kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.replace(target, kept)
            moved.append((target, kept))
            os.replace(copy, target)
            atomic.fsync_folder(target.parent)
        digests = {p: e.sha256 for e in manifest.files for p in [e.path]}
        with store.transaction():
            for pack_path in sorted(p for p in pack.files if p.startswith("models/") and p.endswith(".docx")):
                name = Path(pack_path).stem
                store.record(
                    MODEL_IMPORTED, model=name, file=pack_path, sha256=digests[pack_path], paquet=manifest.name
                )
            store.record(
                IMPORTED,
                paquet=manifest.name,
                version=manifest.version,
                editeur=pack.publisher.name,
                empreinte=manifest.key.fingerprint,
                fichiers=[[e.path, e.sha256] for e in manifest.files],
            )
    except BaseException as error:
        for target, kept in reversed(moved):
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
            if kept is not None:
                os.replace(kept, target)
        if isinstance(error, OSError):
            raise PackError(
                f"Paquet {manifest.name} : installation impossible ({error.strerror or error}) ; rien n'a été installé."
            ) from None
        raise
    for pack_path in pack.files:
        if pack_path.startswith("models/") and pack_path.endswith(".docx"):
            models.imported[Path(pack_path).stem] = digests[pack_path]
    return InstalledPack(
        manifest.name,
        manifest.version,
        pack.publisher.name,
        manifest.key.fingerprint,
        tuple(e.path for e in manifest.files),
    )


def clean_staging(paths: DataPaths) -> None:
    """What a killed installation left (its staging folders): removed at opening."""
    if paths.root.is_dir():
        for leftover in paths.root.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
