"""Start-up: data folder -> lock -> database -> QApplication -> translators -> window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from companion import i18n
from companion.i18n import _
from companion.paths import default_data_root, resources_dir
from companion.store.patients import PatientDirectory

SMOKE_TIMEOUT_MS = 20_000


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tofersen Companion")
    app.setOrganizationName("TofersenCompanion")
    app.setDesktopFileName("tofersen-companion")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "companion.svg")))
    return app


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own words (dialog buttons, calendar) in the user's language."""
    QLocale.setDefault(QLocale(language))
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if language != "en" and translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        translators.append(translator)
    return translators


def create_window(data_dir: Path | None):
    """The main window for ``data_dir`` (one patient), or for the current patient under the data
    root, with the patient switcher."""
    from companion.ui.main_window import MainWindow
    from companion.ui.style import apply_style

    apply_style(QApplication.instance())
    if data_dir is not None:
        return MainWindow(data_dir)
    directory = PatientDirectory(default_data_root())
    return MainWindow(directory.current_or_new(), directory)


def run(data_dir: Path | None = None, smoke: bool = False) -> int:
    """Open the window; with ``smoke``, print ``ok`` once it is shown and exit."""
    app = _application()
    install_translators(app, i18n.current_language())
    window = create_window(data_dir)
    if window.session is None:
        # The folder could not be opened (locked, damaged, or from a newer version).
        message = window.message_bar.label.text()
        if smoke:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, _("Tofersen Companion"), message)
        return 1
    window.show()
    if smoke:
        waited = {"ms": 0}

        def check_shown() -> None:
            handle = window.windowHandle()
            if window.isVisible() and handle is not None and handle.isExposed():
                print("ok", flush=True)
                window.close()
                app.exit(0)
            elif waited["ms"] >= SMOKE_TIMEOUT_MS:
                print(_("The window did not appear."), file=sys.stderr)
                app.exit(1)
            else:
                waited["ms"] += 20
                QTimer.singleShot(20, check_shown)

        QTimer.singleShot(0, check_shown)
    return app.exec()
