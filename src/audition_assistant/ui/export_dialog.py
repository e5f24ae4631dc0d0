"""Export: which documents, in which formats, where; rendered off the window's thread, then written and recorded on it.

The files written are listed one per row, each with « Ouvrir » and
« Imprimer »; « Imprimer tout » prints the set (a signed PV once per
signatory). Printing runs off the window's thread too (core.printing), and
each file the print service took is recorded in the hearing's history.

Closing the dialog while an export or a print runs does not stop it: the
documents are all written (or sent) and recorded, the dialog says so and
closes itself then (see ``background`` for the lock). One that fails after
the close was asked stays open to say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import printing
from ..core.errors import UserError
from ..core.export import formats as export_formats
from ..core.export import libreoffice
from ..core.export.attestations import LOCAL
from ..core.export.exporter import (
    BuiltDocument,
    ExportedFile,
    built_in,
    check_protection,
    protect_all,
    render_all,
    write_all,
)
from ..core.export.files import ExportError
from ..core.export.protect import MIN_PASSWORD_LENGTH, check_password
from ..core.french import counted, typography
from ..core.templates.model import DocumentSpec
from ..core.workspace import Workspace
from .background import Background
from .hearing_session import HearingSession
from .passphrase import secret_line
from .review_page import Finding, findings
from .word_models import origin_text

SIZE = (820, 700)  # a 1366x768 screen shows it whole; on 1280x720, as tall as the screen allows
MINIMUM = (560, 420)  # smaller, the list of documents and the buttons no longer fit side by side
DOCUMENT_ROWS_SHOWN = 10  # more documents than this, the list scrolls
FILE_ROWS_SHOWN = 7  # more files written than this, the result list scrolls (1366x768 and 1280x720 alike)
PDF_REFUSED = "PDF/A n'admet pas de mot de passe\u00a0: décochez PDF/A ou la protection."  # said as both are ticked
MISSING_SHOWN = 5  # the missing answers named before the export, the others counted
OTHERS_SHOWN = 3  # the review's other points quoted


def _first(found: list[Finding], shown: int) -> str:
    """The first findings' texts, one after the other; an ellipsis when there are more."""
    # French: a no-break space before « ; », and in the findings' own texts.
    texts = "\u00a0; ".join(typography(f.text).rstrip(".") for f in found[:shown])
    return texts + ("…" if len(found) > shown else ".")


def exported_text(documents: int) -> str:
    """« 7 documents exportés », as the dialog and the status bar say it."""
    return counted(documents, "document exporté", "documents exportés")


def local_models_text(workspace: Workspace, specs: Sequence[DocumentSpec]) -> str:
    """Which documents a service's own Word model fills, and whether it replaces a bundled one."""
    library = workspace.models
    found = [(spec, library.get(spec.model)) for spec in specs]
    named = [
        f"«\u00a0{spec.title}\u00a0» ({origin_text(model, library.is_imported(model))})"
        for spec, model in found
        if model is not None and model.origin == LOCAL
    ]
    return "Modèles locaux du service\u00a0: " + "\u00a0; ".join(named) + "." if named else ""


