"""The main window: first start or unlock, then cases and a hearing; menus, shortcuts, window state.

It is the first thing a user sees, so this module loads with Qt alone: the
screens behind the passphrase (cases, lock, hearing, dialogs) are imported
when first shown, and the database modules load while the passphrase is
typed (see ``app``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.french import counted
from ..core.store import CorruptDatabase, StoreError
from ..core.store.errors import corrupt_message, is_damage
from ..core.templates.errors import TemplateInvalid
from .background import Background
from .lock_state import Place, empty_texts, find, place_of, put_caret
from .message_bar import CountdownBand, ElidedLabel, MessageBar
from .passphrase import GateForm, UnlockForm

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.maintenance import MaintenanceReport
    from ..core.side_connection import SideConnection
    from ..core.workspace import Workspace
    from .cases_page import CasesPage
    from .hearing_page import HearingPage
    from .hearing_session import HearingSession
    from .lock_screen import IdleWatcher, LockScreen

    # core.maintenance.MaintenanceJob: cancel event -> MaintenanceReport
    Job = Callable[[threading.Event], MaintenanceReport]

LAST_HEARING = "session/last_hearing"
ZOOM = "window/zoom"  # points added to the content's font
ZOOM_RANGE = (-4, 10)
# A saved window smaller than this, or mostly outside every screen, is not restored as such.
SMALLEST = (800, 500)
ON_SCREEN_SHARE = 0.75
# Said once unlocked when keys typed on the lock screen were dropped (never put in the passphrase).
DROPPED_KEYS = (
    "Des touches tapées pendant le verrouillage n'ont pas été prises : reprenez la saisie là où elle s'est arrêtée."
)
NOT_SAVED = "Non enregistré (disque plein)"
ROOM_AGAIN = "Place retrouvée sur le disque\u00a0: tout ce qui attendait est enregistré."


class MainWindow(QMainWindow):
    """Given a workspace, shows the cases at once; without one, waits for ``show_gate`` then ``attach``."""

    workspace: Workspace
    cases: CasesPage
    lock_screen: LockScreen
    idle: IdleWatcher

    def __init__(self, workspace: Workspace | None = None, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Assistant d'audition"))
        self.session: HearingSession | None = None
        self.hearing_page: HearingPage | None = None
        self.gate: GateForm | None = None
        # Makes the unlock form again, to restore a backup once the database is found damaged (set by ``app``).
        self.gate_factory: Callable[[], GateForm] | None = None
        # Work off the window's thread, and what a lock, a restore and a close do to it (see ``background``).
        self.background = Background(self)
        self.maintenance: int | None = None  # the opening check's token while its report is awaited
        self._maintenance_cancel: threading.Event | None = None
        # The database opened again on a thread of its own, for the long reads (a backup, the audit chain).
        self.side: SideConnection | None = None
        # Dialogs are created through these, so tests can drive them without exec().
        self.run_dialog = lambda dialog: dialog.exec()

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.messages = MessageBar(central)
        layout.addWidget(self.messages)
        self.countdown = CountdownBand(central)
        layout.addWidget(self.countdown)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("mainStack")
        self.stack.currentChanged.connect(lambda _i: self._enable_new_hearing())
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._before_lock: QWidget | None = None
        self._focus_before_lock: QWidget | None = None
        self._case_before_lock: int | None = None
        self._place_before_lock: Place | None = None  # the focus in the hearing page, found again after its rebuild
        self._message_before_lock = False
        self._busy_at_lock: set[QDialog] = set()
        self.focus_follower: QObject | None = None  # the focus ring, from the first opening of the base
        self._hearing_was_running = False
        self._unsaved_said = False  # the status says « Non enregistré »
        self.full_width = False  # Q/R typing with the side panes collapsed
        self._base_font = QApplication.font()

        self.state_label = ElidedLabel(self)
        self.state_label.setObjectName("hearingStateLabel")
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.state_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_actions()
        self._apply_zoom(self._zoom())
        self._restore_geometry()
        if workspace is not None:
            self.attach(workspace)
        else:
            self._enable_window_actions(False)

    def show_gate(self, gate: GateForm) -> None:
        """Before the database is open: the first-start or unlock form fills the window."""
        self.gate = gate
        gate.setParent(self.stack)
        self.stack.addWidget(gate)
        self.stack.setCurrentWidget(gate)
        gate.quit_requested.connect(self.close)
        gate.opened.connect(self._gate_opened)
        self._enable_window_actions(False)
        gate.passphrase.setFocus()

    def _gate_opened(self, workspace: Workspace) -> None:
        gate = self.gate
        try:
            self.attach(workspace)
        except Exception as error:  # the first screen could not read the database: say why, stay on the form
            workspace.close()
            if gate is not None:
                gate.workspace = gate.maintenance = None
                self._report_on_gate(gate, error, workspace)
            return
        if gate is not None and gate.notice:
            self.messages.info(gate.notice)
        elif not workspace.store.has_profile():  # an account opening for the first time: its own profile
            self.messages.info(
                self.tr(
                    "Votre profil d'enquêteur est vide\u00a0: renseignez-le (Dossier > Profil de l'enquêteur…), "
                    "vos procès-verbaux porteront votre nom."
                )
            )
        # Copies in clear that killed exports left: their folders read here, removed off the window's thread
        # (a case's folder may be on a slow or absent network drive); nothing to report.
        folders = workspace.export_folders()
        self.background.run(
            lambda: workspace.remove_export_leftovers(folders),
            lambda _count: None,
            lambda _error: None,  # a folder out of reach: tried again at the next opening
            kind="cleanup",
        )
        self.reopen_last()
        if gate is not None and gate.maintenance is not None:
            self._open_side(gate.maintenance.side_connection)
            self.start_maintenance(gate.maintenance)

    def detach(self, damage: str = "") -> None:
        """Save what waits, close the database and go back to the unlock form, which offers the backup."""
        if self.gate_factory is None:
            return
        self.close_hearing()
        self.stop_background()
        self.idle.stop()
        for page in (self.cases, self.lock_screen):
            self.stack.removeWidget(page)
            page.deleteLater()
        self._before_lock = self._focus_before_lock = None
        workspace = self.workspace
        del self.workspace
        workspace.close()
        gate = self.gate_factory()
        self.show_gate(gate)
        if damage and isinstance(gate, UnlockForm):
            gate.show_damaged(damage)

    def attach(self, workspace: Workspace) -> None:
        """The database is open: the cases take the form's place, menus and lock come alive."""
        from .cases_page import CasesPage
        from .lock_screen import IdleWatcher, LockScreen

        cases = CasesPage(workspace)  # reads the database: may fail, before the window changes
        if self.focus_follower is None:  # the fields' module it loads would weigh on the first window's start-up
            from .focus_ring import FocusFollower

            self.focus_follower = FocusFollower(self)
        self.workspace = workspace
        self.cases = cases
        self.stack.addWidget(cases)
        self.lock_screen = LockScreen(workspace, self.stack)
        self.stack.addWidget(self.lock_screen)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.opened_with = lambda passphrase: self._open_side(
            lambda: side_connection(workspace, passphrase)
        )
        self.idle = IdleWatcher(workspace.settings.idle_lock_minutes, self)
        self.idle.may_lock = self._may_lock_when_idle
        self.idle.idle.connect(self.lock)
        self.idle.lock_keys = self.lock_action.shortcut()
        self.idle.lock_asked.connect(self.lock)
        self.idle.countdown.connect(self.countdown.show_seconds)
        self.cases.new_case_requested.connect(self.new_case)
        self.cases.edit_case_requested.connect(self.edit_case)
        self.cases.new_hearing_requested.connect(self.new_hearing)
        self.cases.hearing_opened.connect(self.open_hearing)
        self.cases.status_requested.connect(self.set_case_status)
        self.cases.archive_export_requested.connect(self.export_archive)
        self.cases.archive_import_requested.connect(self.import_archive)
        self.cases.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable_new_hearing())
        self.cases.model.modelReset.connect(self._enable_new_hearing)
        self.stack.setCurrentWidget(self.cases)
        if self.gate is not None:
            self.stack.removeWidget(self.gate)
            self.gate.deleteLater()
            self.gate = None
        self._enable_window_actions(True)
        self.cases.search.setFocus()
        invalid = workspace.catalog.invalid()
        if invalid:
            names = ", ".join(e.path.rsplit("/", 1)[-1] for e in invalid)
            self.messages.error(
                self.tr("{n} : {names}. Voir « Nouvelle audition » pour le détail.").format(
                    n=counted(len(invalid), "modèle invalide, non utilisable", "modèles invalides, non utilisables"),
                    names=names,
                )
            )

    # --- actions and shortcuts ------------------------------------------------
    def _action(self, name: str, text: str, keys: str | QKeySequence.StandardKey | None, slot: object) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        files = menu.addMenu(self.tr("&Dossier"))
        self.new_case_action = self._action("actionNewCase", self.tr("&Nouveau dossier"), "Ctrl+N", self.new_case)
        self.new_hearing_action = self._action(
            "actionNewHearing", self.tr("Nouvelle &audition…"), "Ctrl+Shift+N", self.new_hearing_for_selected
        )
        self.search_action = self._action("actionSearch", self.tr("&Rechercher"), "Ctrl+F", self.focus_search)
        self.cases_action = self._action("actionCases", self.tr("&Liste des dossiers"), "Ctrl+L", self.show_cases)
        self.profile_action = self._action("actionProfile", self.tr("&Profil de l'enquêteur…"), None, self.edit_profile)
        self.settings_action = self._action("actionSettings", self.tr("Ré&glages…"), None, self.edit_settings)
        self.accounts_action = self._action("actionAccounts", self.tr("&Comptes…"), None, self.edit_accounts)
        self.import_action = self._action(
            "actionImportTemplate", self.tr("&Importer un modèle…"), None, self.import_template
        )
        self.word_models_action = self._action("actionWordModels", self.tr("Modèles &Word…"), None, self.word_models)
        self.retention_action = self._action(
            "actionRetention", self.tr("C&onservation des données…"), None, self.show_retention
        )
        self.lock_action = self._action("actionLock", self.tr("&Verrouiller"), "Ctrl+Shift+L", self.lock)
        self.quit_action = self._action("actionQuit", self.tr("&Quitter"), "Ctrl+Q", self.close)
        self._window_actions = (
            self.new_case_action,
            self.search_action,
            self.cases_action,
            self.profile_action,
            self.settings_action,
            self.accounts_action,
            self.import_action,
            self.word_models_action,
            self.retention_action,
            self.lock_action,
        )
        for action in self._window_actions:
            files.addAction(action)
            if action is self.new_case_action:
                files.addAction(self.new_hearing_action)
        files.addSeparator()
        files.addAction(self.quit_action)
        hearing = menu.addMenu(self.tr("&Audition"))
        self.next_action = self._action(
            "actionNextSection", self.tr("Section &suivante"), "Ctrl+PgDown", lambda: self._step(1)
        )
        self.previous_action = self._action(
            "actionPreviousSection", self.tr("Section &précédente"), "Ctrl+PgUp", lambda: self._step(-1)
        )
        self.transcript_action = self._action(
            "actionTranscript", self.tr("&Questions / réponses"), "Ctrl+R", self._go_transcript
        )
        self.start_action = self._action(
            "actionStart", self.tr("&Débuter l'audition"), "Ctrl+D", lambda: self._timeline("start")
        )
        self.suspend_action = self._action(
            "actionSuspend", self.tr("Su&spendre / reprendre"), "Ctrl+P", lambda: self._timeline("toggle")
        )
        self.end_action = self._action("actionEnd", self.tr("&Clore l'audition"), None, lambda: self._timeline("end"))
        self.review_action = self._action("actionReview", self.tr("&Vérification"), "Ctrl+K", self._go_review)
        self.export_action = self._action("actionExport", self.tr("&Exporter les documents…"), "Ctrl+E", self.export)
        self.history_action = self._action(
            "actionHistory", self.tr("&Historique de l'audition"), "Ctrl+H", self.show_history
        )
        self.plan_action = self._action("actionPlan", self.tr("P&lan d'audition…"), None, self.edit_plan)
        self.evaluation_action = self._action(
            "actionEvaluation", self.tr("Évaluatio&n de l'audition…"), None, self.evaluate
        )
        self._hearing_actions: tuple[QAction, ...] = (
            self.next_action,
            self.previous_action,
            self.transcript_action,
            self.start_action,
            self.suspend_action,
            self.end_action,
            self.review_action,
            self.export_action,
            self.history_action,
            self.plan_action,
            self.evaluation_action,
        )
        self.full_width_action = self._action(
            "actionFullWidth", self.tr("&Pleine largeur pour la saisie"), "F11", self.set_full_width
        )
        self.full_width_action.setCheckable(True)
        self._hearing_actions += (self.full_width_action,)
        for action in self._hearing_actions:
            hearing.addAction(action)
        self._enable_hearing_actions(False)
        view = menu.addMenu(self.tr("A&ffichage"))
        view.addAction(self.full_width_action)
        view.addSeparator()
        self.zoom_in_action = self._action("actionZoomIn", self.tr("A&grandir le texte"), "Ctrl++", self.zoom_in)
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action("actionZoomOut", self.tr("&Réduire le texte"), "Ctrl+-", self.zoom_out)
        self.zoom_reset_action = self._action(
            "actionZoomReset", self.tr("&Taille normale du texte"), "Ctrl+0", lambda: self._apply_zoom(0)
        )
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view.addAction(action)

    def _enable_hearing_actions(self, enabled: bool) -> None:
        for action in self._hearing_actions:
            action.setEnabled(enabled)

    def _enable_window_actions(self, enabled: bool) -> None:
        """Off while the database is closed (before unlock, locked): a shortcut must not reach it."""
        self.menuBar().setEnabled(enabled)
        for action in self._window_actions:
            action.setEnabled(enabled)
        self._enable_hearing_actions(enabled and self.hearing_page is not None)
        self._enable_new_hearing()

    def _enable_new_hearing(self) -> None:
        """« Nouvelle audition… » as the cases page's button: on the list, a case selected, the base open."""
        self.new_hearing_action.setEnabled(self._case_for_new_hearing() is not None)

    def _case_for_new_hearing(self) -> int | None:
        cases: CasesPage | None = getattr(self, "cases", None)
        if cases is None or self.stack.currentWidget() is not cases or self.workspace.locked:
            return None
        return cases.selected_case_id()

    # --- cases ---------------------------------------------------------------------
    def focus_search(self) -> None:
        self.show_cases()
        self.cases.search.setFocus()
        self.cases.search.selectAll()

    def new_case(self) -> None:
        from .case_dialog import CaseDialog

        dialog = CaseDialog(None, self.workspace.profile().service, self)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        try:
            case_id = self.workspace.create_case(**dialog.values())
        except StoreError as error:
            self.messages.error(str(error))
            return
        self.show_cases()
        self.cases.reload(select=case_id)

    def edit_case(self, case_id: int) -> None:
        from .case_dialog import CaseDialog

        dialog = CaseDialog(self.workspace.store.case(case_id), parent=self)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        values, workspace = dialog.values(), self.workspace
        self._change_case(case_id, lambda reason: workspace.update_case(case_id, reason, **values))

    def set_case_status(self, case_id: int, status: str) -> None:
        workspace = self.workspace
        self._change_case(case_id, lambda reason: workspace.set_case_status(case_id, status, reason))

    def export_archive(self, case_id: int) -> None:
        from .archive_dialog import ExportArchiveDialog, archive_exported_text

        case = self.workspace.store.case(case_id)
        dialog = ExportArchiveDialog(self.workspace, case, self.background, self, side=lambda: self.side)
        dialog.archive_exported.connect(lambda written: self._archive_said(case_id, archive_exported_text(written)))
        self.run_dialog(dialog)

    def import_archive(self) -> None:
        from .archive_dialog import ImportArchiveDialog, archive_imported_text

        dialog = ImportArchiveDialog(self.workspace, self.background, self)
        dialog.archive_imported.connect(lambda done: self._archive_said(done.case_id, archive_imported_text(done)))
        self.run_dialog(dialog)

    def _archive_said(self, case_id: int, text: str) -> None:
        self.cases.reload(select=case_id)
        self.messages.info(text)

    def _change_case(self, case_id: int, change: Callable[[str], None]) -> None:
        """A case with a closed hearing changes only with a reason: asked for when the store needs it."""
        from .reason import with_reason

        try:
            changed = with_reason(self, self.run_dialog, change)
        except StoreError as error:
            self.messages.error(str(error))
            return
        if changed:
            self.cases.reload(select=case_id)

    def new_hearing_for_selected(self) -> None:
        case_id = self._case_for_new_hearing()
        if case_id is not None:
            self.new_hearing(case_id)

    def new_hearing(self, case_id: int) -> None:
        from .new_hearing_dialog import NewHearingDialog

        persons = self.workspace.store.persons(case_id)
        dialog = NewHearingDialog(
            self.workspace.catalog, self.workspace.references, persons, self, self.workspace.entry_signature_label
        )
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        template = dialog.selected_template()
        if template is None:
            return
        try:
            hearing_id = self.workspace.new_hearing(
                case_id,
                template,
                person_id=dialog.person_id(),
                identity=dialog.identity(),
                pv_number=dialog.pv_number.text().strip(),
                place=dialog.place.text().strip(),
            )
        except StoreError as error:
            self.messages.error(str(error))
            return
        self.cases.reload(select=case_id)
        self.open_hearing(hearing_id, created=True)

    def edit_profile(self) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        from .profile_form import ProfileForm

        dialog = QDialog(self)
        dialog.setObjectName("profileDialog")
        dialog.setWindowTitle(self.tr("Profil de l'enquêteur"))
        form = ProfileForm(self.workspace.profile(), dialog)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(form)
        layout.addWidget(buttons)
        dialog.profile_form = form  # type: ignore[attr-defined]
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted and not form.problem():
            self.workspace.save_profile(form.profile())
            self.messages.info(self.tr("Profil enregistré."))

    # --- hearings ------------------------------------------------------------------
    def open_hearing(self, hearing_id: int, *, created: bool = False) -> None:
        """Show a hearing, its consultation logged first; one just ``created`` here shows what its creation
        recorded, and is not logged again (one commit for the job)."""
        from .hearing_page import HearingPage
        from .hearing_session import HearingSession

        if self.session is not None and not self.may_leave_hearing(self.tr("Fermer l'audition sans l'enregistrer")):
            return
        self.close_hearing()
        try:
            session = HearingSession(self.workspace, hearing_id, self)
        except TemplateInvalid as error:
            self.messages.error(self.tr("Le modèle de cette audition est illisible : {e}").format(e=error))
            return
        except StoreError as error:
            self.messages.error(str(error))
            return
        from .reads import logged

        problem = (
            "" if created else logged(self.workspace.store, "hearing_opened", hearing_id=hearing_id, ecran="audition")
        )
        if problem:  # a consultation the trail cannot record is not made
            session.deleteLater()
            self.messages.error(problem + self.tr(" L'audition n'a pas été ouverte."))
            return
        self.session = session
        session.saved.connect(self._saved)
        session.failed.connect(self.messages.error)
        session.disk_full.connect(self.messages.error)
        session.unsaved_changed.connect(self._unsaved_changed)
        page = HearingPage(session, self.stack)
        page.closed_requested.connect(self.show_cases)
        page.export_requested.connect(self.export)
        page.history_requested.connect(self.show_history)
        page.profile_requested.connect(self.edit_profile)
        page.timeline_bar.state_text_changed.connect(self.state_label.setText)
        self.state_label.setText(page.timeline_bar.state_label.text())
        page.full_width_button.toggled.connect(self.set_full_width)
        page.set_full_width(self.full_width)
        session.timeline_changed.connect(self._hearing_state_changed)
        self.hearing_page = page
        self._hearing_state_changed()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self._enable_hearing_actions(True)
        self._restore_splitter(page.splitter, "hearing")
        self._restore_splitter(page.transcript.splitter, "transcript")
        self.settings.setValue(LAST_HEARING, hearing_id)
        self.statusBar().showMessage(self.tr("Audition ouverte."), 3000)

    def close_hearing(self) -> None:
        page = self.hearing_page
        if page is None:
            return
        page.flush()
        if self.session is not None:
            self.session.drop_unsaved()  # the user was asked (``may_leave_hearing``)
        self._save_splitter(page.splitter, "hearing")
        self._save_splitter(page.transcript.splitter, "transcript")
        self.stack.removeWidget(page)
        page.deleteLater()
        self.hearing_page = None
        self.session = None
        self.state_label.setText("")
        self._enable_hearing_actions(False)
        self._hearing_state_changed()

    def show_cases(self) -> None:
        if self.hearing_page is not None:
            if not self.may_leave_hearing(self.tr("Fermer l'audition sans l'enregistrer")):
                return
            self.close_hearing()
            self.settings.remove(LAST_HEARING)
        self.stack.setCurrentWidget(self.cases)
        self.cases.reload()

    def reopen_last(self) -> None:
        """Back to the hearing (and section) the investigator left."""
        last = self.settings.value(LAST_HEARING)
        if last is None:
            return
        try:
            self.workspace.store.hearing(int(last))
        except (UserError, ValueError):
            self.settings.remove(LAST_HEARING)
            return
        self.open_hearing(int(last))

    def _saved(self, moment: object) -> None:
        if self.session is not None and self.session.unsaved():
            return  # the status keeps saying what is not saved
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(self.tr("Enregistré à {t:%H:%M:%S}").format(t=moment))

    def _unsaved_changed(self) -> None:
        """The status says « Non enregistré » while a full disk keeps something; said again once it is written."""
        kept = self.session is not None and bool(self.session.unsaved())
        was, self._unsaved_said = self._unsaved_said, kept
        if kept:
            self.saved_label.setStyleSheet("color:#b00020; font-weight:bold;")
            self.saved_label.setText(self.tr(NOT_SAVED))
        elif was:
            self.saved_label.setStyleSheet("")
            self.saved_label.setText(self.tr("Enregistré à {t:%H:%M:%S}").format(t=self.workspace.now()))
            self.messages.info(self.tr(ROOM_AGAIN))

    def may_leave_hearing(self, leave: str) -> bool:
        """Whether to go on closing the hearing: yes, unless a full disk kept something and the user stays.

        What waits is tried once more first: room may have come back.
        """
        session = self.session
        if session is None:
            return True
        if self.hearing_page is not None and not self.workspace.locked:
            self.hearing_page.flush()
        if not self.workspace.locked and session.retry():
            return True
        if not session.unsaved():
            return True
        from PySide6.QtWidgets import QMessageBox

        names = session.unsaved_names()
        box = QMessageBox(self)
        box.setObjectName("unsavedDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Saisie non enregistrée"))
        what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        one = len(names) == 1 and not names[0].startswith("la question et")
        said = (
            "Le disque est plein\u00a0: {what} n'a pas pu être enregistrée."
            if one
            else ("Le disque est plein\u00a0: {what} n'ont pas pu être enregistrées.")
        )
        box.setText(self.tr(said).format(what=what))
        box.setInformativeText(
            self.tr(
                "Si vous fermez maintenant, ce texte sera perdu. Restez, libérez de la place sur le disque\u00a0: "
                "il sera enregistré dès que possible."
            )
        )
        # No "&" in the texts: a letter typed by habit must not press a button.
        stay = box.addButton(self.tr("Rester"), QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("stayButton")
        drop = box.addButton(leave, QMessageBox.ButtonRole.DestructiveRole)
        drop.setObjectName("leaveUnsavedButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        self.run_dialog(box)
        leaving = box.clickedButton() is drop
        box.deleteLater()
        return leaving

    def _step(self, delta: int) -> None:
        if self.hearing_page is not None:
            self.hearing_page.step(delta)

    def _go_transcript(self) -> None:
        if self.hearing_page is not None:
            from .review_page import TRANSCRIPT

            self.hearing_page.go_to(TRANSCRIPT)

    def _go_review(self) -> None:
        if self.hearing_page is not None:
            from .hearing_page import REVIEW

            self.hearing_page.go_to(REVIEW)

    def _timeline(self, what: str) -> None:
        if self.hearing_page is None:
            return
        bar = self.hearing_page.timeline_bar
        {"start": bar.start, "toggle": bar.toggle_suspend, "end": bar.end}[what]()

    def export(self) -> None:
        if self.session is None or self.hearing_page is None:
            return
        from .export_dialog import ExportDialog, exported_text

        self.hearing_page.flush()
        dialog = ExportDialog(self.session, self, background=self.background)
        dialog.exported.connect(
            lambda files: self.statusBar().showMessage(exported_text(len({f.document_id for f in files})) + ".", 5000)
        )
        self.run_dialog(dialog)

    def edit_plan(self) -> None:
        """The hearing plan; the checklist beside the Q/R shows it as saved."""
        if self.session is None or self.hearing_page is None:
            return
        from .plan_dialog import PlanDialog

        dialog = PlanDialog(self.session, self)
        dialog.saved.connect(self.hearing_page.plan_checklist.show_plan)
        self.run_dialog(dialog)

    def evaluate(self) -> None:
        """The evaluation notes and their document (a working note, never the PV)."""
        if self.session is None or self.hearing_page is None:
            return
        from .evaluation_dialog import EvaluationDialog

        self.hearing_page.flush()
        dialog = EvaluationDialog(self.session, self, background=self.background)
        dialog.exported.connect(lambda files: self.statusBar().showMessage(self.tr("Évaluation exportée."), 5000))
        self.run_dialog(dialog)

    def show_history(self) -> None:
        from .history_dialog import HistoryDialog

        if self.session is not None:
            labels = {f.id: f.label for f in self.session.template.field_index().values()}
            self.run_dialog(
                HistoryDialog(
                    self.workspace.store,
                    self.session.hearing_id,
                    labels,
                    self,
                    fields=self.session.template.field_index(),
                    background=self.background,
                    side=self.side,
                )
            )

    # --- opening checks -------------------------------------------------------------------
    def start_maintenance(self, job: Job) -> None:
        """The whole-database check and the day's backup, off the window's thread: the cases answer meanwhile."""
        self.stop_maintenance()
        cancel = self._maintenance_cancel = threading.Event()
        self.maintenance = self.background.run(lambda: job(cancel), self._maintenance_reported, kind="maintenance")

    def stop_maintenance(self) -> None:
        """Stop a running check (lock, close, restore, re-key): its own connection holds the key until it ends."""
        self.background.forget("maintenance")
        self.maintenance = None
        cancel, self._maintenance_cancel = self._maintenance_cancel, None
        if cancel is not None:
            cancel.set()
        if self.background.busy("maintenance"):  # SQLCipher's page check cannot be stopped midway: seconds per GB
            self.statusBar().showMessage(self.tr("Arrêt de la vérification de la base…"))
            self.statusBar().repaint()
            self.background.wait("maintenance")
            self.statusBar().clearMessage()

    def _open_side(self, make: Callable[[], SideConnection]) -> None:
        """The second connection, opened with the passphrase just typed (its key derived on its own thread)."""
        self._close_side()
        try:
            self.side = make()
        except StoreError:
            self.side = None

    def _close_side(self) -> None:
        side, self.side = self.side, None
        if side is not None:
            side.close()

    def _before_rekey(self) -> None:
        """Re-keying rewrites every page: the opening check stops, the second connection (old key) closes."""
        self.stop_maintenance()
        self._close_side()

    def stop_background(self) -> None:
        """Restore or close: every report forgotten, the checks stopped, the second connection closed."""
        self.background.forget()
        self.stop_maintenance()
        self._close_side()

    def _maintenance_reported(self, report: MaintenanceReport) -> None:
        self.maintenance = self._maintenance_cancel = None
        message = self.workspace.maintenance_done(report)
        if report.damaged:
            self.report_damage(message)
        elif report.error or report.audit:
            self.messages.error(message)
        elif message:
            self.statusBar().showMessage(message, 10000)

    def report_damage(self, message: str) -> None:
        """The database is damaged: say so and offer the latest backup, when the user is ready."""
        restore = (self.tr("Restaurer la dernière sauvegarde…"), lambda: self.detach(message))
        self.messages.error(message, restore if self.gate_factory else None)

    def report_error(self, error: BaseException) -> None:
        """An error nothing else caught (see ``app``): said in French; what was saved stays saved."""
        workspace = getattr(self, "workspace", None)
        if is_damage(error) and workspace is not None:
            self.report_damage(damage_message(workspace, error))
        elif self.gate is not None:
            self._report_on_gate(self.gate, error, workspace)
        elif isinstance(error, StoreError):  # a refusal said in French (a full disk, say), not a crash
            self.messages.error(str(error))
        else:
            self.messages.error(
                self.tr(
                    "Erreur inattendue ({e}). Ce qui était enregistré le reste ; si elle se répète, "
                    "notez ce qui l'a provoquée et prévenez le service informatique."
                ).format(e=f"{type(error).__name__} : {error}")
            )

    def _report_on_gate(self, gate: GateForm, error: BaseException, workspace: Workspace | None) -> None:
        if is_damage(error) and isinstance(gate, UnlockForm) and workspace is not None:
            gate.show_damaged(damage_message(workspace, error))
        else:
            gate.error.setText(self.tr("Ouverture impossible : {e}").format(e=error))

    # --- protection ------------------------------------------------------------------
    def lock(self) -> None:
        """Hide everything and drop the key; the passphrase brings the same screen back.

        Every dialog open over the window is closed first (as « Annuler »): left
        in front, it would show its data and, modal, keep the passphrase from
        any key. An export still writing its files closes itself when they are
        written and recorded; the key is dropped then, without waiting here.
        """
        if self.workspace.locked or self.stack.currentWidget() is self.lock_screen:
            return
        if self.hearing_page is not None:
            self.hearing_page.flush()  # the words typed in the last seconds become the draft, saved
        self.stop_maintenance()
        self.background.forget("check")
        self.countdown.hide()
        self._focus_before_lock = self.focusWidget()  # the window's own: a dialog's goes with the dialog
        page = self.hearing_page
        self._place_before_lock = place_of(self._focus_before_lock, page) if page is not None else None
        still_busy = close_dialogs()
        self._before_lock = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.lock_screen)
        self._clear_for_lock()
        self._enable_window_actions(False)
        self._message_before_lock = self.messages.isVisible()  # e.g. a damaged base: said again after unlock
        self.messages.hide()
        self.statusBar().hide()
        self._busy_at_lock = set(still_busy)
        for dialog in still_busy:
            dialog.finished.connect(lambda _result, d=dialog: self._busy_dialog_done(d))
        if not still_busy:
            self._drop_key()

    def _drop_key(self) -> None:
        """The store's key and the second connection's (after the call under way, which only reads)."""
        self._close_side()
        self.workspace.lock()

    def _clear_for_lock(self) -> None:
        """No widget keeps a hearing's words, nor the list of cases, while locked (see ``lock_state``)."""
        from . import spelling

        if self.hearing_page is not None:
            self.hearing_page.clear_for_lock()
        self.cases.settle_search(counted=False)  # a search shown is logged before the key goes
        self.state_label.setText("")
        self._case_before_lock = self.cases.selected_case_id()
        self.cases.model.set_cases([])
        self.cases.show_case()  # nothing selected: the case's hearings and people go too
        checking = spelling.service()
        if checking is not None:
            checking.forget_words()

    def _busy_dialog_done(self, dialog: QDialog) -> None:
        """A dialog that was busy at the lock (an export) has finished its work: the key can go now."""
        self._busy_at_lock.discard(dialog)
        if self.stack.currentWidget() is self.lock_screen:
            empty_texts(dialog)  # done and closed: what it showed goes, as for the others
        if not self._busy_at_lock and self.stack.currentWidget() is self.lock_screen:
            self._drop_key()

    def unlock(self) -> None:
        self._enable_window_actions(True)
        self.statusBar().show()
        page = self.hearing_page
        if page is not None and self.session is not None:
            from .reads import logged

            # Shown again to whoever gave the passphrase: a consultation. Not logged (a full disk), it is said,
            # and the page comes back all the same: what the session kept unsaved must stay at hand.
            problem = logged(self.workspace.store, "hearing_opened", hearing_id=self.session.hearing_id,
                             ecran="audition", apres_verrouillage=True)  # fmt: skip
            if problem:
                self.messages.error(problem)
            page.restore_after_lock()
            self.state_label.setText(page.timeline_bar.state_label.text())
        self.cases.reload(select=self._case_before_lock)
        self.cases.shown_again()
        self.stack.setCurrentWidget(self._before_lock or self.cases)
        self.messages.setVisible(self._message_before_lock)
        focus, self._focus_before_lock = self._focus_before_lock, None
        place, self._place_before_lock = self._place_before_lock, None
        if page is not None and place is not None and not (focus is not None and shiboken6.isValid(focus)):
            focus = find(page, place)  # rebuilt since (the items of a list): the same place in it
        # The widget may be gone since (a page closed, a dialog deleted): only a living one gets the focus back.
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible() and self.isAncestorOf(focus):
            focus.setFocus()  # typing goes on where it stopped
            if place is not None:
                put_caret(focus, place.caret)
        if self.session is not None and self.session.unsaved():
            self.session.retry()  # room may have come back meanwhile
        self.idle.set_minutes(self.workspace.settings.idle_lock_minutes)
        if self.lock_screen.dropped:
            said = self.tr(DROPPED_KEYS)
            if self.messages.isVisible():  # a message from before the lock stays until read
                self.statusBar().showMessage(said, 20000)
            else:
                self.messages.info(said)
            self.lock_screen.dropped = 0

    # --- the idle lock and the hearing ---------------------------------------------
    def _hearing_running(self) -> bool:
        """Whether the open hearing's timeline runs: started, not suspended, not closed.

        The one place that reads the hearing's state for the lock.
        """
        return self.session is not None and self.session.is_running()

    def hearing_in_progress(self) -> bool:
        """Someone is being heard: the hearing is on screen and its timeline runs."""
        return (
            self.hearing_page is not None
            and self.stack.currentWidget() is self.hearing_page
            and self._hearing_running()
        )

    def _may_lock_when_idle(self) -> bool:
        """No idle lock while someone is heard: the investigator listens, hands still, then types."""
        return not self.workspace.locked and not self.hearing_in_progress()

    def _hearing_state_changed(self) -> None:
        """A suspension (or the end) starts the idle delay afresh: the lock comes that long after it."""
        running = self._hearing_running()
        if self._hearing_was_running and not running and hasattr(self, "idle"):
            self.idle.restart()
        self._hearing_was_running = running
        if running:
            self.countdown.hide()

    # --- window layout: full-width typing, zoom ----------------------------------------
    def set_full_width(self, on: bool) -> None:
        """Side panes collapsed (or back) for typing; kept from one hearing to the next."""
        self.full_width = on
        self.full_width_action.setChecked(on)
        page = self.hearing_page
        if page is not None:
            page.set_full_width(on)

    def _zoom(self) -> int:
        try:
            value = self.settings.value(ZOOM, 0)  # an int, or its text once read back from the file
            return int(value) if isinstance(value, int | str) else 0
        except (TypeError, ValueError):
            return 0

    def _apply_zoom(self, points: int) -> None:
        points = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], points))
        font = QApplication.font()
        base = self._base_font.pointSizeF()
        if base > 0:
            font.setPointSizeF(base + points)
        if (central := self.centralWidget()) is not None:
            central.setFont(font)
        if points != self._zoom():
            self.settings.setValue(ZOOM, points)

    def zoom_in(self) -> None:
        """One point larger, unless the window would no longer fit its screen."""
        before = self._zoom()
        self._apply_zoom(before + 1)
        screen = self.screen()
        if screen is not None and self._remeasured().width() > screen.availableGeometry().width():
            self._apply_zoom(before)
            self._remeasured()  # the layouts forget the larger size tried
            self.statusBar().showMessage(self.tr("Le texte ne peut pas être agrandi davantage sur cet écran."), 5000)

    def _remeasured(self) -> QSize:
        """The window's least size at the font just set: every layout measured again, none from before."""
        if (central := self.centralWidget()) is not None:
            for layout in central.findChildren(QLayout):
                layout.invalidate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return self.minimumSizeHint()

    def zoom_out(self) -> None:
        self._apply_zoom(self._zoom() - 1)

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        self.run_dialog(
            SettingsDialog(
                self.workspace,
                self,
                before_rekey=self._before_rekey,
                run_dialog=self.run_dialog,
                background=self.background,
                side=lambda: self.side,
                after_rekey=lambda new: self._open_side(lambda: side_connection(self.workspace, new)),
            )
        )
        self.idle.set_minutes(self.workspace.settings.idle_lock_minutes)

    def edit_accounts(self) -> None:
        from .accounts_dialog import AccountsDialog

        self.run_dialog(
            AccountsDialog(
                self.workspace,
                self,
                run_dialog=self.run_dialog,
                before_rekey=self._before_rekey,
                after_rekey=lambda new: self._open_side(lambda: side_connection(self.workspace, new)),
            )
        )

    def import_template(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Importer un modèle"), "", self.tr("Modèles (*.yaml *.yml)")
        )
        if path:
            self.import_template_file(Path(path))

    def word_models(self) -> None:
        from .word_models import WordModelsDialog

        self.run_dialog(WordModelsDialog(self.workspace, self, background=self.background))

    def show_retention(self) -> None:
        """The retention periods and the cases due (administrator); a purged case leaves the list."""
        from .retention_dialog import RetentionDialog

        if self.hearing_page is not None:
            self.show_cases()  # a case being purged must not stay open
            if self.hearing_page is not None:
                return
        self.run_dialog(
            RetentionDialog(
                self.workspace,
                self,
                run_dialog=self.run_dialog,
                background=self.background,
                side=lambda: self.side,
                purged=lambda _report: self.cases.reload(),
            )
        )

    def import_template_file(self, path: Path) -> bool:
        """Copy a valid template into the data folder's templates; an invalid one is refused, with why."""
        try:
            entry = self.workspace.import_template(path)
        except (OSError, ValueError) as error:
            self.messages.error(str(error))
            return False
        if not entry.valid:
            problems = "\n".join(f"• {p.location or '(fichier)'} : {p.message}" for p in entry.problems[:8])
            self.messages.error(self.tr("Modèle refusé, il contient des erreurs :\n{p}").format(p=problems))
            return False
        self.messages.info(self.tr("Modèle « {t} » importé (non signé).").format(t=entry.title))
        return True

    # --- window state --------------------------------------------------------------
    def _restore_geometry(self) -> None:
        """The window as it was left, if that is on a screen now; else a sensible size, centred."""
        geometry = self.settings.value("window/geometry")
        if geometry is not None and self.restoreGeometry(geometry) and visible_enough(self.normalGeometry()):
            return
        maximised = bool(self.windowState() & Qt.WindowState.WindowMaximized)
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)
        # 1280x720 fits a 1366x768 station laptop with its task bar.
        rect = QRect(0, 0, min(1280, available.width()), min(720, available.height()))
        rect.moveCenter(available.center())
        self.setWindowState(Qt.WindowState.WindowNoState)
        self.setGeometry(rect)
        if maximised:
            self.setWindowState(Qt.WindowState.WindowMaximized)

    def _restore_splitter(self, splitter: object, key: str) -> None:
        state = self.settings.value(f"splitters/{key}")
        if state is not None:
            splitter.restoreState(state)  # type: ignore[attr-defined]

    def _save_splitter(self, splitter: object, key: str) -> None:
        self.settings.setValue(f"splitters/{key}", splitter.saveState())  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_hearing(self.tr("Quitter sans enregistrer")):
            event.ignore()
            return
        last = self.session.hearing_id if self.session else None
        self.close_hearing()
        self.stop_background()
        if last is not None:
            self.settings.setValue(LAST_HEARING, last)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def close_dialogs() -> list[QDialog]:
    """Close (as « Annuler ») every dialog, menu and window open in the application; those still busy, hidden.

    The innermost first (a folder chooser over the dialog that opened it).
    Returns the dialogs that could not close yet (an export writing its
    files): hidden, they show nothing and take no key, and close themselves
    once done. Tooltips go; every other window of the application (the main
    one aside) is closed, or hidden if it refuses; the texts of the dialogs
    closed are emptied, since a closed dialog lingers until deleted.
    """
    from PySide6.QtWidgets import QToolTip, QWhatsThis

    QToolTip.hideText()
    QWhatsThis.hideText()
    for _ in range(20):  # a context menu over a submenu: each closes the one it opened
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    busy: list[QDialog] = []
    for _ in range(50):
        modal = QApplication.activeModalWidget()
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        dialog = modal if isinstance(modal, QDialog) and modal.isVisible() else (shown[0] if shown else None)
        if dialog is None:
            break
        dialog.reject()
        if dialog.isVisible():  # it finishes its work first (see ExportDialog.done)
            busy.append(dialog)
            dialog.hide()
    closed = [w for w in QApplication.topLevelWidgets() if w.isVisible() and not isinstance(w, QMainWindow)]
    for window in closed:
        if not window.close():
            window.hide()
    for window in QApplication.topLevelWidgets():
        if (isinstance(window, QDialog) or window in closed) and window not in busy and shiboken6.isValid(window):
            empty_texts(window)
    return busy


def visible_enough(rect: QRect) -> bool:
    """Not absurdly small, and mostly inside one available screen (a screen unplugged since is not)."""
    if rect.width() < SMALLEST[0] or rect.height() < SMALLEST[1]:
        return False
    area = rect.width() * rect.height()
    for screen in QGuiApplication.screens():
        inside = screen.availableGeometry().intersected(rect)
        if inside.width() * inside.height() >= ON_SCREEN_SHARE * area:
            return True
    return False


def side_connection(workspace: Workspace, passphrase: str) -> SideConnection:
    from ..core.side_connection import SideConnection

    return SideConnection(workspace.paths.database, passphrase)


def damage_message(workspace: Workspace, error: BaseException) -> str:
    if isinstance(error, CorruptDatabase):
        return str(error)
    return corrupt_message(workspace.paths.database, str(error))
