"""区级城市体检汇总: cover, scope, indicator table, charts, problem ledger and drafts appendix."""

from __future__ import annotations

import datetime as dt
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

from forms.indicators.table import DENOMINATOR_NOTE
from forms.model import FormDefinition
from reports.pdf.answers import number_text
from reports.pdf.charts import BarSeries, ChartMaker
from reports.pdf.district_data import GRADES, NO_GRADE, DistrictFacts
from reports.pdf.document import ReportDocument
from reports.pdf.flowables import Pieces
from reports.pdf.glyphs import ReportFonts
from reports.pdf.handbook_sections import HandbookSections, street_problem_summary
from reports.pdf.styles import (
    ACCENT,
    CONTENT_WIDTH,
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
GRADE_COLOURS = (LABEL_COLOURS["green"], LABEL_COLOURS["yellow"], LABEL_COLOURS["orange"], LABEL_COLOURS["red"],
                 UNLABELLED)
PLACES_PER_TABLE = 7
STREETS_PER_CHART = 10
LEDGER_COLUMNS = ("序号", "街道", "楼栋编码 / 地址", "调查", "问题", "依据", "照片引用", "程度")
LEDGER_WIDTHS = tuple(w * mm for w in (8, 16, 30, 15, 48, 27, 18, 12))
DRAFT_COLUMNS = ("序号", "调查", "街道", "楼栋编码", "地址", "调查员", "最后修改")
DRAFT_WIDTHS = tuple(w * mm for w in (9, 16, 20, 30, 59, 16, 24))


class DistrictSummary(ReportDocument):
    """Override a block (cover_block, scope_block, indicator_block, chart_block, …) to change one part."""

    subject = "城市体检 区级汇总"

    def __init__(self, facts: DistrictFacts, catalog: Mapping[str, FormDefinition], fonts: ReportFonts, *,
                 styles: ReportStyles | None = None, generated_on: dt.date | None = None) -> None:
        super().__init__(fonts, styles=styles)
        self.facts = facts
        self.catalog = catalog
        self.pieces = Pieces(fonts, self.styles)
        self.charts = ChartMaker(fonts)
        self.generated_on = generated_on or dt.date.today()
        self.title = f"{facts.scope.describe()} 城市体检汇总报告"

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
        canvas.restoreState()

    def page_header_text(self) -> str:
        return f"区级城市体检汇总　{self.facts.scope.describe()}"

    # Story -------------------------------------------------------------------------------

    def build_story(self) -> list[Flowable]:
        return [*self.cover_block(), NextPageTemplate("page"), PageBreak(), *self.scope_block(),
                *self.indicator_block(), *self.chart_block(), *self.ledger_block(), *self.handbook_blocks(),
                *self.drafts_block()]

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
        facts = [("汇总范围", f.scope.describe()), ("调查记录", f"{f.record_count} 条（已定稿 {final} 条）"),
                 ("涉及楼栋", f"{buildings} 栋"), ("街道", f"{len(f.streets)} 个"),
                 ("指标体系", f.indicators.title if f.indicators else "—"),
                 ("生成日期", f"{self.generated_on.year}年{self.generated_on.month}月{self.generated_on.day}日")]
        table = Table([[p.para(k, s.cell_label), p.para(v, s.body)] for k, v in facts],
                      colWidths=[30 * mm, 90 * mm], hAlign="CENTER")
        table.setStyle(s.key_value())
        return [Spacer(1, 70 * mm), p.para(self.title, s.cover_title),
                p.para("区级城市体检汇总", s.title), Spacer(1, 24 * mm), table]

    def scope_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        forms = [form_id for form_id in self.catalog if any(k[0] == form_id for k in f.by_form_status)]
        status_rows = [(self.form_title(fid), f.by_form_status[(fid, "final")], f.by_form_status[(fid, "draft")],
                        f.by_form_status[(fid, "final")] + f.by_form_status[(fid, "draft")]) for fid in forms]
        status_rows.append(("合计", *(sum(row[i] for row in status_rows) for i in (1, 2, 3))))
        street_rows = [(street, *(f.by_street_form[(street, fid)] for fid in forms),
                        len(f.buildings_by_street.get(street, ()))) for street in f.streets]
        return [p.para("一、调查范围", self.styles.heading),
                p.para("按调查表与状态", self.styles.subheading),
                p.data_table(("调查表", "已定稿", "草稿", "合计"), status_rows),
                p.para("按街道（记录数）", self.styles.subheading),
                p.data_table(("街道", *(self.form_title(fid) for fid in forms), "涉及楼栋"), street_rows, long=True)]

    def indicator_block(self) -> list[Flowable]:
        table = self.facts.indicators
        p = self.pieces
        story: list[Flowable] = [CondPageBreak(60 * mm), p.para("二、指标汇总（按街道）", self.styles.heading)]
        if table is None:
            return story
        rows = table.to_rows()
        places = len(table.place_columns)
        labels = rows[0][places:]
        shown = slice(1, places) if self.facts.scope.district else slice(0, places)  # the district is in the title
        groups = [" ".join(str(c) for c in row[shown] if c) or str(row[0]) for row in rows[1:]]
        story.append(p.para(f"{table.title}；仅统计已定稿记录。{DENOMINATOR_NOTE}。", self.styles.small))
        for start in range(0, len(groups), PLACES_PER_TABLE):
            chunk = range(start, min(start + PLACES_PER_TABLE, len(groups)))
            body = [(label, *(_cell(rows[1 + g][places + i]) for g in chunk)) for i, label in enumerate(labels)]
            widths = [58 * mm] + [(CONTENT_WIDTH - 58 * mm) / len(chunk)] * len(chunk)
            story += [Spacer(1, 3 * mm), p.text_table(("指标", *(groups[g] for g in chunk)), body, widths,
                                                      self.styles.cell_small, self.styles.cell_small_header)]
        return story

    def chart_block(self) -> list[Flowable]:
        p, f = self.pieces, self.facts
        grade_counts = [f.grades.get(grade, 0) for grade in GRADES] + [f.grades.get(NO_GRADE, 0)]
        grade_chart = self.charts.column_chart("房屋危险性等级分布", [f"{g}级" for g in GRADES] + [NO_GRADE],
                                               grade_counts, bar_colours=GRADE_COLOURS, unit="栋")
        colours = list(LABEL_NAMES)
        colour_chart = self.charts.column_chart("安全标色分布", [LABEL_NAMES[c] for c in colours],
                                                [f.colours.get(c, 0) for c in colours],
                                                bar_colours=[LABEL_COLOURS[c] for c in colours], unit="栋")
        story = [PageBreak(), p.para("三、统计图表", self.styles.heading), Table([[grade_chart, colour_chart]])]
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
                 e.source, f"{e.record_id[:8]}\n照片 {e.photo_count} 张", e.degree)
                for i, e in enumerate(f.ledger, start=1)]
        return story + [self.fast_table(LEDGER_COLUMNS, rows, LEDGER_WIDTHS)]

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
                 r.inspector, r.updated_at[:16].replace("T", " ")) for i, r in enumerate(f.drafts, start=1)]
        return story + [self.fast_table(DRAFT_COLUMNS, rows, DRAFT_WIDTHS)]

    def fast_table(self, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> LongTable:
        """A long table in small type spanning pages with its heading repeated."""
        return self.pieces.text_table(columns, rows, widths, self.styles.cell_small, self.styles.cell_small_header,
                                      long=True)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return number_text(value) if isinstance(value, float) else str(value)
