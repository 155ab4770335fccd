"""楼栋体检报告: every survey of one building, in plain language, with findings, photos and signatures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from forms.model import FormDefinition
from forms.store.record_rows import RecordSnapshot
from reports.pdf.answers import AnswerTable, PhotoRef, PlainRecord, date_text, plain_record
from reports.pdf.conclusions import (
    HOUSING,
    SEVERITY_NAMES,
    building_conclusions,
    finding_message,
    source_text,
    worst_colour,
)
from reports.pdf.document import ReportDocument
from reports.pdf.errors import report_error
from reports.pdf.flowables import PhotoLoader, Pieces
from reports.pdf.glyphs import ReportFonts
from reports.pdf.styles import CONTENT_WIDTH, LABEL_COLOURS, LABEL_NAMES, MARGIN_TOP, MARGIN_X, PAGE_SIZE, ReportStyles

CHAPTER_NUMBERS = "一二三四五六七八九十"
STATUS_NAMES = {"final": "已定稿", "draft": "草稿"}
PLACE_SECTION = "place"
HEADER_PHOTO_FIELDS = ("building_photos", "hb_photos", "facility_photos", "pipe_photos")


def no_photos(_shas: Sequence[str], _thumbnail: bool = True) -> Mapping[str, bytes]:
    return {}


@dataclass(frozen=True)
class BuildingDossier:
    """One building's records, housing safety first."""

    building_code: str
    records: tuple[RecordSnapshot, ...]

    def place(self, key: str) -> str:
        return next((str(getattr(r, key)) for r in self.records if getattr(r, key)), "")

    def answer(self, key: str) -> object:
        return next((r.answers[key] for r in self.records if r.answers.get(key)), None)


class BuildingReport(ReportDocument):
    """Override a piece (title_block, conclusion_block, survey_block, …) to change one part."""

    title = "楼栋体检报告"
    subject = "城市体检 楼栋体检报告"

    def __init__(self, dossier: BuildingDossier, catalog: Mapping[str, FormDefinition], fonts: ReportFonts, *,
                 photos: PhotoLoader = no_photos, include_sensitive: bool = False,
                 styles: ReportStyles | None = None) -> None:
        super().__init__(fonts, author=_inspectors(dossier.records), styles=styles)
        dossier = in_catalog_order(dossier, catalog)
        self.dossier = dossier
        self.photos = photos
        self.pieces = Pieces(fonts, self.styles)
        self.colour = worst_colour(dossier.records)
        self.plain = plain_records(dossier, catalog, include_sensitive=include_sensitive)
        self.title = f"楼栋体检报告 {dossier.building_code}"

    # Page decoration ---------------------------------------------------------------

    def page_header_text(self) -> str:
        d = self.dossier
        return f"楼栋体检报告　{d.place('district')}{d.place('street')}{d.place('community')}　楼栋编码 {d.building_code}"

    def draw_header(self, canvas, doc) -> None:
        super().draw_header(canvas, doc)
        fill = LABEL_COLOURS.get(self.colour or "")
        if fill is None:
            return
        canvas.setFillColor(fill)
        top = PAGE_SIZE[1] - MARGIN_TOP + 6
        canvas.roundRect(PAGE_SIZE[0] - MARGIN_X - 12 * mm, top, 12 * mm, 4.2 * mm, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(self.fonts.name, 7)
        canvas.drawCentredString(PAGE_SIZE[0] - MARGIN_X - 6 * mm, top + 1.2 * mm, LABEL_NAMES[self.colour])

    # Story ----------------------------------------------------------------------------

    def build_story(self) -> list[Flowable]:
        story = [*self.title_block(), self.identity_block(), *self.conclusion_block(), *self.findings_block()]
        for number, plain in enumerate(self.plain):
            story += self.survey_block(number, plain)
        story += self.photo_block()
        story += self.signature_block()
        return story

    def title_block(self) -> list[Flowable]:
        name = self.dossier.answer("building_name") or self.dossier.answer("hb_name") or self.dossier.place("address")
        return [self.pieces.para("楼栋体检报告", self.styles.title),
                self.pieces.para(name, self.styles.subheading.clone("subtitle", alignment=1)), Spacer(1, 4 * mm)]

    def identity_block(self) -> Table:
        """Place and building code on the left; colour label and the main photo on the right."""
        d, p = self.dossier, self.pieces
        rows = [("区", d.place("district")), ("街道", d.place("street")), ("社区", d.place("community")),
                ("小区", d.place("estate")), ("楼栋编码", d.building_code), ("地址", d.place("address")),
                ("调查员", _inspectors(d.records)), ("调查日期", _survey_dates(d.records))]
        facts = Table([[p.para(k, self.styles.cell_label), p.para(v or "—", self.styles.cell)] for k, v in rows],
                      colWidths=[20 * mm, 78 * mm])
        facts.setStyle(self.styles.key_value())
        grade = _housing_summary(d.records).get("grade")
        side = [p.colour_badge(self.colour, f"{grade} 级" if grade else "", 62 * mm), Spacer(1, 3 * mm),
                p.photo(self.header_photo(), 62 * mm, 50 * mm)]
        layout = Table([[facts, side]], colWidths=[CONTENT_WIDTH - 66 * mm, 66 * mm])
        layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        return layout

    def header_photo(self) -> bytes | None:
        ref = header_photo_ref(self.plain)
        return self.photos([ref.sha256], False).get(ref.sha256) if ref else None

    def conclusion_block(self) -> list[Flowable]:
        lines = building_conclusions(self.dossier.records)
        if not lines:
            return []
        p = self.pieces
        table = Table([[p.para(c.label, self.styles.cell_label), p.para(c.text, self.styles.cell)] for c in lines],
                      colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm])
        table.setStyle(self.styles.key_value())
        return [p.para("体检结论（初判）", self.styles.heading), table]

    def findings_block(self) -> list[Flowable]:
        rows = [(plain.form.title, f.get("title", ""), finding_message(f), source_text(f) or "—",
                 SEVERITY_NAMES.get(str(f.get("severity")), "提示"))
                for plain in self.plain for f in plain.record.findings]
        p = self.pieces
        if not rows:
            return [p.para("不符合项与规则依据", self.styles.heading), p.para("未发现不符合项。")]
        widths = [18 * mm, 30 * mm, CONTENT_WIDTH - 96 * mm, 36 * mm, 12 * mm]
        table = p.data_table(("调查", "问题", "说明", "依据（标准 条款）", "程度"), rows, widths, long=True)
        return [p.para("不符合项与规则依据", self.styles.heading), table]

    def survey_block(self, number: int, plain: PlainRecord) -> list[Flowable]:
        r, p = plain.record, self.pieces
        chapter = CHAPTER_NUMBERS[number] if number < len(CHAPTER_NUMBERS) else str(number + 1)
        meta = (f"记录编号 {r.id}　状态 {STATUS_NAMES.get(r.status, r.status)}　表单版本 {r.form_version}　"
                f"调查员 {r.answers.get('inspector') or r.inspector}　"
                f"调查日期 {date_text(r.answers.get('survey_date') or '—')}")
        story: list[Flowable] = [CondPageBreak(40 * mm), p.para(f"{chapter}、{plain.form.title}", self.styles.heading),
                                 p.para(meta, self.styles.small)]
        for section in plain.sections:
            story.append(p.para(section.title, self.styles.subheading))
            lines = [item for item in section.items if not isinstance(item, AnswerTable)]
            if lines:
                story.append(p.key_values(lines))
            for table in (item for item in section.items if isinstance(item, AnswerTable)):
                story += p.answer_table(table)
        return story

    def photo_block(self) -> list[Flowable]:
        photos = _unique(ph for plain in self.plain for ph in plain.photos)
        if not photos:
            return []
        return [CondPageBreak(60 * mm), self.pieces.para("现场照片", self.styles.heading),
                self.pieces.photo_grid(photos, self.photos)]

    def signature_block(self) -> list[Flowable]:
        return [self.pieces.signature_block("签字确认", [("调查员", _inspectors(self.dossier.records)), ("审核人", "")])]


