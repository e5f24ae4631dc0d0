"""Screenshots of the real application on a fictional demo case, for the README and the guides.

Run under a virtual screen: ``make screenshots`` (xvfb-run, 1366x768, the
common station-laptop size). Writes PNG files into the folder given
(default docs/screenshots), in the order of the user's guide
(docs/guide-utilisateur.md), which shows every one of them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from audition_assistant.core import answers_file, resources, timeline
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store, WrongPassphrase
from audition_assistant.core.store.records import HearingPlan
from audition_assistant.core.workspace import Workspace
from audition_assistant.ui.case_dialog import CaseDialog
from audition_assistant.ui.export_dialog import ExportDialog
from audition_assistant.ui.hearing_page import REVIEW
from audition_assistant.ui.main_window import MainWindow
from audition_assistant.ui.new_hearing_dialog import NewHearingDialog
from audition_assistant.ui.passphrase import FirstRunForm, GateForm, UnlockForm
from audition_assistant.ui.review_page import TRANSCRIPT
from audition_assistant.ui.settings_dialog import SettingsDialog
from audition_assistant.ui.timeline_bar import SuspendDialog

SIZE = (1366, 740)  # 768 less a task bar
# The hearing screen at the station laptops' sizes, side panes shown and collapsed for typing.
LAPTOPS = ((1280, 720), (1366, 768))
SIZES_FOLDER = "tailles"
PASSPHRASE = "capture d'écran fictive"
# Where the screenshots' exports go: a fixed name, so the path the export
# dialog shows does not change from one run to the next. Removed afterwards.
EXPORTS = Path(tempfile.gettempdir()) / "captures-assistant-audition"


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def wait_for(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    """Let the event loop run until ``done()``; the export's worker reports through it."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the export did not finish")
        app.processEvents()
        time.sleep(0.02)
    settle(app)


def save(pixmap: QPixmap, path: Path) -> None:
    pixmap.save(str(path))
    print(path)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    if isinstance(widget, MainWindow):
        widget.resize(*SIZE)  # a dialog shown before may have made it grow
    settle(app)
    save(widget.grab(), path)


def shoot_over(app: QApplication, window: QWidget, dialog: QDialog, path: Path, *, close: bool = True) -> None:
    """The window with a dialog in front of it, centred, as the investigator sees it (left open: ``close=False``)."""
    window.resize(*SIZE)
    dialog.show()
    settle(app)
    picture = window.grab()
    front = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))  # the window behind, dimmed
    x = (picture.width() - front.width()) // 2
    y = (picture.height() - front.height()) // 3
    painter.drawPixmap(x, y, front)
    painter.end()
    save(picture, path)
    if close:
        dialog.close()


def shoot_sizes(app: QApplication, window: MainWindow, folder: Path) -> None:
    """The window at each laptop size, normal then full-width: it must fit, nothing beyond its edge."""
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in LAPTOPS:
        for full, suffix in ((False, ""), (True, "-pleine-largeur")):
            window.set_full_width(full)
            window.resize(width, height)
            settle(app)
            if window.width() > width:
                raise SystemExit(f"the hearing screen needs {window.width()} px, more than {width}")
            save(window.grab(), folder / f"audition-{width}x{height}{suffix}.png")
    window.set_full_width(False)


def gate_window(gate: GateForm, scratch: Path) -> MainWindow:
    """The main window as it first comes up: the form in the middle, the menus inactive."""
    window = MainWindow(settings=QSettings(str(scratch / "fenetres.ini"), QSettings.Format.IniFormat))
    window.show_gate(gate)
    window.resize(*SIZE)
    window.show()
    return window


def first_start(app: QApplication, out: Path, scratch: Path) -> None:
    def refuse(_passphrase: str) -> Workspace:
        raise RuntimeError("capture d'écran : rien n'est créé")

    form = FirstRunForm(refuse)
    for key, value in (
        ("nom", "DELORME"),
        ("prenom", "Claire"),
        ("grade", "Capitaine de police"),
        ("service", "Office central pour la répression de la traite des êtres humains (OCRTEH)"),
        ("unite", "Section des enquêtes, groupe 4"),
        ("matricule", "1234567"),
        ("telephone", "01 99 00 00 00"),
        ("email", "claire.delorme@interieur.gouv.fr"),
        ("commune", "Nanterre"),
    ):
        form.profile.inputs[key].setText(value)
        form.profile.inputs[key].setCursorPosition(0)  # a long service name shows its beginning
    form.passphrase.setText("lanterne rouge sous la pluie de mars")
    form.confirm.setText("lanterne rouge sous la pluie de mars")
    window = gate_window(form, scratch)
    shoot(app, window, out / "01-premiere-utilisation.png")
    window.close()


