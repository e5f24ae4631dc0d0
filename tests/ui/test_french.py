"""French everywhere: Qt's own words and calendar, and spell-checking in the boxes the investigator types in."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
)

from audition_assistant.core.spelling import FrenchChecker
from audition_assistant.ui import spelling
from audition_assistant.ui.app import say_when_unchecked
from audition_assistant.ui.hearing_session import HearingSession
from audition_assistant.ui.transcript_editor import TranscriptEditor
from keyboard import type_into

SPELL = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def underlined(edit: QPlainTextEdit) -> list[str]:
    """The words the spell-checker underlines in ``edit``, read from what Qt draws."""
    found = []
    block = edit.document().begin()
    while block.isValid():
        for part in block.layout().formats():
            if part.format.underlineStyle() == SPELL:
                found.append(block.text()[part.start : part.start + part.length])
        block = block.next()
    return found


def texts(menu) -> list[str]:
    """The menu's entries as read, without accelerators and shortcuts."""
    return [action.text().replace("&", "").split("\t")[0] for action in menu.actions() if not action.isSeparator()]


@pytest.fixture
def answer_box(qtbot, gui_workspace, template):
    """The Q/R editor of a new hearing, the cursor in the answer box."""
    store = gui_workspace.store
    case_id = store.create_case("2026/31")
    hearing_id = gui_workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    editor = TranscriptEditor(HearingSession(gui_workspace, hearing_id))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    editor.answer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.answer)
    yield editor
    spelling.use_personal(None)


def test_standard_buttons_menus_and_the_calendar_speak_french(qtbot):
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Oui"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Non"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text().replace("&", "") for b in buttons.buttons()) == ["Annuler", "Enregistrer"]
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    assert {"Annuler", "Coller", "Tout sélectionner"} <= set(texts(menu))
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setCurrentPage(2010, 3)
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert calendar.locale().name() == "fr_FR" and month.text() == "mars"
    assert QLocale().toString(QDate(2010, 3, 14), QLocale.FormatType.LongFormat) == "dimanche 14 mars 2010"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday


def test_the_application_itself_starts_in_french(tmp_path):
    """What the GUI command sets up (not only the tests' fixture): a standard button reads « Oui »."""
    code = (
        "import os, sys, pathlib; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "from audition_assistant.core.paths import DataPaths\n"
        "from audition_assistant.ui.app import run_gui\n"
        "app = QApplication([])\n"
        "assert run_gui(DataPaths(pathlib.Path(sys.argv[1])), exit_after_start=True) == 0\n"
        "box = QMessageBox(); box.setStandardButtons(QMessageBox.StandardButton.Yes)\n"
        "print(box.button(QMessageBox.StandardButton.Yes).text().replace('&', ''))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Oui"


def test_a_misspelt_word_typed_in_the_answer_is_underlined_and_the_typing_kept_exactly(answer_box, french):
    assert french.checker.available, french.note
    typed = "Aujourd'hui, l'interprète dit : c'est-à-dire que Nayeli RESTREPO avait un temprament violent."
    type_into(QApplication.focusWidget(), typed)
    answer = answer_box.answer
    assert answer.toPlainText() == typed
    assert underlined(answer) == ["temprament"]
    answer_box.flush()
    assert answer_box.session.draft()[1] == typed


def test_the_question_box_is_checked_too(answer_box):
    answer_box.question.setFocus()
    type_into(QApplication.focusWidget(), "Quel est votre tempérament ? Et celui de votre mère, son temprament ?")
    assert underlined(answer_box.question) == ["temprament"]


def test_the_right_click_menu_suggests_in_french_and_replaces_the_word(qtbot, answer_box):
    type_into(QApplication.focusWidget(), "un temprament calme")
    for _ in " calme":
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    menu = spelling.context_menu(answer_box.answer)
    qtbot.waitUntil(lambda: "tempérament" in texts(menu), timeout=5000)
    shown = texts(menu)
    assert shown.index("tempérament") < shown.index("Ajouter au dictionnaire") < shown.index("Ignorer")
    assert "Coller" in shown and "Copy" not in shown  # Qt's own entries, in French
    next(a for a in menu.actions() if a.text() == "tempérament").trigger()
    assert answer_box.answer.toPlainText() == "un tempérament calme"
    assert underlined(answer_box.answer) == []


def test_a_word_added_goes_to_the_store_and_is_no_longer_underlined(answer_box, gui_workspace):
    spelling.use_personal(gui_workspace.store)
    type_into(QApplication.focusWidget(), "la kalvrinska")
    assert underlined(answer_box.answer) == ["kalvrinska"]
    changed = []
    answer_box.answer.textChanged.connect(lambda: changed.append(True))
    menu = spelling.context_menu(answer_box.answer)
    next(a for a in menu.actions() if a.text() == "Ajouter au dictionnaire").trigger()
    assert gui_workspace.store.personal_words() == ["kalvrinska"]
    assert underlined(answer_box.answer) == []
    assert changed == [] and answer_box.answer.toPlainText() == "la kalvrinska"  # underlining is not typing


def test_ignore_accepts_the_word_for_the_session_without_storing_it(answer_box, gui_workspace):
    spelling.use_personal(gui_workspace.store)
    type_into(QApplication.focusWidget(), "le mot zorvalik")
    menu = spelling.context_menu(answer_box.answer)
    next(a for a in menu.actions() if a.text() == "Ignorer").trigger()
    assert underlined(answer_box.answer) == [] and gui_workspace.store.personal_words() == []


def test_a_missing_dictionary_underlines_nothing_and_says_so_once_in_french(qtbot, window, french, capsys):
    broken = spelling.install(FrenchChecker("xx_XX"))
    try:
        say_when_unchecked(window, broken)
        qtbot.waitUntil(lambda: bool(broken.note))
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == broken.note)
        assert "Correcteur orthographique indisponible" in broken.note and "hunspell-fr" in broken.note
        box = QPlainTextEdit()
        qtbot.addWidget(box)
        spelling.attach(box)
        box.show()
        box.setFocus()
        type_into(box, "un temprament")
        assert box.toPlainText() == "un temprament" and underlined(box) == []
        assert "Traceback" not in capsys.readouterr().err
    finally:
        spelling.install(french.checker)


def test_a_line_field_offers_suggestions_in_its_menu(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    spelling.attach(line)
    line.show()
    line.setFocus()
    QTest.keyClicks(line, "Adresse: rue du temprament")
    menu = spelling.context_menu(line)
    qtbot.waitUntil(lambda: "tempérament" in texts(menu), timeout=5000)
    next(a for a in menu.actions() if a.text() == "tempérament").trigger()
    assert line.text() == "Adresse: rue du tempérament"
