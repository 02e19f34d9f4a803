#!/usr/bin/env bash
# Install the .deb on a bare Debian in a chroot and use it as a patient would: the check of
# issue 20's "done when", repeatable. Needs root and debootstrap; writes only under /var/tmp.
#
#   sudo packaging/try-in-debian.sh [SUITE] [DEB]
#
# SUITE: bookworm (Debian 12, the default) or trixie (13). DEB: default dist/tofersen-companion_*.deb.
# The chroot (/var/tmp/tofersen-companion-SUITE, made with `debootstrap --variant=minbase`: no
# Python of the project, no compiler, no git) is kept for the next run; delete it when done.
#
# In the chroot: `apt-get install ./the.deb` (which must bring every library from the Debian
# mirror), the menu entry, then as an ordinary user: `tofersen-companion gui --smoke` under Xvfb
# (xvfb and xauth installed for this check only), `demo-data --years 1` and `report -o r.pdf`
# (the PDF's text is read back here with pdftotext), then `apt-get purge`: the user's data stays.
set -euo pipefail

REPO="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
SUITE="${1:-bookworm}"
DEB="${2:-}"
if [[ -z "$DEB" ]]; then
    DEB="$(ls "$REPO"/dist/tofersen-companion_*_amd64.deb 2>/dev/null | sort -V | tail -1)"
fi
ROOT="/var/tmp/tofersen-companion-$SUITE"

say() { printf '==> %s\n' "$*"; }
die() {
    printf 'try-in-debian.sh: %s\n' "$*" >&2
    exit 1
}

[[ "$(id -u)" -eq 0 ]] || die "run me as root (chroot, mount)"
[[ -f "$DEB" ]] || die "no package: run packaging/build-deb.sh first (or name the .deb)"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"

# The Debian mirror this machine uses, else Debian's own.
MIRROR="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 | awk '{print $2}')" || true
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

if [[ ! -x "$ROOT/usr/bin/apt-get" ]]; then
    say "debootstrap --variant=minbase $SUITE $ROOT $MIRROR"
    rm -rf "$ROOT"
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"/var/tmp/tofersen-companion-$SUITE.log"
fi

unmount() {
    umount "$ROOT/dev/pts" 2>/dev/null || true
    umount "$ROOT/proc" 2>/dev/null || true
}
trap unmount EXIT
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
mountpoint -q "$ROOT/dev/pts" || mount -t devpts devpts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() { chroot --userspec=patient:patient "$ROOT" env -i PATH=/usr/bin:/bin HOME=/home/patient \
    LANG=C.UTF-8 "$@"; }

say "A bare system: no Python, compiler or git"
for tool in python3 gcc cc git pip3; do
    if in_root sh -c "command -v $tool" >/dev/null; then
        die "$tool is installed in $ROOT: not a bare system (delete the folder and run me again)"
    fi
done
in_root sh -c '. /etc/os-release; echo "$PRETTY_NAME"'

say "apt-get install ./$(basename "$DEB")"
cp "$DEB" "$ROOT/tmp/"
in_root apt-get update -qq
in_root apt-get install -y -q "/tmp/$(basename "$DEB")" >"/var/tmp/tofersen-companion-$SUITE-apt.log"
grep -E '^[0-9]+ upgraded, [0-9]+ newly installed' "/var/tmp/tofersen-companion-$SUITE-apt.log"
grep -E '^Need to get' "/var/tmp/tofersen-companion-$SUITE-apt.log" || true
in_root dpkg-query -W -f='installed ${Package} ${Version}, Installed-Size ${Installed-Size} KiB\n' tofersen-companion

say "The menu entry"
entry="$ROOT/usr/share/applications/tofersen-companion.desktop"
[[ -f "$entry" ]] || die "no $entry"
grep -E '^(Name|Exec|Icon)=' "$entry"
[[ -f "$ROOT/usr/share/icons/hicolor/scalable/apps/tofersen-companion.svg" ]] || die "no icon"

say "As an ordinary user: the window under Xvfb, a year of demo data, the visit summary"
in_root apt-get install -y -q --no-install-recommends xvfb xauth >/dev/null
in_root sh -c 'id patient >/dev/null 2>&1 || useradd -m patient'
smoke="$(as_user xvfb-run -a tofersen-companion gui --smoke 2>/tmp/try-in-debian.err)" ||
    die "gui --smoke failed: $(cat /tmp/try-in-debian.err)"
[[ "$smoke" == ok ]] || die "gui --smoke printed $smoke: $(cat /tmp/try-in-debian.err)"
echo "gui --smoke under Xvfb: $smoke"
as_user sh -c 'cd && rm -rf demo r.pdf &&
    tofersen-companion --data-dir demo demo-data --years 1 &&
    tofersen-companion --data-dir demo report -o r.pdf'
cp "$ROOT/home/patient/r.pdf" "/var/tmp/tofersen-companion-$SUITE-r.pdf"
if command -v pdftotext >/dev/null; then
    pdftotext "/var/tmp/tofersen-companion-$SUITE-r.pdf" - | head -8
    pdftotext "/var/tmp/tofersen-companion-$SUITE-r.pdf" - | grep -q "Visit summary" || die "the PDF has no text"
fi

say "apt-get purge: the user's data stays"
data="$ROOT/home/patient/.local/share/TofersenCompanion"
[[ -d "$data" ]] || die "the window made no data folder $data"
in_root apt-get purge -y -q tofersen-companion | tail -1
[[ ! -e "$ROOT/opt/tofersen-companion" && ! -e "$ROOT/usr/bin/tofersen-companion" ]] || die "files left behind"
[[ -d "$data" && -d "$ROOT/home/patient/demo" ]] || die "the user's data is gone"
ls "$data"
say "All good on $SUITE"
