"""Settings: idle lock, backups, exported documents (names, default formats), passphrase change.

« Sauvegarder maintenant » reads the whole base (about 12 s per GB): it runs
on the second connection (core.side_connection) off the window's thread,
and is recorded in the audit trail on the window's thread when it ends.
Closing the dialog meanwhile (or a lock) lets it finish: the dialog says so,
then closes itself once the backup is made and recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core import maintenance
from ..core.errors import UserError
from ..core.export import formats
from ..core.french import counted
from ..core.side_connection import SideConnection
from ..core.store import StoreError, WrongPassphrase
from ..core.store.cipher import DatabaseError
from ..core.workspace import PassphraseChanged, Workspace
from .background import Background
from .message_bar import WrappedLabel
from .passphrase import secret_line

NBSP = "\u00a0"
# What became of the older copies once the key changed (a passphrase changed, an account removed).
REKEYED = ("ancienne copie rechiffrée", "anciennes copies rechiffrées")
REMOVED = ("ancienne copie supprimée", "anciennes copies supprimées")
IDENTITY_WARNING = (
    f"Attention{NBSP}: le nom de la personne se lira sans ouvrir les documents, dans les dossiers, "
    f"sur une clé USB et dans la liste des documents récents de Word ou de l'ordinateur. "
    f"Les documents protégés par mot de passe ne le portent jamais."
)


class SettingsDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        before_rekey: Callable[[], None] | None = None,
        run_dialog: Callable[[QDialog], object] | None = None,
        *,
        background: Background | None = None,
        side: Callable[[], SideConnection | None] | None = None,
        after_rekey: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        # The window's helper and second connection: without them (a dialog made alone), the backup runs here.
        self.background = background or Background(self)
        self.side = side or (lambda: None)
        self.after_rekey = after_rekey
        self._backing_up = False
        self._close_when_done: int | None = None
        # How a question box is shown (the window's own hook, which tests drive).
        self.run_dialog = run_dialog or (lambda dialog: dialog.exec())
        # Re-keying rewrites every page: the opening check, if it still runs, is stopped first.
        self.before_rekey = before_rekey
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Réglages"))
        current = workspace.settings

        self.idle = QSpinBox(self)
        self.idle.setObjectName("idleMinutes")
        self.idle.setAccessibleName(self.tr("Verrouillage après inactivité (minutes)"))
        self.idle.setRange(0, 240)
        self.idle.setSpecialValueText(self.tr("jamais"))
        self.idle.setValue(current.idle_lock_minutes)
        self.kept = QSpinBox(self)
        self.kept.setObjectName("backupsKept")
        self.kept.setAccessibleName(self.tr("Nombre de sauvegardes conservées"))
        self.kept.setRange(1, 100)
        self.kept.setValue(current.backups_kept)
        self.backup_button = QPushButton(self.tr("Sauvegarder maintenant"), self)
        self.backup_button.setObjectName("backupNowButton")
        self.backup_result = WrappedLabel(self)
        self.backup_result.setObjectName("backupResult")

        self.current = secret_line(self, "currentPassphrase", self.tr("Phrase secrète actuelle"))
        self.new = secret_line(self, "newPassphraseSetting", self.tr("Nouvelle phrase secrète"))
        self.confirm = secret_line(self, "confirmPassphraseSetting", self.tr("Confirmation"))
        self.change_button = QPushButton(self.tr("Changer la phrase secrète"), self)
        self.change_button.setObjectName("changePassphraseButton")
        self.change_result = WrappedLabel(self)
        self.change_result.setObjectName("changePassphraseResult")

        documents = self._documents_group(current.identity_in_file_names)
        default_formats = self._formats_group(current.export_formats)

        general = QGroupBox(self.tr("Sécurité et sauvegardes"), self)
        form = QFormLayout(general)
        form.addRow(self.tr("Verrouiller après (minutes sans activité)"), self.idle)
        form.addRow(self.tr("Sauvegardes conservées"), self.kept)
        form.addRow(self.backup_button, self.backup_result)
        secret = QGroupBox(self.tr("Phrase secrète"), self)
        secret_form = QFormLayout(secret)
        secret_form.addRow(self.tr("Actuelle"), self.current)
        secret_form.addRow(self.tr("Nouvelle"), self.new)
        secret_form.addRow(self.tr("Confirmation"), self.confirm)
        secret_form.addRow(self.change_button, self.change_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("settingsSave")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Fermer"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(documents)
        layout.addWidget(default_formats)
        layout.addWidget(secret)
        layout.addWidget(buttons)
        self.backup_button.clicked.connect(self.backup_now)
        self.change_button.clicked.connect(self.change_passphrase)

    def _documents_group(self, identity: bool) -> QGroupBox:
        """Whether exported file names carry the person's name: off by default, said plainly when on."""
        group = QGroupBox(self.tr("Documents exportés"), self)
        self.identity = QCheckBox(self.tr("Ajouter le nom de la personne entendue au nom des fichiers"), group)
        self.identity.setObjectName("identityInFileNames")
        self.identity.setAccessibleName(self.tr("Nom de la personne dans le nom des fichiers exportés"))
        self.identity.setChecked(identity)
        self.identity_warning = QLabel(self.tr(IDENTITY_WARNING), group)
        self.identity_warning.setObjectName("identityWarning")
        self.identity_warning.setWordWrap(True)
        self.identity_warning.setStyleSheet("color:#b00020;")
        self.identity_warning.setVisible(identity)
        self.identity.toggled.connect(self.identity_warning.setVisible)
        layout = QVBoxLayout(group)
        layout.addWidget(self.identity)
        layout.addWidget(self.identity_warning)
        return group

    def _formats_group(self, saved: tuple[str, ...]) -> QGroupBox:
        """The formats the export dialog ticks: the profile's force's (saved as none), or those chosen here."""
        group = QGroupBox(self.tr("Formats d'export par défaut"), self)
        group.setObjectName("defaultFormats")
        force = self.workspace.store.profile().force
        self._force_formats = formats.default_formats(force)
        said = self.tr(" et ").join(formats.LABELS[f] for f in self._force_formats)
        who = {"police": self.tr("police"), "gendarmerie": self.tr("gendarmerie")}.get(force, "")
        text = (
            self.tr("Selon la force du profil ({force}\u00a0: {formats})")
            if who
            else self.tr("Selon la force du profil (non renseignée\u00a0: {formats})")
        )
        self.by_force = QCheckBox(text.format(force=who, formats=said), group)
        self.by_force.setObjectName("formatsByForce")
        self.by_force.setAccessibleName(self.tr("Formats d'export selon la force du profil"))
        self.format_boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        for fmt in formats.DOCUMENT_FORMATS:
            box = QCheckBox(formats.LABELS[fmt], group)
            box.setObjectName(f"defaultFormat{fmt.capitalize()}")
            box.setAccessibleName(self.tr("Format par défaut {label}").format(label=formats.LABELS[fmt]))
            box.setChecked(fmt in (saved or self._force_formats))
            box.toggled.connect(self._formats_changed)
            self.format_boxes[fmt] = box
            row.addWidget(box)
        row.addStretch(1)
        self.formats_problem = WrappedLabel(group)
        self.formats_problem.setObjectName("defaultFormatsProblem")
        self.formats_problem.setStyleSheet("color:#b00020;")
        self.formats_problem.hide()
        self.by_force.toggled.connect(self._by_force_toggled)
        self.by_force.toggled.connect(self._formats_changed)
        self.by_force.setChecked(not saved)
        self._by_force_toggled(not saved)
        layout = QVBoxLayout(group)
        layout.addWidget(self.by_force)
        layout.addLayout(row)
        layout.addWidget(self.formats_problem)
        return group

    def _by_force_toggled(self, by_force: bool) -> None:
        """By the force: the boxes show its formats, greyed; otherwise they are the user's to tick."""
        for fmt, box in self.format_boxes.items():
            if by_force:
                box.setChecked(fmt in self._force_formats)
            box.setEnabled(not by_force)

    def _formats_changed(self) -> None:
        """« Cochez au moins un format » said on saving goes once one is ticked (or the force's are taken)."""
        if self.by_force.isChecked() or any(box.isChecked() for box in self.format_boxes.values()):
            self.formats_problem.hide()

    def chosen_formats(self) -> tuple[str, ...]:
        """What the settings keep: none for « selon la force du profil », else the boxes ticked (FormatError)."""
        if self.by_force.isChecked():
            return ()
        return formats.ordered(fmt for fmt, box in self.format_boxes.items() if box.isChecked())

    def save(self) -> None:
        try:
            export_formats = self.chosen_formats()
        except formats.FormatError:
            self.formats_problem.setText(
                self.tr("Cochez au moins un format d'export, ou «\u00a0Selon la force du profil\u00a0».")
            )
            self.formats_problem.show()
            return
        chosen = replace(
            self.workspace.settings,
            idle_lock_minutes=self.idle.value(),
            backups_kept=self.kept.value(),
            identity_in_file_names=self.identity.isChecked(),
            export_formats=export_formats,
        )
        self.workspace.save_settings(chosen)
        self.accept()

    def backup_now(self) -> None:
        """Off the window's thread on the second connection; the result, recorded, comes to ``_backed_up``."""
        side = self.side()
        if side is None:
            try:
                made = self.workspace.backup_now()
            except (OSError, UserError) as error:
                self.backup_result.setText(self.tr("Sauvegarde impossible : {e}").format(e=error))
                return
            self.backup_result.setText(self.tr("Sauvegarde enregistrée : {path}").format(path=made))
            return
        if self._backing_up:
            return
        workspace = self.workspace
        folder, keep, now = workspace.backup_folder(), workspace.settings.backups_kept, workspace.now()
        database = workspace.paths.database
        self._backing_up = True
        self.backup_button.setEnabled(False)
        self.change_button.setEnabled(False)  # a re-key would close the connection the backup reads
        self.backup_result.setText(self.tr("Sauvegarde en cours…"))
        self.background.run(
            lambda: side.call(lambda conn: maintenance.backup_now(conn, folder, keep, now, database)),
            self._backed_up,
            self._backup_failed,
            kind="backup",
        )

    def _backed_up(self, made: tuple[Path, list[Path]]) -> None:
        backup, removed = made
        report = maintenance.MaintenanceReport(self.workspace.paths.database, backup=backup, removed=tuple(removed))
        said = self.workspace.maintenance_done(report)  # recorded in the audit trail, here
        text = self.tr("Sauvegarde enregistrée : {path}").format(path=backup)
        if said != maintenance.describe(report):
            text += " " + self.tr("Elle n'a pas pu être inscrite au journal.")
        self._backup_ended(text)

    def _backup_failed(self, error: BaseException) -> None:
        if not isinstance(error, OSError | StoreError | DatabaseError):
            raise error
        self._backup_ended(self.tr("Sauvegarde impossible : {e}").format(e=maintenance.reason(error)))

    def _backup_ended(self, text: str) -> None:
        self._backing_up = False
        self.backup_button.setEnabled(True)
        self.change_button.setEnabled(True)
        self.backup_result.setText(text)
        if self._close_when_done is not None:
            result, self._close_when_done = self._close_when_done, None
            super().done(result)

    def done(self, result: int) -> None:
        """Closing while a backup is made: it goes on to its end and is recorded, then the dialog closes."""
        if self._backing_up:
            self._close_when_done = result
            self.backup_result.setText(
                self.tr(
                    "La sauvegarde continue\u00a0: elle sera terminée et inscrite au journal, "
                    "puis cette fenêtre se fermera d'elle-même."
                )
            )
            return
        super().done(result)

    def change_passphrase(self) -> None:
        """Re-key, back up at once, and deal with the old copies as the user says (Workspace.change_passphrase)."""
        if self.new.text() != self.confirm.text():
            self.change_result.setText(self.tr("Les deux saisies de la nouvelle phrase secrète diffèrent."))
            return
        try:  # before the question: a wrong or refused passphrase is said first, nothing asked
            self.workspace.store.check_passphrase_change(self.current.text(), self.new.text())
        except WrongPassphrase:
            self.change_result.setText(self.tr("Phrase secrète actuelle incorrecte."))
            return
        except StoreError as error:
            self.change_result.setText(str(error))
            return
        olds = self.workspace.old_copies()
        choice = self.ask_old_copies(len(olds)) if olds else "rekey"
        if choice is None:
            self.change_result.setText(self.tr("Phrase secrète inchangée."))
            return
        if self.before_rekey is not None:
            self.before_rekey()
        # Every page, then every old copy, is re-encrypted: a few seconds, said before they start.
        self.change_result.setText(self.tr("Changement de la phrase secrète en cours…"))
        self.change_result.repaint()
        try:
            changed = self.workspace.change_passphrase(self.current.text(), self.new.text(), old_copies=choice)
        except WrongPassphrase:
            self.change_result.setText(self.tr("Phrase secrète actuelle incorrecte."))
            return
        except (UserError, OSError) as error:
            self.change_result.setText(str(error))
            return
        if self.after_rekey is not None:
            self.after_rekey(self.new.text())
        for line in (self.current, self.new, self.confirm):
            line.clear()
        self.change_result.setText(self.said(changed))

    def ask_old_copies(self, count: int) -> str | None:
        """Re-encrypt (``"rekey"``) or remove (``"remove"``) the copies under the old passphrase; None: cancel."""
        box = QMessageBox(self)
        box.setObjectName("oldCopiesQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Anciennes sauvegardes"))
        box.setAccessibleName(self.tr("Que faire des anciennes sauvegardes ?"))
        box.setText(
            self.tr(
                "{n} de la base {open} avec la phrase secrète actuelle. "
                "Laissées telles quelles, elles s'ouvriraient encore avec elle après le changement : "
                "quiconque la connaît pourrait les lire."
            ).format(
                n=counted(count, "sauvegarde ou copie", "sauvegardes ou copies"),
                open="s'ouvre" if count < 2 else "s'ouvrent",
            )
        )
        box.setInformativeText(
            self.tr(
                "« Les rechiffrer » : elles ne s'ouvriront plus qu'avec la nouvelle phrase secrète.\n"
                "« Les supprimer » : elles sont effacées ; seule reste la sauvegarde faite aussitôt "
                "avec la nouvelle phrase.\n"
                "« Annuler » : rien n'est changé."
            )
        )
        rekey = box.addButton(self.tr("Les rechiffrer"), QMessageBox.ButtonRole.AcceptRole)
        rekey.setObjectName("rekeyOldCopies")
        remove = box.addButton(self.tr("Les supprimer"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("removeOldCopies")
        cancel = box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelPassphraseChange")
        box.setDefaultButton(rekey)
        box.setEscapeButton(cancel)
        self.run_dialog(box)
        clicked = box.clickedButton()
        box.deleteLater()
        return "rekey" if clicked is rekey else "remove" if clicked is remove else None

    def said(self, changed: PassphraseChanged) -> str:
        if changed.backup is not None:
            made = self.tr("Sauvegarde faite avec la nouvelle phrase : {name}.").format(name=changed.backup.name)
        else:
            made = self.tr("Attention : {problem} ; elle sera faite à la prochaine ouverture.").format(
                problem=changed.problem
            )
        parts = [self.tr("Phrase secrète changée."), made]
        if changed.rekeyed:
            parts.append(self.tr("{n}.").format(n=counted(len(changed.rekeyed), *REKEYED)))
        if changed.removed:
            parts.append(self.tr("{n}.").format(n=counted(len(changed.removed), *REMOVED)))
        if changed.failed:
            parts.append(
                self.tr("Laissées telles quelles (autre phrase secrète, ou disque en erreur) : {names}.").format(
                    names=", ".join(p.name for p in changed.failed)
                )
            )
        return " ".join(parts)
