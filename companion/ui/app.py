"""Start-up: data folder -> lock -> database -> QApplication -> translators -> window."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from companion import i18n
from companion.earlyinit import early_init
from companion.i18n import _
from companion.paths import default_data_root, resources_dir
from companion.services.folders import PatientDirectory, peek_profile
from companion.ui.keyboard import install_keyboard
from companion.ui.style import FUSION_SET
from companion.ui.wheel_guard import install_wheel_guard

SMOKE_TIMEOUT_MS = 20_000


def _application() -> QApplication:
    early_init()  # before the first Qt call that could take a reference from None (idempotent)
    app = QApplication.instance()
    if app is None:
        # Fusion (see style.py) chosen by name at creation: setStyle() would return the style to
        # Python, and PySide6 would first build its hundreds of QStyle enum values (~6 ms).
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
        app.setProperty(FUSION_SET, True)
    assert isinstance(app, QApplication)  # a window needs widgets: never a bare QCoreApplication
    app.setApplicationName("Tofersen Companion")
    app.setOrganizationName("TofersenCompanion")
    app.setDesktopFileName("tofersen-companion")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "companion.svg")))
    install_wheel_guard(app)  # the wheel changes no value in a field without the keyboard focus
    install_keyboard(app)  # Enter presses the focused push button, in every window
    return app


_translators: list[QTranslator] = []


def install_translators(app: QApplication, language: str) -> None:
    """Qt's own words (dialog buttons, calendar) in the user's language; replaces earlier ones."""
    QLocale.setDefault(QLocale(language))
    while _translators:
        app.removeTranslator(_translators.pop())
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if language != "en" and translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _translators.append(translator)


def patient_folder(data_dir: Path | None) -> tuple[Path, PatientDirectory | None]:
    """The folder to open, and the patient directory when the switcher applies."""
    if data_dir is not None:
        return data_dir, None
    directory = PatientDirectory(default_data_root())
    return directory.current_or_new(), directory


def create_window(data_dir: Path | None, folder: Path | None = None):
    """The main window for ``data_dir`` (one patient), or for the current patient under the data
    root, with the patient switcher."""
    from companion.ui.main_window import MainWindow
    from companion.ui.style import apply_style

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    install_keyboard(app)  # (again for windows made without run(), as in the tests: once per app)
    default_folder, directory = patient_folder(data_dir)
    return MainWindow(folder or default_folder, directory)


class WindowKeeper:
    """Holds the main window, and replaces it when Settings change the language: the same patient
    in a new window, in that language (nothing is lost: every change is already saved)."""

    def __init__(self, app: QApplication, data_dir: Path | None):
        self.app = app
        self.data_dir = data_dir
        self.window = self._new_window(None)

    def _new_window(self, folder: Path | None):
        window = create_window(self.data_dir, folder)
        window.language_changed.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> None:
        old = self.window
        folder = old.session.records.folder if old.session else None
        geometry = old.saveGeometry()
        old.close()
        i18n.set_language(language or i18n.system_language())
        install_translators(self.app, i18n.current_language())
        self.window = self._new_window(folder)
        self.window.restoreGeometry(geometry)
        self.window.show()
        old.deleteLater()


def _answer_no_to_questions(app: QApplication) -> QTimer:
    """``--smoke`` runs with no one to answer: a question asked while the window opens (a damaged
    file: restore a backup?) is answered "not now" at once, so the check ends, with the reason,
    instead of waiting for ever."""
    timer = QTimer(app)
    timer.setInterval(20)

    def answer() -> None:
        from PySide6.QtWidgets import QDialog

        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog):
            widget.reject()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def run(data_dir: Path | None = None, smoke: bool = False, language_given: bool = False) -> int:
    """Open the window; with ``smoke``, print ``ok`` once it is shown and exit.

    The language is ``--lang`` when given, else the one chosen in Settings, else the system's.
    """
    app = _application()
    from companion.services.preview import remove_stale_previews

    remove_stale_previews()  # a visit summary preview left in the temp folder by a killed window
    if not language_given:
        chosen = peek_profile(patient_folder(data_dir)[0], "language")
        if chosen:
            i18n.set_language(chosen)
    install_translators(app, i18n.current_language())
    answering = _answer_no_to_questions(app) if smoke else None
    keeper = WindowKeeper(app, data_dir)
    if answering is not None:
        answering.stop()
    window = keeper.window
    if window.session is None:
        # The folder could not be opened (locked, damaged, or from a newer version).
        message = window.message_bar.label.text()
        if smoke:
            print(message, file=sys.stderr)
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, _("Tofersen Companion"), message)
        return 1
    window.show()
    if smoke:
        deadline = time.monotonic() + SMOKE_TIMEOUT_MS / 1000

        def check_shown() -> None:
            handle = window.windowHandle()
            if window.isVisible() and handle is not None and handle.isExposed():
                print("ok", flush=True)
                window.close()
                app.exit(0)
            elif time.monotonic() >= deadline:
                print(_("The window did not appear."), file=sys.stderr)
                app.exit(1)
            else:
                # Look again very soon: the start-up benchmark times this "ok" against a bare
                # window that looks every millisecond.
                QTimer.singleShot(1, check_shown)

        QTimer.singleShot(0, check_shown)
    return app.exec()
