"""The patient information leaflet texts, ``resources/leaflet/<lang>.md`` (issue 4, design.md §6).

Judged against the brief and ``label-facts.md``, not against the texts: the headings, the numbers and
citations that English must carry, the forbidden claims (label-facts.md §7 and everything marked
UNCONFIRMED) are written out here. Every other language must then say the same things as English:
the same ``##`` sections in the same order, the same numbers and the same label citations in each
section. No Qt: the viewer is built elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from companion.core import leaflet

REPO_ROOT = Path(__file__).resolve().parent.parent
LEAFLET_DIR = REPO_ROOT / "resources" / "leaflet"
LANGS = ("en", "de", "fr", "es", "it")
OTHER_LANGS = tuple(lang for lang in LANGS if lang != "en")

# --- the specification, written out ------------------------------------------------------------

ENGLISH_HEADINGS = [
    "What tofersen is and who it is for",
    "How it is given",
    "Your dose schedule",
    "If a dose is missed or late",
    "Common side effects",
    "What to watch for after each dose",
    "Pregnancy and breastfeeding",
    "What to tell your care team",
    "What the studies showed",
    "Sources",
]
WATCH = 5  # 0-based position of "What to watch for after each dose" among the sections
SIDE_EFFECTS = 4
TELL = 7
STUDIES = 8
SOURCES = 9

# The heading red-flag banners and the home screen jump to, per language.
EXPECTED_WATCH_HEADINGS = {
    "en": "What to watch for after each dose",
    "de": "Worauf Sie nach jeder Dosis achten sollten",
    "fr": "Ce qu’il faut surveiller après chaque dose",
    "es": "A qué estar atento después de cada dosis",
    "it": "A cosa fare attenzione dopo ogni dose",
}

# The notice under the title: not a replacement for the pack leaflet, nor for the care team's advice.
NOTICE = {
    "en": ("does not replace the leaflet in the medicine pack", "advice of your care team"),
    "de": ("ersetzt nicht die Packungsbeilage", "Rat Ihres Behandlungsteams"),
    "fr": ("ne remplace pas la notice", "conseils de votre équipe soignante"),
    "es": ("no sustituye al prospecto", "consejos de su equipo médico"),
    "it": ("non sostituisce il foglio illustrativo", "consigli della sua équipe curante"),
}

# The terms patients in each country know (the brief).
LOCAL_TERMS = {
    "en": ("lumbar puncture", "spinal fluid"),
    "de": ("Lumbalpunktion", "Rückenmarksflüssigkeit", "Liquor"),
    "fr": ("ponction lombaire", "liquide céphalorachidien"),
    "es": ("punción lumbar", "líquido cefalorraquídeo"),
    "it": ("puntura lombare", "liquido cerebrospinale"),
}

# Section 6 must say: "serious but uncommon" (the intro and each of the three warnings), that the
# symptom lists come from consumer drug information, and when to call emergency services.
# Plain words, not the EU's frequency terms (fr "peu fréquent", es "poco frecuente", it "non comune"
# mean 0.1–1 %, which the label does not give for these warnings; issue 16).
SERIOUS_BUT_UNCOMMON = {
    "en": r"serious but uncommon",
    "de": r"schwerwiegend, aber nicht häufig",
    "fr": r"graves? mais peu courante?s?",
    "es": r"graves? pero poco habitual(?:es)?",
    "it": r"grav[ei] ma poco frequent[ei]",
}
WATCH_PHRASES = {
    "en": ("consumer drug information", "contact your care team", "call emergency services"),
    "de": ("für Verbraucher", "wenden Sie sich", "Notruf"),
    "fr": ("grand public", "contactez votre équipe soignante", "services d’urgence"),
    "es": ("para el público", "póngase en contacto", "servicios de emergencia"),
    "it": ("per il pubblico", "contatti la sua équipe curante", "servizi di emergenza"),
}

CHECKED_ON = {
    "en": "22 November 2026",
    "de": "22. November 2026",
    "fr": "22 novembre 2026",
    "es": "22 de noviembre de 2026",
    "it": "22 novembre 2026",
}

# Numbers English must carry, per section (a multiset each must include; citations come on top).
ENGLISH_REQUIRED_NUMBERS = {
    0: ["1", "18"],  # SOD1; under 18
    1: ["100", "15", "10", "1", "3"],  # 100 mg in 15 mL; about 10 mL removed; 1–3 minutes
    2: ["3", "14", "28", "1", "15", "29", "57", "85"],
    3: ["2", "3", "14", "28"],  # a late dose 2 moves dose 3 by 14 days; later doses by 28
    8: ["55", "28", "12", "2023", "31", "2024", "28", "1", "4", "2022", "2025"],
    9: ["215887", "2023", "4.3", "2022", "2025", "22", "2026", "4", "2026"],
}

# The label citations each English section must carry (label-facts.md §1–§5).
ENGLISH_CITATIONS = {
    0: {"[US 8.4; EU 4.2]"},
    1: {"[US 2.1; EU 4.2]", "[US 2.2; EU 4.2]"},
    2: {"[US 2.1; EU 4.2]"},
    3: {"[US 2.1; EU 4.2]"},
    4: {"[US 6.1]", "[EU 4.4]"},
    5: {"[US 5.1–5.3; EU 4.4]", "[US 5.1; EU 4.4]", "[US 5.2; EU 4.4]", "[US 5.3]"},
    6: {"[US 8.1]", "[US 8.2]"},
    7: {"[EU 4.3]", "[EU 4.4–4.5]", "[EU 4.2]", "[EU 4.5]", "[EU 4.4]"},
    8: {"[US 14]", "[US 1]"},
    9: set(),
}
# Every label section label-facts.md cites; a citation to anything else is not backed by it.
KNOWN_US = {"1", "2.1", "2.2", "5.1", "5.2", "5.3", "5.1–5.3", "6.1", "8.1", "8.2", "8.4", "14"}
KNOWN_EU = {"4.2", "4.3", "4.4", "4.5", "4.4–4.5"}

# Claims that must never appear, in any language (case-insensitive). label-facts.md §7 and UNCONFIRMED.
FORBIDDEN = {
    # Kidney or liver impairment "not studied" [EU 4.2] may be said (see the test of it), not tests.
    "liver tests or liver enzymes (§7)": [
        r"liver (?:tests?|enzymes?|function|values|blood tests?|checks?)",
        r"\bLFTs?\b",
        r"leberwert",
        r"leberfunktion",
        r"lebertest",
        r"(?:bilan|tests?|fonction|examens?) hépatiques?",
        r"(?:pruebas?|función|análisis|perfil) hepátic[oa]s?",
        r"(?:pruebas?|análisis) del hígado",
        r"(?:esami|test|funzione|funzionalità) (?:del fegato|epatic[ai])",
        r"enzym",
        r"enzim",
        r"transamin",
        r"quarterly|vierteljährlich|trimestriel|trimestral",
    ],
    '"not recommended" with bleeding disorders or anticoagulants (§7)': [
        r"not recommended",
        r"nicht (zu )?empfohlen",
        r"nicht empfehlenswert",
        r"non recommandé",
        r"déconseillé",
        r"no (se )?recomiend",
        r"no recomendad",
        r"no es recomendable",
        r"non (è )?raccomandat",
        r"sconsigliat",
    ],
    'the seed article\'s "within 14 days, then every 4 weeks" missed-dose rule (§7)': [
        r"within 14 days",
        r"innerhalb (von )?14 tag",
        r"binnen 14 tag",
        r"(dans les|dans un délai de|sous) 14 jours",
        r"(dentro de|en) (los )?14 días",
        r"(entro|nei) (i )?14 giorni",
        r"\b4 (weeks|wochen|semaines|semanas|settimane)\b",
    ],
    "infusion (it is a 1–3 minute injection, §7)": [
        r"infus",
        r"perfus",
        r"goutte-à-goutte",
        r"\bgoteo",
        r"\bflebo",
    ],
    "ALSFRS-R ≥ 30 for eligibility (§7)": [r"[≥>]=?\s*30\b", r"ALSFRS-R[^\n]{0,60}\b30\b"],
    "18 % lower mortality, 31 % NfL decrease (§7)": [r"\b18\s*%", r"\b31\s*%", r"mortal"],
    "storage temperatures (UNCONFIRMED, §1)": [r"°", r"celsius", r"fahrenheit"],
    "side-effect percentages (UNCONFIRMED, §3)": [r"\b(?:42|22|17|6|14|8|3|0|10)\s*%"],
}

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
CITATION = re.compile(r"\[(?:US|EU) [^\]]*\]")
HEADING = re.compile(r"^## (?!#)(.+?)\s*$", re.MULTILINE)


# --- helpers -----------------------------------------------------------------------------------


def _text(lang: str) -> str:
    return (LEAFLET_DIR / f"{lang}.md").read_text(encoding="utf-8")


def _split(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The part before the first ``##`` heading, and the (heading, body) of each section."""
    parts = re.split(r"^## (?!#)", text, flags=re.MULTILINE)
    sections = []
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        sections.append((heading.strip(), body))
    return parts[0], sections


