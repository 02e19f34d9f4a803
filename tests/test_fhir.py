"""The FHIR R4 export (issue 22): companion.core.fhir.fhir_bundle.

The Bundle is validated with the ``fhir.resources`` R4B models (the closest on PyPI to R4 4.0.1:
required elements, types, value formats, no unknown elements). What those models do not check is
checked here by hand against R4: id and fullUrl forms, every reference resolving inside the bundle,
R4's required elements of each resource type we emit, and the invariants we rely on (app-3, ext-1,
obs-6, mad-1, que-5 and per-1).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.bundle import Bundle

from companion.core import fhir
from companion.core.fhir import CODE_SOURCES, QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION, fhir_bundle
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    AppointmentKind,
    AppointmentOutcome,
    DiaryEntry,
    DoseRecord,
    Item5,
    Measurement,
    MeasurementKind,
    Medication,
    Profile,
)
from companion.core.red_flags import judge
from companion.core.schedule import number_doses

PARIS = ZoneInfo("Europe/Paris")
MADE_AT = dt.datetime(2026, 6, 15, 12, 0, tzinfo=PARIS)
PATIENT_ID = "0b6c6f1e-3f5c-4a7e-9d39-2a1f6f6b7c01"

FHIR_ID = re.compile(r"^[A-Za-z0-9\-\.]{1,64}$")
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# R4 (4.0.1) elements with a minimum cardinality of 1, for each resource type the export emits.
R4_REQUIRED = {
    "Bundle": ["type"],
    "Patient": [],
    "RelatedPerson": ["patient"],
    "Medication": [],
    "MedicationAdministration": ["status", "medication[x]", "subject", "effective[x]"],
    "Appointment": ["status", "participant"],
    "Questionnaire": ["status"],
    "QuestionnaireResponse": ["status"],
    "Observation": ["status", "code"],
    "MedicationStatement": ["status", "medication[x]", "subject"],
}


# --- inputs --------------------------------------------------------------------------------------


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def full_input() -> dict:
    """One of everything, with Unicode where users type words."""
    doses = [
        DoseRecord(
            given_on=dt.date(2026, 5, 4),
            given_at=dt.time(9, 15),
            place="Hôpital Pitié-Salpêtrière",
            given_by="Dr Żaneta Ødegård",
            csf_removed_ml=10.0,
            lot="LOT-Ä1",
            note="Ça va 👍",
        ),
        DoseRecord(given_on=dt.date(2026, 5, 18), place="Day unit", csf_removed_ml=9.5),
        DoseRecord(given_on=dt.date(2026, 6, 1), given_by="ALS clinic"),
    ]
    appointments = [
        Appointment(on=dt.date(2026, 6, 29), at=dt.time(9, 30), place="Salle 3 — Neurologie", for_dose=4),
        Appointment(on=dt.date(2026, 7, 20), kind=AppointmentKind.NEUROLOGY, note="Bring the diary"),
        Appointment(on=dt.date(2026, 6, 1), outcome=AppointmentOutcome.DONE),
        Appointment(on=dt.date(2026, 6, 2), outcome=AppointmentOutcome.ATTEMPTED_NOT_GIVEN),
    ]
    ratings = [
        AlsfrsRating(rated_on=dt.date(2026, 5, 1), scores=(4, 4, 3, 4, 3, 4, 4, 3, 3, 4, 4, 4), note="Müde"),
        AlsfrsRating(
            rated_on=dt.date(2026, 6, 1),
            scores=(3, 4, 3, 2, 2, 3, 3, 2, 2, 4, 3, 4),
            item5=Item5.GASTROSTOMY,
            rated_by="José (husband)",
        ),
    ]
    measurements = [
        Measurement(measured_on=dt.date(2026, 5, 1), kind=MeasurementKind.WEIGHT, value=72.5, unit="kg"),
        Measurement(
            measured_on=dt.date(2026, 5, 4), kind=MeasurementKind.NFL, value=41.2, unit="pg/mL", note="plasma"
        ),
        Measurement(measured_on=dt.date(2026, 5, 4), kind=MeasurementKind.FVC, value=88, unit="% predicted"),
        Measurement(measured_on=dt.date(2026, 5, 4), kind=MeasurementKind.SVC, value=90, unit="% predicted"),
        Measurement(measured_on=dt.date(2026, 5, 20), kind=MeasurementKind.WEIGHT, value=160, unit="lb"),
    ]
    diary = [
        DiaryEntry(at=at(5, 8), symptoms={"headache": 1, "back_pain": 2}, note="After the injection 😣"),
        DiaryEntry(at=at(6, 9), symptoms={}, by="José (husband)"),
        DiaryEntry(at=at(10, 20), symptoms={"vision_changes": 2, "confusion": 1}, note="Vue trouble"),
        DiaryEntry(at=at(12, 7, 45), symptoms={"other": 2, "fatigue": 1}, other_text="Hoquet — hiccups"),
        DiaryEntry(at=at(14, 22), symptoms={"breathing_difficulty": 3}, by="Łucja"),
    ]
    medications = [
        Medication(name="Riluzole", dose="50 mg twice a day", since=dt.date(2025, 1, 1)),
        Medication(name="Édaravone", since=dt.date(2025, 2, 1), stopped=dt.date(2026, 1, 31), note="Stopped"),
    ]
    return {
        "doses": doses,
        "appointments": appointments,
        "ratings": ratings,
        "measurements": measurements,
        "diary_entries": diary,
        "medications": medications,
    }


PROFILE = Profile(
    display_name="Zoë Ødegård-Łukaszewicz 李", birth_date=dt.date(1971, 3, 9), sod1_variant="A4V"
)


def build(records: dict | None = None, profile: Profile = PROFILE) -> dict:
    return fhir_bundle(
        profile, PATIENT_ID, **(records if records is not None else full_input()), made_at=MADE_AT, zone=PARIS
    )


def resources(bundle: dict, kind: str | None = None) -> list[dict]:
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def walk(node, path=""):
    """Every (path, dict) in a JSON tree."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


