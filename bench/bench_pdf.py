"""Hand-run benchmark: a batch of building reports and a district summary over many demo records.

    python bench/bench_pdf.py [--buildings 1000] [--records 100000] [--workdir DIR]

Batch: `write_building_reports` writing `--buildings` building reports from a demo store, in this process
and in 2 worker processes (target ≥ 20 reports/s), against a same-run baseline of bare reportlab writing
one page of CJK text per building.
Summary: `write_district_summary` over `--records` demo records (target ≤ 10 s), against a same-run
baseline of only streaming the same rows out of SQLite. `--workdir` keeps the demo databases between
runs (generating 100,000 records takes a few minutes).
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH_TARGET_PER_S = 20
SUMMARY_TARGET_S = 10
WORKERS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buildings", type=int, default=1000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the demo databases here between runs")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_pdf_"))
    workdir.mkdir(parents=True, exist_ok=True)
    # Demo buildings often hold several surveys: twice the records gives enough buildings.
    bench_batch(prepare_database(workdir, 2 * args.buildings, args.seed), workdir, args.buildings)
    bench_summary(prepare_database(workdir, args.records, args.seed))


def prepare_database(workdir: Path, count: int, seed: int) -> Path:
    db_path = workdir / f"demo-{count}-{seed}.sqlite3"
    if db_path.exists():
        return db_path
    from forms.demo import generate
    from forms.store.database import open_database

    started = time.perf_counter()
    db = open_database(db_path)
    generate(db, count, seed)
    db.close()
    print(f"demo database: {count} records in {time.perf_counter() - started:.0f} s")
    return db_path


class StopAfter:
    """A progress reporter that asks the batch to stop after `limit` reports."""

    def __init__(self, limit: int) -> None:
        self.limit, self.done = limit, 0

    def start(self, total: int, label: str) -> None:
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n

    def cancelled(self) -> bool:
        return self.done >= self.limit


def bench_batch(db_path: Path, workdir: Path, buildings: int) -> None:
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.pdf import report_fonts, write_building_reports
    from reports.progress import Cancelled

    db, catalog, fonts = open_database(db_path), load_catalog(), report_fonts()
    for workers in (1, WORKERS):
        out = Path(tempfile.mkdtemp(prefix="batch_", dir=workdir))
        started = time.perf_counter()
        try:
            write_building_reports(db, catalog, out, fonts=fonts, workers=workers, progress=StopAfter(buildings))
        except Cancelled:
            pass
        elapsed = time.perf_counter() - started
        written = list(out.glob("*.pdf"))
        count = len(written)
        baseline = bare_reportlab_seconds(fonts.name, count)
        rate = count / elapsed
        verdict = "ok" if rate >= BATCH_TARGET_PER_S else "SLOW"
        size = sum(p.stat().st_size for p in written) / 1e6
        print(f"batch ({workers} process{'es' if workers > 1 else ''}): {count} building reports in {elapsed:.1f} s "
              f"= {rate:.1f} reports/s (target ≥ {BATCH_TARGET_PER_S}) [{verdict}]; bare reportlab one page each: "
              f"{baseline:.1f} s, ratio {elapsed / baseline:.1f}×; output {size:.1f} MB")
        shutil.rmtree(out)
    db.close()


def bare_reportlab_seconds(font_name: str, count: int) -> float:
    """Baseline: one A4 page of 40 CJK lines per building, drawn straight on a canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    line = "房屋安全 建成年份 1985 年 结构类型 砖混 安全隐患 燃气 围护 处理建议 观察使用"
    started = time.perf_counter()
    for _ in range(count):
        canvas = Canvas(io.BytesIO(), pagesize=A4, initialFontName=font_name)
        for row in range(40):
            canvas.drawString(50, 800 - row * 18, line)
        canvas.showPage()
        canvas.save()
    return time.perf_counter() - started


def bench_summary(db_path: Path) -> None:
    from pypdf import PdfReader

    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.pdf import DistrictSummary, Scope, report_fonts
    from reports.pdf.district_data import gather_district_facts, stored_rows

    db, catalog, fonts = open_database(db_path), load_catalog(), report_fonts()
    started = time.perf_counter()
    rows = sum(1 for _ in stored_rows(db, Scope()))
    scan = time.perf_counter() - started
    started = time.perf_counter()
    facts = gather_district_facts(db, catalog, Scope())
    gathered = time.perf_counter() - started
    buffer = io.BytesIO()
    DistrictSummary(facts, catalog, fonts).render(buffer)
    total = time.perf_counter() - started
    db.close()
    pages = len(PdfReader(buffer).pages)
    verdict = "ok" if total <= SUMMARY_TARGET_S else "SLOW"
    print(f"summary: {rows} records, {facts.ledger_total} problems, {pages} pages in {total:.1f} s "
          f"(gather {gathered:.1f} s + typeset {total - gathered:.1f} s; target ≤ {SUMMARY_TARGET_S} s) [{verdict}]; "
          f"bare row scan {scan:.1f} s, ratio {total / scan:.1f}×")


if __name__ == "__main__":
    main()
