"""The review page hands the hearing to the drafting software (plain text, recorded) and previews Word models."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import docx
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from audition_assistant.core.export.handoff import DECLARATIONS, handoff_text
from audition_assistant.ui.hearing_page import REVIEW
from hearings import make_hearing

NBSP = "\u00a0"
ANSWER = "Elle s'appelait « La Mona » ; je l'ai vue deux fois :\nà Pereira, puis à Madrid.\tC'est tout !"


def recorded_hearing(workspace) -> int:
    hearing_id = make_hearing(
        workspace, {"victime": {"nom": "Ruiz", "prenoms": "Ana", "nationalite": "colombienne"}, "cadre": "preliminaire"}
    )
    store = workspace.store
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée à Madrid en 2025.")
    store.add_entry(hearing_id, "recrutement", "Qui vous a proposé ce travail ?", ANSWER)
    return hearing_id


def review_of(window, hearing_id):
    window.open_hearing(hearing_id)
    page = window.hearing_page
    page.go_to(REVIEW)
    return page.review


def test_copy_puts_exactly_the_hand_off_text_on_the_clipboard_and_records_it(qtbot, window, gui_workspace):
    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    expected = handoff_text(gui_workspace.context(hearing_id), identity=True)
    said = []

    def copy(dialog):
        assert dialog.whole.isChecked() and not dialog.identity.isChecked() and not dialog.mentions.isChecked()
        dialog.identity.click()
        # What will be copied is shown in full first (Qt's plain text reads no-break spaces as spaces).
        assert dialog.text.toPlainText() == expected.replace(NBSP, " ")
        dialog.copy_button.click()
        said.append(dialog.outcome.text())
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(copy)
    review.handoff_button.click()
    assert window.run_dialog.seen[-1] == "handoffDialog"

    data = QGuiApplication.clipboard().mimeData()
    assert data.formats() == ["text/plain"]  # no rich text for the drafting software to keep
    assert QGuiApplication.clipboard().text() == expected
    lines = expected.split("\n\n")
    assert f"Réponse{NBSP}: Elle s'appelait «{NBSP}La Mona{NBSP}»\u202f; je l'ai vue deux fois{NBSP}: " in lines[-1]
    assert lines[-1].endswith("à Pereira, puis à Madrid. C'est tout\u202f!")  # the break and the tab: spaces
    assert "Nationalité" + NBSP + ": colombienne" in lines
    what = f"audition entière, identité ({len(expected)} caractères)"
    assert said == [
        f"Copié dans le presse-papiers{NBSP}: audition entière, identité ({len(expected)} caractères). "
        "Collez-le dans le logiciel de rédaction (Ctrl+V). La copie est inscrite dans l'historique de l'audition."
    ]

    [entry] = gui_workspace.store.audit_entries_of("copied_for_drafting")
    assert entry.hearing_id == hearing_id
    assert entry.detail == {"what": "audition entière, identité", "characters": len(expected)}  # never the text

    def look(dialog):
        rows = [
            (dialog.table.item(r, 2).text(), dialog.table.item(r, 3).text()) for r in range(dialog.table.rowCount())
        ]
        assert ("Copie pour le logiciel de rédaction", what) in rows
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.show_history()
    assert window.run_dialog.seen[-1] == "historyDialog"


def test_one_section_is_copied_alone_and_the_lock_takes_it_off_the_clipboard(qtbot, window, gui_workspace):
    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)

    def copy_statements(dialog):
        assert dialog.section.currentData() == DECLARATIONS  # offered first: the statements
        dialog.one.click()
        dialog.copy_button.click()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(copy_statements)
    review.handoff_button.click()
    text = QGuiApplication.clipboard().text()
    assert text == handoff_text(gui_workspace.context(hearing_id), sections=[DECLARATIONS])
    assert text.startswith(f"Question{NBSP}: Racontez-moi") and len(text.split("\n\n")) == 4
    [entry] = gui_workspace.store.audit_entries_of("copied_for_drafting")
    assert entry.detail == {"what": f"section «{NBSP}Déclarations{NBSP}»", "characters": len(text)}

    window.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_nothing_is_copied_when_the_history_cannot_record_it(qtbot, window, gui_workspace, monkeypatch):
    from audition_assistant.core.store import StoreFull

    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    QGuiApplication.clipboard().setText("avant")

    def full(*args, **kwargs):
        raise StoreFull("Disque plein.")

    monkeypatch.setattr(gui_workspace.store, "record_handoff", full)

    def copy(dialog):
        dialog.copy_button.click()
        assert dialog.outcome.text().startswith(f"Rien n'a été copié{NBSP}:")
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(copy)
    review.handoff_button.click()
    assert QGuiApplication.clipboard().text() == "avant"


def test_the_preview_shows_a_word_model_document_filled(qtbot, window, gui_workspace, tmp_path):
    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    titles = [review.document.itemText(i) for i in range(review.document.count())]
    assert "Information des droits de la victime" in titles
    review.document.setCurrentIndex(titles.index("Information des droits de la victime"))
    assert "Préparation de l'aperçu" in review.preview.toPlainText()  # filled off the window's thread
    qtbot.waitUntil(lambda: "INFORMATION DE LA VICTIME SUR SES DROITS" in review.preview.toPlainText(), timeout=20_000)

    [exported] = gui_workspace.export(hearing_id, tmp_path, ["notice-droits"])
    shown = " ".join(review.preview.toPlainText().split())
    written = [p.text for p in docx.Document(io.BytesIO(exported.path.read_bytes())).paragraphs if p.text.strip()]
    assert len(written) > 5
    for paragraph in written:
        assert " ".join(paragraph.split()) in shown

    review.document.setCurrentIndex(0)  # back to the PV, built at once
    assert "PROCÈS-VERBAL" in review.preview.toPlainText()


def test_the_lock_closes_the_dialog_and_empties_it(qtbot, window, gui_workspace):
    from audition_assistant.ui.handoff_dialog import HandoffDialog

    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    dialog = HandoffDialog(window.session, review)
    dialog.show()
    assert "Madrid" in dialog.text.toPlainText()
    window.lock()
    assert not dialog.isVisible()
    assert dialog.text.toPlainText() == "" and dialog.parts.sections == ()


def test_a_word_model_preview_finished_after_the_lock_is_not_shown(qtbot, window, gui_workspace):
    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    review.document.setCurrentIndex(review.document.findData("notice-droits"))
    window.lock()
    assert review.background.wait("preview", timeout=20)
    qtbot.wait(50)  # its report, queued, is dropped
    assert review.preview.toPlainText() == ""


def test_the_history_counts_a_long_copy_as_the_dialog_does(qtbot, window, gui_workspace):
    """Past a thousand characters French groups the digits: « 1 234 caractères » on both screens."""
    hearing_id = recorded_hearing(gui_workspace)
    long_answer = "Nous avons pris le car de nuit jusqu'à Madrid, puis un autre jusqu'à Paris. " * 20
    gui_workspace.store.add_entry(hearing_id, "recit", "Et ensuite ?", long_answer)
    review = review_of(window, hearing_id)
    counted = {}

    def copy(dialog):
        dialog.copy_button.click()
        counted["shown"] = dialog.count.text()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(copy)
    review.handoff_button.click()
    assert counted["shown"].endswith(" caractères") and "\u202f" in counted["shown"]  # e.g. « 1 843 caractères »

    def look(dialog):
        counted["history"] = [
            dialog.table.item(r, 3).text()
            for r in range(dialog.table.rowCount())
            if dialog.table.item(r, 2).text() == "Copie pour le logiciel de rédaction"
        ]
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.show_history()
    assert counted["history"] == [f"audition entière ({counted['shown']})"]


def test_a_word_model_previews_notes_keep_french_no_break_spaces(qtbot, window, gui_workspace):
    """« Information des droits de la victime : langue de remise non renseignée » as the documents write it."""
    hearing_id = recorded_hearing(gui_workspace)
    review = review_of(window, hearing_id)
    titles = [review.document.itemText(i) for i in range(review.document.count())]
    review.document.setCurrentIndex(titles.index("Information des droits de la victime"))
    qtbot.waitUntil(lambda: "langue de remise non renseignée" in review.preview.toPlainText(), timeout=20_000)
    document = review.preview.document()
    note = document.begin().text()  # the first paragraph, as Qt holds it (its plain text turns them into spaces)
    assert note.startswith("⚠ Information des droits de la victime")
    assert f"victime{NBSP}: langue" in note


@pytest.mark.slow
def test_the_application_ends_cleanly_after_a_copy(tmp_path):
    """The clipboard's data is Qt's alone: a copy then the end of the program must not crash it on the way out."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from audition_assistant.ui.handoff_dialog import put_on_clipboard\n"
        "app = QApplication([])\n"
        "put_on_clipboard('Réponse\\u00a0: oui')\n"
        "assert app.clipboard().text() == 'Réponse\\u00a0: oui'\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ended.returncode == 0, ended.stderr
