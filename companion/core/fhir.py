"""The records as a FHIR R4 (4.0.1) Bundle of type ``collection``, for a clinic's systems (issue 22).

Pure Python: plain JSON-ready dicts, no Qt, no SQL, no files, no network. The caller reads the
records (deleted ones left out), calls :func:`fhir_bundle` and writes ``json.dumps(bundle)``.

What goes in, and as what:

- ``Patient``: the name and birth date as entered; the SOD1 variant, when entered, as an extension.
- ``MedicationAdministration``: one per dose given (status ``completed``), the tofersen 100 mg dose,
  the intrathecal route (SNOMED CT), the CSF removed (an extension and a note) and the lot (on a
  ``Medication`` of that lot); the dose number, place and who gave it as notes.
- ``Appointment``: each booked appointment that has no outcome yet (status ``booked``).
- ``QuestionnaireResponse`` per ALSFRS-R rating, answering the ``Questionnaire`` the bundle ships
  (the app's own plain wording of the 12 questions, 5a or 5b, answers 0–4), plus an ``Observation``
  of the total 0–48 with the four domain subscores as components.
- ``Observation`` per weight (LOINC 29463-7, kg), NfL (pg/mL) and FVC/SVC (% of predicted).
- Diary: one ``Observation`` per entry (category ``survey``; who wrote it as performer: the
  ``Patient`` or a ``RelatedPerson`` named as the caregiver entered) with ``hasMember`` pointing at
  one ``Observation`` per symptom (SNOMED CT where one clearly fits, the app's words as text, the
  severity coded as SNOMED CT mild/moderate/severe). A red-flag warning is carried by the entry's
  Observation: one ``red-flag-warning`` extension per rule (rule code, title, level, source) and a
  note in words, so that a system that ignores the extension still shows it.
- ``MedicationStatement`` per other medicine (``active``, or ``completed`` once stopped).

Codes: only codes confirmed in published tables are used (see ``CODE_SOURCES``); anything else is
text only (``CodeableConcept.text``). Tofersen has no RxNorm code here: none could be confirmed.

Ids: every resource id is a UUID5 of a fixed namespace, the patient's id and the record's UUID, so
the same records give the same ids in every export; ``fullUrl`` is ``urn:uuid:<id>`` and every
reference is to a ``fullUrl`` inside the bundle (the QuestionnaireResponse's ``questionnaire`` is
the shipped Questionnaire's canonical URL). Texts are English (the app's source wording), whatever
the language of the window.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from companion.core import alsfrs
from companion.core.models import (
    PATIENT,
    AlsfrsRating,
    Appointment,
    AppointmentKind,
    DiaryEntry,
    DoseRecord,
    Item5,
    Measurement,
    MeasurementKind,
    Medication,
    Profile,
)
from companion.core.red_flags import CarriedWarning, Level, judge
from companion.core.schedule import NumberedDose, number_doses
from companion.core.symptoms import SYMPTOMS, Severity

FHIR_VERSION = "4.0.1"

# --- code systems ----------------------------------------------------------------------------

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
URI_IDENTIFIER = "urn:ietf:rfc:3986"  # an identifier whose value is a URI (here urn:uuid:…)

# The app's own definitions (extensions and the Questionnaire). The ".invalid" top-level domain
# (RFC 2606) says plainly that nothing is served there: these are names, not links.
CANONICAL_BASE = "https://tofersen-companion.invalid/fhir"
EXT_SOD1_VARIANT = f"{CANONICAL_BASE}/StructureDefinition/sod1-variant"
EXT_CSF_REMOVED = f"{CANONICAL_BASE}/StructureDefinition/csf-removed"
EXT_RED_FLAG = f"{CANONICAL_BASE}/StructureDefinition/red-flag-warning"
QUESTIONNAIRE_URL = f"{CANONICAL_BASE}/Questionnaire/alsfrs-r-self-rating"
QUESTIONNAIRE_VERSION = "1"

# Where each code was confirmed. (system, code) -> source. Tests check that every coding the
# bundle holds is one of these.
_IPS_FREE_SET = (
    "SNOMED CT IPS Free Set (SNOMED International, release 2022-07-31) as expanded in HL7 IPS IG "
    "ValueSet problems-snomed-ct-ips-free-set (HL7/fhir-ips, "
    "input/fsh/valuesets/ProblemsSnomedCtIpsFreeSet.fsh, before commit a94cc625)"
)
_SEVERITY_SOURCE = "FHIR R4 ValueSet condition-severity (hl7.org/fhir/R4/valueset-condition-severity)"
_CATEGORY_SOURCE = "FHIR R4 CodeSystem observation-category (hl7.org/fhir/R4/valueset-observation-category)"
_UCUM_SOURCE = "UCUM essence 2.2 (ucum-org/ucum, ucum-essence.xml): prefixes k, m, p; units g, L, %"

CODE_SOURCES: dict[tuple[str, str], str] = {
    # Observation categories
    (OBSERVATION_CATEGORY, "survey"): _CATEGORY_SOURCE,
    (OBSERVATION_CATEGORY, "vital-signs"): _CATEGORY_SOURCE,
    (OBSERVATION_CATEGORY, "laboratory"): _CATEGORY_SOURCE,
    (OBSERVATION_CATEGORY, "procedure"): _CATEGORY_SOURCE
    + "; spirometry as 'procedure' as in the HL7 PFT IG (Automate-Medical/pft-ig FVC examples)",
    # LOINC
    (LOINC, "29463-7"): "FHIR R4 bodyweight profile (hl7.org/fhir/StructureDefinition/bodyweight); "
    "US Core Body Weight example (LOINC 29463-7 'Body Weight')",
    (LOINC, "101281-4"): "Mayo Clinic Laboratories test catalog, NFLP/NFLC 'Neurofilament Light Chain, P' "
    "result LOINC 101281-4; OHDSI Athena concept 3966310 = LOINC 101281-4 'Neurofilament light chain "
    "[Mass/volume] in Serum or Plasma by Immunoassay'",
    (LOINC, "19872-1"): "MII IG Lungenfunktion ValueSet mii-vs-lufu-lnc-fvc (LOINC 19872-1 'FVC "
    "measured/predicted'); HL7 PFT IG (Automate-Medical/pft-ig) FVC percent-predicted profile",
    (LOINC, "98088-8"): "MII IG Lungenfunktion ValueSet mii-vs-lufu-lnc-vc (LOINC 98088-8 'Vital "
    "capacity/predicted VC Respiratory system by Spirometry')",
    # SNOMED CT: route and severities
    (SNOMED, "72607000"): "DICOM PS3.16 CID 11 Route of Administration (SCT 72607000 'Intrathecal "
    "route'; as in bvdh/dicom-terminology-in-fhir and DCMTK's CID 11 table)",
    (SNOMED, "255604002"): _SEVERITY_SOURCE,
    (SNOMED, "6736007"): _SEVERITY_SOURCE,
    (SNOMED, "24484000"): _SEVERITY_SOURCE,
    # UCUM
    (UCUM, "kg"): _UCUM_SOURCE,
    (UCUM, "mg"): _UCUM_SOURCE,
    (UCUM, "mL"): _UCUM_SOURCE,
    (UCUM, "pg/mL"): _UCUM_SOURCE,
    (UCUM, "%"): _UCUM_SOURCE,
}

# SNOMED CT for a diary symptom: only where one clearly fits. (code, display as in the IPS Free Set.)
SYMPTOM_SNOMED: dict[str, tuple[str, str]] = {
    "headache": ("25064002", "Headache"),
    "back_pain": ("161891005", "Backache"),
    "fever": ("386661006", "Fever"),
    "stiff_neck": ("161882006", "Stiff neck"),
    "vision_changes": ("63102001", "Visual disturbance"),
    "confusion": ("40917007", "Clouded consciousness"),
    "numbness_tingling": ("91019004", "Paresthesia"),
    "weakness": ("26544005", "Muscle weakness"),
    "muscle_cramps": ("55300003", "Cramp"),
    "twitching": ("82470000", "Muscle fasciculation"),
    "limb_pain": ("90834002", "Pain in limb"),
    "joint_pain": ("57676002", "Joint pain"),
    "muscle_pain": ("68962001", "Muscle pain"),
    "fatigue": ("84229001", "Fatigue"),
    "breathing_difficulty": ("267036007", "Dyspnea"),
    "swallowing_difficulty": ("40739000", "Dysphagia"),
    "speech_difficulty": ("29164008", "Disturbance in speech"),
    "choking": ("249489001", "Choking"),
    "fall": ("1912002", "Fall"),
    "sleep_problems": ("301345002", "Difficulty sleeping"),
}
# Text only, on purpose: injection_site_pain, nausea_vomiting ("or": no single concept),
# radiating_pain, sudden_weakness (kept apart from the slow weakness of ALS), bladder_bowel_control,
# muscle_stiffness, low_mood, other (the user's own words).
_EXTRA_SOURCES = {
    "confusion": "; also HL7 Belgium patient-monitoring IG ValueSet heart-failure-symptoms "
    "(40917007 'Confusion')",
    "headache": "; also HL7 PHR IG ConceptMap symptom-pghd-to-snomedct and SNOMED International's "
    "COVID-19 coding guide (Global Patient Set)",
    "fever": "; also HL7 PHR IG ConceptMap and SNOMED International's COVID-19 coding guide",
    "fatigue": "; also HL7 PHR IG ConceptMap and SNOMED International's COVID-19 coding guide",
    "breathing_difficulty": "; also HL7 PHR IG ConceptMap (shortnessOfBreath) and SNOMED "
    "International's COVID-19 coding guide",
}
for _symptom, (_code, _display) in SYMPTOM_SNOMED.items():
    CODE_SOURCES[(SNOMED, _code)] = _IPS_FREE_SET + _EXTRA_SOURCES.get(_symptom, "")

SEVERITY_SNOMED: dict[int, tuple[str, str, str]] = {  # severity -> (code, display, the app's word)
    Severity.MILD: ("255604002", "Mild", "mild"),
    Severity.MODERATE: ("6736007", "Moderate", "moderate"),
    Severity.SEVERE: ("24484000", "Severe", "severe"),
}

# Units as the app stores them -> (UCUM code, unit shown).
UCUM_UNITS: dict[str, tuple[str, str]] = {
    "kg": ("kg", "kg"),
    "pg/mL": ("pg/mL", "pg/mL"),
    "% predicted": ("%", "% of predicted"),
    "%": ("%", "% of predicted"),
}

_MEASUREMENT_CODES: dict[MeasurementKind, tuple[str, str, str, str]] = {
    # kind -> (category, LOINC code, LOINC display, the app's words)
    MeasurementKind.WEIGHT: ("vital-signs", "29463-7", "Body weight", "Weight"),
    MeasurementKind.NFL: (
        "laboratory",
        "101281-4",
        "Neurofilament light chain [Mass/volume] in Serum or Plasma by Immunoassay",
        "NfL (neurofilament light chain), plasma or serum, as reported by the clinic",
    ),
    MeasurementKind.FVC: (
        "procedure",
        "19872-1",
        "FVC measured/predicted",
        "FVC (forced vital capacity), % of predicted",
    ),
    MeasurementKind.SVC: (
        "procedure",
        "98088-8",
        "Vital capacity/predicted VC Respiratory system by Spirometry",
        "SVC (slow vital capacity), % of predicted",
    ),
}
_CATEGORY_DISPLAY = {
    "survey": "Survey",
    "vital-signs": "Vital Signs",
    "laboratory": "Laboratory",
    "procedure": "Procedure",
}

TOFERSEN_TEXT = "tofersen 100 mg/15 mL solution for intrathecal injection (Qalsody)"
TOFERSEN_DOSE_MG = 100
ROUTE_INTRATHECAL = ("72607000", "Intrathecal route")

_APPOINTMENT_KIND_TEXT = {
    AppointmentKind.DOSE: "Tofersen dose (lumbar puncture)",
    AppointmentKind.NEUROLOGY: "Neurology visit",
    AppointmentKind.TESTS: "Tests",
}

_LEVEL_TEXT = {
    Level.TODAY: "Contact your care team today.",
    Level.NOW: "Contact your care team now; if you cannot reach them quickly, call emergency services.",
    Level.EMERGENCY: "Call emergency services now.",
}

_DOMAIN_TEXT = {
    alsfrs.Domain.BULBAR: "Bulbar subscore (items 1–3), 0–12",
    alsfrs.Domain.FINE_MOTOR: "Fine motor subscore (items 4–6), 0–12",
    alsfrs.Domain.GROSS_MOTOR: "Gross motor subscore (items 7–9), 0–12",
    alsfrs.Domain.RESPIRATORY: "Respiratory subscore (items 10–12), 0–12",
}

# Ids: UUID5 in this namespace of "<patient id>/<kind>/<record id>". Fixed for good: changing it
# would change every id a clinic has already stored.
ID_NAMESPACE = uuid.UUID("6f1d3c52-8b0e-5d43-9a57-2c4e0b7a91d3")


# --- helpers ---------------------------------------------------------------------------------


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def _urn(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


def _ref(resource_id: str, display: str = "") -> dict[str, Any]:
    ref: dict[str, Any] = {"reference": _urn(resource_id)}
    if display:
        ref["display"] = display
    return ref


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [_coding(OBSERVATION_CATEGORY, code, _CATEGORY_DISPLAY[code])]}]


def _record_identifier(record_id: str) -> list[dict[str, str]]:
    """The record's own UUID as an identifier, so that a clinic can trace a resource back to it."""
    try:
        value = str(uuid.UUID(record_id))
    except (ValueError, AttributeError, TypeError):
        return []
    return [{"system": URI_IDENTIFIER, "value": f"urn:uuid:{value}"}]


