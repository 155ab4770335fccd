"""区级城市体检汇总: cover, scope, indicator table, charts, problem ledger and drafts appendix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from forms.indicators.table import DENOMINATOR_NOTE as SHARE_DENOMINATOR
from forms.model import FormDefinition
from forms.store.clock import local_text
from reports.pdf.answers import number_text
from reports.pdf.charts import BarSeries, ChartMaker
from reports.pdf.district_data import GRADES, NO_GRADE, DistrictFacts
from reports.pdf.document import ReportDocument
from reports.pdf.flowables import Pieces, no_lone_rows
from reports.pdf.glyphs import ReportFonts
from reports.pdf.indicator_blocks import PlaceColumn, blocks_with_total, place_columns, total_column
from reports.pdf.issue import ReportIssue
from reports.pdf.linebreak import break_place_name
from reports.pdf.handbook_sections import HandbookSections, street_problem_summary
from reports.pdf.styles import (
    ACCENT,
    CELL_PADDING_X,
    CONTENT_WIDTH,
    HEADER_FILL,
    LABEL_COLOURS,
    LABEL_NAMES,
    MARGIN_BOTTOM,
    MARGIN_X,
    PAGE_SIZE,
    UNLABELLED,
    ReportStyles,
)

HAZARD_INDICATORS = ("structure_hazard_buildings", "gas_hazard_buildings", "corridor_hazard_buildings",
                     "envelope_hazard_buildings")
GRADE_COLOURS = (LABEL_COLOURS["green"], LABEL_COLOURS["yellow"], LABEL_COLOURS["orange"], LABEL_COLOURS["red"])
PLACES_PER_TABLE = 7
STREETS_PER_CHART = 10
LEDGER_COLUMNS = ("序号", "街道", "楼栋编码 / 地址", "调查", "问题", "依据", "照片引用", "程度")
LEDGER_WIDTHS = tuple(w * mm for w in (8, 16, 30, 15, 48, 27, 18, 12))
CITY_LEDGER_WIDTHS = tuple(w * mm for w in (8, 13, 16, 28, 15, 40, 24, 18, 12))
DRAFT_COLUMNS = ("序号", "调查", "街道", "楼栋编码", "地址", "调查员", "最后修改")
DRAFT_WIDTHS = tuple(w * mm for w in (9, 16, 20, 30, 59, 16, 24))
INDICATOR_LABEL_WIDTH = 58 * mm
INDICATOR_KEEP = 70 * mm    # room for the heading, its notes and the first rows of the first block
CITY_SCOPE = "全市"
UNDECIDED_LABEL = "待定"
DENOMINATOR_NOTE = (f"{SHARE_DENOMINATOR}。封面“涉及楼栋”为有任一调查记录（含草稿）的楼栋数，"
                    "不作占比分母。")


class DistrictSummary(ReportDocument):
    """Override a block (cover_block, scope_block, indicator_block, chart_block, …) to change one part."""

    subject = "城市体检 区级汇总"

    def __init__(self, facts: DistrictFacts, catalog: Mapping[str, FormDefinition], fonts: ReportFonts, *,
                 styles: ReportStyles | None = None, generated_on: dt.date | None = None,
                 issue: ReportIssue | None = None, figures: Mapping[str, Sequence[int]] | None = None,
                 districts: Mapping[str, str | None] | None = None) -> None:
        super().__init__(fonts, styles=styles, issue=issue)
        self.figures = figures or {}      # record id -> figure numbers of its photos in the building report
        self.districts = districts or {}  # record id -> district, for the city's ledger
        self.facts = facts
        self.catalog = catalog
        self.pieces = Pieces(fonts, self.styles)
        self.charts = ChartMaker(fonts)
        self.generated_on = generated_on or dt.date.today()
        self.city = facts.scope.district is None and facts.scope.street is None
        self.level = "市级" if self.city else "区级"
        self.scope_name = CITY_SCOPE if self.city else facts.scope.describe()
        self.title = f"{self.scope_name} 城市体检汇总报告"

    def form_title(self, form_id: str) -> str:
        form = self.catalog.get(form_id)
        return form.title if form else form_id

    # Pages -------------------------------------------------------------------------------

    def page_templates(self) -> list[PageTemplate]:
        cover_frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_SIZE[1] - 2 * MARGIN_BOTTOM, id="cover")
        return [PageTemplate(id="cover", frames=[cover_frame], onPage=self.decorate_cover), *super().page_templates()]

    def decorate_cover(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_SIZE[1] - 38 * mm, PAGE_SIZE[0], 38 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, PAGE_SIZE[0], 8 * mm, stroke=0, fill=1)
        self.draw_footer(canvas, doc)           # the report number is on the cover too
        canvas.restoreState()

    def page_header_text(self) -> str:
        return f"{self.level}城市体检汇总　{self.scope_name}"

    # Story -------------------------------------------------------------------------------

    def build_story(self) -> list[Flowable]:
        return [*self.cover_block(), NextPageTemplate("page"), PageBreak(), *self.scope_block(),
                *self.indicator_block(), *self.chart_block(), *self.ledger_block(), *self.handbook_blocks(),
                *self.drafts_block(), *self.closing_block()]

    def handbook_blocks(self) -> list[Flowable]:
        """The 2025 handbook's 指标调查表, 问题清单, 整治建议清单 and the 楼栋台账 appendix."""
        if self.facts.deliverables is None:
            return []
        sections = HandbookSections(self.facts.deliverables, self.pieces, self.styles)
        return [*sections.survey_table("五、住房维度体检指标调查表"), *sections.problem_table("六、住房维度问题清单"),
                *sections.advice_table("七、住房维度整治建议清单"), *sections.ledger_table("附录　楼栋台账")]

    def cover_block(self) -> list[Flowable]:
        p, s, f = self.pieces, self.styles, self.facts
        final = sum(n for (_form, status), n in f.by_form_status.items() if status == "final")
        buildings = sum(len(codes) for codes in f.buildings_by_street.values())
        surveyed = f.indicators.total.surveyed if f.indicators else 0
        facts = [("汇总范围", self.scope_name), ("调查记录", f"{f.record_count} 条（已定稿 {final} 条）"),
                 ("涉及楼栋", f"{buildings} 栋（含草稿记录所涉楼栋）"),
                 ("调查住宅楼栋数", f"{surveyed} 栋（已定稿房屋安全记录、用途为住宅，指标占比的分母）"), ("街道", f"{len(f.streets)} 个"),
                 ("指标体系", f.indicators.title if f.indicators else "—"),
                 ("生成日期", f"{self.generated_on.year}年{self.generated_on.month}月{self.generated_on.day}日")]
        table = Table([[p.para(k, s.cell_label), p.para(v, s.body)] for k, v in facts],
                      colWidths=[30 * mm, 90 * mm], hAlign="CENTER")
        table.setStyle(s.key_value())
        return [Spacer(1, 70 * mm), p.para(self.title, s.cover_title),
                p.para(f"{self.level}城市体检汇总", s.title), Spacer(1, 24 * mm), table]

    def scope_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        forms = [form_id for form_id in self.catalog if any(k[0] == form_id for k in f.by_form_status)]
        status_rows = [(self.form_title(fid), f.by_form_status[(fid, "final")], f.by_form_status[(fid, "draft")],
                        f.by_form_status[(fid, "final")] + f.by_form_status[(fid, "draft")]) for fid in forms]
        status_rows.append(("合计", *(sum(row[i] for row in status_rows) for i in (1, 2, 3))))
        district = ("区",) if self.city else ()
        street_rows = [((f.street_district.get(street, ""),) if self.city else ()) +
                       (street, *(f.by_street_form[(street, fid)] for fid in forms),
                        len(f.buildings_by_street.get(street, ()))) for street in f.streets]
        if self.city:
            street_rows.sort()
        return [*p.headed([p.para("一、调查范围", self.styles.heading), p.para("按调查表与状态", self.styles.subheading)],
                          [p.data_table(("调查表", "已定稿", "草稿", "合计"), status_rows)]),
                *p.headed(p.para(f"按{'区、' if self.city else ''}街道（记录数）", self.styles.subheading),
                          [p.data_table((*district, "街道", *(self.form_title(fid) for fid in forms), "涉及楼栋"),
                                        street_rows, long=True)])]

    def indicator_block(self) -> list[Flowable]:
        table, p, small = self.facts.indicators, self.pieces, self.styles.small
        heading = p.para(f"二、指标汇总（按{'区、' if self.city else ''}街道）", self.styles.heading)
        if table is None:
            return p.headed(heading, [])
        notes = [p.para(f"{table.title}；仅统计已定稿记录。", small), p.para(DENOMINATOR_NOTE, small)]
        labels, columns = place_columns(table, self.facts.district_indicators if self.city else None)
        story = p.headed(heading, notes, keep=INDICATOR_KEEP)
        for block in blocks_with_total(columns, total_column(table), PLACES_PER_TABLE):
            story += [Spacer(1, 3 * mm), self.indicator_table(labels, block)]
        return story

    def indicator_table(self, labels: Sequence[str], block: Sequence[PlaceColumn]) -> Table:
        """Indicators down, the block's places across; a city adds the 区 heading row."""
        p, body_style, head_style = self.pieces, self.styles.cell_small, self.styles.cell_small_header
        width = (CONTENT_WIDTH - INDICATOR_LABEL_WIDTH) / len(block)
        inner = width - 2 * CELL_PADDING_X
        heads = [("区", *(c.district for c in block))] if self.city else []
        heads.append(("指标", *(break_place_name(c.name, self.fonts.name, head_style.fontSize, inner) for c in block)))
        body = [(label, *(_cell(c.values[i]) for c in block)) for i, label in enumerate(labels)]
        widths = [INDICATOR_LABEL_WIDTH] + [width] * len(block)
        rows = [[p.cell(text, head_style, None) for text in row] for row in heads]
        rows += [[p.cell(text, body_style, w) for text, w in zip(row, widths)] for row in body]
        table = Table(rows, colWidths=widths, repeatRows=len(heads), splitInRow=1)
        style = self.styles.table(header_rows=len(heads))
        for command in [*self.styles.plain_text(head_style, (0, 0), (-1, len(heads) - 1)),
                        *self.styles.plain_text(body_style, (0, len(heads)), (-1, -1)),
                        *no_lone_rows(body, len(heads)),
                        *[("BACKGROUND", (i, len(heads)), (i, -1), HEADER_FILL)
                          for i, c in enumerate(block, start=1) if c.summed]]:
            style.add(*command)
        table.setStyle(style)
        return table

    def chart_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        graded = [f.grades.get(grade, 0) for grade in GRADES]
        grade_chart = self.charts.column_chart("房屋危险性等级分布（已鉴定）", [f"{g}级" for g in GRADES], graded,
                                               bar_colours=GRADE_COLOURS, unit="栋")
        colour_codes = [*LABEL_NAMES, ""]
        colour_chart = self.charts.column_chart(
            "安全标色分布", [LABEL_NAMES.get(c, UNDECIDED_LABEL) for c in colour_codes],
            [f.colours.get(c, 0) for c in colour_codes],
            bar_colours=[LABEL_COLOURS.get(c, UNLABELLED) for c in colour_codes], unit="栋")
        ungraded = f.grades.get(NO_GRADE, 0)
        note = (f"已定稿房屋安全记录 {sum(graded) + ungraded} 栋，其中已鉴定（有初算或鉴定等级）{sum(graded)} 栋，"
                f"未鉴定 {ungraded} 栋（未填写危房鉴定明细，不在等级图中）；“待定”为未标色的记录。")
        story = [PageBreak(), p.para("三、统计图表", self.styles.heading), Table([[grade_chart, colour_chart]]),
                 p.para(note, self.styles.small)]
        story += self.hazard_charts()
        story += self.pipe_chart()
        return story

    def hazard_charts(self) -> list[Flowable]:
        table = self.facts.indicators
        if table is None or not table.rows:
            return []
        columns = [c for c in table.columns if c.id in HAZARD_INDICATORS]
        shown = slice(1, None) if self.facts.scope.district else slice(None)  # the district is in the title
        names = [" ".join(str(k) for k in row.key[shown]) for row in table.rows]
        story: list[Flowable] = []
        for start in range(0, len(table.rows), STREETS_PER_CHART):
            rows = table.rows[start:start + STREETS_PER_CHART]
            series = [BarSeries(c.name.removeprefix("存在").removesuffix("的住宅数量"),
                                tuple(float(r.values.get(c.id) or 0) for r in rows)) for c in columns]
            story.append(self.charts.grouped_bars("各街道存在安全隐患的住宅数量", names[start:start + STREETS_PER_CHART],
                                                  series, unit="栋"))
        return story

    def pipe_chart(self) -> list[Flowable]:
        table = self.facts.indicators
        if table is None:
            return []
        columns = [c for c in table.columns if c.kind == "length_km"]
        names = [c.name.removeprefix("应更新改造").removesuffix("管线长度") for c in columns]
        values = [float(table.total.values.get(c.id) or 0) for c in columns]
        chart = self.charts.column_chart("应更新改造管线长度", names, values, unit="km",
                                         width=CONTENT_WIDTH, value_format="{:.3f}")
        return [CondPageBreak(70 * mm), Spacer(1, 4 * mm), chart]

    def ledger_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        story: list[Flowable] = [PageBreak(), p.para("四、问题清单", self.styles.heading)]
        shown = len(f.ledger)
        note = f"共 {f.ledger_total} 条问题（不含提示类，仅已定稿记录），按危险程度、街道、楼栋排序"
        if shown < f.ledger_total:
            note += (f"；本报告列出最严重的前 {shown} 条，各街道的全部条数见下表；"
                     "完整清单请将“问题清单最多列出”设为全部（命令行 --ledger-limit 0）重新生成")
        story += [p.para(note + "。", self.styles.small), *street_problem_summary(f, self.pieces, self.styles)]
        if not f.ledger:
            return story + [p.para("未发现问题。")]
        rows = [(str(i), e.street, f"{e.building_code}\n{e.address}", self.form_title(e.form_id), e.problem,
                 e.source, self.photo_reference(e), e.degree)
                for i, e in enumerate(f.ledger, start=1)]
        if not self.city:
            return story + [self.fast_table(LEDGER_COLUMNS, rows, LEDGER_WIDTHS)]
        districts = [self.districts.get(e.record_id, "") or "（未填）" for e in f.ledger]
        rows = [(row[0], district, *row[1:]) for row, district in zip(rows, districts)]
        return story + self.problems_by_district(districts) + [
            self.fast_table(("序号", "区", *LEDGER_COLUMNS[1:]), rows, CITY_LEDGER_WIDTHS)]

    def problems_by_district(self, districts: Sequence[str]) -> list[Flowable]:
        """Each district's count of listed problems by severity, and the total: the ledger's subtotals."""
        counts = Counter(zip(districts, (e.severity for e in self.facts.ledger)))
        rows = [(d, counts[(d, "danger")], counts[(d, "warning")], counts[(d, "danger")] + counts[(d, "warning")])
                for d in sorted(set(districts))]
        rows.append(("合计", *(sum(row[i] for row in rows) for i in (1, 2, 3))))
        table = self.pieces.data_table(("区", "危险", "警示", "小计"), rows, [40 * mm, 25 * mm, 25 * mm, 25 * mm])
        return [self.pieces.para("各区问题条数（本报告所列）", self.styles.subheading), table, Spacer(1, 3 * mm)]

    def photo_reference(self, entry) -> str:
        """Where the entry's photos are printed: figures of the building report, else how many there are."""
        numbers = self.figures.get(entry.record_id)
        if numbers:
            return "楼栋报告\n" + "、".join(f"图 {n}" for n in numbers)
        return f"照片 {entry.photo_count} 张" if entry.photo_count else "无照片"

    def drafts_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        story: list[Flowable] = [PageBreak(), p.para("附录　未定稿记录", self.styles.heading)]
        note = f"共 {f.drafts_total} 条草稿尚未定稿，未计入指标"
        if len(f.drafts) < f.drafts_total:
            note += f"；列出前 {len(f.drafts)} 条"
        story.append(p.para(note + "。", self.styles.small))
        if not f.drafts:
            return story
        rows = [(str(i), self.form_title(r.form_id), r.street, r.building_code, r.address,
                 r.inspector, local_text(r.updated_at)) for i, r in enumerate(f.drafts, start=1)]
        return story + [self.fast_table(DRAFT_COLUMNS, rows, DRAFT_WIDTHS)]

    def closing_block(self) -> list[Flowable]:
        return [Spacer(1, 6 * mm), *self.pieces.closing_block([("编制人", "")], self.issue)]

    def fast_table(self, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> LongTable:
        """A long table in small type spanning pages with its heading repeated."""
        return self.pieces.text_table(columns, rows, widths, self.styles.cell_small, self.styles.cell_small_header,
                                      long=True)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return number_text(value) if isinstance(value, float) else str(value)
