"""Start the desktop application: first start or unlock, then the main window."""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QDialog

from ..core import backups, resources
from ..core.instance import FolderLock
from ..core.paths import DataPaths
from ..core.workspace import Workspace
from .main_window import MainWindow
from .passphrase import FirstRunDialog, UnlockDialog

# The name of the menu entry (packaging/linux/audition-assistant.desktop) and of the icon.
DESKTOP_NAME = "audition-assistant"


def app_icon() -> QIcon:
    """The application icon (resources/icons), read through importlib.resources."""
    pixmap = QPixmap()
    pixmap.loadFromData(resources.read_bytes("icons", f"{DESKTOP_NAME}.png"))
    return QIcon(pixmap)


def set_identity(app: QApplication) -> None:
    """Names used by QSettings and the desktop, and the icon of every window."""
    app.setApplicationName("Assistant d'audition")
    app.setOrganizationName("AuditionAssistant")
    app.setDesktopFileName(DESKTOP_NAME)
    app.setWindowIcon(app_icon())


def settings_for(paths: DataPaths) -> QSettings:
    """Window state lives in the data folder: a portable setup leaves nothing elsewhere."""
    return QSettings(str(paths.root / "fenetres.ini"), QSettings.Format.IniFormat)


def login_dialog(paths: DataPaths) -> FirstRunDialog | UnlockDialog:
    paths.ensure()

    def open_workspace(passphrase: str) -> Workspace:
        return Workspace.open(paths, passphrase)

    def restore_latest(passphrase: str) -> str:
        found = backups.backups(backups.folder_of(paths.root))
        if not found:
            raise OSError("aucune sauvegarde disponible")
        with FolderLock(paths.root):
            kept = backups.restore(paths.database, found[0], passphrase, dt.datetime.now())
        return f"Sauvegarde {found[0].name} restaurée. L'ancienne base est conservée : {kept.name if kept else '-'}."

    if paths.database.exists():
        return UnlockDialog(open_workspace, restore_latest=restore_latest)
    return FirstRunDialog(open_workspace)


def main_window(workspace: Workspace, paths: DataPaths) -> MainWindow:
    window = MainWindow(workspace, settings_for(paths))
    window.show()
    window.reopen_last()
    return window


def run_gui(paths: DataPaths, *, exit_after_start: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_identity(app)
    dialog = login_dialog(paths)
    if exit_after_start:
        # A smoke test of a build: the first screen comes up, then the program leaves.
        dialog.show()
        app.processEvents()
        dialog.close()
        return 0
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workspace is None:
        return 0
    workspace = dialog.workspace
    window = main_window(workspace, paths)
    try:
        return app.exec()
    finally:
        window.deleteLater()
        workspace.close()
