"""Where data lives: overridable, and the default exports are visible to the user."""

from __future__ import annotations

from pathlib import Path

from audition_assistant.core import paths


def test_explicit_folder_wins_and_keeps_exports_inside(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "env"))
    assert paths.resolve(tmp_path / "arg").root == (tmp_path / "arg").resolve()
    from_env = paths.resolve()
    assert from_env.root == (tmp_path / "env").resolve()
    assert from_env.exports == from_env.root / "exports"
    assert from_env.database.name == "audition-assistant.db"


def test_default_uses_appdirs_and_the_documents_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    monkeypatch.setattr(paths.appdirs, "user_data_dir", lambda name, author: str(tmp_path / ".local" / name))
    assert paths.resolve().exports == tmp_path / ".local" / "AuditionAssistant" / "exports"
    (tmp_path / "Documents").mkdir()
    resolved = paths.resolve()
    assert resolved.root == tmp_path / ".local" / "AuditionAssistant"
    assert resolved.exports == tmp_path / "Documents" / "Assistant d'audition"
