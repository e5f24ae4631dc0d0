"""Start the desktop application: the main window at once, the rest while the passphrase is typed.

The window comes up with Qt and a few light modules, showing the first-start
or unlock form. Meanwhile a background thread loads the database, template
and document modules (sqlite-utils, SQLCipher, PyYAML, python-docx,
docxtpl...) and reads the templates: the seconds a user takes to type the
passphrase cover them, and opening the database waits for them only if the
user was faster. What reads the whole database (its check, the day's backup)
runs after opening, on a worker thread too (MainWindow.start_maintenance).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from ..core import resources
from ..core.paths import DataPaths
from ..core.private import harden_process
from ..core.spelling import FrenchChecker
from . import spelling, translations
from .main_window import MainWindow
from .passphrase import FirstRunForm, GateForm, UnlockForm

if TYPE_CHECKING:
    from ..core.workspace import Library, Workspace

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


def localise(app: QCoreApplication) -> spelling.Service:
    """French everywhere: Qt's own words and locale, and the French spell-checker (dictionary loading meanwhile).

    The application and its tests start with this same call.
    """
    translations.load(app)
    return spelling.install(FrenchChecker())


def say_when_unchecked(window: MainWindow, checking: spelling.Service) -> None:
    """Once, in the status bar, when the dictionary could not be loaded: the boxes then underline nothing."""

    def loaded(ok: bool) -> None:
        if not ok and checking.note:
            window.statusBar().showMessage(checking.note, 20000)

    checking.loaded.connect(loaded)
    if checking.note:  # it failed before the window was there
        loaded(False)


def settings_for(paths: DataPaths) -> QSettings:
    """Window state lives in the data folder: a portable setup leaves nothing elsewhere."""
    return QSettings(str(paths.root / "fenetres.ini"), QSettings.Format.IniFormat)


class Preloader:
    """What the window needs once unlocked, prepared on a background thread meanwhile.

    The job imports the database and document modules, reads the templates
    (``core.workspace.load_library``) and imports the hearing screen's
    modules: no widget is made, since widgets belong to the GUI thread. ``wait`` joins it and raises what it raised, on
    the thread that needs it; ``take`` hands its result over once. Not a
    ``background`` job: it starts before any database is open, nothing makes
    it stale, and the form that needs it waits for it rather than being told.
    """

    def __init__(self, paths: DataPaths):
        self.paths = paths
        self.library: Library | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="preload", daemon=True)

    def _run(self) -> None:
        try:
            from ..core.workspace import load_library

            self.library = load_library(self.paths)
            # The hearing screen's modules too (classes defined, no widget made): the first hearing
            # opened does not pay for their import on the window's thread.
            from . import hearing_page  # noqa: F401
        except BaseException as error:  # re-raised by wait()
            self.error = error

    def start(self) -> None:
        if self._thread.ident is None:
            self._thread.start()

    @property
    def done(self) -> bool:
        """Started and finished (errors included)."""
        return self._thread.ident is not None and not self._thread.is_alive()

    def wait(self) -> None:
        self.start()
        self._thread.join()
        if self.error is not None:
            raise self.error

    def take(self) -> Library | None:
        """The library, to the first opening only: a later one (after a restore) reads the templates afresh."""
        self.wait()
        library, self.library = self.library, None
        return library


def gate_for(paths: DataPaths, preloader: Preloader | None = None) -> GateForm:
    """The first-start form for a new data folder, the unlock form for an existing database.

    A missing database whose backups are there is not a first start: the
    unlock form says so and offers the latest backup; nothing is created.
    """
    from ..core import backups  # light: the database modules load when a backup is checked

    paths.ensure()

    def opener(create: bool) -> Callable[[str], Workspace]:
        def open_workspace(passphrase: str, account: str | None = None) -> Workspace:
            library = preloader.take() if preloader is not None else None
            from ..core.workspace import Workspace

            # The whole-database check and the day's backup follow in the background (MainWindow.start_maintenance).
            workspace = Workspace.open(
                paths, passphrase, check=False, backup=False, library=library, create=create, account=account
            )
            spelling.use_personal(workspace.store)  # the personal dictionary lives in the store
            return workspace  # the window then removes what killed exports left (MainWindow._gate_opened)

        return open_workspace

    def restore_latest(passphrase: str) -> str:
        """The newest sound backup: a damaged or cut one is passed over, and said."""
        from ..core.store import CorruptDatabase
        from ..core.workspace import restore_backup

        found = backups.backups(backups.folder_of(paths.root))
        if not found:
            raise OSError("aucune sauvegarde disponible")
        passed_over: list[str] = []
        for backup in found:
            try:
                restored = restore_backup(paths, backup, passphrase, dt.datetime.now())
                break
            except CorruptDatabase as error:
                if backup == found[-1]:
                    raise
                passed_over.append(str(error))
        said = [*passed_over, f"Sauvegarde {backup.name} restaurée."]
        if restored.entries_before is not None and restored.entries_before != restored.entries_after:
            said.append(
                f"Le journal de la base remplacée comptait {restored.entries_before} entrées, celui de la "
                f"sauvegarde {restored.entries_after} : la restauration y est inscrite."
            )
        if restored.kept:
            said.append(f"L'ancienne base est conservée : {restored.kept.name}.")
        return " ".join(said)

    present = paths.database.is_file() and paths.database.stat().st_size > 0
    latest = backups.backups(backups.folder_of(paths.root))
    if present or latest:
        from ..core.store import keyring  # light: no database module

        def derive(passphrase: str, account: str | None) -> tuple[str, str | None]:
            return keyring.open_with(paths.database, passphrase, account)

        gate = UnlockForm(
            opener(create=False),
            restore_latest=restore_latest,
            accounts=keyring.accounts_of(paths.database),
            derive=derive,
        )
        if not present:
            gate.show_damaged(
                f"La base {paths.database.name} est introuvable dans {paths.root}, mais des sauvegardes existent "
                f"(la plus récente : {latest[0].name}). Saisissez la phrase secrète de cette sauvegarde et "
                "restaurez-la : aucune base vide n'est créée à sa place."
            )
        return gate
    return FirstRunForm(opener(create=True))


def start(paths: DataPaths) -> tuple[MainWindow, Preloader]:
    """Show the main window with its first-start or unlock form; the modules behind it load meanwhile."""
    preloader = Preloader(paths)
    window = MainWindow(settings=settings_for(paths))
    window.gate_factory = lambda: gate_for(paths, preloader)
    window.show_gate(window.gate_factory())
    window.show()
    # Once the window is drawn: the thread would otherwise compete with drawing it.
    QTimer.singleShot(0, preloader.start)
    return window, preloader


def error_hook(window: MainWindow, previous: Callable[..., object]) -> Callable[..., None]:
    """An exception no handler caught (in a slot) is said in the window, in French; its trace goes to stderr."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        previous(kind, error, trace)  # for the service's IT: the full trace on the console
        if isinstance(error, Exception):
            # The report itself must never be what brings the window down.
            with contextlib.suppress(Exception):
                window.report_error(error)

    return hook


def run_gui(paths: DataPaths, *, exit_after_start: bool = False) -> int:
    harden_process()  # already done by the command line's entry point; a direct caller gets it too
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    set_identity(app)
    checking = localise(app)
    window, preloader = start(paths)
    say_when_unchecked(window, checking)
    if exit_after_start:
        # A smoke test of a build: the window comes up, the background modules load, the program leaves.
        app.processEvents()
        preloader.wait()
        checking.wait()  # a build without its dictionary says so on stderr
        window.close()
        return 0
    previous_hook = sys.excepthook
    sys.excepthook = error_hook(window, previous_hook)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        workspace = getattr(window, "workspace", None)
        window.deleteLater()
        if workspace is not None:
            workspace.close()
