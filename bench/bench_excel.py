"""Hand-run benchmark: Excel export and merge against bare openpyxl writing and calamine reading.

    python bench/bench_excel.py --count 100000 [--workdir DIR] [--files 20] [--only export|merge] [--rounds 3]
                                [--row-budget BYTES] [--before DIR]

Export: our export of N demo records vs openpyxl write-only writing the same cells (target ≤ 1.15×),
peak memory of the export process plus its producer process (target ≤ 300 MB). Merge: merging F
files totalling N records vs python-calamine only reading the same files (target ≤ 1.3×), alternated
over several rounds, the median ratio printed last (`--row-budget 0` measures a merge that keeps
every row in its temporary file, as a city-level merge does past its budget). Each measurement
runs in its own process so peak memory is that run's alone.

`--producer` alternates the export with and without its producer process and prints the gain.
`--before DIR` (a checkout of an earlier CityCheck) measures that code instead of the bare
libraries: the same export and merge run with PYTHONPATH=DIR, alternated with this code's over the
rounds, and the median after/before ratio is printed (targets: export ≤ 1.0×, merge ≤ 1.3×).

The benchmark fails (exit status 1) when any merge input of this code took the full reader: every
input here is a file CityCheck wrote, so each must take the fast reader.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = "CITYCHECK_BENCH_CODE"       # which checkout a child measures
sys.path.insert(0, os.environ.get(CODE, str(ROOT)))

EXPORT_TARGET = 1.15
MERGE_TARGET = 1.3
MEMORY_TARGET_MB = 300
EXPORT_BEFORE_TARGET = 1.0
MERGE_BEFORE_TARGET = 1.3


class FullReaderTaken(Exception):
    """A merge input CityCheck wrote was read by the full reader: the fast path failed it."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the demo database here between runs")
    parser.add_argument("--only", choices=("export", "merge"), help="run one half of the benchmark")
    parser.add_argument("--rounds", type=int, default=3, help="merge: baseline and merge alternated this often")
    parser.add_argument("--row-budget", type=int, default=None, help="merge: bytes of rows kept in memory")
    parser.add_argument("--before", type=Path, default=None,
                        help="a checkout of earlier code: compare with it instead of bare openpyxl and calamine")
    parser.add_argument("--producer", action="store_true",
                        help="export only: alternate the export with and without its producer process")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](**json.loads(args.args))))
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_excel_"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = prepare_database(workdir, args.count, args.seed)
    try:
        if args.producer:
            compare_producer(workdir, db_path, args.rounds)
            return
        if args.before is not None:
            compare_with_before(args, workdir, db_path)
            return
        if args.only != "merge":
            bench_export(workdir, db_path, args.count)
        if args.only != "export":
            bench_merge(workdir, db_path, args.files, args.rounds, args.row_budget)
    except FullReaderTaken as error:
        print(f"FAILED: {error}", file=sys.stderr)
        sys.exit(1)


def prepare_database(workdir: Path, count: int, seed: int) -> Path:
    db_path = workdir / f"demo-{count}-{seed}.sqlite3"
    if not db_path.exists():
        figures = run_child("demo", db=str(db_path), count=count, seed=seed)
        print(f"demo database: {count} records in {figures['seconds']:.0f} s")
    return db_path


def run_child(name: str, code: Path = ROOT, **kwargs: object) -> dict:
    """Run one measurement in a fresh interpreter on the checkout `code`; return its figures."""
    command = [sys.executable, __file__, "--child", name, "--args", json.dumps(kwargs)]
    env = {**os.environ, "PYTHONPATH": str(code), CODE: str(code)}
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def merge_parts(workdir: Path, db_path: Path, files: int) -> list[Path]:
    """The merge's inputs: the demo records exported into `files` parts (made once, by this code)."""
    paths = [workdir / f"part-{n:02d}.xlsx" for n in range(files)]
    if not all(p.exists() for p in paths):
        run_child("split", workdir=str(workdir), db=str(db_path), files=files)
    return paths


def check_fast(figures: dict) -> None:
    if figures.get("full"):
        raise FullReaderTaken(f"the full reader read {', '.join(figures['full'])}")


