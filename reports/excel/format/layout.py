"""Workbook layout: sheet names, system columns and the columns of every survey."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from forms.model import Field, FieldType, FormDefinition

FORMAT_VERSION = 1
FORMAT_MARKER = "CityCheck 城市体检数据导出"
KEY_MAP_SHEET = "_字段对照"
CHOICES_SHEET = "_选项"
README_SHEET = "说明"
CONFLICTS_SHEET = "冲突"
MERGE_REPORT_SHEET = "合并报告"
INDICATORS_SHEET = "指标汇总"
RECORD_LIST_SHEET = "_记录清单"      # hidden: every record the file was written with, to name rows deleted later
RECORD_LIST_HEADER = ("工作表", "记录编号")
RESERVED_SHEETS = frozenset({
    KEY_MAP_SHEET, CHOICES_SHEET, README_SHEET, CONFLICTS_SHEET, MERGE_REPORT_SHEET, INDICATORS_SHEET,
    RECORD_LIST_SHEET,
})
KEY_MAP_HEADER = ("工作表", "列标题", "字段键", "类别", "调查表", "重复组")
MULTI_SEPARATOR = "；"
SHEET_NAME_MAX = 31
FORBIDDEN_IN_SHEET_NAME = str.maketrans({c: "_" for c in "[]:*?/\\"})

DATA_HEADER = "计算数据"
CHECK_HEADER = "行校验"
HASH_HEADER = "内容校验"
VECTOR_HEADER = "版本向量"
PARENT_HEADER = "记录编号"
ROW_HEADER = "行号"
SUMMARY_HEADER = "评估摘要"
FINDINGS_HEADER = "触发规则"


class Kind(StrEnum):
    SYSTEM = "system"      # record identity and place; must be present and unedited
    ANSWER = "answer"      # an input field; read back on import
    DERIVED = "derived"    # calculated values shown for people; rebuilt from DATA, never read
    DATA = "data"          # hidden JSON of calculated values, summary and findings
    CHECK = "check"        # hidden row checksum over the identity columns
    HASH = "hash"          # hidden content hashes of the record as exported: "full:masked"
    VECTOR = "vector"      # hidden version vector: saves per device, to tell later edits from parallel ones
    PARENT = "parent"      # repeat sheets: the parent record's UUID
    ROW = "row"            # repeat sheets: the row number within the parent's repeat group


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: Kind
    field: Field | None = None
    width: float = 14
    hidden: bool = False


# (header, RecordVersion attribute, width)
SYSTEM_COLUMNS = (
    ("记录编号", "id", 38), ("表单", "form_id", 10), ("表单版本", "form_version", 10),
    ("修订号", "revision", 8), ("状态", "status", 8), ("创建时间", "created_at", 20),
    ("更新时间", "updated_at", 20), ("调查员", "inspector", 10), ("设备编号", "device_id", 38),
    ("区", "district", 10), ("街道", "street", 12), ("社区", "community", 12),
    ("小区", "estate", 14), ("楼栋编码", "building_code", 16), ("地址", "address", 28),
    ("纬度", "lat", 12), ("经度", "lon", 12),
)
STATUS_LABELS = {"final": "定稿", "draft": "草稿"}
FIELD_WIDTHS = {
    FieldType.TEXT: 18, FieldType.DATE: 12, FieldType.SELECT_MULTIPLE: 30,
    FieldType.PHOTOS: 24, FieldType.GEOPOINT: 30,
}


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one sheet: a survey's main sheet or one of its repeat groups."""

    name: str
    form: FormDefinition
    columns: tuple[Column, ...]
    repeat: Field | None = None

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class FormLayout:
    """A survey's main sheet and one sheet per repeat group."""

    form: FormDefinition
    main: SheetLayout
    repeats: tuple[SheetLayout, ...]

    def sheets(self) -> tuple[SheetLayout, ...]:
        return (self.main, *self.repeats)


class WorkbookLayout:
    """The layouts of the surveys in one workbook, with unique sheet names."""

    def __init__(self, forms: Iterable[FormDefinition]) -> None:
        self._taken: set[str] = set(RESERVED_SHEETS)
        self.forms: dict[str, FormLayout] = {}
        for form in forms:
            self.forms[form.id] = self._form_layout(form)

    def sheets(self) -> list[SheetLayout]:
        return [sheet for layout in self.forms.values() for sheet in layout.sheets()]

    def _form_layout(self, form: FormDefinition) -> FormLayout:
        main = SheetLayout(self._sheet_name(form.title), form, main_columns(form))
        repeats = tuple(
            SheetLayout(self._sheet_name(f"{form.title}-{item.label}"), form, repeat_columns(item), item)
            for item in top_level_fields(form) if item.type is FieldType.REPEAT
        )
        return FormLayout(form, main, repeats)

    def _sheet_name(self, wanted: str) -> str:
        base = wanted.translate(FORBIDDEN_IN_SHEET_NAME)[:SHEET_NAME_MAX]
        name, number = base, 2
        while name in self._taken:
            suffix = f"({number})"
            name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
        self._taken.add(name)
        return name


