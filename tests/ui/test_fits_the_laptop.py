"""The window at a station laptop's size: every label, entry and title shows whole, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from audition_assistant.core.timeline import TimelineEvent
from hearings import make_hearing
from keyboard import press, type_text

LAPTOPS = [(1280, 720), (1366, 768)]
CTRL = Qt.KeyboardModifier.ControlModifier
ADDRESS = "https://www.instagram.com/kevin_le_boss_du_93_officiel_compte_principal"


@pytest.mark.parametrize("size", LAPTOPS)
def test_every_label_of_every_section_shows_whole(qtbot, window, gui_workspace, size):
    window.resize(*size)
    cut = []
    for template in gui_workspace.catalog.valid():
        hearing_id = make_hearing(gui_workspace, procedure=f"2026/{template.id}", template=template.id)
        window.open_hearing(hearing_id)
        page = window.hearing_page
        for section_id, form in page.forms.items():
            page.go_to(section_id)
            if page.current_page() != section_id:
                continue  # a section its condition hides (a foreign person, a minor...)
            for field_id in form.labels:  # the fields a condition hides too, as an answer would show them
                form.labels[field_id].show()
                form.rows[field_id].show()
            qtbot.wait(5)
            for field_id, label in form.labels.items():
                needed = label.heightForWidth(label.width())
                if label.height() < needed:
                    cut.append(f"{template.id}/{field_id}: {label.text()!r} {label.height()} < {needed} px")
    assert not cut, "\n".join(cut)


def test_a_web_address_in_an_answer_leaves_the_list_readable_at_1280(qtbot, window, gui_workspace, clock):
    hearing_id = make_hearing(gui_workspace)
    gui_workspace.store.add_event(hearing_id, TimelineEvent("start", clock.now))
    window.resize(1280, 720)
    window.open_hearing(hearing_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(Qt.Key.Key_R, CTRL)
    type_text("Tu peux me parler de la personne qui s'appelait Kevin ?")
    press(Qt.Key.Key_Tab)
    answer = f"Il avait un compte {ADDRESS} et il m'envoyait des messages."
    type_text(answer)
    press(Qt.Key.Key_Return, CTRL)
    editor = window.hearing_page.transcript
    view = editor.entries

    def fits() -> None:
        qtbot.wait(10)
        assert not view.horizontalScrollBar().isVisible()
        assert view.visualRect(editor.model.index(0)).width() <= view.viewport().width()

    fits()
    view.setCurrentIndex(editor.model.index(0))
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)  # "Modifier" narrows the list
    assert editor.cancel_button.isVisible()
    fits()
    assert [e.answer for e in gui_workspace.store.entries(hearing_id)] == [answer]  # stored as typed


def reads_whole(view) -> bool:
    """No sideways scrolling and every line as wide as the list at most: the text wraps inside it."""
    view.doItemsLayout()
    width = view.viewport().width()
    within = all(view.visualItemRect(view.item(i)).width() <= width for i in range(view.count()))
    return not view.horizontalScrollBar().isVisible() and within


def test_the_template_list_of_a_new_hearing_wraps_long_titles(qtbot, window, gui_workspace):
    window.resize(1280, 720)
    case_id = gui_workspace.store.create_case("2026/000950", "Affaire c/ X")
    window.cases.reload(select=case_id)

    def look(dialog):
        dialog.show()
        qtbot.wait(10)
        assert dialog.width() <= 1280
        view = dialog.templates
        titles = [t.title for t in gui_workspace.catalog.valid() if t.kind != "attestation"]
        shown = [view.item(i).text() for i in range(view.count())]
        long_title = max(titles, key=len)
        assert any(text.startswith(long_title) for text in shown)  # the whole title, not cut
        assert any(view.item(i).toolTip().startswith(long_title) for i in range(view.count()))
        qtbot.waitUntil(lambda: reads_whole(view))
        return 0

    window.run_dialog.push(look)
    qtbot.mouseClick(window.cases.new_hearing_button, Qt.MouseButton.LeftButton)
    assert window.run_dialog.seen == ["newHearingDialog"]


def test_the_hearings_of_a_case_wrap_their_lines_at_1280(qtbot, window, gui_workspace):
    person = {"nom": "Restrepo Garcia", "prenoms": "Maria Camila Alejandra"}
    make_hearing(gui_workspace, procedure="2026/000951", person=person)
    window.resize(1280, 720)
    window.cases.reload()
    qtbot.wait(10)
    view = window.cases.hearings
    [text] = [view.item(i).text() for i in range(view.count())]
    assert text.startswith("RESTREPO GARCIA Maria Camila Alejandra — Audition de victime majeure")
    assert view.item(0).toolTip() == text
    qtbot.waitUntil(lambda: reads_whole(view))


def test_the_guidance_keeps_french_signs_with_their_words_however_it_wraps(
    qtbot, window, gui_workspace, build_template, small_raw
):
    # A template written with ordinary spaces, as an author types it.
    small_raw["sections"][0]["guidance"] = "Une dette qui augmente (« amendes ») : notez-la ; pourquoi ?"
    template = build_template(small_raw)
    store = gui_workspace.store
    case_id = store.create_case("2026/000952")
    hearing_id = gui_workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    window.resize(1280, 720)
    window.open_hearing(hearing_id)
    page = window.hearing_page
    page.go_to(small_raw["sections"][0]["id"])
    shown = page.guidance.document().toRawText()  # the text as drawn, its no-break spaces kept
    assert "Une dette qui augmente («\u00a0amendes\u00a0»)\u00a0: notez-la\u00a0; pourquoi\u00a0?" in shown
