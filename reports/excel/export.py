"""Export records from the store to one workbook (optionally zipped with their photos)."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from forms.model import FormDefinition
from forms.store.answer_content import photo_references
from forms.store.clock import local_text, utc_now
from forms.store.database import Database
from forms.store.faults import refuse_damaged
from forms.store.photos import photo_files
from forms.store.record_filter import RecordFilter
from forms.store.version_stream import count_versions, stream_versions
from reports.excel.errors import excel_error
from reports.excel.write.indicator_sheet import indicator_rows
from reports.excel.format.layout import INDICATORS_SHEET, WorkbookLayout, forms_in
from reports.excel.format.photo_archive import PHOTO_EXTENSIONS, PHOTO_PREFIX, inner_workbook_path, pack_with_photos
from reports.excel.write.export_producer import ProducerRequest, pickled_catalog, write_from_producer
from reports.excel.write.temp_storage import sorting_in_temp_folder
from forms.store.record_version import RecordVersion
from reports.excel.write.rendered_record import RenderedRecord, WorkbookCells
from reports.excel.write.workbook_writer import WorkbookWriter, abort_on_error
from reports.leftovers import remove_leftovers
from reports.output_names import check_suffix
from reports.progress import NullProgress, ProgressReporter, raise_if_cancelled

STATUSES = ("final", "draft", "all")
PIPELINE_THRESHOLD = 5_000   # from this many records a second process builds the rows (starting it takes ~1 s)
INDICATOR_WIDTHS = (36, 14, 14, 14, 14)
EXPORT_TIME = "导出时间"   # 说明 sheet: local time of the exporting computer


@dataclass(frozen=True)
class ExportSelection:
    """Which records to export; None means any."""

    district: str | None = None
    street: str | None = None
    form_id: str | None = None
    status: str = "all"

    def record_filter(self) -> RecordFilter:
        """Return the store's filter for the selection; the survey is chosen sheet by sheet."""
        return RecordFilter(status=None if self.status == "all" else self.status,
                            district=self.district, street=self.street)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    records: Mapping[str, int]
    photos: int = 0
    missing_photos: tuple[str, ...] = ()
    include_sensitive: bool = False
    sheets: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(self.records.values())


def export_workbook(db: Database, out: Path, *, catalog: Mapping[str, FormDefinition],
                    selection: ExportSelection = ExportSelection(), include_sensitive: bool = False,
                    with_photos: bool = False, who: str | None = None, generator: str = "CityCheck",
                    progress: ProgressReporter | None = None) -> ExportResult:
    """Write the selected records to `out` (.xlsx, or .zip with the photos when `with_photos`).

    A damaged database is refused (store-015): an export of it could silently lack records.
    """
    progress = progress or NullProgress()
    forms = _selected_forms(catalog, selection)
    out = Path(out)
    check_suffix(out, (".xlsx", ".zip") if with_photos else (".xlsx",), excel_error, "export-006")
    refuse_damaged(db.path)
    remove_leftovers(out.parent)
    workbook_path = out.with_suffix(".xlsx") if not with_photos else inner_workbook_path(out)
    layout = WorkbookLayout(forms)
    total = count_versions(db, selection.record_filter(), [form.id for form in forms])
    progress.start(total, "正在导出记录")
    # The indicator sheet is reserved, and left out when no record counts towards it.
    writer = WorkbookWriter(workbook_path, layout, include_sensitive=include_sensitive,
                            extra_sheets=(INDICATORS_SHEET,))
    with abort_on_error(writer, "export-001"), sorting_in_temp_folder():
        write = _write_from_producer if total >= PIPELINE_THRESHOLD else _write_here
        photos, indicators = write(writer, db, catalog, selection, forms, with_photos, progress)
        if indicators:
            writer.write_sheet(INDICATORS_SHEET, indicators, widths=INDICATOR_WIDTHS)
        else:
            writer.drop_sheet(INDICATORS_SHEET)
        raise_if_cancelled(progress)
        writer.close(_readme(forms, selection, who, generator))
    records = {s.form_id: s.records for s in writer.summaries()}
    sheets = tuple(s.name for s in layout.sheets())
    if not with_photos:
        return ExportResult(workbook_path, records, include_sensitive=include_sensitive, sheets=sheets)
    missing = _zip_with_photos(db, out, workbook_path, sorted(photos), progress)
    return ExportResult(out.with_suffix(".zip"), records, len(photos) - len(missing), tuple(missing),
                        include_sensitive, sheets)


def _write_here(writer: WorkbookWriter, db: Database, catalog: Mapping[str, FormDefinition],
                selection: ExportSelection, forms: list[FormDefinition], with_photos: bool,
                progress: ProgressReporter) -> tuple[set[str], list[list[object]]]:
    """Read the store and render the records in this process; return the photos and the indicator rows."""
    versions = stream_versions(db, selection.record_filter(), [form.id for form in forms])
    photos = write_versions(writer, versions, progress, collect_photos=with_photos)
    return photos, indicator_rows(db, catalog, selection)


