"""The main window: the templates the application can use."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QVBoxLayout, QWidget

from ..core.templates.catalog import TemplateCatalog
from ..core.templates.model import AUDIENCE_LABELS, KIND_LABELS


class MainWindow(QMainWindow):
    def __init__(self, catalog: TemplateCatalog):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Assistant d'audition"))
        self.resize(900, 600)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        heading = QLabel(self.tr("Modèles disponibles"), central)
        heading.setObjectName("templatesHeading")
        layout.addWidget(heading)
        self.templates = QListWidget(central)
        self.templates.setObjectName("templateList")
        self.templates.setAccessibleName(self.tr("Liste des modèles"))
        layout.addWidget(self.templates)
        self.setCentralWidget(central)
        self.show_catalog(catalog)

    def show_catalog(self, catalog: TemplateCatalog) -> None:
        self.templates.clear()
        for entry in catalog.entries:
            if entry.template is not None:
                t = entry.template
                text = self.tr("{title} — {kind}, {audience} (v{version})").format(
                    title=t.title, kind=KIND_LABELS[t.kind], audience=AUDIENCE_LABELS[t.audience], version=t.version
                )
            else:
                text = self.tr("{name} — modèle invalide : {problem}").format(
                    name=entry.title or entry.path, problem=entry.problems[0].message if entry.problems else ""
                )
            self.templates.addItem(QListWidgetItem(text))
