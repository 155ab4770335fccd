"""Personal data: masked in Excel exports and PDF reports unless included, never in the log."""

from __future__ import annotations

import logging
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.logging_setup import HIDDEN, close_logging, setup_logging
from forms.loader import load_catalog
from forms.privacy import mask_text
from forms.store.database import open_database
from forms.store.records import RecordStore

PLACE = {"district": "渝中区", "street": "解放碑街道", "community": "较场口社区", "building_code": "YZ-0042",
         "address": "民族路 88 号", "inspector": "周调查", "survey_date": "2026-09-01"}
HOUSING = {"building_name": "民族路住宅", "owner_name": "王小明", "contact_phone": "13812345678",
           "id_number": "500101199001011234", "notes": "屋面渗水严重需尽快处理"}
HISTORIC = {"hb_name": "民族路老宅", "owner_name": "赵四海", "contact_phone": "02388886666"}
SENSITIVE = ("王小明", "13812345678", "500101199001011234", "赵四海", "02388886666")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, catalog) -> Path:
    path = tmp_path_factory.mktemp("privacy") / "citycheck.sqlite3"
    db = open_database(path)
    store = RecordStore(db, catalog)
    store.create("housing_safety", inspector="周调查", place=PLACE, answers=HOUSING)
    store.create("historic_buildings", inspector="周调查", place=PLACE, answers=HISTORIC)
    db.close()
    return path


def record_id(db_path: Path, form_id: str, catalog) -> str:
    db = open_database(db_path)
    try:
        return next(r.id for r in RecordStore(db, catalog).query() if r.form_id == form_id)
    finally:
        db.close()


