"""The export dialog's messages: an unwritable folder, passwords, protected documents."""

from __future__ import annotations

import dataclasses
import errno
import io
import re
import types

import docx
import msoffcrypto
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialog

from audition_assistant.core.export import files
from audition_assistant.core.timeline import TimelineEvent
from hearings import make_hearing
from readers import plain

PASSWORD = "Remise-au-parquet 2026"


@pytest.fixture
def hearing(window, gui_workspace):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000512", person={"nom": "Rivera", "prenoms": "Lucía"})
    window.open_hearing(hearing_id)
    return hearing_id


def run_export(window, step):
    window.run_dialog.push(step)
    window.export_action.trigger()


@pytest.mark.parametrize(
    "refusal",
    [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only file system")],
)
def test_a_read_only_export_folder_is_a_clear_french_message(qtbot, window, gui_workspace, hearing, tmp_path,
                                                            monkeypatch, refusal):  # fmt: skip
    """CI runs as root, which writes anywhere: the OS refusal is simulated where the file is created."""

    def refuse(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(files, "tempfile", types.SimpleNamespace(mkstemp=refuse))
    folder = tmp_path / "lecture-seule"
    folder.mkdir()

    def export(dialog):
        dialog.folder.setText(str(folder))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Export impossible" in dialog.outcome.text(), timeout=30000)
        assert dialog.outcome.text() == (
            f"Export impossible\u00a0: Le dossier d'export {folder} n'est pas accessible en écriture\u00a0: "
            "accès refusé (dossier en lecture seule\u202f?)"
        )
        assert dialog.export_button.isEnabled() and dialog.written == []
        return QDialog.DialogCode.Rejected

    run_export(window, export)
    assert list(folder.iterdir()) == [] and gui_workspace.store.exports(hearing) == []


@pytest.mark.parametrize(
    "password, confirmation, message",
    [
        (PASSWORD, PASSWORD + "x", "Les deux saisies du mot de passe diffèrent."),
        ("court", "court", "Le mot de passe des documents doit compter au moins 8 caractères."),
        ("", "", "Le mot de passe des documents doit compter au moins 8 caractères."),
    ],
)
def test_a_wrong_password_confirmation_is_a_french_message_and_exports_nothing(
    qtbot, window, gui_workspace, hearing, tmp_path, password, confirmation, message
):
    out = tmp_path / "out"

    def export(dialog):
        assert not dialog.password.isEnabled()  # only with the box ticked
        dialog.folder.setText(str(out))
        qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
        assert dialog.protect.isChecked() and dialog.password.isEnabled()
        assert dialog.password.echoMode() == dialog.password.EchoMode.Password
        dialog.password.setText(password)
        dialog.password_confirm.setText(confirmation)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.outcome.text() == message
        assert dialog.export_button.isEnabled() and not dialog.background.busy()
        return QDialog.DialogCode.Rejected

    run_export(window, export)
    assert not out.exists() and gui_workspace.store.exports(hearing) == []


def test_protected_export_writes_only_encrypted_documents(qtbot, window, gui_workspace, hearing, tmp_path):
    out = tmp_path / "out"

    def export(dialog):
        dialog.folder.setText(str(out))
        dialog.format_boxes["pdf"].setChecked(False)  # PDF/A forbids encryption
        dialog.protect.setChecked(True)
        dialog.password.setText(PASSWORD)
        dialog.password_confirm.setText(PASSWORD)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        assert re.search(r"documents? exportés?, protégés? par mot de passe, dans ", dialog.outcome.text())
        assert dialog.password.text() == dialog.password_confirm.text() == ""  # not kept in the window
        return QDialog.DialogCode.Accepted

    run_export(window, export)
    written = sorted(out.iterdir())
    recorded = {r.path: r.sha256 for r in gui_workspace.store.exports(hearing)}
    assert written and set(recorded) == {str(p) for p in written}
    for path in written:
        office = msoffcrypto.OfficeFile(path.open("rb"))
        assert office.is_encrypted()
        office.load_key(password=PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
        docx.Document(plain)
        assert recorded[str(path)] == files.sha256_of(path.read_bytes())


def test_a_reopened_hearing_exports_its_signed_pv_and_the_new_pv(qtbot, window, gui_workspace, clock, tmp_path):
    store = gui_workspace.store
    case_id = store.create_case("2026/000513")
    person_id = store.add_person(case_id, {"nom": "Rivera", "prenoms": "Lucía"})
    template = gui_workspace.catalog.get("audition-victime-majeure")
    hearing_id = gui_workspace.start_hearing(case_id, person_id, template, "2026/000513/00001")
    entry = store.add_entry(hearing_id, None, "Où logiez-vous ?", "Dans un hôtel.")
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=40)))
    gui_workspace.reopen_for_correction(hearing_id, "rectification", "2026/000513/00002", "Réponse mal transcrite")
    store.update_entry(entry, answer="Dans un appartement.")
    store.finish_correction(hearing_id)
    window.open_hearing(hearing_id)

    def export(dialog):
        titles = [dialog.documents.item(i).text() for i in range(dialog.documents.count())]
        assert "Procès-verbal de rectification n° 2026/000513/00002" in titles
        dialog.folder.setText(str(tmp_path / "out"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        return QDialog.DialogCode.Accepted

    run_export(window, export)
    written = {f.document_id: f.path for f in store_exports(store, hearing_id) if f.path.endswith(".docx")}
    pv = "\n".join(p.text for p in docx.Document(str(written["pv"])).paragraphs)
    rectification = "\n".join(p.text for p in docx.Document(str(written["pv-supplement-1"])).paragraphs)
    assert "Dans un hôtel." in pv and "Dans un appartement." not in pv
    assert "PROCÈS-VERBAL DE RECTIFICATION" in rectification
    assert "« Dans un appartement. » au lieu de « Dans un hôtel. »" in plain(rectification)


def store_exports(store, hearing_id):
    return [types.SimpleNamespace(document_id=r.document_id, path=r.path) for r in store.exports(hearing_id)]


def test_closing_during_an_export_never_blocks_and_says_the_export_goes_on(
    qtbot, window, gui_workspace, hearing, tmp_path
):
    for i in range(60):
        gui_workspace.store.add_entry(hearing, None, f"Question {i} ?", "Réponse " * 80)
    out = tmp_path / "out"

    def close_at_once(dialog):
        dialog.show()
        dialog.folder.setText(str(out))
        dialog.start()
        dialog.reject()  # Échap, Fermer or the title bar's cross: the window's thread must not wait
        assert dialog.isVisible()
        assert "se fermera d'elle-même" in dialog.outcome.text()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
        assert dialog.written and all(f.path.exists() for f in dialog.written)
        return QDialog.DialogCode.Rejected

    run_export(window, close_at_once)
    assert re.fullmatch(r"\d+ documents? exportés?\.", window.statusBar().currentMessage())


def test_the_dialog_repeats_the_points_the_review_lists_and_exports_all_the_same(
    qtbot, window, gui_workspace, clock, tmp_path
):
    store = gui_workspace.store
    store.save_profile(dataclasses.replace(store.profile(), commune="Nanterre"))
    hearing_id = make_hearing(gui_workspace, procedure="2026/000514")
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_entry(hearing_id, None, "Comment appelait-il [son mot] ?", "Le patron.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=30)))
    window.open_hearing(hearing_id)
    out = tmp_path / "out"

    def export(dialog):
        lines = dialog.warning.text().splitlines()
        assert lines[0].startswith("⚠ ") and "réponses obligatoires manquantes" in lines[0]
        assert lines[1] == (
            "⚠ 1 point à revoir (Vérification et export)\u00a0: "
            "Question/réponse n°\u00a01 (9\u00a0h), question\u00a0: «\u00a0[son mot]\u00a0» reste à compléter."
        )
        assert lines[2] == "L'export reste possible."
        dialog.folder.setText(str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        return QDialog.DialogCode.Accepted

    run_export(window, export)
    assert list(out.iterdir())


class Screen:
    """A 1280x720 station screen less its task bar, standing in for the test platform's."""

    def availableGeometry(self) -> QRect:
        return QRect(0, 0, 1280, 680)


def test_the_result_of_an_export_is_read_whole_on_a_1280x720_screen(
    qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch
):
    monkeypatch.setattr(window, "screen", lambda: Screen())

    def export(dialog):
        dialog.show()
        assert dialog.frameGeometry().height() <= 680 - 30  # the title bar too
        assert dialog.warning.text()  # a long warning above: the result comes below it
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        result = dialog.outcome
        assert "document en français seulement" in result.text()  # the last line: the document's note
        needed = result.heightForWidth(result.width())

        def whole() -> bool:
            shown = result.visibleRegion().boundingRect()
            return result.height() >= needed and shown.height() >= needed and shown.width() >= result.width()

        qtbot.waitUntil(whole, timeout=2000)
        return QDialog.DialogCode.Accepted

    run_export(window, export)


def test_an_export_failing_after_the_close_was_asked_stays_open_to_say_why(
    qtbot, window, hearing, tmp_path, monkeypatch
):
    import threading

    from audition_assistant.ui import export_dialog

    release = threading.Event()

    def failing(*args, **kwargs):
        release.wait(20)
        raise files.ExportError("le modèle « notice » n'a pas pu être rempli.")

    monkeypatch.setattr(export_dialog, "render_all", failing)

    def close_then_fail(dialog):
        dialog.show()
        dialog.folder.setText(str(tmp_path / "out"))
        dialog.start()
        dialog.reject()
        assert dialog.isVisible() and "L'export continue" in dialog.outcome.text()
        assert dialog.close_button.text() == "Fermeture après l'export…"
        release.set()
        qtbot.waitUntil(lambda: "Export impossible" in dialog.outcome.text(), timeout=20000)
        assert dialog.isVisible() and dialog.close_button.text() == "Fermer"  # read, then closed by the user
        dialog.reject()
        assert not dialog.isVisible()
        return QDialog.DialogCode.Rejected

    run_export(window, close_then_fail)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_with_nothing_to_review_the_warnings_place_takes_no_room(qtbot, window, gui_workspace, hearing, monkeypatch):
    from audition_assistant.ui import export_dialog

    monkeypatch.setattr(export_dialog, "findings", lambda session: [])  # as a complete hearing

    def look(dialog):
        assert dialog.warning.text() == "" and dialog.warning.isHidden()
        return QDialog.DialogCode.Rejected

    run_export(window, look)
