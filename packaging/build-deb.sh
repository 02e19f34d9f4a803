#!/usr/bin/env bash
# Build the desktop package: dist/tofersen-companion_<version>_amd64.deb
#
#   ./install.sh --no-start          # once: .venv with the app and PyInstaller (the "package" extra)
#   packaging/build-deb.sh [--dist DIR] [--work DIR]
#
# It makes the one-folder bundle with PyInstaller (packaging/tofersen-companion.spec) and packs it
# with dpkg-deb:
#   /opt/tofersen-companion/                  the bundle: the app with its own Python and Qt
#   /usr/bin/tofersen-companion               -> the bundle's program (the same commands as `companion`)
#   /usr/share/applications/tofersen-companion.desktop
#   /usr/share/icons/hicolor/scalable/apps/tofersen-companion.svg
#   /usr/share/metainfo/<id>.metainfo.xml     AppStream, for software centres
#   /usr/share/doc/tofersen-companion/        copyright, the bundled components' licences
# Depends: install.sh's window, offscreen and printing libraries, and the few more the bundle
# links directly (packaging/debian_deps.py). No maintainer scripts: installing and removing the
# package never touches anyone's data (~/.local/share/TofersenCompanion).
#
# --dist DIR: where the .deb goes (default dist/); --work DIR: PyInstaller's work and the package
# tree (default build/deb/); PYTHON=...: the Python to build with (default .venv/bin/python).
# Needs dpkg-deb and binutils; appstreamcli, when present, checks the metainfo.
set -euo pipefail

REPO="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIST="$REPO/dist"
WORK="$REPO/build/deb"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dist) DIST="$(readlink -m "$2")"; shift 2 ;;
        --work) WORK="$(readlink -m "$2")"; shift 2 ;;
        -h | --help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'build-deb.sh: unknown argument %s (see --help)\n' "$1" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
die() {
    printf 'build-deb.sh: %s\n' "$*" >&2
    exit 1
}

NAME=tofersen-companion
# The AppStream component id (reverse DNS, stable: software centres key on it); the same as the
# macOS bundle identifier in the spec.
APP_ID=org.tofersencompanion.TofersenCompanion
# The Python with the app's dependencies and PyInstaller (PYTHON: another one, e.g. the tests').
PY="${PYTHON:-$REPO/.venv/bin/python}"

[[ -x "$PY" ]] || die "no $PY: run ./install.sh --no-start first"
"$PY" -c 'import PyInstaller' 2>/dev/null ||
    die "PyInstaller is not in .venv: run ./install.sh --no-start (it installs the \"package\" extra)"
command -v dpkg-deb >/dev/null || die "dpkg-deb was not found (this builds Debian packages only)"
[[ "$(dpkg --print-architecture)" == amd64 ]] || die "this builds the amd64 package, on amd64 only"

VERSION="$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$REPO/pyproject.toml")"
MAINTAINER="Tofersen Companion maintainers <maintainers@users.noreply.r-seed-248fd3a5.example>"
# Dates (the release in the metainfo, the changelog, the files' times): the last commit's, so that
# the same commit gives the same package; outside git, now.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)}"
DATE="$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)"
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# --- 1. The bundle -------------------------------------------------------------------------------
say "Building the bundle with PyInstaller (version $VERSION)"
rm -rf "$WORK"
mkdir -p "$WORK" "$DIST"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$WORK/pyinstaller-dist" --workpath "$WORK/pyinstaller-work" \
    "$REPO/packaging/tofersen-companion.spec"
BUNDLE="$WORK/pyinstaller-dist/$NAME"
[[ -x "$BUNDLE/$NAME" ]] || die "PyInstaller made no $BUNDLE/$NAME"

# --- 2. The package tree -------------------------------------------------------------------------
ROOT="$WORK/root"
say "Assembling the package in $ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
    "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/usr/share/metainfo" \
    "$ROOT/usr/share/doc/$NAME" "$ROOT/usr/share/lintian/overrides"
