"""The bundled fonts for PDFs, and text split into runs by the font that has each character.

Reportlab has no font fallback: a character missing from the font of a run prints as a black box or
nothing at all. So every text that goes into a PDF passes through ``markup``: it picks, character by
character, the first bundled font that has the character (DejaVu Sans, then Droid Sans Fallback for
Chinese and Japanese, then NanumSquare for Korean), and prints a character that none of them has as
"�", counted, so that the report can say so. Nothing is dropped silently. No Qt here.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from companion.paths import resources_dir

REGULAR = "CompanionSans"
BOLD = "CompanionSans-Bold"
CJK = "CompanionFallbackCJK"
KOREAN = "CompanionFallbackKorean"

# Font name -> file in resources/fonts, in the order they are tried.
FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    KOREAN: "NanumSquareR.ttf",
}
FALLBACKS: tuple[str, ...] = (CJK, KOREAN)

# What a character that no bundled font has is printed as (DejaVu has it).
MISSING_MARK = "\ufffd"

# Characters with nothing to print: zero-width joiners and spaces, variation selectors, the
# byte-order mark. They are left out of the PDF (they would only show as boxes).
_INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)

_lock = threading.Lock()
_registered: dict[str, TTFont] = {}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_paths() -> list[Path]:
    """Every bundled font file (for Qt's font database too)."""
    return [fonts_dir() / name for name in FILES.values()]


def _font(name: str) -> TTFont:
    """The font, registered with reportlab on first use (fallback fonts only when needed)."""
    font = _registered.get(name)
    if font is not None:
        return font
    with _lock:
        font = _registered.get(name)
        if font is None:
            font = TTFont(name, str(fonts_dir() / FILES[name]))
            pdfmetrics.registerFont(font)
            _registered[name] = font
            if name in (REGULAR, BOLD):
                # <b> inside a paragraph of the regular font means the bold file.
                pdfmetrics.registerFontFamily(
                    REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
                )
    return font


def register() -> None:
    """Register the main fonts (regular and bold) with reportlab; fallbacks load when needed."""
    _font(REGULAR)
    _font(BOLD)


def has_char(name: str, char: str) -> bool:
    """True when the font ``name`` has a glyph for ``char``."""
    return ord(char) in _font(name).face.charToGlyph


def font_for(char: str, bold: bool = False) -> str | None:
    """The first bundled font that has ``char``; None when none has it."""
    main = BOLD if bold else REGULAR
    if has_char(main, char):
        return main
    if bold and has_char(REGULAR, char):
        return REGULAR
    for name in FALLBACKS:
        if has_char(name, char):
            return name
    return None


@dataclass
class Runs:
    """A text cut into (font name, text) pieces, and how many characters no font has."""

    pieces: list[tuple[str, str]] = field(default_factory=list)
    missing: int = 0

    @property
    def text(self) -> str:
        return "".join(text for _font_name, text in self.pieces)


def split_runs(text: str, bold: bool = False) -> Runs:
    """Cut ``text`` into runs of one font each. Whitespace joins the run it stands in; a character
    that no bundled font has becomes ``MISSING_MARK`` (in the main font) and is counted."""
    main = BOLD if bold else REGULAR
    runs = Runs()
    current_font, current = main, []
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if code in _INVISIBLE:
            continue
        if char in "\n\t" or char.isspace():
            current.append(char)
            continue
        if unicodedata.category(char) == "Cc":
            current.append(" ")
            continue
        name = font_for(char, bold)
        if name is None:
            runs.missing += 1
            name, char = main, MISSING_MARK
        if name != current_font and current:
            runs.pieces.append((current_font, "".join(current)))
            current = []
        current_font = name
        current.append(char)
    if current:
        runs.pieces.append((current_font, "".join(current)))
    return runs


class Marker:
    """Turns texts into reportlab paragraph markup and counts, over a whole document, the
    characters that no bundled font has."""

    def __init__(self) -> None:
        register()
        self.missing = 0

    def __call__(self, text: str, bold: bool = False) -> str:
        """``text`` as paragraph markup: XML-escaped, newlines as line breaks, runs that need a
        fallback font in ``<font name=…>``. The paragraph's own font must match ``bold``."""
        runs = split_runs(text, bold)
        self.missing += runs.missing
        main = BOLD if bold else REGULAR
        parts = []
        for name, piece in runs.pieces:
            escaped = escape(piece).replace("\n", "<br/>")
            parts.append(escaped if name == main else f'<font name="{name}">{escaped}</font>')
        return "".join(parts)

    def bold(self, text: str) -> str:
        """``text`` in bold inside a paragraph of the regular font."""
        return f'<font name="{BOLD}">{self(text, bold=True)}</font>'
