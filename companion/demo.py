"""Realistic made-up records for trying the app, screenshots and benchmarks (``demo-data``).

Doses on schedule with occasional delays, diary entries on most days (more symptoms in the days
after a dose, rare warning signs), an ALSFRS-R self-rating about monthly with a slow decline,
weight monthly, a few questions and medicines; everything ends today. Only into an empty folder.
"""

from __future__ import annotations

import datetime as dt
import random

from companion.core.errors import InvalidInput
from companion.core.models import (
    AlsfrsRating,
    Appointment,
    AppointmentOutcome,
    DiaryEntry,
    DoseRecord,
    Measurement,
    MeasurementKind,
    Medication,
    Profile,
    Question,
)
from companion.core.schedule import interval_after
from companion.i18n import _
from companion.services import PatientRecords
from companion.store.appointments import AppointmentRepository
from companion.store.doses import DoseRepository
from companion.store.profile import ProfileRepository

AFTER_DOSE = ("headache", "back_pain", "injection_site_pain", "nausea_vomiting")
EVERYDAY = (
    "weakness",
    "fatigue",
    "muscle_cramps",
    "twitching",
    "muscle_stiffness",
    "sleep_problems",
    "limb_pain",
)
NOTES = (
    "Tired after the drive to the clinic.",
    "Good day, walked to the park.",
    "Cramps at night in the left calf.",
    "Slept badly.",
    "Grandchildren visited.",
    "",
    "",
    "",
)


def fill(records: PatientRecords, years: int, seed: int = 1) -> dict[str, int]:
    """Write ``years`` of records ending today into an empty folder; return how many of each."""
    if years < 1 or years > 30:
        raise InvalidInput(_("The number of years must be between 1 and 30."))
    if not records.store.is_empty():
        raise InvalidInput(_("This folder already holds records: demo data goes only into an empty folder."))
    rng = random.Random(seed)
    today = records.today()
    start = today - dt.timedelta(days=round(365.25 * years))
    store = records.store
    counts = {"doses": 0, "diary": 0, "alsfrs": 0, "measurements": 0}
    with store.write():
        ProfileRepository(store).save(
            Profile(
                display_name="Alex Example",
                sod1_variant="A4V",
                care_team_name="ALS clinic (example)",
                care_team_phone="0123 456 789",
                care_team_out_of_hours="0123 999 000",
                onboarding_done=True,
                care_team_asked=True,
                onset_date=start - dt.timedelta(days=240),
            )
        )
        # Doses: on time mostly, now and then a few days late (the next one counts from it).
        dose_days: list[dt.date] = []
        day, number = start, 1
        while day <= today:
            DoseRepository(store).add(
                DoseRecord(given_on=day, place="Day unit", given_by="ALS clinic", csf_removed_ml=10.0)
            )
            AppointmentRepository(store).add(
                Appointment(on=day, place="Day unit", outcome=AppointmentOutcome.DONE)
            )
            dose_days.append(day)
            delay = rng.choice((0,) * 8 + (1, 2, 3, 7))
            day = day + dt.timedelta(days=interval_after(number) + delay)
            number += 1
        counts["doses"] = len(dose_days)
        AppointmentRepository(store).add(
            Appointment(on=day, at=dt.time(9, 30), place="Day unit")
        )  # the next one, booked
        # Diary: most days; more post-injection symptoms in the 3 days after a dose.
        entries = []
        current = start
        dose_index = 0
        while current <= today:
            while dose_index + 1 < len(dose_days) and dose_days[dose_index + 1] <= current:
                dose_index += 1
            since_dose = (current - dose_days[dose_index]).days if dose_days else 99
            if rng.random() < 0.85:
                symptoms: dict[str, int] = {}
                if since_dose <= 3 and rng.random() < 0.6:
                    for code in rng.sample(AFTER_DOSE, rng.randint(1, 2)):
                        symptoms[code] = rng.choice((1, 1, 2))
                for code in rng.sample(EVERYDAY, rng.randint(0, 2)):
                    symptoms[code] = rng.choice((1, 1, 2, 2, 3))
                if rng.random() < 0.003:  # a rare warning sign
                    symptoms[rng.choice(("numbness_tingling", "vision_changes", "fever"))] = 2
                at = dt.datetime.combine(current, dt.time(rng.randint(8, 21), rng.choice((0, 15, 30, 45))))
                entries.append(
                    DiaryEntry(
                        at=at.astimezone(),
                        by=rng.choice(("patient",) * 5 + ("Sam",)),
                        symptoms=symptoms,
                        note=rng.choice(NOTES),
                    )
                )
            current += dt.timedelta(days=1)
        for entry in entries:
            records.diary.repo.add(entry)
        counts["diary"] = len(entries)
        # ALSFRS-R about monthly, declining slowly; weight monthly. The loss is spread over the
        # span asked for (at most about 18 points and 6 kg), so that years of demo data never run
        # down to nothing.
        scores = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
        ratings_expected = max(1, round(365.25 * years / 30.5))
        drop_chance = min(0.5, 18 / ratings_expected)
        weight_drift = min(0.15, 6 / ratings_expected)
        rated = start
        trend = 74.0
        while rated <= today:
            if rng.random() < drop_chance:
                item = rng.randrange(12)
                scores[item] = max(0, scores[item] - 1)
            records.alsfrs.repo.add(AlsfrsRating(rated_on=rated, scores=tuple(scores)))
            trend -= weight_drift  # a slow loss, and from month to month the scale's ups and downs
            weight = round(trend + rng.uniform(-0.8, 0.8), 1)
            records.visit.add_measurement(
                Measurement(measured_on=rated, kind=MeasurementKind.WEIGHT, value=weight, unit="kg")
            )
            counts["alsfrs"] += 1
            counts["measurements"] += 1
            rated += dt.timedelta(days=rng.randint(26, 35))
        records.visit.add_medication(Medication(name="Riluzole", dose="50 mg twice a day", since=start))
        records.visit.add_question(
            Question(
                text="Can I take a short holiday between two doses?", created_on=today - dt.timedelta(days=3)
            )
        )
    # Warning signs of the past were read long ago; only a recent one still waits on the home screen.
    for banner in records.diary.banners():
        if (today - banner.entry.at.date()).days > 7:
            records.diary.acknowledge(banner, known_to_team=True)
    return counts