def _bodies(lang: str) -> list[str]:
    return [body for _heading, body in _split(_text(lang))[1]]


def _numbers(text: str) -> Counter[str]:
    return Counter(n.replace(",", ".") for n in NUMBER.findall(text))


def _citations(text: str) -> list[str]:
    return CITATION.findall(text)


# --- structure -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_file_exists_and_is_plain_markdown(lang):
    text = _text(lang)
    lines = text.splitlines()
    assert lines[0].startswith("# ") and not lines[0].startswith("##"), "the title comes first"
    assert sum(1 for line in lines if re.match(r"#(?!#) ", line)) == 1, "one title"
    assert not re.search(r"<[A-Za-z/!]", text), "no HTML"
    assert not any(line.lstrip().startswith("|") for line in lines), "no tables"
    assert "![" not in text, "no images"
    assert not re.search(r"\]\(|https?:|www\.", text), "no links"
    assert not re.search(r"^#{3,} ", text, re.MULTILINE), "only # and ## headings"


def test_english_headings_are_exactly_the_briefs():
    assert [h for h, _ in _split(_text("en"))[1]] == ENGLISH_HEADINGS


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_same_number_of_sections_as_english(lang):
    assert len(_split(_text(lang))[1]) == len(ENGLISH_HEADINGS)