# --- the checks that fhir.resources does not do --------------------------------------------------


def check_r4_by_hand(bundle: dict) -> None:
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert FHIR_ID.match(bundle["id"])
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls)), "bdl-7: fullUrls are unique"
    canonicals = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        assert FHIR_ID.match(resource["id"]), resource["id"]
        assert UUID_URN.match(entry["fullUrl"]) and entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        for element in R4_REQUIRED[kind]:
            if element.endswith("[x]"):
                stem = element[:-3]
                assert any(k.startswith(stem) and k != stem for k in resource), (kind, element)
            else:
                assert resource.get(element) not in (None, [], ""), (kind, element)
        assert "contained" not in resource
        if kind == "Questionnaire":
            canonicals[f"{resource['url']}|{resource['version']}"] = resource
            canonicals[resource["url"]] = resource
    # Every reference resolves to an entry of the bundle.
    for path, node in walk(bundle):
        if "reference" in node and isinstance(node["reference"], str):
            assert node["reference"] in full_urls, (path, node["reference"])
    for response in resources(bundle, "QuestionnaireResponse"):
        assert response["questionnaire"] in canonicals
    # Invariants the R4B models leave out.
    for path, node in walk(bundle):
        if isinstance(node.get("url"), str) and (
            "extension" in node or any(k.startswith("value") for k in node)
        ):
            has_value = any(k.startswith("value") for k in node)
            assert has_value != ("extension" in node), f"ext-1 at {path}"
        if "start" in node and "end" in node:
            assert node["start"] <= node["end"] or node["start"][:10] <= node["end"][:10], f"per-1 at {path}"
    for appointment in resources(bundle, "Appointment"):
        assert ("start" in appointment) == ("end" in appointment), "app-2"
        assert appointment["status"] in ("proposed", "cancelled", "waitlist") or "start" in appointment, (
            "app-3"
        )
        for participant in appointment["participant"]:
            assert "actor" in participant or "type" in participant, "app-1"
    for observation in resources(bundle, "Observation"):
        has_value = any(k.startswith("value") for k in observation)
        assert not (has_value and "dataAbsentReason" in observation), "obs-6"
        for component in observation.get("component", []):
            assert component["code"] != observation["code"], "obs-7"
    for administration in resources(bundle, "MedicationAdministration"):
        dosage = administration.get("dosage")
        assert dosage is None or "dose" in dosage or any(k.startswith("rate") for k in dosage), "mad-1"
    for questionnaire in resources(bundle, "Questionnaire"):
        link_ids = [i["linkId"] for _, i in walk(questionnaire["item"]) if "linkId" in i]
        assert len(link_ids) == len(set(link_ids)), "que-2"
        for _, item in walk(questionnaire["item"]):
            if "answerOption" in item:  # que-5 (R4: integer items may have answerOption)
                assert item["type"] in (
                    "choice",
                    "open-choice",
                    "decimal",
                    "integer",
                    "date",
                    "dateTime",
                    "time",
                    "string",
                    "quantity",
                )
            if item.get("type") == "display":
                assert "item" not in item and "code" not in item, "que-1, que-3"


