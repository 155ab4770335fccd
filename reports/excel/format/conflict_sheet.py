"""The 冲突 sheet: every losing version of a merged record, readable and recoverable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forms.model import FormDefinition
from forms.store.lineage import Order, compare
from reports.excel.format.cells import read_text
from reports.excel.errors import excel_error, place
from reports.excel.format.layout import STATUS_LABELS, SYSTEM_COLUMNS, VECTOR_HEADER
from reports.excel.write.record_cells import CELL_TEXT_MAX
from forms.store.record_version import RecordVersion, canonical_text, loads, version_of_content

PARALLEL = "并行修改，内容不同"
SUPERSEDED = "已被保留版本取代"
CONTENT_HEADER = "版本内容"
HASH_HEADER = "内容哈希"
ID_HEADER = "记录编号"
HEADER = (ID_HEADER, "表单", "修订号", "原因", "状态", "更新时间", "调查员", "设备编号",
          "与保留版本不同的内容", "保留版本修订号", HASH_HEADER)
SYSTEM_LABELS = {**{key: header for header, key, _width in SYSTEM_COLUMNS}, "vector": VECTOR_HEADER}
DERIVED_LABEL = "计算结果"
WIDTHS = (38, 10, 8, 20, 8, 20, 10, 38, 40, 10, 34, 60)


@dataclass(frozen=True)
class LosingVersion:
    """A version that lost the merge, with the version that won."""

    version: RecordVersion
    winner: RecordVersion

    @property
    def reason(self) -> str:
        return PARALLEL if in_conflict(self.version, self.winner) else SUPERSEDED


def in_conflict(version: RecordVersion, winner: RecordVersion) -> bool:
    """Whether `version` was edited in parallel with `winner` (not an older version the winner descends from)."""
    return compare(version.lineage(), winner.lineage()) is not Order.OLDER


def conflict_rows(losers: Sequence[LosingVersion], titles: dict[str, FormDefinition]) -> list[list[object]]:
    """Return the sheet's rows, header first; the JSON content spreads over as many cells as needed."""
    contents = [_chunks(canonical_text(item.version.content())) for item in losers]
    width = max((len(chunks) for chunks in contents), default=1)
    header = [*HEADER, CONTENT_HEADER, *(f"{CONTENT_HEADER}（续{n}）" for n in range(1, width))]
    rows: list[list[object]] = [header]
    for item, chunks in zip(losers, contents):
        version, form = item.version, titles.get(item.version.form_id)
        rows.append([
            version.id, form.title if form else version.form_id, version.revision, item.reason,
            STATUS_LABELS.get(version.status, version.status), version.updated_at,
            version.inspector, version.device_id, _differences(item, form),
            item.winner.revision, version.content_hash(), *chunks,
        ])
    return rows


def read_conflict_rows(rows: list[list[object]], file: str, sheet: str) -> list[RecordVersion]:
    """Recover the losing versions listed in a 冲突 sheet, checking each against its hash."""
    if not rows:
        return []
    header = [read_text(cell) or "" for cell in rows[0]]
    for needed in (ID_HEADER, HASH_HEADER, CONTENT_HEADER):
        if needed not in header:
            raise excel_error("import-006", place(file, sheet, row=1), header=needed)
    hash_at = header.index(HASH_HEADER)
    content_at = [i for i, name in enumerate(header) if name.startswith(CONTENT_HEADER)]
    versions = []
    for number, row in enumerate(rows[1:], start=2):
        if all(read_text(cell) is None for cell in row):
            continue
        text = "".join(read_text(row[i]) or "" for i in content_at)
        version = _version(text, place(file, sheet, row=number))
        if version.content_hash() != read_text(row[hash_at]):
            raise excel_error("import-017", place(file, sheet, row=number), header=CONTENT_HEADER)
        versions.append(version)
    return versions


def _version(text: str, where: str) -> RecordVersion:
    try:
        return version_of_content(loads(text))
    except (ValueError, TypeError, KeyError):
        raise excel_error("import-017", where, header=CONTENT_HEADER) from None


def _chunks(text: str) -> list[str]:
    return [text[i:i + CELL_TEXT_MAX] for i in range(0, len(text), CELL_TEXT_MAX)] or [""]


def _differences(item: LosingVersion, form: FormDefinition | None) -> str:
    """Name the answers (by label) and system values where the losing version differs."""
    mine, theirs = item.version.content(), item.winner.content()
    names = [SYSTEM_LABELS.get(key, DERIVED_LABEL) for key in {**mine, **theirs}
             if key != "answers" and mine.get(key) != theirs.get(key)]
    answers, winning = mine["answers"], theirs["answers"]
    for key in sorted(set(answers) | set(winning)):
        if answers.get(key) != winning.get(key):
            names.append(_label(form, key))
    return "、".join(dict.fromkeys(names))


def _label(form: FormDefinition | None, key: str) -> str:
    if form is not None and form.has_field(key):
        return form.field(key).label
    return key