def workbook_text(path: Path) -> str:
    """Every XML part of the workbook (cells, shared strings, hidden sheets, comments) as text."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def readme_value(path: Path, label: str) -> str:
    book = load_workbook(path, read_only=True)
    try:
        rows = book["说明"].iter_rows(values_only=True)
        return next(str(row[1]) for row in rows if row and row[0] == label)
    finally:
        book.close()


def pdf_text(path: Path) -> str:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def run(*argv: str) -> None:
    assert main(list(argv)) == 0


# -- Excel -----------------------------------------------------------------------------
def test_excel_export_masks_personal_data_by_default(db_path, tmp_path):
    out = tmp_path / "导出.xlsx"
    run("--db", str(db_path), "export", "--out", str(out))
    text = workbook_text(out)
    assert not [value for value in SENSITIVE if value in text]
    assert mask_text("王小明") in text and mask_text("13812345678") in text
    assert "民族路住宅" in text  # ordinary answers are exported as they are
    assert readme_value(out, "包含个人信息").startswith("否")


def test_excel_export_includes_personal_data_only_when_asked(db_path, tmp_path):
    out = tmp_path / "含个人信息.xlsx"
    run("--db", str(db_path), "export", "--out", str(out), "--include-sensitive")
    text = workbook_text(out)
    assert all(value in text for value in SENSITIVE)
    assert readme_value(out, "包含个人信息") == "是"


def test_excel_zip_export_masks_personal_data(db_path, tmp_path):
    out = tmp_path / "带照片.zip"
    run("--db", str(db_path), "export", "--out", str(out), "--with-photos")
    with zipfile.ZipFile(out) as archive:
        [inner] = [name for name in archive.namelist() if name.endswith(".xlsx")]
        (tmp_path / "inner.xlsx").write_bytes(archive.read(inner))
    text = workbook_text(tmp_path / "inner.xlsx")
    assert not [value for value in SENSITIVE if value in text]


def test_merging_masked_exports_keeps_them_masked(db_path, tmp_path):
    masked, full = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run("--db", str(db_path), "export", "--out", str(masked))
    run("--db", str(db_path), "export", "--out", str(full), "--include-sensitive")
    merged = tmp_path / "合并.xlsx"
    run("merge", str(masked), str(full), "--out", str(merged))
    assert not [value for value in SENSITIVE if value in workbook_text(merged)]
    assert readme_value(merged, "包含个人信息").startswith("否")


# -- PDF -------------------------------------------------------------------------------
def test_pdf_record_report_masks_personal_data_by_default(db_path, catalog, tmp_path):
    out = tmp_path / "记录.pdf"
    run("--db", str(db_path), "report", "record", "--id", record_id(db_path, "housing_safety", catalog),
        "--out", str(out))
    text = pdf_text(out)
    assert "民族路住宅" in text  # the text layer is readable, so absence below means masked
    assert not [value for value in SENSITIVE if value in text]
    assert mask_text("王小明") in text


def test_pdf_record_report_includes_personal_data_only_when_asked(db_path, catalog, tmp_path):
    out = tmp_path / "记录-含个人信息.pdf"
    run("--db", str(db_path), "report", "record", "--id", record_id(db_path, "housing_safety", catalog),
        "--out", str(out), "--include-sensitive")
    text = pdf_text(out)
    assert all(value in text for value in ("王小明", "13812345678", "500101199001011234"))


def test_pdf_building_report_masks_every_survey_of_the_building(db_path, tmp_path):
    out = tmp_path / "楼栋.pdf"
    run("--db", str(db_path), "report", "building", "--code", "YZ-0042", "--out", str(out))
    text = pdf_text(out)
    assert "民族路老宅" in text and "民族路住宅" in text
    assert not [value for value in SENSITIVE if value in text]


def test_pdf_district_summary_never_shows_personal_data(db_path, tmp_path):
    out = tmp_path / "汇总.pdf"
    run("--db", str(db_path), "report", "district", "--out", str(out))
    text = pdf_text(out)
    assert "解放碑街道" in text and "YZ-0042" in text
    assert not [value for value in SENSITIVE if value in text]


# -- Logs ------------------------------------------------------------------------------
@pytest.fixture
def log_file(tmp_path):
    # Even if something turned SQL echo on, the log must not get statement parameters.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    path = setup_logging(tmp_path / "logs" / "citycheck.log", level=logging.DEBUG, install_excepthook=False)
    yield path
    close_logging()


def test_log_never_contains_answers_through_save_export_import_and_report(log_file, catalog, tmp_path):
    db_path = tmp_path / "logged.sqlite3"
    db = open_database(db_path)
    store = RecordStore(db, catalog)
    record = store.create("housing_safety", inspector="周调查", place=PLACE, answers=HOUSING)
    store.save_answers(record.id, {**record.answers, "floors_above": 7}, who="周调查")
    db.close()
    out = tmp_path / "x.xlsx"
    run("--db", str(db_path), "export", "--out", str(out), "--include-sensitive")
    run("--db", str(tmp_path / "other.sqlite3"), "import", str(out))
    run("--db", str(db_path), "report", "record", "--id", record.id, "--out", str(tmp_path / "r.pdf"),
        "--include-sensitive")
    logging.getLogger("citycheck.test").debug("record saved: %s", record.answers)
    logging.getLogger("citycheck.test").info("answers %(answers)s", {"answers": record.answers})
    text = log_file.read_text(encoding="utf-8")
    assert "record saved" in text and HIDDEN in text
    assert not [value for value in (*SENSITIVE, HOUSING["notes"], "民族路住宅") if value in text]


def test_log_cuts_statement_parameters_out_of_database_errors(log_file, catalog, tmp_path):
    from sqlalchemy import exc, text

    db = open_database(tmp_path / "e.sqlite3")
    insert = text("INSERT INTO meta (key, value) VALUES (:k, :v)")
    try:
        with pytest.raises(exc.IntegrityError) as caught, db.engine.begin() as connection:
            for value in SENSITIVE[:2]:
                connection.execute(insert, {"k": "x", "v": value})
    finally:
        db.close()
    assert SENSITIVE[1] not in str(caught.value)  # the store's engine hides statement parameters ...
    quoted = RuntimeError(f"(sqlite3.IntegrityError) failed\n[parameters: ('{SENSITIVE[0]}', '{SENSITIVE[1]}')]")
    logging.getLogger("desktop.background").error("unexpected failure in %s", "保存", exc_info=caught.value)
    logging.getLogger("desktop.background").warning("failed: %s", quoted)
    text_logged = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in text_logged and "[parameters: " in text_logged
    assert SENSITIVE[0] not in text_logged and SENSITIVE[1] not in text_logged  # ... and the log cuts them too


def test_log_rotates_instead_of_growing_without_end(tmp_path):
    from desktop import logging_setup

    path = setup_logging(tmp_path / "rot" / "citycheck.log", install_excepthook=False)
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(path))
        assert handler.maxBytes == logging_setup.MAX_BYTES and handler.backupCount == logging_setup.BACKUP_COUNT
        for _ in range(3):
            handler.doRollover()
        assert sorted(p.name for p in path.parent.iterdir()) == [
            "citycheck.log", "citycheck.log.1", "citycheck.log.2", "citycheck.log.3"]
    finally:
        close_logging()


def test_default_log_path_is_in_the_user_log_folder():
    from platformdirs import user_log_path

    from desktop.logging_setup import default_log_path

    assert default_log_path() == user_log_path("CityCheck", "CityCheck") / "citycheck.log"


def test_uncaught_exceptions_are_logged_then_passed_on(tmp_path):
    import sys

    seen = []
    previous = sys.excepthook
    sys.excepthook = lambda *info: seen.append(info[0])
    try:
        path = setup_logging(tmp_path / "hook" / "citycheck.log")
        try:
            raise LookupError("no such record")
        except LookupError:
            sys.excepthook(*sys.exc_info())
        close_logging()
        assert seen == [LookupError]
    finally:
        sys.excepthook = previous
    assert "uncaught exception" in path.read_text(encoding="utf-8")