def validate(bundle: dict) -> None:
    Bundle.model_validate(copy.deepcopy(bundle))
    check_r4_by_hand(bundle)


# --- tests ------------------------------------------------------------------------------------------


def test_the_bundle_validates_and_holds_one_resource_per_record():
    records = full_input()
    bundle = build(records)
    validate(bundle)
    kinds = Counter(r["resourceType"] for r in resources(bundle))
    symptoms = sum(len(e.symptoms) for e in records["diary_entries"])
    assert kinds == {
        "Patient": 1,
        "RelatedPerson": 2,  # José (husband), Łucja
        "Questionnaire": 1,
        "Medication": 2,  # tofersen, and tofersen of lot LOT-Ä1
        "MedicationAdministration": 3,
        "Appointment": 2,  # the two without an outcome
        "QuestionnaireResponse": 2,
        "Observation": 2 + 5 + 5 + symptoms,  # rating totals, measurements, diary entries, symptoms
        "MedicationStatement": 2,
    }
    # Every record is found again by its own UUID.
    identifiers = {
        (i["value"] if isinstance(i, dict) else None)
        for r in resources(bundle)
        for i in (r.get("identifier") if isinstance(r.get("identifier"), list) else [r.get("identifier")])
        if i
    }
    for group in ("doses", "ratings", "measurements", "diary_entries", "medications"):
        for record in records[group]:
            assert f"urn:uuid:{record.id}" in identifiers, (group, record)
    pending = [a for a in records["appointments"] if a.outcome is None]
    for appointment in records["appointments"]:
        assert (f"urn:uuid:{appointment.id}" in identifiers) == (appointment in pending)


def test_the_same_records_give_the_same_ids_in_any_order():
    records = full_input()
    first = build(records)
    shuffled = {k: random.Random(7).sample(list(v), len(v)) for k, v in records.items()}
    second = build(shuffled)
    assert first == second
    ids = [r["id"] for r in resources(first)]
    assert len(ids) == len(set(ids))
    # Another export later: only the bundle's own id and time change.
    later = fhir_bundle(PROFILE, PATIENT_ID, **records, made_at=MADE_AT + dt.timedelta(days=1), zone=PARIS)
    assert [e["fullUrl"] for e in later["entry"]] == [e["fullUrl"] for e in first["entry"]]
    assert later["entry"] == first["entry"]
    # Another patient's folder with the same record ids does not collide.
    other = fhir_bundle(PROFILE, "another-patient", **records, made_at=MADE_AT, zone=PARIS)
    mine = {r["id"] for r in resources(first) if r["resourceType"] != "Questionnaire"}
    assert mine.isdisjoint(r["id"] for r in resources(other))


def test_unicode_survives_the_round_trip():
    bundle = build()
    text = json.dumps(bundle, ensure_ascii=False)
    assert json.loads(text) == bundle
    assert json.loads(json.dumps(bundle)) == bundle
    patient = resources(bundle, "Patient")[0]
    assert patient["name"] == [{"text": "Zoë Ødegård-Łukaszewicz 李"}]
    for words in (
        "Hôpital Pitié-Salpêtrière",
        "Dr Żaneta Ødegård",
        "Ça va 👍",
        "LOT-Ä1",
        "Salle 3 — Neurologie",
        "José (husband)",
        "Łucja",
        "After the injection 😣",
        "Hoquet — hiccups",
        "Édaravone",
        "Müde",
    ):
        assert words in text, words


def test_an_empty_folder_gives_a_valid_bundle_with_the_patient_alone():
    bundle = fhir_bundle(Profile(), PATIENT_ID, made_at=MADE_AT)
    validate(bundle)
    assert [r["resourceType"] for r in resources(bundle)] == ["Patient"]
    patient = resources(bundle)[0]
    # Nothing the user did not enter: no name, birth date or variant.
    assert set(patient) == {"resourceType", "id", "identifier"}
    empty_lists = {k: [] for k in full_input()}
    assert fhir_bundle(Profile(), PATIENT_ID, **empty_lists, made_at=MADE_AT) == bundle


def test_the_patient_holds_what_was_entered():
    patient = resources(build(), "Patient")[0]
    assert patient["birthDate"] == "1971-03-09"
    assert patient["extension"] == [{"url": fhir.EXT_SOD1_VARIANT, "valueString": "A4V"}]
    assert patient["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{PATIENT_ID}"}]


