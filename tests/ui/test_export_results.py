"""After an export: the files listed with « Ouvrir » and « Imprimer », the whole set printed, the history told.

The print service is stubbed at its boundary (``printing.print_file``), and
the system's « open » at Qt's (``QDesktopServices.openUrl``); the rest is
the real dialog, driven as a user drives it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from audition_assistant.core import printing
from audition_assistant.core.export import formats, libreoffice
from audition_assistant.core.export.exporter import built_in
from audition_assistant.ui import export_dialog
from hearings import make_hearing

PV_NUMBER = "2026/000512/00004"
NBSP = "\u00a0"
INTERPRETER = {"nom": "Moreno", "prenoms": "Inés", "langues": "espagnol"}


@pytest.fixture
def hearing(window, gui_workspace):
    answers = {
        "victime": {"nom": "Rivera", "prenoms": "Lucía"},
        "interprete_present": True,
        "interprete": INTERPRETER,
    }
    hearing_id = make_hearing(gui_workspace, answers, procedure="2026/000512")
    gui_workspace.store.update_hearing(hearing_id, pv_number=PV_NUMBER)
    window.open_hearing(hearing_id)
    return hearing_id


@pytest.fixture
def printed(monkeypatch):
    """The print service: what it was sent, in order; ``refusal`` set makes it refuse."""
    sent: list[tuple[Path, int]] = []

    def service(path: Path, copies: int = 1, printer: str = "") -> None:
        if service.refusal:
            raise printing.PrintError(service.refusal)
        sent.append((path, copies))

    service.refusal = ""
    service.sent = sent
    monkeypatch.setattr(printing, "print_file", service)
    return service


@pytest.fixture
def opened(monkeypatch):
    """The system's « open »: the paths asked; ``works`` False makes it fail as with no application."""
    asked: list[Path] = []

    def open_url(url) -> bool:
        asked.append(Path(url.toLocalFile()))
        return open_url.works

    open_url.works = True
    open_url.asked = asked
    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return open_url


def export_then(window, qtbot, out: Path, then, *, formats_ticked=None):
    """Export into ``out`` from the real dialog, then run ``then(dialog)`` on it."""

    def step(dialog):
        dialog.show()
        dialog.folder.setText(str(out))
        if formats_ticked is not None:
            for fmt, box in dialog.format_boxes.items():
                box.setChecked(fmt in formats_ticked)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=60000)
        then(dialog)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(step)
    window.export_action.trigger()


def rows(dialog) -> list[str]:
    return [dialog.results.item(r, 0).text() for r in range(dialog.results.rowCount())]


def history_of(window, qtbot) -> list[tuple[str, str]]:
    seen = []

    def look(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=10000)
        seen.extend(
            (dialog.table.item(r, 2).text(), dialog.table.item(r, 3).text()) for r in range(dialog.table.rowCount())
        )
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.history_action.trigger()
    return seen


@pytest.mark.slow
def test_each_file_written_is_a_row_carrying_the_pv_number(qtbot, window, gui_workspace, hearing, tmp_path):
    """Every document in the three formats (the Word models through LibreOffice), each name with the PV number."""
    out = tmp_path / "out"

    def check(dialog):
        names = rows(dialog)
        on_disk = sorted(p.name for p in out.iterdir())
        assert sorted(names) == on_disk and len(names) == len(dialog.written)
        assert all(name.startswith("2026-000512_PV_2026-000512-00004_") for name in names)
        documents = {f.document_id for f in dialog.written}
        assert len(names) == 3 * len(documents)  # LibreOffice is installed here: nothing stays in Word alone
        shown = [dialog.results.item(r, 1).text() for r in range(len(names))]
        assert shown == [formats.LABELS[f.format] for f in dialog.written]
        assert {Path(n).suffix for n in names} == {".docx", ".odt", ".pdf"}
        assert not dialog.results.isHidden() and dialog.open_folder_button.isVisible()
        assert dialog.print_all_button.isVisible()

    export_then(window, qtbot, out, check, formats_ticked=formats.DOCUMENT_FORMATS)