def compare_producer(workdir: Path, db_path: Path, rounds: int) -> None:
    """Alternate the export with its producer process and without it; print what the producer buys."""
    gains = []
    for number in range(1, rounds + 1):
        alone = run_child("export", db=str(db_path), out=str(workdir / "export.xlsx"), producer=False)
        paired = run_child("export", db=str(db_path), out=str(workdir / "export.xlsx"))
        gains.append(1 - paired["seconds"] / alone["seconds"])
        print(f"export {paired['records']} records, round {number}: with producer {paired['seconds']:.1f} s, "
              f"in one process {alone['seconds']:.1f} s → {gains[-1]:.0%} faster", flush=True)
    print(f"producer: median of {rounds} rounds {statistics.median(gains):.0%} faster (kept only if > 15%)")


def compare_with_before(args: argparse.Namespace, workdir: Path, db_path: Path) -> None:
    """Alternate this code and the checkout `args.before` over the rounds; print the median after/before."""
    before = args.before.resolve()
    paths = [str(p) for p in merge_parts(workdir, db_path, args.files)] if args.only != "export" else []
    ratios: dict[str, list[float]] = {"export": [], "merge": []}
    for number in range(1, args.rounds + 1):
        if args.only != "merge":
            old = run_child("export", before, db=str(db_path), out=str(workdir / "export-before.xlsx"))
            new = run_child("export", db=str(db_path), out=str(workdir / "export.xlsx"))
            ratios["export"].append(new["seconds"] / old["seconds"])
            print(f"export {new['records']} records, round {number}: after {new['seconds']:.1f} s "
                  f"(peak {new['peak_mb'] + new['producer_mb']:.0f} MB), before {old['seconds']:.1f} s "
                  f"(peak {old['peak_mb'] + old['producer_mb']:.0f} MB) → {ratios['export'][-1]:.2f}×", flush=True)
        if args.only != "export":
            out = str(workdir / "merged.xlsx")
            old = run_child("merge", before, paths=paths, out=out, row_budget=args.row_budget)
            new = run_child("merge", paths=paths, out=out, row_budget=args.row_budget)
            check_fast(new)
            ratios["merge"].append(new["seconds"] / old["seconds"])
            print(f"merge {len(paths)} files, {new['records']} records, round {number}: after {new['seconds']:.1f} s "
                  f"(peak {new['peak_mb']:.0f} MB), before {old['seconds']:.1f} s (peak {old['peak_mb']:.0f} MB) "
                  f"→ {ratios['merge'][-1]:.2f}×", flush=True)
    for what, target in (("export", EXPORT_BEFORE_TARGET), ("merge", MERGE_BEFORE_TARGET)):
        if ratios[what]:
            print(f"{what}: after/before, median of {len(ratios[what])} rounds "
                  f"{statistics.median(ratios[what]):.2f}× (target ≤ {target}×)")


def bench_export(workdir: Path, db_path: Path, count: int) -> None:
    ours = run_child("export", db=str(db_path), out=str(workdir / "export.xlsx"))
    base = run_child("write_baseline", source=str(workdir / "export.xlsx"), out=str(workdir / "baseline.xlsx"))
    ratio = ours["seconds"] / base["seconds"]
    peak = ours["peak_mb"] + ours["producer_mb"]
    print(f"export {count} records: CityCheck {ours['seconds']:.1f} s (peak {peak:.0f} MB = "
          f"writer {ours['peak_mb']:.0f} + producer {ours['producer_mb']:.0f}), "
          f"openpyxl write-only same cells {base['seconds']:.1f} s → {ratio:.2f}× "
          f"(target ≤ {EXPORT_TARGET}×, memory target ≤ {MEMORY_TARGET_MB} MB)")


