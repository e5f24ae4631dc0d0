"""Files the core makes are private even in a process that was not hardened (a permissive umask)."""

from __future__ import annotations

import os
import stat

import pytest

from audition_assistant.core import settings
from audition_assistant.core.export.files import write_new
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def permissive_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_database_lock_settings_backup_and_export_are_private_under_a_permissive_umask(tmp_path, permissive_umask):
    paths = DataPaths(tmp_path / "data")
    workspace = Workspace.open(paths, "une phrase secrète pour les modes", backup=False, check=False, create=True)
    try:
        workspace.store.create_case("2026/000001", "Affaire c/ X")  # the -wal and -shm exist now
        workspace.save_settings(settings.Settings(idle_lock_minutes=9))
        backup = workspace.backup_now()
        exported = write_new(tmp_path / "documents", "pv.docx", b"document")
        workspace.store.flush_anchor()
        made = [
            paths.database.with_name(paths.database.name + ".ancre"),
            backup.with_name(backup.name + ".tete"),
            paths.database,
            paths.database.with_name(paths.database.name + "-wal"),
            paths.database.with_name(paths.database.name + "-shm"),
            paths.root / ".verrou",
            paths.root / settings.FILE_NAME,
            backup,
            exported,
        ]
        assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in made} == {p.name: "0o600" for p in made}
        assert oct(stat.S_IMODE(paths.root.stat().st_mode)) == "0o700"
    finally:
        workspace.close()
