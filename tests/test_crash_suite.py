"""Crash suite: SIGKILL a process at random moments while it saves, imports or merges.

Each round forks a child from the test process (everything already imported, so a
round costs well under a second). The child writes one acknowledgement line to a
pipe after every commit; after the kill the database must pass `PRAGMA
integrity_check` and hold every acknowledged change, an import must be all or
nothing, and a merge output or backup file must be either absent or complete.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import sys
import threading
import time
import traceback
from contextlib import closing
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)"),
]

ROUNDS = {"save": 24, "import": 14, "merge": 14}   # 52 kills in all
MAX_DELAY_S = {"save": 0.8}
EXPORT_FILES = 4
RECORDS_PER_FILE = 30


# -- the child ------------------------------------------------------------------------
class Acknowledger:
    """Writes whole lines straight to the pipe: nothing waits in a buffer when the kill comes."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __call__(self, *parts: object) -> None:
        os.write(self.fd, (" ".join(str(p) for p in parts) + "\n").encode("utf-8"))


def child_save(ack: Acknowledger, catalog, db_path: Path, _work: Path) -> None:
    from forms.store.database import open_database
    from forms.store.records import RecordStore

    store = RecordStore(open_database(db_path), catalog)
    ack("READY")
    for number in range(100_000):
        if number % 7 == 0:
            record = store.create("old_pipelines", inspector="孙六", place={"building_code": f"K-{number}"})
        else:
            record = store.save_answers(record.id, {**record.answers, "start_point": f"v{number}"}, who="孙六")
        ack("ACK", record.id, record.revision, record.answers.get("start_point", ""))


def child_import(ack: Acknowledger, catalog, db_path: Path, work: Path) -> None:
    from forms.store.backup import backup_before
    from forms.store.database import open_database
    from reports.excel.importer import import_file

    db = open_database(db_path)
    ack("READY")
    for number in range(EXPORT_FILES):
        backup_before(db, "import")
        result = import_file(db, work / f"export-{number}.xlsx", catalog=catalog)
        ack("ACK", number, result.inserted)


def child_merge(ack: Acknowledger, catalog, _db_path: Path, work: Path) -> None:
    from reports.excel.merge.workbooks import merge_workbooks

    ack("READY")
    for number in range(EXPORT_FILES - 1):
        inputs = [work / f"export-{number}.xlsx", work / f"export-{number + 1}.xlsx"]
        result = merge_workbooks(inputs, work / "out" / f"merged-{number}.xlsx", catalog=catalog)
        ack("ACK", number, result.records_out)


def child_export_to_full_disk(ack: Acknowledger, catalog, db_path: Path, work: Path) -> None:
    """Export again and again onto a disk with room for about one workbook: each ends whole or coded."""
    from forms.store.database import open_database
    from reports.excel.errors import ExcelError
    from reports.excel.export import export_workbook

    db = open_database(db_path)
    ack("READY")
    for number in range(EXPORT_FILES):
        try:
            export_workbook(db, work / "disk" / f"export-{number}.xlsx", catalog=catalog)
            ack("ACK", number, "written")
        except ExcelError as error:
            ack("ACK", number, error.code)


CHILDREN = {"save": child_save, "import": child_import, "merge": child_merge,
            "export_full": child_export_to_full_disk}


def run_child(fd: int, mode: str, catalog, db_path: Path, work: Path) -> None:
    """The forked child's whole life: work, acknowledge, and leave without running the parent's exit hooks."""
    ack = Acknowledger(fd)
    status = 0
    try:
        CHILDREN[mode](ack, catalog, db_path, work)
        ack("DONE")
    except BaseException:  # noqa: BLE001 - report anything to the parent, which fails the test
        ack("ERROR", traceback.format_exc().replace("\n", " | "))
        status = 1
    finally:
        os._exit(status)


# -- the tests ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    """The surveys, an empty migrated database and a few exports with distinct records (ids per file)."""
    from forms.demo import generate
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.excel.export import export_workbook

    catalog = load_catalog()
    work = tmp_path_factory.mktemp("crash")
    open_database(work / "empty.sqlite3").close()
    ids = []
    for number in range(EXPORT_FILES):
        db = open_database(work / f"source-{number}.sqlite3")
        generate(db, RECORDS_PER_FILE, 100 + number, catalog)
        export_workbook(db, work / f"export-{number}.xlsx", catalog=catalog, include_sensitive=True)
        with closing(sqlite3.connect(db.path)) as connection:
            ids.append({row[0] for row in connection.execute("SELECT id FROM record")})
        db.close()
    return catalog, work, ids


