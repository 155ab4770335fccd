"""Kill the running app with SIGKILL mid-survey; the restarted app shows every field entered."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app_context import Inspector
from desktop.inspector_dialog import remember_inspector
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore

HOOKS = Path(__file__).parent / "hooks"
REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60

pytestmark = pytest.mark.slow


def app_process(db_path: Path, hook: str, **extra_env: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CITYCHECK_HOOK": str(HOOKS / hook),
           "PYTHONPATH": str(REPO), **extra_env}
    return subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db_path)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def read_line_starting(process: subprocess.Popen, prefix: str) -> str:
    for line in process.stdout:
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    process.wait(TIMEOUT_S)
    raise AssertionError(f"app ended without {prefix!r}: {process.stderr.read()}")


def test_every_field_survives_sigkill(tmp_path):
    db_path = tmp_path / "crash.sqlite3"
    db = open_database(db_path)
    remember_inspector(db, Inspector("赵外业", "Z-01"))
    db.close()

    first = app_process(db_path, "enter_then_wait.py")
    try:
        record_id = read_line_starting(first, "ENTERED ")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(TIMEOUT_S)
    assert first.returncode == -signal.SIGKILL

    second = app_process(db_path, "report_and_quit.py", CITYCHECK_RECORD=record_id)
    shown = json.loads(read_line_starting(second, "SHOWN "))
    second.wait(TIMEOUT_S)
    assert second.returncode == 0, second.stderr.read()

    typed = {"district": "渝中区", "street": "解放碑街道", "community": "民生路社区",
             "building_code": "500103077", "address": "民生路77号", "building_name": "民生路77号楼",
             "year_built": "1978", "floors_above": "5", "households": "12", "inspector": "赵外业"}
    assert {key: shown[key] for key in typed} == typed
    assert shown["land_type"] == "collective" and shown["self_built"] == "yes"
    assert shown["section"] == "use_owner", "reopening resumes at the last section"

    catalog = load_catalog()
    db = open_database(db_path)
    try:
        answers = RecordStore(db, catalog).get(record_id).answers
    finally:
        db.close()
    assert answers["year_built"] == 1978 and answers["households"] == 12
    assert answers["land_type"] == "collective" and answers["building_name"] == "民生路77号楼"