def _notes(*texts: str) -> list[dict[str, str]]:
    return [{"text": t} for t in texts if t and t.strip()]


def _quantity(value: float, ucum_code: str, unit: str) -> dict[str, Any]:
    return {"value": _number(value), "unit": unit, "system": UCUM, "code": ucum_code}


def _number(value: float) -> int | float:
    """A whole number as an int (``72`` not ``72.0``); JSON keeps decimals as written."""
    return int(value) if float(value).is_integer() else float(value)


def _aware(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()


def _local(day: dt.date, time: dt.time, zone: dt.tzinfo | None) -> dt.datetime:
    """A local date and time as an aware datetime: in ``zone``, or the computer's own time zone
    (for that date, so summer time is right) when ``zone`` is None."""
    return _aware(dt.datetime.combine(day, time), zone)


def _date_time(moment: dt.datetime) -> str:
    """A FHIR dateTime/instant with seconds and an offset (a time needs a time zone in FHIR)."""
    return moment.isoformat(timespec="seconds")


class _Bundle:
    """Collects resources in order, each with its fullUrl, and the people referenced as performers."""

    def __init__(self, patient_id: str):
        self.patient_id = patient_id
        self.entries: list[dict[str, Any]] = []
        self.related: dict[str, dict[str, Any]] = {}  # RelatedPerson by caregiver name (as keyed)
        self.medications: dict[str, dict[str, Any]] = {}  # tofersen Medication by lot ("" = none)
        self.patient_resource_id = self.id("Patient", self.patient_id)

    def id(self, kind: str, key: str) -> str:
        return _uuid(self.patient_id, kind, key)

    @property
    def patient_ref(self) -> dict[str, Any]:
        return _ref(self.patient_resource_id)

    def add(self, resource: dict[str, Any]) -> dict[str, Any]:
        self.entries.append({"fullUrl": _urn(resource["id"]), "resource": resource})
        return resource

    def person(self, name: str) -> dict[str, Any]:
        """A reference to who recorded something: the patient, or a caregiver by name."""
        clean = " ".join((name or "").split())
        if not clean or clean == PATIENT:
            return self.patient_ref
        key = clean.casefold()
        if key not in self.related:
            self.related[key] = {
                "resourceType": "RelatedPerson",
                "id": self.id("RelatedPerson", key),
                "patient": self.patient_ref,
                "name": [{"text": clean}],
            }
        return _ref(self.related[key]["id"], clean)

    def medication(self, lot: str) -> dict[str, Any]:
        lot = lot.strip()
        if lot not in self.medications:
            medication: dict[str, Any] = {
                "resourceType": "Medication",
                "id": self.id("Medication", "tofersen/" + lot),
                "code": {"text": TOFERSEN_TEXT},
            }
            if lot:
                medication["batch"] = {"lotNumber": lot}
            self.medications[lot] = medication
        return _ref(self.medications[lot]["id"])


# --- resources -------------------------------------------------------------------------------


def _patient(profile: Profile, patient_id: str, resource_id: str) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": resource_id}
    if profile.sod1_variant.strip():
        patient["extension"] = [{"url": EXT_SOD1_VARIANT, "valueString": profile.sod1_variant.strip()}]
    identifier = _record_identifier(patient_id)
    if identifier:
        patient["identifier"] = identifier
    if profile.display_name.strip():
        patient["name"] = [{"text": profile.display_name.strip()}]
    if profile.birth_date is not None:
        patient["birthDate"] = profile.birth_date.isoformat()
    return patient


def _numbered(doses: Iterable[NumberedDose | DoseRecord]) -> list[NumberedDose]:
    items = list(doses)
    if all(isinstance(d, NumberedDose) for d in items):
        numbered = [d for d in items if isinstance(d, NumberedDose)]
    else:
        numbered = number_doses(d.record if isinstance(d, NumberedDose) else d for d in items)
    return sorted(numbered, key=lambda d: (d.record.given_on, d.record.given_at or dt.time.min, d.record.id))


def _administration(b: _Bundle, dose: NumberedDose, zone: dt.tzinfo | None) -> dict[str, Any]:
    record = dose.record
    when = (
        _date_time(_local(record.given_on, record.given_at, zone))
        if record.given_at is not None
        else record.given_on.isoformat()
    )
    resource: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": b.id("MedicationAdministration", record.id),
    }
    if record.csf_removed_ml is not None:
        resource["extension"] = [
            {"url": EXT_CSF_REMOVED, "valueQuantity": _quantity(record.csf_removed_ml, "mL", "mL")}
        ]
    resource.update(
        {
            "identifier": _record_identifier(record.id),
            "status": "completed",
            "medicationReference": b.medication(record.lot),
            "subject": b.patient_ref,
            "effectiveDateTime": when,
            "dosage": {
                "text": "100 mg intrathecally by lumbar puncture",
                "route": {
                    "coding": [_coding(SNOMED, *ROUTE_INTRATHECAL)],
                    "text": "Intrathecal (lumbar puncture)",
                },
                "dose": _quantity(TOFERSEN_DOSE_MG, "mg", "mg"),
            },
        }
    )
    notes = [f"Dose {dose.number} ({dose.phase.value} dose)."]
    if record.place.strip():
        notes.append(f"Place: {record.place.strip()}")
    if record.given_by.strip():
        notes.append(f"Given by: {record.given_by.strip()}")
    if record.csf_removed_ml is not None:
        notes.append(f"CSF removed before the injection: {_number(record.csf_removed_ml)} mL")
    if record.lot.strip():
        notes.append(f"Lot number: {record.lot.strip()}")
    resource["note"] = _notes(*notes, record.note)
    if not resource["identifier"]:
        del resource["identifier"]
    return resource