def _write_from_producer(writer: WorkbookWriter, db: Database, catalog: Mapping[str, FormDefinition],
                         selection: ExportSelection, forms: list[FormDefinition], with_photos: bool,
                         progress: ProgressReporter) -> tuple[set[str], list[list[object]]]:
    """Have a second process read the store and render the records; return the photos and the indicator rows."""
    request = ProducerRequest(
        db_path=Path(db.path).absolute(), device_id=db.device_id, catalog=pickled_catalog(catalog),
        selection=selection.record_filter(), form_ids=tuple(form.id for form in forms),
        include_sensitive=writer.include_sensitive, collect_photos=with_photos,
    )
    # The parent mostly waits for the producer's records: it works out the indicator table meanwhile.
    with ThreadPoolExecutor(1, thread_name_prefix="indicators") as pool:
        indicators = pool.submit(indicator_rows, db, catalog, selection)
        try:
            done = write_from_producer(writer, request, progress)
        except BaseException:
            indicators.cancel()
            raise
        return done.photos, indicators.result()


def write_versions(writer: WorkbookWriter, versions: Iterable[RecordVersion], progress: ProgressReporter,
                   *, collect_photos: bool = False) -> set[str]:
    """Render versions into the writer, checking for cancel; return the photos they mention if asked."""
    photos: set[str] = set()
    cells = WorkbookCells(writer.layout, include_sensitive=writer.include_sensitive)

    def rendered() -> Iterator[RenderedRecord]:
        for version in versions:
            if collect_photos:
                photos.update(photo_references(version.answers))
            yield cells.of(version).rendered(writer.renderer)

    writer.add_all(rendered(), progress)
    return photos


def export_versions(out: Path, versions: Iterable[RecordVersion], *, catalog: Mapping[str, FormDefinition],
                    include_sensitive: bool = False, who: str | None = None,
                    generator: str = "CityCheck") -> Path:
    """Write record versions held in memory (e.g. read from other files) as an export workbook."""
    forms = forms_in(catalog)
    writer = WorkbookWriter(Path(out), WorkbookLayout(forms), include_sensitive=include_sensitive)
    with abort_on_error(writer, "export-001"):
        write_versions(writer, versions, NullProgress())
        return writer.close(_readme(forms, ExportSelection(), who, generator))


def _selected_forms(catalog: Mapping[str, FormDefinition], selection: ExportSelection) -> list[FormDefinition]:
    if selection.status not in STATUSES:
        raise excel_error("export-003", status=selection.status)
    if selection.form_id is None:
        return forms_in(catalog)
    form = catalog.get(selection.form_id) or _by_title(catalog, selection.form_id)
    if form is None:
        known = "、".join(f"{f.id}（{f.title}）" for f in catalog.values())
        raise excel_error("export-002", form=selection.form_id, known=known)
    return [form]


def _by_title(catalog: Mapping[str, FormDefinition], title: str) -> FormDefinition | None:
    return next((form for form in catalog.values() if form.title == title), None)


def _readme(forms: list[FormDefinition], selection: ExportSelection, who: str | None,
            generator: str) -> list[tuple[str, object]]:
    status = {"all": None, "final": "定稿", "draft": "草稿"}[selection.status]
    titles = "、".join(form.title for form in forms) if selection.form_id else None
    scope = "，".join(
        f"{label}：{value}" for label, value in
        (("区", selection.district), ("街道", selection.street), ("调查表", titles), ("状态", status)) if value
    )
    items = [(EXPORT_TIME, local_text(utc_now(), seconds=True)), ("导出程序", generator), ("导出人", who or _user()),
             ("导出范围", scope or "全部")]
    items += [(f"表单版本（{form.title}）", form.version) for form in forms]
    items += [
        ("时间说明", "导出时间为导出电脑的本地时间；创建时间、更新时间两列为 UTC 时间（合并时按此比较）。"),
        ("公式说明", "以 = + - @ 或 ' 开头的文本前加了一个 '，防止被当作公式；导入时自动去掉。"),
        ("修改说明", "可以排序、筛选、隐藏或调整列顺序、增加列和工作表；请勿修改系统列（记录编号、表单、修订号）和列标题。"),
    ]
    return items


def _user() -> str:
    with suppress(OSError, KeyError):
        return getpass.getuser()
    return ""


def _zip_with_photos(db: Database, out: Path, workbook: Path, shas: list[str],
                     progress: ProgressReporter) -> list[str]:
    """Pack the workbook and every photo it mentions into `out`; return photos not in the store."""
    zip_path = out.with_suffix(".zip")
    missing: list[str] = []
    progress.start(len(shas), "正在打包照片")

    def stored_photos() -> Iterator[tuple[str, bytes]]:
        for sha, mime, data in photo_files(db, shas):
            if data is None:
                missing.append(sha)
                continue
            yield f"{PHOTO_PREFIX}{sha}{PHOTO_EXTENSIONS.get(mime, '.bin')}", data

    try:
        pack_with_photos(zip_path, workbook, stored_photos(), progress)
    except OSError as error:
        raise excel_error("export-001", str(zip_path), detail=error.strerror or error) from error
    return missing
