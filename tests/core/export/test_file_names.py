"""Exported file names say which document it is, not whom it is about, unless the settings ask for it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audition_assistant.core import settings

FORMS_OF_THE_NAME = ("CASTAÑO", "RUEDA", "Yuliana", "Andrea")


def names(files: dict) -> list[str]:
    return sorted(f.path.name for f in files.values())


def test_by_default_names_carry_procedure_and_pv_numbers_and_the_title_never_the_person(fill_demo):
    _hearing, files = fill_demo("audition-victime-majeure")
    assert len(files) >= 3
    for name in names(files):
        assert not any(part in name for part in FORMS_OF_THE_NAME), name
        assert name.startswith("2026-004512_PV_2026-004512-00017_"), name
    assert files["pv"].path.name == "2026-004512_PV_2026-004512-00017_Procès-verbal_d'audition.docx"


def test_the_setting_adds_the_person_to_the_names(fill_demo, workspace):
    workspace.save_settings(replace(workspace.settings, identity_in_file_names=True))
    assert settings.load(workspace.paths.root).identity_in_file_names  # kept for the next start
    _hearing, files = fill_demo("audition-victime-majeure")
    assert (
        files["pv"].path.name
        == "2026-004512_PV_2026-004512-00017_Procès-verbal_d'audition_CASTAÑO_RUEDA_Yuliana_Andrea.docx"
    )
    assert all(name.endswith("_CASTAÑO_RUEDA_Yuliana_Andrea.docx") for name in names(files))


@pytest.mark.parametrize("asked", [False, True])
def test_a_protected_export_never_carries_the_person(fill_demo, workspace, tmp_path, asked):
    workspace.save_settings(replace(workspace.settings, identity_in_file_names=asked))
    hearing, _files = fill_demo("audition-victime-majeure")
    protected = workspace.export(hearing, tmp_path / "protected", password="mot de passe du test 42")
    assert protected and all(f.protected for f in protected)
    for f in protected:
        assert not any(part in f.path.name for part in FORMS_OF_THE_NAME), f.path.name
