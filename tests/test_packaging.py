"""The built wheel is the app: installed into a fresh venv, it carries its resources and starts.

A plain, non-editable install must bring ``resources/`` and ``translations/`` into the package
(pyproject.toml force-includes them), and the app must find them through the package, not the
checkout. To stay fast and offline, the fresh venv gets only the wheel (``--no-deps``); the
dependencies already installed for the tests are made visible to it through a ``.pth`` file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300, check=False, **kwargs
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    return result


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    env.pop("VIRTUAL_ENV", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_DATA_HOME"] = str(tmp_path)
    return env


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_with_its_resources_and_starts(tmp_path: Path):
    # Build the wheel from the checkout, as `pip install .` would.
    wheel_dir = tmp_path / "wheel"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheel_dir, REPO_ROOT])
    wheels = sorted(wheel_dir.glob("tofersen_companion-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, found {[w.name for w in wheel_dir.iterdir()]}"

    # A fresh venv holding only the wheel; the test environment's packages are reachable after it
    # on sys.path (a .pth file), so the venv's own copy of companion comes first.
    venv = tmp_path / "venv"
    venv_python = venv / "bin" / "python"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    env = _clean_env(tmp_path)
    _run(
        [sys.executable, "-m", "pip", "--python", venv_python, "install", "--quiet", "--no-deps", wheels[0]],
        env=env,
    )
    venv_purelib = Path(
        _run(
            [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=tmp_path,
            env=env,
        ).stdout.strip()
    )
    outer = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (venv_purelib / "_test_environment.pth").write_text("".join(f"{path}\n" for path in outer))

    # The wheel carried every bundled file into the package.
    installed = venv_purelib / "companion"
    assert (installed / "resources" / "icons" / "companion.svg").is_file()
    for folder in ("resources", "translations"):
        source = REPO_ROOT / folder
        bundled = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
        missing = [str(p) for p in bundled if not (installed / folder / p).is_file()]
        assert not missing, f"not in the installed package under companion/{folder}: {missing}"

    # Outside the checkout, companion and its resources come from the venv, not from the checkout.
    found = _run(
        [
            venv_python,
            "-c",
            "import companion, companion.paths as p; print(companion.__file__); print(p.resources_dir())",
        ],
        cwd=tmp_path,
        env=env,
    ).stdout.split("\n")
    package_file, resources = Path(found[0]).resolve(), Path(found[1]).resolve()
    assert package_file.is_relative_to(venv.resolve()), package_file
    assert resources == (installed / "resources").resolve(), resources

    # The installed entry point opens the window and says so.
    smoke = _run(
        [venv / "bin" / "companion", "--data-dir", tmp_path / "patient", "gui", "--smoke"],
        cwd=tmp_path,
        env=env,
    )
    assert smoke.stdout.strip() == "ok", f"stdout: {smoke.stdout!r}\nstderr: {smoke.stderr}"