class Child:
    """A forked child whose complete acknowledgement lines are collected as they arrive."""

    def __init__(self, mode: str, catalog, db_path: Path, work: Path) -> None:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_fd)
            run_child(write_fd, mode, catalog, db_path, work)
        os.close(write_fd)
        self.stream = os.fdopen(read_fd, "rb")
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.stream:
            if raw.endswith(b"\n"):  # a line cut by the kill was never acknowledged
                line = raw.decode("utf-8").rstrip("\n")
                self.lines.append(line)
                if line == "READY":
                    self.ready.set()
        self.ready.set()

    def kill_after(self, delay: float) -> None:
        assert self.ready.wait(60), "child never got ready"
        time.sleep(delay)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _pid, status = os.waitpid(self.pid, 0)
        self.reader.join(30)
        self.stream.close()
        errors = [line for line in self.lines if line.startswith("ERROR")]
        assert not errors, errors[0]
        # Finishing on its own is fine; dying of anything but our kill is not.
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 or \
            os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status

    def run_to_end(self) -> float:
        """Let the child finish undisturbed and return how long its work took, in seconds."""
        assert self.ready.wait(60), "child never got ready"
        started = time.monotonic()
        os.waitpid(self.pid, 0)
        elapsed = time.monotonic() - started
        self.reader.join(30)
        self.stream.close()
        return elapsed

    @property
    def killed(self) -> bool:
        """Tell whether the kill came before the child finished its work."""
        return "DONE" not in self.lines

    def acks(self) -> list[list[str]]:
        return [line.split(" ")[1:] for line in self.lines if line.startswith("ACK ")]


def kill_window(mode: str, catalog, db_path: Path, work: Path) -> float:
    """Time one undisturbed run, so kills land while this machine is still doing the work."""
    return 0.8 * Child(mode, catalog, db_path, work).run_to_end()


def assert_intact(path: Path) -> None:
    from forms.store.integrity import check_integrity

    report = check_integrity(path)
    assert report.ok, report.summary


def stored(path: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


def test_killed_while_saving_keeps_every_acknowledged_save(tmp_path, fixtures):
    import json

    catalog, work, _ids = fixtures
    rng = random.Random(7)
    killed = 0
    for round_number in range(ROUNDS["save"]):
        db_path = tmp_path / f"save-{round_number}.sqlite3"
        shutil.copy(work / "empty.sqlite3", db_path)
        child = Child("save", catalog, db_path, work)
        child.kill_after(rng.uniform(0, MAX_DELAY_S["save"]))
        killed += child.killed
        assert_intact(db_path)
        rows = {rid: (rev, json.loads(answers)) for rid, rev, answers in
                stored(db_path, "SELECT id, revision, answers FROM record")}
        latest = {}
        for record_id, revision, value in child.acks():
            latest[record_id] = (int(revision), value)
        for record_id, (revision, value) in latest.items():
            assert record_id in rows, f"round {round_number}: acknowledged record {record_id} lost"
            stored_revision, answers = rows[record_id]
            # One more save may have committed between the last acknowledgement and the kill.
            assert stored_revision in (revision, revision + 1), f"round {round_number}"
            if stored_revision == revision:
                assert answers.get("start_point", "") == value, f"round {round_number}"
    assert killed == ROUNDS["save"]


def test_killed_while_importing_keeps_every_acknowledged_import_whole(tmp_path, fixtures):
    from forms.store.backup import list_backups
    from forms.store.integrity import check_integrity

    catalog, work, ids = fixtures
    rng = random.Random(11)
    killed = 0
    calibration = tmp_path / "calibration" / "citycheck.sqlite3"
    calibration.parent.mkdir()
    shutil.copy(work / "empty.sqlite3", calibration)
    window = kill_window("import", catalog, calibration, work)
    for round_number in range(ROUNDS["import"]):
        db_path = tmp_path / f"import-{round_number}" / "citycheck.sqlite3"
        db_path.parent.mkdir()
        shutil.copy(work / "empty.sqlite3", db_path)
        child = Child("import", catalog, db_path, work)
        child.kill_after(rng.uniform(0, window))
        killed += child.killed
        assert_intact(db_path)
        present = {row[0] for row in stored(db_path, "SELECT id FROM record")}
        acknowledged = {int(number) for number, _inserted in child.acks()}
        for number, file_ids in enumerate(ids):
            inside = file_ids & present
            assert inside in (set(), file_ids), f"round {round_number}: file {number} half imported"
            if number in acknowledged:
                assert inside == file_ids, f"round {round_number}: acknowledged file {number} lost"
        for backup in list_backups(db_path, counts=False):  # a finished backup is always whole
            assert check_integrity(backup.path).ok, backup.path.name
    assert killed >= ROUNDS["import"] // 2, "most kills should land before the imports finish"


def test_killed_while_merging_never_leaves_a_half_written_output(tmp_path, fixtures):
    from reports.excel.read.workbook_reader import read_export

    catalog, work, ids = fixtures
    rng = random.Random(13)
    killed = 0
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for number in range(EXPORT_FILES):
        shutil.copy(work / f"export-{number}.xlsx", inputs)
    (inputs / "out").mkdir()
    window = kill_window("merge", catalog, tmp_path / "unused.sqlite3", inputs)
    for round_number in range(ROUNDS["merge"]):
        out = inputs / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        child = Child("merge", catalog, tmp_path / "unused.sqlite3", inputs)
        child.kill_after(rng.uniform(0, window))
        killed += child.killed
        acknowledged = {int(number) for number, _count in child.acks()}
        for merged in sorted(out.glob("merged-*.xlsx")):
            number = int(merged.stem.split("-")[1])
            content = read_export(merged, catalog)  # complete and readable, or not there at all
            assert {v.id for v in content.versions} == ids[number] | ids[number + 1], f"round {round_number}"
        for number in acknowledged:
            assert (out / f"merged-{number}.xlsx").exists(), f"round {round_number}: acknowledged merge lost"
    assert killed >= ROUNDS["merge"] // 2, "most kills should land before the merges finish"


# -- killed exports leave nothing the next run keeps (issue 13, item 15) ------------------
def test_a_killed_export_leaves_files_the_next_export_clears(tmp_path):
    """SIGKILL an export while its unfinished file is beside the output; the next export removes it."""
    import subprocess

    from forms.demo import generate
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.excel.read.workbook_reader import read_export
    from reports.leftovers import PREFIX

    catalog = load_catalog()
    db_path = tmp_path / "citycheck.sqlite3"
    db = open_database(db_path)
    generate(db, 400, 17, catalog)
    db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / ".someone-else.tmp").write_text("not ours")
    command = [sys.executable, "-m", "desktop", "--db", str(db_path), "export", "--with-photos",
               "--out", str(out_dir / "导出.zip")]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(PREFIX) for p in out_dir.iterdir()):
        assert child.poll() is None and time.monotonic() < deadline, "the export ended before it could be killed"
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    left = [p.name for p in out_dir.iterdir() if p.name.startswith(PREFIX)]
    assert left, "the kill should leave the unfinished file"
    assert not (out_dir / "导出.zip").exists()

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [".someone-else.tmp", "导出.zip"]
    assert len(read_export(out_dir / "导出.zip", catalog).versions) == 400


