"""The ALSFRS-R screen and rating dialog, driven through their real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from companion.core import alsfrs as scale
from companion.core.models import AlsfrsRating, DoseRecord, Item5
from companion.services import PatientRecords
from companion.store import revisions
from companion.store.alsfrs import AlsfrsRepository
from companion.store.opening import open_store
from companion.ui.alsfrs.choices import BigCheck, BigRadio
from companion.ui.alsfrs.rating_dialog import AlsfrsRatingDialog
from companion.ui.alsfrs.screen import AlsfrsScreen
from companion.ui.session import PatientSession
from companion.ui.style import STYLE_SHEET, apply_style

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def session(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", TODAY.isoformat())
    app = QApplication.instance()
    if app.styleSheet() != STYLE_SHEET:  # restyling every live widget is slow: once is enough
        apply_style(app)
    s = PatientSession(PatientRecords.open(data_dir))
    yield s
    s.close()


@pytest.fixture
def screen(qtbot, session) -> AlsfrsScreen:
    widget = AlsfrsScreen(session)
    qtbot.addWidget(widget)
    widget.resize(980, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def stored(folder) -> list[AlsfrsRating]:
    with open_store(folder) as store:
        return AlsfrsRepository(store).ratings()


def total_rating(day: dt.date, total: int, **kw) -> AlsfrsRating:
    scores = [4] * 12
    missing = 48 - total
    for i in reversed(range(12)):
        take = min(4, missing)
        scores[i] -= take
        missing -= take
    return AlsfrsRating(rated_on=day, scores=tuple(scores), **kw)


def key(qtbot, k, times: int = 1) -> None:
    """Press ``k`` on whatever has the keyboard focus, as a person would."""
    for _ in range(times):
        widget = QApplication.focusWidget()
        assert widget is not None, "something must have the keyboard focus"
        qtbot.keyClick(widget, k)


def focused():
    return QApplication.focusWidget()


def test_a_full_rating_by_keyboard_only(screen, qtbot, data_dir):
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.rate_button.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    dialog = screen.rating_dialog
    assert isinstance(dialog, AlsfrsRatingDialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # the window system activates it
    assert dialog.windowTitle() == "Rate my function (ALSFRS-R)"

    # 1 Speech: the first answer has the focus; Space chooses it (4). Enter goes on.
    assert isinstance(focused(), BigRadio) and focused().text() == "My speech is normal."
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Return)
    # 2 Saliva: Down moves to the second answer, Space chooses it (3).
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Return)
    # 3 Swallowing: Space (4), then Down twice moves the choice along: 2.
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Down, 2)
    assert dialog.answers()[2] == 2
    key(qtbot, Qt.Key.Key_Return)
    # 4 Handwriting: the number key 1 chooses "1 point" directly.
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Return)
    # 5: back-tab to "I have a feeding tube", Space switches to 5b, Tab back to the answers.
    key(qtbot, Qt.Key.Key_Backtab)
    assert isinstance(focused(), BigCheck)
    key(qtbot, Qt.Key.Key_Space)
    assert dialog.questions[4].question.text().startswith("You have a feeding tube.")
    key(qtbot, Qt.Key.Key_Tab)
    assert isinstance(focused(), BigRadio)
    key(qtbot, Qt.Key.Key_Down, 2)
    key(qtbot, Qt.Key.Key_Space)  # "I need some help with caps, clips or fasteners." = 2
    key(qtbot, Qt.Key.Key_Return)
    # 6–12: Space and Enter, the answer that fits best for this patient being "normal".
    for _ in range(6, 13):
        key(qtbot, Qt.Key.Key_Space)
        key(qtbot, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.finish
    assert "Total: 40 of 48" in dialog.finish.total.text()
    assert "Breathing (respiratory): 12 of 12" in dialog.finish.subscores.text()

    # Last page: the day has the focus. Tab to who answered; Down chooses "A caregiver".
    assert focused() is dialog.finish.date
    # Tab steps through the date's parts (month, day, year) and then on.
    for _ in range(4):
        if focused() is not dialog.finish.date:
            break
        key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.finish.by_patient
    key(qtbot, Qt.Key.Key_Down)
    assert dialog.finish.by_caregiver.isChecked()
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.finish.caregiver_name
    qtbot.keyClicks(focused(), "Maria")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.finish.note
    qtbot.keyClicks(focused(), "Tired after the clinic visit")
    key(qtbot, Qt.Key.Key_Backtab)  # back to the name: Enter there saves
    with qtbot.waitSignal(dialog.finished):
        key(qtbot, Qt.Key.Key_Return)

    [saved] = stored(data_dir)
    assert saved.scores == (4, 3, 2, 1, 2, 4, 4, 4, 4, 4, 4, 4)
    assert saved.item5 is Item5.GASTROSTOMY
    assert (saved.rated_on, saved.rated_by, saved.note) == (TODAY, "Maria", "Tired after the clinic visit")
    assert screen.model.rowCount() == 1
    assert screen.model.index(0, 1).data() == "40"
    assert screen.model.index(0, 6).data() == "5b"
    assert screen.session.undo_stack.undoText() == "new ALSFRS-R rating of June 15, 2026"


def test_saving_with_questions_open_shows_why_and_saves_nothing(screen, qtbot, data_dir):
    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    dialog.questions[0].set_value(4)
    dialog.go_to(scale.ITEM_COUNT)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert "Not answered yet: 2 Saliva (spit), 3 Swallowing" in dialog.error.text()
    assert dialog.pages.currentIndex() == 1, "the first open question is shown"
    assert stored(data_dir) == []
    for page in dialog.questions:
        page.set_value(3)
    dialog.finish.by_caregiver.setChecked(True)
    dialog.save_button.click()
    assert "caregiver's name" in dialog.error.text()
    assert stored(data_dir) == []
    dialog.finish.by_patient.setChecked(True)
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert [r.scores for r in stored(data_dir)] == [(3,) * 12]


def test_the_running_total_follows_the_answers(screen, qtbot):
    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    assert "(0 of 12 answered)" in dialog.running_total.text()
    dialog.questions[0].set_value(4)
    dialog.questions[7].set_value(2)
    assert dialog.running_total.text() == "Total so far: 6 of 48 (2 of 12 answered)"
    assert dialog.overview.item(7).text() == "8. Walking\n✓ 2 points"
    assert dialog.overview.item(1).text() == "2. Saliva (spit)\nnot answered yet"
    # Switching item 5 to its feeding-tube form clears its answer: 5a and 5b mean different things.
    dialog.questions[4].set_value(3)
    dialog.questions[4].tube.setChecked(True)
    assert dialog.questions[4].value() is None
    assert dialog.item5() is Item5.GASTROSTOMY


def test_slope_label_and_period(screen, session):
    service = session.records.alsfrs
    assert screen.slope_label.text() == "Not enough data: at least three ratings over eight weeks are needed"
    session.change("add", lambda: service.add(total_rating(dt.date(2026, 3, 1), 46)), lambda: None)
    session.change("add", lambda: service.add(total_rating(dt.date(2026, 4, 26), 45)), lambda: None)
    assert screen.slope_label.text().startswith("Not enough data")
    session.change("add", lambda: service.add(total_rating(dt.date(2026, 3, 29), 44)), lambda: None)
    # 1 March to 26 April is 56 days: enough. Least squares of (0, 46), (28, 44), (56, 45).
    assert screen.slope_label.text() == "\u22120.5 points per month"
    assert "3 ratings from March 1, 2026 to April 26, 2026" in screen.slope_note.text()
    # A rating from two years ago changes "all", not "the last 6 months".
    session.change("add", lambda: service.add(total_rating(dt.date(2024, 6, 1), 48)), lambda: None)
    screen.period.setCurrentIndex(screen.period.findData(scale.Period.LAST_6_MONTHS.value))
    assert screen.slope_label.text() == "\u22120.5 points per month"
    screen.period.setCurrentIndex(screen.period.findData(scale.Period.ALL.value))
    assert screen.slope_label.text() == scale.slope_text(service.slope())
    assert screen.slope_label.text() != "\u22120.5 points per month"


def test_delete_is_soft_and_undo_brings_it_back(screen, session, data_dir):
    service = session.records.alsfrs
    for day, total in ((dt.date(2026, 4, 1), 44), (dt.date(2026, 5, 1), 43)):
        screen.session.change("add", lambda d=day, t=total: service.add(total_rating(d, t)), lambda: None)
    messages: list[str] = []
    screen.deleted.connect(messages.append)
    screen.table.selectRow(0)  # newest first: 1 May
    screen.delete_button.click()
    assert [r.rated_on for r in stored(data_dir)] == [dt.date(2026, 4, 1)]
    assert "Undo" in messages[-1]
    assert [i.description for i in service.deleted_items()] == [
        "ALSFRS-R rating of May 1, 2026, total 43 of 48"
    ]
    assert screen.model.rowCount() == 1
    session.undo_stack.undo()
    assert [r.rated_on for r in stored(data_dir)] == [dt.date(2026, 4, 1), dt.date(2026, 5, 1)]
    assert screen.model.rowCount() == 2
    session.undo_stack.redo()
    assert len(stored(data_dir)) == 1


def test_undo_and_redo_of_a_new_rating(screen, session, qtbot, data_dir):
    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    for page in dialog.questions:
        page.set_value(4)
    dialog.save_button.click()
    assert len(stored(data_dir)) == 1
    session.undo_stack.undo()
    assert stored(data_dir) == []
    session.undo_stack.redo()
    assert len(stored(data_dir)) == 1


def test_edit_keeps_the_previous_version_and_undo_restores_it(screen, session, qtbot, data_dir):
    service = session.records.alsfrs
    original = total_rating(dt.date(2026, 6, 1), 44, note="before")
    session.change("add", lambda: service.add(original), lambda: None)
    screen.table.selectRow(0)
    dialog = screen.edit_selected()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Change an ALSFRS-R rating"
    assert dialog.answers() == list(original.scores)
    assert dialog.finish.note.toPlainText() == "before"
    dialog.questions[0].set_value(2)
    dialog.finish.note.setPlainText("après — 之后")
    dialog.save_button.click()
    [edited] = stored(data_dir)
    assert (edited.id, edited.scores[0], edited.note) == (original.id, 2, "après — 之后")
    with open_store(data_dir) as store:
        assert revisions.of(store, original.id)[-1]["old"]["note"] == "before"
    session.undo_stack.undo()
    assert stored(data_dir) == [original]


def test_the_chart_paints_with_doses_marked_and_describes_itself(screen, session, qtbot):
    records = session.records
    for day in (dt.date(2026, 1, 5), dt.date(2026, 1, 19), dt.date(2026, 2, 2), dt.date(2026, 3, 2)):
        records.doses.record(DoseRecord(given_on=day))
    for day, total in ((dt.date(2026, 1, 4), 44), (dt.date(2026, 3, 1), 43), (dt.date(2026, 5, 30), 41)):
        records.alsfrs.add(total_rating(day, total))
    screen.refresh()
    chart = screen.chart
    assert chart.accessibleName() == "ALSFRS-R trend chart"
    description = chart.accessibleDescription()
    assert "3 ratings, from January 4, 2026 to May 30, 2026." in description
    assert "Latest total: 41 of 48" in description
    assert "4 doses given in this period are marked." in description
    assert chart.dose_dates() == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 19),
        dt.date(2026, 2, 2),
        dt.date(2026, 3, 2),
    ]
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() > 300 and image.height() >= 260
    colours = {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert "#1f5f8b" in colours, "the line of totals is drawn"
    assert "#9a4f00" in colours, "dose ticks are drawn"
    # An empty period paints too, and says so.
    screen.period.setCurrentIndex(screen.period.findData(scale.Period.LAST_6_MONTHS.value))
    records.alsfrs.delete(records.alsfrs.ratings()[-1].id)
    records.alsfrs.delete(records.alsfrs.ratings()[-1].id)
    records.alsfrs.delete(records.alsfrs.ratings()[-1].id)
    screen.refresh()
    assert chart.accessibleDescription().startswith("No ALSFRS-R rating in this period.")
    assert not chart.grab().isNull()


def test_dialog_pages_paint_at_double_text_size(screen, qtbot):
    font = screen.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    dialog = AlsfrsRatingDialog(screen.session, parent=screen)
    dialog.setFont(font)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for index in range(dialog.pages.count()):
        dialog.go_to(index)
        assert not dialog.grab().isNull()
    # Every answer is at least 44 px tall and as tall as its wrapped sentence needs.
    for button in dialog.questions[10].buttons.values():
        assert button.height() >= 44
        assert button.height() >= button.heightForWidth(button.width()) - 1


def test_every_button_and_answer_is_large_and_named(screen, session, qtbot):
    session.records.alsfrs.add(total_rating(dt.date(2026, 6, 1), 40))
    screen.refresh()
    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    for widget in (screen, dialog):
        for button in widget.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 44, button.text()
                assert button.accessibleName(), button.text()
    for page in dialog.questions:
        dialog.go_to(page.number - 1)
        for button in page.buttons.values():
            assert button.height() >= 44
            assert button.accessibleName().startswith(button.text())
            assert "point" in button.accessibleName()
    assert screen.table.accessibleName() == "ALSFRS-R ratings"
    assert screen.period.accessibleName() == "Period"


def answer_modal(button_text: str) -> None:
    """Click ``button_text`` in the next modal message box, once it appears."""

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, handle)
            return
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, handle)


def test_cancel_does_not_throw_answers_away_without_asking(screen, qtbot, data_dir):
    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    dialog.cancel_button.click()
    assert not dialog.isVisible(), "nothing answered: Cancel simply closes"

    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    dialog.questions[0].set_value(2)
    answer_modal("Keep answering")
    dialog.cancel_button.click()
    assert dialog.isVisible()
    assert dialog.answers()[0] == 2
    answer_modal("Leave without saving")
    dialog.reject()  # as Esc does
    assert not dialog.isVisible()
    assert stored(data_dir) == []


def test_the_screen_says_where_the_wording_comes_from_and_what_5b_is_for(screen, qtbot):
    """Issue 16: the plain wording is adapted from the published self-administered versions, the
    German, French, Spanish and Italian wordings are not validated translations, and 5b is for
    people who mainly feed through a tube."""
    note = screen.wording_note
    assert note.isVisible()
    text = note.text()
    assert "adapted from the published self-administered versions of the ALSFRS-R" in text
    assert "ALSFRS-R-SE" in text and "US National ALS Registry" in text
    assert "German, French, Spanish and Italian wordings are not validated translations" in text
    assert "5b" in text and "mainly" in text and "feeding tube (gastrostomy)" in text
    assert note.wordWrap()

    dialog = screen.rate()
    qtbot.waitExposed(dialog)
    dialog.go_to(4)
    page = dialog.questions[4]
    assert page.tube_note.isVisible()
    assert "5b" in page.tube_note.text() and "most of their food" in page.tube_note.text()
    assert page.tube.text().replace("&", "") == "I get most of my food through a feeding tube (gastrostomy)"
    dialog.reject()
