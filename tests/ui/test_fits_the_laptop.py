"""The window at a station laptop's size: every label, entry and title shows whole, nothing scrolls sideways."""

from __future__ import annotations

import pytest

from hearings import make_hearing

LAPTOPS = [(1280, 720), (1366, 768)]


@pytest.mark.parametrize("size", LAPTOPS)
def test_every_label_of_every_section_shows_whole(qtbot, window, gui_workspace, size):
    window.resize(*size)
    cut = []
    for template in gui_workspace.catalog.valid():
        hearing_id = make_hearing(gui_workspace, procedure=f"2026/{template.id}", template=template.id)
        window.open_hearing(hearing_id)
        page = window.hearing_page
        for section_id, form in page.forms.items():
            page.go_to(section_id)
            if page.current_page() != section_id:
                continue  # a section its condition hides (a foreign person, a minor...)
            for field_id in form.labels:  # the fields a condition hides too, as an answer would show them
                form.labels[field_id].show()
                form.rows[field_id].show()
            qtbot.wait(5)
            for field_id, label in form.labels.items():
                needed = label.heightForWidth(label.width())
                if label.height() < needed:
                    cut.append(f"{template.id}/{field_id}: {label.text()!r} {label.height()} < {needed} px")
    assert not cut, "\n".join(cut)
