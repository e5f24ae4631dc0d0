"""A whole hearing through the windows opens no network connection (see tests/test_no_network.py)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from audition_assistant.ui.review_page import TRANSCRIPT
from readers import paragraph_texts


def test_a_hearing_from_new_case_to_export_opens_no_connection(no_network, qtbot, window, gui_workspace, tmp_path):
    def new_case(dialog):
        dialog.inputs["procedure_number"].setText("2026/008812")
        dialog.submit()
        return dialog.result()

    def new_hearing(dialog):
        dialog.nom.setText("Dumitru")
        dialog.prenoms.setText("Elena")
        dialog.birth.setDate(QDate(1997, 4, 2))
        titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        dialog.templates.setCurrentRow(next(i for i, t in enumerate(titles) if t.startswith("Audition de victime")))
        dialog.accept()
        return dialog.result()

    window.run_dialog.push(new_case)
    window.new_case_action.trigger()
    window.run_dialog.push(new_hearing)
    qtbot.mouseClick(window.cases.new_hearing_button, Qt.MouseButton.LeftButton)
    page = window.hearing_page
    qtbot.mouseClick(page.timeline_bar.start_button, Qt.MouseButton.LeftButton)
    page.go_to(TRANSCRIPT)
    page.transcript.question.setPlainText("Comment êtes-vous arrivée en France ?")
    page.transcript.answer.setPlainText("En car, par Vienne.")
    qtbot.mouseClick(page.transcript.add_button, Qt.MouseButton.LeftButton)
    page.timeline_bar.confirm_end = lambda: True  # the investigator answers « Oui »
    qtbot.mouseClick(page.timeline_bar.end_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "exports"

    def export(dialog):
        dialog.folder.setText(str(out))
        dialog.start()
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(export)
    window.export_action.trigger()
    pv = next(out.glob("*Procès-verbal*.docx"))
    assert "Réponse : En car, par Vienne." in paragraph_texts(pv)
