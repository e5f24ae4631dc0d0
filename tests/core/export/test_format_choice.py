"""Which formats a station exports in, and the trail's record of prints and copies for the drafting software."""

from __future__ import annotations

import json

import pytest

from audition_assistant.core import settings
from audition_assistant.core.export import formats
from audition_assistant.core.store import Profile
from audition_assistant.ui.history_dialog import ACTIONS, describe


@pytest.mark.parametrize(
    ("force", "expected"),
    [("police", ("docx", "pdf")), ("gendarmerie", ("odt", "pdf")), ("", ("docx", "pdf"))],
)
def test_the_force_of_the_profile_chooses_the_formats_when_the_settings_do_not(workspace, force, expected):
    workspace.store.save_profile(Profile(**{**workspace.store.profile().__dict__, "force": force}))
    assert workspace.export_formats() == expected


def test_formats_chosen_in_the_settings_win_over_the_force_and_survive_a_restart(workspace, data_paths):
    workspace.store.save_profile(Profile(**{**workspace.store.profile().__dict__, "force": "gendarmerie"}))
    workspace.save_settings(settings.Settings(export_formats=("pdf", "docx", "pdf")))
    assert workspace.export_formats() == ("docx", "pdf")  # no repeat, in the listing's order
    assert settings.load(data_paths.root).export_formats == ("docx", "pdf")


@pytest.mark.parametrize("saved", [["exe"], "pdf", [1, 2], [], None])
def test_a_damaged_choice_of_formats_falls_back_to_the_force(tmp_path, saved):
    (tmp_path / settings.FILE_NAME).write_text(json.dumps({"export_formats": saved}), encoding="utf-8")
    assert settings.load(tmp_path).export_formats == ()


def test_the_cli_list_of_formats_is_checked_with_a_french_reason():
    assert formats.parse("PDF, docx,odt") == ("docx", "odt", "pdf")
    assert formats.parse("txt", (*formats.DOCUMENT_FORMATS, formats.TXT)) == ("txt",)
    with pytest.raises(formats.FormatError, match="Format inconnu : rtf"):
        formats.parse("docx,rtf")
    with pytest.raises(formats.FormatError, match="au moins un format"):
        formats.parse(" , ")


def test_prints_and_copies_are_in_the_hearings_trail_without_the_text(workspace, fill_demo):
    hearing_id, _files = fill_demo("audition-victime-majeure")
    store = workspace.store
    store.record_print(hearing_id, "pv", "/exports/PV.pdf", 3, "Accueil-2e")
    store.record_handoff(hearing_id, "audition entière, identité", 5321)
    entries = {e.action: e for e in store.audit_entries_of("printed", "copied_for_drafting")}
    assert entries["printed"].hearing_id == hearing_id
    assert describe("printed", entries["printed"].detail, {}) == "/exports/PV.pdf — 3 exemplaires sur « Accueil-2e »"
    assert describe("copied_for_drafting", entries["copied_for_drafting"].detail, {}) == (
        "audition entière, identité (5\u202f321 caractères)"
    )
    assert ACTIONS["printed"] == "Impression"
    assert store.verify_audit(replay=True).ok
