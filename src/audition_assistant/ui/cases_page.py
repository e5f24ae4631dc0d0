"""The list of cases, the search box, and the selected case's hearings."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.french import thousands
from ..core.store import Case
from ..core.store.records import HANDED_OVER, HEARING_STATUSES
from ..core.store.search import CaseSearch
from ..core.workspace import Workspace
from .models import CasesModel
from .reads import logged
from .signature_mark import signature_text

# A search lists at most this many cases (the most recently changed first), and says how many match.
SHOWN = 100
# A search is logged once it settles: Enter, leaving the box, clearing it, the lock, or this long without typing.
SETTLE_MS = 1500


def found_text(shown: int, total: int | None) -> str:
    """What the line under a searched list says: the cap, the count, or that it is still being counted."""
    if total is None:
        return f"Les {thousands(shown)} premiers résultats\u00a0; décompte des autres en cours…"
    if total > shown:
        return (
            f"Les {thousands(shown)} premiers résultats sur {thousands(total)}, les plus récemment modifiés\u00a0: "
            "précisez la recherche pour trouver les autres."
        )
    if total == 0:
        return "Aucun dossier ne correspond à la recherche."
    return "1 dossier trouvé." if total == 1 else f"{thousands(total)} dossiers trouvés."


def wrap_lines(view: QListWidget) -> None:
    """A list whose long lines wrap at its edge, without sideways scrolling; each item says all in its tooltip."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)  # wrapped again when the pane is narrowed


