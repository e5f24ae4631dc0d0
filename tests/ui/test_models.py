"""Qt item models, without a window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from audition_assistant.core.store.records import Case, TranscriptEntry
from audition_assistant.ui.models import CasesModel, TranscriptModel


def case(i: int, **kw) -> Case:
    base = dict(
        id=i,
        procedure_number=f"2026/{i:06d}",
        heading="Affaire c/ X",
        service="",
        qualification="",
        status="open",
        export_dir="",
        created_at="2026-03-14T09:05:00",
        updated_at="2026-03-14T09:05:00",
        hearing_count=2,
    )
    base.update(kw)
    return Case(**base)


def test_cases_model_columns_and_roles(qapp):
    model = CasesModel()
    model.set_cases([case(1), case(2, status="archived", heading="")])
    assert model.rowCount() == 2 and model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(CasesModel.HEADERS)
    row = [model.data(model.index(0, c)) for c in range(5)]
    assert row == ["2026/000001", "Affaire c/ X", "14/03/2026", "En cours", "2"]
    assert model.data(model.index(1, 3)) == "Archivé"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) == 2
    assert model.case_at(5) is None


def test_transcript_model_shows_time_theme_and_shortened_text(qapp):
    t = dt.datetime(2026, 3, 14, 9, 7)
    model = TranscriptModel(lambda theme: {"recit": "Récit libre"}.get(theme, "Questions libres"))
    model.set_entries(
        [
            TranscriptEntry(5, 1, "recit", "Racontez-moi.", "x " * 200, t, t),
            TranscriptEntry(6, 2, None, "Et ensuite ?", "", t, t),
        ]
    )
    first = model.data(model.index(0))
    assert first.startswith("9\u00a0h\u00a007 · Récit libre\nQ : Racontez-moi.\nR : x x")
    assert first.endswith("…") and len(first.splitlines()[2]) <= 145
    assert model.data(model.index(1)).endswith("R : —")
    assert model.data(model.index(1), Qt.ItemDataRole.UserRole) == 6
    assert model.row_of(6) == 1 and model.row_of(99) == -1


def test_a_long_word_may_break_anywhere_on_screen_and_nowhere_else(qapp):
    t = dt.datetime(2026, 3, 14, 9, 7)
    url = "https://www.instagram.com/kevin_le_boss_du_93_officiel"
    answer = f"Il avait un compte {url} et il m'envoyait des messages."
    model = TranscriptModel(lambda theme: "Questions libres")
    model.set_entries([TranscriptEntry(5, 1, None, "Et ce compte ?", answer, t, t)])
    shown = model.data(model.index(0)).splitlines()[2]
    assert "\u200b" in shown  # invisible places where the address may break
    assert shown.replace("\u200b", "") == f"R : {answer}"
    assert "compte\u200b" not in shown and "\u200bcompte" not in shown  # ordinary words are left whole
    assert "\u200b" not in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "\u200b" not in model.data(model.index(0), Qt.ItemDataRole.AccessibleTextRole)
