"""Where the app's bundled files and the user's data live.

In an installed wheel ``resources/`` and ``translations/`` sit inside the ``companion`` package; in a
source checkout they sit beside it at the repository root. Both are found through the package.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "TofersenCompanion"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def resources_dir() -> Path:
    """The folder of bundled resources (leaflets, fonts, icons)."""
    return _bundled("resources")


def translations_dir() -> Path:
    """The folder of gettext catalogs."""
    return _bundled("translations")


def default_data_root() -> Path:
    """The platform's user data folder for the app; it holds one folder per patient."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)