class RecordReport(BuildingReport):
    """The building report of one record only (citycheck report record)."""

    subject = "城市体检 调查记录报告"

    def __init__(self, record: RecordSnapshot, catalog: Mapping[str, FormDefinition], fonts: ReportFonts,
                 **options) -> None:
        super().__init__(BuildingDossier(record.building_code or "—", (record,)), catalog, fonts, **options)
        self.title = f"调查记录报告 {catalog[record.form_id].title} {record.building_code or record.id}"


def header_photo_ref(plain_records: Sequence[PlainRecord]) -> PhotoRef | None:
    """The photo printed beside the place: a building photo if any survey has one, else the first photo."""
    for plain in plain_records:
        for field in HEADER_PHOTO_FIELDS:
            ref = next((ph for ph in plain.photos if ph.caption.startswith(_label(plain.form, field))), None)
            if ref is not None:
                return ref
    return next((ph for plain in plain_records for ph in plain.photos), None)


def plain_records(dossier: BuildingDossier, catalog: Mapping[str, FormDefinition], *,
                  include_sensitive: bool = False) -> list[PlainRecord]:
    """The building's records in plain language, the place section left to the report's header."""
    return [plain_record(_form(catalog, r), r, include_sensitive=include_sensitive, skip_sections=(PLACE_SECTION,))
            for r in dossier.records]


def in_catalog_order(dossier: BuildingDossier, catalog: Mapping[str, FormDefinition]) -> BuildingDossier:
    """Housing safety first, then pipelines, aging-friendliness and historic buildings."""
    rank = {form_id: index for index, form_id in enumerate(catalog)}
    ordered = sorted(dossier.records, key=lambda r: (rank.get(r.form_id, len(rank)), r.created_at, r.id))
    return BuildingDossier(dossier.building_code, tuple(ordered))


def _form(catalog: Mapping[str, FormDefinition], record: RecordSnapshot) -> FormDefinition:
    if record.form_id not in catalog:
        raise report_error("report-006", record.id, form_id=record.form_id)
    return catalog[record.form_id]


def _label(form: FormDefinition, key: str) -> str:
    return form.field(key).label if form.has_field(key) else "\0"


def _housing_summary(records: Sequence[RecordSnapshot]) -> Mapping[str, object]:
    return next((r.summary for r in records if r.form_id == HOUSING), {})


def _inspectors(records: Sequence[RecordSnapshot]) -> str:
    names = dict.fromkeys(str(r.answers.get("inspector") or r.inspector) for r in records)
    return "、".join(name for name in names if name)


def _survey_dates(records: Sequence[RecordSnapshot]) -> str:
    dates = sorted({str(r.answers["survey_date"]) for r in records if r.answers.get("survey_date")})
    if not dates:
        return ""
    return date_text(dates[0]) if len(dates) == 1 else f"{date_text(dates[0])} 至 {date_text(dates[-1])}"


def _unique(photos) -> list:
    return list(dict.fromkeys(photos))
