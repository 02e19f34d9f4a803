"""Every dialog at 100 % and 200 % text, in English and German: it fits on the screen, nothing in
it is squeezed or cut off (a long form scrolls instead), and Save / Cancel stay in sight."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from item_views import elided_items
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from companion import i18n
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
    Medication,
    Question,
)
from companion.ui.alsfrs.rating_dialog import AlsfrsRatingDialog
from companion.ui.app import create_window, install_translators
from companion.ui.dialogs.appointment import AppointmentDialog
from companion.ui.dialogs.dose import DoseDialog
from companion.ui.dialogs.entry import EntryDialog
from companion.ui.dialogs.profile import ProfileDialog
from companion.ui.dialogs.recently_deleted import RecentlyDeletedDialog
from companion.ui.red_flag import RedFlagDialog
from companion.ui.style import apply_style
from companion.ui.visit.measurement_dialog import MeasurementDialog
from companion.ui.visit.medication_dialog import MedicationDialog
from companion.ui.visit.question_dialog import QuestionDialog

TODAY = dt.date(2026, 6, 15)


def _red_flag(session, parent):
    entry = session.add_entry(
        DiaryEntry(at=dt.datetime(2026, 6, 15, 9).astimezone(), symptoms={"vision_changes": 3, "headache": 3})
    )
    banners = session.records.diary.banners_for(entry.id)
    assert banners, "the entry raises a red flag"
    return RedFlagDialog(session, banners, parent=parent)


def _recently_deleted(session, parent):
    dose = session.records.doses.history()[0].record
    session.delete_dose(dose.id)
    return RecentlyDeletedDialog(session, parent=parent)


# Every QDialog subclass under companion/ui, built the way the app builds it.
DIALOGS = {
    "entry new": lambda s, p: EntryDialog(s, parent=p),
    "entry edit": lambda s, p: EntryDialog(s, s.records.diary.entries()[0], parent=p),
    "dose": lambda s, p: DoseDialog(s, parent=p),
    "dose edit": lambda s, p: DoseDialog(s, s.records.doses.history()[0].record, parent=p),
    "appointment": lambda s, p: AppointmentDialog(s, parent=p),
    "appointment edit": lambda s, p: AppointmentDialog(s, s.records.appointments.all()[0], parent=p),
    "profile": lambda s, p: ProfileDialog(s, parent=p),
    "recently deleted": _recently_deleted,
    "red flag": _red_flag,
    "alsfrs rating": lambda s, p: AlsfrsRatingDialog(s, parent=p),
    "alsfrs edit": lambda s, p: AlsfrsRatingDialog(s, s.records.alsfrs.ratings()[0], parent=p),
    "measurement": lambda s, p: MeasurementDialog(s, parent=p),
    "medication": lambda s, p: MedicationDialog(s, parent=p),
    "question": lambda s, p: QuestionDialog(s, s.records.visit.questions()[0], parent=p),
}


@pytest.fixture(params=["en", "de"])
def window(request, qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    language = request.param
    app = QApplication.instance()
    i18n.set_language(language)
    install_translators(app, language)
    win = create_window(data_dir)
    qtbot.addWidget(win)
    session = win.session
    session.save_profile(
        dataclasses.replace(
            session.records.profile.get(),
            display_name="Maria Musterfrau-Schmidt",
            care_team_name="Neurologische Ambulanz",
            care_team_phone="0123 456 789",
            care_team_out_of_hours="0123 999 999",
        )
    )
    session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1), place="Day unit"))
    session.book_appointment(Appointment(on=dt.date(2026, 6, 29)))
    session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9).astimezone(), symptoms={"fatigue": 1}))
    session.records.alsfrs.add(AlsfrsRating(rated_on=dt.date(2026, 6, 10), scores=(4,) * 12))
    session.records.visit.add_question(Question(text="Holiday?", created_on=dt.date(2026, 6, 14)))
    session.records.visit.add_medication(Medication(name="Riluzole", dose="50 mg"))
    session.records.visit.add_measurement(
        Measurement(measured_on=dt.date(2026, 6, 1), kind=MeasurementKind.WEIGHT, value=70.5)
    )
    win.show()
    qtbot.waitExposed(win)
    yield win
    apply_style(app, 100, False)
    install_translators(app, "en")
    i18n.set_language("en")


def needs(widget: QWidget) -> tuple[int, int] | None:
    """The width and height a label, button or combo box needs at its current width; None if it is
    not one of those (or shows nothing)."""
    if isinstance(widget, QLabel):
        if not widget.text():
            return None
        if widget.wordWrap():
            return widget.minimumSizeHint().width(), widget.heightForWidth(widget.width())
    elif isinstance(widget, QAbstractButton):
        if not widget.text():
            return None
    elif not isinstance(widget, QComboBox):
        return None
    if widget.hasHeightForWidth():  # e.g. the large answers of the ALSFRS-R: their sentence wraps
        return widget.minimumSizeHint().width(), widget.heightForWidth(widget.width())
    hint = widget.sizeHint()
    return hint.width(), hint.height()


def is_scrolled_content(parent: QWidget) -> bool:
    area = parent.parentWidget()
    return isinstance(area, QAbstractScrollArea) and parent is area.viewport()


def problems(dialog: QDialog) -> list[str]:
    found = []
    available = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    if not available.contains(frame):
        found.append(f"the dialog {frame.getRect()} is not inside the screen {available.getRect()}")
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget.parent(), QComboBox):
            continue
        text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
        what = f"{type(widget).__name__} {(text or widget.accessibleName())[:40]!r}"
        need = needs(widget)
        if need is not None and (need[0] > widget.width() + 2 or need[1] > widget.height() + 2):
            found.append(f"{what} needs {need[0]}x{need[1]}, has {widget.width()}x{widget.height()}")
        if isinstance(widget, QAbstractItemView):
            found += elided_items(widget)  # a list or table cutting its text ("December 4…")
        parent = widget.parentWidget()
        if parent is not None and widget.isWindow() is False and not is_scrolled_content(parent):
            if not parent.rect().adjusted(-1, -1, 1, 1).contains(widget.geometry()):
                found.append(f"{what} sticks out of {type(parent).__name__} {parent.objectName()!r}")
    return found


def closing_buttons(dialog: QDialog) -> list[QPushButton]:
    """Save and Cancel, or Close."""
    buttons = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    buttons += [
        b
        for b in dialog.findChildren(QPushButton)
        if b.text().replace("&", "").startswith(i18n._("Close").replace("&", ""))
    ]
    return buttons


def show(dialog: QDialog, qtbot) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(30)  # let the layouts settle


@pytest.mark.parametrize("percent", [100, 200])
@pytest.mark.parametrize("kind", list(DIALOGS))
def test_every_dialog_fits_the_screen_and_shows_everything(window, qtbot, kind, percent):
    apply_style(QApplication.instance(), percent, False)
    dialog = DIALOGS[kind](window.session, window)
    show(dialog, qtbot)
    found = problems(dialog)
    buttons = closing_buttons(dialog)
    assert buttons, "the dialog has Save and Cancel, or Close"
    for button in buttons:
        corner = button.mapTo(dialog, button.rect().bottomRight())
        top_left = button.mapTo(dialog, button.rect().topLeft())
        if not (button.isVisible() and dialog.rect().contains(corner) and dialog.rect().contains(top_left)):
            found.append(f"the button {button.text()!r} is not in sight")
        if button.height() < 44:
            found.append(f"the button {button.text()!r} is {button.height()} px tall")
    dialog.close()
    assert not found, f"{kind} at {percent} %:\n" + "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("kind", ["dose", "profile", "entry new", "red flag"])
def test_at_100_percent_a_dialog_is_not_a_huge_empty_box(window, qtbot, kind):
    dialog = DIALOGS[kind](window.session, window)
    show(dialog, qtbot)
    available = dialog.screen().availableGeometry()
    assert dialog.width() < available.width() * 0.95 or dialog.width() <= 800
    layout_height = dialog.layout().totalSizeHint().height()
    assert dialog.height() <= max(layout_height, 720) + 2
    dialog.close()


@pytest.mark.parametrize("kind", ["profile", "entry new"])
def test_at_200_percent_tab_scrolls_each_field_into_view(window, qtbot, kind):
    apply_style(QApplication.instance(), 200, False)
    dialog = DIALOGS[kind](window.session, window)
    show(dialog, qtbot)
    dialog.activateWindow()
    viewport = dialog.form_scroll.viewport()
    assert dialog.form_scroll.widget().height() > viewport.height(), "the form scrolls at 200 %"
    hidden = []
    for _ in range(60):
        focused = QApplication.focusWidget()
        if focused is not None and dialog.form_scroll.widget().isAncestorOf(focused):
            # Its top and most of it in view (a field wider than a small screen is shown around its
            # middle, so only its height is checked).
            top = focused.mapTo(viewport, focused.rect().topLeft()).y()
            if top < 0 or top + focused.height() * 0.75 > viewport.height():
                hidden.append(focused.accessibleName() or type(focused).__name__)
        qtbot.keyClick(focused or dialog, Qt.Key.Key_Tab)
    dialog.close()
    assert not hidden, f"reached by Tab but out of sight: {sorted(set(hidden))}"


@pytest.mark.parametrize("percent", [100, 200])
def test_the_caregivers_name_field_holds_a_full_name(window, qtbot, percent):
    """In German at 200 % the radio buttons took the row and left the name field a stub."""
    apply_style(QApplication.instance(), percent, False)
    dialog = DIALOGS["entry new"](window.session, window)
    show(dialog, qtbot)
    dialog.by_caregiver.setChecked(True)
    field = dialog.caregiver
    name = "Maria Musterfrau-Schmidt"
    assert field.isEnabled()
    assert field.lineEdit().width() >= field.fontMetrics().horizontalAdvance(name), field.width()
    dialog.close()


@pytest.mark.parametrize("percent", [100, 200])
def test_the_patient_and_the_caregiver_choices_stand_apart(window, qtbot, percent):
    """At 200 % the two choices touched ("The patient◯A caregiver:"), as if one ran into the
    other: the gap between them grows with the text."""
    apply_style(QApplication.instance(), percent, False)
    dialog = DIALOGS["entry new"](window.session, window)
    show(dialog, qtbot)
    patient, caregiver = dialog.by_patient, dialog.by_caregiver
    gap = caregiver.geometry().left() - patient.geometry().right()
    assert gap >= patient.fontMetrics().averageCharWidth() * 2, gap
    dialog.close()