@pytest.mark.parametrize("lang", LANGS)
def test_watch_section_heading_is_stable(lang):
    headings = [h for h, _ in _split(_text(lang))[1]]
    assert headings[WATCH] == EXPECTED_WATCH_HEADINGS[lang]
    assert headings.count(EXPECTED_WATCH_HEADINGS[lang]) == 1
    assert len(set(headings)) == len(headings), "headings are unique, so the viewer can find each"


def test_module_exports_match_the_files():
    assert tuple(leaflet.LEAFLET_LANGUAGES) == LANGS
    assert leaflet.FALLBACK_LANGUAGE == "en"
    assert leaflet.WATCH_SECTION_HEADINGS == EXPECTED_WATCH_HEADINGS
    assert leaflet.WATCH_SECTION_INDEX == WATCH
    for lang in LANGS:
        text = _text(lang)
        assert leaflet.section_headings(text) == [h for h, _ in _split(text)[1]]
        assert (
            leaflet.section_headings(text)[leaflet.WATCH_SECTION_INDEX]
            == (leaflet.WATCH_SECTION_HEADINGS[lang])
        )


@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_path_finds_each_language(lang):
    path = leaflet.leaflet_path(lang)
    assert path.is_file()
    assert path.resolve() == (LEAFLET_DIR / f"{lang}.md").resolve()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de_DE.UTF-8", "de"),
        ("fr-CH", "fr"),
        ("ES", "es"),
        ("it_IT@euro", "it"),
        ("pt", "en"),
        ("xx", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_leaflet_path_normalises_and_falls_back_to_english(code, expected):
    assert leaflet.leaflet_path(code).resolve() == (LEAFLET_DIR / f"{expected}.md").resolve()


# --- the same facts in every language ----------------------------------------------------------


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_numbers_match_english_section_by_section(lang):
    english_pre, english = _split(_text("en"))
    other_pre, other = _split(_text(lang))
    assert _numbers(other_pre) == _numbers(english_pre), "before the first section"
    for index, ((heading, en_body), (_h, body)) in enumerate(zip(english, other, strict=True)):
        assert _numbers(body) == _numbers(en_body), f"section {index + 1} ({heading})"


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_citations_match_english_section_by_section(lang):
    english_pre, english = _split(_text("en"))
    other_pre, other = _split(_text(lang))
    assert _citations(other_pre) == _citations(english_pre)
    for index, ((heading, en_body), (_h, body)) in enumerate(zip(english, other, strict=True)):
        assert _citations(body) == _citations(en_body), f"section {index + 1} ({heading})"


@pytest.mark.parametrize(("section", "required"), sorted(ENGLISH_REQUIRED_NUMBERS.items()))
def test_english_carries_the_briefs_numbers(section, required):
    numbers = _numbers(_bodies("en")[section])
    missing = Counter(required) - numbers
    assert not missing, f"section {section + 1} lacks {sorted(missing.elements())}"


def test_english_cites_the_label_sections_label_facts_gives():
    bodies = _bodies("en")
    for index, expected in ENGLISH_CITATIONS.items():
        assert set(_citations(bodies[index])) == expected, f"section {index + 1}"
    for citation in _citations(_text("en")):
        for part in citation.strip("[]").split("; "):
            source, _, number = part.partition(" ")
            assert number in (KNOWN_US if source == "US" else KNOWN_EU), citation


# --- what must and must not be said ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("claim", sorted(FORBIDDEN))
def test_no_forbidden_claim(lang, claim):
    text = _text(lang)
    for pattern in FORBIDDEN[claim]:
        match = re.search(pattern, text, re.IGNORECASE)
        assert match is None, f"{lang}: {claim}: {match.group(0)!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_only_the_nfl_percentages_are_printed(lang):
    percentages = re.findall(r"(\d+(?:[.,]\d+)?)\s*%", _text(lang))
    assert sorted(percentages) == ["12", "55"]
    assert "%" not in _bodies(lang)[SIDE_EFFECTS], "side effects are named without percentages"


@pytest.mark.parametrize("lang", LANGS)
def test_warnings_print_no_counts(lang):
    body = _bodies(lang)[WATCH]
    assert not re.search(r"\d", CITATION.sub("", body)), "no case counts in the warnings section"


@pytest.mark.parametrize("lang", LANGS)
def test_watch_section_says_what_the_brief_asks(lang):
    body = _bodies(lang)[WATCH]
    assert len(re.findall(SERIOUS_BUT_UNCOMMON[lang], body, re.IGNORECASE)) >= 4, (
        "the section and each of the three warnings say 'serious but uncommon'"
    )
    for phrase in WATCH_PHRASES[lang]:
        assert phrase.lower() in body.lower(), phrase


@pytest.mark.parametrize("lang", LANGS)
def test_notice_at_the_top(lang):
    text = _text(lang)
    top = text[:600].lower()
    preamble = _split(text)[0].lower()
    for phrase in NOTICE[lang]:
        assert phrase.lower() in top, phrase
        assert phrase.lower() in preamble, phrase


@pytest.mark.parametrize("lang", LANGS)
def test_name_pronunciation_and_brand(lang):
    first = _bodies(lang)[0]
    assert "toe-FER-sen" in first
    assert "Qalsody" in first


@pytest.mark.parametrize("lang", LANGS)
def test_local_terms(lang):
    text = _text(lang)
    for term in LOCAL_TERMS[lang]:
        assert term in text, term


@pytest.mark.parametrize("lang", LANGS)
def test_sources_carry_the_check_date_and_the_label_numbers(lang):
    sources = _bodies(lang)[SOURCES]
    assert CHECKED_ON[lang] in sources
    for needle in ("NDA 215887", "Miller et al., NEJM 2022", "Miller et al., JAMA Neurology"):
        assert needle in sources, needle


# --- no emergency phone number (issue 16) ----------------------------------------------------------

# Emergency and urgent-care numbers of the countries that speak these five languages, and of others
# patients may live in. A language does not tell the country, so the leaflets say "emergency
# services" and print no number at all (the app shows the number the user entered in Settings).
EMERGENCY_NUMBERS = frozenset(
    {
        "112", "911", "999", "000", "111",  # EU and others; North America; UK, Ireland; Australia; NZ
        "110", "116117", "19222",  # Germany: police; on-call doctors; ambulance (old)
        "144", "133", "122", "141",  # Austria, Switzerland: ambulance; police; fire; doctors
        "117", "118", "1414", "145",  # Switzerland: police; fire; air rescue; poison
        "15", "17", "18", "114", "115",  # France: SAMU; police; fire; deaf; homeless
        "100", "101",  # Belgium: ambulance (old); police
        "113",  # Italy, Luxembourg: police
        "061", "091", "092", "080", "085",  # Spain: health emergencies; police; fire
        "107", "123", "131", "105", "116", "171", "065", "066",  # Latin America
    }
)  # fmt: skip
# A number that is not a phone number: a quantity with its unit or time, an age limit, a date, the
# label's dose days ("day 1, 15, 29 …"). Citations and decimals ("5.3", "4.4–4.5") are masked first.
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_NOT_A_PHONE_NUMBER = [
    r"\[(?:US|EU) [^\]]*\]",  # a label citation
    r"\d+(?:[.,]\d+)+",  # a decimal or a section number
    r"\b1, 15, 29(?:, \d+)*",  # the label's dose days
    r"\d+\s*(?:mg|ml|minut\w*|%)",  # a quantity (matched ignoring case)
    r"\d+\.?\s+(?:" + _MONTHS + r")\b",  # a day of a month
    r"(?:under|unter|moins de|menores de|sotto i)\s+18\b",  # the age limit of the label
]
_STANDING_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d]|[.,]\d)")


