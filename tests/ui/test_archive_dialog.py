"""« Exporter une archive… » and « Importer une archive… » on the cases page, driven as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit
from tests.hearings import make_hearing
from tests.keyboard import type_into

SECRET = "la phrase donnée par téléphone"


def named(dialog, kind, name):
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def test_a_case_is_exported_handed_over_then_imported_again_as_a_new_case(qtbot, window, gui_workspace, tmp_path):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000777", person={"nom": "Martin"})
    case_id = gui_workspace.store.hearing(hearing_id).case_id
    window.cases.reload(select=case_id)
    out = tmp_path / "dossier.age"

    def export(dialog):
        unnamed = [
            w.objectName() for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLineEdit)
            if not (w.objectName() and w.accessibleName())
        ]  # fmt: skip
        assert unnamed == []
        path = named(dialog, QLineEdit, "exportArchivePath")
        path.clear()
        type_into(path, str(out))
        type_into(named(dialog, QLineEdit, "exportArchivePassphrase"), SECRET)
        type_into(named(dialog, QLineEdit, "exportArchiveAgain"), SECRET + "x")
        qtbot.mouseClick(named(dialog, QAbstractButton, "exportArchiveConfirm"), Qt.MouseButton.LeftButton)
        assert "diffèrent" in named(dialog, type(dialog.error), "exportArchiveError").text()
        assert not out.exists()
        named(dialog, QLineEdit, "exportArchiveAgain").clear()
        type_into(named(dialog, QLineEdit, "exportArchiveAgain"), SECRET)
        named(dialog, QAbstractButton, "exportArchiveHandOver").click()
        qtbot.mouseClick(named(dialog, QAbstractButton, "exportArchiveConfirm"), Qt.MouseButton.LeftButton)
        assert dialog.error.text() == "Chiffrement de l'archive…"  # off the window's thread
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=120_000)
        return dialog.result()

    window.run_dialog.push(export)
    qtbot.mouseClick(window.cases.export_archive_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert gui_workspace.store.case(case_id).status == "handed_over"
    row = next(r for r in range(window.cases.model.rowCount()) if window.cases.model.case_at(r).id == case_id)
    assert window.cases.model.index(row, 3).data() == "Transmis"
    assert not window.cases.edit_button.isEnabled() and not window.cases.new_hearing_button.isEnabled()
    assert "« Transmis », en lecture seule" in window.messages.label.text()
    window.open_hearing(hearing_id)  # read here, never written
    page = window.hearing_page
    assert page.transcript.read_only and not page.timeline_bar.isEnabled()
    assert not page.correction_button.isVisible()
    window.show_cases()

    def wrong_then_right(dialog):
        type_into(named(dialog, QLineEdit, "importArchivePath"), str(out))
        type_into(named(dialog, QLineEdit, "importArchivePassphrase"), "une phrase qui n'est pas la bonne")
        qtbot.mouseClick(named(dialog, QAbstractButton, "importArchiveConfirm"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "fausse" in dialog.error.text(), timeout=120_000)
        passphrase = named(dialog, QLineEdit, "importArchivePassphrase")
        assert passphrase.isEnabled()
        passphrase.clear()
        type_into(passphrase, SECRET)
        qtbot.mouseClick(named(dialog, QAbstractButton, "importArchiveConfirm"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=120_000)
        return dialog.result()

    cases_before = {c.id for c in gui_workspace.store.cases(("open", "closed", "handed_over"))}
    window.run_dialog.push(wrong_then_right)
    qtbot.mouseClick(window.cases.import_archive_button, Qt.MouseButton.LeftButton)
    new = {c.id for c in gui_workspace.store.cases(("open", "closed", "handed_over"))} - cases_before
    assert len(new) == 1
    (new_case,) = new
    assert window.cases.selected_case_id() == new_case
    assert "2026/000777" in window.messages.label.text() and "importé" in window.messages.label.text()
    assert gui_workspace.store.verify_audit(replay=True).ok
