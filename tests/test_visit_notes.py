"""Measurements, other medicines and questions for the next visit, without Qt: the rules, the
storage on a real SQLite file, and the service the window and the Recently deleted view use."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from companion import i18n
from companion.core import visit as rules
from companion.core.errors import InvalidInput
from companion.core.models import Measurement, MeasurementKind, Medication, Question
from companion.services import PatientRecords
from companion.store import revisions
from companion.store.opening import open_store
from companion.store.visit import MeasurementRepository, MedicationRepository, QuestionRepository

TODAY = dt.date(2026, 6, 15)
W, NFL, FVC, SVC = MeasurementKind.WEIGHT, MeasurementKind.NFL, MeasurementKind.FVC, MeasurementKind.SVC


def m(kind=W, value=70.0, on=TODAY, note="") -> Measurement:
    return Measurement(measured_on=on, kind=kind, value=value, note=note)


@pytest.fixture
def records(data_dir):
    recs = PatientRecords.open(data_dir, lambda: TODAY)
    yield recs
    recs.close()


# --- the rules ---------------------------------------------------------------------------------


def test_units_and_names_per_kind():
    assert rules.UNITS == {W: "kg", NFL: "pg/mL", FVC: "% predicted", SVC: "% predicted"}
    assert [rules.kind_name(k) for k in MeasurementKind] == [
        "Weight",
        "NfL (neurofilament light)",
        "FVC (forced vital capacity)",
        "SVC (slow vital capacity)",
    ]
    assert "plasma or in serum" in rules.kind_hint(NFL)


def test_values_are_shown_with_their_unit_in_the_users_language():
    assert rules.format_value(W, 72.5) == "72.5 kg"
    assert rules.format_value(NFL, 1234.5) == "1,234.5 pg/mL"
    assert rules.format_value(FVC, 84) == "84 % predicted"
    i18n.set_language("de")
    assert rules.format_value(W, 72.5) == "72,5 kg"
    assert rules.format_value(NFL, 1234.5) == "1.234,5 pg/mL"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "72.5", 72.5),
        ("en", " 72,5 ", 72.5),  # a decimal comma typed in English still means 72.5
        ("en", "1,234", 1234),
        ("en", "72.5 kg", 72.5),
        ("en", "84 %", 84),
        ("en", "38.2 pg/mL", 38.2),
        ("de", "72,5", 72.5),
        ("de", "72.5", 72.5),
        ("de", "1.234", 1234),
        ("fr", "1 234,5", 1234.5),
    ],
)
def test_numbers_are_read_as_people_type_them(language, text, expected):
    i18n.set_language(language)
    assert rules.parse_value(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "   ", "abc", "7O", "nan", "inf", "1e3", "1,2,3.4", "--3"])
def test_what_is_not_a_number_is_refused_plainly(text):
    with pytest.raises(InvalidInput) as err:
        rules.parse_value(text)
    assert "number" in str(err.value) or "Write the value" in str(err.value)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (W, [20, 20.0001, 72.5, 300], [19.99, 300.01, 1000]),
        (NFL, [0.01, 10, 10_000], [0, 10_000.5]),
        (FVC, [0.5, 100, 200], [0, 200.1]),
        (SVC, [0.5, 100, 200], [0, 250]),
    ],
)
def test_plausible_bounds_of_each_kind(kind, good, bad):
    for value in good:
        checked = rules.validate_measurement(m(kind, value), TODAY)
        assert checked.value == value
        assert checked.unit == rules.UNITS[kind]
    for value in bad:
        with pytest.raises(InvalidInput):
            rules.validate_measurement(m(kind, value), TODAY)


def test_bounds_messages_say_the_range_and_unit():
    with pytest.raises(InvalidInput, match=r"^A weight must be from 20 to 300 kg\.$"):
        rules.validate_measurement(m(W, 301), TODAY)
    with pytest.raises(InvalidInput, match=r"more than 0 and at most 10,000 pg/mL"):
        rules.validate_measurement(m(NFL, 10_001), TODAY)
    with pytest.raises(InvalidInput, match=r"^FVC must be more than 0 and at most 200 % predicted\.$"):
        rules.validate_measurement(m(FVC, 201), TODAY)
    with pytest.raises(InvalidInput, match=r"^SVC must"):
        rules.validate_measurement(m(SVC, 201), TODAY)


@pytest.mark.parametrize("value", [-5, 0, math.nan, math.inf, -math.inf])
def test_values_must_be_finite_and_positive(value):
    with pytest.raises(InvalidInput):
        rules.validate_measurement(m(NFL, value), TODAY)


def test_measurement_dates_and_notes():
    assert rules.validate_measurement(m(on=TODAY, note="  plasma  "), TODAY).note == "plasma"
    with pytest.raises(InvalidInput, match="future"):
        rules.validate_measurement(m(on=TODAY + dt.timedelta(days=1)), TODAY)
    with pytest.raises(InvalidInput, match="Choose what was measured"):
        rules.validate_measurement(Measurement(TODAY, "height", 170), TODAY)  # type: ignore[arg-type]


def test_medicine_rules():
    since, later = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    ok = rules.validate_medication(Medication("  Riluzole ", " 50 mg ", since=since, stopped=later), TODAY)
    assert (ok.name, ok.dose) == ("Riluzole", "50 mg")
    assert rules.validate_medication(Medication("A", since=since, stopped=since), TODAY).stopped == since
    for bad, words in [
        (Medication("   "), "name of the medicine"),
        (Medication("A", since=later, stopped=since), "before the date you started"),
        (Medication("A", since=TODAY + dt.timedelta(days=1)), "started it cannot be in the future"),
        (Medication("A", stopped=TODAY + dt.timedelta(days=1)), "stopped it cannot be in the future"),
    ]:
        with pytest.raises(InvalidInput, match=words):
            rules.validate_medication(bad, TODAY)


def test_question_rules():
    written = dt.date(2026, 6, 1)
    assert rules.validate_question(Question("  Why?  ", written), TODAY).text == "Why?"
    assert rules.validate_question(Question("Why?", written, asked_on=written), TODAY).asked
    with pytest.raises(InvalidInput, match="Write the question first"):
        rules.validate_question(Question(" \n ", written), TODAY)
    with pytest.raises(InvalidInput, match=r"before the day the question was written \(June 1, 2026\)"):
        rules.validate_question(Question("Why?", written, asked_on=written - dt.timedelta(days=1)), TODAY)
    with pytest.raises(InvalidInput, match="asked cannot be in the future"):
        rules.validate_question(Question("Why?", written, asked_on=TODAY + dt.timedelta(days=1)), TODAY)
    with pytest.raises(InvalidInput, match="future"):
        rules.validate_question(Question("Why?", TODAY + dt.timedelta(days=1)), TODAY)


def test_helpers_order_things_as_people_read_them():
    meds = [
        Medication("zopiclone", stopped=dt.date(2026, 1, 5)),
        Medication("Riluzole"),
        Medication("baclofen", stopped=dt.date(2026, 4, 1)),
        Medication("Édaravone"),
        Medication("Apixaban"),
        Medication("Amitriptyline", stopped=dt.date(2026, 4, 1)),
    ]
    ordered = [x.name for x in rules.sort_medications(meds)]
    assert ordered == ["Apixaban", "Riluzole", "Édaravone", "Amitriptyline", "baclofen", "zopiclone"]
    assert [x.name for x in rules.current_medications(meds)] == ["Apixaban", "Riluzole", "Édaravone"]
    assert [x.name for x in rules.stopped_medications(meds)] == ["Amitriptyline", "baclofen", "zopiclone"]

    values = [
        m(W, 70, dt.date(2026, 5, 1)),
        m(NFL, 40, dt.date(2026, 4, 1)),
        m(W, 71, dt.date(2026, 6, 1)),
        m(NFL, 35, dt.date(2026, 3, 1)),
    ]
    latest = rules.latest_by_kind(values)
    assert list(latest) == [W, NFL]
    assert (latest[W].value, latest[NFL].value) == (71, 40)
    assert [x.value for x in rules.newest_first(values)] == [71, 70, 40, 35]

    q1 = Question("first", dt.date(2026, 5, 1))
    q2 = Question("second", dt.date(2026, 5, 2), asked_on=dt.date(2026, 5, 10))
    q3 = Question("third", dt.date(2026, 5, 3))
    q4 = Question("fourth", dt.date(2026, 5, 4), asked_on=dt.date(2026, 6, 1))
    assert rules.unasked([q1, q2, q3, q4]) == [q1, q3]
    assert rules.sort_questions([q1, q2, q3, q4]) == [q1, q3, q4, q2]
    assert rules.short_text("a  b\nc") == "a b c"
    assert rules.short_text("x" * 100, 10) == "x" * 9 + "…"


def test_care_team_reminder_keeps_the_labels_meaning():
    assert rules.care_team_reminder() == (
        "Tell your care team if you have a bleeding problem or take medicines that thin the blood, "
        "and about any other medicine given into the spine."
    )


# --- storage -----------------------------------------------------------------------------------


def test_everything_round_trips_exactly_with_unicode(data_dir):
    weight = m(W, 72.45, dt.date(2026, 6, 1), note="après le repas — 饭后")
    nfl = m(NFL, 38.2, dt.date(2026, 5, 4), note="Plasma (Klinikum Großhadern)")
    med = Medication(
        "Апиксабан", "5 mg × 2", since=dt.date(2025, 2, 1), stopped=dt.date(2026, 6, 1), note="😴 עברית"
    )
    question = Question("¿Puedo conducir? 运动后可以吗？", dt.date(2026, 6, 2), asked_on=dt.date(2026, 6, 10))
    with open_store(data_dir) as store:
        measurements, medications, questions = (
            MeasurementRepository(store),
            MedicationRepository(store),
            QuestionRepository(store),
        )
        measurements.add(weight)
        measurements.add(nfl)
        medications.add(med)
        questions.add(question)
    with open_store(data_dir) as store:
        measurements, medications, questions = (
            MeasurementRepository(store),
            MedicationRepository(store),
            QuestionRepository(store),
        )
        assert measurements.all() == [weight, nfl]
        assert medications.all() == [med]
        assert questions.all() == [question]
        assert measurements.get(nfl.id) == nfl
        row = store.db["measurement"].get(weight.id)
        assert row["created_at"] and row["updated_at"] and row["deleted_at"] is None


def test_soft_delete_and_restore_keep_the_record(data_dir):
    with open_store(data_dir) as store:
        measurements, medications, questions = (
            MeasurementRepository(store),
            MedicationRepository(store),
            QuestionRepository(store),
        )
        kept, gone = m(W, 70), m(W, 71, dt.date(2026, 6, 1))
        measurements.add(kept)
        measurements.add(gone)
        med, q = Medication("A"), Question("Q?", TODAY)
        medications.add(med)
        questions.add(q)
        measurements.delete(gone.id)
        medications.delete(med.id)
        questions.delete(q.id)
        assert measurements.all() == [kept]
        assert (medications.all(), questions.all()) == ([], [])
        assert [x for x, _when in measurements.deleted()] == [gone]
        assert [x for x, _when in medications.deleted()] == [med]
        assert [x for x, _when in questions.deleted()] == [q]
        assert store.db["measurement"].get(gone.id)["deleted_at"], "still in the file"
        assert [r["action"] for r in revisions.of(store, gone.id)] == ["delete"]
        measurements.restore(gone.id)
        medications.restore(med.id)
        questions.restore(q.id)
        assert measurements.all() == [kept, gone]
        assert (medications.all(), questions.all()) == ([med], [q])
        assert measurements.deleted() == []


def test_an_edit_keeps_the_previous_version(data_dir):
    with open_store(data_dir) as store:
        medications, questions = MedicationRepository(store), QuestionRepository(store)
        med = Medication("Riluzole", "50 mg")
        medications.add(med)
        changed = Medication("Riluzole", "50 mg twice a day", stopped=TODAY, id=med.id)
        medications.update(changed)
        assert medications.get(med.id) == changed
        [revision] = revisions.of(store, med.id)
        assert revision["action"] == "update"
        assert (revision["old"]["dose"], revision["old"]["stopped"]) == ("50 mg", None)
        q = Question("Old words", TODAY)
        questions.add(q)
        questions.update(Question("New words", TODAY, id=q.id))
        assert revisions.of(store, q.id)[-1]["old"]["text"] == "Old words"


def test_lists_come_in_a_sensible_order(data_dir):
    with open_store(data_dir) as store:
        measurements, questions = MeasurementRepository(store), QuestionRepository(store)
        a = m(W, 70, dt.date(2026, 5, 1))
        b = m(NFL, 30, dt.date(2026, 6, 1))
        c = m(FVC, 90, dt.date(2026, 5, 1))  # same day as a, entered later: shown above it
        for x in (a, b, c):
            measurements.add(x)
        assert measurements.all() == [b, c, a]
        q_new = Question("written later", dt.date(2026, 6, 10))
        q_old = Question("written first", dt.date(2026, 6, 1))
        q_same = Question("also first day, entered after", dt.date(2026, 6, 1))
        for q in (q_new, q_old, q_same):
            questions.add(q)
        assert questions.all() == [q_old, q_same, q_new]


# --- the service -------------------------------------------------------------------------------


def test_service_validates_before_saving_and_saves_nothing_invalid(records, data_dir):
    visit = records.visit
    saved = visit.add_measurement(m(FVC, 84.0, note=" seated "))
    assert (saved.unit, saved.note) == ("% predicted", "seated")
    for bad in (m(W, 500), m(NFL, 0), m(W, 70, TODAY + dt.timedelta(days=1))):
        with pytest.raises(InvalidInput):
            visit.add_measurement(bad)
    with pytest.raises(InvalidInput):
        visit.add_medication(Medication(""))
    with pytest.raises(InvalidInput):
        visit.add_question("   ")
    with pytest.raises(InvalidInput):
        visit.edit_measurement(Measurement(TODAY, FVC, 300, id=saved.id))
    with open_store(data_dir) as store:
        measurements, medications, questions = (
            MeasurementRepository(store),
            MedicationRepository(store),
            QuestionRepository(store),
        )
        assert measurements.all() == [saved]
        assert (medications.all(), questions.all()) == ([], [])


def test_service_lists_medicines_current_first_and_questions_unasked_first(records):
    visit = records.visit
    visit.add_medication(Medication("Baclofen", since=dt.date(2025, 1, 1), stopped=dt.date(2026, 4, 1)))
    visit.add_medication(Medication("Riluzole"))
    assert [x.name for x in visit.medications()] == ["Riluzole", "Baclofen"]
    assert [x.name for x in visit.current_medications()] == ["Riluzole"]

    first = visit.add_question("Can I travel by plane?")
    second = visit.add_question("Should I have a breathing test?")
    assert first.created_on == TODAY
    asked = visit.mark_question_asked(first.id)
    assert asked.asked_on == TODAY
    assert [q.id for q in visit.questions()] == [second.id, first.id]
    assert [q.id for q in visit.unasked_questions()] == [second.id]
    assert visit.mark_question_asked(first.id, asked=False).asked_on is None
    assert visit.question(first.id).asked_on is None
    with pytest.raises(InvalidInput):
        visit.mark_question_asked(first.id, on=TODAY - dt.timedelta(days=3))  # before it was written


def test_latest_measurements_from_the_service(records):
    visit = records.visit
    visit.add_measurement(m(W, 70, dt.date(2026, 5, 1)))
    visit.add_measurement(m(W, 69, dt.date(2026, 6, 1)))
    visit.add_measurement(m(SVC, 80, dt.date(2026, 4, 1)))
    latest = visit.latest_measurements()
    assert {k: x.value for k, x in latest.items()} == {W: 69, SVC: 80}


def test_deleted_items_cover_all_three_kinds_and_restore(records):
    visit = records.visit
    weight = visit.add_measurement(m(W, 72.5, dt.date(2026, 6, 1)))
    med = visit.add_medication(Medication("Riluzole", "50 mg"))
    question = visit.add_question("Can I travel by plane after a dose?")
    visit.delete_measurement(weight.id)
    visit.delete_medication(med.id)
    visit.delete_question(question.id)
    # Spread the deletion times so that the order can be checked (deleted within one second).
    db = records.store.db
    db["measurement"].update(weight.id, {"deleted_at": "2026-06-15T10:00:00+00:00"})
    db["medication"].update(med.id, {"deleted_at": "2026-06-15T12:00:00+00:00"})
    db["question"].update(question.id, {"deleted_at": "2026-06-15T11:00:00+00:00"})

    items = visit.deleted_items()
    assert [i.description for i in items] == [
        "Medicine: Riluzole, 50 mg",
        "Question: Can I travel by plane after a dose?",
        "Weight of June 1, 2026: 72.5 kg",
    ]
    assert items[0].deleted_at == dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
    for item in items:
        item.restore()
    assert visit.deleted_items() == []
    assert visit.measurements() == [weight]
    assert visit.medications() == [med]
    assert visit.questions() == [question]
    items[1].delete()  # the Recently deleted view's undo deletes it again
    assert [i.description for i in visit.deleted_items()] == ["Question: Can I travel by plane after a dose?"]


@pytest.mark.parametrize(
    "record",
    [
        Measurement(
            measured_on=dt.date(2026, 6, 1), kind=MeasurementKind.WEIGHT, value=70, note="x" * 100_001
        ),
        Medication(name="Riluzole", dose="x" * 100_001),
        Medication(name="Riluzole", note="x" * 100_001),
        Medication(name="R" * 501),
        Question(text="x" * 100_001, created_on=dt.date(2026, 6, 1)),
    ],
    ids=["measurement-note", "medicine-dose", "medicine-note", "medicine-name", "question"],
)
def test_what_cannot_be_imported_cannot_be_typed_either(record):
    """Issue 17 (M2): an import caps every text; a longer typed one made the export unreadable."""
    today = dt.date(2026, 6, 15)
    check = {
        Measurement: rules.validate_measurement,
        Medication: rules.validate_medication,
        Question: rules.validate_question,
    }[type(record)]
    with pytest.raises(InvalidInput):
        check(record, today)