def emergency_numbers_in(text: str) -> list[str]:
    """The emergency numbers that stand alone in ``text`` (not part of a quantity, date or citation)."""
    for pattern in _NOT_A_PHONE_NUMBER:
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return [n for n in _STANDING_NUMBER.findall(text) if n in EMERGENCY_NUMBERS]


@pytest.mark.parametrize(
    "text",
    [
        "If you cannot reach them, call emergency services (112).",
        "rufen Sie den Notruf 112.",
        "appelez les urgences (15 / 112).",
        "appelez le 15.",
        "llame a emergencias (112) o al 061.",
        "chiami il 118.",
        "In the US call 911; in the UK, 999; in Australia, 000.",
        "In der Schweiz: 144.",
        "Bereitschaftsdienst 116117",
    ],
)
def test_the_emergency_number_check_finds_a_number(text):
    assert emergency_numbers_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "[US 5.1–5.3; EU 4.4] and [US 8.4; EU 4.2]",
        "Sections used: 1, 2.1, 2.2, 5.1–5.3, 6.1, 8.1, 8.2, 8.4 and 14.",
        "Each dose is 100 mg of tofersen in 15 mL of liquid.",
        "on day 1, 15, 29, 57, 85, and so on",
        "in people under 18.",
        "bei Menschen unter 18 Jahren",
        "de moins de 18 ans",
        "menores de 18 años",
        "sotto i 18 anni",
        "Text checked on 22 November 2026 and on 4. Dezember 2026; authorised on 31 May 2024.",
        "over 1–3 minutes",
        "about 55% lower at week 28",
    ],
)
def test_the_emergency_number_check_passes_quantities_ages_dates_and_citations(text):
    assert emergency_numbers_in(text) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_emergency_number_in_any_leaflet(lang):
    """A language does not tell the country (112, 911, 999, 144 …): say "emergency services"."""
    assert emergency_numbers_in(_text(lang)) == []


# --- aseptic meningitis is in the US label only (issue 16, label-facts.md §2) ---------------------

ASEPTIC_MENINGITIS = {
    "en": "aseptic meningitis",
    "de": "aseptische meningitis",
    "fr": "méningite aseptique",
    "es": "meningitis aséptica",
    "it": "meningite asettica",
}


