"""The hearing screen through the night summer time ends: 02:40, then 02:05, then 02:40 again, all in order."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from audition_assistant.core.timeline import TimelineEvent
from hearings import make_hearing
from keyboard import press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NBSP = "\u00a0"


@pytest.fixture
def clock(computer_clock):
    """The computer's clock at 02:30 summer time, 25 October 2026, in France."""
    return computer_clock(dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC))


@pytest.fixture
def page(qtbot, window, gui_workspace, clock):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000611", person={"nom": "Mendoza Ruiz", "prenoms": "Ana"})
    gui_workspace.store.add_event(hearing_id, TimelineEvent("start", clock()))
    window.open_hearing(hearing_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window.hearing_page


def test_a_pause_at_2_40_summer_time_resumes_at_2_05_winter_time(qtbot, window, page, clock):
    store = window.workspace.store
    hearing = page.session.hearing_id
    bar = page.timeline_bar
    clock.advance(minutes=10)  # 02:40 summer time
    press(Qt.Key.Key_R, CTRL)
    press(Qt.Key.Key_P, CTRL_SHIFT)
    assert page.session.is_suspended()
    clock.advance(minutes=25)  # 02:05 winter time
    press(Qt.Key.Key_P, CTRL_SHIFT)
    assert not page.session.is_suspended()
    model = page.transcript.model
    assert model.data(model.index(model.rowCount() - 1)) == (
        f"Suspension de 2{NBSP}h{NBSP}40 (heure d'été) à 2{NBSP}h{NBSP}05 (heure d'hiver) — repos"
    )
    assert bar.state_label.text().startswith(f"Audition en cours — durée 10{NBSP}min")

    clock.advance(minutes=15)  # 02:20 winter time
    type_text("Voulez-vous ajouter quelque chose ?")
    press(Qt.Key.Key_Return, CTRL)
    [entry] = store.entries(hearing)
    assert entry.created_at.isoformat() == "2026-10-25T02:20:00+01:00"
    assert "ajoutée pendant la suspension" not in model.data(model.index(model.rowCount() - 1))

    clock.advance(minutes=20)  # 02:40 winter time
    bar.confirm_end = lambda: True
    bar.end()
    assert [e.at.isoformat() for e in store.events(hearing)] == [
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:40:00+02:00",
        "2026-10-25T02:05:00+01:00",
        "2026-10-25T02:40:00+01:00",
    ]
    assert store.hearing_status(hearing) == "closed"

    def look(dialog):
        table = dialog.table
        rows = [[table.item(r, c).text() for c in (0, 2, 3)] for r in range(table.rowCount())]
        assert ["25/10/2026 02:05:00 (heure d'hiver)", "Reprise", "à 02:05 (heure d'hiver)"] in rows
        assert ["25/10/2026 02:40:00 (heure d'été)", "Suspension", "Motif : repos"] in rows
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    press(Qt.Key.Key_H, CTRL)
    assert window.run_dialog.seen[-1] == "historyDialog"
