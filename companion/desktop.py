"""Linux desktop integration: the launcher entry and the optional start at login (XDG autostart)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

DESKTOP_ID = "tofersen-companion"


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def autostart_file() -> Path:
    return _config_home() / "autostart" / f"{DESKTOP_ID}.desktop"


def launcher_command() -> str:
    """The command that starts this installation of the app."""
    if getattr(sys, "frozen", False):
        # The bundle (packaging/): its own program is the app (/opt/tofersen-companion/tofersen-companion).
        return shlex.quote(sys.executable)
    script = Path(sys.executable).parent / "companion"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m companion"


def desktop_entry(name: str, comment: str, icon: str, command: str | None = None) -> str:
    """A freedesktop.org .desktop entry for the app."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={name}",
            f"Comment={comment}",
            f"Exec={command or launcher_command()}",
            f"Icon={icon}",
            "Terminal=false",
            "Categories=Utility;MedicalSoftware;",
            "StartupWMClass=tofersen-companion",
            "",
        ]
    )


def autostart_enabled() -> bool:
    return autostart_file().exists()


def set_autostart(enabled: bool, name: str, comment: str, icon: str) -> None:
    """Start the app at login, or not (off by default)."""
    path = autostart_file()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(desktop_entry(name, comment, icon), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install_launcher() -> Path:
    """Put the app in the desktop's application menu, with its icon (install.sh calls this)."""
    from companion.paths import resources_dir

    icon_dir = _data_home() / "icons" / "hicolor" / "scalable" / "apps"
    icon_dir.mkdir(parents=True, exist_ok=True)
    icon = icon_dir / f"{DESKTOP_ID}.svg"
    icon.write_bytes((resources_dir() / "icons" / "companion.svg").read_bytes())
    applications = _data_home() / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    entry = applications / f"{DESKTOP_ID}.desktop"
    entry.write_text(
        desktop_entry("Tofersen Companion", "Tofersen doses, diary and visit summaries", DESKTOP_ID),
        encoding="utf-8",
    )
    return entry


if __name__ == "__main__":
    print(install_launcher())