@pytest.mark.parametrize("lang", LANGS)
def test_aseptic_meningitis_cites_the_us_label_only(lang):
    """EU SmPC 4.4 names myelitis/radiculitis and raised intracranial pressure, not aseptic meningitis."""
    paragraphs = [p for p in _text(lang).split("\n\n") if ASEPTIC_MENINGITIS[lang] in p.lower()]
    assert paragraphs, "the warning is there"
    for paragraph in paragraphs:
        citations = _citations(paragraph)
        assert "[US 5.3]" in citations, paragraph
        assert not any("EU" in c for c in citations), paragraph


# --- what to watch for: levels of urgency and plain words (issue 16, design.md §5) -------------

# EU QRD frequency terms (0.1–1 % and rarer), which the label does not give for these warnings.
EU_FREQUENCY_TERMS = {
    "en": [r"\brare\b", r"\bvery rare\b"],
    "de": [r"gelegentlich", r"\bselten"],
    "fr": [r"peu fréquent", r"\brares?\b", r"\bfréquente?s?\b"],
    "es": [r"poco frecuente", r"\brar[oa]s?\b", r"\bfrecuentes?\b"],
    "it": [r"non comun[ei]", r"\brar[oaie]\b", r"\bcomun[ei]\b"],
}
# Whole-text terms: these have no other use in a leaflet (the side effects section says "most common").
EU_FREQUENCY_TERMS_ANYWHERE = {
    "en": [],
    "de": [r"gelegentlich"],
    "fr": [r"peu fréquent"],
    "es": [r"poco frecuente"],
    "it": [r"non comun[ei]"],
}

# "These reactions can start at any time during treatment, not only right after a dose."
ANY_TIME = {
    "en": ("at any time during treatment, not only right after a dose", "after a dose"),
    "de": (
        "jederzeit während der behandlung beginnen, nicht nur direkt nach einer dosis",
        "nach einer dosis",
    ),
    "fr": ("à tout moment pendant le traitement, pas seulement juste après une dose", "après une dose"),
    "es": (
        "en cualquier momento del tratamiento, no solo justo después de una dosis",
        "después de una dosis",
    ),
    "it": ("in qualsiasi momento durante il trattamento, non solo subito dopo una dose", "dopo una dose"),
}

# The three levels, in design.md §5's words, and the signs of each (lower case).
LEVELS = {
    "en": (
        "contact your care team today",
        "contact your care team now; if you cannot reach them quickly, go to emergency services",
        "call emergency services now",
    ),
    "de": (
        "wenden sie sich heute an ihr behandlungsteam",
        "wenden sie sich sofort an ihr behandlungsteam; wenn sie es nicht schnell erreichen, rufen sie den "
        "notruf oder gehen sie in eine notaufnahme",
        "rufen sie sofort den notruf",
    ),
    "fr": (
        "contactez votre équipe soignante aujourd’hui",
        "contactez votre équipe soignante tout de suite ; si vous ne pouvez pas la joindre rapidement, "
        "adressez-vous aux services d’urgence",
        "appelez immédiatement les services d’urgence",
    ),
    "es": (
        "póngase en contacto hoy con su equipo médico",
        "póngase en contacto ahora mismo con su equipo médico; si no puede localizarlo rápidamente, acuda a "
        "los servicios de emergencia",
        "llame ahora mismo a los servicios de emergencia",
    ),
    "it": (
        "contatti la sua équipe curante oggi",
        "contatti subito la sua équipe curante; se non riesce a raggiungerla rapidamente, si rivolga ai "
        "servizi di emergenza",
        "chiami subito i servizi di emergenza",
    ),
}
LEVEL_SIGNS = {
    "en": (
        [
            "new numbness or tingling",
            "new shooting pain along an arm or a leg",
            "nausea or vomiting (severe)",
            "a fever (moderate or severe)",
            "a fever together with a headache",
            "a stiff neck (moderate or severe)",
            "a headache (moderate or severe) together with a stiff neck",
        ],
        [
            "new weakness that came on over hours or days",
            "new trouble passing or holding urine or stool",
            "changes in your vision",
            "confusion",
            "a headache (severe) together with nausea or vomiting",
            "a fever together with a stiff neck",
        ],
        ["difficulty breathing (severe)", "choking (severe)"],
    ),
    "de": (
        [
            "neues taubheitsgefühl oder kribbeln",
            "neue einschießende schmerzen entlang eines arms oder beins",
            "übelkeit oder erbrechen (schwer)",
            "fieber (mittel oder schwer)",
            "fieber zusammen mit kopfschmerzen",
            "ein steifer nacken (mittel oder schwer)",
            "kopfschmerzen (mittel oder schwer) zusammen mit einem steifen nacken",
        ],
        [
            "neue schwäche, die innerhalb von stunden oder tagen entstanden ist",
            "neue schwierigkeiten, urin oder stuhl auszuscheiden oder zu halten",
            "veränderungen beim sehen",
            "verwirrtheit",
            "kopfschmerzen (schwer) zusammen mit übelkeit oder erbrechen",
            "fieber zusammen mit einem steifen nacken",
        ],
        ["atemnot (schwer)", "verschlucken (schwer)"],
    ),
    "fr": (
        [
            "un engourdissement ou des fourmillements nouveaux",
            "une douleur fulgurante nouvelle le long d’un bras ou d’une jambe",
            "des nausées ou vomissements (sévères)",
            "de la fièvre (modérée ou sévère)",
            "de la fièvre avec un mal de tête",
            "une raideur de la nuque (modérée ou sévère)",
            "un mal de tête (modéré ou sévère) avec une raideur de la nuque",
        ],
        [
            "une faiblesse nouvelle, apparue en quelques heures ou quelques jours",
            "nouvelles difficultés pour uriner ou aller à la selle, ou pour retenir les urines ou les selles",
            "des changements de la vue",
            "une confusion",
            "un mal de tête (sévère) avec des nausées ou des vomissements",
            "de la fièvre avec une raideur de la nuque",
        ],
        ["une difficulté à respirer (sévère)", "une fausse route (sévère)"],
    ),
    "es": (
        [
            "entumecimiento u hormigueo nuevos",
            "dolor nuevo como una descarga que recorre un brazo o una pierna",
            "náuseas o vómitos (graves)",
            "fiebre (moderada o grave)",
            "fiebre junto con dolor de cabeza",
            "rigidez en el cuello (moderada o grave)",
            "dolor de cabeza (moderado o grave) junto con rigidez en el cuello",
        ],
        [
            "debilidad nueva que ha aparecido en horas o días",
            "dificultades nuevas para orinar o defecar, o para retener la orina o las heces",
            "cambios en la vista",
            "confusión",
            "dolor de cabeza (grave) junto con náuseas o vómitos",
            "fiebre junto con rigidez en el cuello",
        ],
        ["dificultad para respirar (grave)", "atragantamiento (grave)"],
    ),
    "it": (
        [
            "intorpidimento o formicolio nuovi",
            "un nuovo dolore a scossa lungo un braccio o una gamba",
            "nausea o vomito (grave)",
            "febbre (moderata o grave)",
            "febbre insieme a mal di testa",
            "rigidità del collo (moderata o grave)",
            "mal di testa (moderato o grave) insieme a rigidità del collo",
        ],
        [
            "debolezza nuova, comparsa nel giro di ore o giorni",
            "nuove difficoltà a urinare o a evacuare, o a trattenere l’urina o le feci",
            "cambiamenti della vista",
            "confusione",
            "mal di testa (grave) insieme a nausea o vomito",
            "febbre insieme a rigidità del collo",
        ],
        ["difficoltà a respirare (grave)", "cibo o bevande che vanno di traverso (grave)"],
    ),
}
# The levels are no diagnosis, and the most urgent level that fits wins.
LEVEL_RULES = {
    "en": ("not a diagnosis", "follow the most urgent"),
    "de": ("keine diagnose", "nach der dringendsten"),
    "fr": ("pas un diagnostic", "suivez le plus urgent"),
    "es": ("no son un diagnóstico", "siga el más urgente"),
    "it": ("non sono una diagnosi", "segua il più urgente"),
}

