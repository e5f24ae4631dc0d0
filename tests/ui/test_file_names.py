"""The person's name in exported file names: off by default, a setting with its warning, never when protected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from audition_assistant.core import settings
from hearings import ADULT

PASSWORD = "Remise-au-parquet 2026"


def export(window, qtbot, out, password=None):
    def step(dialog):
        dialog.folder.setText(str(out))
        if password:
            dialog.format_boxes["pdf"].setChecked(False)  # PDF/A forbids encryption
            dialog.protect.setChecked(True)
            dialog.password.setText(password)
            dialog.password_confirm.setText(password)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.written), timeout=30000)
        return QDialog.DialogCode.Accepted

    window.run_dialog.push(step)
    window.export_action.trigger()
    return sorted(p.name for p in out.iterdir())


def test_names_carry_the_person_only_when_the_setting_says_so_and_never_when_protected(
    qtbot, window, gui_workspace, data_paths, tmp_path
):
    store = gui_workspace.store
    case = store.create_case("2026/000512", "Affaire c/ X")
    identity = {"nom": "Rivera", "prenoms": "Lucía"}
    person = store.add_person(case, identity)
    hearing = gui_workspace.start_hearing(case, person, gui_workspace.catalog.get(ADULT), "2026/000512/00004")
    store.set_answer(hearing, "victime", identity)
    window.open_hearing(hearing)
    default = export(window, qtbot, tmp_path / "par-defaut")
    assert default and all(name.startswith("2026-000512_PV_2026-000512-00004_") for name in default)
    assert not any("Rivera" in name or "RIVERA" in name or "Lucía" in name for name in default)

    def tick(dialog):
        box, warning = dialog.identity, dialog.identity_warning
        assert not box.isChecked() and warning.isHidden()
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert box.isChecked() and not warning.isHidden()
        assert warning.text().startswith("Attention\u00a0: le nom de la personne se lira sans ouvrir les documents")
        assert "protégés par mot de passe ne le portent jamais" in warning.text()
        dialog.save()
        return dialog.result()

    window.run_dialog.push(tick)
    window.settings_action.trigger()
    assert gui_workspace.settings.identity_in_file_names
    assert settings.load(data_paths.root).identity_in_file_names
    named = export(window, qtbot, tmp_path / "nommes")
    assert named and all(name.rsplit(".", 1)[0].endswith("Lucía") for name in named)  # every format's
    protected = export(window, qtbot, tmp_path / "proteges", PASSWORD)
    assert protected and not any("Rivera" in name or "RIVERA" in name or "Lucía" in name for name in protected)