def top_level_fields(form: FormDefinition) -> list[Field]:
    return [item for section in form.sections for item in section.fields]


def main_columns(form: FormDefinition) -> tuple[Column, ...]:
    columns = [Column(header, key, Kind.SYSTEM, width=width) for header, key, width in SYSTEM_COLUMNS]
    taken = {column.header for column in columns}
    fields = top_level_fields(form)
    for item in fields:
        if item.is_input:
            columns.append(_field_column(item, Kind.ANSWER, taken, form.section_of(item.key).title))
    for item in fields:
        if item.type is FieldType.CALCULATE:
            columns.append(_field_column(item, Kind.DERIVED, taken, "计算"))
    columns += [
        Column(SUMMARY_HEADER, "summary", Kind.DERIVED, width=30),
        Column(FINDINGS_HEADER, "findings", Kind.DERIVED, width=40),
        Column(DATA_HEADER, "data", Kind.DATA, width=10, hidden=True),
        Column(CHECK_HEADER, "check", Kind.CHECK, width=10, hidden=True),
        Column(HASH_HEADER, "content", Kind.HASH, width=10, hidden=True),
        Column(VECTOR_HEADER, "vector", Kind.VECTOR, width=10, hidden=True),
    ]
    return tuple(columns)


def repeat_columns(repeat: Field) -> tuple[Column, ...]:
    columns = [
        Column(PARENT_HEADER, "parent", Kind.PARENT, width=38),
        Column(ROW_HEADER, "row", Kind.ROW, width=6),
    ]
    taken = {PARENT_HEADER, ROW_HEADER, CHECK_HEADER}
    columns += [_field_column(item, Kind.ANSWER, taken, repeat.label) for item in repeat.fields if item.is_input]
    columns.append(Column(CHECK_HEADER, "check", Kind.CHECK, width=10, hidden=True))
    return tuple(columns)


def _field_column(item: Field, kind: Kind, taken: set[str], context: str) -> Column:
    """Label the column with the field's label, qualified when another column already uses it."""
    header = item.label
    for candidate in (item.label, f"{item.label}（{context}）", f"{item.label}（{item.key}）"):
        if candidate not in taken:
            header = candidate
            break
    taken.add(header)
    return Column(header, item.key, kind, item, width=FIELD_WIDTHS.get(item.type, 12))


def choice_lists(layout: WorkbookLayout) -> dict[str, tuple[str, ...]]:
    """Return a name -> labels mapping for every drop-down list the workbook needs."""
    lists: dict[str, tuple[str, ...]] = {}
    for sheet in layout.sheets():
        for column in sheet.columns:
            if column.kind is Kind.ANSWER and has_drop_down(column.field):
                lists.setdefault(list_name(sheet.form, column.field), drop_down_labels(column.field))
    return lists


def has_drop_down(item: Field | None) -> bool:
    return item is not None and item.type in (FieldType.SELECT_ONE, FieldType.YES_NO) and bool(item.choices)


def list_name(form: FormDefinition, item: Field) -> str:
    return item.choice_list or f"{form.id}.{item.key}"


def drop_down_labels(item: Field) -> tuple[str, ...]:
    return tuple(choice.label for choice in item.choices)


def key_map_rows(layout: WorkbookLayout) -> list[tuple[str, ...]]:
    rows = [KEY_MAP_HEADER]
    for sheet in layout.sheets():
        repeat_key = sheet.repeat.key if sheet.repeat else ""
        rows += [(sheet.name, c.header, c.key, c.kind.value, sheet.form.id, repeat_key) for c in sheet.columns]
    return rows


def forms_in(catalog: Mapping[str, FormDefinition], form_ids: Iterable[str] | None = None) -> list[FormDefinition]:
    """Return the catalog's forms (all, or those in `form_ids`) in catalog order."""
    wanted = None if form_ids is None else set(form_ids)
    return [form for form_id, form in catalog.items() if wanted is None or form_id in wanted]
