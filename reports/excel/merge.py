"""Merge exports without a database: one version per record, every losing version kept in 冲突."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from forms.model import FormDefinition
from forms.store.clock import utc_now
from reports.excel.conflict_sheet import WIDTHS as CONFLICT_WIDTHS
from reports.excel.conflict_sheet import LosingVersion, conflict_rows
from reports.excel.errors import ExcelError, excel_error
from reports.excel.indicator_sheet import indicator_rows_of
from reports.excel.layout import (
    CONFLICTS_SHEET,
    INDICATORS_SHEET,
    MERGE_REPORT_SHEET,
    WorkbookLayout,
    forms_in,
)
from reports.excel.pool import PooledVersion, VersionPool
from reports.excel.reader import read_export
from reports.excel.export import INDICATOR_WIDTHS, write_versions
from reports.excel.writer import WorkbookWriter, abort_on_error
from reports.progress import Cancelled, NullProgress, ProgressReporter, raise_if_cancelled


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


@dataclass(frozen=True)
class Loser:
    """A pooled version that lost, with the one that won."""

    version: PooledVersion
    winner: PooledVersion

    @property
    def same_revision(self) -> bool:
        return self.version.revision == self.winner.revision

    def unpacked(self) -> LosingVersion:
        return LosingVersion(self.version.unpack(), self.winner.unpack())


@dataclass(frozen=True)
class MergedRecords:
    """Winners and losers of a pool of versions; the same pool always gives the same answer."""

    winners: tuple[PooledVersion, ...]
    losers: tuple[Loser, ...]
    duplicates: int


def merge_workbooks(paths: Sequence[Path], out: Path, *, catalog: Mapping[str, FormDefinition],
                    skip_bad: bool = False, progress: ProgressReporter | None = None,
                    generator: str = "CityCheck") -> MergeResult:
    """Merge the exports at `paths` into `out`; nothing is written when an input is refused (unless skip_bad)."""
    progress = progress or NullProgress()
    paths, out = [Path(p) for p in paths], Path(out)
    _check_paths(paths, out)
    pool = VersionPool()
    files, refused = _read_all(paths, catalog, progress, pool)
    if refused and (not skip_bad or not files):
        raise _refusal(refused)
    include_sensitive = all(f.include_sensitive for f in files)
    merged = merge_versions(pool.distinct(catalog, include_sensitive), total=pool.total)
    progress.start(len(merged.winners), "正在写出合并结果")
    report = _report_rows(files, refused, merged, pool.total)
    _write(out, catalog, merged, include_sensitive, generator, progress, report)
    return MergeResult(
        out=out, files_read=tuple(f.path for f in files), refused=tuple(refused),
        records_in=sum(f.records for f in files), records_out=len(merged.winners),
        duplicates=merged.duplicates,
        conflicts=sum(1 for loser in merged.losers if loser.same_revision),
        superseded=sum(1 for loser in merged.losers if not loser.same_revision),
        warnings=tuple(w for f in files for w in (f"{f.name}：{text}" for text in f.warnings)),
    )


def merge_versions(pool: Iterable[PooledVersion], *, total: int | None = None) -> MergedRecords:
    """Keep, per record UUID, the highest revision (then latest update, then content hash).

    `total` is how many versions were read when the pool was already rid of some duplicates.
    """
    by_id: dict[str, dict[str, PooledVersion]] = {}
    seen = 0
    for version in pool:
        seen += 1
        by_id.setdefault(version.id, {}).setdefault(version.hash, version)
    winners, losers = [], []
    for versions in by_id.values():
        ranked = sorted(versions.values(), key=PooledVersion.winner_key, reverse=True)
        winners.append(ranked[0])
        losers += [Loser(version, ranked[0]) for version in ranked[1:]]
    distinct = sum(len(v) for v in by_id.values())
    winners.sort(key=lambda version: version.order)
    losers.sort(key=lambda item: (item.version.order, -item.version.revision, item.version.hash))
    return MergedRecords(tuple(winners), tuple(losers), (total if total is not None else seen) - distinct)


def _check_paths(paths: list[Path], out: Path) -> None:
    if not paths:
        raise excel_error("merge-001")
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


def _read_all(paths: list[Path], catalog, progress: ProgressReporter,
              pool: VersionPool) -> tuple[list[ReadFile], list[RefusedFile]]:
    files, refused = [], []
    progress.start(len(paths), "正在读取文件")
    for path in paths:
        if progress.cancelled():
            raise Cancelled()
        try:
            content = read_export(path, catalog)
        except ExcelError as error:
            refused.append(RefusedFile(path, error))
        else:
            pool.add((*content.versions, *content.losers))
            files.append(ReadFile(path, len(content.versions), content.include_sensitive, content.warnings))
        progress.advance()
    return files, refused


def _refusal(refused: list[RefusedFile]) -> ExcelError:
    others = "；".join(f"{r.path.name}（{r.code}）" for r in refused[1:])
    first = str(refused[0].error) + (f"；其他：{others}" if others else "")
    return excel_error("merge-004", count=len(refused), first=first)


def _write(out: Path, catalog, merged: MergedRecords, include_sensitive: bool, generator: str,
           progress: ProgressReporter, report: list[list[object]]) -> None:
    forms = forms_in(catalog)
    indicators = indicator_rows_of((version.facts for version in merged.winners), catalog)
    extra = ((INDICATORS_SHEET,) if indicators else ()) + (CONFLICTS_SHEET, MERGE_REPORT_SHEET)
    writer = WorkbookWriter(out, WorkbookLayout(forms), include_sensitive=include_sensitive, extra_sheets=extra)
    with abort_on_error(writer, "merge-003"):
        write_versions(writer, (version.unpack() for version in merged.winners), progress)
        if indicators:
            writer.write_sheet(INDICATORS_SHEET, indicators, widths=INDICATOR_WIDTHS)
        titles = {form.id: form for form in forms}
        losers = [loser.unpacked() for loser in merged.losers]
        writer.write_sheet(CONFLICTS_SHEET, conflict_rows(losers, titles), widths=CONFLICT_WIDTHS)
        writer.write_sheet(MERGE_REPORT_SHEET, report, widths=(36, 12, 60, 80))
        raise_if_cancelled(progress)
        writer.close([("合并时间（UTC）", utc_now()), ("合并程序", generator)])


def _report_rows(files: list[ReadFile], refused: list[RefusedFile], merged: MergedRecords,
                 total: int) -> list[list[object]]:
    same = sum(1 for loser in merged.losers if loser.same_revision)
    rows: list[list[object]] = [
        ["项目", "数量", "说明"],
        ["读取的文件", len(files), ""],
        ["被拒绝的文件", len(refused), "见下方文件清单"],
        ["输入的记录版本", total, "含各文件“冲突”工作表中的版本"],
        ["输出的记录", len(merged.winners), "每个记录编号保留一个版本"],
        ["重复（完全相同）", merged.duplicates, "内容完全相同的副本，只保留一份"],
        ["冲突（同一修订号内容不同）", same, "按更新时间、内容哈希确定保留版本；落选版本列在“冲突”工作表"],
        ["被取代的旧修订", len(merged.losers) - same, "修订号较低的版本，列在“冲突”工作表"],
        [],
        ["文件", "状态", "记录数", "说明"],
    ]
    entries = [[f.name, "已读取", f.records, "；".join(f.warnings)] for f in files]
    entries += [[r.path.name, "已拒绝", None, str(r.error)] for r in refused]
    return rows + sorted(entries, key=lambda row: (row[0], row[1]))
