"""Qt's own words in French: standard buttons, context menus, the calendar, number formats.

The application's strings are French already; what Qt draws by itself (« Oui »,
« Annuler », « Copier » in a text field's menu, the names of months) comes from
Qt's translation catalogue ``qtbase_fr.qm``, shipped with PySide6 (and carried
into the frozen build). The French locale makes dates and numbers French
whatever the station's settings are.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOGUE = "qtbase_fr"


def load(app: QCoreApplication) -> bool:
    """Install Qt's French translations on ``app`` and make the default locale French (France).

    Returns False when the catalogue is missing (a broken installation): Qt
    then speaks English, which is said once on stderr, never raised. Loading
    twice installs one translator only.
    """
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    existing = app.findChild(QTranslator, CATALOGUE)
    if existing is not None:
        return True
    translator = QTranslator(app)
    translator.setObjectName(CATALOGUE)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(CATALOGUE, folder):
        note = f"Traductions de Qt introuvables ({CATALOGUE} dans {folder}) : boutons standard en anglais."
        print(note, file=sys.stderr)
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    return True