# -- two importers at once: neither fails on the other's lock (issue 13, item 14) ----------
def test_killing_one_of_two_concurrent_imports_leaves_the_other_whole(tmp_path, fixtures):
    catalog, work, ids = fixtures
    rng = random.Random(19)
    for round_number in range(4):
        db_path = tmp_path / f"both-{round_number}" / "citycheck.sqlite3"
        db_path.parent.mkdir()
        shutil.copy(work / "empty.sqlite3", db_path)
        victim = Child("import", catalog, db_path, work)
        survivor = Child("import", catalog, db_path, work)
        victim.kill_after(rng.uniform(0, 0.5))
        survivor.run_to_end()
        assert not [line for line in survivor.lines if line.startswith("ERROR")], survivor.lines
        assert "DONE" in survivor.lines
        assert_intact(db_path)
        present = {row[0] for row in stored(db_path, "SELECT id FROM record")}
        assert set().union(*ids) <= present, f"round {round_number}: the surviving import lost records"


# -- killed while exporting onto a full disk (issue 13, item 12) ------------------------------
def test_killed_while_exporting_onto_a_full_disk_leaves_whole_files_or_none(tmp_path, fixtures):
    from small_disk import small_disk

    from forms.store.database import open_database
    from reports.excel.export import export_workbook
    from reports.excel.read.workbook_reader import read_export

    catalog, work, _ids = fixtures
    source = work / "source-0.sqlite3"
    rng = random.Random(23)
    written = set()
    with small_disk(tmp_path / "disk", free=150 * 1024) as disk:
        window = kill_window("export_full", catalog, source, tmp_path)
        for round_number in range(6):
            for path in disk.iterdir():
                if path.name != "filler":
                    path.unlink()
            child = Child("export_full", catalog, source, tmp_path)
            child.kill_after(rng.uniform(0, window))
            outcomes = {outcome for _number, outcome in child.acks()}
            assert outcomes <= {"written", "export-001"}
            written |= outcomes
            for path in disk.glob("export-*.xlsx"):     # complete and readable, or not there at all
                assert len(read_export(path, catalog).versions) == RECORDS_PER_FILE, f"round {round_number}"
        for path in disk.glob("export-*.xlsx"):
            path.unlink()
        os.truncate(disk / "filler", 0)
        db = open_database(source)
        try:
            export_workbook(db, disk / "again.xlsx", catalog=catalog)   # clears what the kills left
        finally:
            db.close()
        assert sorted(p.name for p in disk.iterdir()) == ["again.xlsx", "filler"]
    assert written == {"written", "export-001"}, "the disk should take some exports and refuse others"