def test_a_warned_diary_entry_carries_its_flag_and_others_do_not():
    records = full_input()
    warned = judge(records["diary_entries"])
    assert warned, "the input must hold a warned entry"
    bundle = build(records)
    by_identifier = {
        r["identifier"][0]["value"]: r for r in resources(bundle, "Observation") if r.get("identifier")
    }
    members = {ref["reference"] for r in resources(bundle, "Observation") for ref in r.get("hasMember", [])}
    for entry in records["diary_entries"]:
        panel = by_identifier[f"urn:uuid:{entry.id}"]
        flags = [x for x in panel.get("extension", []) if x["url"] == fhir.EXT_RED_FLAG]
        expected = warned.get(entry.id, [])
        assert [f["extension"][0]["valueCode"] for f in flags] == [w.rule.code for w in expected]
        for flag, warning in zip(flags, expected, strict=True):
            parts = {
                p["url"]: next(v for k, v in p.items() if k.startswith("value")) for p in flag["extension"]
            }
            assert parts["level"] == warning.level.code
            assert parts["title"] == warning.rule.title
            assert parts["source"]
            assert any(warning.rule.code in n["text"] for n in panel["note"]), "the flag in words, too"
        if not expected:
            assert "extension" not in panel
            assert not any("Red-flag" in n["text"] for n in panel.get("note", []))
    # Symptom observations never carry the flag: it is on the entry.
    for observation in resources(bundle, "Observation"):
        if f"urn:uuid:{observation['id']}" in members:
            assert "extension" not in observation
    levels = {w.rule.code: w.level.code for ws in warned.values() for w in ws}
    assert levels == {"intracranial_pressure": "now", "urgent_breathing": "emergency"}


def test_diary_symptoms_are_survey_observations_with_severity_and_who_recorded_them():
    records = full_input()
    bundle = build(records)
    full = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    entry = records["diary_entries"][0]
    panel = next(
        r
        for r in resources(bundle, "Observation")
        if r.get("identifier", [{}])[0].get("value") == f"urn:uuid:{entry.id}"
    )
    assert panel["category"][0]["coding"][0]["code"] == "survey"
    assert panel["effectiveDateTime"] == "2026-06-05T08:00:00+02:00"
    assert panel["performer"] == [{"reference": f"urn:uuid:{resources(bundle, 'Patient')[0]['id']}"}]
    members = [full[ref["reference"]] for ref in panel["hasMember"]]
    assert [m["code"]["text"] for m in members] == ["Headache", "Back pain"]
    assert members[0]["code"]["coding"] == [
        {"system": fhir.SNOMED, "code": "25064002", "display": "Headache"}
    ]
    assert members[1]["valueCodeableConcept"] == {
        "coding": [{"system": fhir.SNOMED, "code": "6736007", "display": "Moderate"}],
        "text": "moderate",
    }
    # A caregiver is named as a RelatedPerson; an "as usual" entry says so.
    usual = next(
        r
        for r in resources(bundle, "Observation")
        if r.get("identifier", [{}])[0].get("value") == f"urn:uuid:{records['diary_entries'][1].id}"
    )
    assert usual["valueString"].startswith("As usual")
    caregiver = full[usual["performer"][0]["reference"]]
    assert caregiver["resourceType"] == "RelatedPerson"
    assert caregiver["name"] == [{"text": "José (husband)"}]
    # Text only where no code clearly fits; the user's own words for "other".
    other = [
        m for m in resources(bundle, "Observation") if m["code"].get("text", "").startswith("Something else")
    ]
    assert other == [o for o in other if "coding" not in o["code"]]
    assert other[0]["code"]["text"] == "Something else: Hoquet — hiccups"