class CasesPage(QWidget):
    new_case_requested = Signal()
    edit_case_requested = Signal(int)
    new_hearing_requested = Signal(int)
    hearing_opened = Signal(int)
    status_requested = Signal(int, str)  # case id, new status
    archive_export_requested = Signal(int)  # case id
    archive_import_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("casesPage")
        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setAccessibleName(self.tr("Rechercher"))
        self.search.setPlaceholderText(self.tr("Rechercher : n° de procédure, nom, mots prononcés… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox(self.tr("Afficher les dossiers archivés"), self)
        self.show_archived.setObjectName("showArchived")
        self.model = CasesModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as from any other control
        self.table.setObjectName("casesTable")
        self.table.setAccessibleName(self.tr("Dossiers"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.found = QLabel(self)
        self.found.setObjectName("searchCount")
        self.found.setWordWrap(True)
        self.found.hide()
        self.new_button = self._button(
            "newCaseButton", self.tr("Nouveau dossier (Ctrl+N)"), self.new_case_requested.emit
        )
        self.edit_button = self._button("editCaseButton", self.tr("Modifier"), self._edit)
        self.close_button = self._button("closeCaseButton", self.tr("Clore"), lambda: self._status("closed"))
        self.reopen_button = self._button("reopenCaseButton", self.tr("Rouvrir"), lambda: self._status("open"))
        self.archive_button = self._button("archiveCaseButton", self.tr("Archiver"), lambda: self._status("archived"))
        self.export_archive_button = self._button(
            "exportArchiveButton",
            self.tr("Exporter une archive…"),
            lambda: self._with_case(self.archive_export_requested.emit),
        )
        self.import_archive_button = self._button(
            "importArchiveButton", self.tr("Importer une archive…"), self.archive_import_requested.emit
        )

        self.case_title = QLabel(self)
        self.case_title.setObjectName("caseTitle")
        self.case_title.setWordWrap(True)
        self.hearings = QListWidget(self)
        self.hearings.setObjectName("hearingList")
        self.hearings.setAccessibleName(self.tr("Auditions du dossier"))
        wrap_lines(self.hearings)
        self.open_button = self._button("openHearingButton", self.tr("Ouvrir l'audition"), self._open_hearing)
        self.new_hearing_button = self._button(
            "newHearingButton", self.tr("Nouvelle audition…"), lambda: self._with_case(self.new_hearing_requested.emit)
        )

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.close_button, self.reopen_button, self.archive_button):
            actions.addWidget(button)
        actions.addStretch(1)
        archives = QHBoxLayout()  # a row of its own: the window still fits a 1280-pixel screen zoomed in
        archives.addStretch(1)
        archives.addWidget(self.export_archive_button)
        archives.addWidget(self.import_archive_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.found)
        left_layout.addLayout(actions)
        left_layout.addLayout(archives)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.case_title)
        right_layout.addWidget(self.hearings, 1)
        hearing_actions = QHBoxLayout()
        hearing_actions.addWidget(self.open_button)
        hearing_actions.addWidget(self.new_hearing_button)
        right_layout.addLayout(hearing_actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("casesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(200)
        self._search_pause.timeout.connect(self._searched)
        self.search.textChanged.connect(self._typed)
        self.search.editingFinished.connect(self._search_done)
        # What a search read is logged once it settles (never each keystroke's list); the one shown meanwhile.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.settle_search)
        self._shown: tuple[str, CaseSearch] | None = None
        self._log_when_counted = False
        # A search with many matches counts them a batch at a time, the window answering between batches.
        self._searching: CaseSearch | None = None
        self._counting = QTimer(self)
        self._counting.setInterval(0)
        self._counting.timeout.connect(self._count_more)
        self.show_archived.toggled.connect(lambda _on: self._searched())
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_case())
        self.table.doubleClicked.connect(lambda _i: self._open_latest())
        self.hearings.itemActivated.connect(lambda _i: self._open_hearing())
        self.reload()

    def _button(self, name: str, text: str, action: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.split(" (")[0])
        button.clicked.connect(action)
        return button

    # --- data ------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        store = self.workspace.store
        if store.locked:  # a search typed just before the lock: the list comes back with the passphrase
            return
        keep = select if select is not None else self.selected_case_id()
        text = self.search.text().strip()
        # A case handed over to another laptop stays in view, marked « Transmis », until archived ones are.
        shown = ("open", "closed", HANDED_OVER)
        statuses = (*shown, "archived") if self.show_archived.isChecked() else shown
        self._counting.stop()
        self._searching = store.find(text, statuses) if text else None
        if self._searching is None:
            cases = store.cases(statuses)
        else:
            cases = self._searching.first(SHOWN)
            if not self._searching.done:
                self._counting.start()
        self._show_found()
        self.found.setVisible(self._searching is not None)
        self.model.set_cases(cases)
        row = next((i for i, c in enumerate(cases) if c.id == keep), 0 if cases else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.show_case()

    def _count_more(self) -> None:
        """One more batch of the search's count (never after a lock: the list comes back with the passphrase)."""
        searching = self._searching
        if searching is None or self.workspace.locked or searching.step():
            self._counting.stop()
            if self._log_when_counted:
                self.settle_search()
        self._show_found()

    # --- the search's log ---------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._search_pause.start()
        self._settle.start()

    def _searched(self) -> None:
        """The typing paused: the list follows the box; a search cleared is logged as it was shown."""
        if self.workspace.store.locked:
            return
        if not self.search.text().strip():
            self.settle_search()
        self.reload()
        searching = self._searching
        self._shown = (self.search.text().strip(), searching) if searching is not None else None
        self._log_when_counted = False

    def shown_again(self) -> None:
        """The list back after the lock, the search box's words searched again: a search again, logged now."""
        searching = self._searching
        if searching is not None:
            self._shown = (self.search.text().strip(), searching)
            self.settle_search()

    def _search_done(self) -> None:
        """Enter, or the box left: the search as typed is shown and logged now."""
        if self._search_pause.isActive():
            self._search_pause.stop()
            self._searched()
        self.settle_search()

    def settle_search(self, *, counted: bool = True) -> None:
        """Log the search shown (its words and how many cases it found), once; its count finished first,
        unless not ``counted`` (the lock: logged now, as far as it was counted)."""
        self._settle.stop()
        shown = self._shown
        if shown is None or self.workspace.store.locked:
            return
        text, searching = shown
        if counted and searching.total is None and searching is self._searching and self._counting.isActive():
            self._log_when_counted = True  # logged when the count ends
            return
        self._shown, self._log_when_counted = None, False
        found = searching.total
        detail = {"resultats": found} if found is not None else {"resultats": None, "au_moins": SHOWN}
        problem = logged(self.workspace.store, "searched", requete=text, **detail)
        if problem:  # not logged: not shown either
            self._counting.stop()
            self._searching = None
            self.model.set_cases([])
            self.show_case()
            self.found.setText(problem)
            self.found.show()

    def _show_found(self) -> None:
        searching = self._searching
        if searching is not None:
            total = searching.total
            self.found.setText(found_text(SHOWN if total is None else min(total, SHOWN), total))

    def selected_case(self) -> Case | None:
        index = self.table.currentIndex()
        return self.model.case_at(index.row()) if index.isValid() else None

    def selected_case_id(self) -> int | None:
        case = self.selected_case()
        return case.id if case else None

    def show_case(self) -> None:
        case = self.selected_case()
        self.hearings.clear()
        for button in (
            self.edit_button,
            self.close_button,
            self.archive_button,
            self.new_hearing_button,
            self.reopen_button,
            self.export_archive_button,
        ):
            button.setEnabled(case is not None)
        self.open_button.setEnabled(False)
        if case is None:
            self.case_title.setText(self.tr("Aucun dossier. Créez-en un avec « Nouveau dossier »."))
            return
        self.close_button.setEnabled(case.status == "open")
        self.reopen_button.setEnabled(case.status != "open")
        self.archive_button.setEnabled(case.status != "archived")
        if case.status == HANDED_OVER:  # kept here read-only: its hearings open, nothing of it changes
            for button in (self.edit_button, self.close_button, self.reopen_button, self.archive_button):
                button.setEnabled(False)
            self.new_hearing_button.setEnabled(False)
            self.export_archive_button.setEnabled(False)
        self.case_title.setText(
            f"<h3>{escape(case.procedure_number)}</h3><p>{escape(case.heading)}</p>"
            + (f"<p>{escape(case.qualification)}</p>" if case.qualification else "")
        )
        store = self.workspace.store
        for record in store.hearings(case.id):
            person = store.person(record.person_id)
            title = str(record.template_snapshot.get("title", record.template_id))
            text = (
                f"{person.display_name} — {title}\n"
                f"{HEARING_STATUSES.get(record.status, record.status)} · {record.created_at[:10]} · "
                + signature_text(self.workspace.snapshot_signature_label(record.template_snapshot, record.id))
            )
            item = QListWidgetItem(text, self.hearings)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
        if self.hearings.count():
            self.hearings.setCurrentRow(self.hearings.count() - 1)
            self.open_button.setEnabled(True)
        else:
            hint = QListWidgetItem(self.tr("Aucune audition : « Nouvelle audition… » pour commencer."), self.hearings)
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            hint.setToolTip(hint.text())

    # --- actions ----------------------------------------------------------------
    def _with_case(self, action: object) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            action(case_id)  # type: ignore[operator]

    def _edit(self) -> None:
        self._with_case(self.edit_case_requested.emit)

    def _status(self, status: str) -> None:
        self._with_case(lambda case_id: self.status_requested.emit(case_id, status))

    def _open_hearing(self) -> None:
        item = self.hearings.currentItem()
        if item is not None:
            self.hearing_opened.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_latest(self) -> None:
        if self.hearings.count():
            self.hearings.setCurrentRow(self.hearings.count() - 1)
            self._open_hearing()
