"""The domain and file rooms never import Qt; only desktop/ may."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def qt_imports(room: str) -> list[str]:
    found = []
    for path in sorted((ROOT / room).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "PySide6"]
    return found


@pytest.mark.parametrize("room", ["forms", "reports"])
def test_room_has_no_qt_import_statement(room):
    assert qt_imports(room) == []


def test_importing_every_domain_module_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        "for room in ('forms', 'reports'):\n"
        "    package = importlib.import_module(room)\n"
        "    for info in pkgutil.walk_packages(package.__path__, room + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


STORE_TABLES = "forms.store.tables"
SQL_ERRORS = {"exc"}    # catching a database error is fine; building a query is the store's work


def store_reaches(room: str) -> list[str]:
    """Every import in `room` of the store's tables or of a way to build SQL."""
    found = []
    for path in sorted((ROOT / room).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                wrong = [a.name for a in node.names if a.name.split(".")[0] in ("sqlmodel", "sqlalchemy")
                         and a.name != "sqlalchemy.exc" or a.name == STORE_TABLES]
            elif isinstance(node, ast.ImportFrom):
                module, names = node.module or "", {a.name for a in node.names}
                wrong = [module] if module == STORE_TABLES or module.split(".")[0] == "sqlmodel" else \
                    [f"{module}.{n}" for n in sorted(names - SQL_ERRORS)] if module == "sqlalchemy" else \
                    [f"{module}.tables"] if module == "forms.store" and "tables" in names else []
            else:
                wrong = []
            found += [f"{path.relative_to(ROOT)}: {name}" for name in wrong]
    return found


def test_reports_reach_the_store_only_through_its_functions():
    assert store_reaches("reports") == []
