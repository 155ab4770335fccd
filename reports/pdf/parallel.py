"""Typeset building reports in worker processes, so a batch uses every core."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from reports.progress import ProgressReporter, raise_if_cancelled

IN_FLIGHT_PER_WORKER = 4          # queued reports per worker: enough to keep it busy, few to cancel
MIN_REPORTS_PER_WORKER = 25       # below this a worker's start-up (about a second) is not worth it

_worker: dict[str, object] = {}   # the open store, surveys and fonts of this worker process


def useful_workers(requested: int, reports: int) -> int:
    """Return how many worker processes pay off for `reports` reports (1: stay in this process)."""
    return max(1, min(requested, reports // MIN_REPORTS_PER_WORKER))


def _start_worker(db_path: str, font_choice: str | None, include_sensitive: bool) -> None:
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from reports.pdf.glyphs import report_fonts

    _worker.update(db=open_database(Path(db_path)), catalog=load_catalog(), fonts=report_fonts(font_choice),
                   include_sensitive=include_sensitive)


def _write_one(dossier, path: Path) -> Path:
    from reports.pdf.building_report import BuildingReport
    from reports.pdf.sources import StorePhotos

    report = BuildingReport(dossier, _worker["catalog"], _worker["fonts"], photos=StorePhotos(_worker["db"]),
                            include_sensitive=_worker["include_sensitive"])
    return report.write(path)


def write_in_processes(jobs: Iterable[tuple[Path, object]], *, workers: int, db_path: Path,
                       font_choice: str | None, include_sensitive: bool,
                       progress: ProgressReporter) -> list[Path]:
    """Write each (path, dossier) job in a pool of fresh ("spawn") processes; Cancelled stops the queue."""
    written: list[Path] = []
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs Qt or database threads
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(str(db_path), font_choice, include_sensitive))
    try:
        pending: set[Future] = set()
        for path, dossier in jobs:
            raise_if_cancelled(progress)
            pending.add(pool.submit(_write_one, dossier, path))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                pending = _collect(pending, written, progress)
        while pending:
            pending = _collect(pending, written, progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return written


def _collect(pending: set[Future], written: list[Path], progress: ProgressReporter) -> set[Future]:
    done, still = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        written.append(future.result())
        progress.advance()
    raise_if_cancelled(progress)
    return still