def _appointment(b: _Bundle, appointment: Appointment, zone: dt.tzinfo | None) -> dict[str, Any]:
    kind = _APPOINTMENT_KIND_TEXT[AppointmentKind(appointment.kind)]
    description = kind
    if appointment.for_dose is not None:
        description += f", dose {appointment.for_dose}"
    comments = []
    if appointment.at is not None:
        start = _local(appointment.on, appointment.at, zone)
        end = start  # the app records when it starts, not how long it takes
        comments.append("Only the start time was recorded; the end time is not known.")
    else:
        start = _local(appointment.on, dt.time.min, zone)
        end = _local(appointment.on + dt.timedelta(days=1), dt.time.min, zone)
        comments.append("Booked for this day; the time was not recorded.")
    if appointment.place.strip():
        comments.append(f"Place: {appointment.place.strip()}")
    if appointment.note.strip():
        comments.append(appointment.note.strip())
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": b.id("Appointment", appointment.id),
        "identifier": _record_identifier(appointment.id),
        "status": "booked",
        "serviceType": [{"text": kind}],
        "description": description,
        "start": _date_time(start),
        "end": _date_time(end),
        "comment": "\n".join(comments),
        "participant": [{"actor": b.patient_ref, "status": "accepted"}],
    }
    if not resource["identifier"]:
        del resource["identifier"]
    return resource


