"""The symptom catalogue (design.md §5): stable codes in groups; translations are labels only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from companion.core.errors import InvalidInput
from companion.i18n import N_, _


class Severity(IntEnum):
    MILD = 1
    MODERATE = 2
    SEVERE = 3


@dataclass(frozen=True)
class Symptom:
    code: str
    label: str  # untranslated (marked with N_); show with _(symptom.label)
    hint: str = ""  # a short explanation where the label alone could be misread


@dataclass(frozen=True)
class SymptomGroup:
    code: str
    title: str
    symptoms: tuple[Symptom, ...]


GROUPS: tuple[SymptomGroup, ...] = (
    SymptomGroup(
        "after_injection",
        N_("After the injection"),
        (
            Symptom("headache", N_("Headache")),
            Symptom("back_pain", N_("Back pain")),
            Symptom("injection_site_pain", N_("Pain where the needle went in")),
            Symptom("nausea_vomiting", N_("Nausea or vomiting")),
            Symptom("fever", N_("Fever")),
        ),
    ),
    SymptomGroup(
        "warning_signs",
        N_("Warning signs"),
        (
            Symptom("stiff_neck", N_("Stiff neck")),
            Symptom("vision_changes", N_("Blurred vision or other changes in vision")),
            Symptom("confusion", N_("Confusion")),
            Symptom("numbness_tingling", N_("Numbness or tingling")),
            Symptom(
                "radiating_pain",
                N_("Shooting pain"),
                N_("pain that shoots along an arm or a leg"),
            ),
            Symptom(
                "sudden_weakness",
                N_("New weakness that came on over hours or days"),
                N_("not the slow change of ALS"),
            ),
            Symptom(
                "bladder_bowel_control",
                N_("New trouble passing or holding urine or stool"),
            ),
        ),
    ),
    SymptomGroup(
        "als_course",
        N_("ALS and everyday life"),
        (
            Symptom("weakness", N_("Weakness"), N_("the slow change of ALS")),
            Symptom("muscle_cramps", N_("Muscle cramps")),
            Symptom("muscle_stiffness", N_("Muscle stiffness")),
            Symptom("twitching", N_("Twitching")),
            Symptom("limb_pain", N_("Pain in an arm or a leg")),
            Symptom("joint_pain", N_("Joint pain")),
            Symptom("muscle_pain", N_("Muscle pain")),
            Symptom("fatigue", N_("Tiredness")),
            Symptom("breathing_difficulty", N_("Difficulty breathing")),
            Symptom("swallowing_difficulty", N_("Difficulty swallowing")),
            Symptom("speech_difficulty", N_("Difficulty speaking")),
            Symptom(
                "choking",
                N_("Choking"),
                N_("food or drink going down the wrong way, with trouble breathing"),
            ),
            Symptom("fall", N_("A fall")),
            Symptom("sleep_problems", N_("Sleep problems")),
            Symptom("low_mood", N_("Low mood")),
        ),
    ),
    SymptomGroup("other", N_("Other"), (Symptom("other", N_("Something else"), N_("describe it in words")),)),
)

SYMPTOMS: dict[str, Symptom] = {s.code: s for g in GROUPS for s in g.symptoms}
CODES: tuple[str, ...] = tuple(SYMPTOMS)


def symptom_label(code: str) -> str:
    """The symptom's name in the user's language."""
    return _(SYMPTOMS[code].label)


def severity_label(severity: int) -> str:
    return {1: _("mild"), 2: _("moderate"), 3: _("severe")}[int(severity)]


def validate_symptoms(symptoms: dict[str, int]) -> dict[str, int]:
    """Check codes and severities; return a clean copy. Raises InvalidInput."""
    clean: dict[str, int] = {}
    for code, severity in symptoms.items():
        if code not in SYMPTOMS:
            raise InvalidInput(
                _("“{code}” is not a known symptom. Known symptoms: {codes}.").format(
                    code=code, codes=", ".join(CODES)
                )
            )
        if isinstance(severity, bool) or not isinstance(severity, int) or not 1 <= severity <= 3:
            raise InvalidInput(
                _("The severity of “{code}” must be 1 (mild), 2 (moderate) or 3 (severe).").format(code=code)
            )
        clean[code] = int(severity)
    return clean


def parse_symptom_argument(text: str) -> tuple[str, int]:
    """Parse ``CODE=SEVERITY`` as typed on the command line."""
    code, sep, value = (text or "").partition("=")
    code, value = code.strip(), value.strip()
    if not sep or not value:
        raise InvalidInput(
            _("Give each symptom with its severity, for example headache=2 (1 mild, 2 moderate, 3 severe).")
        )
    if not re.fullmatch(r"[0-9]{1,3}", value):
        raise InvalidInput(
            _("The severity of “{code}” must be 1 (mild), 2 (moderate) or 3 (severe).").format(code=code)
        )
    validate_symptoms({code: int(value)})
    return code, int(value)
