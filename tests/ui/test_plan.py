"""The plan dialog typed by keyboard, the checklist ticked beside the Q/R without taking a keystroke, the evaluation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog

from audition_assistant.core import archive
from audition_assistant.core.evaluation import HEADING
from audition_assistant.core.store.records import HearingPlan
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import focus, focused, press, type_text
from readers import docx_text, flat

CTRL = Qt.KeyboardModifier.ControlModifier
PLAN = HearingPlan(
    objectives=("Établir le trajet depuis Craiova", "Identifier le logeur"),
    known_facts=("Le passeport retenu par le logeur",),
    breaks=("Pause à 11 h",),
)


def _shown(qtbot, window, dialog) -> None:
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_the_plan_is_written_box_by_box_with_the_keyboard_and_shown_as_the_checklist(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000810", person={"nom": "Popescu", "prenoms": "Ioana"})
    window.open_hearing(hearing)
    page = window.hearing_page
    assert (
        page.transcript.notes.isVisibleTo(page.transcript)
        and page.transcript.notes.tabText(page.transcript.notes.indexOf(page.plan_checklist)) == "Plan"
    )
    assert "Pas de plan" in page.plan_checklist.list.item(0).text()

    def write(dialog):
        _shown(qtbot, window, dialog)
        qtbot.waitUntil(lambda: focused() is dialog.boxes["objectives"])
        type_text("Établir le trajet depuis Craiova\nIdentifier le logeur\n\n")
        press(Qt.Key.Key_Tab)
        assert focused() is dialog.boxes["elements"]  # Tab moves on, it is not typed
        type_text("cp-225-4-1.moyen")
        press(Qt.Key.Key_Tab)
        type_text("Le passeport retenu par le logeur")
        press(Qt.Key.Key_Tab)
        type_text("Repas à midi")
        press(Qt.Key.Key_Tab)
        assert focused() is dialog.language
        type_text("roumain")
        press(Qt.Key.Key_Tab)
        type_text("Mme Ilinca Voda")
        press(Qt.Key.Key_Tab)
        type_text("Salle adaptée")
        press(Qt.Key.Key_Tab)
        type_text("Pause à 11 h")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.result()

    window.run_dialog.push(write)
    window.plan_action.trigger()

    plan = store.plan(hearing)
    assert plan is not None and plan.objectives == ("Établir le trajet depuis Craiova", "Identifier le logeur")
    assert plan.elements == ("cp-225-4-1.moyen",) and plan.welfare == ("Repas à midi",)
    assert (plan.interpreter_language, plan.interpreter_name) == ("roumain", "Mme Ilinca Voda")
    assert plan.special_measures == ("Salle adaptée",) and plan.breaks == ("Pause à 11 h",)
    assert [e.action for e in store.audit_entries(hearing)].count("plan_saved") == 1
    rows = [row.text() for row in page.plan_checklist.items()]
    # The element written as its key reads as its label from the references table.
    means = "Moyen : menace, contrainte, violence, manœuvre dolosive, abus d'autorité ou de vulnérabilité, rémunération"
    assert rows == ["Établir le trajet depuis Craiova", "Identifier le logeur", means, "Pause à 11 h"]
    texts = [page.plan_checklist.list.item(i).text() for i in range(page.plan_checklist.list.count())]
    assert "Le passeport retenu par le logeur" in texts  # the reminder

    # Opened again: what was saved is in the boxes; a refusal is said in French and keeps the dialog open.
    case_id = store.hearing(hearing).case_id
    gui_workspace.export_archive(case_id, Path(store.path).parent / "remis.age", "une phrase pour l'archive",
                                 then=archive.HAND_OVER)  # fmt: skip

    def refused(dialog):
        _shown(qtbot, window, dialog)
        assert dialog.boxes["objectives"].toPlainText() == "Établir le trajet depuis Craiova\nIdentifier le logeur"
        assert dialog.language.text() == "roumain"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "transmis" in dialog.error.text()
        dialog.reject()
        return dialog.result()

    window.run_dialog.push(refused)
    window.plan_action.trigger()
    assert window.run_dialog.seen == ["planDialog", "planDialog"]


def _click(qtbot, checklist, row) -> None:
    rect = checklist.list.visualItemRect(row)
    qtbot.mouseClick(checklist.list.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def test_ticking_while_typing_takes_no_keystroke_and_leaves_the_cursor_in_the_box(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000811", person={"nom": "Popescu", "prenoms": "Ioana"})
    store.save_plan(hearing, PLAN)
    window.open_hearing(hearing)
    page = window.hearing_page
    page.go_to(TRANSCRIPT)
    editor, checklist = page.transcript, page.plan_checklist
    no_focus = Qt.FocusPolicy.NoFocus
    assert checklist.list.focusPolicy() == no_focus and editor.notes.focusPolicy() == no_focus
    focus(qtbot, window, editor.question)

    type_text("Comment êtes-vous ")
    first, second, pause = checklist.items()[0], checklist.items()[1], checklist.items()[2]
    _click(qtbot, checklist, first)
    type_text("arrivée à Lyon ?")
    press(Qt.Key.Key_Tab)
    type_text("Par le car, ")
    _click(qtbot, checklist, pause)
    _click(qtbot, checklist, pause)  # unticked again
    _click(qtbot, checklist, second)
    type_text("avec Dorina.")

    assert QApplication.focusWidget() is editor.answer
    assert editor.question.toPlainText() == "Comment êtes-vous arrivée à Lyon ?"
    assert editor.answer.toPlainText() == "Par le car, avec Dorina."
    assert [row.checkState() for row in checklist.items()] == [Qt.CheckState.Checked, Qt.CheckState.Checked,
                                                                 Qt.CheckState.Unchecked]  # fmt: skip
    assert [i.done for i in store.plan(hearing).items()] == [True, True, False]
    assert [e.action for e in store.audit_entries(hearing)].count("plan_item_checked") == 4

    press(Qt.Key.Key_Return, CTRL)
    assert [(e.question, e.answer) for e in store.entries(hearing)] == [
        ("Comment êtes-vous arrivée à Lyon ?", "Par le car, avec Dorina.")
    ]
    assert QApplication.focusWidget() is editor.question

    # Space ticks the current item when the checklist was given the focus (never by a click).
    checklist.list.setCurrentItem(pause)
    checklist.list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is checklist.list)
    press(Qt.Key.Key_Space)
    assert pause.checkState() == Qt.CheckState.Checked and store.plan(hearing).items()[2].done


def test_the_checklist_is_emptied_at_the_lock(qtbot, window, gui_workspace):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000812", person={"nom": "Popescu", "prenoms": "Ioana"})
    store.save_plan(hearing, PLAN)
    window.open_hearing(hearing)
    page = window.hearing_page
    assert page.plan_checklist.list.count() > 0
    page.clear_for_lock()
    assert page.plan_checklist.list.count() == 0


def test_the_evaluation_of_a_closed_hearing_is_written_and_exported_off_the_window_thread(
    qtbot, window, gui_workspace, clock, tmp_path
):
    store = gui_workspace.store
    hearing = make_hearing(gui_workspace, procedure="2026/000813", person={"nom": "Popescu", "prenoms": "Ioana"})
    store.save_plan(hearing, PLAN)
    store.add_entry(hearing, None, "Racontez-moi votre arrivée.", "Je suis arrivée en car.")
    store.add_event(hearing, TimelineEvent("start", clock()))
    clock.advance(minutes=30)
    store.add_event(hearing, TimelineEvent("end", clock()))
    window.open_hearing(hearing)
    out = tmp_path / "evaluation"

    def evaluate(dialog):
        _shown(qtbot, window, dialog)
        qtbot.waitUntil(lambda: focused() is dialog.covered)
        type_text("Le trajet et le logement.")
        press(Qt.Key.Key_Tab)
        assert focused() is dialog.follow_up
        type_text("Entendre Dorina\nRéquisition à l'opérateur")
        press(Qt.Key.Key_Tab)
        type_text("Audition calme.")
        for fmt, box in dialog.formats.items():
            box.setChecked(fmt in ("docx", "pdf"))
        dialog.folder.setText(str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=20000)
        assert "Évaluation exportée : 2 fichiers" in flat(dialog.outcome.text())
        dialog.reject()
        return dialog.result()

    window.run_dialog.push(evaluate)
    window.evaluation_action.trigger()

    notes = store.evaluation(hearing)
    assert notes is not None and notes.covered == "Le trajet et le logement."
    assert notes.follow_up == ("Entendre Dorina", "Réquisition à l'opérateur") and notes.remarks == "Audition calme."
    files = sorted(out.iterdir())
    assert [f.suffix for f in files] == [".docx", ".pdf"]
    text = flat(docx_text(next(f for f in files if f.suffix == ".docx")))
    assert HEADING in text and "Entendre Dorina" in text and "Non fait : Identifier le logeur" in text
    assert [e.document_id for e in store.exports(hearing)] == ["evaluation", "evaluation"]
    assert store.verify_audit(replay=True).ok