def _answers_text(item: alsfrs.Item) -> str:
    return " ".join(f"{score} = {item.answer_texts[alsfrs.MAX_SCORE - score]}" for score in alsfrs.SCORES)


def _questionnaire_items() -> list[dict[str, Any]]:
    forms = [alsfrs.item(n) for n in range(1, 5)]
    forms += [alsfrs.item(5, Item5.CUTTING_FOOD), alsfrs.item(5, Item5.GASTROSTOMY)]
    forms += [alsfrs.item(n) for n in range(6, alsfrs.ITEM_COUNT + 1)]
    items = []
    for item in forms:
        key = item.key
        entry: dict[str, Any] = {
            "linkId": key,
            "prefix": key,
            "text": f"{item.title_text}. {item.question_text}",
            "type": "integer",
            # Item 5 is asked in one of its two forms: 5a, or 5b with a feeding tube.
            "required": key not in ("5a", "5b"),
            "answerOption": [{"valueInteger": score} for score in alsfrs.SCORES],
            "item": [
                {
                    "linkId": f"{key}-answers",
                    "text": "Answers: " + _answers_text(item),
                    "type": "display",
                }
            ],
        }
        items.append(entry)
    return items


def questionnaire(resource_id: str) -> dict[str, Any]:
    """The ALSFRS-R self-rating as this app asks it, for the QuestionnaireResponses to point at."""
    return {
        "resourceType": "Questionnaire",
        "id": resource_id,
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "TofersenCompanionALSFRSRSelfRating",
        "title": "ALSFRS-R self-rating (Tofersen Companion's plain wording)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "The revised ALS Functional Rating Scale (ALSFRS-R; Cedarbaum et al., 1999) as the "
            "Tofersen Companion app asks it of the patient or a caregiver: 12 questions, item 5 as "
            "5a (cutting food and handling utensils) or 5b (with a feeding tube), each answered 4 "
            "(normal) to 0 (function lost); the total runs 0–48. The wording is the app's own plain "
            "wording, modelled on the published self-administered versions (ALSFRS-R-SE and the US "
            "National ALS Registry's form); it is not the clinical instrument's text."
        ),
        "item": _questionnaire_items(),
    }


