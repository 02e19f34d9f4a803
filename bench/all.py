"""Every benchmark, one after the other, with their default settings: start-up, the diary table
and the visit summary. Each prints its own figures and ratios; nothing here asserts on time.

    .venv/bin/python bench/all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("startup.py", "diary_table.py", "report.py", "warnings_check.py", "fhir_export.py")


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"=== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)], check=False).returncode != 0:
            failed.append(name)
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
