"""Start-up: first start or unlock, and the command that starts the GUI."""

from __future__ import annotations

from audition_assistant import cli
from audition_assistant.core.store import Store
from audition_assistant.ui.app import login_dialog
from audition_assistant.ui.passphrase import FirstRunDialog, UnlockDialog, strength


def test_first_start_then_unlock(qtbot, data_paths):
    dialog = login_dialog(data_paths)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FirstRunDialog)
    Store.open(data_paths.database, "phrase secrète de test").close()
    again = login_dialog(data_paths)
    qtbot.addWidget(again)
    assert isinstance(again, UnlockDialog)


def test_gui_command_starts_and_exits_cleanly(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["gui", "--exit-after-start"]) == 0
    assert (tmp_path / "data" / "templates").is_dir()


def test_passphrase_strength_hint():
    assert strength("court")[0] == 0
    assert strength("motdepasse1")[0] == 1
    assert strength("trois mots simples ici")[0] == 3
    assert strength("Un-Deux-3-quatre")[0] == 2


def test_application_icon_loads_from_the_bundled_resources(qapp):
    from audition_assistant.ui.app import app_icon, set_identity

    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(256, 256).width() == 256
    set_identity(qapp)
    assert qapp.desktopFileName() == "audition-assistant"
    assert not qapp.windowIcon().isNull()
