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


# -- no import inside a function to dodge a circular import (issue 15) -----------------------
PROJECT_PACKAGES = frozenset({"forms", "reports", "desktop"})
# (file, imported module) -> why it stays inside its function. Keep this list short: a cycle is
# broken by moving code to where both sides can import it, not by importing late.
FUNCTION_IMPORTS_ALLOWED: dict[tuple[str, str], str] = {}


def function_level_imports(room: str) -> set[tuple[str, str]]:
    """Return (file, module) of every project module imported inside a function in `room`."""
    found = set()
    for path in sorted((ROOT / room).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    modules = ["." * node.level + (node.module or "")]
                else:
                    continue
                found |= {(path.relative_to(ROOT).as_posix(), module) for module in modules
                          if module.startswith(".") or module.split(".")[0] in PROJECT_PACKAGES}
    return found


def test_domain_and_file_rooms_import_project_modules_only_at_the_top():
    found = function_level_imports("forms") | function_level_imports("reports")
    assert found - FUNCTION_IMPORTS_ALLOWED.keys() == set(), "move the code so both sides import it at the top"
    assert FUNCTION_IMPORTS_ALLOWED.keys() - found == set(), "an allowed import is gone: drop it from the list"


def test_every_domain_module_can_be_imported_first():
    """Each module imports in a fresh start of the project's packages: no import cycle depends on order."""
    code = (
        "import importlib, pkgutil, sys, warnings\n"
        "from sqlmodel import SQLModel\n"
        "warnings.simplefilter('ignore')\n"
        "names = []\n"
        "for room in ('forms', 'reports'):\n"
        "    package = importlib.import_module(room)\n"
        "    names += [i.name for i in pkgutil.walk_packages(package.__path__, room + '.')\n"
        "              if '.migrations' not in i.name]\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ('forms', 'reports')]:\n"
        "        del sys.modules[loaded]\n"
        "    SQLModel.metadata.clear()     # the store's tables are declared again\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as error:\n"
        "        failed.append(f'{name}: {error}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# ---- no reaching into the libraries' private attributes ---------------------------------------

import functools  # noqa: E402 (this part was appended)
import importlib  # noqa: E402

LIBRARIES = ("zipfile", "openpyxl", "reportlab")
ALWAYS_PRIVATE = frozenset({"_compressor", "_writer", "_fileobj"})     # zipfile's and openpyxl's internals
# reportlab's Canvas has no public way to start a page without emitting one; NumberedCanvas keeps
# every page for "共 y 页" and starts the next itself.
ALLOWED = frozenset({("reports/pdf/document.py", "_startPage")})
SELVES = frozenset({"self", "cls"})


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@functools.cache
def _library_private_names() -> frozenset[str]:
    """Every single-underscore attribute name the libraries use on their objects."""
    names = set(ALWAYS_PRIVATE)
    for library in LIBRARIES:
        module = importlib.import_module(library)
        paths = [Path(module.__file__)] if not hasattr(module, "__path__") else \
            [path for root in module.__path__ for path in Path(root).rglob("*.py")]
        for path in paths:
            tree = ast.parse(path.read_bytes())
            names.update(node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and _private(node.attr))
    return frozenset(names)


def _own_names(tree: ast.AST) -> set[str]:
    """Private names the module itself defines: methods, class attributes, `self._x = ...`."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
    return own


def _accesses(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, receiver, name) of every private attribute read or written, getattr/setattr/hasattr too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            receiver = node.value.id if isinstance(node.value, ast.Name) else ""
            found.append((node.lineno, receiver, node.attr))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
              and _private(node.args[1].value)):
            found.append((node.lineno, "", node.args[1].value))
    return found


def library_private_uses(rooms: tuple[str, ...]) -> list[str]:
    library = _library_private_names()
    found = []
    for room in rooms:
        for path in sorted((ROOT / room).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            own = _own_names(tree)
            where = path.relative_to(ROOT).as_posix()
            for line, receiver, name in _accesses(tree):
                if (where, name) in ALLOWED or name not in library:
                    continue
                # An object's own private attributes are fine; the libraries' are not, whoever holds them.
                ours = name in own and (receiver in SELVES or name not in ALWAYS_PRIVATE)
                if not ours:
                    found.append(f"{where}:{line}: {receiver or '?'}.{name}")
    return found


def test_no_module_uses_a_private_attribute_of_zipfile_openpyxl_or_reportlab():
    assert library_private_uses(("forms", "reports", "desktop")) == []


def test_the_private_attribute_check_sees_what_the_old_deflate_did(tmp_path):
    """The check would have caught the threaded deflate plugged into zipfile's writer."""
    tree = ast.parse('with archive.open(info, "w") as stream:\n'
                     '    if hasattr(stream, "_compressor"):\n        stream._compressor = deflate\n')
    library = _library_private_names()
    assert [(line, name) for line, _receiver, name in _accesses(tree) if name in library] == \
        [(2, "_compressor"), (3, "_compressor")]
    assert "_startPage" in library and "_writer" in library
