"""Medical wording of the catalogs (issue 16; design.md §5; label-facts.md §2).

- No emergency phone number in any text or translation: the number depends on the country, not on
  the language; the app shows the number the user entered, else "emergency services".
- fr/es/it: no EU frequency term ("peu fréquent", "poco frecuente", "non comune", 0.1-1 %) for the
  warnings that the label gives no frequency for: "serious but uncommon" in plain words.
- "Choking" in the sense "food or drink going down the wrong way, with trouble breathing", not
  suffocation ("Étouffement", "Soffocamento") or mere mis-swallowing ("Verschlucken") alone.
- German "Taubheitsgefühl" (numbness), never "Taubheit" (deafness).
- The three levels keep their force; bladder and bowel trouble means passing *or* holding;
  raised intracranial pressure and papilledema stay two conditions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "fr", "es", "it")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

# Numbers that are emergency numbers somewhere, and that are never anything else in this app's texts.
ALWAYS_EMERGENCY = {"112", "911", "999", "144"}
# Short numbers that are emergency numbers somewhere (SAMU 15, police 17, pompiers 18, 118 in Italy,
# 000 in Australia, 061 in Spain, 110/113/115/117/118/119/190/192/193 ...): only next to an emergency
# word, as "10" or "15" are ordinary numbers ("15 mL", "EU 4.4", "48 hours").
SHORT_EMERGENCY = {
    "000",
    "061",
    "080",
    "085",
    "091",
    "092",
    "100",
    "101",
    "102",
    "103",
    "108",
    "110",
    "111",
    "113",
    "115",
    "116",
    "117",
    "118",
    "119",
    "15",
    "17",
    "18",
    "190",
    "192",
    "193",
    "194",
    "197",
}
EMERGENCY_WORDS = (
    r"emergenc\w*|urgen\w*|notruf\w*|notfall\w*|notarzt\w*|rettung\w*|samu|secours|pompiers|"
    r"emergencia\w*|emergenz\w*|soccorso|ambulan\w*|polizei|police|polic[ií]a|polizia|feuerwehr"
)
NUMBER = r"\d{2,3}"
NUMBERS = rf"{NUMBER}(?:\s*(?:/|,|or|oder|ou|o|y|e)\s*{NUMBER})*"
# "Notruf 112", "emergency (15 / 112)", "urgence : 15", "servicios de emergencia, 061"
NEAR_WORD = re.compile(
    rf"(?:{EMERGENCY_WORDS})[^\w\n]{{0,3}}(?:\w+[^\w\n]{{1,3}}){{0,3}}?\(?\s*(?<![\d.,])({NUMBERS})(?![\d.,]\d)",
    re.IGNORECASE,
)
# "(15 / 112)": several short numbers in parentheses
GROUPED = re.compile(rf"\(\s*({NUMBER}(?:\s*[/,]\s*{NUMBER})+)\s*\)")
STANDALONE = re.compile(r"(?<![\w.,:/\-])(\d+)(?![\w]|[.,:/]\d)")

EU_FREQUENCY_TERMS = {
    "fr": re.compile(r"\bpeu\s+fr[ée]quent", re.IGNORECASE),
    "es": re.compile(r"\bpoco\s+frecuentes?\b", re.IGNORECASE),
    "it": re.compile(r"\bnon\s+comun[ei]\b", re.IGNORECASE),
}
CHOKING_NOT_ALONE = {"de": "verschlucken", "fr": "étouffement", "es": None, "it": "soffocamento"}
CHOKING_NEVER = {"fr": re.compile(r"étouff", re.IGNORECASE), "it": re.compile(r"soffoca", re.IGNORECASE)}

# The three levels (design.md §5): words of immediacy each translation must keep.
NOW_WORDS = {"de": "sofort", "fr": "tout de suite", "es": "ahora mismo", "it": "subito"}
EMERGENCY_NOW_WORDS = {"de": "sofort", "fr": "immédiatement", "es": "ahora mismo", "it": "subito"}
TODAY_WORDS = {"de": "heute", "fr": "aujourd’hui", "es": "hoy", "it": "oggi"}
# "passing or holding urine or stool": both halves, in the words of the leaflets.
PASSING_HOLDING = {
    "de": ("auszuscheiden", "halten"),
    "fr": ("uriner", "retenir"),
    "es": ("orinar", "retener"),
    "it": ("urinare", "trattenere"),
}
# raised intracranial pressure AND papilledema, two conditions, as in the leaflets.
INTRACRANIAL = {
    "de": ("Hirndruck", "Papillenödem"),
    "fr": ("hypertension intracrânienne", "œdème papillaire"),
    "es": ("presión intracraneal", "papiledema"),
    "it": ("pressione intracranica", "papilledema"),
}


def load(path: Path, language: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=language)


def catalogs():
    yield "pot", load(REPO / "translations" / "companion.pot")
    for language in LANGUAGES:
        yield language, load(REPO / "translations" / language / "LC_MESSAGES" / "companion.po", language)


def texts(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def translation(language: str, msgid: str) -> str:
    cat = load(REPO / "translations" / language / "LC_MESSAGES" / "companion.po", language)
    message = cat.get(msgid)
    assert message is not None, f"{msgid!r} is not in the {language} catalog"
    return message.string if isinstance(message.string, str) else message.string[0]


def emergency_numbers(text: str) -> list[str]:
    """The emergency phone numbers a text names (placeholders such as {number} are not numbers)."""
    text = PLACEHOLDER.sub("{}", text)
    found = [n for n in STANDALONE.findall(text) if n in ALWAYS_EMERGENCY]
    for pattern in (NEAR_WORD, GROUPED):
        for match in pattern.finditer(text):
            found += [
                n for n in re.findall(r"\d+", match.group(1)) if n in SHORT_EMERGENCY | ALWAYS_EMERGENCY
            ]
    return sorted(set(found))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Rufen Sie sofort den Notruf 112.", ["112"]),
        ("appelez les services d’urgence (15 / 112)", ["15", "112"]),
        ("llame a los servicios de emergencia (112)", ["112"]),
        ("chiami il 118", []),  # no emergency word next to it: a short number alone is not flagged
        ("chiami i servizi di emergenza (118)", ["118"]),
        ("Call 911 now.", ["911"]),
        ("Emergency: 000", ["000"]),
        ("emergency services ({number})", []),
        ("Spinal fluid removed: 15 mL", []),
        ("[US 5.1; EU 4.4] in the 48 hours before", []),
        ("between 1 and 30 years; 2026-11-12; dose 15 of 18", []),
        ("urgency: emergency", []),
    ],
)
def test_the_number_finder(text, numbers):
    assert sorted(emergency_numbers(text)) == sorted(numbers)


def test_no_emergency_number_in_any_catalog():
    problems = []
    for language, cat in catalogs():
        for message in cat:
            if not message.id:
                continue
            for text in texts(message.id) + texts(message.string):
                numbers = emergency_numbers(text)
                if numbers:
                    problems.append(f"{language}: {numbers} in {text!r}")
    assert not problems, "emergency numbers depend on the country, not the language:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", sorted(EU_FREQUENCY_TERMS))
def test_no_eu_frequency_term_for_serious_but_uncommon(language):
    cat = load(REPO / "translations" / language / "LC_MESSAGES" / "companion.po", language)
    pattern = EU_FREQUENCY_TERMS[language]
    bad = [s for m in cat if m.id for s in texts(m.string) if pattern.search(s)]
    assert not bad, f"EU frequency term (0.1-1 %) where the label gives none: {bad}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_choking_means_food_going_down_the_wrong_way(language):
    choking = translation(language, "Choking").strip().casefold()
    assert choking, "Choking is not translated"
    alone = CHOKING_NOT_ALONE[language]
    if alone:
        assert choking != alone, f"“{choking}” alone does not say: with trouble breathing"
    cat = load(REPO / "translations" / language / "LC_MESSAGES" / "companion.po", language)
    never = CHOKING_NEVER.get(language)
    if never:
        bad = [
            s
            for m in cat
            if m.id and any("chok" in t.casefold() for t in texts(m.id))
            for s in texts(m.string)
            if never.search(s)
        ]
        assert not bad, f"reads as suffocation: {bad}"
    hint = translation(language, "food or drink going down the wrong way, with trouble breathing")
    assert hint.strip(), "the hint for Choking is not translated"


def test_german_numbness_is_not_deafness():
    cat = load(REPO / "translations" / "de" / "LC_MESSAGES" / "companion.po", "de")
    bad = [s for m in cat if m.id for s in texts(m.string) if re.search(r"Taubheit(?!sgefühl)", s)]
    assert not bad, f"“Taubheit” means deafness; numbness is “Taubheitsgefühl”: {bad}"


def test_english_says_nausea_or_vomiting_not_feeling_sick():
    template = load(REPO / "translations" / "companion.pot")
    bad = [
        m.id for m in template if m.id for t in texts(m.id) if re.search(r"feel(ing)? sick|sickness", t, re.I)
    ]
    assert not bad, bad


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_three_levels_keep_their_force(language):
    services = translation(language, "emergency services")
    assert services and not re.search(r"\d", services)
    numbered = translation(language, "emergency services ({number})")
    assert "{number}" in numbered and not re.search(r"\d", PLACEHOLDER.sub("", numbered))
    today = translation(language, "Contact your care team today.")
    assert TODAY_WORDS[language] in today
    now = translation(
        language, "Contact your care team now. If you cannot reach them quickly, go to {services}."
    )
    assert NOW_WORDS[language] in now and "{services}" in now and TODAY_WORDS[language] not in now
    for msgid in (
        "Call {services} now.",
        "If this is happening now and is worse than usual, call {services} now.",
    ):
        text = translation(language, msgid)
        assert EMERGENCY_NOW_WORDS[language] in text and "{services}" in text, (msgid, text)
    unwell = translation(language, "If you cannot reach them and feel very unwell, call {services}.")
    assert "{services}" in unwell
    assert TODAY_WORDS[language] in translation(language, "contact your care team today")
    assert NOW_WORDS[language] in translation(language, "contact your care team now")
    emergency = translation(language, "call emergency services now")
    assert EMERGENCY_NOW_WORDS[language] in emergency
    assert services.casefold().split()[-1] in emergency.casefold()


@pytest.mark.parametrize("language", LANGUAGES)
def test_bladder_and_bowel_is_passing_or_holding(language):
    passing, holding = PASSING_HOLDING[language]
    for msgid in (
        "New trouble passing or holding urine or stool",
        "New numbness, tingling, shooting pain or weakness, or new trouble passing or holding urine or "
        "stool, can be a sign of inflammation of the spinal cord or nerve roots (myelitis or radiculitis), "
        "a serious but uncommon side effect of tofersen.",
    ):
        text = translation(language, msgid)
        assert passing in text and holding in text, (msgid, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_raised_intracranial_pressure_and_papilledema_are_two_conditions(language):
    cat = load(REPO / "translations" / language / "LC_MESSAGES" / "companion.po", language)
    checked = 0
    for message in cat:
        source = " ".join(texts(message.id))
        if "papilledema" in source.casefold() and "intracranial" in source.casefold():
            checked += 1
            for text in texts(message.string):
                for term in INTRACRANIAL[language]:
                    assert term.casefold() in text.casefold(), (term, text)
    assert checked


@pytest.mark.parametrize("language", LANGUAGES)
def test_nausea_or_vomiting_is_translated(language):
    words = {
        "de": ("Übelkeit", "Erbrechen"),
        "fr": ("Nausée", "vomissement"),
        "es": ("Náuseas", "vómitos"),
        "it": ("Nausea", "vomito"),
    }[language]
    text = translation(language, "Nausea or vomiting")
    assert all(w.casefold() in text.casefold() for w in words), text
