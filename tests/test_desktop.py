"""Linux desktop integration: the launcher entry and the optional start at login."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from companion import desktop


def read_entry(path: Path) -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_launcher_is_installed_with_its_icon(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    entry = desktop.install_launcher()
    fields = read_entry(entry)
    assert fields["Type"] == "Application" and fields["Name"] == "Tofersen Companion"
    assert fields["Icon"] == "tofersen-companion"
    assert (
        (tmp_path / "share/icons/hicolor/scalable/apps/tofersen-companion.svg")
        .read_bytes()
        .startswith(b"<svg")
    )
    command = shlex.split(fields["Exec"])[0]
    assert Path(command).exists(), "Exec names a program that exists"


def test_start_at_login_is_off_by_default_and_can_be_switched(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not desktop.autostart_enabled()
    desktop.set_autostart(True, "Tofersen Companion", "comment", "icon.svg")
    assert desktop.autostart_enabled()
    assert (
        read_entry(tmp_path / "config/autostart/tofersen-companion.desktop")["Name"] == "Tofersen Companion"
    )
    desktop.set_autostart(False, "Tofersen Companion", "comment", "icon.svg")
    assert not desktop.autostart_enabled()
