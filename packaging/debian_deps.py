"""Which Debian packages the bundle relies on, and which system libraries it therefore leaves out.

One source of truth: install.sh's lists of what Qt needs offscreen and for a real window and
printing (OFFSCREEN_PACKAGES, WINDOW_PACKAGES). The .deb depends on those, plus the few packages
whose libraries the bundle links directly but install.sh's packages bring only indirectly (zlib,
zstd, Kerberos for QtNetwork, the C and C++ runtimes), found by reading the bundle's ELF files.

Used by the PyInstaller spec (a system library that these packages already guarantee is not
copied into the bundle: one copy of each, the system's, so that a newer system never mixes its
libraries with older copies from the build machine), by build-deb.sh (the Depends line) and by
tests/test_bundle.py. Linux with dpkg only.

    python packaging/debian_deps.py depends BUNDLE_DIR    # prints the Depends: value
    python packaging/debian_deps.py needs BUNDLE_DIR      # each system library linked, its package
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from elf import is_elf, needed

REPO = Path(__file__).resolve().parent.parent
INSTALL_SH = REPO / "install.sh"

# The arrays of install.sh that name what the app itself needs (TOOL_PACKAGES are for the tests).
ARRAYS = ("OFFSCREEN_PACKAGES", "WINDOW_PACKAGES")

# Ubuntu 24.04 renamed these (the 64-bit time_t transition); either satisfies the dependency.
T64_ALTERNATIVES = {
    "libglib2.0-0": "libglib2.0-0t64",
    "libcups2": "libcups2t64",
    "libssl3": "libssl3t64",
}

# The C and C++ runtimes: every Qt library links them. They are never copied into the bundle (an
# older libstdc++ from the build machine would break the newer system's OpenGL drivers).
RUNTIME_PACKAGES = ("libc6", "libstdc++6", "libgcc-s1")

# GLIBCXX_3.4.N -> the GCC release whose libstdc++6 first has it (Debian versions it by GCC's).
_GLIBCXX_TO_GCC = {26: 9, 27: 9, 28: 10, 29: 11, 30: 12, 31: 13, 32: 14, 33: 15, 34: 16}


def install_sh_packages(path: Path = INSTALL_SH) -> list[str]:
    """The packages of install.sh's OFFSCREEN_PACKAGES and WINDOW_PACKAGES, in order."""
    text = path.read_text(encoding="utf-8")
    packages: list[str] = []
    for name in ARRAYS:
        match = re.search(rf"^{name}=\((.*?)\)", text, re.MULTILINE | re.DOTALL)
        if match is None:
            raise ValueError(f"{path} has no {name}=( ... ) array")
        body = "\n".join(line.split("#", 1)[0] for line in match.group(1).splitlines())
        packages += body.split()
    return packages


# --- dpkg ----------------------------------------------------------------------------------------


def _names(field: str) -> tuple[list[str], list[list[str]]]:
    """The package names of a Depends-like field: (hard ones, groups of alternatives)."""
    hard: list[str] = []
    alternatives: list[list[str]] = []
    for clause in field.split(","):
        options = [re.split(r"[\s(:]", option.strip(), maxsplit=1)[0] for option in clause.split("|")]
        options = [option for option in options if option]
        if len(options) == 1:
            hard.append(options[0])
        elif options:
            alternatives.append(options)
    return hard, alternatives


def installed_packages() -> dict[str, list[str]]:
    """Every installed package (and every name an installed package provides) -> the installed
    packages it depends on without alternatives (Depends and Pre-Depends)."""
    output = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\t${Status}\t${Pre-Depends}, ${Depends}\t${Provides}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    depends: dict[str, list[str]] = {}
    provided: dict[str, list[str]] = {}
    for line in output.splitlines():
        package, status, fields, provides = [*line.split("\t"), "", "", ""][:4]
        if not status.endswith(" installed"):
            continue
        depends[package] = _names(fields)[0]
        for name in _names(provides)[0]:
            provided.setdefault(name, []).append(package)
    for name, providers in provided.items():
        if name not in depends and len(providers) == 1:
            depends[name] = [providers[0]]
    return depends


def hard_closure(packages: Iterable[str]) -> set[str]:
    """The packages, and everything they depend on without an alternative (so every system that
    installs them has all of these), among the installed packages."""
    graph = installed_packages()
    seen: set[str] = set()
    todo = list(packages)
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        todo += graph.get(package, [])
    return seen


