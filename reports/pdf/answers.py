"""A record's answers in plain language: labels, units, choice labels; irrelevant fields left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from forms.engine import Evaluation, evaluate, row_path
from forms.model import Field, FieldType, FormDefinition, Section
from forms.privacy import shown_value
from forms.rules.barrier_free import slope_text
from forms.store.record_version import RecordVersion

NOT_ANSWERED = "未填写"
NONE_TICKED = "无"
LIST_SEPARATOR = "、"
SLOPE_FIELDS = frozenset({"ramp_slope"})   # ratios printed as 1:N


@dataclass(frozen=True)
class PhotoRef:
    """A photo of a record and the caption printed under it."""

    sha256: str
    caption: str


@dataclass(frozen=True)
class AnswerLine:
    label: str
    text: str


@dataclass(frozen=True)
class AnswerTable:
    """A repeat group: one row per entry, one column per field."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SectionAnswers:
    title: str
    items: tuple[AnswerLine | AnswerTable, ...]


@dataclass(frozen=True)
class PlainRecord:
    """One record ready to print."""

    form: FormDefinition
    record: RecordVersion
    sections: tuple[SectionAnswers, ...]
    photos: tuple[PhotoRef, ...]


def number_text(value: object) -> str:
    """Print 12.0 as 12 and 0.066666 as 0.0667, never in exponent notation."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def date_text(value: object) -> str:
    """Print "2026-09-27" as 2026年9月27日 (other text unchanged)."""
    text = str(value)
    parts = text[:10].split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return text


def geopoint_text(value: object) -> str:
    if not isinstance(value, Mapping) or value.get("lat") is None or value.get("lon") is None:
        return str(value)
    lat, lon = float(value["lat"]), float(value["lon"])
    north = "北纬" if lat >= 0 else "南纬"
    east = "东经" if lon >= 0 else "西经"
    crs = value.get("crs") or ""
    accuracy = value.get("accuracy_m")
    text = f"{north} {abs(lat):.6f}°，{east} {abs(lon):.6f}°" + (f"（{crs}）" if crs else "")
    return text + (f"，定位精度 ±{accuracy:g} 米" if isinstance(accuracy, (int, float)) else "")


def value_text(item: Field, value: object) -> str:
    """Return the printed text of one answer (or calculated value) of field `item`."""
    if item.key in SLOPE_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return slope_text(float(value))   # as the rules and findings print it
    kind = item.type
    if kind is FieldType.CALCULATE:
        kind = FieldType.SELECT_ONE if item.value_type == "select_one" and item.choices else FieldType.DECIMAL
        if item.value_type == "text":
            kind = FieldType.TEXT
    if _is_empty(value):
        return NONE_TICKED if kind is FieldType.SELECT_MULTIPLE else NOT_ANSWERED
    if kind in (FieldType.SELECT_ONE, FieldType.YES_NO):
        return item.choice_label(value)
    if kind is FieldType.SELECT_MULTIPLE:
        codes = value if isinstance(value, list) else [value]
        return LIST_SEPARATOR.join(item.choice_label(code) for code in codes)
    if kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.YEAR):
        return number_text(value) + (f" {item.unit}" if item.unit else "")
    if kind is FieldType.DATE:
        return date_text(value)
    if kind is FieldType.GEOPOINT:
        return geopoint_text(value)
    if kind is FieldType.PHOTOS:
        return f"{len(value)} 张（见照片页）" if isinstance(value, list) else str(value)
    return str(value)


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def label_with_unit(item: Field) -> str:
    return f"{item.label}（{item.unit}）" if item.unit else item.label


class _RecordReader:
    """Walks one record's relevant fields in form order, collecting lines and photos."""

    def __init__(self, form: FormDefinition, record: RecordVersion, evaluation: Evaluation,
                 include_sensitive: bool, figures: dict[str, int]) -> None:
        self.form = form
        self.figures = figures
        self.answers = record.answers
        self.evaluation = evaluation
        self.include_sensitive = include_sensitive
        self.photos: list[PhotoRef] = []

    def section(self, section: Section) -> SectionAnswers | None:
        items = [item for field in section.fields for item in self.field_items(field)]
        return SectionAnswers(section.title, tuple(items)) if items else None

    def field_items(self, item: Field) -> Iterable[AnswerLine | AnswerTable]:
        if item.type is FieldType.NOTE or item.key not in self.evaluation.relevant:
            return ()
        if item.type is FieldType.REPEAT:
            return (self.repeat_table(item),)
        if item.type is FieldType.CALCULATE:
            value = self.evaluation.calculated.get(item.key)
        else:
            value = self.answers.get(item.key)
        if _is_empty(value) and not item.required and item.type is not FieldType.SELECT_MULTIPLE:
            return ()  # optional and unanswered: nothing to say on paper
        figures = self.collect_photos(item, value, item.label)
        return (AnswerLine(item.label, figures_text(figures) if figures else self.cell_text(item, value)),)

    def cell_text(self, item: Field, value: object) -> str:
        return value_text(item, shown_value(item, value, include_sensitive=self.include_sensitive))

    def repeat_table(self, repeat: Field) -> AnswerTable:
        columns = [f for f in repeat.fields if f.type is not FieldType.NOTE]
        rows = self.answers.get(repeat.key)
        rows = [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []
        printed = []
        for index, row in enumerate(rows):
            cells = [self.repeat_cell(repeat, index, row, column) for column in columns]
            printed.append((str(index + 1), *cells))
        headers = ("序号", *(label_with_unit(column) for column in columns))
        return AnswerTable(repeat.label, headers, tuple(printed))

    def repeat_cell(self, repeat: Field, index: int, row: Mapping[str, object], column: Field) -> str:
        if row_path(repeat.key, index, column.key) not in self.evaluation.relevant:
            return ""
        if column.type is FieldType.CALCULATE:
            values = self.evaluation.calculated.get(column.key)
            value = values[index] if isinstance(values, list) and index < len(values) else None
        else:
            value = row.get(column.key)
        figures = self.collect_photos(column, value, f"{repeat.label}第{index + 1}行 {column.label}")
        text = figures_text(figures) if figures else self.cell_text(column, value)
        return text.removesuffix(f" {column.unit}") if column.unit else text  # the unit is in the heading

    def collect_photos(self, item: Field, value: object, label: str) -> list[int]:
        """Keep the field's photos and return their figure numbers (the same photo keeps its number)."""
        if item.type is not FieldType.PHOTOS or not isinstance(value, list):
            return []
        numbers = []
        for photo in value:
            if isinstance(photo, Mapping) and photo.get("sha256"):
                sha = str(photo["sha256"])
                caption = str(photo.get("caption") or "").strip()
                self.photos.append(PhotoRef(sha, f"{label}：{caption}" if caption else label))
                numbers.append(self.figures.setdefault(sha, len(self.figures) + 1))
        return numbers


def figures_text(numbers: list[int]) -> str:
    """Say where a field's photos are printed: 2 张，见图 3、图 4."""
    return f"{len(numbers)} 张，见" + "、".join(f"图 {n}" for n in dict.fromkeys(numbers))


def plain_record(form: FormDefinition, record: RecordVersion, *, include_sensitive: bool = False,
                 skip_sections: Iterable[str] = (), figures: dict[str, int] | None = None) -> PlainRecord:
    """Return the record's relevant answers as printable sections, and its photos in form order.

    `figures` (photo hash -> figure number) is shared by the records of one report and grows as
    photos are met, so a field can say which figures hold its photos.
    """
    reader = _RecordReader(form, record, evaluate(form, record.answers), include_sensitive,
                           {} if figures is None else figures)
    skipped = set(skip_sections)
    sections = [reader.section(s) for s in form.sections if s.key not in skipped]
    for section in form.sections:
        if section.key in skipped:
            for item in section.fields:
                reader.field_items(item)  # still collect the photos of skipped sections
    return PlainRecord(form, record, tuple(s for s in sections if s is not None), tuple(reader.photos))
