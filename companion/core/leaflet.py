"""The patient information leaflet: its languages, its files, and the section the app links to.

The texts are Markdown files, ``resources/leaflet/<lang>.md``, written from ``label-facts.md``. Every
language has the same ``##`` sections in the same order (a test checks it); section 6, "What to watch
for after each dose", is the one that red-flag banners and the home screen open. Markdown gives the
headings no stable anchors, so the viewer finds that section by its heading text, per language.

Pure Python, no Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

from companion.paths import resources_dir

LEAFLET_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it")
FALLBACK_LANGUAGE = "en"

#: Position of "What to watch for after each dose" among the ``##`` headings (0-based: section 6).
WATCH_SECTION_INDEX = 5

#: The heading text of that section in each language, exactly as it stands after ``## `` in the file.
WATCH_SECTION_HEADINGS: dict[str, str] = {
    "en": "What to watch for after each dose",
    "de": "Worauf Sie nach jeder Dosis achten sollten",
    "fr": "Ce qu’il faut surveiller après chaque dose",
    "es": "A qué estar atento después de cada dosis",
    "it": "A cosa fare attenzione dopo ogni dose",
}

_SECTION_HEADING = re.compile(r"^## (?!#)(.+?)\s*$", re.MULTILINE)


def leaflet_dir() -> Path:
    """The folder of the leaflet files."""
    return resources_dir() / "leaflet"


def leaflet_language(lang: str | None) -> str:
    """The leaflet language for a language code or locale name (``de``, ``de_DE.UTF-8``, ``fr-CH``),
    falling back to English when there is no leaflet in that language."""
    base = re.split(r"[-_.@]", (lang or "").strip(), maxsplit=1)[0].lower()
    if base in LEAFLET_LANGUAGES and (leaflet_dir() / f"{base}.md").is_file():
        return base
    return FALLBACK_LANGUAGE


def leaflet_path(lang: str | None) -> Path:
    """The leaflet file for ``lang``; the English one when that language has none."""
    return leaflet_dir() / f"{leaflet_language(lang)}.md"


def section_headings(markdown: str) -> list[str]:
    """The ``##`` section headings of a leaflet text, in order (``#`` and ``###`` are not sections)."""
    return _SECTION_HEADING.findall(markdown)