def _rating_resources(b: _Bundle, rating: AlsfrsRating) -> list[dict[str, Any]]:
    scores = alsfrs.check_scores(rating.scores)
    item5 = Item5(rating.item5)
    author = b.person(rating.rated_by)
    response_id = b.id("QuestionnaireResponse", rating.id)
    items = []
    for number, score in enumerate(scores, start=1):
        item = alsfrs.item(number, item5)
        items.append(
            {
                "linkId": item.key,
                "text": f"{item.title_text}. {item.question_text}",
                "answer": [{"valueInteger": score}],
            }
        )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
        "status": "completed",
        "subject": b.patient_ref,
        "authored": rating.rated_on.isoformat(),
        "author": author,
        "source": author,
        "item": items,
    }
    identifier = _record_identifier(rating.id)
    if identifier:
        response["identifier"] = identifier[0]  # QuestionnaireResponse.identifier is 0..1
    total: dict[str, Any] = {
        "resourceType": "Observation",
        "id": b.id("Observation/alsfrs-total", rating.id),
        "status": "final",
        "category": _category("survey"),
        "code": {"text": "ALSFRS-R total score (self-rating), 0–48"},
        "subject": b.patient_ref,
        "effectiveDateTime": rating.rated_on.isoformat(),
        "performer": [author],
        "valueInteger": sum(scores),
        "derivedFrom": [_ref(response_id)],
        "component": [
            {"code": {"text": _DOMAIN_TEXT[domain]}, "valueInteger": value}
            for domain, value in alsfrs.subscores(scores).items()
        ],
    }
    notes = _notes(f"Item 5 asked as {item5.value}.", rating.note)
    total["note"] = notes
    return [response, total]


