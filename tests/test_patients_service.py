"""The patients service (issue 21): the one door through which the window and the command line
list, create, switch to and restore patients. Real folders under a temporary data root."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.core.errors import InvalidInput
from companion.core.models import DoseRecord
from companion.services.folders import PatientDirectory
from companion.services.patients import Patients


@pytest.fixture
def patients(tmp_path) -> Patients:
    return Patients(PatientDirectory(tmp_path / "root"))


def test_two_patients_of_one_home_each_get_a_folder_listed_by_name(patients):
    zoe = patients.create("Zoë Ødegård")
    anna = patients.create("anna Weber")
    assert zoe != anna and zoe.parent == anna.parent
    assert [(p.name, p.path) for p in patients.all()] == [("anna Weber", anna), ("Zoë Ødegård", zoe)]
    records = patients.open(zoe)
    try:
        assert records.profile.get().display_name == "Zoë Ødegård"
        assert records.doses.all() == []
    finally:
        records.close()


def test_the_patient_switched_to_is_the_one_the_next_start_opens(patients, tmp_path):
    first = patients.create("First")
    second = patients.create("Second")
    patients.switch_to(second)
    again = PatientDirectory(tmp_path / "root")
    assert again.current() == second and again.current() != first


def test_with_one_folder_only_there_is_no_switching_and_no_adding(tmp_path):
    single = Patients(None)
    assert not single.can_switch and single.all() == []
    single.switch_to(tmp_path / "x")  # nothing to remember: no error, nothing written
    assert not (tmp_path / "x").exists()
    with pytest.raises(RuntimeError):
        single.create("Someone")


def test_restoring_a_backup_brings_its_records_back_and_keeps_the_data_before(patients):
    folder = patients.create("Anna")
    records = patients.open(folder)
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 1)))
    backup = records.backups.now()
    records.doses.record(DoseRecord(given_on=dt.date(2026, 5, 29), note="after the backup"))
    records.close()

    safety = patients.restore(folder, backup)
    assert safety is not None and safety.exists()
    reopened = patients.open(folder)
    try:
        assert [d.given_on for d in reopened.doses.all()] == [dt.date(2026, 5, 1)]
    finally:
        reopened.close()
    assert patients.newest_good_backup(folder) is not None


def test_another_persons_backup_is_refused_unless_the_user_says_so(patients):
    anna, ben = patients.create("Anna"), patients.create("Ben")
    records = patients.open(ben)
    bens_backup = records.backups.now()
    records.close()
    with pytest.raises(InvalidInput):
        patients.restore(anna, bens_backup)
    records = patients.open(anna)
    try:
        assert records.profile.get().display_name == "Anna", "nothing was replaced"
    finally:
        records.close()


def test_a_lock_keeps_a_second_window_out_of_a_new_folder(patients, tmp_path):
    folder = tmp_path / "root" / "brand-new"
    first, second = patients.lock(folder), patients.lock(folder)
    assert folder.is_dir() and (folder.stat().st_mode & 0o077) == 0, "made, and private"
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
