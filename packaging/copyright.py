"""Write the .deb's /usr/share/doc/tofersen-companion/copyright (machine-readable, DEP-5) and the
licence texts of the components bundled with the app.

    python packaging/copyright.py DOC_DIR [BUNDLED_MODULES]

The app is GPL-3.0-or-later. The fonts in resources/fonts carry their own licences (each with a
DEP-5 file beside it, copied from Debian's font packages): their copyright lines and licence texts
are taken from those files. The bundle also holds the Python runtime, Qt and the Python packages
the app runs with: each is listed with its licence, and the licence files that its distribution
carries are copied into DOC_DIR/licenses/<name>/. BUNDLED_MODULES, written by the PyInstaller
spec, names the top-level modules in the bundle: a requirement that is installed but none of whose
modules went into the bundle (pip, which sqlite-utils requires for a command the app never runs)
is left out.
"""

from __future__ import annotations

import re
import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "resources" / "fonts"
BUNDLE = "opt/tofersen-companion"
FONTS_IN_BUNDLE = f"{BUNDLE}/_internal/companion/resources/fonts"
DOC = "/usr/share/doc/tofersen-companion"

# Font file(s) -> the DEP-5 file (from the Debian package they were copied from) that covers them.
FONT_LICENCES = {
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"): "LICENSE-DejaVu.txt",
    ("DroidSansFallbackFull.ttf",): "NOTICE-DroidSansFallback.txt",
    ("NanumSquareR.ttf",): "LICENSE-Nanum-OFL.txt",
}

# Bundled parts that are not Python distributions with their own licence files.
RUNTIME = [
    ("Python", "PSF-2.0", "the interpreter and standard library", "licenses/python/LICENSE.txt"),
    ("Qt 6, PySide6, shiboken6", "LGPL-3.0-only", "shared libraries", "/usr/share/common-licenses/LGPL-3"),
    ("ICU, in Qt", "Unicode-3.0", "Unicode data", "https://www.unicode.org/license.txt"),
]

GPL = """\
 This program is free software: you can redistribute it and/or modify it under the terms of the
 GNU General Public License as published by the Free Software Foundation, either version 3 of the
 License, or (at your option) any later version.
 .
 This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without
 even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU
 General Public License for more details.
 .
 On Debian systems, the full text of the GNU General Public License version 3 can be found in
 /usr/share/common-licenses/GPL-3."""


def paragraphs(text: str) -> list[dict[str, str]]:
    """The paragraphs of a DEP-5 file: field name -> value (continuation lines kept, with their
    leading space)."""
    found: list[dict[str, str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        fields: dict[str, str] = {}
        name = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and name:
                fields[name] += "\n " + line.strip() if line.strip() else "\n ."
            elif ":" in line:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        found.append(fields)
    return found


def font_paragraphs() -> tuple[list[str], dict[str, str]]:
    """The Files paragraphs of the bundled fonts, and the standalone licences they name."""
    files_paragraphs: list[str] = []
    licences: dict[str, str] = {}
    for fonts, licence_file in FONT_LICENCES.items():
        parts = paragraphs((FONTS / licence_file).read_text(encoding="utf-8"))
        main = next(p for p in parts if p.get("Files", "").strip() == "*")
        for part in parts:
            if "License" in part and "Files" not in part and "Format" not in part:
                name, _, body = part["License"].partition("\n")
                licences.setdefault(name.strip(), body)
        files = " ".join(f"{FONTS_IN_BUNDLE}/{font}" for font in fonts)
        files_paragraphs.append(
            f"Files: {files}\nCopyright: {main['Copyright']}\nLicense: {main['License']}\n"
            f"Comment: From {licence_file}, beside the font in {FONTS_IN_BUNDLE}."
        )
    return files_paragraphs, licences


def runtime_distributions(root: str = "tofersen-companion") -> list[metadata.Distribution]:
    """The app's run-time requirements, recursively (without extras), as installed."""
    environment = default_environment()
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({**environment, "extra": ""}):
                todo.append(requirement.name)
    seen.pop(root, None)
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def top_level_modules(dist: metadata.Distribution) -> set[str]:
    """The importable top-level names a distribution installs."""
    names = set((dist.read_text("top_level.txt") or "").split())
    for file in dist.files or []:
        first = file.parts[0]
        if len(file.parts) > 1 and not first.endswith((".dist-info", ".data")) and "." not in first:
            names.add(first)
        elif len(file.parts) == 1 and file.suffix in (".py", ".so", ".pyd"):
            names.add(file.name.split(".")[0])
    return names


def licence_of(dist: metadata.Distribution) -> str:
    expression = dist.metadata.get("License-Expression")
    if expression:
        return expression
    classifiers = [c for c in dist.metadata.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(c.rsplit("::", 1)[-1].strip() for c in classifiers)
    return (dist.metadata.get("License") or "see its licence file").splitlines()[0]


def licence_files(dist: metadata.Distribution) -> list[Path]:
    found = []
    for file in dist.files or []:
        parts = file.parts
        if (
            parts
            and parts[0].endswith(".dist-info")
            and ("licenses" in parts or re.match(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", file.name, re.I))
        ):
            path = Path(file.locate())
            if path.is_file():
                found.append(path)
    return found


def write(doc_dir: Path, bundled_modules: set[str] | None = None) -> Path:
    doc_dir.mkdir(parents=True, exist_ok=True)
    licences_dir = doc_dir / "licenses"
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        (licences_dir / "python").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(python_licence, licences_dir / "python" / "LICENSE.txt")

    components = [f"  - {name} ({licence}): {what}; {where}" for name, licence, what, where in RUNTIME]
    for dist in runtime_distributions():
        name, version = dist.metadata["Name"], dist.version
        if name.lower().startswith(("pyside6", "shiboken6")):
            continue  # Qt and PySide6 above
        if bundled_modules is not None and not top_level_modules(dist) & bundled_modules:
            continue
        copied = []
        for path in licence_files(dist):
            target = licences_dir / name.lower() / path.name
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied.append(f"licenses/{name.lower()}/{path.name}")
        where = ", ".join(copied) if copied else "see its project page"
        components.append(f"  - {name} {version} ({licence_of(dist)}): {where}")

    fonts, font_licences = font_paragraphs()
    bundled = "\n".join(
        [
            " The folder holds the Python runtime and the libraries the app runs with, unchanged, each",
            " under its own licence (the paths are relative to " + DOC + "):",
            " .",
            *[" " + line.strip() if line.strip() else " ." for line in components],
        ]
    )
    text = "\n\n".join(
        [
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            "Upstream-Name: Tofersen Companion\n"
            "Comment: The app, its own Python and the libraries it runs with, made into one folder in\n"
            f" /{BUNDLE} with PyInstaller.",
            f"Files: *\nCopyright: The Tofersen Companion contributors\nLicense: GPL-3.0+\n{GPL}",
            f"Files: {BUNDLE}/_internal/*\nCopyright: The authors of each component, listed below\n"
            f"License: bundled-components\n{bundled}",
            f"Files: {BUNDLE}/_internal/companion/*\nCopyright: The Tofersen Companion contributors\n"
            "License: GPL-3.0+",
            *fonts,
            *[f"License: {name}\n{body.strip(chr(10))}" for name, body in font_licences.items()],
        ]
    )
    target = doc_dir / "copyright"
    target.write_text(text + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    modules = set(Path(sys.argv[2]).read_text().split()) if len(sys.argv) == 3 else None
    print(write(Path(sys.argv[1]), modules))
