"""Large exports build their rows in a producer process: the same workbook, a clean cancel, errors that arrive."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import sqlite3
import tempfile
import zipfile

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy.exc import OperationalError
from test_excel_support import demo_database

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel import export
from reports.excel.export import ExportSelection, export_workbook
from reports.excel.errors import ExcelError
from reports.excel.format.layout import INDICATORS_SHEET, README_SHEET
from reports.excel.write import export_producer
from reports.excel.write.temp_storage import TemporaryFolderFull
from reports.progress import Cancelled, NullProgress

DEMO_RECORDS = 600
ALWAYS, NEVER = 0, 10**9          # pipeline thresholds that force one path or the other
EXPORT_TIME = "导出时间"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, catalog):
    with demo_database(tmp_path_factory.mktemp("pipeline"), DEMO_RECORDS, 11, catalog) as db:
        yield db


@pytest.fixture
def quiet_temp(tmp_path, monkeypatch):
    """A folder of its own for temporary files (openpyxl's, the row spools'), to see that none is left."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def export_with(threshold, monkeypatch, db, out, **options):
    with monkeypatch.context() as patch:
        patch.setattr(export, "PIPELINE_THRESHOLD", threshold)
        return export_workbook(db, out, **options)


def workbook_cells(path):
    """Every sheet's name, visibility and cells, without the export time in 说明."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        sheets = {}
        for meta in book.sheets_metadata:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            if meta.name == README_SHEET:
                rows = [row for row in rows if row[0] != EXPORT_TIME]
            sheets[meta.name] = (str(meta.visible), rows)
        return sheets
    finally:
        book.close()


class CancelAfter(NullProgress):
    def __init__(self, records: int) -> None:
        self.left = records

    def advance(self, n: int = 1) -> None:
        self.left -= n

    def cancelled(self) -> bool:
        return self.left <= 0


class KillProducerAfter(NullProgress):
    """Kills the producer process part-way, as the system would when it runs out of memory."""

    def __init__(self, records: int) -> None:
        self.left = records

    def advance(self, n: int = 1) -> None:
        self.left -= n
        if self.left == 0:
            for child in multiprocessing.active_children():
                child.kill()


CASES = {
    "masked": {},
    "sensitive": {"include_sensitive": True},
    "final in one district": {"selection": ExportSelection(district="渝中区", status="final")},
    "one survey": {"selection": ExportSelection(form_id="房屋安全", status="draft")},
    "nothing selected": {"selection": ExportSelection(district="没有这个区")},
}


@pytest.mark.parametrize("options", CASES.values(), ids=CASES.keys())
def test_pipelined_export_writes_the_same_workbook(demo_db, catalog, tmp_path, monkeypatch, options):
    here = export_with(NEVER, monkeypatch, demo_db, tmp_path / "here.xlsx", catalog=catalog, **options)
    piped = export_with(ALWAYS, monkeypatch, demo_db, tmp_path / "piped.xlsx", catalog=catalog, **options)
    cells = workbook_cells(piped.path)
    assert workbook_cells(here.path) == cells
    assert dataclasses.replace(here, path=piped.path) == piped
    assert (INDICATORS_SHEET in cells) == (piped.total > 0)     # a reserved sheet with no rows is left out


def test_pipelined_export_with_photos_packs_the_same_files(demo_db, catalog, tmp_path, monkeypatch):
    here = export_with(NEVER, monkeypatch, demo_db, tmp_path / "here.zip", catalog=catalog, with_photos=True)
    piped = export_with(ALWAYS, monkeypatch, demo_db, tmp_path / "piped.zip", catalog=catalog, with_photos=True)
    assert piped.photos == here.photos > 0 and piped.missing_photos == here.missing_photos
    assert unpacked(here.path, tmp_path / "here") == unpacked(piped.path, tmp_path / "piped")


def unpacked(archive, folder):
    """The archive's photo names and its workbook's cells."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
        names = opened.namelist()
    return sorted(name for name in names if name.startswith("photos/")), workbook_cells(folder / names[0])


def test_cancelled_pipelined_export_leaves_no_file_and_no_producer(demo_db, catalog, tmp_path, monkeypatch,
                                                                  quiet_temp):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_with(ALWAYS, monkeypatch, demo_db, out / "cancelled.xlsx", catalog=catalog,
                    progress=CancelAfter(300))
    assert list(out.iterdir()) == [] and list(quiet_temp.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_unreadable_database_in_the_producer_is_raised_and_leaves_no_file(demo_db, catalog, tmp_path,
                                                                         monkeypatch, quiet_temp):
    gone = dataclasses.replace(demo_db, path=tmp_path / "gone.sqlite3")   # counted here, missing there
    with pytest.raises(OperationalError, match="unable to open database file"):
        export_with(ALWAYS, monkeypatch, gone, tmp_path / "failed.xlsx", catalog=catalog)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["temp"] and list(quiet_temp.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_producer_error_is_the_error_the_export_raises_in_process(catalog, tmp_path, monkeypatch):
    db = open_database(tmp_path / "broken.sqlite3")
    try:
        generate(db, 40, 3, catalog)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE record SET answers = '{\"floors\": ' WHERE rowid = 7")
        errors = []
        for threshold in (NEVER, ALWAYS):
            with pytest.raises(json.JSONDecodeError) as raised:
                export_with(threshold, monkeypatch, db, tmp_path / "broken.xlsx", catalog=catalog)
            errors.append((type(raised.value), str(raised.value)))
    finally:
        db.close()
    assert errors[0] == errors[1]
    assert not (tmp_path / "broken.xlsx").exists()


def test_a_killed_producer_is_noticed_instead_of_waited_for(demo_db, catalog, tmp_path, monkeypatch, quiet_temp):
    with pytest.raises(ExcelError, match="意外退出") as raised:
        export_with(ALWAYS, monkeypatch, demo_db, tmp_path / "lost.xlsx", catalog=catalog,
                    progress=KillProducerAfter(100))
    assert raised.value.code == "export-004"
    assert not (tmp_path / "lost.xlsx").exists() and list(quiet_temp.iterdir()) == []


def test_sqlite_out_of_sort_room_in_the_producer_names_the_temporary_folder(demo_db, catalog, monkeypatch):
    """The producer's sort files fill the temporary folder: the parent hears which folder (export-005)."""
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13      # what SQLite sets when it has no room left (SQLITE_FULL)

    def stream_out_of_room(*_args):
        raise OperationalError("SELECT …", (), full)
        yield

    monkeypatch.setattr(export_producer, "stream_versions", stream_out_of_room)
    receiving, sending = multiprocessing.Pipe(duplex=False)
    request = export_producer.ProducerRequest(
        db_path=demo_db.path, device_id=demo_db.device_id, catalog=export_producer.pickled_catalog(catalog),
        selection=ExportSelection().record_filter(), form_ids=tuple(catalog), include_sensitive=False,
        collect_photos=False)
    export_producer.produce_rows(sending, request)
    message = receiving.recv()
    receiving.close()
    assert isinstance(message, export_producer.ProducerFailed)
    assert isinstance(message.error, TemporaryFolderFull) and "full" in message.error.detail
