"""Switching the app's language in Settings, and Qt's own words in that language."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from companion import i18n
from companion.core.models import DoseRecord
from companion.ui.app import WindowKeeper, install_translators
from companion.ui.dialogs.profile import ProfileDialog


@pytest.fixture
def keeper(qtbot, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_TODAY", "2026-06-15")
    app = QApplication.instance()
    keeper = WindowKeeper(app, data_dir)
    qtbot.addWidget(keeper.window)
    keeper.window.show()
    yield keeper
    keeper.window.close()
    install_translators(app, "en")


def test_choosing_a_language_reopens_the_window_in_it_and_keeps_everything(keeper, qtbot, data_dir):
    window = keeper.window
    window.home.setup_panel.save_button.click()
    window.session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1), note="vor dem Wechsel"))
    dialog = ProfileDialog(window.session, parent=window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    window.language_changed.emit(window.session.records.profile.get().language)

    assert keeper.window is not window
    new = keeper.window
    qtbot.addWidget(new)
    assert i18n.current_language() == "de"
    assert new.session.records.store.folder == data_dir
    assert "vor dem Wechsel" in [d.record.note for d in new.session.records.doses.history()]
    # Qt's own buttons follow: its German catalog is loaded.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Abbrechen"
    assert new.home_nav.text().replace("&", "") == i18n._("&Home").replace("&", "")
