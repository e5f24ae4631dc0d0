"""What the investigator does once is written once: one commit (one fsync) per job, through the real window."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from audition_assistant.ui.review_page import TRANSCRIPT
from commits import commits
from hearings import make_hearing
from keyboard import focus, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_typing_pause_is_one_commit(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000710", person={"nom": "Ionescu", "prenoms": "Maria"})
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    focus(qtbot, window, page.transcript.question)
    type_text("Où dormiez-vous ?")
    qtbot.waitUntil(lambda: store.draft(hearing) == ("Où dormiez-vous ?", ""))
    press(Qt.Key.Key_Tab)
    with commits(store) as seen:
        type_text("Dans un hôtel.")
        qtbot.waitUntil(lambda: store.draft(hearing) == ("Où dormiez-vous ?", "Dans un hôtel."))
    assert len(seen) == 1
    with commits(store) as seen:
        press(Qt.Key.Key_Return, CTRL)  # added: the entry, and the draft emptied with it
    assert len(seen) == 1
    assert [(e.question, e.answer) for e in store.entries(hearing)] == [("Où dormiez-vous ?", "Dans un hôtel.")]
    assert store.draft(hearing) == ("", "")


def test_a_new_hearing_from_its_dialog_is_one_commit(qtbot, window, gui_workspace):
    store = gui_workspace.store
    case_id = store.create_case("2026/000711", "Affaire c/ X")
    window.cases.reload(select=case_id)

    def start(dialog):
        dialog.nom.setText("Castaño Rueda")
        dialog.prenoms.setText("Yuliana")
        dialog.birth.setDate(QDate(1998, 7, 22))
        dialog.place.setText("Lille, commissariat central")
        titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        dialog.templates.setCurrentRow(
            next(i for i, t in enumerate(titles) if t.startswith("Audition de victime majeure"))
        )
        dialog.accept()
        return dialog.result()

    window.run_dialog.push(start)
    with commits(store) as seen:
        window.new_hearing(case_id)
    assert len(seen) == 1
    session = window.session
    identity = {"nom": "Castaño Rueda", "prenoms": "Yuliana", "date_naissance": "1998-07-22"}
    assert store.person(session.person_id).identity == identity
    assert store.answers(session.hearing_id)[session.template.pv.subject] == identity


def test_an_identity_typed_is_one_commit_for_the_answer_and_the_person_heard(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000712", person={"nom": "Ionescu", "prenoms": "Maria"})
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("identite")
    line = page.forms["identite"].editors["victime"].members["nationalite"].line
    focus(qtbot, window, line)
    with commits(store) as seen:
        type_text("roumaine")
        line.editingFinished.emit()
        qtbot.waitUntil(lambda: store.person(page.session.person_id).identity.get("nationalite") == "roumaine")
    assert len(seen) == 1
    assert store.answers(hearing)["victime"]["nationalite"] == "roumaine"


def test_an_identity_typed_on_a_full_disk_leaves_nothing_then_is_saved_whole_with_what_it_fills(
    qtbot, window, gui_workspace, monkeypatch
):
    from audition_assistant.ui import hearing_session
    from disk import fill_disk, free_disk

    monkeypatch.setattr(hearing_session, "RETRY_MS", 150)
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000713", person={"nom": "Ruiz", "prenoms": "Ana"})
    person_id = store.hearing(hearing).person_id
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to("identite")
    line = page.forms["identite"].editors["victime"].members["langues"].line
    focus(qtbot, window, line)
    fill_disk(store)
    audit = len(store.audit_entries())
    type_text("espagnol")
    line.editingFinished.emit()
    qtbot.waitUntil(lambda: page.session.unsaved() == ["victime"])
    assert "langues" not in store.person(person_id).identity  # neither the person
    assert "langues" not in (store.answers(hearing).get("victime") or {})  # nor the answer
    assert "droits_langue" not in store.answers(hearing)  # nor what it fills
    assert len(store.audit_entries()) == audit

    free_disk(store)
    qtbot.waitUntil(lambda: not page.session.unsaved(), timeout=3000)
    assert store.person(person_id).identity["langues"] == "espagnol"
    assert store.answers(hearing)["victime"]["langues"] == "espagnol"
    assert store.answers(hearing)["droits_langue"] == page.session.view.answers["droits_langue"] is not None
    assert store.verify_audit().ok


def test_opening_a_hearing_writes_its_consultation_only_and_it_opens_where_it_was_left(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000714", person={"nom": "Ruiz", "prenoms": "Ana"})
    window.open_hearing(hearing)
    window.hearing_page.go_to(TRANSCRIPT)
    window.show_cases()
    before = len(store.audit_entries(hearing))
    with commits(store) as seen:
        window.open_hearing(hearing)
    assert len(seen) == 1  # the consultation's audit entry, nothing else
    assert [e.action for e in store.audit_entries(hearing)[before:]] == ["hearing_opened"]
    assert window.hearing_page.current_page() == TRANSCRIPT
