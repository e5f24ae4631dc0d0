"""The settings file: private, written whole, the identity option off unless truly asked."""

from __future__ import annotations

import json
import os
import stat

import pytest

from audition_assistant.core import settings


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saving_replaces_a_file_others_could_read_with_a_private_one(tmp_path):
    old = tmp_path / settings.FILE_NAME
    old.write_text("{}", encoding="utf-8")
    old.chmod(0o644)
    tmp_path.chmod(0o755)
    settings.save(tmp_path, settings.Settings(idle_lock_minutes=12))
    assert stat.S_IMODE(old.stat().st_mode) == 0o600 and stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    assert [p.name for p in tmp_path.iterdir()] == [settings.FILE_NAME]  # no temporary file left
    assert settings.load(tmp_path).idle_lock_minutes == 12


def test_the_identity_option_is_off_by_default_and_only_true_turns_it_on(tmp_path):
    assert settings.load(tmp_path).identity_in_file_names is False
    for value, expected in ((True, True), ("oui", False), (1, False), (None, False)):
        (tmp_path / settings.FILE_NAME).write_text(json.dumps({"identity_in_file_names": value}), encoding="utf-8")
        assert settings.load(tmp_path).identity_in_file_names is expected, value
