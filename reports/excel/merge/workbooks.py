"""Merge exports without a database: one version per record, every losing version kept in 冲突.

Files CityCheck wrote and nobody reshaped take the fast path (fast_reader): cells are checked, not
decoded, and rendered back as they were read. Other files, and records whose copies differ, are
decoded in full. Which reader read each file is logged (logger "citycheck.merge") and kept in
`MergeResult.readings`. See docs/architecture.md, "Merging".
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from forms.model import FormDefinition
from forms.store.clock import local_text, utc_now
from reports.excel.format.conflict_sheet import WIDTHS as CONFLICT_WIDTHS
from reports.excel.format.conflict_sheet import LosingVersion, conflict_rows
from reports.excel.errors import ExcelError, excel_error
from reports.excel.export import INDICATOR_WIDTHS
from reports.excel.write.indicator_sheet import indicator_counter, sheet_rows
from reports.excel.format.layout import CONFLICTS_SHEET, INDICATORS_SHEET, MERGE_REPORT_SHEET, WorkbookLayout, forms_in
from reports.excel.merge.entries import EntryCounter, EntryRenderer
from reports.excel.merge.loading import includes_personal_data, load_ahead
from reports.excel.merge.resolve import Decoder, Loser, MergePool
from reports.excel.format.photo_archive import PHOTO_PREFIX, archive_photos, inner_workbook_path, pack_with_photos
from reports.excel.merge.fast_reader import read_raw
from reports.excel.merge.not_pristine import NotPristine
from reports.excel.read.workbook_reader import read_export
from reports.excel.merge.held_rows import ROW_BUDGET, HeldRows
from forms.store.record_version import RecordVersion
from reports.excel.write.workbook_writer import WorkbookWriter, abort_on_error
from reports.gc_pause import collection_paused
from reports.leftovers import remove_leftovers
from reports.output_names import check_suffix
from reports.progress import NullProgress, ProgressReporter, raise_if_cancelled

log = logging.getLogger("citycheck.merge")
FAST, FULL = "fast", "full"


@dataclass(frozen=True)
class RefusedFile:
    path: Path
    error: ExcelError

    @property
    def code(self) -> str:
        return self.error.code


@dataclass(frozen=True)
class FileReading:
    """Which reader read one input: FAST (checked as CityCheck wrote it) or FULL (every cell decoded)."""

    path: Path
    reader: str
    why_full: str = ""      # what sent the file to the full reader


@dataclass(frozen=True)
class MergeResult:
    """What a merge read, kept and wrote."""

    out: Path
    files_read: tuple[Path, ...]
    refused: tuple[RefusedFile, ...]
    records_in: int
    records_out: int
    duplicates: int
    conflicts: int
    superseded: int
    warnings: tuple[str, ...] = ()
    readings: tuple[FileReading, ...] = ()      # every input, refused ones too, in the order given


def merge_workbooks(paths: Sequence[Path], out: Path, *, catalog: Mapping[str, FormDefinition],
                    skip_bad: bool = False, progress: ProgressReporter | None = None,
                    generator: str = "CityCheck", row_budget: int = ROW_BUDGET) -> MergeResult:
    """Merge the exports at `paths` into `out`; nothing is written when an input is refused (unless skip_bad).

    `row_budget`: bytes of row XML held in memory; the rest wait in a temporary file (see held_rows).
    """
    held = HeldRows(row_budget)
    try:
        with collection_paused():
            return _merge(paths, out, catalog, skip_bad, progress or NullProgress(), generator, held)
    finally:
        held.close()


def _merge(paths: Sequence[Path], out: Path, catalog: Mapping[str, FormDefinition], skip_bad: bool,
           progress: ProgressReporter, generator: str, held: HeldRows) -> MergeResult:
    paths = [Path(p) for p in paths]
    check_suffix(Path(out), (".xlsx", ".zip"), excel_error, "merge-006")
    photos = _input_photos(paths)
    out = Path(out).with_suffix(".zip" if photos else ".xlsx")     # photos travel on: a .zip like the export's
    _check_paths(paths, out)
    layout = WorkbookLayout(forms_in(catalog))
    include_sensitive = all(includes_personal_data(path) for path in paths)
    extra = (INDICATORS_SHEET, CONFLICTS_SHEET, MERGE_REPORT_SHEET)
    workbook = inner_workbook_path(out) if photos else out
    writer = WorkbookWriter(workbook, layout, include_sensitive=include_sensitive, extra_sheets=extra)
    with abort_on_error(writer, "merge-003"):
        renderer = EntryRenderer(layout, writer.renderer, include_sensitive)
        pool, counter = MergePool(held=held), EntryCounter(indicator_counter(catalog))
        files, refused, readings, decode = _read_all(paths, catalog, layout, renderer, writer.cell_formats,
                                                     progress, pool, counter)
        if refused and (not skip_bad or not files):
            raise _refusal(refused)
        settled = pool.settled
        losers, duplicates = pool.resolve(decode, renderer)
        winners = pool.winners()
        progress.start(len(winners), "正在写出合并结果")
        writer.add_all((entry.rendered() for entry in winners), progress)
        if not settled:             # some winners are not the entries tallied as read: count the winners again
            counter = EntryCounter(indicator_counter(catalog))
            for entry in winners:
                entry.tally(counter)
        indicators = sheet_rows(counter.indicators.table())
        if indicators:
            writer.write_sheet(INDICATORS_SHEET, indicators, widths=INDICATOR_WIDTHS)
        else:
            writer.drop_sheet(INDICATORS_SHEET)      # as an export does: no sheet when no record counts
        titles = {form_id: fl.form for form_id, fl in layout.forms.items()}
        writer.write_sheet(CONFLICTS_SHEET, conflict_rows([LosingVersion(l.version, l.winner) for l in losers], titles),
                           widths=CONFLICT_WIDTHS)
        writer.write_sheet(MERGE_REPORT_SHEET, _report_rows(files, refused, len(winners), losers, duplicates, pool.total),
                           widths=(36, 12, 60, 80))
        raise_if_cancelled(progress)
        writer.close([("合并时间", local_text(utc_now(), seconds=True)), ("合并程序", generator)])
        if photos:
            progress.start(len(photos), "正在打包照片")
            pack_with_photos(out, workbook, _photo_bytes(photos), progress)
    same = sum(1 for loser in losers if loser.in_conflict)
    return MergeResult(
        out=out, files_read=tuple(f.path for f in files), refused=tuple(refused),
        records_in=sum(f.records for f in files), records_out=len(winners), duplicates=duplicates,
        conflicts=same, superseded=len(losers) - same,
        warnings=tuple(w for f in files for w in (f"{f.name}：{text}" for text in f.warnings)),
        readings=tuple(readings),
    )


def _input_photos(paths: list[Path]) -> dict[str, tuple[Path, str]]:
    """Every photo the .zip inputs hold: sha256 -> (file, member), the first file holding it."""
    photos: dict[str, tuple[Path, str]] = {}
    for path in paths:
        for sha, member in archive_photos(path).items():
            photos.setdefault(sha, (path, member))
    return photos


def _photo_bytes(photos: dict[str, tuple[Path, str]]) -> Iterator[tuple[str, bytes]]:
    """The photos' member names and bytes, in sha256 order, each file opened once."""
    by_file: dict[Path, list[tuple[str, str]]] = {}
    for sha in sorted(photos):
        path, member = photos[sha]
        by_file.setdefault(path, []).append((sha, member))
    for path, members in by_file.items():
        with zipfile.ZipFile(path) as archive:
            for _sha, member in members:
                yield f"{PHOTO_PREFIX}{Path(member).name}", archive.read(member)


