"""One building report per building of a scope, with progress and cancel."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.record_version import RecordVersion
from reports.pdf.building_report import BuildingDossier, BuildingReport
from reports.pdf.errors import report_error
from reports.pdf.glyphs import ReportFonts, report_fonts
from reports.pdf.issue import Numbering, ReportIssue
from reports.pdf.parallel import useful_workers, write_in_processes
from reports.pdf.sources import Scope, StorePhotos, count_buildings, records_by_building
from reports.progress import NullProgress, ProgressReporter, raise_if_cancelled

# Characters Windows refuses in file names, and control characters.
UNSAFE_FILE_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class BatchResult:
    """The reports a batch wrote, in building-code order."""

    out_dir: Path
    written: tuple[Path, ...]


def safe_file_name(*parts: str) -> str:
    """Return a file name that is valid on Windows and Linux, from the building's place and code."""
    name = "_".join(UNSAFE_FILE_CHARACTERS.sub("_", part).strip(" .") for part in parts if part)
    return (name[:MAX_NAME_LENGTH] or "未编码楼栋") + ".pdf"


def split_by_district(code: str, records: Sequence[RecordVersion]) -> list[tuple[str, BuildingDossier]]:
    """A building is (district, code): return one dossier per district sharing the code, with its file name."""
    groups: dict[str, list[RecordVersion]] = {}
    for record in records:
        groups.setdefault(record.district or "", []).append(record)
    ordered = [sorted(rs, key=lambda r: (r.form_id, r.created_at, r.id)) for rs in groups.values()]
    if len(groups) == 1:
        return [(safe_file_name(code), BuildingDossier(code, tuple(ordered[0])))]
    return [(safe_file_name(district, code), BuildingDossier(code, tuple(rs)))
            for district, rs in zip(groups, ordered)]


def building_jobs(db: Database, scope: Scope, out_dir: Path, issues: Iterator[ReportIssue]
                  ) -> Iterator[tuple[Path, BuildingDossier, ReportIssue]]:
    """Yield (output file, dossier, report number) for every building of the scope, reading the store in pages."""
    for code, records in records_by_building(db, scope):
        for file_name, dossier in split_by_district(code, records):
            yield out_dir / file_name, dossier, next(issues)


def write_building_reports(db: Database, catalog: Mapping[str, FormDefinition], out_dir: Path, *,
                           scope: Scope = Scope(), fonts: ReportFonts | None = None,
                           include_sensitive: bool = False, progress: ProgressReporter | None = None,
                           workers: int = 1, numbering: Numbering = Numbering()) -> BatchResult:
    """Write 楼栋体检报告 for every building in the scope into `out_dir`; raises Cancelled when asked to stop.

    With `workers` > 1 and enough buildings, reports are typeset in that many worker processes.
    """
    progress = progress or NullProgress()
    fonts = fonts or report_fonts()
    out_dir = _ready_folder(Path(out_dir))
    total = count_buildings(db, scope)
    progress.start(total, "正在生成楼栋体检报告")
    jobs = building_jobs(db, scope, out_dir, numbering.issues(db, total))
    photos = StorePhotos(db)
    workers = useful_workers(workers, total)
    if workers > 1:
        written = write_in_processes(jobs, workers=workers, catalog=catalog, load_photos=photos,
                                     font_choice=fonts.choice, include_sensitive=include_sensitive,
                                     progress=progress)
        return BatchResult(out_dir, tuple(sorted(written)))
    written = []
    for path, dossier, issue in jobs:
        raise_if_cancelled(progress)
        report = BuildingReport(dossier, catalog, fonts, photos=photos, include_sensitive=include_sensitive,
                                issue=issue)
        written.append(report.write(path))
        progress.advance()
    return BatchResult(out_dir, tuple(written))


def _ready_folder(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise report_error("report-004", str(out_dir), path=out_dir.name, detail=error.strerror or error) from error
    return out_dir