# Bladder and bowel: passing as well as holding (not being able to pass urine is the classic sign).
BLADDER_BOWEL = {
    "en": "new trouble passing or holding urine or stool",
    "de": "neue schwierigkeiten, urin oder stuhl auszuscheiden oder zu halten",
    "fr": "nouvelles difficultés pour uriner ou aller à la selle, ou pour retenir les urines ou les selles",
    "es": "dificultades nuevas para orinar o defecar, o para retener la orina o las heces",
    "it": "nuove difficoltà a urinare o a evacuare, o a trattenere l’urina o le feci",
}
BLADDER_BOWEL_HOLDING_ONLY = {
    "en": [r"loss of (?:bladder |bowel )?control", r"(?:trouble|difficulty) holding"],
    "de": [r"schwierigkeiten, urin oder stuhl zu halten"],
    "fr": [r"difficulté à retenir"],
    "es": [r"aguantar la orina", r"pérdida del control"],
    "it": [r"difficoltà a trattenere"],
}
# The label says "nausea or vomiting"; "feeling sick" / "sickness" reads as "ill" in US English.
NAUSEA_VOMITING = {
    "en": "nausea or vomiting",
    "de": "übelkeit oder erbrechen",
    "fr": "nausées ou vomissements",
    "es": "náuseas o vómitos",
    "it": "nausea o vomito",
}
# Choking: food or drink going down the wrong way, with trouble breathing (not suffocation).
CHOKING = {
    "en": ("food or drink going down the wrong way", "trouble breathing"),
    "de": ("in den falschen hals", "atemnot"),
    "fr": ("fausse route", "passe de travers", "mal à respirer"),
    "es": ("atragantamiento", "por el otro lado", "dificultad para respirar"),
    "it": ("vanno di traverso", "difficoltà a respirare"),
}
CHOKING_WRONG = {
    "en": [],
    "de": [r"verschluck(?!en \(schwer\): essen oder trinken gerät in den falschen hals)"],
    "fr": [r"étouff"],
    "es": [],
    "it": [r"soffoca"],
}
# The app's warnings show the emergency number the user entered; the leaflet prints none.
SETTINGS_NUMBER = {
    "en": "the emergency number you entered in settings",
    "de": "die notrufnummer, die sie in den einstellungen eingetragen haben",
    "fr": "le numéro d’urgence que vous avez saisi dans les paramètres",
    "es": "el número de emergencia que haya introducido en ajustes",
    "it": "il numero di emergenza che ha inserito nelle impostazioni",
}