cp -a "$BUNDLE" "$ROOT/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$ROOT/usr/bin/$NAME"

# The menu entry: the same text as the one install.sh writes for a developer (companion/desktop.py).
PYTHONPATH="$REPO" "$PY" -c '
import sys
from companion.desktop import desktop_entry
sys.stdout.write(desktop_entry("Tofersen Companion", "Tofersen doses, diary and visit summaries",
                               "tofersen-companion", "tofersen-companion"))' \
    >"$ROOT/usr/share/applications/$NAME.desktop"
cp "$REPO/resources/icons/companion.svg" "$ROOT/usr/share/icons/hicolor/scalable/apps/$NAME.svg"

METAINFO="$ROOT/usr/share/metainfo/$APP_ID.metainfo.xml"
sed -e "s/@ID@/$APP_ID/g" -e "s/@VERSION@/$VERSION/g" -e "s/@DATE@/$DATE/g" \
    -e "s/@DEVELOPER_ID@/${APP_ID%.*}/g" -e '/<!--/,/-->/d' \
    "$REPO/packaging/$NAME.metainfo.xml" >"$METAINFO"
if command -v appstreamcli >/dev/null; then
    "$REPO/packaging/validate-metainfo.sh" "$METAINFO" >"$WORK/appstream.log" 2>&1 ||
        die "the metainfo is not valid: $(cat "$WORK/appstream.log")"
fi

"$PY" "$REPO/packaging/copyright.py" "$ROOT/usr/share/doc/$NAME" \
    "$WORK/pyinstaller-work/$NAME/bundled-modules.txt" >/dev/null
cat >"$WORK/changelog" <<END
$NAME ($VERSION) stable; urgency=medium

  * Tofersen Companion $VERSION, built from commit $COMMIT.

 -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")
END
gzip -9n -c "$WORK/changelog" >"$ROOT/usr/share/doc/$NAME/changelog.gz"
cp "$REPO/packaging/lintian-overrides" "$ROOT/usr/share/lintian/overrides/$NAME"

# --- 3. Control data -----------------------------------------------------------------------------
DEPENDS="$("$PY" "$REPO/packaging/debian_deps.py" depends "$BUNDLE")"
INSTALLED_SIZE="$(du -sk --apparent-size --exclude=DEBIAN "$ROOT" | cut -f1)"
cat >"$ROOT/DEBIAN/control" <<EOF
Package: $NAME
Version: $VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $INSTALLED_SIZE
Depends: $DEPENDS
Section: misc
Priority: optional
Description: companion for people treated with tofersen (Qalsody)
 A private desktop companion for people with SOD1-ALS who receive tofersen
 (Qalsody), and for the caregivers beside them. It shows when the next dose
 is due, keeps the history of doses given and the clinic appointments booked
 for them, a diary with the label's warning signs, ALSFRS-R scores, and makes
 a visit summary for the neurologist. Everything stays on this computer: it
 never opens a network connection.
 .
 The app comes with its own Python and Qt in /opt/tofersen-companion; the
 command tofersen-companion opens the window or runs its command line.
EOF
# No maintainer scripts (preinst, postinst, prerm, postrm): nothing runs as root at install or
# removal, and the users' data folders are never touched. The menu and icon caches are refreshed
# by the desktop's own dpkg triggers.
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)

# --- 4. The .deb -----------------------------------------------------------------------------------
DEB="$DIST/${NAME}_${VERSION}_amd64.deb"
say "Packing $DEB"
find "$ROOT" -type d -exec chmod 0755 {} +
chmod -R u+rw,go+r,go-w "$ROOT"
# Shared libraries and Python's extension modules are loaded, not run.
find "$ROOT/opt" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
say "Wrote $DEB ($(du -h "$DEB" | cut -f1), installed $((INSTALLED_SIZE / 1024)) MiB)"
