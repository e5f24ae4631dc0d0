"""Every consultation is in the audit trail, with its account and time: a hearing opened, its review page, each
document previewed, an export, a print, a copy for the drafting software, a search once it settles.

The words searched go into the encrypted database only: never into the window's settings nor any other file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from audition_assistant import cli
from audition_assistant.core import printing
from audition_assistant.core.store import StoreFull
from audition_assistant.ui.hearing_page import REVIEW
from audition_assistant.ui.history_dialog import ACTIONS
from hearings import make_hearing
from keyboard import derived, press, type_into, type_text

from .conftest import PASS

ACCOUNT = "adj.martin"
WORD = "Zéphyrine"  # searched for: found nowhere but in the database


@pytest.fixture
def hearing(window, gui_workspace):
    """A hearing in its case, the store acting for a second account of the station (as its unlock would set it)."""
    gui_workspace.add_account(ACCOUNT, PASS)
    gui_workspace.store.account = ACCOUNT
    hearing_id = make_hearing(gui_workspace, {"victime": {"nom": WORD, "prenoms": "Ana"}}, procedure="2026/000777")
    gui_workspace.store.add_entry(hearing_id, "recit", "Racontez-moi.", "Je suis arrivée en 2025.")
    window.cases.reload()
    return hearing_id


def reads(workspace, *actions):
    return [e for e in workspace.store.audit_entries_of(*actions)]


def case_of(workspace, hearing_id):
    return workspace.store.hearing(hearing_id).case_id


def test_opening_a_hearing_from_the_cases_list_is_logged_with_account_time_and_case(
    qtbot, window, gui_workspace, hearing, clock
):
    page = window.cases
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.hearing_page is not None
    [opened] = reads(gui_workspace, "hearing_opened")
    assert opened.is_read and opened.account == ACCOUNT
    assert (opened.hearing_id, opened.case_id) == (hearing, case_of(gui_workspace, hearing))
    assert opened.at == gui_workspace.store._stamp() and opened.detail == {"ecran": "audition"}


def test_a_hearing_left_on_its_review_page_is_one_consultation_when_it_opens_there(
    qtbot, window, gui_workspace, hearing
):
    window.open_hearing(hearing)
    window.hearing_page.go_to(REVIEW)
    window.show_cases()
    before = len(reads(gui_workspace, "hearing_opened"))
    qtbot.mouseClick(window.cases.open_button, Qt.MouseButton.LeftButton)
    assert window.hearing_page.current_page() == REVIEW  # it opens where it was left
    assert [e.detail for e in reads(gui_workspace, "hearing_opened")[before:]] == [{"ecran": "audition"}]


def test_the_review_page_and_each_document_previewed_are_logged_once_per_look(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(REVIEW)
    opened = reads(gui_workspace, "hearing_opened")
    assert [e.detail["ecran"] for e in opened] == ["audition", "verification"]
    [first] = reads(gui_workspace, "previewed")
    review = page.review
    assert first.detail["document"] == review.document.currentData() and first.account == ACCOUNT
    assert first.case_id == case_of(gui_workspace, hearing)
    gui_workspace.store.set_answer(hearing, "cadre", "preliminaire")
    window.session.refresh()
    review.refresh()  # shown again as the hearing changes: the same look, not a new consultation
    assert len(reads(gui_workspace, "previewed")) == 1
    # A Word model's preview, filled off the window's thread, is logged once shown.
    review.document.setCurrentIndex(review.document.findData("notice-droits"))
    assert len(reads(gui_workspace, "previewed")) == 1
    qtbot.waitUntil(lambda: "INFORMATION DE LA VICTIME" in review.preview.toPlainText(), timeout=20_000)
    second = reads(gui_workspace, "previewed")[-1]
    assert second.detail["document"] == "notice-droits" and second.detail["modele"]
    page.go_to("identite")
    page.go_to(REVIEW)  # looked at again
    assert [e.detail["ecran"] for e in reads(gui_workspace, "hearing_opened")][-1] == "verification"
    qtbot.waitUntil(lambda: len(reads(gui_workspace, "previewed")) == 3, timeout=20_000)
    assert reads(gui_workspace, "previewed")[-1].detail["document"] == "notice-droits"  # the one still chosen


def test_a_hearing_shown_again_after_the_lock_is_a_consultation_again(qtbot, window, gui_workspace, hearing):
    window.open_hearing(hearing)
    window.lock_action.trigger()
    assert gui_workspace.store.locked
    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)
    type_text(PASS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)
    assert window.stack.currentWidget() is window.hearing_page
    opened = reads(gui_workspace, "hearing_opened")
    assert [e.detail for e in opened] == [{"ecran": "audition"}, {"ecran": "audition", "apres_verrouillage": True}]
    assert opened[-1].account == ACCOUNT and opened[-1].hearing_id == hearing


def test_a_consultation_the_trail_cannot_record_is_not_shown(qtbot, window, gui_workspace, hearing, monkeypatch):
    def full(*args, **kwargs):
        raise StoreFull("Disque plein.")

    window.open_hearing(hearing)
    page = window.hearing_page
    monkeypatch.setattr(gui_workspace.store, "record_read", full)
    page.go_to(REVIEW)
    said = page.review.preview.toPlainText()  # Qt's plain text reads no-break spaces as spaces
    assert said.startswith("La consultation n'a pas pu être inscrite au journal d'audit : Disque plein.")
    assert "PROCÈS-VERBAL" not in said
    window.show_cases()
    window.open_hearing(hearing)
    assert window.hearing_page is None
    assert "L'audition n'a pas été ouverte." in window.messages.label.text()


def test_export_print_and_copy_name_the_account_and_the_case(
    qtbot, window, gui_workspace, hearing, tmp_path, monkeypatch
):
    monkeypatch.setattr(printing, "print_file", lambda path, copies=1, printer="": None)
    window.open_hearing(hearing)

    def export(dialog):
        dialog.show()
        dialog.folder.setText(str(tmp_path / "out"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=60_000)
        qtbot.mouseClick(dialog._row_buttons(0)[1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Envoyé à l'imprimante" in dialog.action_result.text(), timeout=10_000)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(export)
    window.export_action.trigger()

    def copy(dialog):
        dialog.copy_button.click()
        return QDialog.DialogCode.Rejected

    window.hearing_page.go_to(REVIEW)
    window.run_dialog.push(copy)
    window.hearing_page.review.handoff_button.click()
    case_id = case_of(gui_workspace, hearing)
    for action in ("exported", "printed", "copied_for_drafting"):
        found = reads(gui_workspace, action)
        assert found, action
        assert all(e.is_read and e.account == ACCOUNT and e.case_id == case_id and e.at for e in found), action


def searched(workspace):
    return [e.detail for e in reads(workspace, "searched")]


def test_a_search_is_logged_once_it_settles_never_at_each_keystroke(qtbot, window, gui_workspace, hearing):
    page = window.cases
    window.focus_search()
    type_into(page.search, WORD)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.waitUntil(lambda: bool(searched(gui_workspace)), timeout=5_000)
    assert searched(gui_workspace) == [{"requete": WORD, "resultats": 1}]  # one entry for the word typed
    [entry] = reads(gui_workspace, "searched")
    assert entry.account == ACCOUNT and entry.case_id is None and entry.hearing_id is None
    qtbot.wait(300)
    assert len(searched(gui_workspace)) == 1

    type_into(page.search, " introuvable")
    press(Qt.Key.Key_Return)  # Enter: logged at once
    assert searched(gui_workspace)[-1] == {"requete": f"{WORD} introuvable", "resultats": 0}

    page.search.clear()
    type_into(page.search, "2026/000777")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.search.clear()  # cleared before it settled: what was shown is logged all the same
    qtbot.waitUntil(lambda: len(searched(gui_workspace)) == 3)
    assert searched(gui_workspace)[-1] == {"requete": "2026/000777", "resultats": 1}
    qtbot.wait(1_700)
    assert len(searched(gui_workspace)) == 3


def test_a_search_shown_when_the_window_locks_is_logged_before_the_key_goes_and_again_after(
    qtbot, window, gui_workspace, hearing
):
    page = window.cases
    window.focus_search()
    type_into(page.search, WORD)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    window.lock()
    assert gui_workspace.locked  # its trail unreadable until the passphrase: counted after
    qtbot.mouseClick(window.lock_screen.passphrase, Qt.MouseButton.LeftButton)
    type_text(PASS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    derived(qtbot, window.lock_screen)
    assert page.model.rowCount() == 1  # the list back, searched again: logged again
    assert searched(gui_workspace) == [{"requete": WORD, "resultats": 1}] * 2  # before the lock, and after


def test_the_words_searched_are_in_no_file_but_the_encrypted_database(
    qtbot, window, gui_workspace, hearing, data_paths, settings
):
    page = window.cases
    window.focus_search()
    type_into(page.search, WORD)
    press(Qt.Key.Key_Return)
    assert searched(gui_workspace) == [{"requete": WORD, "resultats": 1}]
    window.close()
    settings.sync()
    gui_workspace.store.flush_anchor()
    files = [p for p in data_paths.root.rglob("*") if p.is_file()]
    assert Path(settings.fileName()) in files
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        needle = WORD.encode(encoding)
        assert not [p.name for p in files if needle in p.read_bytes()], encoding


def history_rows(dialog):
    return [(dialog.table.item(r, 2).text(), dialog.table.item(r, 4).text()) for r in range(dialog.table.rowCount())]


def test_the_history_shows_reads_and_changes_filtered_by_kind_and_account(qtbot, window, gui_workspace, hearing):
    store = gui_workspace.store
    window.open_hearing(hearing)
    window.hearing_page.go_to(REVIEW)
    store.account = "bgdc.leroy"
    store.set_answer(hearing, "cadre", "preliminaire")
    window.hearing_page.go_to("identite")
    window.hearing_page.go_to(REVIEW)
    labels = {ACTIONS[a] for a in ("hearing_opened", "previewed")}

    def look(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=10_000)
        header = dialog.table.horizontalHeader()
        assert [dialog.table.horizontalHeaderItem(header.logicalIndex(v)).text() for v in range(5)] == [
            "Date", "Par", "Compte", "Action", "Détail"
        ]  # fmt: skip
        everything = history_rows(dialog)
        assert {a for a, _ in everything} >= labels | {"Audition créée", "Réponse modifiée"}
        assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
            "Tout", "Consultations", "Modifications"
        ]  # fmt: skip
        dialog.kind.setCurrentIndex(1)
        qtbot.waitUntil(lambda: dialog.complete)
        shown = history_rows(dialog)
        assert shown and {a for a, _ in shown} == labels
        dialog.kind.setCurrentIndex(2)
        qtbot.waitUntil(lambda: dialog.complete)
        assert not {a for a, _ in history_rows(dialog)} & labels
        dialog.kind.setCurrentIndex(0)
        accounts = [dialog.account.itemText(i) for i in range(dialog.account.count())]
        assert accounts == ["Tous les comptes", ACCOUNT, "bgdc.leroy"]
        dialog.account.setCurrentIndex(accounts.index("bgdc.leroy"))
        qtbot.waitUntil(lambda: dialog.complete)
        shown = history_rows(dialog)
        assert {a for a, _ in shown} == labels | {"Réponse modifiée"} and {c for _, c in shown} == {"bgdc.leroy"}
        details = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
        assert "Ouverture (page de vérification)" in details
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.history_action.trigger()
    assert window.run_dialog.seen[-1] == "historyDialog"


def test_audit_verify_covers_the_reads_and_finds_one_altered(
    qtbot, window, gui_workspace, hearing, data_paths, monkeypatch, capsys
):
    from audition_assistant.core.store import cipher

    window.open_hearing(hearing)
    window.hearing_page.go_to(REVIEW)
    window.show_cases()
    type_into(window.cases.search, WORD)
    press(Qt.Key.Key_Return)
    [search] = reads(gui_workspace, "searched")
    window.close()
    gui_workspace.close()
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASS)
    folder = str(data_paths.root)
    assert cli.main(["--data-dir", folder, "--account", ACCOUNT, "audit", "verify"]) == 0
    assert cli.main(["--data-dir", folder, "--account", ACCOUNT, "audit", "show", "--reads"]) == 0
    out = capsys.readouterr().out
    shown = [line.split("\t") for line in out.splitlines() if line.startswith("20")]
    assert {c[2] for c in shown} == {"hearing_opened", "previewed", "searched"}
    assert {(c[4], c[5]) for c in shown} == {(ACCOUNT, "read")}

    conn = cipher.connect(data_paths.database, PASS)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = ? WHERE id = ?", ['{"requete":"autre chose","resultats":1}', search.id])
    from audition_assistant.core.store import audit

    conn.execute(audit.TRIGGERS["audit_log_no_update"])
    conn.close()
    assert cli.main(["--data-dir", folder, "--account", ACCOUNT, "audit", "verify"]) == cli.EXIT_INVALID
    out = capsys.readouterr().out
    assert f"broken at entry {search.id}: détail modifié après son enregistrement" in out
