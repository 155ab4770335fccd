"""The 2025 handbook's "1表1台账2清单" as district-summary sections (flowables, no page layout)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from forms.indicators.deliverables import HousingDeliverables
from forms.indicators.problems import ProblemRow, completion_sheet_rows
from forms.indicators.table import DENOMINATOR_NOTE, SPECIAL_TITLE, display_value
from reports.pdf.answers import number_text
from reports.pdf.flowables import Pieces
from reports.pdf.styles import CONTENT_WIDTH, ReportStyles

MARK = "●"
SURVEY_WIDTHS = tuple(w * mm for w in (20, 12, 90, 22, 14, 22))
COMMUNITY_FIRST = 34 * mm
LEDGER_FIXED = tuple(w * mm for w in (9, 30, 27, 14))
LEDGER_PHOTOS = 22 * mm
PROBLEM_COLUMNS = ("序号", "社区", "指标项", "结果（栋）", "存在问题", "程度", "难度", "分类")
PROBLEM_WIDTHS = tuple(w * mm for w in (8, 20, 30, 12, 70, 12, 10, 18))
ADVICE_COLUMNS = ("序号", "社区", "指标项", "存在问题", "整治建议", "整治区域", "类型", "责任单位", "优先级",
                  "纳入下年计划")
ADVICE_WIDTHS = tuple(w * mm for w in (7, 16, 20, 32, 36, 18, 9, 24, 9, 9))
PHOTO_REFS_SHOWN = 2
STREET_SUMMARY_WIDTHS = tuple(w * mm for w in (60, 30, 30))


class HandbookSections:
    """Builds the deliverable sections of one district summary."""

    def __init__(self, deliverables: HousingDeliverables, pieces: Pieces, styles: ReportStyles) -> None:
        self.deliverables, self.pieces, self.styles = deliverables, pieces, styles

    def survey_table(self, title: str) -> list[Flowable]:
        """住房维度体检指标调查表 of the whole scope, then the 9 indicators per 社区."""
        p, s = self.pieces, self.styles
        total = self.deliverables.tables["district"]
        rows = [[_text(cell) for cell in row] for row in total.survey_rows()[1:]]
        note = f"{total.title}；仅统计已定稿记录。{DENOMINATOR_NOTE}。"
        if any(row[0] == SPECIAL_TITLE for row in rows):
            note += f"“{SPECIAL_TITLE}”以下各行为本市特色指标，在指标目录中按城市配置。"
        return [CondPageBreak(80 * mm), p.para(title, s.heading), p.para(note, s.small),
                p.text_table(total.survey_rows()[0], rows, SURVEY_WIDTHS, s.cell_small, s.cell_small_header,
                             long=True), Spacer(1, 3 * mm), *self.community_table(), *self.completion_table()]

    def completion_table(self) -> list[Flowable]:
        """问题整治完成率 of the latest year's list, 限时解决 and 尽力解决 apart."""
        p, s = self.pieces, self.styles
        completions = self.deliverables.completions
        if not completions:
            return []
        header, *rows = completion_sheet_rows(completions)
        widths = [10 * mm, 50 * mm] + [(CONTENT_WIDTH - 60 * mm) / 7] * 7
        return [p.para(f"{self.deliverables.completion_year}年问题清单的问题整治完成率", s.subheading),
                p.para("以后的定稿调查不再出现所列问题即记为已整治；按楼栋×问题项计。", s.small),
                p.text_table(header, [[_text(c) for c in row] for row in rows], widths, s.cell_small,
                             s.cell_small_header)]

    def community_table(self) -> list[Flowable]:
        """The nine indicators rolled up per 社区 (counts; the denominator first)."""
        p, s = self.pieces, self.styles
        table = self.deliverables.tables["community"]
        columns = [c for c in table.columns if not c.special]
        if not table.rows:
            return []
        widths = [COMMUNITY_FIRST] + [(CONTENT_WIDTH - COMMUNITY_FIRST) / (len(columns) + 1)] * (len(columns) + 1)
        header = ["街道 / 社区", "住宅楼栋", *(f"指标{c.number}（{c.unit}）" for c in columns)]
        rows = [[f"{row.key[1]}\n{row.key[2]}", str(row.surveyed),
                 *(_text(display_value(c, row.values.get(c.id))) for c in columns)] for row in table.rows]
        return [p.para("按社区汇总", s.subheading),
                p.text_table(header, rows, widths, s.cell_small, s.cell_small_header, long=True)]

    def ledger_table(self, title: str) -> list[Flowable]:
        """楼栋台账: one row per building, a mark under each indicator it counts in, photo references."""
        p, s = self.pieces, self.styles
        ledger = self.deliverables.ledger
        columns = ledger.columns
        mark_width = (CONTENT_WIDTH - sum(LEDGER_FIXED) - LEDGER_PHOTOS) / len(columns)
        widths = [*LEDGER_FIXED, *([mark_width] * len(columns)), LEDGER_PHOTOS]
        header = ["序号", "社区 / 小区", "楼栋编码", "住宅", *(c.number for c in columns), "照片引用"]
        rows = [[str(n), f"{b.place[2]}\n{b.place[3]}", b.building_code, "是" if b.residential else "否",
                 *(MARK if b.counts_in(c.id) else "" for c in columns), _photo_text(b.photos)]
                for n, b in enumerate(ledger.buildings, start=1)]
        legend = "；".join(f"{c.number} {c.name}" for c in columns)
        note = (f"共 {len(rows)} 栋（仅已定稿记录）；{MARK} 表示计入该指标，触发的问题项见 Excel 楼栋台账。"
                f"“住宅”为否的楼栋不计入住宅指标。{legend}。")
        story: list[Flowable] = [PageBreak(), p.para(title, s.heading), p.para(note, s.small)]
        if rows:
            story.append(p.text_table(header, rows, widths, s.cell_small, s.cell_small_header, long=True))
        return story

    def problem_table(self, title: str) -> list[Flowable]:
        """问题清单 per 社区: indicator, buildings, 问题程度 / 治理难度 / 问题分类."""
        problems = self.deliverables.problems
        rows = [[str(n), _place(r), r.column.label, str(len(r.buildings)), r.problem_text, r.severity, r.difficulty,
                 r.problem_class] for n, r in enumerate(problems, start=1)]
        return self._list_block(title, "问题程度、治理难度、问题分类为默认值，可由区住建部门在“问题清单”中调整。",
                                PROBLEM_COLUMNS, rows, PROBLEM_WIDTHS)

    def advice_table(self, title: str) -> list[Flowable]:
        """整治建议清单 per 社区: advice, area, type, responsible units, priority, next year's plan."""
        problems = self.deliverables.problems
        rows = [[str(n), _place(r), r.column.label, r.item.problem, r.advice, "、".join(r.areas),
                 r.problem_class.removesuffix("解决"), r.responsible, r.priority, "是" if r.next_year else "否"]
                for n, r in enumerate(problems, start=1)]
        return self._list_block(title, "整治类型：限时解决（底线型安全问题）、尽力解决（提升型问题）。",
                                ADVICE_COLUMNS, rows, ADVICE_WIDTHS)

    def _list_block(self, title: str, note: str, columns: Sequence[str], rows: list[list[str]],
                    widths: Sequence[float]) -> list[Flowable]:
        p, s = self.pieces, self.styles
        story: list[Flowable] = [PageBreak(), p.para(title, s.heading),
                                 p.para(f"共 {len(rows)} 条，仅统计已定稿记录。{note}", s.small)]
        if not rows:
            return story + [p.para("未发现问题。")]
        return story + [p.text_table(columns, rows, widths, s.cell_small, s.cell_small_header, long=True)]


def street_problem_summary(facts, pieces: Pieces, styles: ReportStyles) -> list[Flowable]:
    """Problems of final records per street and 程度, so no street's 危险 items go unseen."""
    streets = sorted({street for street, _severity in facts.problems_by_street})
    if not streets:
        return []
    rows = [(street, str(facts.problems_by_street[(street, "danger")]),
             str(facts.problems_by_street[(street, "warning")])) for street in streets]
    return [pieces.data_table(("街道", "危险（条）", "一般（条）"), rows, STREET_SUMMARY_WIDTHS, long=True),
            Spacer(1, 3 * mm)]


def _place(row: ProblemRow) -> str:
    return "\n".join(part for part in row.place[1:] if part) or "—"


def _photo_text(photos) -> str:
    refs = sorted({ref for refs in photos.values() for ref in refs})
    if not refs:
        return ""
    more = f"\n等 {len(refs)} 张" if len(refs) > PHOTO_REFS_SHOWN else ""
    return "\n".join(ref[:8] for ref in refs[:PHOTO_REFS_SHOWN]) + more


def _text(value: object) -> str:
    if value is None:
        return ""
    return number_text(value) if isinstance(value, float) else str(value)
