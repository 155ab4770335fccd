"""Merge exports without a database: one version per record, every losing version kept in 冲突.

Files CityCheck wrote and nobody reshaped take the fast path (raw_reader): rows are checked, not
decoded, and written back as they were read. Other files, and records whose copies differ, are
decoded in full. See docs/architecture.md, "Merging".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from forms.model import FormDefinition
from forms.store.clock import local_text, utc_now
from reports.excel.conflict_sheet import WIDTHS as CONFLICT_WIDTHS
from reports.excel.conflict_sheet import LosingVersion, conflict_rows
from reports.excel.errors import ExcelError, excel_error
from reports.excel.export import INDICATOR_WIDTHS
from reports.excel.indicator_sheet import indicator_counter, sheet_rows
from reports.excel.layout import CONFLICTS_SHEET, INDICATORS_SHEET, MERGE_REPORT_SHEET, WorkbookLayout, forms_in
from reports.excel.merge_entries import EntryCounter, EntryRenderer
from reports.excel.merge_input import includes_personal_data, load_ahead
from reports.excel.merge_resolve import Decoder, Loser, MergePool
from reports.excel.merge_writer import MergeWorkbookWriter
from reports.excel.raw_reader import read_raw
from reports.excel.reader import read_export
from reports.excel.row_store import ROW_BUDGET, RowStore
from reports.excel.versions import RecordVersion
from reports.excel.writer import abort_on_error
from reports.gc_pause import collection_paused
from reports.leftovers import remove_leftovers
from reports.output_names import check_suffix
from reports.progress import NullProgress, ProgressReporter, raise_if_cancelled


@dataclass(frozen=True)
class RefusedFile:
    path: Path
    error: ExcelError

    @property
    def code(self) -> str:
        return self.error.code


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


def merge_workbooks(paths: Sequence[Path], out: Path, *, catalog: Mapping[str, FormDefinition],
                    skip_bad: bool = False, progress: ProgressReporter | None = None,
                    generator: str = "CityCheck", row_budget: int = ROW_BUDGET) -> MergeResult:
    """Merge the exports at `paths` into `out`; nothing is written when an input is refused (unless skip_bad).

    `row_budget`: bytes of rendered rows kept in memory; the rest wait in a temporary file (see row_store).
    """
    store = RowStore(row_budget)
    try:
        with collection_paused():
            return _merge(paths, out, catalog, skip_bad, progress or NullProgress(), generator, store)
    finally:
        store.close()


def _merge(paths: Sequence[Path], out: Path, catalog: Mapping[str, FormDefinition], skip_bad: bool,
           progress: ProgressReporter, generator: str, store: RowStore) -> MergeResult:
    paths, out = [Path(p) for p in paths], Path(out)
    _check_paths(paths, out)
    layout = WorkbookLayout(forms_in(catalog))
    include_sensitive = all(includes_personal_data(path) for path in paths)
    extra = (INDICATORS_SHEET, CONFLICTS_SHEET, MERGE_REPORT_SHEET)
    writer = MergeWorkbookWriter(out, layout, include_sensitive=include_sensitive, extra_sheets=extra)
    with abort_on_error(writer, "merge-003"):
        renderer = EntryRenderer(layout, writer.renderer, include_sensitive)
        pool, counter = MergePool(store=store), EntryCounter(indicator_counter(catalog))
        files, refused, decode = _read_all(paths, catalog, layout, renderer, writer.cell_formats, progress,
                                           pool, counter)
        if refused and (not skip_bad or not files):
            raise _refusal(refused)
        settled = pool.settled
        losers, duplicates = pool.resolve(decode, renderer)
        winners = pool.winners()
        progress.start(len(winners), "正在写出合并结果")
        writer.add_entries(winners, progress)
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
    same = sum(1 for loser in losers if loser.same_revision)
    return MergeResult(
        out=out, files_read=tuple(f.path for f in files), refused=tuple(refused),
        records_in=sum(f.records for f in files), records_out=len(winners), duplicates=duplicates,
        conflicts=same, superseded=len(losers) - same,
        warnings=tuple(w for f in files for w in (f"{f.name}：{text}" for text in f.warnings)),
    )


def _check_paths(paths: list[Path], out: Path) -> None:
    if not paths:
        raise excel_error("merge-001")
    check_suffix(out, (".xlsx",), excel_error, "merge-006")
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


def _read_all(paths: list[Path], catalog, layout: WorkbookLayout, renderer: EntryRenderer, formats: Sequence[str],
              progress: ProgressReporter, pool: MergePool,
              counter: EntryCounter) -> tuple[list[ReadFile], list[RefusedFile], Decoder]:
    """Read every file into the pool: the fast reader when it can, the full reader otherwise.

    Records are counted into 指标汇总 as they are first read, while the next files load.
    """
    files, refused = [], []
    decoded: dict[int, dict[str, RecordVersion]] = {}

    def decode(source: int) -> dict[str, RecordVersion]:
        if source not in decoded:
            decoded[source] = {v.id: v for v in read_export(paths[source], catalog).versions}
        return decoded[source]

    progress.start(len(paths), "正在读取文件")
    survey_sheets = [sheet.name for sheet in layout.sheets()]
    for source, (path, sheets, written) in enumerate(load_ahead(paths, survey_sheets, formats)):
        raise_if_cancelled(progress)
        raw = read_raw(sheets, path.name, source, layout, renderer.renderer, not renderer.include_sensitive,
                       written) if isinstance(sheets, dict) else None
        if raw is not None:
            for entry in pool.add(raw.entries, raw.losers):
                entry.tally(counter)
            files.append(ReadFile(path, raw.records, raw.include_sensitive, ()))
        else:
            try:
                content = read_export(path, catalog)
            except ExcelError as error:
                refused.append(RefusedFile(path, error))
            else:
                for entry in pool.add((renderer.entry(v, source) for v in content.versions), content.losers):
                    entry.tally(counter)
                files.append(ReadFile(path, len(content.versions), content.include_sensitive, content.warnings))
        progress.advance()
    return files, refused, decode


def _refusal(refused: list[RefusedFile]) -> ExcelError:
    others = "；".join(f"{r.path.name}（{r.code}）" for r in refused[1:])
    first = str(refused[0].error) + (f"；其他：{others}" if others else "")
    return excel_error("merge-004", count=len(refused), first=first)


def _report_rows(files: list[ReadFile], refused: list[RefusedFile], records_out: int, losers: list[Loser],
                 duplicates: int, total: int) -> list[list[object]]:
    same = sum(1 for loser in losers if loser.same_revision)
    rows: list[list[object]] = [
        ["项目", "数量", "说明"],
        ["读取的文件", len(files), ""],
        ["被拒绝的文件", len(refused), "见下方文件清单"],
        ["输入的记录版本", total, "含各文件“冲突”工作表中的版本"],
        ["输出的记录", records_out, "每个记录编号保留一个版本"],
        ["重复（完全相同）", duplicates, "内容完全相同的副本，只保留一份"],
        ["冲突（同一修订号内容不同）", same, "按更新时间、内容哈希确定保留版本；落选版本列在“冲突”工作表"],
        ["被取代的旧修订", len(losers) - same, "修订号较低的版本，列在“冲突”工作表"],
        [],
        ["文件", "状态", "记录数", "说明"],
    ]
    entries = [[f.name, "已读取", f.records, "；".join(f.warnings)] for f in files]
    entries += [[r.path.name, "已拒绝", None, str(r.error)] for r in refused]
    return rows + sorted(entries, key=lambda row: (row[0], row[1]))