def test_doses_are_completed_administrations_of_tofersen_by_the_intrathecal_route():
    records = full_input()
    bundle = build(records)
    full = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    administrations = resources(bundle, "MedicationAdministration")
    assert [a["effectiveDateTime"] for a in administrations] == [
        "2026-05-04T09:15:00+02:00",
        "2026-05-18",
        "2026-06-01",
    ]
    first = administrations[0]
    assert first["status"] == "completed"
    assert first["dosage"]["route"]["coding"] == [
        {"system": fhir.SNOMED, "code": "72607000", "display": "Intrathecal route"}
    ]
    assert first["dosage"]["dose"] == {"value": 100, "unit": "mg", "system": fhir.UCUM, "code": "mg"}
    assert first["extension"] == [
        {
            "url": fhir.EXT_CSF_REMOVED,
            "valueQuantity": {"value": 10, "unit": "mL", "system": fhir.UCUM, "code": "mL"},
        }
    ]
    medication = full[first["medicationReference"]["reference"]]
    assert medication["batch"] == {"lotNumber": "LOT-Ä1"}
    assert (
        "tofersen" in medication["code"]["text"] and "coding" not in medication["code"]
    )  # no RxNorm confirmed
    notes = [n["text"] for n in first["note"]]
    assert notes[:3] == [
        "Dose 1 (loading dose).",
        "Place: Hôpital Pitié-Salpêtrière",
        "Given by: Dr Żaneta Ødegård",
    ]
    assert "CSF removed before the injection: 10 mL" in notes
    assert "extension" not in administrations[2]
    # Numbered doses (as dose_history() gives them) give the same resources.
    numbered = dict(records, doses=number_doses(records["doses"]))
    assert build(numbered) == bundle


def test_booked_appointments_have_a_start_and_an_end():
    appointments = resources(build(), "Appointment")
    assert [a["status"] for a in appointments] == ["booked", "booked"]
    timed, day_only = appointments
    assert timed["start"] == timed["end"] == "2026-06-29T09:30:00+02:00"
    assert timed["description"] == "Tofersen dose (lumbar puncture), dose 4"
    assert "Salle 3 — Neurologie" in timed["comment"]
    assert (day_only["start"], day_only["end"]) == ("2026-07-20T00:00:00+02:00", "2026-07-21T00:00:00+02:00")
    assert "time was not recorded" in day_only["comment"]


