"""The main window: navigation, the message bar and the screens (each built when first shown).

Which patient it shows, and the switch to another, is the PatientController's (patients.py); the
forms that add or change records are RecordForms' (record_forms.py); Undo and Redo are
UndoHistory's (history.py)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.paths import resources_dir
from companion.services.common import Change, Kind
from companion.services.folders import FolderLock, PatientDirectory
from companion.ui.history import UndoHistory
from companion.ui.home import HomeScreen
from companion.ui.keyboard import FEEL_AS_USUAL_KEY
from companion.ui.message_bar import MessageBar
from companion.ui.navigation import NavButton, NavigationArea
from companion.ui.patients import PatientController
from companion.ui.record_forms import RecordForms
from companion.ui.session import PatientSession
from companion.ui.style import apply_style
from companion.ui.wheel_guard import guard_window
from companion.ui.widgets import FlowLayout, big_button, named, scrolling, two_lines

HOME, INJECTIONS, DIARY, ALSFRS, VISIT, REPORT, LEAFLET, DATA = range(8)
PAGE_COUNT = 8


class MainWindow(QMainWindow):
    """One window shows one patient at a time."""

    patient_opened = Signal()
    language_changed = Signal(str)  # the language chosen in Settings ("" = the system's)

    def __init__(self, folder: Path, directory: PatientDirectory | None = None):
        super().__init__()
        self.session: PatientSession | None = None
        self.forms: RecordForms | None = None  # the forms of the open patient's records
        self.lock: FolderLock | None = None
        self.setMinimumSize(900, 640)
        self.resize(1180, 780)

        central = QWidget()
        self.setCentralWidget(central)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(12, 8, 12, 8)

        top = QHBoxLayout()
        # The name and the patient switcher wrap onto a second line with large text or long names.
        switcher_row = FlowLayout(spacing=12)
        top.addLayout(switcher_row, 1)
        app_name = QLabel(_("Tofersen Companion"))
        app_name.setObjectName("sectionTitle")
        switcher_row.addWidget(app_name)
        self.patient_label = QLabel(_("Patient:"))
        self.patient_combo = QComboBox()
        self.patient_combo.setMinimumHeight(44)
        self.patient_combo.setMinimumWidth(220)
        named(self.patient_combo, _("Patient"), _("Choose whose records to show"))
        self.patient_label.setBuddy(self.patient_combo)
        self.add_patient_button = big_button(_("Add patient"))
        self.rename_patient_button = big_button(_("Rename"), _("Rename this patient"))
        for widget in (
            self.patient_label,
            self.patient_combo,
            self.add_patient_button,
            self.rename_patient_button,
        ):
            switcher_row.addWidget(widget)
        self.message_bar = MessageBar()
        self.history = UndoHistory(self, self.message_bar)
        self.undo_button = self.history.undo_button
        self.redo_button = self.history.redo_button
        self.settings_button = big_button(
            _("Settin&gs"), _("Patient details, care team and treatment status")
        )
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addWidget(self.settings_button)
        outer.addLayout(top)

        outer.addWidget(self.message_bar)

        body = QHBoxLayout()
        nav_holder = QWidget()
        nav = QVBoxLayout(nav_holder)
        nav.setContentsMargins(0, 0, 0, 0)
        # No QButtonGroup: in a group, Tab reaches only one button. Each page button is its own Tab
        # stop; show_page keeps exactly one checked.
        self.nav_buttons: dict[int, QPushButton] = {}
        # Page numbers, in the order of the navigation buttons.
        # Translators: “&” marks the Alt letter (mnemonic) of the next letter. Alt letters must
        # differ within one screen (the page buttons, the top bar and the page; or one dialog),
        # else Alt+letter only moves the focus; tests/test_mnemonics.py checks every language.
        self.home_nav = self._nav_button(_("&Home"), HOME)
        self.injections_nav = self._nav_button(_("&Injections"), INJECTIONS)
        self.diary_nav = self._nav_button(_("&Diary"), DIARY)
        self.alsfrs_nav = self._nav_button(_("&ALSFRS-R"), ALSFRS)
        self.visit_nav = self._nav_button(_("For my ne&xt visit"), VISIT)
        self.report_nav = self._nav_button(_("&Visit summary"), REPORT)
        self.leaflet_nav = self._nav_button(_("L&eaflet"), LEAFLET)
        self.data_nav = self._nav_button(_("Backups and files"), DATA)
        for button in (
            self.home_nav,
            self.injections_nav,
            self.diary_nav,
            self.alsfrs_nav,
            self.visit_nav,
            self.report_nav,
            self.leaflet_nav,
            self.data_nav,
        ):
            nav.addWidget(button)
        nav.addStretch()
        body.addWidget(NavigationArea(nav_holder))
        # Each page sits in a scroll area (see _page): pages never squeeze below what they need.
        self.pages = QStackedWidget()
        body.addWidget(self.pages, 1)
        outer.addLayout(body, 1)

        # "I feel as usual" from anywhere in the window: one key, shown on each of its buttons.
        self.usual_action = QAction(_("I feel as usual"), self)
        self.usual_action.setShortcut(QKeySequence(FEEL_AS_USUAL_KEY))
        self.usual_action.triggered.connect(self.feel_as_usual)
        self.addAction(self.usual_action)
        self.patients = PatientController(self, directory)
        self.settings_button.clicked.connect(self.edit_profile)
        self.add_patient_button.clicked.connect(self.patients.add_patient)
        self.rename_patient_button.clicked.connect(self.patients.rename_patient)
        self.patient_combo.activated.connect(self.patients.chosen)
        # Reminders while the app runs: the home screen looks again every hour (a new day may
        # bring one); where the desktop has a tray, a message there too (many have none).
        self.tray = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon(str(resources_dir() / "icons" / "companion.svg")), self)
            self.tray.setToolTip(_("Tofersen Companion"))
            self.tray.show()
        self.clock = QTimer(self)
        self.clock.setInterval(60 * 60 * 1000)
        self.clock.timeout.connect(self._tick)
        self.clock.start()

        switcher = directory is not None
        for widget in (
            self.patient_label,
            self.patient_combo,
            self.add_patient_button,
            self.rename_patient_button,
        ):
            widget.setVisible(switcher)
        self._built: dict[int, QWidget] = {}
        self.open_patient(folder)

    def _nav_button(self, text: str, page: int):
        button = NavButton(two_lines(text))  # a narrow column leaves the pages room at large text
        named(button, text.replace("&", ""))
        button.setObjectName("navButton")
        button.setCheckable(True)
        self.nav_buttons[page] = button
        button.clicked.connect(lambda: self.show_page(page))
        return button

    # --- the patient shown (which one: self.patients) ---------------------------------------

    def open_patient(self, folder: Path) -> bool:
        """Show ``folder``'s records; False (and the current patient kept) when it cannot be opened."""
        opened = self.patients.open_records(folder)
        if opened is None:
            return False
        records, lock = opened
        self._close_patient()
        self.lock = lock
        self.session = PatientSession(records, self)
        self.session.failed.connect(self.message_bar.show_message)
        self.session.changed.connect(self._on_change_title)
        self.history.follow(self.session)
        self.forms = RecordForms(self.session, self)
        self.forms.saved.connect(self.history.show_change_message)
        self.forms.dose_saved.connect(self._dose_saved)
        self.forms.entry_saved.connect(self._entry_saved)
        self.forms.watch_section_requested.connect(self.show_watch_section)
        self.apply_look()
        self._build_pages()
        self.patients.opened(folder)
        self._update_title()
        self.show_page(0)
        self.patient_opened.emit()
        return True

    def restore_backup(self, path: Path) -> bool:
        """Replace the open patient's data with a backup (the data as it is now is backed up first)."""
        return self.patients.restore_backup(path)

    def reopen(self, folder: Path) -> None:
        """Open the same patient again after its files changed, keeping the lock."""
        lock, self.lock = self.lock, None
        self.session = None
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
        self._built = {}
        if lock is not None:
            lock.release()
        self.open_patient(folder)
        self.show_page(DATA)

    def _close_patient(self) -> None:
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
        self._built = {}
        self._release()

    def _release(self) -> None:
        """Close the records and free the folder for another window."""
        if self.forms is not None:
            self.forms.deleteLater()
            self.forms = None
        self.history.follow(None)
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
            self.session = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _build_pages(self) -> None:
        """Placeholders for every page; a page is built the first time it is shown, so that the
        window opens as fast with years of records as with none."""
        assert self.session is not None
        self._built = {}
        for _index in range(PAGE_COUNT):
            self.pages.addWidget(QWidget())
        self._page(HOME)

    def _page(self, index: int) -> QWidget:
        page = self._built.get(index)
        if page is None:
            page = self._make_page(index)
            placeholder = self.pages.widget(index)
            assert placeholder is not None  # every page has one from _build_pages
            self.pages.insertWidget(index, scrolling(page))
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = page
        return page

    def _make_page(self, index: int) -> QWidget:
        session, forms = self.session, self.forms
        assert session is not None and forms is not None
        show = self.history.show_change_message
        page: QWidget
        if index == HOME:
            page = HomeScreen(session)
            page.reminder_shown.connect(self._notify)
            page.leaflet_requested.connect(self.show_watch_section)
            page.rating_requested.connect(self.rate_function)
            page.new_entry_requested.connect(forms.new_entry)
            page.usual_requested.connect(self.feel_as_usual)
            page.message.connect(show)
            page.record_dose_requested.connect(forms.record_dose)
            page.book_requested.connect(forms.book_appointment)
            page.profile_requested.connect(self.edit_profile)
        # The other screens' modules are imported on first use: the window opens sooner.
        elif index == INJECTIONS:
            from companion.ui.injections import InjectionsScreen

            page = InjectionsScreen(session)
            page.record_dose_requested.connect(forms.record_dose)
            page.edit_dose_requested.connect(forms.edit_dose)
            page.book_requested.connect(forms.book_appointment)
            page.edit_appointment_requested.connect(forms.edit_appointment)
            page.recently_deleted_requested.connect(forms.show_recently_deleted)
            page.message.connect(show)
        elif index == DIARY:
            from companion.ui.diary_screen import DiaryScreen

            page = DiaryScreen(session)
            page.new_entry_requested.connect(forms.new_entry)
            page.usual_requested.connect(self.feel_as_usual)
            page.edit_entry_requested.connect(forms.edit_entry)
            page.recently_deleted_requested.connect(forms.show_recently_deleted)
            page.message.connect(show)
        elif index == ALSFRS:
            from companion.ui.alsfrs.screen import AlsfrsScreen

            page = AlsfrsScreen(session)
            page.deleted.connect(show)
        elif index == VISIT:
            from companion.ui.visit.screen import VisitNotesScreen

            page = VisitNotesScreen(session)
            page.message.connect(show)
            page.recently_deleted_requested.connect(forms.show_recently_deleted)
        elif index == REPORT:
            from companion.ui.report_screen import ReportScreen

            page = ReportScreen(session)
            page.message.connect(show)
        elif index == LEAFLET:
            from companion.ui.leaflet_screen import LeafletScreen

            page = LeafletScreen()
        else:
            from companion.ui.data_screen import DataScreen

            page = DataScreen(session)
            page.message.connect(show)
            page.restore_requested.connect(lambda path: self.restore_backup(Path(path)))
        return page

    # The screens, built on first use.
    home = property(lambda self: self._page(HOME))
    injections = property(lambda self: self._page(INJECTIONS))
    diary = property(lambda self: self._page(DIARY))
    alsfrs = property(lambda self: self._page(ALSFRS))
    visit_notes = property(lambda self: self._page(VISIT))
    report = property(lambda self: self._page(REPORT))
    leaflet = property(lambda self: self._page(LEAFLET))
    data = property(lambda self: self._page(DATA))

    # --- actions ----------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        """Show a page; the keyboard starts there on its main action (a page button pressed by Enter
        or its Alt letter, then Enter, does the page's main thing)."""
        self._page(page)
        self.pages.setCurrentIndex(page)
        for index, button in self.nav_buttons.items():
            button.setChecked(index == page)
        action = self.main_action(page)
        if action is not None and action.isEnabled():
            action.setFocus(Qt.FocusReason.OtherFocusReason)
            area = self.pages.currentWidget()
            if isinstance(area, QScrollArea):
                area.ensureWidgetVisible(action)

    # Each page's main action: where the keyboard starts on it.
    _MAIN_ACTIONS: ClassVar[dict[int, str]] = {
        INJECTIONS: "record_button",
        DIARY: "new_button",
        ALSFRS: "rate_button",
        VISIT: "question_edit",
        REPORT: "make_button",
        LEAFLET: "search",
        DATA: "backup_button",
    }

    def main_action(self, page: int) -> QWidget | None:
        built = self._built.get(page)
        if built is None:
            return None
        if isinstance(built, HomeScreen):
            return built.main_action()
        action = getattr(built, self._MAIN_ACTIONS.get(page, ""), None)
        return action if isinstance(action, QWidget) and not action.isHidden() else None

    def feel_as_usual(self) -> None:
        """Save "I feel as usual" (its buttons and its key, F2): the message bar says so, and the
        diary shows the new entry chosen."""
        session = self.session
        if session is None or session.records.profile.needs_setup():
            return
        entry = session.feel_as_usual()
        self.history.show_change_message(
            _("Saved: you feel as usual. Press Undo (or Ctrl+Z) to take it back.")
        )
        if DIARY in self._built:
            self.diary.select_entry(entry.id)

    def _on_change_title(self, change: Change) -> None:
        """Refresh only when what this shows changed: the patient's name."""
        if change.touches(Kind.PROFILE):
            self._update_title()

    def _update_title(self) -> None:
        if self.session is None:
            return
        name = self.session.records.profile.get().display_name
        title = _("Tofersen Companion")
        self.setWindowTitle(f"{title} — {name}" if name else title)

    def _dose_saved(self, dose_id: str) -> None:
        """The dose just saved is the one chosen in the injections list (Edit and Delete act on it)."""
        if INJECTIONS in self._built:
            self.injections.select_dose(dose_id)

    def _entry_saved(self, entry_id: str) -> None:
        """The entry just saved is the one chosen in the diary (Edit and Delete act on it)."""
        if DIARY in self._built:
            self.diary.select_entry(entry_id)

    def edit_profile(self) -> None:
        from companion.ui.dialogs.profile import ProfileDialog

        assert self.session is not None
        before = self.session.records.profile.get().language
        ProfileDialog(self.session, parent=self).exec()
        self.patients.names_changed()
        self.apply_look()
        after = self.session.records.profile.get().language
        if after != before:
            self.language_changed.emit(after)

    def apply_look(self) -> None:
        """The patient's text size and contrast, for the whole app."""
        if self.session is not None:
            profile = self.session.records.profile.get()
            app = QApplication.instance()
            assert isinstance(app, QApplication)  # a window runs in a QApplication
            apply_style(app, profile.text_size, profile.high_contrast)

    def _tick(self) -> None:
        if self.session is not None and HOME in self._built:
            self.home.refresh()

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information)

    def show_watch_section(self) -> None:
        """The leaflet at "What to watch for after each dose" (from banners and the home screen)."""
        self.show_page(LEAFLET)
        self.leaflet.show_watch_section()

    def rate_function(self) -> None:
        """Open the ALSFRS-R self-rating (suggested on the home screen before a dose)."""
        self.show_page(ALSFRS)
        self.alsfrs.rate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        guard_window(self)  # the wheel changes no value under the pointer, focused window or not

    def closeEvent(self, event) -> None:
        self._release()
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        # Esc closes the message bar: a single key, no chord.
        if event.key() == Qt.Key.Key_Escape and self.message_bar.isVisible():
            self.message_bar.hide()
            return
        super().keyPressEvent(event)