def open_with_system(path: Path) -> bool:
    """Open a file or folder with the application the system associates with it; False when it cannot."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def copies_text(copies: int) -> str:
    return f"{copies} exemplaire{'s' if copies > 1 else ''}"


class ExportDialog(QDialog):
    exported = Signal(object)  # list[ExportedFile]
    rendered = Signal(int)  # documents rendered so far (emitted by the rendering thread, queued here)

    def __init__(self, session: HearingSession, parent: QWidget | None = None, *, background: Background | None = None):
        super().__init__(parent)
        self.session = session
        # The window's (a lock leaves an export running): the rendering runs there, no database, no file.
        self.background = background or Background(self)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Exporter les documents"))
        self.written: list[ExportedFile] = []
        # From start() until the files are written or the export failed (the rendering may be done
        # while its result still waits in the event queue).
        self._busy = False
        self._close_when_done: int | None = None  # the result asked for while busy

        view = session.view
        applicable = {d.id for d in view.applicable_documents()}
        self.documents = QListWidget(self)
        self.documents.setObjectName("exportDocuments")
        self.documents.setAccessibleName(self.tr("Documents à exporter"))
        for spec in session.template.documents:
            item = QListWidgetItem(spec.title, self.documents)
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if spec.id in applicable else Qt.CheckState.Unchecked)
            if spec.id not in applicable:
                item.setToolTip(self.tr("Non prévu pour cette audition d'après les réponses données."))
        # A reopened hearing's procès-verbaux complémentaires or de rectification, each with its own number.
        supplements = session.workspace.supplement_documents(session.hearing_id)
        self._specs = {spec.id: spec for spec in [*session.template.documents, *supplements]}
        for spec in supplements:
            item = QListWidgetItem(spec.title, self.documents)
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.documents.itemChanged.connect(lambda _item: self._update_office_note())
        self.format_boxes = self._format_boxes(session.workspace.export_formats())
        self.office_note = QLabel(self)
        self.office_note.setObjectName("exportOfficeNote")
        self.office_note.setWordWrap(True)
        self.office_note.setStyleSheet("color:#8a4b00;")
        self._office = libreoffice.available()  # a look-up on the PATH and the usual folders, never a run
        self._update_office_note()
        self.warning = QLabel(self)
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        warning = self._warning_text(findings(session))
        if warning:
            self.warning.setText(warning)
            self.warning.setStyleSheet("color:#8a4b00;")
        self.warning.setVisible(bool(warning))  # empty, it would still leave a gap under the formats
        self.local_models = QLabel(local_models_text(session.workspace, session.template.documents), self)
        self.local_models.setObjectName("exportLocalModels")
        self.local_models.setWordWrap(True)
        self.local_models.setVisible(bool(self.local_models.text()))
        self.folder = QLineEdit(str(session.workspace.export_folder(session.hearing_id)), self)
        self.folder.setObjectName("exportFolder")
        self.folder.setAccessibleName(self.tr("Dossier de destination"))
        browse = QPushButton(self.tr("Parcourir…"), self)
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        self.protect = QCheckBox(self.tr("Protéger les documents par un mot de passe"), self)
        self.protect.setObjectName("exportProtect")
        self.password = secret_line(self, "exportPassword", self.tr("Mot de passe des documents"))
        self.password.setPlaceholderText(self.tr("{n} caractères au moins").format(n=MIN_PASSWORD_LENGTH))
        self.password_confirm = secret_line(self, "exportPasswordConfirm", self.tr("Confirmation du mot de passe"))
        self.password_note = QLabel(
            self.tr(
                "Word et LibreOffice demanderont ce mot de passe pour ouvrir les documents. "
                "Transmettez-le au destinataire par un autre moyen que les documents\u00a0: "
                "il ne peut pas être retrouvé."
            ),
            self,
        )
        self.password_note.setObjectName("exportPasswordNote")
        self.password_note.setWordWrap(True)
        self.pdf_refused = QLabel(PDF_REFUSED, self)
        self.pdf_refused.setObjectName("exportPdfProtected")
        self.pdf_refused.setWordWrap(True)
        self.pdf_refused.setStyleSheet("color:#b00020;")
        self.pdf_refused.hide()
        self.format_boxes[export_formats.PDF].toggled.connect(lambda _checked: self._protect_toggled(None))
        self.protect.toggled.connect(self._protect_toggled)
        self._protect_toggled(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.hide()
        self.outcome = QLabel(self)
        self.outcome.setObjectName("exportResult")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("Exporter"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le dossier"), self)
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.hide()
        self.print_all_button = QPushButton(self.tr("Imprimer tout"), self)
        self.print_all_button.setObjectName("printAll")
        self.print_all_button.setAccessibleName(self.tr("Imprimer tous les documents exportés"))
        self.print_all_button.hide()
        self.print_all_button.clicked.connect(self.print_all)
        self.results = self._results_table()
        self.action_result = QLabel(self)
        self.action_result.setObjectName("exportActionResult")
        self.action_result.setWordWrap(True)
        self.action_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_result.hide()
        self._folder_written: Path | None = None
        self._copies: dict[str, int] = {}  # document id -> copies « Imprimer tout » prints
        self._job = ""  # "export" or "print" while ``_busy``
        # The widget that had the keyboard when a job greyed its button: given back when the job ends, lest
        # the focus stay where Qt moved it, on « Fermer », one Espace from closing the dialog.
        self._focus_before: QWidget | None = None
        close = self.close_button = QPushButton(self.tr("Fermer"), self)
        close.setObjectName("exportClose")
        close.clicked.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.rendered.connect(self.progress.setValue)
        self.open_folder_button.clicked.connect(self.open_folder)

        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.print_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        # Everything but the buttons scrolls: a long warning or result is read whole on a small screen,
        # and the buttons stay in sight.
        self.body = QScrollArea(self)
        self.body.setObjectName("exportBody")
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop where nothing shows the focus
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.body)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel(self.tr("Documents produits par ce modèle (cochés\u00a0: prévus pour cette audition)"), content)
        )
        rows = min(self.documents.count(), DOCUMENT_ROWS_SHOWN)
        self.documents.setFixedHeight(self.documents.sizeHintForRow(0) * rows + 2 * self.documents.frameWidth())
        layout.addWidget(self.documents)
        chosen_formats = QHBoxLayout()
        chosen_formats.addWidget(QLabel(self.tr("Formats\u00a0:"), content))
        for box in self.format_boxes.values():
            chosen_formats.addWidget(box)
        chosen_formats.addStretch(1)
        layout.addLayout(chosen_formats)
        layout.addWidget(self.office_note)
        layout.addWidget(self.warning)
        layout.addWidget(self.local_models)
        layout.addWidget(QLabel(self.tr("Dossier de destination"), content))
        layout.addLayout(row)
        layout.addWidget(self.protect)
        passwords = QFormLayout()
        passwords.addRow(self.tr("Mot de passe"), self.password)
        passwords.addRow(self.tr("Confirmation"), self.password_confirm)
        layout.addLayout(passwords)
        layout.addWidget(self.password_note)
        layout.addWidget(self.pdf_refused)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.results)
        layout.addWidget(self.action_result)
        layout.addStretch(1)
        self.body.setWidget(content)
        self._follow_result: QWidget | None = None
        self.body.verticalScrollBar().rangeChanged.connect(lambda *_: self._scroll_to_result())
        outer = QVBoxLayout(self)
        outer.addWidget(self.body, 1)
        outer.addLayout(buttons)
        self.setMinimumSize(*MINIMUM)
        self.setSizeGripEnabled(True)
        self._fit_screen()

    def _format_boxes(self, ticked: Sequence[str]) -> dict[str, QCheckBox]:
        """One box per format, ticked as the settings (or the profile's force) say."""
        boxes = {}
        for fmt in export_formats.DOCUMENT_FORMATS:
            box = QCheckBox(export_formats.LABELS[fmt], self)
            box.setObjectName(f"exportFormat{fmt.capitalize()}")
            box.setAccessibleName(self.tr("Exporter au format {label}").format(label=export_formats.LABELS[fmt]))
            box.setChecked(fmt in ticked)
            box.toggled.connect(lambda _checked: self._update_office_note())
            boxes[fmt] = box
        return boxes

    def chosen_formats(self) -> tuple[str, ...]:
        """The formats ticked, in the order files are written; FormatError (French) when none is."""
        return export_formats.ordered(fmt for fmt, box in self.format_boxes.items() if box.isChecked())

    def _update_office_note(self) -> None:
        """Before the export: which Word-model documents will stay in Word, and why."""
        if not hasattr(self, "office_note"):
            return  # the boxes are being made
        converted = [fmt for fmt, box in self.format_boxes.items() if box.isChecked() and fmt != export_formats.DOCX]
        chosen = [self._specs[i] for i in self.chosen() if i in self._specs]
        staying = [spec for spec in chosen if not built_in(spec)] if converted else []
        text = ""
        if staying and not self._office:
            names = "\u00a0; ".join(f"«\u00a0{spec.title}\u00a0»" for spec in staying)
            wanted = self.tr(" et ").join(export_formats.LABELS[fmt] for fmt in converted)
            text = self.tr(
                "LibreOffice n'est pas installé sur cet ordinateur\u00a0: {names} resteront au format Word (.docx) "
                "seulement, sans {wanted}. Ces documents sont remplis à partir de modèles Word, que seul LibreOffice "
                "sait convertir. Les autres documents sont produits dans tous les formats cochés."
            ).format(names=names, wanted=wanted)
        self.office_note.setText(text)
        self.office_note.setVisible(bool(text))

    def _results_table(self) -> QTableWidget:
        """The files written, one per row: its name, its format, « Ouvrir » and « Imprimer » (Tab reaches each)."""
        table = QTableWidget(0, 3, self)
        table.setObjectName("exportResults")
        table.setAccessibleName(self.tr("Fichiers exportés"))
        table.setHorizontalHeaderLabels([self.tr("Fichier"), self.tr("Format"), ""])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)  # Tab goes on to the rows' buttons, not from cell to cell
        table.setWordWrap(False)
        # Every name starts with the same procedure and PV numbers: a long name loses its start, never its title.
        table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.activated.connect(lambda index: self.open_file(self.written[index.row()]))  # Entrée, double-clic
        table.hide()
        return table

    def _fill_results(self) -> None:
        table = self.results
        table.setRowCount(len(self.written))
        for row, file in enumerate(self.written):
            name = QTableWidgetItem(file.path.name)
            name.setToolTip("\n".join([str(file.path), *file.notes]))
            table.setItem(row, 0, name)
            fmt = file.format
            table.setItem(row, 1, QTableWidgetItem(export_formats.LABELS.get(fmt, fmt)))
            cell = QWidget(table)
            cell.setObjectName(f"exportResultActions{row}")
            actions = QHBoxLayout(cell)
            actions.setContentsMargins(2, 0, 2, 0)
            opening = QPushButton(self.tr("Ouvrir"), cell)
            opening.setObjectName(f"openExported{row}")
            opening.setAccessibleName(self.tr("Ouvrir {name}").format(name=file.path.name))
            opening.clicked.connect(lambda _checked=False, f=file: self.open_file(f))
            sent = printing.to_print(self.written, file)
            printer = QPushButton(self.tr("Imprimer"), cell)
            printer.setObjectName(f"printExported{row}")
            printer.setAccessibleName(self.tr("Imprimer {name}").format(name=file.path.name))
            if sent is not file:
                printer.setToolTip(self.tr("Imprime le PDF du même document\u00a0: {name}").format(name=sent.path.name))
            printer.clicked.connect(lambda _checked=False, f=file: self.print_one(f))
            actions.addWidget(opening)
            actions.addWidget(printer)
            table.setCellWidget(row, 2, cell)
        table.resizeRowsToContents()
        # Tab from the list goes along the rows' buttons, then to the dialog's own.
        chain = [table, *(b for r in range(table.rowCount()) for b in self._row_buttons(r))]
        chain += [self.open_folder_button, self.print_all_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        rows = min(len(self.written), FILE_ROWS_SHOWN)
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(rows))
        table.setFixedHeight(height)
        table.setVisible(bool(self.written))

    def _fit_screen(self) -> None:
        """Tall enough for the list, the warning and a result of a few lines, never taller than the screen."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        width = min(SIZE[0], screen.width() - 40)
        self.resize(width, min(SIZE[1], screen.height() - 60))  # the title bar and a margin

    def _show_result(self, widget: QWidget | None = None) -> None:
        """The result (or ``widget``) in sight, scrolled to if the screen is too small to show everything."""
        self._follow_result = widget or self.outcome
        self._scroll_to_result()

    def _scroll_to_result(self) -> None:
        # Called again when the layout has given a new text its lines (the scroll range changes then).
        if self._follow_result is self.outcome:
            if self.results.isVisibleTo(self):  # the list below the summary, the summary first
                self._scroll_to(self.results)
            self._scroll_to(self.outcome)
        elif self._follow_result is not None:
            self._scroll_to(self._follow_result)

    def _scroll_to(self, widget: QWidget) -> None:
        """The whole of ``widget`` in sight, or its top when it is taller than the view.

        Not ``ensureWidgetVisible``: for a list with the focus it brings only the current row in sight.
        """
        content = self.body.widget()
        assert content is not None  # set in __init__
        bar, top = self.body.verticalScrollBar(), widget.mapTo(content, widget.rect().topLeft()).y()
        bottom, seen = top + widget.height(), self.body.viewport().height()
        if bottom > bar.value() + seen:
            bar.setValue(bottom - seen)
        if top < bar.value():
            bar.setValue(top)

    def _warning_text(self, found: list[Finding]) -> str:
        """What the review still lists, said before the export: the missing answers, then the other points."""
        missing = [f for f in found if f.blocking]
        others = [f for f in found if not f.blocking]
        lines = []
        if missing:
            lines.append(
                self.tr("⚠ {missing}\u00a0: {names}").format(
                    missing=counted(len(missing), "réponse obligatoire manquante", "réponses obligatoires manquantes"),
                    names=_first(missing, MISSING_SHOWN),
                )
            )
        if others:
            heading = self.tr("⚠ 1 point à revoir") if len(others) == 1 else self.tr("⚠ {n} points à revoir")
            lines.append(
                (heading + self.tr(" (Vérification et export)\u00a0: {points}")).format(
                    n=len(others), points=_first(others, OTHERS_SHOWN)
                )
            )
        if lines:
            lines.append(self.tr("L'export reste possible."))
        return "\n".join(lines)

    def _protect_toggled(self, checked: bool | None) -> None:
        checked = self.protect.isChecked() if checked is None else checked
        for widget in (self.password, self.password_confirm, self.password_note):
            widget.setEnabled(checked)
        self.pdf_refused.setVisible(checked and self.format_boxes[export_formats.PDF].isChecked())

    def chosen_password(self) -> str | None:
        """The documents' password, None when they are not to be protected; raises ExportError (French)."""
        if not self.protect.isChecked():
            return None
        password = self.password.text()
        if password != self.password_confirm.text():
            raise ExportError(self.tr("Les deux saisies du mot de passe diffèrent."))
        check_password(password)
        return password

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier de destination"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> list[str]:
        return [
            self.documents.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.documents.count())
            if self.documents.item(i).checkState() == Qt.CheckState.Checked
        ]

    def start(self) -> None:
        ids = self.chosen()
        if not ids:
            self.outcome.setText(self.tr("Cochez au moins un document."))
            return
        if not self.folder.text().strip():
            self.outcome.setText(self.tr("Choisissez un dossier de destination."))
            return
        workspace = self.session.workspace
        try:
            chosen = self.chosen_formats()
            password = self.chosen_password()
            check_protection(chosen, password)  # PDF/A forbids encryption: refused before anything is rendered
            ctx = workspace.context(self.session.hearing_id)
            specs = workspace.documents_for(ctx, ids)
        except UserError as error:
            self.outcome.setText(str(error))
            return
        self._start_job("export")
        self.export_button.setEnabled(False)
        self.progress.setRange(0, len(specs))
        self.progress.setValue(0)
        self.progress.show()
        self.outcome.setText(self.tr("Préparation des documents…"))
        models, progressed = workspace.models, self.rendered.emit

        def render() -> tuple[list[BuiltDocument], dict[str, int]]:  # one rendering process for every Word model
            built = protect_all(render_all(ctx, specs, models, progressed, formats=chosen), password)
            return built, printing.signatory_copies(ctx, specs)

        self.background.run(render, self._write, self._render_failed, kind="export")

    def _start_job(self, job: str) -> None:
        self._busy, self._job = True, job
        focused = QApplication.focusWidget()
        self._focus_before = focused if focused is not None and self.isAncestorOf(focused) else None

    def _give_focus_back(self, widget: QWidget | None = None) -> None:
        """The keyboard on ``widget`` (else where it was when the job started), once the job is over."""
        widget = widget or self._focus_before
        self._focus_before = None
        if widget is not None and widget.isEnabled() and widget.isVisibleTo(self):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _render_failed(self, error: BaseException) -> None:
        if isinstance(error, ExportError):
            self._failed(str(error))
        else:  # a bug must not take the window down
            self._failed(self.tr("Erreur inattendue pendant la préparation des documents\u00a0: {e}").format(e=error))

    def _write(self, rendered: tuple[list[BuiltDocument], dict[str, int]]) -> None:
        built, copies = rendered
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            identity = self.session.workspace.settings.identity_in_file_names
            self.written = write_all(self.session.store, self.session.hearing_id, built, folder, identity=identity)
        except ExportError as error:
            self._failed(str(error))
            return
        self._folder_written, self._copies = folder, copies
        self.export_button.setEnabled(True)
        self.password.clear()
        self.password_confirm.clear()
        self.outcome.setText(self._written_text(folder))
        self._fill_results()
        self.results.setCurrentCell(0, 0)
        self._give_focus_back(self.results)  # the files written, Tab on to their « Ouvrir » and « Imprimer »
        self.action_result.clear()
        self.action_result.hide()
        self._show_result()
        self.open_folder_button.show()
        self.print_all_button.show()
        self.print_all_button.setToolTip(self._print_all_tip())
        self.exported.emit(self.written)
        self._close_if_asked()

    def _written_text(self, folder: Path) -> str:
        """How many documents in which formats, where; then each document's notes, once per document."""
        documents = dict.fromkeys(f.document_id for f in self.written)
        shown = self.tr(", ").join(
            export_formats.LABELS.get(fmt, fmt)
            for fmt in dict.fromkeys(f.format for f in sorted(self.written, key=_format_rank))
        )
        text = exported_text(len(documents))
        if any(f.protected for f in self.written):
            text += self.tr(", protégé{s} par mot de passe,").format(s="s" if len(documents) > 1 else "")
        text += self.tr(" dans {folder}, {files}\u00a0: {formats}.").format(
            folder=escape(str(folder)), files=counted(len(self.written), "fichier", "fichiers"), formats=shown
        )
        notes = []
        for document_id in documents:
            files = [f for f in self.written if f.document_id == document_id]
            title = files[0].title
            for note in dict.fromkeys(n for f in files for n in f.notes):  # a note said once, not per format
                named = note if note.startswith(title) else f"«\u00a0{title}\u00a0»\u00a0: {note}"
                notes.append(f"⚠ {escape(typography(named))}")
        return "<br>".join([text, *notes])

    def _print_all_tip(self) -> str:
        jobs = printing.whole_set(self.written, self._copies)
        return self.tr("Envoie à l'imprimante\u00a0: {jobs}").format(
            jobs="\u00a0; ".join(f"{job.path.name} ({copies_text(job.copies)})" for job in jobs)
        )

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self._give_focus_back()
        self.progress.hide()
        self.outcome.setText(self.tr("Export impossible\u00a0: {m}").format(m=typography(message)))
        self._show_result()
        if self.isVisible():  # the close asked meanwhile waits: the user reads why first
            self._close_when_done = None
            self.close_button.setText(self.tr("Fermer"))
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        self._busy, self._job = False, ""
        if self._close_when_done is not None:
            result, self._close_when_done = self._close_when_done, None
            super().done(result)

    # --- after the export: open, print ------------------------------------------------------
    def _say(self, text: str, *, problem: bool = False) -> None:
        """The outcome of « Ouvrir » or « Imprimer », under the list."""
        self.action_result.setText(text)
        self.action_result.setStyleSheet("color:#b00020;" if problem else "")
        self.action_result.show()
        self._show_result(self.action_result)

    def open_folder(self) -> None:
        folder = self._folder_written or Path(self.folder.text().strip()).expanduser()
        if not folder.is_dir():
            self._say(
                self.tr("Le dossier {folder} n'existe plus (déplacé ou supprimé\u00a0?).").format(folder=folder),
                problem=True,
            )
        elif not open_with_system(folder):
            self._say(
                self.tr(
                    "Le système n'a pas pu ouvrir le dossier {folder}\u00a0: aucun gestionnaire de fichiers "
                    "n'est associé aux dossiers sur cet ordinateur. Ouvrez-le depuis le poste de travail."
                ).format(folder=folder),
                problem=True,
            )

    def open_file(self, file: ExportedFile) -> None:
        name = file.path.name
        if not file.path.is_file():
            self._say(
                self.tr("Le fichier «\u00a0{name}\u00a0» n'existe plus (déplacé ou supprimé\u00a0?).").format(
                    name=name
                ),
                problem=True,
            )
        elif open_with_system(file.path):
            self._say(self.tr("«\u00a0{name}\u00a0» s'ouvre dans son application.").format(name=name))
        else:
            label = export_formats.LABELS.get(file.format, file.path.suffix)
            self._say(
                self.tr(
                    "Le système n'a pas pu ouvrir «\u00a0{name}\u00a0»\u00a0: aucune application n'est associée "
                    "aux fichiers {label} sur cet ordinateur. Le fichier est bien dans {folder}."
                ).format(name=name, label=label, folder=file.path.parent),
                problem=True,
            )

    def print_one(self, file: ExportedFile) -> None:
        """One copy of this document: its PDF when one was exported, else the file itself."""
        chosen = printing.to_print(self.written, file)
        self._print([printing.PrintJob(chosen.document_id, chosen.title, chosen.path, 1)])

    def print_all(self) -> None:
        """Every document once, a signed PV once per signatory (each keeps an original)."""
        self._print(printing.whole_set(self.written, self._copies))

    def _print(self, jobs: list[printing.PrintJob]) -> None:
        """Off the window's thread (a spooler may be slow to answer); each file taken is recorded here after."""
        if self._busy or not jobs:
            return
        self._start_job("print")
        self._enable_printing(False)
        self._say(self.tr("Envoi à l'imprimante…"))
        send = printing.print_file  # read now: the service the application (or a test) has installed

        def work() -> tuple[list[printing.PrintJob], printing.PrintError | None]:
            sent: list[printing.PrintJob] = []
            for job in jobs:
                try:
                    send(job.path, job.copies)
                except printing.PrintError as error:
                    return sent, error
                sent.append(job)
            return sent, None

        self.background.run(work, self._printed, self._print_failed, kind="print")

    def _printed(self, outcome: tuple[list[printing.PrintJob], printing.PrintError | None]) -> None:
        sent, error = outcome
        recorded = True
        for job in sent:
            try:
                self.session.store.record_print(
                    self.session.hearing_id, job.document_id, str(job.path.expanduser().absolute()), job.copies
                )
            except UserError:
                recorded = False
        parts = []
        if sent:
            listed = "\u00a0; ".join(f"{job.path.name} ({copies_text(job.copies)})" for job in sent)
            parts.append(self.tr("Envoyé à l'imprimante\u00a0: {jobs}.").format(jobs=listed))
            if not recorded:
                parts.append(self.tr("L'impression n'a pas pu être inscrite à l'historique de l'audition."))
        if error is not None:
            parts.append(self.tr("Impression impossible\u00a0: {m}").format(m=error))
        self._print_ended(" ".join(parts), problem=error is not None or not recorded)

    def _print_failed(self, error: BaseException) -> None:  # a bug must not take the window down
        self._print_ended(self.tr("Erreur inattendue pendant l'impression\u00a0: {e}").format(e=error), problem=True)

    def _print_ended(self, text: str, *, problem: bool) -> None:
        self._enable_printing(True)
        self._give_focus_back()
        self._say(text, problem=problem)
        if problem and self.isVisible():  # the close asked meanwhile waits: the user reads why first
            self._close_when_done = None
            self.close_button.setText(self.tr("Fermer"))
        self._close_if_asked()

    def _enable_printing(self, enabled: bool) -> None:
        self.print_all_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled)
        for row in range(self.results.rowCount()):
            self._row_buttons(row)[1].setEnabled(enabled)

    def _row_buttons(self, row: int) -> tuple[QPushButton, QPushButton]:
        """The row's « Ouvrir » and « Imprimer »."""
        cell = self.results.cellWidget(row, 2)
        opening = cell.findChild(QPushButton, f"openExported{row}")
        printer = cell.findChild(QPushButton, f"printExported{row}")
        assert opening is not None and printer is not None  # made together in _fill_results
        return opening, printer

    def done(self, result: int) -> None:
        """Closing during an export or a print never waits on the window's thread: the work goes on to its end,
        then the window closes (or stays, if it failed, to say why)."""
        if self._busy:
            self._close_when_done = result
            if self._job == "print":
                text = self.tr(
                    "L'impression continue\u00a0: les documents envoyés à l'imprimante seront inscrits à "
                    "l'historique, puis cette fenêtre se fermera d'elle-même. En cas d'échec, elle restera "
                    "ouverte pour en dire la raison."
                )
                self._say(text)
                self.close_button.setText(self.tr("Fermeture après l'impression…"))
                return
            self.outcome.setText(
                self.tr(
                    "L'export continue\u00a0: les documents seront tous écrits et inscrits au journal, puis cette "
                    "fenêtre se fermera d'elle-même. En cas d'échec, elle restera ouverte pour en dire la raison."
                )
            )
            self._show_result()
            self.close_button.setText(self.tr("Fermeture après l'export…"))
            return
        super().done(result)


def _format_rank(file: ExportedFile) -> int:
    order = export_formats.DOCUMENT_FORMATS
    return order.index(file.format) if file.format in order else len(order)
