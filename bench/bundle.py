"""Start-up of the desktop package's bundle beside the virtual-environment app, and the package's size.

A benchmark, not a test: it asserts nothing about time. The bundle is the one in the .deb
(packaging/build-deb.sh), unpacked with ``dpkg-deb -x`` into a temporary folder: exactly the files
apt installs in /opt/tofersen-companion. The virtual-environment app is the same code run by the
virtual environment's Python (``python -m companion`` from the checkout, compiled to bytecode
first, as bench/startup.py does): ``.venv/bin/companion`` holds whatever ./install.sh last
installed, which may be older than the checkout. Each runs ``gui --smoke`` as a fresh process,
timed as in bench/startup.py from process start until it prints ``ok`` (its window shown), two
ways: a patient's day 1 (one dose recorded) and the very first start (a new, empty folder). The
programs run interleaved (the order alternates each round) after one untimed warm-up of each.

    .venv/bin/python bench/bundle.py [--rounds N] [--deb FILE]

Without --deb it builds the package from the checkout into a temporary folder first (about two
minutes); with --deb, measure a package built from the same checkout. Without a screen all run
with QT_QPA_PLATFORM=offscreen. The data, config and state folders point into a temporary folder.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from startup import run_once  # noqa: E402  (the same timing as the start-up benchmark)

NAME = "tofersen-companion"


@dataclass
class Program:
    label: str
    command: list[str]
    new_folder: bool = False
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)


def find_or_build_deb(given: str | None, tmp: Path) -> Path:
    if given:
        return Path(given).resolve()
    print("Building the package from the checkout (packaging/build-deb.sh)", flush=True)
    env = {**os.environ, "PYTHON": sys.executable}
    build = subprocess.run(
        [REPO_ROOT / "packaging" / "build-deb.sh", "--dist", tmp / "dist", "--work", tmp / "work"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        sys.exit(f"bundle.py: packaging/build-deb.sh failed\n{build.stdout}\n{build.stderr}")
    return next((tmp / "dist").glob("*.deb"))


def folder_size(path: Path) -> int:
    """Bytes of the files under path (each once; symbolic links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: float) -> str:
    return f"{size / 2**20:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed runs of each program (default 10)")
    parser.add_argument("--deb", help="the package to measure (default: build one from the checkout)")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    options = parser.parse_args()
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    venv_app = [sys.executable, "-m", "companion"]  # run from the checkout (cwd)
    compileall.compile_dir(REPO_ROOT / "companion", quiet=1)

    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = env.get("QT_QPA_PLATFORM") or "default (screen)"

    with tempfile.TemporaryDirectory(prefix="companion-bench-bundle-") as tmp_name:
        tmp = Path(tmp_name)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(tmp / name.lower())
        deb = find_or_build_deb(options.deb, tmp)
        unpacked = tmp / "unpacked"
        subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
        bundle_app = unpacked / "opt" / NAME / NAME
        installed_kib = int(
            subprocess.run(
                ["dpkg-deb", "-f", deb, "Installed-Size"], capture_output=True, text=True, check=True
            ).stdout
        )

        # Day 1: one dose recorded, each in its own folder, written by the program that opens it.
        given = (dt.date.today() - dt.timedelta(days=3)).isoformat()
        for app, folder in (([str(bundle_app)], "bundle-day-one"), (venv_app, "venv-day-one")):
            subprocess.run(
                [*app, "--data-dir", str(tmp / folder), "dose", "add", given],
                cwd=REPO_ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        smoke = ["gui", "--smoke"]
        programs = [
            Program("bundle, day 1", [str(bundle_app), "--data-dir", str(tmp / "bundle-day-one"), *smoke]),
            Program("venv app, day 1", [*venv_app, "--data-dir", str(tmp / "venv-day-one"), *smoke]),
            Program("bundle, first start", [str(bundle_app)], new_folder=True),
            Program("venv app, first start", venv_app, new_folder=True),
        ]
        counter = 0

        def run(program: Program, record: bool) -> None:
            nonlocal counter
            command = program.command
            if program.new_folder:
                counter += 1
                command = [*command, "--data-dir", str(tmp / f"patient-{counter}"), "gui", "--smoke"]
            # The bundle from a folder of its own, the venv app from the checkout (its code).
            cwd = REPO_ROOT if command[0] == sys.executable else tmp
            seconds, peak = run_once(command, cwd, env, tmp)
            if record:
                program.seconds.append(seconds)
                program.peak_kib.append(peak)
            if options.verbose:
                note = "" if record else " (warm-up)"
                print(f"  {program.label:<24} {seconds:7.3f} s {peak / 1024:6.0f} MiB{note}")

        for program in programs:
            run(program, record=False)
        for round_number in range(options.rounds):
            order = programs if round_number % 2 == 0 else list(reversed(programs))
            for program in order:
                run(program, record=True)

        print(f"Start-up to a shown window: {options.rounds} rounds each, interleaved, after one warm-up")
        print(f"bundle: {bundle_app.relative_to(unpacked)} from {deb.name}")
        print(f"venv app: {sys.executable} -m companion, from {REPO_ROOT}")
        print(f"Qt platform: {platform}")
        print(f"{'':<24} {'median':>9} {'min':>9} {'peak RSS':>10}")
        for program in programs:
            print(
                f"{program.label:<24} {statistics.median(program.seconds):7.3f} s"
                f" {min(program.seconds):7.3f} s {statistics.median(program.peak_kib) / 1024:6.0f} MiB"
            )
        for kind in ("day 1", "first start"):
            bundle, venv = (p for p in programs if p.label.endswith(kind))
            ratio = statistics.median(bundle.seconds) / statistics.median(venv.seconds)
            ratio_min = min(bundle.seconds) / min(venv.seconds)
            print(f"ratio bundle / venv app, {kind}: {ratio:.2f}x (median), {ratio_min:.2f}x (min)")

        print()
        print(f"package {deb.name}: {mib(deb.stat().st_size)} ({deb.stat().st_size:,} bytes)")
        print(
            f"installed (Installed-Size): {mib(installed_kib * 1024)}; the bundle folder: "
            f"{mib(folder_size(unpacked / 'opt' / NAME))}"
        )
        print(f"for comparison, the virtual environment {sys.prefix}: {mib(folder_size(Path(sys.prefix)))}"
              " (with the test and build tools)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