def wrong_passphrase(app: QApplication, out: Path, scratch: Path) -> None:
    def refuse(_passphrase: str) -> Workspace:
        raise WrongPassphrase("capture d'écran")

    form = UnlockForm(refuse)
    window = gate_window(form, scratch)
    form.passphrase.setText("lanterne rouge")
    form.submit()
    shoot(app, window, out / "02-deverrouillage-erreur.png")
    window.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="aa-shots-") as scratch:
        first_start(app, out, Path(scratch))
        wrong_passphrase(app, out, Path(scratch))
    shutil.rmtree(EXPORTS, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix="aa-shots-") as scratch:
            shoot_hearing(app, out, Path(scratch))
    finally:
        shutil.rmtree(EXPORTS, ignore_errors=True)
    return 0


def shoot_hearing(app: QApplication, out: Path, scratch: Path) -> None:
    paths = DataPaths(scratch)
    paths.ensure()
    clock_now = [dt.datetime(2026, 3, 14, 16, 32)]
    workspace = Workspace(paths, Store.open(paths.database, PASSPHRASE, clock=lambda: clock_now[0]))
    with resources.path_of("demo", "audition-victime-majeure.json") as demo:
        filled = answers_file.read(demo, workspace.catalog)
    # The demo hearing, still open: the end of the timeline is left out.
    filled.timeline = [e for e in filled.timeline if e.kind != "end"]
    hearing_id, _files = workspace.fill(filled, scratch / "exports")
    store = workspace.store
    store.update_case(store.hearing(hearing_id).case_id, export_dir=str(EXPORTS))
    for number, heading in (
        ("2026/003871", "Affaire c/ X : proxénétisme de proximité, mineure"),
        ("2026/004010", "Affaire c/ X : recours à la prostitution"),
    ):
        store.create_case(number, heading, store.profile().service)
    window = MainWindow(workspace, QSettings(str(paths.root / "fenetres.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    window.cases.reload()
    shoot(app, window, out / "03-dossiers.png")

    # Full-text search: a word said during a hearing finds its case.
    window.cases.search.setText("Tío")
    window.cases.reload()
    shoot(app, window, out / "04-recherche.png")
    window.cases.search.clear()
    window.cases.reload()

    case_dialog = CaseDialog(None, store.profile().service, window)
    for key, value in (
        ("procedure_number", "2026/004733"),
        ("heading", "Affaire c/ X : proxénétisme aggravé"),
        ("qualification", "art. 225-5 et 225-7 du code pénal"),
    ):
        case_dialog.inputs[key].setText(value)
    case_dialog.export_dir.setText(str(EXPORTS))
    case_dialog.resize(640, case_dialog.sizeHint().height())
    shoot_over(app, window, case_dialog, out / "05-nouveau-dossier.png")

    # A new hearing of a minor: only the templates for minors (and for everyone) are offered.
    new_hearing = NewHearingDialog(workspace.catalog, workspace.references, [], window)
    new_hearing.nom.setText("MARTIN")
    new_hearing.prenoms.setText("Léa")
    new_hearing.birth.setDate(QDate(2010, 5, 2))
    new_hearing.pv_number.setText("2026/003871/00002")
    new_hearing.place.setText("Lyon (Rhône), salle d'audition adaptée aux mineurs")
    for row in range(new_hearing.templates.count()):
        entry = new_hearing.templates.item(row).data(Qt.ItemDataRole.UserRole)
        if entry.template is not None and entry.template.id == "audition-victime-mineure":
            new_hearing.templates.setCurrentRow(row)
    new_hearing.resize(1000, 620)
    new_hearing.show()
    shoot(app, new_hearing, out / "06-nouvelle-audition.png")
    new_hearing.close()

    window.open_hearing(hearing_id)
    page = window.hearing_page
    assert page is not None
    page.go_to("identite")
    shoot(app, window, out / "07-audition-identite.png")
    page.go_to(TRANSCRIPT)
    editor = page.transcript
    editor.theme.setCurrentIndex(editor.theme.findData("conditions"))
    editor.use_suggestion(editor.suggestions.item(0))
    editor.answer.setPlainText("Il fallait faire au moins dix clients par jour, sinon")
    wait_for(app, lambda: bool(editor.mark.text()))  # the question's type, once the answers so far are read
    shoot(app, window, out / "08-audition-questions-reponses.png")
    shoot_sizes(app, window, out / SIZES_FOLDER)
    # The elements panel: entries tagged, the theme's elements suggested first (notes, never in the PV).
    entries = store.entries(hearing_id)
    for entry, key in zip(entries[1:4], ("cp-225-4-1.acte", "cp-225-4-1.moyen", "cp-225-4-1.acte"), strict=False):
        store.tag_element(hearing_id, key, entry_id=entry.id)
    editor.theme.setCurrentIndex(editor.theme.findData("menaces_violences"))
    page.elements.refresh()
    editor.notes.setCurrentWidget(page.elements)
    editor.question.setPlainText("Il vous a bien pris votre passeport, n'est-ce pas ?")
    wait_for(app, lambda: editor.mark.category == "suggestive")
    shoot(app, window, out / "19-audition-elements.png")
    # The plan beside the Q/R, as a checklist (notes, never in the PV).
    plan = store.save_plan(
        hearing_id,
        HearingPlan(
            objectives=("Reconstituer le trajet depuis Pereira", "Identifier « La Mona »"),
            elements=("cp-225-4-1.moyen", "Les conditions de logement"),
            known_facts=("Le passeport retenu à Madrid (signalement de l'association)",),
            welfare=("Repas à midi", "Garde de son fils par sa sœur jusqu'à 18 h"),
            interpreter_language="espagnol",
            breaks=("Pause à 11 h", "Pause à 15 h"),
        ),
    )
    store.check_plan_item(hearing_id, plan.items()[0].key, True)
    page.plan_checklist.reload()
    editor.notes.setCurrentWidget(page.plan_checklist)
    shoot(app, window, out / "20-audition-plan.png")
    editor.question.clear()
    page.go_to("indicateurs_section")
    shoot(app, window, out / "09-audition-indicateurs.png")

    # A suspension: its reason, then the state the bar shows.
    suspend = SuspendDialog(window)
    suspend.reason.setCurrentIndex(suspend.reason.findData("soins"))
    suspend.detail.setText("malaise, médecin appelé")
    suspend.resize(420, suspend.sizeHint().height())
    shoot_over(app, window, suspend, out / "10-suspension.png")
    window.session.record_event(timeline.SUSPEND, "soins", "malaise, médecin appelé")
    page.go_to(TRANSCRIPT)  # the bar, and the suspension in the list at its place
    settle(app)
    editor.entries.scrollToBottom()
    shoot(app, window, out / "11-audition-suspendue.png")
    clock_now[0] = dt.datetime(2026, 3, 14, 16, 50)
    window.session.record_event(timeline.RESUME)

    page.go_to(REVIEW)
    shoot(app, window, out / "12-verification.png")

    editor.commit()  # the question being typed is added before the end
    window.statusBar().clearMessage()  # its note (« Ctrl+Z pour annuler ») goes after a few seconds
    clock_now[0] = dt.datetime(2026, 3, 14, 17, 5)
    window.session.record_event(timeline.END)
    # The dialog at the size it takes on a 1366x768 screen, over the window, before and after the export.
    dialog = ExportDialog(window.session, window)
    shoot_over(app, window, dialog, out / "13-export.png", close=False)
    dialog.start()
    wait_for(app, lambda: bool(dialog.written) or "impossible" in dialog.outcome.text())
    shoot_over(app, window, dialog, out / "14-export-termine.png")

    page.go_to("identite")
    shoot(app, window, out / "15-audition-close.png")
    window.session.reopen_for_correction(
        "rectification",
        "2026/003871/00003",
        "Orthographe du nom de la mère corrigée à la demande de l'intéressée",
    )
    clock_now[0] = dt.datetime(2026, 3, 14, 17, 20)
    store.set_answer(hearing_id, "victime", {**store.answers(hearing_id)["victime"], "mere": "Luz Marina RUEDA DÍAZ"})
    window.session.finish_correction()
    opened: list[QDialog] = []
    window.run_dialog = opened.append  # the window's own command builds the dialog, as from its menu
    window.show_history()
    history = opened[-1]
    history.resize(1100, 560)
    history.table.scrollToBottom()
    history.show()
    shoot(app, history, out / "16-historique.png")
    history.close()

    settings = SettingsDialog(workspace, window)
    settings.resize(560, settings.sizeHint().height())
    shoot_over(app, window, settings, out / "17-reglages.png")

    window.lock()
    shoot(app, window, out / "18-verrouillage.png")
    store.unlock(PASSPHRASE)
    window.unlock()

    window.close()
    workspace.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs" / "screenshots"))