def test_a_reopened_hearings_new_pv_is_named_by_its_own_number(qtbot, window, gui_workspace, clock, tmp_path):
    from audition_assistant.core.timeline import TimelineEvent

    store = gui_workspace.store
    case_id = store.create_case("2026/000513")
    person_id = store.add_person(case_id, {"nom": "Rivera", "prenoms": "Lucía"})
    template = gui_workspace.catalog.get("audition-victime-majeure")
    hearing_id = gui_workspace.start_hearing(case_id, person_id, template, "2026/000513/00001")
    store.add_entry(hearing_id, None, "Où logiez-vous ?", "Dans un hôtel.")
    store.add_event(hearing_id, TimelineEvent("start", clock.now))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=40)))
    gui_workspace.reopen_for_correction(hearing_id, "complementaire", "2026/000513/00002", "Précisions")
    store.finish_correction(hearing_id)
    window.open_hearing(hearing_id)

    def check(dialog):
        by_document: dict[str, list[str]] = {}
        for file in dialog.written:
            by_document.setdefault(file.document_id, []).append(file.path.name)
        supplement = by_document.pop("pv-supplement-1")
        assert supplement and all("2026-000513-00002" in name for name in supplement)
        assert all(
            name.startswith("2026-000513_PV_2026-000513-00001_") for names in by_document.values() for name in names
        )

    export_then(window, qtbot, tmp_path / "out", check)


def test_ouvrir_opens_the_file_and_says_so_when_the_system_cannot(
    qtbot, window, gui_workspace, hearing, tmp_path, opened
):
    out = tmp_path / "out"

    def check(dialog):
        first = dialog.written[0]
        open_button, _print = dialog._row_buttons(0)
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
        assert opened.asked == [first.path]
        assert dialog.action_result.text() == f"«{NBSP}{first.path.name}{NBSP}» s'ouvre dans son application."
        opened.works = False
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
        said = dialog.action_result.text()
        assert said.startswith(
            f"Le système n'a pas pu ouvrir «{NBSP}{first.path.name}{NBSP}»{NBSP}: aucune application"
        )
        assert str(out) in said
        first.path.unlink()  # moved away meanwhile
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
        assert dialog.action_result.text() == (
            f"Le fichier «{NBSP}{first.path.name}{NBSP}» n'existe plus (déplacé ou supprimé{NBSP}?)."
        )
        assert len(opened.asked) == 2  # a missing file is not handed to the system
        qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
        assert opened.asked[-1] == out
        assert dialog.action_result.text().startswith(f"Le système n'a pas pu ouvrir le dossier {out}")

    export_then(window, qtbot, out, check)


