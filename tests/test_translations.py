"""Every word in five languages: catalogs complete and consistent with the code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "fr", "es", "it")
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}


def catalog(language: str):
    with (REPO / "translations" / language / "LC_MESSAGES" / "companion.po").open("rb") as fh:
        return read_po(fh, locale=language)


def message_ids(cat) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in cat if m.id}


def strings(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def mnemonic_count(text: str) -> int:
    return len(re.findall(r"&(?!&)\w", text.replace("&&", "")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_consistent(language):
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        originals = strings(message.id)
        allowed = set(PLACEHOLDER.findall(" ".join(originals)))
        for index, translated in enumerate(strings(message.string)):
            if not translated:
                problems.append(f"untranslated: {originals[0]!r}")
                continue
            # Placeholders: none that the original lacks; and every one of the matching original
            # form ({n} may be left out: "one day" needs no number in some languages).
            source = originals[min(index, len(originals) - 1)]
            required = set(PLACEHOLDER.findall(source)) - {"{n}"}
            found = set(PLACEHOLDER.findall(translated))
            if found - allowed or required - found:
                problems.append(f"placeholders differ: {source!r} -> {translated!r}")
            if mnemonic_count(originals[0]) != mnemonic_count(translated):
                problems.append(
                    f"keyboard shortcut (&) missing or doubled: {originals[0]!r} -> {translated!r}"
                )
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems[:40])


def test_template_is_up_to_date_with_the_code():
    extracted = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(REPO / "companion"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        extracted.add((context, message if isinstance(message, str) else tuple(message)))
    with (REPO / "translations" / "companion.pot").open("rb") as fh:
        template = message_ids(read_po(fh))
    missing = extracted - template
    stale = template - extracted
    assert not missing, (
        f"in the code, not in companion.pot (run pybabel extract): {sorted(map(str, missing))[:10]}"
    )
    assert not stale, f"strings in companion.pot no longer in the code: {sorted(map(str, stale))[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_matches_the_template(language):
    with (REPO / "translations" / "companion.pot").open("rb") as fh:
        template = message_ids(read_po(fh))
    assert message_ids(catalog(language)) == template, "run pybabel update, then translate"


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    env.update(PYTHONPATH=str(REPO), XDG_DATA_HOME=str(tmp_path / "xdg"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Zukunft"), ("fr", "futur"), ("es", "futur"), ("it", "futur")],
)
def test_error_messages_follow_lang(tmp_path, language, expected):
    result = run_cli(
        "--lang", language, "--data-dir", str(tmp_path / "p"), "dose", "add", "2999-01-01", tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr


def test_the_system_language_is_the_default(tmp_path):
    env_lang = {"LANG": "de_DE.UTF-8"}
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    env.update(env_lang, PYTHONPATH=str(REPO), XDG_DATA_HOME=str(tmp_path / "xdg"))
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "p"), "dose", "add", "2999-01-01"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Zukunft" in result.stderr, result.stderr


@pytest.mark.parametrize("language", ("en", *LANGUAGES))
def test_the_window_starts_in_each_language(tmp_path, language):
    result = run_cli(
        "--lang", language, "--data-dir", str(tmp_path / "p"), "gui", "--smoke", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
