"""French typography on the export and review screens: a no-break space before « : ; ! ? » and inside « ».

Every text the investigator reads there is checked, in each state the
screens go through: what the dialog says before an export (the points the
review lists, the documents that stay in Word, a password with PDF/A), what
it says after one, a refused export, the review page and the hand-off.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QGroupBox, QLabel, QWidget

from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.ui import review_page
from audition_assistant.ui.hearing_page import REVIEW
from hearings import make_hearing

# An ordinary space where French wants a no-break one: before a high sign or « », after «.
ORDINARY_SPACE = re.compile(r" [:;!?»]|« ")
TAG = re.compile(r"<[^>]+>")


def shown(root: QWidget) -> list[str]:
    """The texts of the labels, buttons and group titles ``root`` shows now, rich text as read."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            texts.append(TAG.sub("", widget.text().replace("<br>", "\n")))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return [t for t in texts if t]


def badly_spaced(root: QWidget) -> list[str]:
    return [text for text in shown(root) if ORDINARY_SPACE.search(text)]


def hearing_with_points_to_review(workspace, clock) -> int:
    """Missing answers and a Q/R still holding a [bracket]: the export dialog repeats both."""
    hearing_id = make_hearing(workspace, procedure="2026/000515")
    store = workspace.store
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_entry(hearing_id, None, "Comment appelait-il [son mot] ?", "Le patron.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    return hearing_id


def test_the_export_dialog_spaces_its_french_before_and_after_an_export(qtbot, window, gui_workspace, clock, tmp_path):
    window.open_hearing(hearing_with_points_to_review(gui_workspace, clock))
    found = {}

    def export(dialog):
        dialog.show()
        dialog.format_boxes["pdf"].setChecked(True)  # the Word models stay in Word: LibreOffice is not found here
        dialog.protect.setChecked(True)  # with PDF/A: refused at once
        assert not dialog.warning.isHidden() and not dialog.office_note.isHidden()
        assert not dialog.pdf_refused.isHidden()
        found["before"] = badly_spaced(dialog)
        dialog.protect.setChecked(False)
        blocked = tmp_path / "un-fichier"
        blocked.write_text("")
        dialog.folder.setText(str(blocked / "sous-dossier"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Export impossible"), timeout=60000)
        found["refused"] = badly_spaced(dialog)
        dialog.folder.setText(str(tmp_path / "out"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=60000)
        assert "⚠" in dialog.outcome.text()  # the documents' notes
        found["after"] = badly_spaced(dialog)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(export)
    window.export_action.trigger()
    assert found == {"before": [], "refused": [], "after": []}


def test_the_review_page_and_the_hand_off_space_their_french(qtbot, window, gui_workspace, clock, monkeypatch):
    window.open_hearing(hearing_with_points_to_review(gui_workspace, clock))
    page = window.hearing_page
    page.go_to(REVIEW)
    found = {"points to review": badly_spaced(page.review)}
    monkeypatch.setattr(review_page, "findings", lambda session: [])  # as a complete hearing
    page.review.refresh()
    assert page.review.summary.text().startswith("Aucun point à vérifier")
    found["complete"] = badly_spaced(page.review)

    def look(dialog):
        found["hand-off"] = badly_spaced(dialog)
        dialog.one.setChecked(True)
        found["one section"] = badly_spaced(dialog)
        dialog.copy_button.click()
        found["copied"] = badly_spaced(dialog)
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.hearing_page.review.handoff_button.click()
    assert found == {"points to review": [], "complete": [], "hand-off": [], "one section": [], "copied": []}
