"""The Word models dialog: which models the exports use, and the import of a service's own model.

A model is imported, never dropped in a folder: the import checks it in the
rendering process (seconds, so off the window's thread), then copies it into
the data folder and records its hash in the audit trail (on the window's
thread: the store is used there only). A local file that was not imported,
or that changed since, is listed as refused.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.export.attestations import WordModel
from ..core.export.files import ExportError
from ..core.export.model_import import Candidate, check_import, install
from ..core.workspace import Workspace
from .background import Background
from .cases_page import wrap_lines
from .signature_mark import signature_text


def origin_text(model: WordModel, imported: bool) -> str:
    """How a list names where a model comes from (the export dialog says it the same way)."""
    if model.origin != "local":
        return "modèle livré"
    if not imported:
        return "modèle local non importé : refusé à l'export"
    return "modèle local, remplace le modèle livré" if model.replaces_bundled else "modèle local"


class WordModelsDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, background: Background | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.background = background or Background(self)
        self.setObjectName("wordModelsDialog")
        self.setWindowTitle(self.tr("Modèles Word"))
        self.checking: int | None = None  # the check's token while its result is awaited
        self.models = QListWidget(self)
        self.models.setObjectName("wordModelsList")
        self.models.setAccessibleName(self.tr("Modèles Word utilisés pour les documents"))
        wrap_lines(self.models)  # who signed each model ends the line: seen without scrolling sideways
        self.status = QLabel(self)
        self.status.setObjectName("wordModelsStatus")
        self.status.setWordWrap(True)
        self.import_button = QPushButton(self.tr("&Importer un modèle Word…"), self)
        self.import_button.setObjectName("importWordModel")
        self.import_button.clicked.connect(self.choose_file)
        close = QPushButton(self.tr("Fermer"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Modèles Word (un modèle local remplace le modèle livré du même nom)"), self))
        layout.addWidget(self.models)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.checking is not None

    def refresh(self) -> None:
        library = self.workspace.models
        # The title the templates give each model's document; the file's name for a model no template uses.
        titles = {
            spec.model: spec.title
            for template in self.workspace.catalog.valid()
            for spec in template.documents
            if spec.model and spec.title
        }
        self.models.clear()
        for model in library.models().values():
            title = titles.get(model.name)
            named = f"{title} ({model.name}.docx)" if title else f"{model.name}.docx"
            signed = signature_text(self.workspace.model_signature_label(model))
            self.models.addItem(f"{named} — {origin_text(model, library.is_imported(model))} — {signed}")

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Importer un modèle Word"), "", self.tr("Modèles Word (*.docx)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Check ``path`` off the window's thread; the result comes back to ``_checked``."""
        if self.busy:
            return
        self.import_button.setEnabled(False)
        self.status.setText(self.tr("Vérification du modèle {name}…").format(name=path.name))
        models = self.workspace.models
        self.checking = self.background.run(
            lambda: check_import(models, path), self._checked, self._failed, kind="check"
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ExportError):
            self._checked(str(error))
        else:  # a bug must not take the window down
            self._checked(self.tr("Erreur inattendue pendant la vérification du modèle : {e}").format(e=error))

    def _checked(self, result: Candidate | str) -> None:
        self.checking = None
        self.import_button.setEnabled(True)
        if isinstance(result, str):
            self.status.setText(result)
            return
        if result.info.problems:
            problems = "\n".join(f"• {p}" for p in result.info.problems)
            self.status.setText(self.tr("Modèle refusé, rien n'a été importé :\n{p}").format(p=problems))
            return
        try:
            info = install(self.workspace.models, self.workspace.store, result)
        except UserError as error:  # folder not writable, store locked meanwhile
            self.status.setText(str(error))
            return
        replaced = self.tr(" ; il remplace le modèle livré du même nom") if info.model.replaces_bundled else ""
        self.status.setText(self.tr("Modèle « {name} » importé{r}.").format(name=info.model.name, r=replaced))
        self.refresh()

    def done(self, result: int) -> None:
        self.background.drop(self.checking)  # its result is dropped; the thread ends on its own
        self.checking = None
        super().done(result)
