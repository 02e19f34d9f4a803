"""Benchmark: the FHIR R4 export (issue 22) of 10 years of demo records.

    .venv/bin/python bench/fhir_export.py [--years 10] [--rounds 5] [--validate]

Fills a throw-away patient folder with ``companion.demo.fill`` (seed 1), reads the records as the
export does, then times ``companion.core.fhir.fhir_bundle`` alone (median and minimum of the
rounds) and ``json.dumps`` of its result, and prints the file's size and the resources by type.
With ``--validate`` it also times one validation by ``fhir.resources`` (the test extra). Nothing
here asserts: the times depend on the machine and on how busy it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--validate", action="store_true", help="also validate once with fhir.resources")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fhir-bench-") as tmp:
        home = Path(tmp) / "home"
        # Never the user's own folders or language.
        os.environ.update(
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_STATE_HOME=str(home / "state"),
            LANGUAGE="en",
        )
        os.environ.pop("LC_ALL", None)
        sys.path.insert(0, str(REPO))
        from companion import demo, i18n
        from companion.core.fhir import fhir_bundle
        from companion.services import PatientRecords
        from companion.store.calendar import CalendarRepository

        i18n.set_language("en")
        records = PatientRecords.open(Path(tmp) / "patient")
        try:
            started = time.perf_counter()
            counts = demo.fill(records, years=args.years, seed=1)
            fill_s = time.perf_counter() - started

            started = time.perf_counter()
            inputs = dict(
                profile=records.profile.get(),
                patient_id=CalendarRepository(records.store).patient_id(),
                doses=records.doses.history(),
                appointments=records.appointments.all(),
                ratings=records.alsfrs.ratings(),
                measurements=records.visit.measurements(),
                diary_entries=records.diary.entries(),
                medications=records.visit.medications(),
            )
            read_s = time.perf_counter() - started
        finally:
            records.close()

        made_at = dt.datetime.now().astimezone()
        builds, dumps = [], []
        bundle: dict = {}
        text = ""
        for _ in range(max(1, args.rounds)):
            started = time.perf_counter()
            bundle = fhir_bundle(**inputs, made_at=made_at)
            builds.append(time.perf_counter() - started)
            started = time.perf_counter()
            text = json.dumps(bundle, ensure_ascii=False, indent=1)
            dumps.append(time.perf_counter() - started)

        size = len(text.encode("utf-8"))
        compact = len(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])

        print(f"FHIR R4 export of {args.years} years of demo records (seed 1)")
        print(f"  records: {counts}; filled in {fill_s:.1f} s, read in {read_s:.2f} s")
        by_type = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        print(f"  resources: {len(bundle['entry'])} — {by_type}")
        print(f"  size: {size / 1e6:.2f} MB as written (indent 1, UTF-8); {compact / 1e6:.2f} MB compact")
        print(
            f"  build (fhir_bundle): median {statistics.median(builds) * 1000:.0f} ms, "
            f"min {min(builds) * 1000:.0f} ms over {len(builds)} rounds"
        )
        print(
            f"  json.dumps: median {statistics.median(dumps) * 1000:.0f} ms, min {min(dumps) * 1000:.0f} ms"
        )
        if args.validate:
            from fhir.resources.R4B.bundle import Bundle

            started = time.perf_counter()
            Bundle.model_validate(bundle)
            print(f"  fhir.resources validation (R4B models): {time.perf_counter() - started:.1f} s, valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