def _watch(lang: str) -> str:
    return _bodies(lang)[WATCH].lower()


def _level_parts(lang: str) -> list[str]:
    """The watch section cut at the three level instructions: today, now, emergency."""
    body = _watch(lang)
    starts = []
    for phrase in LEVELS[lang]:
        assert body.count(phrase) == 1, f"{lang}: the level wording once, exactly: {phrase!r}"
        starts.append(body.index(phrase))
    assert starts == sorted(starts), "today, then now, then emergency"
    return [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]


@pytest.mark.parametrize("lang", LANGS)
def test_no_eu_frequency_term_for_the_warnings(lang):
    watch = _watch(lang)
    for pattern in EU_FREQUENCY_TERMS[lang]:
        assert not re.search(pattern, watch, re.IGNORECASE), pattern
    text = _text(lang).lower()
    for pattern in EU_FREQUENCY_TERMS_ANYWHERE[lang]:
        assert not re.search(pattern, text), pattern


@pytest.mark.parametrize("lang", LANGS)
def test_reactions_can_start_at_any_time_during_treatment(lang):
    whole, after_a_dose = ANY_TIME[lang]
    watch = _watch(lang)
    assert whole in watch
    assert watch.count(after_a_dose) == watch.count(whole), "never 'after a dose' alone"


@pytest.mark.parametrize("lang", LANGS)
def test_three_levels_of_urgency_with_their_signs(lang):
    parts = _level_parts(lang)
    for level, signs, part in zip(("today", "now", "emergency"), LEVEL_SIGNS[lang], parts, strict=True):
        for sign in signs:
            assert sign in part, f"{lang}: level {level} lists {sign!r}"
    watch = _watch(lang)
    for phrase in LEVEL_RULES[lang]:
        assert phrase in watch, phrase


@pytest.mark.parametrize("lang", LANGS)
def test_bladder_and_bowel_means_passing_or_holding(lang):
    watch = _watch(lang)
    assert watch.count(BLADDER_BOWEL[lang]) >= 2, "in the warning and in level now"
    for pattern in BLADDER_BOWEL_HOLDING_ONLY[lang]:
        assert not re.search(pattern, _text(lang).lower()), pattern


@pytest.mark.parametrize("lang", LANGS)
def test_nausea_or_vomiting_in_plain_words(lang):
    assert NAUSEA_VOMITING[lang] in _watch(lang)
    assert not re.search(r"feeling sick|sickness|\bsick\b", _text(lang), re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGS)
def test_choking_means_food_or_drink_going_down_the_wrong_way(lang):
    emergency = _level_parts(lang)[2]
    for phrase in CHOKING[lang]:
        assert phrase in emergency, phrase
    for pattern in CHOKING_WRONG[lang]:
        assert not re.search(pattern, _text(lang).lower()), pattern


@pytest.mark.parametrize("lang", LANGS)
def test_emergency_services_and_the_number_entered_in_settings(lang):
    assert SETTINGS_NUMBER[lang] in _watch(lang)


# --- what to tell the care team (issue 16, label-facts.md §2 and §4) ----------------------------

# "Blood thinners" includes aspirin and clopidogrel, not only anticoagulants.
BLOOD_THINNERS = {
    "en": ("medicines that thin the blood", "aspirin", "clopidogrel"),
    "de": ("arzneimittel nehmen, die das blut verdünnen", "acetylsalicylsäure", "clopidogrel"),
    "fr": ("médicaments qui fluidifient le sang", "aspirine", "clopidogrel"),
    "es": ("medicamentos que hacen la sangre más fluida", "aspirina", "clopidogrel"),
    "it": ("medicinali che rendono il sangue più fluido", "aspirina", "clopidogrel"),
}
# The EU label's only contraindication [EU 4.3], in the words of the EU package leaflets.
HYPERSENSITIVITY = {
    "en": "allergic (hypersensitive) to tofersen or to any of the other ingredients",
    "de": "allergisch (überempfindlich) gegen tofersen oder einen der sonstigen bestandteile",
    "fr": "allergique (hypersensible) au tofersen ou à l’un des autres composants",
    "es": "alérgico (hipersensible) a tofersen o a alguno de los demás componentes",
    "it": "allergico (ipersensibile) a tofersen o a uno qualsiasi degli altri componenti",
}
# Kidney or liver impairment: not studied, no dose guidance [EU 4.2].
KIDNEY_LIVER = {
    "en": ("not been studied in people with kidney or liver problems", "no dose advice"),
    "de": ("bei menschen mit nieren- oder leberproblemen nicht untersucht", "keine angaben zur dosis"),
    "fr": (
        "n’a pas été étudié chez les personnes qui ont des problèmes de reins ou de foie",
        "pas d’indication de dose",
    ),
    "es": (
        "no se ha estudiado en personas con problemas de riñón o de hígado",
        "no da indicaciones de dosis",
    ),
    "it": (
        "non è stato studiato nelle persone con problemi ai reni o al fegato",
        "non danno indicazioni sulla dose",
    ),
}
LIVER_WORDS = {
    "en": r"\bliver\b",
    "de": r"leber",
    "fr": r"\bfoie\b|hépati",
    "es": r"hígado|hepáti",
    "it": r"fegato|epatic",
}
# EU 4.4 class effects: the leaflet says the team may check blood and urine, nothing more.
BLOOD_AND_URINE = {
    "en": "your care team may check your blood and urine",
    "de": "ihr behandlungsteam kann ihr blut und ihren urin untersuchen",
    "fr": "votre équipe soignante peut vous faire faire des analyses de sang et d’urine",
    "es": "su equipo médico puede hacerle análisis de sangre y de orina",
    "it": "la sua équipe curante può farle fare esami del sangue e delle urine",
}
CLASS_EFFECT_DETAILS = (
    r"platelet|thrombozyt|blutplättchen|plaquette|plaqueta|piastrin|toxi|tossic|clotting|gerinnung"
)


