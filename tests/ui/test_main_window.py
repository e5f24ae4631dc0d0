"""The main window lists valid and invalid templates."""

from __future__ import annotations

from audition_assistant.core.templates.catalog import LOCAL, CatalogEntry, TemplateCatalog
from audition_assistant.core.templates.errors import TemplateProblem
from audition_assistant.ui.main_window import MainWindow


def test_main_window_shows_templates_and_flags_invalid_ones(qtbot, template):
    broken = CatalogEntry(
        "casse.yaml",
        LOCAL,
        None,
        (TemplateProblem("casse.yaml", "id", "identifiant invalide"),),
        raw_title="Modèle cassé",
    )
    window = MainWindow(TemplateCatalog([CatalogEntry("essai.yaml", LOCAL, template), broken]))
    qtbot.addWidget(window)
    window.show()
    items = [window.templates.item(i).text() for i in range(window.templates.count())]
    assert items == [
        "Audition d'essai — Audition, Tous publics (v1.0)",
        "Modèle cassé — modèle invalide : identifiant invalide",
    ]
    assert window.windowTitle() == "Assistant d'audition"
    assert window.templates.accessibleName() == "Liste des modèles"


def test_gui_command_starts_and_exits_cleanly(tmp_path, monkeypatch):
    from audition_assistant import cli

    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["gui", "--exit-after-start"]) == 0