def _measurement(b: _Bundle, m: Measurement) -> dict[str, Any]:
    kind = MeasurementKind(m.kind)
    category, code, display, words = _MEASUREMENT_CODES[kind]
    unit = m.unit or ""
    if unit in UCUM_UNITS:
        ucum_code, shown = UCUM_UNITS[unit]
        value = _quantity(m.value, ucum_code, shown)
    else:  # a unit we do not know (an import): as written, without a UCUM code
        value = {"value": _number(m.value)}
        if unit:
            value["unit"] = unit
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": b.id("Observation/measurement", m.id),
        "identifier": _record_identifier(m.id),
        "status": "final",
        "category": _category(category),
        "code": {"coding": [_coding(LOINC, code, display)], "text": words},
        "subject": b.patient_ref,
        "effectiveDateTime": m.measured_on.isoformat(),
        "valueQuantity": value,
    }
    if not resource["identifier"]:
        del resource["identifier"]
    if m.note.strip():
        resource["note"] = _notes(m.note)
    return resource


def _warning_extension(warning: CarriedWarning) -> dict[str, Any]:
    return {
        "url": EXT_RED_FLAG,
        "extension": [
            {"url": "rule", "valueCode": warning.rule.code},
            {"url": "title", "valueString": warning.rule.title},
            {"url": "level", "valueCode": warning.level.code},
            {"url": "source", "valueString": _source(warning)},
        ],
    }