def test_ratings_answer_the_shipped_questionnaire_and_give_a_total():
    records = full_input()
    bundle = build(records)
    (questionnaire,) = resources(bundle, "Questionnaire")
    link_ids = [i["linkId"] for i in questionnaire["item"]]
    assert link_ids == ["1", "2", "3", "4", "5a", "5b", "6", "7", "8", "9", "10", "11", "12"]
    options = {i["linkId"]: [o["valueInteger"] for o in i["answerOption"]] for i in questionnaire["item"]}
    responses = resources(bundle, "QuestionnaireResponse")
    assert [r["questionnaire"] for r in responses] == [f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"] * 2
    for response, rating in zip(responses, records["ratings"], strict=True):
        answered = [(i["linkId"], i["answer"][0]["valueInteger"]) for i in response["item"]]
        assert len(answered) == 12
        assert answered[4][0] == rating.item5.value
        assert [score for _, score in answered] == list(rating.scores)
        for link_id, score in answered:
            assert score in options[link_id]
    assert responses[1]["author"]["display"] == "José (husband)"
    totals = [o for o in resources(bundle, "Observation") if o["code"]["text"].startswith("ALSFRS-R total")]
    assert [t["valueInteger"] for t in totals] == [sum(r.scores) for r in records["ratings"]]
    assert [c["valueInteger"] for c in totals[0]["component"]] == [11, 11, 10, 12]
    assert totals[0]["derivedFrom"] == [{"reference": f"urn:uuid:{responses[0]['id']}"}]


def test_measurements_have_loinc_codes_and_ucum_units():
    observations = [
        o
        for o in resources(build(), "Observation")
        if o["code"].get("coding", [{}])[0].get("system") == fhir.LOINC
    ]
    summary = [(o["code"]["coding"][0]["code"], o["valueQuantity"]) for o in observations]
    assert summary == [
        ("29463-7", {"value": 72.5, "unit": "kg", "system": fhir.UCUM, "code": "kg"}),
        ("101281-4", {"value": 41.2, "unit": "pg/mL", "system": fhir.UCUM, "code": "pg/mL"}),
        ("19872-1", {"value": 88, "unit": "% of predicted", "system": fhir.UCUM, "code": "%"}),
        ("98088-8", {"value": 90, "unit": "% of predicted", "system": fhir.UCUM, "code": "%"}),
        ("29463-7", {"value": 160, "unit": "lb"}),  # a unit we do not know keeps its words, and no code
    ]
    assert observations[0]["category"][0]["coding"][0]["code"] == "vital-signs"


def test_other_medicines_are_statements():
    statements = resources(build(), "MedicationStatement")
    assert [(s["medicationCodeableConcept"], s["status"]) for s in statements] == [
        ({"text": "Riluzole"}, "active"),
        ({"text": "Édaravone"}, "completed"),
    ]
    assert statements[0]["dosage"] == [{"text": "50 mg twice a day"}]
    assert statements[1]["effectivePeriod"] == {"start": "2025-02-01", "end": "2026-01-31"}


def test_every_code_is_a_confirmed_one():
    bundle = build()
    used = set()
    for path, node in walk(bundle):
        if "code" in node and "system" in node and isinstance(node["code"], str):
            used.add((node["system"], node["code"]))
            assert (node["system"], node["code"]) in CODE_SOURCES, (path, node)
        if path.endswith(".coding") or ".coding[" in path:
            assert "system" in node, f"a coding without a system at {path}"
    # Every confirmed code carries its source, and the codes in use include the key ones.
    assert all(source.strip() for source in CODE_SOURCES.values())
    assert {(fhir.LOINC, "29463-7"), (fhir.SNOMED, "72607000"), (fhir.SNOMED, "24484000")} <= used


def test_a_naive_made_at_and_no_zone_use_the_computer_time_zone():
    bundle = fhir_bundle(PROFILE, PATIENT_ID, **full_input(), made_at=dt.datetime(2026, 6, 15, 12, 0))
    validate(bundle)
    assert re.search(r"[+-]\d\d:\d\d$", bundle["timestamp"])


@pytest.mark.slow
def test_a_real_data_folder_exports_whole(data_dir):
    from companion import demo
    from companion.services import PatientRecords
    from companion.store.calendar import CalendarRepository

    records = PatientRecords.open(data_dir)
    try:
        demo.fill(records, years=1, seed=1)
        # A deleted record is left out by the caller, and so is absent.
        deleted = records.diary.entries()[0]
        records.diary.delete(deleted.id)
        patient_id = CalendarRepository(records.store).patient_id()
        bundle = fhir_bundle(
            records.profile.get(),
            patient_id,
            records.doses.history(),
            records.appointments.all(),
            records.alsfrs.ratings(),
            records.visit.measurements(),
            records.diary.entries(),
            records.visit.medications(),
            made_at=dt.datetime.now().astimezone(),
        )
        validate(bundle)
        kinds = Counter(r["resourceType"] for r in resources(bundle))
        assert kinds["MedicationAdministration"] == len(records.doses.history())
        assert kinds["QuestionnaireResponse"] == len(records.alsfrs.ratings())
        assert kinds["Appointment"] == len([a for a in records.appointments.all() if a.outcome is None])
        assert kinds["MedicationStatement"] == len(records.visit.medications())
        entries = records.diary.entries()
        assert kinds["Observation"] == (
            len(records.alsfrs.ratings())
            + len(records.visit.measurements())
            + len(entries)
            + sum(len(e.symptoms) for e in entries)
        )
        text = json.dumps(bundle, ensure_ascii=False)
        assert deleted.id not in text
        assert "Alex Example" in text and "A4V" in text
    finally:
        records.close()


def test_the_command_line_writes_the_bundle_with_stable_ids_and_no_deleted_record(tmp_path):
    """``companion export --format fhir -o FILE.json``: the same folder twice gives the same ids;
    a deleted diary entry is absent; the file is 0600 (it holds health data)."""
    from tests.cli_harness import Cli

    cli = Cli(tmp_path)
    folder = tmp_path / "patient"
    cli.ok(folder, "dose", "add", "2026-06-01", "--place", "Neurologie, Zürich")
    cli.ok(folder, "diary", "add", "--at", "2026-06-02T09:00", "--symptom", "fever=2", "--note", "été")
    cli.ok(folder, "diary", "add", "--at", "2026-06-03T09:00", "--symptom", "headache=1")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    cli.ok(folder, "export", "--format", "fhir", "-o", str(first))
    cli.ok(folder, "export", "--format", "fhir", "-o", str(second))
    a, b = json.loads(first.read_text("utf-8")), json.loads(second.read_text("utf-8"))
    validate(a)
    assert [e["fullUrl"] for e in a["entry"]] == [e["fullUrl"] for e in b["entry"]]
    assert oct(first.stat().st_mode & 0o777) == "0o600"
    assert "Zürich" in first.read_text("utf-8") and "été" in first.read_text("utf-8")
    cli.ok(folder, "diary", "delete", "2026-06-03T09:00")
    cli.ok(folder, "export", "--format", "fhir", "-o", str(second))
    after = json.loads(second.read_text("utf-8"))
    gone = {e["fullUrl"] for e in a["entry"]} - {e["fullUrl"] for e in after["entry"]}
    assert gone and all(
        e["resource"]["resourceType"] == "Observation" for e in a["entry"] if e["fullUrl"] in gone
    )