def _line_with(lang: str, section: int, phrase: str) -> str:
    lines = [line for line in _bodies(lang)[section].splitlines() if phrase in line.lower()]
    assert len(lines) == 1, f"{lang}: one line says {phrase!r}"
    return lines[0]


@pytest.mark.parametrize("lang", LANGS)
def test_blood_thinners_include_aspirin(lang):
    phrase, *examples = BLOOD_THINNERS[lang]
    line = _line_with(lang, TELL, phrase)
    for example in examples:
        assert example in line.lower(), example
    assert "[EU 4.4–4.5]" in line
    assert not re.search(r"\((?:anticoagulant[ie]?s?)\)", _text(lang), re.IGNORECASE), (
        "not glossed as one class"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_eu_contraindication_hypersensitivity(lang):
    line = _line_with(lang, TELL, HYPERSENSITIVITY[lang])
    assert "[EU 4.3]" in line


@pytest.mark.parametrize("lang", LANGS)
def test_kidney_and_liver_not_studied_and_liver_said_nowhere_else(lang):
    not_studied, no_dose = KIDNEY_LIVER[lang]
    line = _line_with(lang, TELL, not_studied)
    assert no_dose in line.lower()
    assert "[EU 4.2]" in line
    for other in _text(lang).splitlines():
        if re.search(LIVER_WORDS[lang], other, re.IGNORECASE):
            assert other == line, f"the liver only where the label says it was not studied: {other!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_care_team_may_check_blood_and_urine_nothing_more(lang):
    line = _line_with(lang, TELL, BLOOD_AND_URINE[lang])
    assert "[EU 4.4]" in line
    assert not re.search(CLASS_EFFECT_DETAILS, _text(lang), re.IGNORECASE)


# --- approvals and the check dates (issue 16, label-facts.md header) ----------------------------

US_APPROVAL = {
    "en": ("accelerated approval", "april 2023"),
    "de": ("beschleunigte zulassung", "april 2023"),
    "fr": ("autorisation accélérée", "avril 2023"),
    "es": ("aprobación acelerada", "abril de 2023"),
    "it": ("approvazione accelerata", "aprile 2023"),
}
# The EU's own terms: authorisation under exceptional circumstances; orphan medicine.
EU_APPROVAL = {
    "en": ("european commission", "31 may 2024", "under exceptional circumstances", "orphan medicine"),
    "de": (
        "europäische kommission",
        "31. mai 2024",
        "unter außergewöhnlichen umständen",
        "arzneimittel für seltene leiden",
    ),
    "fr": (
        "commission européenne",
        "31 mai 2024",
        "dans des circonstances exceptionnelles",
        "médicament orphelin",
    ),
    "es": (
        "comisión europea",
        "31 de mayo de 2024",
        "en circunstancias excepcionales",
        "medicamento huérfano",
    ),
    "it": ("commissione europea", "31 maggio 2024", "in circostanze eccezionali", "medicinale orfano"),
}
RECHECKED_ON = {
    "en": "4 December 2026",
    "de": "4. Dezember 2026",
    "fr": "4 décembre 2026",
    "es": "4 de diciembre de 2026",
    "it": "4 dicembre 2026",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_eu_authorisation_beside_the_us_accelerated_approval(lang):
    studies = _bodies(lang)[STUDIES].lower()
    for phrase in (*US_APPROVAL[lang], *EU_APPROVAL[lang]):
        assert phrase in studies, phrase


@pytest.mark.parametrize("lang", LANGS)
def test_sources_carry_the_recheck_date(lang):
    sources = _bodies(lang)[SOURCES]
    assert sources.index(CHECKED_ON[lang]) < sources.index(RECHECKED_ON[lang])


def test_sources_list_every_label_section_the_text_cites():
    sources = _bodies("en")[SOURCES]
    listed = set(NUMBER.findall(sources))
    for first, major, last in re.findall(r"\b((\d+)\.\d+)–\2\.(\d+)\b", sources):  # 5.1–5.3
        listed.update(f"{major}.{minor}" for minor in range(int(first.split(".")[1]), int(last) + 1))
    for citation in _citations(_text("en")):
        for part in citation.strip("[]").split("; "):
            for number in part.partition(" ")[2].split("–"):
                assert number in listed, citation