def _source(warning: CarriedWarning) -> str:
    """Where the rule comes from (untranslated), with the sources of the triggers that matched."""
    sources = [warning.rule.source]
    for trigger in warning.rule.triggers:
        if trigger.source and trigger.matches(warning.symptoms) and trigger.source not in sources:
            sources.append(trigger.source)
    return "; ".join(sources)


def _warning_note(warning: CarriedWarning) -> str:
    return (
        f"Red-flag warning of the app (rule {warning.rule.code}): {warning.rule.title}. "
        f"{_LEVEL_TEXT[warning.level]} {warning.rule.explanation} Source: {_source(warning)}."
    )


def _symptom_text(code: str, entry: DiaryEntry) -> str:
    if code == "other":
        words = " ".join(entry.other_text.split())
        return f"Something else: {words}" if words else "Something else"
    symptom = SYMPTOMS.get(code)
    if symptom is None:
        return code
    return f"{symptom.label} ({symptom.hint})" if symptom.hint else symptom.label


def _diary_resources(
    b: _Bundle, entry: DiaryEntry, warnings: Sequence[CarriedWarning]
) -> list[dict[str, Any]]:
    when = _date_time(_aware(entry.at, None))
    performer = b.person(entry.by)
    members: list[dict[str, Any]] = []
    for code in sorted(entry.symptoms, key=lambda c: (list(SYMPTOMS).index(c) if c in SYMPTOMS else 99, c)):
        severity = int(entry.symptoms[code])
        concept: dict[str, Any] = {"text": _symptom_text(code, entry)}
        if code in SYMPTOM_SNOMED:
            concept = {"coding": [_coding(SNOMED, *SYMPTOM_SNOMED[code])], **concept}
        value: dict[str, Any]
        if severity in SEVERITY_SNOMED:
            sct, display, word = SEVERITY_SNOMED[severity]
            value = {"coding": [_coding(SNOMED, sct, display)], "text": word}
        else:
            value = {"text": str(severity)}
        members.append(
            {
                "resourceType": "Observation",
                "id": b.id("Observation/diary-symptom", f"{entry.id}/{code}"),
                "status": "final",
                "category": _category("survey"),
                "code": concept,
                "subject": b.patient_ref,
                "effectiveDateTime": when,
                "performer": [performer],
                "valueCodeableConcept": value,
            }
        )
    panel: dict[str, Any] = {
        "resourceType": "Observation",
        "id": b.id("Observation/diary-entry", entry.id),
    }
    if warnings:
        panel["extension"] = [_warning_extension(w) for w in warnings]
    panel.update(
        {
            "identifier": _record_identifier(entry.id),
            "status": "final",
            "category": _category("survey"),
            "code": {"text": "Symptom diary entry"},
            "subject": b.patient_ref,
            "effectiveDateTime": when,
            "performer": [performer],
        }
    )
    if not panel["identifier"]:
        del panel["identifier"]
    if members:
        panel["hasMember"] = [_ref(m["id"]) for m in members]
    else:
        panel["valueString"] = "As usual: no symptom recorded."
    notes = [_warning_note(w) for w in warnings]
    notes.append(entry.note)
    if entry.other_text.strip() and "other" not in entry.symptoms:
        notes.append(f"Something else: {entry.other_text.strip()}")
    if _notes(*notes):
        panel["note"] = _notes(*notes)
    return [panel, *members]


