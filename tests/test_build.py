"""Build the PyInstaller bundle from build.spec and run the built program (only with `-m build`)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 1800
MAX_FOLDER_MB = 400
EXE = ".exe" if sys.platform == "win32" else ""


def build_asked(config: pytest.Config) -> bool:
    """Tell whether the run selected build tests explicitly (`-m build`, not `-m "not build"`)."""
    return re.search(r"(?<!not )\bbuild\b", config.getoption("markexpr") or "") is not None


@pytest.fixture(scope="module")
def bundle(request, tmp_path_factory) -> Path:
    if not build_asked(request.config):
        pytest.skip("builds the PyInstaller bundle (minutes); run: pytest -m build tests/test_build.py")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]')")
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("build")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
        cwd=ROOT, check=True, timeout=BUILD_TIMEOUT_S,
    )
    return dist / "CityCheck"


def run_built(bundle: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)  # the bundle must not lean on the source tree
    return subprocess.run([str(bundle / f"citycheck{EXE}"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=bundle.parent, timeout=300)


def test_built_program_reports_the_version_from_version_py(bundle):
    from desktop.version import __version__

    result = run_built(bundle, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"CityCheck {__version__}"


def test_built_program_passes_its_self_test(bundle):
    result = run_built(bundle, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "自检全部通过。"
    assert all(line.startswith("[通过]") for line in lines[:-1]) and len(lines) >= 8


def test_bundle_holds_the_data_files_and_both_programs(bundle):
    internal = bundle / "_internal"
    assert (bundle / f"citycheck{EXE}").is_file() and (bundle / f"CityCheckApp{EXE}").is_file()
    for relative in ("forms/definitions/房屋安全.yaml", "forms/definitions/_header.yaml",
                     "forms/rules/catalogue.yaml", "forms/indicators/catalogue.yaml",
                     "forms/store/migrations/env.py", "forms/store/migrations/versions/0001_initial.py"):
        assert (internal / relative).is_file(), relative


def test_bundle_leaves_out_unused_qt_and_stays_small(bundle):
    unused = re.compile(r"Qt6?(WebEngine|3D|Multimedia|Quick|Qml|Charts|Bluetooth|VirtualKeyboard)")
    assert not [path.name for path in bundle.rglob("*") if unused.search(path.name)]
    size_mb = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file()) / 1024 / 1024
    assert size_mb < MAX_FOLDER_MB, f"bundle is {size_mb:.0f} MB"
