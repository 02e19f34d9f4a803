"""The main window: patient switcher, navigation, the screens, and undo."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
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

from companion.core.errors import DamagedData, DataError, InvalidInput
from companion.core.models import DoseRecord
from companion.i18n import _, format_datetime
from companion.paths import resources_dir
from companion.services import PatientRecords
from companion.store.patients import PatientDirectory
from companion.ui.announce import announce
from companion.ui.home import HomeScreen
from companion.ui.lock import FolderLock
from companion.ui.session import PatientSession
from companion.ui.style import apply_style
from companion.ui.wheel_guard import guard_window
from companion.ui.widgets import FlowLayout, big_button, named, scrolling, two_lines

if TYPE_CHECKING:
    from companion.ui.entry_dialog import EntryDialog

HOME, INJECTIONS, DIARY, ALSFRS, VISIT, REPORT, LEAFLET, DATA = range(8)
PAGE_COUNT = 8


class MessageBar(QFrame):
    """A message that stays until the user closes it: no time-outs.

    Under the message, while the bar is open, the window keeps the offer of Undo up to date
    ("Undo: new diary entry of …"): it always names the latest change, never an earlier one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.close_button = big_button(_("Close message"))
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.hide)
        self.message = ""
        self.offer = ""
        self.hide()

    def show_message(self, text: str) -> None:
        self.message = text
        self._show_text()
        self.show()
        announce(self, self.label.text())  # a screen reader user hears it without looking for it

    def set_offer(self, offer: str) -> None:
        """The line under the message that says what Undo takes back ("" for none)."""
        if offer != self.offer:
            self.offer = offer
            self._show_text()

    def drop_message(self) -> None:
        """The message is out of date (it was about a change since undone or followed by another):
        only the offer stays, or, with none, the bar closes."""
        self.message = ""
        self._show_text()
        if not self.offer:
            self.hide()

    def _show_text(self) -> None:
        text = "\n".join(part for part in (self.message, self.offer) if part)
        self.label.setText(text)
        self.label.setAccessibleName(text)


class NavButton(QPushButton):
    """A page button, wide enough for its label in bold: the chosen page's button is bold."""

    _bold_extra: tuple[str, str, int] = ("", "", 0)  # (text, font key, extra width) last computed

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        text, font = self.text(), self.font()
        # Layouts ask often (over a hundred times while the window is built): measure once per
        # text and font.
        if self._bold_extra[:2] != (text, font.key()):
            bold = QFont(font)
            bold.setBold(True)
            flags = Qt.TextFlag.TextShowMnemonic
            plain_width = self.fontMetrics().size(flags, text).width()
            extra = QFontMetrics(bold).size(flags, text).width() - plain_width
            self._bold_extra = (text, font.key(), max(0, extra))
        hint.setWidth(hint.width() + self._bold_extra[2])
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint().expandedTo(QSize(0, 44))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # The style sheet's min-height becomes a fixed minimum that lets a short window
            # squeeze a label on two lines; the button's own height is the minimum instead.
            needed = max(44, self.sizeHint().height())
            if self.minimumHeight() != needed:
                self.setMinimumHeight(needed)
        return handled


class NavigationArea(QScrollArea):
    """The column of page buttons: as wide as its widest button, and it scrolls up and down when
    the window is too short for all of them at large text."""

    def __init__(self, buttons: QWidget):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(buttons)

    def _width(self) -> int:
        return self.widget().sizeHint().width() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self._width())
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(self._width())
        return hint


