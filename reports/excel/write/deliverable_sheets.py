"""The handbook's deliverables as one workbook: 指标汇总, 指标调查表, 楼栋台账, 问题清单, 整治建议清单."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from forms.indicators.deliverables import LEVELS, HousingDeliverables
from forms.indicators.problems import (
    advice_sheet_rows,
    completion_sheet_rows,
    problem_sheet_rows,
    status_sheet_rows,
)
from forms.indicators.table import DENOMINATOR_NOTE, PLACE_LABELS, TOTAL_LABEL, IndicatorTable
from reports.output_file import replaced_when_done

SUMMARY_SHEET = "指标汇总"
SURVEY_SHEET = "指标调查表"
LEDGER_SHEET = "楼栋台账"
PROBLEM_SHEET = "问题清单"
ADVICE_SHEET = "整治建议清单"
COMPLETION_SHEET = "问题整治完成率"
STATUS_SHEET = "问题整治情况"
SHEETS = (SUMMARY_SHEET, SURVEY_SHEET, LEDGER_SHEET, PROBLEM_SHEET, ADVICE_SHEET)
SURVEY_PLACES = ("汇总层级", "区", "街道", "社区", "小区")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FINAL_ONLY = "仅统计已定稿记录"


def summary_rows(table: IndicatorTable) -> list[list[object]]:
    """The wide 指标汇总 (one row per group), with the counting notes below."""
    return [*table.to_rows(include_total=True), [],
            [f"指标体系：{table.title}；{FINAL_ONLY}"], [DENOMINATOR_NOTE]]


def survey_rows(deliverables: HousingDeliverables) -> list[list[object]]:
    """The 住房维度体检指标调查表 of every 小区, rolled up to 社区, 街道 and 区 (合计 last)."""
    rows: list[list[object]] = []
    for level in LEVELS:
        table = deliverables.tables[level]
        for row in table.rows:
            rows += _survey_block(table, row.key, PLACE_LABELS[level])
    district_table = deliverables.tables[LEVELS[-1]]
    if district_table.rows:
        rows += _survey_block(district_table, (), TOTAL_LABEL)
    header = [*SURVEY_PLACES, *district_table.survey_rows()[0]]
    return [header, *rows]


def _survey_block(table: IndicatorTable, key: tuple[str, ...], level_label: str) -> list[list[object]]:
    place = [level_label, *key, *[""] * (4 - len(key))]
    return [[*place, *cells] for cells in table.survey_rows(key)[1:]]


def write_deliverables(deliverables: HousingDeliverables, out: Path) -> Path:
    """Write the sheets (and 问题整治完成率 once a year's list is kept) to `out`, moved into place when whole."""
    out = Path(out)
    if not out.parent.is_dir():  # fail before openpyxl starts streaming the sheets
        raise FileNotFoundError(2, "目录不存在", str(out.parent))
    level = deliverables.problem_level
    sheets = {
        SUMMARY_SHEET: summary_rows(deliverables.tables["street"]),
        SURVEY_SHEET: survey_rows(deliverables),
        LEDGER_SHEET: deliverables.ledger.to_rows(),
        PROBLEM_SHEET: problem_sheet_rows(deliverables.problems, level),
        ADVICE_SHEET: advice_sheet_rows(deliverables.problems, level),
    }
    if deliverables.completions:
        sheets[COMPLETION_SHEET] = [*completion_sheet_rows(deliverables.completions), [],
                                    [f"{deliverables.completion_year}年问题清单的整治情况：以后的定稿调查不再出现该问题即为已整治"]]
        sheets[STATUS_SHEET] = status_sheet_rows(deliverables.listed)
    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        _write_sheet(book, name, rows)
    with replaced_when_done(out) as partial:
        book.save(partial)
    return out


def _write_sheet(book: Workbook, name: str, rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows):
        sheet.append([_header_cell(sheet, value) for value in row] if number == 0 else list(row))


def _header_cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell
