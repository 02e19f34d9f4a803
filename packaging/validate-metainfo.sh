#!/usr/bin/env bash
# Check an AppStream metainfo file with appstreamcli, the same way on Debian 12 and 13.
#
#   packaging/validate-metainfo.sh FILE.metainfo.xml
#
# The app has no homepage yet: a maintainer chooses it, as the AppStream id (README, "Desktop
# package"). AppStream 0.16 (Debian 12) reports the missing homepage as an info and 1.0 (Debian 13)
# as a warning, which fails validation; on 1.0 it is kept an info, and everything else counts.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 FILE.metainfo.xml" >&2; exit 2; }
flags=(--no-net)
major="$(appstreamcli --version | sed -n 's/^AppStream version: \([0-9]*\)\..*/\1/p')"
if [[ -n "$major" && "$major" -ge 1 ]]; then
    flags+=(--override=url-homepage-missing=info)
fi
exec appstreamcli validate "${flags[@]}" "$1"
