#!/usr/bin/env bash
# Install Tofersen Companion and start it: the one command a newcomer runs.
#
#   ./install.sh              install what is missing, then open the app
#   ./install.sh ARGS...      install, then run `companion ARGS...` (for example: ./install.sh schedule)
#   ./install.sh --no-start   install only (CI uses this)
#
# Works on Debian 12 and Ubuntu 22.04 / 24.04, from any current folder, and is safe to run again:
# it installs only the Debian packages that are missing, creates .venv only when it has none,
# and reinstalls the project into .venv (non-editable, so the installed package carries its
# resources and translations).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

START=1
if [[ "${1:-}" == "--no-start" ]]; then
    START=0
    shift
fi

say() { printf '==> %s\n' "$*"; }
warn() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
    warn "$*"
    exit 1
}

# --- 1. Debian packages ------------------------------------------------------------------------

# What Qt needs to run offscreen (tests, command line).
OFFSCREEN_PACKAGES=(
    libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 libxkbcommon0
    fonts-dejavu-core
)
# What Qt needs for a real window (without libxcb-cursor0 Qt refuses its xcb plugin), and printing.
WINDOW_PACKAGES=(
    libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libcups2
)
# Screenshots, the dark-mode tests on a virtual display (dbus: dbus-run-session) and reading PDFs
# back in the tests; chattr (e2fsprogs: a read-only file in the tests; not essential from Debian
# 13 on); objdump and objcopy (binutils), which PyInstaller needs to build the desktop bundle
# (packaging/, tests/test_bundle.py); lintian and appstream, which check the package and its
# metainfo in that test; the virtual environment.
TOOL_PACKAGES=(xvfb xauth dbus libgtk-3-0 poppler-utils e2fsprogs binutils lintian appstream python3-venv)

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO=(sudo)
fi

APT_UPDATED=0

# True when NAME is installed (not merely known to dpkg, e.g. removed with its configuration kept).
is_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# True when apt has a candidate version of NAME (a purely virtual name has none).
has_candidate() {
    local candidate
    candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }')"
    [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

# Install those of the given packages that are missing. A package counts as present when NAME or
# NAMEt64 is installed: Ubuntu 24.04 renamed some libraries (libglib2.0-0t64, libcups2t64).
ensure_packages() {
    local name missing=() to_install=() unavailable=()
    for name in "$@"; do
        if ! is_installed "$name" && ! is_installed "${name}t64"; then
            missing+=("$name")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    say "Debian packages missing: ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        die "apt-get was not found. Install these packages (or your system's equivalents) and run me again: ${missing[*]}"
    fi
    if [[ ${#SUDO[@]} -gt 0 ]] && ! command -v sudo >/dev/null 2>&1; then
        die "you are not root and sudo is missing. As root, run: apt-get install ${missing[*]}"
    fi
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        say "apt-get update"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        APT_UPDATED=1
    fi
    for name in "${missing[@]}"; do
        if has_candidate "$name"; then
            to_install+=("$name")
        elif has_candidate "${name}t64"; then
            to_install+=("${name}t64")
        else
            unavailable+=("$name")
        fi
    done
    if [[ ${#to_install[@]} -gt 0 ]]; then
        say "apt-get install ${to_install[*]}"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${to_install[@]}"
    fi
    if [[ ${#unavailable[@]} -gt 0 ]]; then
        warn "warning: apt knows no package named ${unavailable[*]} (nor with t64 appended);" \
            "the app or some tests may not work until you install the equivalent."
    fi
}

# The project needs Python 3.11 or newer: the first such interpreter on PATH, or nothing.
find_python() {
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

PACKAGES=("${OFFSCREEN_PACKAGES[@]}" "${WINDOW_PACKAGES[@]}" "${TOOL_PACKAGES[@]}")
if ! command -v python3 >/dev/null 2>&1; then
    PACKAGES+=(python3)
fi
if command -v python3 >/dev/null 2>&1 && ! find_python >/dev/null; then
    # Ubuntu 22.04 ships Python 3.10 as python3; its archive also has python3.11.
    PACKAGES+=(python3.11 python3.11-venv)
fi
say "Checking Debian packages"
ensure_packages "${PACKAGES[@]}"

PYTHON="$(find_python)" ||
    die "Python 3.11 or newer is needed and was not found. Install it (e.g. apt-get install python3.11 python3.11-venv) and run me again."
PY_VERSION="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
# Debian's own Pythons keep venv's pip bootstrap in a separate package per version, and the shared
# library that PyInstaller puts into the desktop bundle in another (libpython3.X).
if [[ "$(readlink -f "$PYTHON")" == /usr/bin/* ]]; then
    ensure_packages "python${PY_VERSION}-venv" "libpython${PY_VERSION}"
fi

# --- 2. Virtual environment and the project ----------------------------------------------------

venv_ok() {
    [[ -x .venv/bin/python ]] &&
        .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null &&
        .venv/bin/python -m pip --version >/dev/null 2>&1
}

if ! venv_ok; then
    if [[ -e .venv ]]; then
        say "The existing .venv does not work (or its Python is too old): making a new one"
        rm -rf .venv
    fi
    say "Creating .venv with $PYTHON (Python $PY_VERSION)"
    "$PYTHON" -m venv .venv
fi

say "Installing the project, its test tools and PyInstaller into .venv"
.venv/bin/python -m pip install --quiet --upgrade pip
# Non-editable on purpose: the installed package must carry resources/ and translations/.
# "package": PyInstaller, to build the desktop bundle (packaging/build-deb.sh, tests/test_bundle.py).
.venv/bin/python -m pip install --quiet ".[test,package]"
.venv/bin/companion --help >/dev/null || die "the installed .venv/bin/companion does not run"
say "Installed .venv/bin/companion"

# The app in the desktop's application menu, with its icon (~/.local/share/applications).
if .venv/bin/python -m companion.desktop >/dev/null 2>&1; then
    say "Added Tofersen Companion to the application menu"
else
    warn "could not add the app to the application menu (it still runs with .venv/bin/companion)"
fi

# --- 3. Start ----------------------------------------------------------------------------------

if [[ "$START" -eq 0 ]]; then
    say "Done (not started: --no-start). Start the app with: .venv/bin/companion"
    exit 0
fi

# True when `companion ARGS...` opens the window: no command, or the `gui` command.
opens_window() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --data-dir | --lang) shift 2 || return 0 ;;
            -*) shift ;;
            gui) return 0 ;;
            *) return 1 ;;
        esac
    done
    return 0
}

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]] && opens_window "$@"; then
    cat <<'EOF'

Installed. This session has no screen (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window
cannot open here. To use the app:
  - on a computer with a desktop, run:   ./install.sh      (or .venv/bin/companion)
  - without a screen, in a virtual one:  xvfb-run -a .venv/bin/companion
  - from the command line, for example:  .venv/bin/companion schedule
Run the tests with:                      .venv/bin/python -m pytest
EOF
    exit 0
fi

if [[ $# -eq 0 ]]; then
    say "Starting Tofersen Companion"
else
    say "Running: .venv/bin/companion $*"
fi
exec .venv/bin/companion "$@"
