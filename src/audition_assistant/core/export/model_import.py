"""Importing a Word model: checked, copied into the data folder, its hash written in the audit trail.

A model placed in ``models/`` by any other means (a copy by hand, a program
that writes in the data folder) is not used: a local model is used only if
the audit trail, inside the encrypted database, records the import of a file
with the same SHA-256. Whoever can write in the data folder but lacks the
passphrase cannot add that entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from .. import atomic
from ..store import Store
from .attestations import LOCAL, MAX_MODEL_BYTES, SUFFIX, ModelInfo, ModelLibrary, WordModel
from .files import ExportError
from .model_sandbox import SandboxError

ACTION = "model_imported"
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


def imported_hashes(store: Store) -> dict[str, str]:
    """Model name -> SHA-256 of the file its last import recorded in the audit trail.

    An older import, or another model's file copied under this name, is not accepted.
    """
    return {
        str(entry.detail["model"]): str(entry.detail["sha256"])
        for entry in store.audit_entries_of(ACTION)  # in order: the last import of a name wins
        if entry.detail.get("model") and entry.detail.get("sha256")
    }


@dataclass(frozen=True)
class Candidate:
    """A model file read and checked, not yet installed: ``info.problems`` say why it is refused."""

    info: ModelInfo
    data: bytes


def check_import(library: ModelLibrary, source: Path) -> Candidate:
    """Read ``source`` and check it as ``templates validate`` does (seconds: off the window's thread).

    ExportError when the file cannot be read or its name is not a model's.
    """
    assert library.local_dir is not None
    name = source.stem
    if source.suffix.lower() != SUFFIX or not name or not set(name) <= NAME_CHARS:
        raise ExportError(
            f"Modèle {source.name} : le nom d'un modèle Word s'écrit en minuscules sans accent, chiffres, "
            "« _ » ou « - », et finit par .docx (par exemple attestation_service.docx) ; modèle refusé."
        )
    try:
        with source.open("rb") as file:
            data = file.read(MAX_MODEL_BYTES + 1)
    except OSError as error:
        raise ExportError(f"Modèle {source} : lecture impossible ({error.strerror or error}).") from None
    if len(data) > MAX_MODEL_BYTES:
        raise ExportError(f"Modèle {source} : fichier trop volumineux (plus de {MAX_MODEL_BYTES // 2**20} Mo).")
    known = library.get(name)
    replaces = known is not None and (known.origin != LOCAL or known.replaces_bundled)
    model = WordModel(name, LOCAL, str(source), path=source, replaces_bundled=replaces)
    try:
        with library.renderer() as renderer:
            found = renderer.inspect(data, model.source, name)
    except SandboxError as error:  # stopped: too long, too much memory
        return Candidate(ModelInfo(model, name, "", (str(error),)), data)
    problems = tuple(str(p) for p in found["problems"])
    return Candidate(ModelInfo(model, str(found["title"]), str(found["version"]), problems), data)


def install(library: ModelLibrary, store: Store, candidate: Candidate) -> ModelInfo:
    """Copy a checked model into the models folder (atomically) and record its import with its hash."""
    assert library.local_dir is not None and not candidate.info.problems
    model = candidate.info.model
    target = library.local_dir / f"{model.name}{SUFFIX}"
    digest = hashlib.sha256(candidate.data).hexdigest()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic.write_bytes(target, candidate.data)
    except OSError as error:
        raise ExportError(f"Modèle {model.name} : copie impossible dans {target.parent} ({error.strerror}).") from None
    source = Path(model.source).name
    store.record(ACTION, model=model.name, file=source, sha256=digest, remplace_modele_livre=model.replaces_bundled)
    library.imported[model.name] = digest
    installed = WordModel(model.name, LOCAL, str(target), path=target, replaces_bundled=model.replaces_bundled)
    return replace(candidate.info, model=installed)


def import_model(library: ModelLibrary, store: Store, source: Path) -> ModelInfo:
    """Check ``source`` and, when valid, install it; a refused model's ``problems`` say why (nothing copied)."""
    candidate = check_import(library, source)
    return candidate.info if candidate.info.problems else install(library, store, candidate)
