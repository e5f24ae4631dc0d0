"""The whole job through real widgets: first start to exported PV, then a restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from audition_assistant.ui.hearing_page import REVIEW
from audition_assistant.ui.main_window import MainWindow
from audition_assistant.ui.passphrase import FirstRunForm, UnlockForm
from audition_assistant.ui.review_page import TRANSCRIPT
from hearings import make_hearing
from keyboard import type_into
from readers import paragraph_texts

PASS = "une phrase secrète de test"


def first_start(qtbot, open_workspace, settings) -> MainWindow:
    """The first start as a user meets it: the main window shows the form, the cases replace it."""
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    dialog = FirstRunForm(open_workspace)
    window.show_gate(dialog)
    window.show()
    assert window.stack.currentWidget() is dialog and not window.new_case_action.isEnabled()
    create = dialog.findChild(QPushButton, "createDatabaseButton")
    type_into(dialog.passphrase, "court")
    type_into(dialog.confirm, "court")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert "trop courte" in dialog.error.text()
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS + "x")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Les deux saisies de la phrase secrète diffèrent."
    dialog.confirm.setText(PASS)
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert "nom et votre prénom" in dialog.error.text()
    assert any("ne peut pas être récupérée" in label.text() for label in dialog.findChildren(QLabel))
    type_into(dialog.profile.inputs["nom"], "Lefèvre")
    type_into(dialog.profile.inputs["prenom"], "Camille")
    type_into(dialog.profile.inputs["grade"], "Capitaine de police")
    type_into(dialog.profile.inputs["service"], "Brigade de protection des familles")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.workspace is not None and window.workspace is dialog.workspace and window.gate is None
    assert window.stack.currentWidget() is window.cases and window.new_case_action.isEnabled()
    return window


def fill_case(dialog):
    dialog.inputs["procedure_number"].setText("2026/004512")
    dialog.inputs["heading"].setText("Affaire c/ X : proxénétisme aggravé")
    dialog.submit()
    return dialog.result()


def pick_adult_template(dialog):
    dialog.nom.setText("Castaño Rueda")
    dialog.prenoms.setText("Yuliana")
    dialog.birth.setDate(QDate(1998, 7, 22))
    dialog.pv_number.setText("2026/004512/00017")
    titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
    assert not any("mineure" in t.lower() and "Mineur" in t for t in titles)  # adult: minor templates hidden
    row = next(i for i, t in enumerate(titles) if t.startswith("Audition de victime majeure"))
    dialog.templates.setCurrentRow(row)
    assert "10-2" in dialog.details.toPlainText()
    dialog.accept()
    return dialog.result()


def identity_editor(page):
    return page.forms["identite"].editors["victime"]


def fill_line(line, text):
    line.setFocus()
    type_into(line, text)
    line.editingFinished.emit()


def test_whole_hearing_flow_to_exported_pv(qtbot, open_workspace, data_paths, settings, clock, tmp_path, new_driver):
    window = first_start(qtbot, open_workspace, settings)
    assert window.workspace.store.profile().nom == "Lefèvre"
    driver = window.run_dialog = new_driver()

    driver.push(fill_case)
    window.new_case_action.trigger()
    assert window.cases.model.rowCount() == 1
    assert window.cases.selected_case().procedure_number == "2026/004512"

    driver.push(pick_adult_template)
    qtbot.mouseClick(window.cases.new_hearing_button, Qt.MouseButton.LeftButton)
    page = window.hearing_page
    assert page is not None and window.stack.currentWidget() is page
    session = window.session

    # Identity: the name came from the new-hearing dialog; a foreign nationality reveals a section.
    identity = identity_editor(page)
    assert identity.members["nom"].value() == "Castaño Rueda"
    assert "information_etranger" not in page.page_ids()
    fill_line(identity.members["nationalite"].line, "colombienne")
    assert "information_etranger" in page.page_ids()
    assert window.saved_label.text().startswith("Enregistré à ")
    # A birth date under 18 switches to minor guidance; back to the adult date afterwards.
    identity.members["date_naissance"].date.setDate(QDate(2012, 1, 5))
    assert "bascule_mineur" in page.page_ids()
    identity.members["date_naissance"].date.setDate(QDate(1998, 7, 22))
    assert "bascule_mineur" not in page.page_ids()
    assert session.store.answers(session.hearing_id)["victime"]["nationalite"] == "colombienne"

    cadre = page.forms["cadre_enquete"].editors["cadre"]
    cadre.combo.setCurrentIndex(cadre.combo.findData("preliminaire"))
    cadre.combo.activated.emit(cadre.combo.currentIndex())
    droits = page.forms["droits"].editors["droits_notifies"]
    droits.combo.setCurrentIndex(droits.combo.findData(True))
    droits.combo.activated.emit(droits.combo.currentIndex())
    # Its mention cites the time of the notification: typed in the field the answer revealed.
    type_into(page.forms["droits"].editors["droits_heure"].line, "09:12")

    # The hearing starts, three questions are asked, a meal break, the hearing ends.
    clock.advance(minutes=5)
    qtbot.mouseClick(page.timeline_bar.start_button, Qt.MouseButton.LeftButton)
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    editor.theme.setCurrentIndex(editor.theme.findData("recit_libre"))
    assert editor.suggestions.count() > 0
    clock.advance(minutes=2)
    editor.use_suggestion(editor.suggestions.item(0))
    suggested = editor.question.toPlainText()
    type_into(editor.answer, "Je suis arrivée à Madrid en 2025.")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    clock.advance(minutes=10)
    editor.theme.setCurrentIndex(editor.theme.findData("recrutement"))
    editor.use_suggestion(editor.suggestions.item(0))
    second = editor.question.toPlainText()
    type_into(editor.answer, "Par une amie de ma cousine.")
    qtbot.keyClick(editor.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.rowCount() == 2
    clock.advance(minutes=15)
    page.timeline_bar.ask_reason = lambda: ("repas", "")
    window.suspend_action.trigger()
    assert page.timeline_bar.resume_button.isEnabled()
    assert window.state_label.text().startswith(
        "Audition suspendue — durée 27\u00a0min (début 9\u00a0h\u00a005) — suspendue à 9\u00a0h\u00a032 : repas"
    )
    clock.advance(minutes=40)
    window.suspend_action.trigger()  # the same shortcut resumes
    clock.advance(minutes=3)
    editor.theme.setCurrentIndex(editor.theme.findData("__libre__"))
    type_into(editor.question, "Voulez-vous ajouter quelque chose ?")
    type_into(editor.answer, "Non, merci.")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert [e.question for e in session.store.entries(session.hearing_id)] == [
        suggested,
        second,
        "Voulez-vous ajouter quelque chose ?",
    ]
    for field_id, value in (("lecture", "par_interprete"), ("signature", "signe")):
        combo = page.forms["cloture"].editors[field_id].combo
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
    clock.advance(minutes=10)
    asked = []
    page.timeline_bar.confirm_end = lambda: asked.append(True) or False  # "Non": nothing happens
    qtbot.mouseClick(page.timeline_bar.end_button, Qt.MouseButton.LeftButton)
    assert asked and not session.closed
    page.timeline_bar.confirm_end = lambda: True
    qtbot.mouseClick(page.timeline_bar.end_button, Qt.MouseButton.LeftButton)
    assert session.closed and not page.forms["identite"].editors["victime"].isEnabled()

    # Review: nothing required is missing; the preview is the PV.
    window.review_action.trigger()
    assert page.current_page() == REVIEW
    assert "PROCÈS-VERBAL" in page.review.preview.toPlainText()

    # Export, without freezing the window, then the documents reopen with what was typed.
    out = tmp_path / "exports"

    def export(dialog):
        # Nothing required is missing; the review's other points are repeated, without blocking.
        points = page.review.problems.count()
        assert dialog.warning.text().startswith(f"⚠ {points} points à revoir (Vérification et export)\u00a0: ")
        assert "obligatoire" not in dialog.warning.text()
        dialog.folder.setText(str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=20000)
        assert not dialog.open_folder_button.isHidden()
        return QDialog.DialogCode.Accepted

    driver.push(export)
    window.export_action.trigger()
    pv = next(Path(p) for p in out.iterdir() if "Procès-verbal" in p.name)
    texts = paragraph_texts(pv)
    sequence = [
        t
        for t in texts
        if t.startswith(("Question :", "Réponse :", "Mention : avons suspendu", "Mention : avons repris"))
    ]
    assert sequence == [
        f"Question : {suggested}",
        "Réponse : Je suis arrivée à Madrid en 2025.",
        f"Question : {second}",
        "Réponse : Par une amie de ma cousine.",
        "Mention : avons suspendu l'audition à 9 h 32 pour permettre le repas.",
        "Mention : avons repris l'audition à 10 h 12.",
        "Question : Voulez-vous ajouter quelque chose ?",
        "Réponse : Non, merci.",
    ]
    assert "Nationalité : colombienne" in texts
    assert (
        "Mention : avons notifié à la personne entendue, à 9 h 12, les droits reconnus aux victimes"
        " par l'article 10-2 du code de procédure pénale." in texts
    )
    assert any(t.startswith("Lecture faite par traduction de l'interprète") and t.endswith("à 10 h 25.") for t in texts)
    assert next(r.document_id for r in session.store.exports(session.hearing_id)) == "pv"


def test_restart_finds_the_hearing_as_left_at_the_same_section(
    qtbot, gui_workspace, open_workspace, settings, data_paths
):
    store = gui_workspace.store
    case_id = store.create_case("2026/000010", "Affaire c/ Y")
    person_id = store.add_person(case_id, {"nom": "Ionescu", "prenoms": "Maria"})
    template = gui_workspace.catalog.get("audition-victime-majeure")
    hearing_id = gui_workspace.start_hearing(case_id, person_id, template)
    window = MainWindow(gui_workspace, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_hearing(hearing_id)
    page = window.hearing_page
    page.go_to("evvi")
    observations = page.forms["evvi"].editors["evvi_observations"]
    observations.text.setFocus()
    type_into(observations.text, "Très fatiguée, a demandé une pause.")
    page.go_to(TRANSCRIPT)
    type_into(page.transcript.question, "Question encore en cours de frappe")
    type_into(page.transcript.answer, "Réponse pas encore ajoutée")
    window.close()  # no explicit save anywhere: closing flushes what waited for the typing pause
    gui_workspace.close()

    reopened = MainWindow(settings=settings)
    qtbot.addWidget(reopened)
    unlock = UnlockForm(open_workspace)
    reopened.show_gate(unlock)
    reopened.show()
    unlock.passphrase.setText("pas la bonne")
    unlock.submit()
    assert unlock.error.text() == "Phrase secrète incorrecte. Réessayez." and unlock.workspace is None
    assert reopened.stack.currentWidget() is unlock
    unlock.passphrase.setText(PASS)
    unlock.passphrase.returnPressed.emit()
    page = reopened.hearing_page  # unlocking goes straight back to the hearing left
    assert page is not None and page.session.hearing_id == hearing_id
    assert page.current_page() == TRANSCRIPT
    assert page.transcript.question.toPlainText() == "Question encore en cours de frappe"
    assert page.transcript.answer.toPlainText() == "Réponse pas encore ajoutée"
    assert page.forms["evvi"].editors["evvi_observations"].value() == "Très fatiguée, a demandé une pause."


def test_missing_required_blocks_nothing_but_is_listed_and_flagged(qtbot, window, gui_workspace, tmp_path):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000011", person={"nom": "Nowak", "prenoms": "Ewa"})
    window.open_hearing(hearing_id)
    page = window.hearing_page
    page.go_to(REVIEW)
    problems = [page.review.problems.item(i).text() for i in range(page.review.problems.count())]
    assert any("Cadre de l'enquête" in p and "obligatoire" in p for p in problems)
    # Clicking a problem goes to the field.
    item = next(page.review.problems.item(i) for i in range(len(problems)) if "Cadre de l'enquête" in problems[i])
    page.review.problems.itemClicked.emit(item)
    assert page.current_page() == "cadre_enquete"

    def export(dialog):
        assert dialog.warning.text().startswith("⚠")
        assert "L'export reste possible" in dialog.warning.text()
        dialog.folder.setText(str(tmp_path / "out"))
        dialog.start()
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=20000)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(export)
    window.export_action.trigger()
    assert list((tmp_path / "out").iterdir())


def test_export_folder_that_cannot_be_created_is_a_clear_message(qtbot, window, gui_workspace, tmp_path):
    hearing_id = make_hearing(gui_workspace, procedure="2026/000012", person={})
    window.open_hearing(hearing_id)
    blocker = tmp_path / "fichier"
    blocker.write_text("x")

    def export(dialog):
        dialog.folder.setText(str(blocker / "sous-dossier"))
        dialog.start()
        qtbot.waitUntil(lambda: "Export impossible" in dialog.outcome.text(), timeout=20000)
        assert "Impossible de créer le dossier d'export" in dialog.outcome.text()
        assert dialog.export_button.isEnabled()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(export)
    window.export_action.trigger()
    assert gui_workspace.store.exports(hearing_id) == []


def test_invalid_local_template_is_listed_with_its_errors(qtbot, window, gui_workspace, data_paths):
    (data_paths.templates / "casse.yaml").write_text(
        "format: 1\nid: casse\ntitle: Modèle cassé\nkind: fiche\n", encoding="utf-8"
    )
    gui_workspace.reload_templates()
    case_id = gui_workspace.store.create_case("2026/000013")
    window.cases.reload(select=case_id)

    def look(dialog):
        texts = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        row = next(i for i, t in enumerate(texts) if t.startswith("Modèle cassé"))
        assert "Modèle invalide" in texts[row]
        dialog.templates.setCurrentRow(row)
        dialog._show_details()
        assert "version" in dialog.details.toPlainText()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.new_hearing(case_id)
    assert window.run_dialog.seen == ["newHearingDialog"]


def test_search_box_uses_full_text_search(qtbot, window, gui_workspace):
    store = gui_workspace.store
    a = store.create_case("2026/000100", "Affaire c/ A")
    store.create_case("2026/000200", "Affaire c/ B")
    person = store.add_person(a, {"nom": "Zhang", "prenoms": "Wei"})
    hearing = gui_workspace.start_hearing(a, person, gui_workspace.catalog.get("audition-victime-majeure"))
    store.add_entry(hearing, None, "Où logiez-vous ?", "Dans un salon de massage à Villeurbanne.")
    window.focus_search()
    type_into(window.cases.search, "villeurb")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1)
    assert window.cases.selected_case().procedure_number == "2026/000100"
    window.cases.search.clear()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 2)


def test_every_interactive_widget_has_an_object_and_accessible_name(qtbot, window, gui_workspace):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    window.open_hearing(make_hearing(gui_workspace, procedure="2026/000300", person={}))
    page = window.hearing_page
    unnamed, checked = [], 0
    for page_id in page.page_ids():
        page.go_to(page_id)
        for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox):
            for w in window.findChildren(kind):
                if not w.isVisibleTo(window) or isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
                    continue
                checked += 1
                spoken = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
                if not (w.objectName() and spoken):
                    unnamed.append(f"{type(w).__name__} {w.objectName()!r} on {page_id}")
    assert checked > 150 and unnamed == []


def test_applicable_advice_is_shown_in_the_guidance_pane(qtbot, window, gui_workspace):
    window.open_hearing(make_hearing(gui_workspace, procedure="2026/000401", person={}, template="fiche-detection-teh"))
    page = window.hearing_page
    advice = page.session.view.applicable_advice()
    assert advice and advice[0].title in page.guidance.toPlainText()
    assert "Suites suggérées" in page.guidance.toPlainText()


def test_a_duration_is_written_as_french_writes_one():
    from audition_assistant.ui.timeline_bar import format_elapsed

    assert format_elapsed(27 * 60 + 59) == "27\u00a0min"
    assert format_elapsed(3600 + 5 * 60) == "1\u00a0h\u00a005\u00a0min"
    assert format_elapsed(6 * 3600 + 12 * 60) == "6\u00a0h\u00a012\u00a0min"


def test_ctrl_shift_n_opens_a_new_hearing_for_the_selected_case(qtbot, window, gui_workspace):
    files = window.menuBar().actions()[0].menu()
    entries = [a.text().replace("&", "") for a in files.actions() if not a.isSeparator()]
    assert entries[:2] == ["Nouveau dossier", "Nouvelle audition…"]
    assert not window.new_hearing_action.isEnabled()  # no case yet
    case_id = gui_workspace.store.create_case("2026/004512", "Affaire c/ X : proxénétisme aggravé")
    window.cases.reload(select=case_id)
    assert window.new_hearing_action.isEnabled()
    window.activateWindow()
    window.cases.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.cases.table)
    window.run_dialog.push(pick_adult_template)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ctrl_shift)
    assert window.run_dialog.seen == ["newHearingDialog"]
    page = window.hearing_page
    assert page is not None and window.stack.currentWidget() is page
    assert gui_workspace.store.hearing(window.session.hearing_id).case_id == case_id
    assert not window.new_hearing_action.isEnabled()  # from the list only: in a hearing, which case is unclear
    window.show_cases()
    assert window.new_hearing_action.isEnabled()
    window.lock_action.trigger()
    assert not window.new_hearing_action.isEnabled()