def test_the_rows_buttons_are_reached_with_tab_and_pressed_with_space(
    qtbot, window, gui_workspace, hearing, tmp_path, opened
):
    def check(dialog):
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.results.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.results)
        QTest.keyClick(dialog.results, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is dialog._row_buttons(0)[0]
        QTest.keyClick(focused, Qt.Key.Key_Space)
        assert opened.asked == [dialog.written[0].path]
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog._row_buttons(0)[1]

    export_then(window, qtbot, tmp_path / "out", check)


def test_imprimer_sends_the_file_and_the_history_shows_the_print(
    qtbot, window, gui_workspace, hearing, tmp_path, printed
):
    chosen = {}

    def check(dialog):
        row = next(r for r, f in enumerate(dialog.written) if f.document_id != "pv")
        chosen["file"] = dialog.written[row]
        qtbot.mouseClick(dialog._row_buttons(row)[1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in dialog.action_result.text(), timeout=10000)
        assert dialog.action_result.text() == (
            f"Envoyé à l'imprimante{NBSP}: {printing.to_print(dialog.written, chosen['file']).path.name}"
            " (1 exemplaire)."
        )

    export_then(window, qtbot, tmp_path / "out", check)
    file = chosen["file"]
    [(path, copies)] = printed.sent
    assert copies == 1 and path.parent == file.path.parent and path.stem == file.path.stem
    history = history_of(window, qtbot)
    assert ("Impression", f"{path.absolute()} — 1 exemplaire") in history


def test_imprimer_tout_prints_the_pv_once_per_signatory_and_the_others_once(
    qtbot, window, gui_workspace, hearing, tmp_path, printed
):
    out = tmp_path / "out"

    def check(dialog):
        qtbot.mouseClick(dialog.print_all_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in dialog.action_result.text(), timeout=10000)
        assert dialog.print_all_button.isEnabled()

    export_then(window, qtbot, out, check)
    written = {r.path: r.document_id for r in gui_workspace.store.exports(hearing)}
    pv_path = next(Path(p) for p, d in written.items() if d == "pv" and p.endswith(".docx"))
    # Who signs, read back from the exported PV's signature boxes (python-docx, not our builder).
    boxes = [c.text for c in docx.Document(str(pv_path)).tables[-1].rows[0].cells if c.text.strip()]
    assert len(boxes) == 3 and any("MORENO Inés" in b for b in boxes)
    sent = {str(path): copies for path, copies in printed.sent}
    documents = set(written.values())
    assert len(written) > len(documents)  # Word and PDF/A by default
    assert window.statusBar().currentMessage() == f"{len(documents)} documents exportés."
    assert len(printed.sent) == len(documents)  # each document once, in its PDF when there is one
    for path, copies in sent.items():
        assert copies == (len(boxes) if written[path] == "pv" else 1)
        if any(p.endswith(".pdf") and written[p] == written[path] for p in written):
            assert path.endswith(".pdf")
    history = [d for a, d in history_of(window, qtbot) if a == "Impression"]
    assert sorted(history) == sorted(
        f"{path} — {copies} exemplaire{'s' if copies > 1 else ''}" for path, copies in sent.items()
    )


def test_a_refused_print_is_said_in_french_and_not_recorded(qtbot, window, gui_workspace, hearing, tmp_path, printed):
    printed.refusal = f"Le service d'impression a refusé «{NBSP}x.pdf{NBSP}»{NBSP}: cette imprimante est inconnue."

    def check(dialog):
        qtbot.mouseClick(dialog.print_all_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Impression impossible" in dialog.action_result.text(), timeout=10000)
        assert dialog.action_result.text() == f"Impression impossible{NBSP}: {printed.refusal}"
        assert dialog.print_all_button.isEnabled() and dialog.export_button.isEnabled()

    export_then(window, qtbot, tmp_path / "out", check)
    assert not [a for a, _d in history_of(window, qtbot) if a == "Impression"]


def test_a_station_without_print_service_says_so(qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch):
    """The real boundary, on a PATH with neither lp nor lpr."""
    empty = tmp_path / "sans-impression"
    empty.mkdir()

    def check(dialog):
        monkeypatch.setenv("PATH", str(empty))
        qtbot.mouseClick(dialog._row_buttons(0)[1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Impression impossible" in dialog.action_result.text(), timeout=10000)
        assert "Aucun service d'impression n'est installé sur cet ordinateur" in dialog.action_result.text()

    export_then(window, qtbot, tmp_path / "out", check)


def test_the_formats_are_those_of_the_settings_and_a_choice_there_is_kept(
    qtbot, window, gui_workspace, hearing, data_paths
):
    seen = {}

    def look(dialog):
        seen["ticked"] = tuple(f for f, box in dialog.format_boxes.items() if box.isChecked())
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.export_action.trigger()
    assert seen["ticked"] == gui_workspace.export_formats()

    def choose(dialog):
        assert dialog.by_force.isChecked() and not dialog.format_boxes["odt"].isEnabled()
        assert dialog.by_force.text().startswith("Selon la force du profil")
        qtbot.mouseClick(dialog.by_force, Qt.MouseButton.LeftButton)
        for box in dialog.format_boxes.values():
            box.setChecked(False)
        dialog.save()
        assert (
            dialog.formats_problem.text()
            == f"Cochez au moins un format d'export, ou «{NBSP}Selon la force du profil{NBSP}»."
        )
        dialog.format_boxes["odt"].setChecked(True)
        dialog.save()
        return dialog.result()

    window.run_dialog.push(choose)
    window.settings_action.trigger()
    assert gui_workspace.settings.export_formats == ("odt",)
    window.run_dialog.push(look)
    window.export_action.trigger()
    assert seen["ticked"] == ("odt",)

    def back_to_force(dialog):
        assert not dialog.by_force.isChecked() and dialog.format_boxes["odt"].isChecked()
        dialog.by_force.setChecked(True)
        dialog.save()
        return dialog.result()

    window.run_dialog.push(back_to_force)
    window.settings_action.trigger()
    assert gui_workspace.settings.export_formats == ()


def test_no_format_or_a_protected_pdf_is_refused_before_anything_is_written(
    qtbot, window, gui_workspace, hearing, tmp_path
):
    out = tmp_path / "out"

    def refuse(dialog):
        dialog.folder.setText(str(out))
        for box in dialog.format_boxes.values():
            box.setChecked(False)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.outcome.text() == "Choisissez au moins un format."
        dialog.format_boxes["pdf"].setChecked(True)
        assert dialog.pdf_refused.isHidden()
        dialog.protect.setChecked(True)
        assert not dialog.pdf_refused.isHidden()  # said as soon as both are ticked
        dialog.password.setText("Remise-au-parquet 2026")
        dialog.password_confirm.setText("Remise-au-parquet 2026")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.outcome.text().startswith("Un PDF/A ne peut pas être protégé par un mot de passe")
        assert not dialog.background.busy()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(refuse)
    window.export_action.trigger()
    assert not out.exists() and gui_workspace.store.exports(hearing) == []


def test_without_libreoffice_the_dialog_names_the_documents_that_stay_in_word(
    qtbot, window, gui_workspace, hearing, monkeypatch
):
    monkeypatch.setattr(libreoffice, "available", lambda: False)
    template = window.session.template
    word_models = [d.title for d in template.documents if not built_in(d)]
    assert word_models

    def look(dialog):
        ticked = [dialog._specs[i].title for i in dialog.chosen() if not built_in(dialog._specs[i])]
        assert ticked
        dialog.format_boxes["pdf"].setChecked(True)
        note = dialog.office_note.text()
        assert not dialog.office_note.isHidden()
        assert note.startswith(f"LibreOffice n'est pas installé sur cet ordinateur{NBSP}:")
        assert all(f"«{NBSP}{title}{NBSP}»" in note for title in ticked)
        assert "resteront au format Word (.docx) seulement, sans" in note
        for fmt in ("odt", "pdf"):
            dialog.format_boxes[fmt].setChecked(False)
        dialog.format_boxes["docx"].setChecked(True)
        assert dialog.office_note.isHidden()  # Word alone: nothing to convert
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.export_action.trigger()


class Laptop:
    """A 1366x768 station screen less its task bar, standing in for the test platform's."""

    def availableGeometry(self) -> QRect:
        return QRect(0, 0, 1366, 728)


def test_the_dialog_is_resizable_and_its_result_list_fits_a_1366x768_screen(
    qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch
):
    monkeypatch.setattr(window, "screen", lambda: Laptop())
    render = export_dialog.render_all

    def many(*args, **kwargs):  # more files than the list shows at once: each document in five copies
        return render(*args, **kwargs) * 5

    monkeypatch.setattr(export_dialog, "render_all", many)

    def check(dialog):
        assert dialog.frameGeometry().height() <= 728 - 30  # the title bar too
        assert dialog.minimumWidth() < dialog.width() and dialog.minimumHeight() < dialog.height()
        assert dialog.maximumWidth() > 1366 and dialog.maximumHeight() > 768  # no fixed size
        table = dialog.results
        qtbot.waitUntil(lambda: table.visibleRegion().boundingRect().height() == table.height(), timeout=2000)
        assert table.rowCount() == len(dialog.written) > export_dialog.FILE_ROWS_SHOWN
        last = table.rowCount() - 1
        table.scrollToItem(table.item(last, 0))
        assert table.visualItemRect(table.item(last, 0)).bottom() <= table.viewport().height()
        assert not table.horizontalScrollBar().isVisible()
        dialog.resize(dialog.minimumSize())
        assert dialog.size() == dialog.minimumSize()

    export_then(window, qtbot, tmp_path / "out", check, formats_ticked=formats.DOCUMENT_FORMATS)


def test_closing_while_printing_waits_for_the_print_to_be_recorded(
    qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch
):
    import threading

    release, sent = threading.Event(), []

    def slow_service(path, copies=1, printer=""):
        release.wait(20)
        sent.append(path)

    monkeypatch.setattr(printing, "print_file", slow_service)

    def close_while_printing(dialog):
        dialog.show()
        dialog.folder.setText(str(tmp_path / "out"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=60000)
        qtbot.mouseClick(dialog._row_buttons(0)[1], Qt.MouseButton.LeftButton)
        assert not dialog.print_all_button.isEnabled()  # one print at a time
        dialog.reject()  # Échap, Fermer or the title bar's cross: the window's thread must not wait
        assert dialog.isVisible() and "L'impression continue" in dialog.action_result.text()
        assert dialog.close_button.text() == "Fermeture après l'impression…"
        release.set()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(close_while_printing)
    window.export_action.trigger()
    assert len(sent) == 1
    assert [a for a, _d in history_of(window, qtbot) if a == "Impression"] == ["Impression"]


def test_imprimer_tout_hands_cups_the_pdfs_with_their_copies(
    qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch
):
    """The real boundary, with a stand-in ``lp`` on the PATH writing down each command it gets."""
    bin_dir, log = tmp_path / "bin", tmp_path / "lp.log"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\necho "request id is Bureau-12 (1 file(s))"\n')
    lp.chmod(0o755)

    def check(dialog):
        monkeypatch.setenv("PATH", str(bin_dir))
        qtbot.mouseClick(dialog.print_all_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in dialog.action_result.text(), timeout=10000)

    export_then(window, qtbot, tmp_path / "out", check)
    pv_pdf = next(
        r.path for r in gui_workspace.store.exports(hearing) if r.document_id == "pv" and r.path.endswith(".pdf")
    )
    commands = log.read_text().splitlines()
    assert f"-n 3 -- {pv_pdf}" in commands  # the person heard, the interpreter, the investigator
    assert len(commands) == len({r.document_id for r in gui_workspace.store.exports(hearing)})
    assert f"{pv_pdf} — 3 exemplaires" in [d for a, d in history_of(window, qtbot) if a == "Impression"]


def press_space_on(qtbot, dialog, button) -> None:
    """The keyboard user's way: the button given the focus, then Espace."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    QTest.keyClick(button, Qt.Key.Key_Space)


def test_after_an_export_from_the_keyboard_the_focus_is_on_the_files_not_on_fermer(
    qtbot, window, gui_workspace, hearing, tmp_path
):
    """« Exporter » is greyed while it works: the focus must not fall on « Fermer », one key from closing."""
    seen = {}

    def step(dialog):
        dialog.show()
        dialog.folder.setText(str(tmp_path / "out"))
        press_space_on(qtbot, dialog, dialog.export_button)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=60000)
        seen["focus"] = QApplication.focusWidget()
        seen["results"] = dialog.results
        seen["row"] = dialog.results.currentRow()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(step)
    window.export_action.trigger()
    assert seen["focus"] is seen["results"] and seen["row"] == 0


@pytest.mark.parametrize("which", ["one", "all"])
def test_after_a_print_from_the_keyboard_the_focus_is_back_on_its_button(
    qtbot, window, gui_workspace, hearing, tmp_path, printed, which
):
    """« Imprimer » is greyed while the print service answers: Espace pressed again must not close the dialog."""

    def check(dialog):
        button = dialog._row_buttons(0)[1] if which == "one" else dialog.print_all_button
        press_space_on(qtbot, dialog, button)
        qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in dialog.action_result.text(), timeout=10000)
        assert QApplication.focusWidget() is button
        assert dialog.isVisible()

    export_then(window, qtbot, tmp_path / "out", check)


def test_the_settings_no_longer_ask_for_a_format_once_one_is_ticked(qtbot, window, gui_workspace):
    """« Cochez au moins un format » goes as soon as a format (or « Selon la force du profil ») is ticked."""

    def choose(dialog):
        qtbot.mouseClick(dialog.by_force, Qt.MouseButton.LeftButton)
        for box in dialog.format_boxes.values():
            box.setChecked(False)
        dialog.save()
        assert not dialog.formats_problem.isHidden()
        qtbot.mouseClick(dialog.format_boxes["odt"], Qt.MouseButton.LeftButton)
        assert dialog.formats_problem.isHidden()
        dialog.format_boxes["odt"].setChecked(False)
        dialog.save()
        assert not dialog.formats_problem.isHidden()
        dialog.by_force.setChecked(True)
        assert dialog.formats_problem.isHidden()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(choose)
    window.settings_action.trigger()


def test_tab_never_stops_on_the_dialogs_scrolling_area(qtbot, window, gui_workspace, hearing, tmp_path):
    """From « Fermer », Tab goes round to the list of documents: no stop where nothing shows the focus."""

    def check(dialog):
        stops = []
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.close_button.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.close_button)
        for _ in range(3 * len(dialog.written) + 12):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            stops.append(QApplication.focusWidget())
        assert dialog.body not in stops
        assert stops[0] is dialog.documents

    export_then(window, qtbot, tmp_path / "out", check)


def test_the_settings_ask_for_a_format_in_the_room_its_words_take(qtbot, window, gui_workspace):
    """The red line set while hidden was measured at a hidden label's width, and kept that height once shown."""

    def choose(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.by_force, Qt.MouseButton.LeftButton)
        for box in dialog.format_boxes.values():
            box.setChecked(False)
        before = dialog.height()
        dialog.save()
        label = dialog.formats_problem
        one_line = label.fontMetrics().height()
        qtbot.waitUntil(lambda: label.width() > 300)
        qtbot.wait(50)
        assert label.height() <= 2 * one_line + 4  # a sentence on one or two lines, no blank band around it
        assert dialog.height() <= before + 3 * one_line  # nor elsewhere in the dialog
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(choose)
    window.settings_action.trigger()