def _check_paths(paths: list[Path], out: Path) -> None:
    if not paths:
        raise excel_error("merge-001")
    remove_leftovers(out.parent)
    target = out.resolve()
    if any(path.resolve() == target for path in paths):
        raise excel_error("merge-002", str(out))


@dataclass(frozen=True)
class ReadFile:
    """What the merge keeps of a file once its versions are in the pool."""

    path: Path
    records: int
    include_sensitive: bool
    warnings: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name


def _read_all(paths: list[Path], catalog, layout: WorkbookLayout, renderer: EntryRenderer,
              formats: Sequence[str], progress: ProgressReporter, pool: MergePool, counter: EntryCounter
              ) -> tuple[list[ReadFile], list[RefusedFile], list[FileReading], Decoder]:
    """Read every file into the pool: the fast reader when it can, the full reader otherwise.

    Records are counted into 指标汇总 as they are first read, while the next files load.
    """
    files, refused, readings = [], [], []
    decoded: dict[int, dict[str, RecordVersion]] = {}

    def decode(source: int) -> dict[str, RecordVersion]:
        if source not in decoded:
            decoded[source] = {v.id: v for v in read_export(paths[source], catalog).versions}
        return decoded[source]

    progress.start(len(paths), "正在读取文件")
    survey_sheets = [sheet.name for sheet in layout.sheets()]
    for source, (path, sheets, written) in enumerate(load_ahead(paths, survey_sheets, formats)):
        raise_if_cancelled(progress)
        try:
            if not isinstance(sheets, dict):
                raise NotPristine(f"unreadable: {sheets.code}")
            raw = read_raw(sheets, path.name, source, layout, renderer.renderer, not renderer.include_sensitive,
                           written)
        except NotPristine as reason:
            readings.append(FileReading(path, FULL, str(reason)))
            log.info("%s: full reader (%s)", path, reason)
            try:
                content = read_export(path, catalog)
            except ExcelError as error:
                refused.append(RefusedFile(path, error))
            else:
                for entry in pool.add((renderer.entry(v, source) for v in content.versions), content.losers):
                    entry.tally(counter)
                files.append(ReadFile(path, len(content.versions), content.include_sensitive, content.warnings))
        else:
            readings.append(FileReading(path, FAST))
            log.info("%s: fast reader", path)
            for entry in pool.add(raw.entries, raw.losers):
                entry.tally(counter)
            files.append(ReadFile(path, raw.records, raw.include_sensitive, ()))
        progress.advance()
    return files, refused, readings, decode