def bench_merge(workdir: Path, db_path: Path, files: int, rounds: int, row_budget: int | None) -> None:
    """Alternate the baseline and the merge `rounds` times: this machine's speed drifts between runs."""
    paths = merge_parts(workdir, db_path, files)
    ratios = []
    for number in range(1, rounds + 1):
        base = run_child("read_baseline", paths=[str(p) for p in paths])
        ours = run_child("merge", paths=[str(p) for p in paths], out=str(workdir / "merged.xlsx"), row_budget=row_budget)
        check_fast(ours)
        ratios.append(ours["seconds"] / base["seconds"])
        print(f"merge {files} files, {ours['records']} records, round {number}: CityCheck {ours['seconds']:.1f} s "
              f"(peak {ours['peak_mb']:.0f} MB), python-calamine reading the same files {base['seconds']:.1f} s "
              f"→ {ratios[-1]:.2f}×", flush=True)
    print(f"merge: median of {rounds} rounds {statistics.median(ratios):.2f}× (target ≤ {MERGE_TARGET}×)")


# ---- children: each measures one thing in its own process ----------------------------------------

def child_demo(db: str, count: int, seed: int) -> dict:
    """Generate the demo database. In a child, as every heavy step: Linux keeps a process's peak
    memory across fork and exec, so a parent grown by this work would pass its peak to each child."""
    from forms.demo import generate
    from forms.store.database import open_database

    started = time.perf_counter()
    database = open_database(Path(db))
    generate(database, count, seed)
    database.close()
    return {"seconds": time.perf_counter() - started}


def child_split(workdir: str, db: str, files: int) -> dict:
    """Export the demo records into `files` parts, record n going to part n mod `files`."""
    paths = [Path(workdir) / f"part-{n:02d}.xlsx" for n in range(files)]
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from forms.store.record_filter import RecordFilter
    from forms.store.version_stream import stream_versions
    from reports.excel.export import export_versions

    catalog = load_catalog()
    database = open_database(Path(db))
    parts: list[list] = [[] for _ in range(files)]
    for number, version in enumerate(stream_versions(database, RecordFilter(), list(catalog))):
        parts[number % files].append(version)
    database.close()
    for path, versions in zip(paths, parts):
        export_versions(path, versions, catalog=catalog, include_sensitive=True)
    return {"files": len(paths)}


def child_export(db: str, out: str, producer: bool = True) -> dict:
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.excel import export
    from reports.excel.export import export_workbook

    if not producer:
        export.PIPELINE_THRESHOLD = sys.maxsize

    catalog = load_catalog()
    database = open_database(Path(db))
    started = time.perf_counter()
    result = export_workbook(database, Path(out), catalog=catalog, include_sensitive=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "producer_mb": children_peak_mb(), "records": result.total}


def child_write_baseline(source: str, out: str) -> dict:
    """Write every cell of our export again with bare openpyxl write-only (cells loaded beforehand)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(source)
    sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
    sheets = [(name, [[None if cell == "" else cell for cell in row] for row in rows]) for name, rows in sheets]
    started = time.perf_counter()
    target = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = target.create_sheet(name)
        for row in rows:
            sheet.append(row)
    target.save(out)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def child_read_baseline(paths: list[str]) -> dict:
    """Read every sheet of every file with python-calamine, nothing else."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(row) for row in rows)
        book.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "cells": cells}


def child_merge(paths: list[str], out: str, row_budget: int | None) -> dict:
    """Merge the files; name those the full reader read (None: code from before readings were kept)."""
    from forms.loader import load_catalog
    try:
        from reports.excel.merge.held_rows import ROW_BUDGET
        from reports.excel.merge.workbooks import merge_workbooks
    except ImportError:         # a checkout from before reports/excel had subpackages
        from reports.excel.merge import merge_workbooks
        from reports.excel.row_store import ROW_BUDGET

    catalog = load_catalog()
    started = time.perf_counter()
    result = merge_workbooks([Path(p) for p in paths], Path(out), catalog=catalog,
                             row_budget=ROW_BUDGET if row_budget is None else row_budget)
    seconds = time.perf_counter() - started
    readings = getattr(result, "readings", None)
    full = None if readings is None else [r.path.name for r in readings if r.reader != "fast"]
    return {"seconds": seconds, "peak_mb": peak_mb(), "records": result.records_out, "full": full}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    """Peak of the largest finished child: the export's producer process (0 for a small export)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


CHILDREN = {
    "export": child_export, "write_baseline": child_write_baseline,
    "read_baseline": child_read_baseline, "merge": child_merge,
    "demo": child_demo, "split": child_split,
}


if __name__ == "__main__":
    main()