def _statement(b: _Bundle, medication: Medication, today: dt.date) -> dict[str, Any]:
    stopped = medication.stopped is not None and medication.stopped <= today
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": b.id("MedicationStatement", medication.id),
        "identifier": _record_identifier(medication.id),
        "status": "completed" if stopped else "active",
        "medicationCodeableConcept": {"text": medication.name.strip() or "(no name)"},
        "subject": b.patient_ref,
    }
    if not resource["identifier"]:
        del resource["identifier"]
    period = {}
    if medication.since is not None:
        period["start"] = medication.since.isoformat()
    if medication.stopped is not None:
        period["end"] = medication.stopped.isoformat()
    if period:
        resource["effectivePeriod"] = period
    if medication.dose.strip():
        resource["dosage"] = [{"text": medication.dose.strip()}]
    if medication.note.strip():
        resource["note"] = _notes(medication.note)
    return resource


# --- the bundle ------------------------------------------------------------------------------


def fhir_bundle(
    profile: Profile,
    patient_id: str,
    doses: Sequence[NumberedDose | DoseRecord] = (),
    appointments: Sequence[Appointment] = (),
    ratings: Sequence[AlsfrsRating] = (),
    measurements: Sequence[Measurement] = (),
    diary_entries: Sequence[DiaryEntry] = (),
    medications: Sequence[Medication] = (),
    *,
    made_at: dt.datetime,
    zone: dt.tzinfo | None = None,
) -> dict[str, Any]:
    """The records as a FHIR R4 Bundle of type ``collection`` (a JSON-ready dict).

    ``patient_id`` is the patient's stable UUID (the profile's id); every resource id derives from
    it and from the record's UUID, so that the same records give the same ids in every export.
    Pass the records that are not deleted. ``doses`` may be numbered (``dose_history()``) or plain
    records (numbered here). Only appointments without an outcome are exported (as ``booked``).
    ``made_at`` is the Bundle's timestamp; a naive one is taken as the computer's local time.
    ``zone`` is the time zone of dates and times recorded without one (dose and appointment
    times); None means the computer's own, for each date.
    """
    b = _Bundle(str(patient_id))
    b.add(_patient(profile, b.patient_id, b.patient_resource_id))

    body: list[dict[str, Any]] = []

    for dose in _numbered(doses):
        body.append(_administration(b, dose, zone))

    for appointment in sorted(appointments, key=lambda a: (a.on, a.at or dt.time.min, a.id)):
        if appointment.outcome is None:
            body.append(_appointment(b, appointment, zone))

    questionnaire_id = _uuid("Questionnaire", QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION)
    ordered_ratings = sorted(ratings, key=lambda r: (r.rated_on, r.id))
    for rating in ordered_ratings:
        body.extend(_rating_resources(b, rating))

    kinds = list(MeasurementKind)
    for m in sorted(measurements, key=lambda m: (m.measured_on, kinds.index(MeasurementKind(m.kind)), m.id)):
        body.append(_measurement(b, m))

    entries = sorted(diary_entries, key=lambda e: (e.at, e.id))
    warned = judge(entries)
    for entry in entries:
        body.extend(_diary_resources(b, entry, warned.get(entry.id, [])))

    today = made_at.date()
    for medication in sorted(medications, key=lambda m: (m.since or dt.date.min, m.name, m.id)):
        body.append(_statement(b, medication, today))

    # The shared resources the others point at, right after the Patient.
    for key in sorted(b.related):
        b.add(b.related[key])
    if ordered_ratings:
        b.add(questionnaire(questionnaire_id))
    for lot in sorted(b.medications):
        b.add(b.medications[lot])
    for resource in body:
        b.add(resource)

    stamp = _date_time(_aware(made_at, None))
    return {
        "resourceType": "Bundle",
        "id": _uuid(b.patient_id, "Bundle", stamp),
        "meta": {"lastUpdated": stamp},
        "type": "collection",
        "timestamp": stamp,
        "entry": b.entries,
    }
