"""The layers hold, over the whole package (design.md §2, issue 21):

- no Qt below the window: core, store, reports, services and the command line never import PySide6;
- SQL only in the store;
- the window and the command line never import the store: services are the only door;
- core imports nothing of the layers above it.

Read from the source with ``ast`` (every import, also those inside functions), and checked once
more by importing every module below the window in a fresh Python.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "companion"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(path: Path) -> str:
    """core, store, reports, services, ui, cli, or top (i18n, paths, app-wide helpers)."""
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] in ("core", "store", "reports", "services", "ui", "cli"):
        return rel.parts[0]
    if rel.name.startswith("cli"):
        return "cli"
    return "top"


def imports(path: Path) -> list[str]:
    """Every module a file imports, absolute, with relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
    return found


QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
SQL = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s+\w+)",
    re.IGNORECASE | re.DOTALL,
)
CAPITAL_SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE|PRAGMA)\b")


def strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_package_has_the_layers_it_is_checked_for():
    layers = {layer(p) for p in SOURCES}
    assert {"core", "store", "reports", "services", "ui", "cli"} <= layers


# The early start exists for Qt: it reads PySide6's version (and imports no Qt module).
QT_ALLOWED = {"companion.earlyinit"}


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if layer(p) != "ui" and module_name(p) not in QT_ALLOWED], ids=module_name
)
def test_no_qt_below_the_window(path):
    bad = [m for m in imports(path) if m.startswith(QT)]
    assert not bad, f"{module_name(path)} imports {bad}"


@pytest.mark.parametrize("path", [p for p in SOURCES if layer(p) != "store"], ids=module_name)
def test_sql_only_in_the_store(path):
    text = path.read_text(encoding="utf-8")
    assert ".execute(" not in text and ".executescript(" not in text, module_name(path)
    bad = [s for s in strings(path) if CAPITAL_SQL.search(s) and SQL.search(s)]
    assert not bad, f"{module_name(path)} holds SQL: {bad[:2]}"


@pytest.mark.parametrize("path", [p for p in SOURCES if layer(p) in ("ui", "cli")], ids=module_name)
def test_the_window_and_the_command_line_never_import_the_store(path):
    bad = [m for m in imports(path) if m == "companion.store" or m.startswith("companion.store.")]
    assert not bad, f"{module_name(path)} imports {sorted(set(bad))}: go through companion.services"


@pytest.mark.parametrize("path", [p for p in SOURCES if layer(p) == "core"], ids=module_name)
def test_core_imports_nothing_above_it(path):
    above = ("companion.store", "companion.services", "companion.ui", "companion.reports", "companion.cli")
    bad = [m for m in imports(path) if m.startswith(above)]
    assert not bad, f"{module_name(path)} imports {sorted(set(bad))}"


def test_importing_everything_below_the_window_loads_no_qt():
    names = [module_name(p) for p in SOURCES if layer(p) != "ui" and p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({QT!r}))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_store_modules_import_one_another_without_a_cycle():
    """Issue 21: store/backups.py and store/database.py imported each other (the database backed
    itself up before a migration). Opening (store/opening.py) now does "back up, then migrate", so
    the store's modules form no cycle, counting the imports inside functions too."""
    store_sources = [p for p in SOURCES if layer(p) == "store"]
    names = {module_name(p) for p in store_sources}
    graph = {module_name(p): {m for m in imports(p) if m in names} - {module_name(p)} for p in store_sources}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return [*path, start]
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        return None

    cycles = [c for c in (cycle_from(n) for n in sorted(graph)) if c]
    assert not cycles, f"import cycles in the store: {cycles}"
