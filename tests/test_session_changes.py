"""The window's session (issue 21): every change is one generic undoable command that names the
kinds of records it touched, so that each screen refreshes only when its records changed; a
dose is saved from the one check the form made. Real Qt objects, a real database file."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.core.errors import InvalidInput
from companion.core.models import Appointment, DiaryEntry, DoseRecord
from companion.services import PatientRecords
from companion.services.common import Change, Kind
from companion.store import revisions
from companion.ui.session import PatientSession

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def session(qtbot, data_dir):
    opened = PatientSession(PatientRecords.open(data_dir, today=lambda: TODAY))
    changes: list[Change] = []
    opened.changed.connect(changes.append)
    opened.seen = changes
    yield opened
    opened.close()


def test_each_change_names_only_the_kinds_it_touched(session):
    session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9, 0).astimezone(), symptoms={"headache": 1}))
    session.book_appointment(Appointment(on=dt.date(2026, 6, 29)))
    assert [sorted(c.kinds) for c in session.seen] == [[Kind.DOSE], [Kind.DIARY], [Kind.APPOINTMENT]]
    assert not session.seen[1].touches(Kind.DOSE, Kind.APPOINTMENT), "the injections page can ignore it"
    session.undo_stack.undo()
    assert session.seen[-1] == Change.of(Kind.APPOINTMENT)


def test_a_dose_is_saved_from_its_check_and_undo_and_redo_take_it_back_and_bring_it_again(session):
    records = session.records
    checked = session.check_dose(DoseRecord(given_on=dt.date(2026, 6, 1)))
    saved = session.save_dose(checked)
    assert saved.number == 1 and [d.given_on for d in records.doses.all()] == [dt.date(2026, 6, 1)]
    assert revisions.of(records.store, saved.record.id) == [], "saving wrote the dose once, nothing more"
    session.undo_stack.undo()
    assert records.doses.all() == []
    session.undo_stack.redo()
    assert [d.id for d in records.doses.all()] == [saved.record.id]


def test_a_dose_that_failed_its_check_is_not_saved_and_leaves_nothing_to_undo(session):
    checked = session.check_dose(DoseRecord(given_on=TODAY + dt.timedelta(days=3)))
    assert checked.error is not None
    with pytest.raises(InvalidInput):
        session.save_dose(checked)
    assert session.records.doses.all() == [] and session.undo_stack.count() == 0
    assert session.seen == []


def test_an_edited_dose_undoes_to_the_version_before(session):
    first = session.record_dose(DoseRecord(given_on=dt.date(2026, 6, 1), lot="L1")).record
    edited = DoseRecord(given_on=dt.date(2026, 6, 2), lot="L2", id=first.id)
    session.save_dose(session.check_dose(edited))
    assert session.records.doses.get(first.id).lot == "L2"
    assert session.undo_stack.undoText() == "changes to the dose of June 2, 2026"
    session.undo_stack.undo()
    assert session.records.doses.get(first.id) == first


def test_a_new_diary_entry_is_written_once(session):
    """Undo history must not add a "restore" revision to an entry just written (it did when the
    command's first redo ran the restore)."""
    entry = session.add_entry(DiaryEntry(at=dt.datetime(2026, 6, 14, 9, 0).astimezone(), note="first"))
    assert revisions.of(session.records.store, entry.id) == []
    session.edit_entry(DiaryEntry(id=entry.id, at=entry.at, note="second"))
    assert [r["action"] for r in revisions.of(session.records.store, entry.id)] == ["update"]
