"""Typeset building reports in worker processes, so a batch uses every core.

The parent reads the records and photos; workers only typeset and write, never touching the store.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from forms.loader import load_catalog
from forms.model import FormDefinition
from reports.pdf.building_report import (
    BuildingDossier,
    BuildingReport,
    header_photo_ref,
    in_catalog_order,
    plain_records,
)
from reports.pdf.glyphs import report_fonts
from reports.pdf.issue import ReportIssue
from reports.progress import ProgressReporter, raise_if_cancelled

IN_FLIGHT_PER_WORKER = 4          # queued reports per worker: enough to keep it busy, few to cancel
MIN_REPORTS_PER_WORKER = 25       # below this a worker's start-up (about a second) is not worth it

_worker: dict[str, object] = {}   # the surveys and fonts of this worker process


@dataclass(frozen=True)
class PreloadedPhotos:
    """The photos one report prints, read by the parent and sent along with the job."""

    thumbnails: Mapping[str, bytes]
    originals: Mapping[str, bytes]

    def __call__(self, shas: Sequence[str], thumbnail: bool = True) -> dict[str, bytes]:
        source = self.thumbnails if thumbnail else self.originals
        return {sha: source[sha] for sha in shas if sha in source}


def useful_workers(requested: int, reports: int) -> int:
    """Return how many worker processes pay off for `reports` reports (1: stay in this process)."""
    return max(1, min(requested, reports // MIN_REPORTS_PER_WORKER))


def preload_photos(dossier: BuildingDossier, catalog: Mapping[str, FormDefinition], load) -> PreloadedPhotos:
    """Read every thumbnail of the building and the original of its header photo, in two queries."""
    plain = plain_records(in_catalog_order(dossier, catalog), catalog)  # the order the report picks in
    header = header_photo_ref(plain)
    shas = [ref.sha256 for record in plain for ref in record.photos]
    return PreloadedPhotos(load(shas, True), load([header.sha256], False) if header else {})


def _start_worker(font_choice: str | None, include_sensitive: bool) -> None:
    _worker.update(catalog=load_catalog(), fonts=report_fonts(font_choice), include_sensitive=include_sensitive)


def _write_one(dossier: BuildingDossier, photos: PreloadedPhotos, path: Path, issue: ReportIssue) -> Path:
    report = BuildingReport(dossier, _worker["catalog"], _worker["fonts"], photos=photos,
                            include_sensitive=_worker["include_sensitive"], issue=issue)
    return report.write(path)


def write_in_processes(jobs: Iterable[tuple[Path, BuildingDossier, ReportIssue]], *, workers: int,
                       catalog: Mapping[str, FormDefinition], load_photos, font_choice: str | None,
                       include_sensitive: bool, progress: ProgressReporter) -> list[Path]:
    """Write each (path, dossier, number) job in a pool of fresh ("spawn") processes; Cancelled stops the queue."""
    written: list[Path] = []
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt or database threads
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(font_choice, include_sensitive))
    try:
        pending: set[Future] = set()
        for path, dossier, issue in jobs:
            raise_if_cancelled(progress)
            photos = preload_photos(dossier, catalog, load_photos)
            pending.add(pool.submit(_write_one, dossier, photos, path, issue))
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
