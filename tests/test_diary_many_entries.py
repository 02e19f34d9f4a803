"""A diary of years: the list hands its cards to the view as it scrolls (so that it opens at once),
and yet every entry can be reached: by End, by the arrows, by scrolling, and when it is chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from companion.core.models import DiaryEntry
from companion.services import PatientRecords
from companion.store.diary import DiaryRepository
from companion.store.opening import open_store
from companion.ui.cards import CARD_ROLE, card_text
from companion.ui.diary_screen import DiaryScreen
from companion.ui.session import PatientSession

COUNT = 5_000  # far more than the view is given at first


@pytest.fixture(scope="module")
def diary_folder(tmp_path_factory):
    """One folder for the module (the tests only read it): entry 0 the newest, 4999 the oldest."""
    folder = tmp_path_factory.mktemp("many")
    end = dt.datetime(2026, 6, 15, 12, 0).astimezone()
    with open_store(folder) as store, store.write():
        repo = DiaryRepository(store)
        for i in range(COUNT):
            repo.add(DiaryEntry(at=end - dt.timedelta(hours=6 * i), symptoms={}, note=f"entry {i}"))
    return folder


@pytest.fixture
def screen(qtbot, diary_folder):
    records = PatientRecords.open(diary_folder)
    view = DiaryScreen(PatientSession(records))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view
    records.close()


def current_card(screen: DiaryScreen) -> str:
    return card_text(screen.cards.currentIndex().data(CARD_ROLE))


def test_the_count_says_every_entry_although_the_view_starts_with_fewer(screen):
    assert screen.count_label.text() == f"{COUNT} entries"
    assert screen.model.rowCount() < COUNT  # what keeps opening quick; the rest come on demand
    assert "entry 0" in current_card(screen)


def test_end_goes_to_the_oldest_entry_and_home_back_to_the_newest(screen, qtbot):
    screen.cards.setFocus()
    qtbot.keyClick(screen.cards, Qt.Key.Key_End)
    assert f"entry {COUNT - 1}" in current_card(screen)
    assert screen.cards.visualRect(screen.cards.currentIndex()).intersects(screen.cards.viewport().rect())
    qtbot.keyClick(screen.cards, Qt.Key.Key_Home)
    assert "entry 0" in current_card(screen)


def test_the_arrow_keys_go_on_past_the_first_rows_given(screen, qtbot):
    first = screen.model.rowCount()
    screen.cards.select_row(first - 1)
    assert f"entry {first - 1}" in current_card(screen)
    qtbot.keyClick(screen.cards, Qt.Key.Key_Down)
    assert f"entry {first}" in current_card(screen)
    for _ in range(3):
        qtbot.keyClick(screen.cards, Qt.Key.Key_PageDown)
    assert screen.cards.currentIndex().row() > first


def test_scrolling_to_the_bottom_again_and_again_reaches_the_oldest_entry(screen, qtbot):
    bar = screen.cards.verticalScrollBar()
    for _ in range(60):
        bar.setValue(bar.maximum())
        qtbot.wait(1)
        if screen.model.rowCount() == COUNT:
            break
    last = screen.model.index(COUNT - 1, 0)
    assert f"entry {COUNT - 1}" in card_text(last.data(CARD_ROLE))


def test_an_old_entry_chosen_by_its_id_is_selected_and_shown(screen):
    repo_ids = [screen.model.entry_id(row) for row in range(screen.model.rowCount())]
    assert len(repo_ids) < COUNT
    oldest_id = screen.session.records.diary.page(screen.model.filter, COUNT - 1, 1, COUNT)[0][0].id
    screen.select_entry(oldest_id)
    assert screen.selected_id() == oldest_id
    assert f"entry {COUNT - 1}" in current_card(screen)
    assert screen.cards.visualRect(screen.cards.currentIndex()).intersects(screen.cards.viewport().rect())


def test_a_search_counts_and_shows_matches_from_every_year(screen, qtbot):
    screen.search.setText("entry 14")  # entry 14, 140–149, 1400–1499
    qtbot.waitUntil(lambda: screen.count_label.text() == f"{1 + 10 + 100} entries")
    qtbot.keyClick(screen.cards, Qt.Key.Key_End)
    assert "entry 1499" in current_card(screen)
    screen.search.setText("entry 4999")
    qtbot.waitUntil(lambda: screen.count_label.text() == "1 entry")
    assert "entry 4999" in current_card(screen)


def test_end_and_home_measure_only_the_cards_near_the_screen(screen, qtbot):
    """A jump from the newest entry to the oldest must not lay out every card in between: Qt's tree
    view did, when placing the card left behind, and End froze the window for 9 s at 50,000."""
    measured: list[int] = []
    delegate = screen.cards.itemDelegate()
    original = delegate.sizeHint

    class CountingDelegate(type(delegate)):  # the app's own delegate, counting what it measures
        def sizeHint(self, option, index):
            measured.append(index.row())
            return original(option, index)

    screen.cards.setItemDelegate(CountingDelegate(screen.cards))
    screen.cards.setFocus()
    qtbot.keyClick(screen.cards, Qt.Key.Key_End)
    qtbot.keyClick(screen.cards, Qt.Key.Key_Home)
    assert "entry 0" in current_card(screen)
    assert len(measured) < COUNT / 10, f"{len(measured)} cards measured for End and Home"
