"""Who signed a template, shown wherever it is named: « non signé » in the picker, the hearing and its review."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QDialog, QLabel

from hearings import make_hearing

BUNDLED = "signé par Assistant d'audition (modèles livrés)"


def shown(label: QLabel) -> str:
    """The words a rich-text label shows."""
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText().replace("\u00a0", " ")


def test_a_local_template_shows_non_signe_in_the_picker_the_hearing_header_and_the_review(
    qtbot, window, gui_workspace, data_paths, small_raw
):
    raw = dict(small_raw, id="essai-local", title="Audition déposée à la main")
    (data_paths.templates / "essai-local.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    gui_workspace.reload_templates()
    case_id = gui_workspace.store.create_case("2026/000777", "Affaire c/ X")
    seen = {}

    def pick_the_local_one(dialog):
        dialog.nom.setText("Ruiz")
        dialog.prenoms.setText("Ana")
        texts = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        seen["texts"] = texts
        row = next(i for i, t in enumerate(texts) if t.startswith("Audition déposée à la main"))
        dialog.templates.setCurrentRow(row)
        seen["details"] = dialog.details.toPlainText()
        dialog.accept()
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(pick_the_local_one)
    window.new_hearing(case_id)
    local = next(t for t in seen["texts"] if t.startswith("Audition déposée à la main"))
    assert local.endswith("⚠\u00a0non signé")
    bundled = [t for t in seen["texts"] if not t.startswith("Audition déposée à la main")]
    assert bundled and all(t.endswith(BUNDLED) for t in bundled)
    assert "⚠ non signé" in seen["details"].replace("\u00a0", " ")

    page = window.hearing_page
    assert page is not None and page.session.template.id == "essai-local"
    assert "⚠ non signé" in shown(page.header) and "Audition déposée à la main" in shown(page.header)
    assert "⚠ non signé" in shown(page.review.template_label)


def test_a_bundled_template_shows_who_signed_it(qtbot, window, gui_workspace):
    window.open_hearing(make_hearing(gui_workspace, procedure="2026/000778"))
    page = window.hearing_page
    assert BUNDLED in shown(page.header) and "non signé" not in shown(page.header)
    assert BUNDLED in shown(page.review.template_label)


def test_the_cases_page_marks_each_hearing_with_who_signed_its_template(
    qtbot, window, gui_workspace, data_paths, small_raw
):
    raw = dict(small_raw, id="essai-local", title="Audition déposée à la main")
    (data_paths.templates / "essai-local.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    gui_workspace.reload_templates()
    signed = make_hearing(gui_workspace, procedure="2026/000779")
    case_id = gui_workspace.store.hearing(signed).case_id
    person = gui_workspace.store.add_person(case_id, {"nom": "Ruiz", "prenoms": "Ana"})
    local = next(e.template for e in gui_workspace.catalog.entries if e.id == "essai-local")
    gui_workspace.start_hearing(case_id, person, local)
    window.show_cases()
    window.cases.reload(select=case_id)
    texts = {}
    for row in range(window.cases.hearings.count()):
        item = window.cases.hearings.item(row)
        texts[item.data(Qt.ItemDataRole.UserRole)] = item.text()
    assert len(texts) == 2
    unsigned = next(t for t in texts.values() if "Audition déposée à la main" in t)
    assert "⚠\u00a0non signé" in unsigned
    assert BUNDLED in texts[signed] and "non signé" not in texts[signed]


def test_a_hearing_begun_on_a_signed_template_stays_signed_once_that_file_is_replaced(qtbot, window, gui_workspace):
    """A newer version of the template installed since (an update, a new pack): the hearing follows its copy."""
    hearing = make_hearing(gui_workspace, procedure="2026/000780")
    with gui_workspace.store.transaction():
        gui_workspace.store._db.conn.execute(
            "UPDATE hearings SET template_snapshot = json_set(template_snapshot, '$.version', '0.9') WHERE id = ?",
            [hearing],
        )
    window.open_hearing(hearing)
    page = window.hearing_page
    assert BUNDLED in shown(page.header) and "non signé" not in shown(page.header)
    window.show_cases()
    case_id = gui_workspace.store.hearing(hearing).case_id
    window.cases.reload(select=case_id)
    assert BUNDLED in window.cases.hearings.item(0).text()