class MainWindow(QMainWindow):
    """One window shows one patient at a time."""

    patient_opened = Signal()
    language_changed = Signal(str)  # the language chosen in Settings ("" = the system's)

    def __init__(self, folder: Path, directory: PatientDirectory | None = None):
        super().__init__()
        self.directory = directory
        self.session: PatientSession | None = None
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
        self.undo_button = big_button(_("Undo"), _("Take back the last change"))
        self.redo_button = big_button(_("Redo"), _("Make again the change last taken back"))
        self.settings_button = big_button(
            _("&Settings"), _("Patient details, care team and treatment status")
        )
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addWidget(self.settings_button)
        outer.addLayout(top)

        self.message_bar = MessageBar()
        outer.addWidget(self.message_bar)

        body = QHBoxLayout()
        nav_holder = QWidget()
        nav = QVBoxLayout(nav_holder)
        nav.setContentsMargins(0, 0, 0, 0)
        # No QButtonGroup: in a group, Tab reaches only one button. Each page button is its own Tab
        # stop; show_page keeps exactly one checked.
        self.nav_buttons: dict[int, QPushButton] = {}
        # Page numbers, in the order of the navigation buttons.
        self.home_nav = self._nav_button(_("&Home"), HOME)
        self.injections_nav = self._nav_button(_("&Injections"), INJECTIONS)
        self.diary_nav = self._nav_button(_("&Diary"), DIARY)
        self.alsfrs_nav = self._nav_button(_("&ALSFRS-R"), ALSFRS)
        self.visit_nav = self._nav_button(_("For my next &visit"), VISIT)
        self.report_nav = self._nav_button(_("Visit su&mmary"), REPORT)
        self.leaflet_nav = self._nav_button(_("&Leaflet"), LEAFLET)
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

        self.undo_action = QAction(_("Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(_("Redo"), self)
        # Ctrl+Y and Ctrl+Shift+Z everywhere: people bring either habit from other programs.
        self.redo_action.setShortcuts(
            [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
            + [
                key
                for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                if key.toString() not in ("Ctrl+Y", "Ctrl+Shift+Z")
            ]
        )
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.settings_button.clicked.connect(self.edit_profile)
        self.add_patient_button.clicked.connect(self.add_patient)
        self.rename_patient_button.clicked.connect(self.rename_patient)
        self.patient_combo.activated.connect(self._patient_chosen)
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
        button.setAutoDefault(False)
        named(button, text.replace("&", ""))
        button.setObjectName("navButton")
        button.setCheckable(True)
        self.nav_buttons[page] = button
        button.clicked.connect(lambda: self.show_page(page))
        return button

    # --- patients ---------------------------------------------------------------------------

    def open_patient(self, folder: Path) -> bool:
        """Show ``folder``'s records; False (and the current patient kept) when it cannot be opened."""
        lock = FolderLock(folder)
        if not lock.acquire():
            self.message_bar.show_message(
                _("These records are already open in another Tofersen Companion window.")
            )
            return False
        try:
            records = PatientRecords.open(folder)
        except DamagedData as exc:
            records = self._offer_restore(folder, exc)
            if records is None:
                lock.release()
                self.message_bar.show_message(str(exc))
                return False
        except DataError as exc:
            lock.release()
            self.message_bar.show_message(str(exc))
            return False
        try:
            records.backup_at_start()
        except OSError as exc:
            self.message_bar.show_message(
                _("The automatic backup could not be made: {reason}").format(reason=exc)
            )
        self._close_patient()
        self.lock = lock
        self._message_index = None  # a message about the last patient's changes is not tied to these
        self.session = PatientSession(records, self)
        self.session.failed.connect(self.message_bar.show_message)
        self.session.changed.connect(self._update_title)
        self.session.undo_stack.indexChanged.connect(self._stack_moved)
        self.apply_look()
        self._build_pages()
        if self.directory is not None:
            self.directory.set_current(folder)
            self._fill_patients()
        self._update_title()
        self._update_undo()
        self.show_page(0)
        self.patient_opened.emit()
        return True

    def _offer_restore(self, folder: Path, exc: DamagedData) -> PatientRecords | None:
        """A damaged database: say so plainly, keep the file aside, offer the newest good backup."""
        from PySide6.QtWidgets import QMessageBox

        from companion.store.backups import newest_good_backup, restore

        good = newest_good_backup(folder)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("The data file is damaged"))
        if good is None:
            box.setText(
                _(
                    "The file that holds these records is damaged, and no good backup was found. "
                    "The file has not been changed. Please ask someone you trust for help."
                )
            )
            box.setDetailedText(str(exc))
            box.exec()
            return None
        box.setText(
            _(
                "The file that holds these records is damaged. It will be kept aside, not deleted. "
                "The newest good backup is from {when}: restore it?"
            ).format(when=format_datetime(good.made_at.astimezone()))
        )
        box.setDetailedText(str(exc))
        restore_button = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not restore_button:
            return None
        restore(folder, good.path)
        return PatientRecords.open(folder)

    def restore_backup(self, path: Path) -> bool:
        """Replace the open patient's data with a backup (the data as it is now is backed up first)."""
        from companion.store.backups import restore

        assert self.session is not None
        folder = self.session.records.store.folder
        mirror = self.session.records.backup_mirror()
        self.session.close()  # every connection must be closed before the files are swapped
        self.session.deleteLater()
        try:
            restore(folder, path, mirror)
        except InvalidInput as exc:
            self.message_bar.show_message(str(exc))
            self._reopen(folder)
            return False
        self._reopen(folder)
        self.message_bar.show_message(
            _("Restored the backup. Your data as it was just before is kept as a backup too.")
        )
        return True

    def _reopen(self, folder: Path) -> None:
        """Open the same patient again after its files changed, keeping the lock."""
        lock, self.lock = self.lock, None
        self.session = None
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self._built = {}
        if lock is not None:
            lock.release()
        self.open_patient(folder)
        self.show_page(DATA)

    def _close_patient(self) -> None:
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self._built = {}
        self._release()

    def _release(self) -> None:
        """Close the records and free the folder for another window."""
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
            self.pages.insertWidget(index, scrolling(page))
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = page
        return page

    def _make_page(self, index: int) -> QWidget:
        session = self.session
        assert session is not None
        show = self.show_change_message
        if index == HOME:
            page = HomeScreen(session)
            page.reminder_shown.connect(self._notify)
            page.leaflet_requested.connect(self.show_watch_section)
            page.rating_requested.connect(self.rate_function)
            page.new_entry_requested.connect(self.new_entry)
            page.message.connect(show)
            page.record_dose_requested.connect(self.record_dose)
            page.book_requested.connect(self.book_appointment)
            page.profile_requested.connect(self.edit_profile)
        # The other screens' modules are imported on first use: the window opens sooner.
        elif index == INJECTIONS:
            from companion.ui.injections import InjectionsScreen

            page = InjectionsScreen(session)
            page.record_dose_requested.connect(self.record_dose)
            page.edit_dose_requested.connect(self.edit_dose)
            page.book_requested.connect(self.book_appointment)
            page.edit_appointment_requested.connect(self.edit_appointment)
            page.recently_deleted_requested.connect(self.show_recently_deleted)
            page.message.connect(show)
        elif index == DIARY:
            from companion.ui.diary_screen import DiaryScreen

            page = DiaryScreen(session)
            page.new_entry_requested.connect(self.new_entry)
            page.edit_entry_requested.connect(self.edit_entry)
            page.recently_deleted_requested.connect(self.show_recently_deleted)
            page.message.connect(show)
        elif index == ALSFRS:
            from companion.ui.alsfrs.screen import AlsfrsScreen

            page = AlsfrsScreen(session)
            page.deleted.connect(show)
        elif index == VISIT:
            from companion.ui.visit.screen import VisitNotesScreen

            page = VisitNotesScreen(session)
            page.message.connect(show)
            page.recently_deleted_requested.connect(self.show_recently_deleted)
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

    def _fill_patients(self) -> None:
        assert self.directory is not None and self.session is not None
        self.patient_combo.clear()
        current = self.session.records.store.folder
        for patient in self.directory.patients():
            self.patient_combo.addItem(patient.name, str(patient.path))
        index = self.patient_combo.findData(str(current))
        self.patient_combo.setCurrentIndex(index)

    def _patient_chosen(self, index: int) -> None:
        folder = Path(self.patient_combo.itemData(index))
        if self.session is not None and folder == self.session.records.store.folder:
            return
        if not self.open_patient(folder):
            self._fill_patients()

    def add_patient(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        assert self.directory is not None
        name, ok = QInputDialog.getText(self, _("Add patient"), _("The new patient's name:"))
        name = name.strip()
        if not ok or not name:
            return
        folder = self.directory.new_folder(name)
        records = PatientRecords.open(folder)
        try:
            records.update_profile(display_name=name)
        finally:
            records.close()
        self.open_patient(folder)

    def rename_patient(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        assert self.session is not None
        profile = self.session.records.profile()
        name, ok = QInputDialog.getText(
            self, _("Rename"), _("The patient's name:"), text=profile.display_name
        )
        name = name.strip()
        if ok and name:
            self.session.save_profile(dataclasses.replace(profile, display_name=name))
            if self.directory is not None:
                self._fill_patients()

    # --- actions ----------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        self._page(page)
        self.pages.setCurrentIndex(page)
        for index, button in self.nav_buttons.items():
            button.setChecked(index == page)

    def undo(self) -> None:
        """Take back the latest change, after asking when that removes a warning sign; the
        message bar says what was taken back."""
        session = self.session
        if session is None or not session.undo_stack.canUndo():
            return
        action = session.undo_stack.undoText()
        if session.undo_removes_warning() and not self._remove_warned_entry(
            _("Undo: {action}").format(action=action)
        ):
            return
        session.undo_stack.undo()
        self.show_change_message(
            _("Undone: {action}. Press Redo (or Ctrl+Y) to do it again.").format(action=action)
        )

    def redo(self) -> None:
        session = self.session
        if session is None or not session.undo_stack.canRedo():
            return
        action = session.undo_stack.redoText()
        if session.redo_removes_warning() and not self._remove_warned_entry(
            _("Redo: {action}").format(action=action)
        ):
            return
        session.undo_stack.redo()
        self.show_change_message(_("Redone: {action}.").format(action=action))

    def _remove_warned_entry(self, what: str) -> bool:
        """Ask before a diary entry that carries a warning sign is removed by Undo or Redo. Enter
        and Esc keep the entry: removing it takes a deliberate choice."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Remove an entry with a warning sign?"))
        box.setText(
            _(
                "This diary entry carries a warning sign. If it is removed, its warning is "
                "removed too, and the home screen no longer shows it."
            )
        )
        box.setInformativeText(what)
        remove = box.addButton(_("Remove the entry"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep the entry"), QMessageBox.ButtonRole.RejectRole)
        for button in (remove, keep):
            button.setMinimumHeight(44)
            named(button, button.text())
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is remove

    def show_change_message(self, text: str) -> None:
        """A message about the change just made (e.g. "The entry was deleted. Press Undo…"): the
        bar drops it once the undo history moves on, so it never offers to undo an older change.
        Other messages (errors, files saved) stay until closed."""
        self.message_bar.show_message(text)
        stack = self.session.undo_stack if self.session is not None else None
        self._message_index = stack.index() if stack is not None else None

    _message_index: int | None = None  # the undo history's place when the change message came

    def _stack_moved(self, index: int) -> None:
        if self._message_index is not None and index != self._message_index:
            self._message_index = None
            self._update_undo()
            if self.message_bar.isVisible():
                self.message_bar.drop_message()
            return
        self._update_undo()

    def _update_undo(self, *args) -> None:
        stack = self.session.undo_stack if self.session is not None else None
        can_undo = stack is not None and stack.canUndo()
        can_redo = stack is not None and stack.canRedo()
        for button, action, can in (
            (self.undo_button, self.undo_action, can_undo),
            (self.redo_button, self.redo_action, can_redo),
        ):
            button.setEnabled(can)
            action.setEnabled(can)
        undo_text = _("Undo: {action}").format(action=stack.undoText()) if can_undo else ""
        redo_text = _("Redo: {action}").format(action=stack.redoText()) if can_redo else ""
        self.undo_button.setToolTip(undo_text)
        self.undo_button.setAccessibleDescription(undo_text or _("Take back the last change"))
        self.redo_button.setToolTip(redo_text)
        self.redo_button.setAccessibleDescription(redo_text or _("Make again the change last taken back"))
        self.message_bar.set_offer(undo_text)

    def _update_title(self) -> None:
        if self.session is None:
            return
        name = self.session.records.profile().display_name
        title = _("Tofersen Companion")
        self.setWindowTitle(f"{title} — {name}" if name else title)

    # Dialogs are imported when first opened: the window shows sooner without them.

    def record_dose(self) -> None:
        from companion.ui.dialogs.dose import DoseDialog

        assert self.session is not None
        DoseDialog(self.session, parent=self).exec()

    def edit_dose(self, dose_id: str) -> None:
        from companion.ui.dialogs.dose import DoseDialog

        assert self.session is not None
        DoseDialog(self.session, self.session.records.dose(dose_id), parent=self).exec()

    def book_appointment(self) -> None:
        from companion.ui.dialogs.appointment import AppointmentDialog

        assert self.session is not None
        AppointmentDialog(self.session, parent=self).exec()

    def edit_appointment(self, appointment_id: str) -> None:
        from companion.ui.dialogs.appointment import AppointmentDialog
        from companion.ui.dialogs.dose import DoseDialog

        assert self.session is not None
        dialog = AppointmentDialog(
            self.session, self.session.records.appointment(appointment_id), parent=self
        )
        if dialog.exec() != AppointmentDialog.DialogCode.Accepted:
            return
        appointment = self.session.records.appointment(appointment_id)
        if self.session.records.dose_missing_for(appointment):
            # "Done" for a dose appointment: offer to record the dose, already filled in.
            initial = DoseRecord(given_on=appointment.on, given_at=appointment.at, place=appointment.place)
            DoseDialog(self.session, parent=self, initial=initial).exec()

    def edit_profile(self) -> None:
        from companion.ui.dialogs.profile import ProfileDialog

        assert self.session is not None
        before = self.session.records.profile().language
        ProfileDialog(self.session, parent=self).exec()
        if self.directory is not None:
            self._fill_patients()
        self.apply_look()
        after = self.session.records.profile().language
        if after != before:
            self.language_changed.emit(after)

    def apply_look(self) -> None:
        """The patient's text size and contrast, for the whole app."""
        if self.session is not None:
            profile = self.session.records.profile()
            apply_style(QApplication.instance(), profile.text_size, profile.high_contrast)

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

    def new_entry(self) -> None:
        from companion.ui.entry_dialog import EntryDialog

        assert self.session is not None
        self._entry_dialog(EntryDialog(self.session, parent=self))

    def edit_entry(self, entry_id: str) -> None:
        from companion.ui.entry_dialog import EntryDialog

        assert self.session is not None
        self._entry_dialog(EntryDialog(self.session, self.session.records.diary.entry(entry_id), parent=self))

    def _entry_dialog(self, dialog: EntryDialog) -> None:
        """Open the entry dialog; a saved entry that raises red flags shows them at once."""
        from companion.ui.red_flag import RedFlagDialog

        if dialog.exec() != dialog.DialogCode.Accepted or dialog.saved_id is None:
            return
        assert self.session is not None
        banners = self.session.records.diary.banners_for(dialog.saved_id)
        if banners:
            flags = RedFlagDialog(self.session, banners, parent=self)
            flags.exec()
            if flags.wants_leaflet:
                self.show_watch_section()

    def show_recently_deleted(self) -> None:
        from companion.ui.dialogs.recently_deleted import RecentlyDeletedDialog

        assert self.session is not None
        RecentlyDeletedDialog(self.session, parent=self).exec()

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
