"""Compile the gettext catalogs (.po -> .mo) into the wheel, so an installed app needs no step."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        self._tmp = tempfile.TemporaryDirectory()
        for po in sorted((root / "translations").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root / "translations").with_suffix(".mo")
            target = Path(self._tmp.name) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=po.parent.parent.name)
            with target.open("wb") as out:
                write_mo(out, catalog)
            build_data["force_include"][str(target)] = f"companion/translations/{relative.as_posix()}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        self._tmp.cleanup()