def owners(paths: Iterable[Path]) -> dict[Path, str]:
    """The package that installed each file, for the files dpkg knows (merged /usr: a file under
    /usr/lib may be registered under /lib, and a symlink under its own name)."""
    candidates: dict[str, Path] = {}
    for path in paths:
        for variant in {path, Path(os.path.realpath(path))}:
            text = str(variant)
            candidates[text] = path
            if text.startswith("/usr/"):
                candidates[text[4:]] = path
            elif text.startswith(("/lib", "/bin", "/sbin")):
                candidates["/usr" + text] = path
    if not candidates:
        return {}
    output = subprocess.run(
        ["dpkg-query", "-S", *candidates], capture_output=True, text=True, check=False
    ).stdout
    found: dict[Path, str] = {}
    for line in output.splitlines():
        packages, _, file = line.rpartition(": ")
        if file in candidates and packages:
            package = packages.split(",")[0].strip().split(":")[0]
            found.setdefault(candidates[file], package)
    return found


# --- the bundle --------------------------------------------------------------------------------


def bundle_elves(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def system_library_paths() -> dict[str, Path]:
    """soname -> path of the system's 64-bit x86 libraries (ldconfig's cache)."""
    output = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    found: dict[str, Path] = {}
    for line in output.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \((.*?)\) => (\S+)", line)
        if match and "x86-64" in match.group(2):
            found.setdefault(match.group(1), Path(match.group(3)))
    return found


def external_needs(bundle: Path) -> dict[str, list[Path]]:
    """Each library that a file of the bundle links and the bundle does not hold -> those files."""
    elves = bundle_elves(bundle)
    inside = {p.name for p in bundle.rglob("*")}
    needs: dict[str, list[Path]] = {}
    for elf in elves:
        for soname in needed(elf):
            if soname not in inside:
                needs.setdefault(soname, []).append(elf)
    return needs


def highest_version(bundle: Path, prefix: bytes) -> tuple[int, ...] | None:
    """The highest symbol version named ``prefix`` + numbers (e.g. b"GLIBC_") the bundle needs."""
    pattern = re.compile(re.escape(prefix) + rb"(\d+(?:\.\d+)*)\x00")
    best: tuple[int, ...] | None = None
    for elf in bundle_elves(bundle):
        for match in pattern.finditer(elf.read_bytes()):
            version = tuple(int(part) for part in match.group(1).split(b"."))
            best = version if best is None or version > best else best
    return best


def needed_packages(bundle: Path) -> dict[str, str | None]:
    """Each system library the bundle links -> its package (None: not found on this system)."""
    libraries = system_library_paths()
    needs = external_needs(bundle)
    paths = {soname: libraries.get(soname) for soname in needs}
    owner = owners(path for path in paths.values() if path is not None)
    return {soname: (owner.get(path) if path else None) for soname, path in sorted(paths.items())}


def depends(bundle: Path) -> str:
    """The Depends: value for the .deb holding ``bundle``: install.sh's libraries, then those the
    bundle links directly that install.sh's bring only indirectly."""
    base = install_sh_packages()
    linked = needed_packages(bundle)
    missing = sorted(soname for soname, package in linked.items() if package is None)
    if missing:
        raise SystemExit(f"debian_deps: no installed package has {', '.join(missing)}")
    # Debian 13 and Ubuntu 24.04 name some libraries with t64: the same dependency as Debian 12's name.
    old_name = {new: old for old, new in T64_ALTERNATIVES.items()}
    linked_names = {old_name.get(p, p) for p in linked.values() if p}
    extra = sorted(p for p in linked_names if p not in base and p not in RUNTIME_PACKAGES)
    clauses = []
    for package in [*base, *extra]:
        alternative = T64_ALTERNATIVES.get(package)
        clauses.append(f"{package} | {alternative}" if alternative else package)
    glibc = highest_version(bundle, b"GLIBC_")
    clauses.append(f"libc6 (>= {'.'.join(map(str, glibc))})" if glibc else "libc6")
    glibcxx = highest_version(bundle, b"GLIBCXX_")
    gcc = _GLIBCXX_TO_GCC.get(glibcxx[2]) if glibcxx and len(glibcxx) == 3 else None
    clauses.append(f"libstdc++6 (>= {gcc})" if gcc else "libstdc++6")
    clauses.append("libgcc-s1")
    return ", ".join(clauses)


def left_to_system() -> set[str]:
    """The packages whose libraries the bundle does not carry: install.sh's, the runtimes, and
    everything they depend on without an alternative (present wherever they are)."""
    return hard_closure([*install_sh_packages(), *RUNTIME_PACKAGES])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("depends", "needs"):
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    if argv[0] == "depends":
        print(depends(bundle))
    else:
        for soname, package in needed_packages(bundle).items():
            print(f"{soname}\t{package or '(not found)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
