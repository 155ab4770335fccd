"""Batch of building reports: one valid PDF per building, progress, cancel, safe file names."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.pdf import Scope, write_building_report, write_building_reports
from reports.pdf.batch import safe_file_name, split_by_district
from reports.pdf.parallel import useful_workers
from reports.pdf.sources import count_buildings, records_by_building
from reports.progress import Cancelled


class RecordingProgress:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.total = None
        self.label = ""
        self.done = 0
        self.cancel_after = cancel_after

    def start(self, total: int, label: str) -> None:
        self.total, self.label = total, label

    def advance(self, n: int = 1) -> None:
        self.done += n

    def cancelled(self) -> bool:
        return self.cancel_after is not None and self.done >= self.cancel_after


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("batch") / "demo.sqlite3")
    catalog = load_catalog()
    generate(db, 30, seed=3, catalog=catalog)
    yield db, catalog
    db.close()


def test_one_report_per_building_with_progress(demo, tmp_path):
    db, catalog = demo
    progress = RecordingProgress()
    result = write_building_reports(db, catalog, tmp_path / "out", scope=Scope("渝中区"), progress=progress)
    buildings = count_buildings(db, Scope("渝中区"))
    assert progress.total == progress.done == buildings == len(result.written) > 0
    assert "楼栋体检报告" in progress.label
    for path in result.written:
        assert "楼栋体检报告" in PdfReader(str(path)).pages[0].extract_text()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in result.written)


def test_cancel_stops_between_buildings_leaving_only_whole_files(demo, tmp_path):
    db, catalog = demo
    with pytest.raises(Cancelled):
        write_building_reports(db, catalog, tmp_path / "out", progress=RecordingProgress(cancel_after=2))
    written = sorted((tmp_path / "out").iterdir())
    assert len(written) == 2 and all(p.suffix == ".pdf" for p in written)
    assert all(len(PdfReader(str(p)).pages) >= 1 for p in written)


def test_buildings_are_read_a_page_at_a_time_without_losing_any(demo):
    db, _catalog = demo
    small_pages = [(code, [r.id for r in records]) for code, records in records_by_building(db, Scope(), page_size=3)]
    one_page = [(code, [r.id for r in records]) for code, records in records_by_building(db, Scope(), page_size=1000)]
    assert small_pages == one_page and len(one_page) == count_buildings(db, Scope())


def test_file_names_are_safe_on_windows():
    assert safe_file_name("渝中区", 'A/B:C*D?"<>|') == "渝中区_A_B_C_D_____.pdf"
    assert safe_file_name("") == "未编码楼栋.pdf"


def test_the_same_code_in_two_districts_is_two_buildings(demo):
    db, _catalog = demo
    _code, records = next(records_by_building(db, Scope()))
    other = [records[0].__class__(**{**records[0].__dict__, "district": "另一区", "id": "x"})]
    split = split_by_district("C1", records + other)
    assert [name for name, _dossier in split] == [f"{records[0].district}_C1.pdf", "另一区_C1.pdf"]


def test_workers_are_used_only_when_they_pay_off():
    assert useful_workers(4, 10) == 1
    assert useful_workers(2, 60) == 2
    assert useful_workers(8, 60) == 2


def test_worker_processes_write_the_same_reports(tmp_path):
    db = open_database(tmp_path / "many.sqlite3")
    catalog = load_catalog()
    generate(db, 100, seed=5, catalog=catalog)
    assert useful_workers(2, count_buildings(db, Scope())) == 2
    progress = RecordingProgress()
    parallel = write_building_reports(db, catalog, tmp_path / "parallel", workers=2, progress=progress)
    codes = [code for code, _records in records_by_building(db, Scope())]
    serial = write_building_report(db, catalog, codes[0], tmp_path / "serial.pdf")
    db.close()
    assert [p.name for p in parallel.written] == sorted(safe_file_name(code) for code in codes)
    assert progress.done == progress.total == len(codes)
    first_pages = [PdfReader(str(path)).pages[0].extract_text() for path in (parallel.written[0], serial)]
    assert [re.sub(r"CC-\d{8}-\d{5}", "编号", text) for text in first_pages[:1]] == \
        [re.sub(r"CC-\d{8}-\d{5}", "编号", text) for text in first_pages[1:]]
    assert len({re.search(r"CC-\d{8}-\d{5}", text).group() for text in first_pages}) == 2   # never the same number