def _refusal(refused: list[RefusedFile]) -> ExcelError:
    others = "；".join(f"{r.path.name}（{r.code}）" for r in refused[1:])
    first = str(refused[0].error) + (f"；其他：{others}" if others else "")
    return excel_error("merge-004", count=len(refused), first=first)


def _report_rows(files: list[ReadFile], refused: list[RefusedFile], records_out: int, losers: list[Loser],
                 duplicates: int, total: int) -> list[list[object]]:
    same = sum(1 for loser in losers if loser.in_conflict)
    rows: list[list[object]] = [
        ["项目", "数量", "说明"],
        ["读取的文件", len(files), ""],
        ["被拒绝的文件", len(refused), "见下方文件清单"],
        ["输入的记录版本", total, "含各文件“冲突”工作表中的版本"],
        ["输出的记录", records_out, "每个记录编号保留一个版本"],
        ["重复（完全相同）", duplicates, "内容完全相同的副本，只保留一份"],
        ["冲突（并行修改，内容不同）", same, "互不知情的两次修改：两个版本都保留，另一版本列在“冲突”工作表，请在导入后选择"],
        ["被取代的旧修订", len(losers) - same, "保留版本是在它基础上修改的，列在“冲突”工作表"],
        [],
        ["文件", "状态", "记录数", "说明"],
    ]
    entries = [[f.name, "已读取", f.records, "；".join(f.warnings)] for f in files]
    entries += [[r.path.name, "已拒绝", None, str(r.error)] for r in refused]
    return rows + sorted(entries, key=lambda row: (row[0], row[1]))
