"""The references table as the investigator sees it when choosing a template: « à vérifier » shows."""

from __future__ import annotations

from audition_assistant.ui.new_hearing_dialog import NewHearingDialog


def test_template_picker_flags_unchecked_references_and_only_those(qtbot, gui_workspace):
    dialog = NewHearingDialog(gui_workspace.catalog, gui_workspace.references, [])
    qtbot.addWidget(dialog)
    titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
    dialog.templates.setCurrentRow(next(i for i, t in enumerate(titles) if "verbalisation" in t))
    dialog._show_details()
    lines = dialog.details.toPlainText().splitlines()
    aggravated = next(line for line in lines if "art. 225-12-2 du Code pénal" in line)
    assert aggravated.endswith("(à vérifier)")  # its fine differs between sources
    checked = next(line for line in lines if "art. 611-1 du Code pénal" in line)
    assert "à vérifier" not in checked
