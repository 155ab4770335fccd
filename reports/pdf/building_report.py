"""楼栋体检报告: every survey of one building, in plain language, with findings, photos and signatures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from forms.model import FormDefinition
from forms.store.record_version import RecordVersion
from reports.pdf.answers import AnswerTable, PhotoRef, PlainRecord, date_text, plain_record
from reports.pdf.conclusions import (
    COLOUR_LINE,
    DRAFT_TEXT,
    HOUSING,
    SEVERITY_NAMES,
    UNDECIDED,
    Conclusion,
    building_colour,
    building_conclusions,
    final_by_form,
    finding_message,
    record_ref,
    source_text,
)
from reports.pdf.document import ReportDocument
from reports.pdf.errors import report_error
from reports.pdf.flowables import PhotoLoader, Pieces
from reports.pdf.glyphs import ReportFonts
from reports.pdf.issue import ReportIssue
from reports.pdf.jgj_section import jgj_section
from reports.pdf.styles import (
    CONTENT_WIDTH,
    LABEL_COLOURS,
    LABEL_NAMES,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    UNLABELLED,
    WATERMARK,
    ReportStyles,
)

CHAPTER_NUMBERS = "一二三四五六七八九十"
STATUS_NAMES = {"final": "已定稿", "draft": "草稿"}
PLACE_SECTION = "place"
HEADER_PHOTO_FIELDS = ("building_photos", "hb_photos", "facility_photos", "pipe_photos")
SHORT_TEXT = 120          # characters of a long address or name printed in the header tables
DRAFT_NOTE = "草稿：本报告含未定稿记录，草稿内容仅供核对，不作结论。"


def no_photos(_shas: Sequence[str], _thumbnail: bool = True) -> Mapping[str, bytes]:
    return {}


@dataclass(frozen=True)
class BuildingDossier:
    """One building's records, housing safety first."""

    building_code: str
    records: tuple[RecordVersion, ...]

    def place(self, key: str) -> str:
        return next((str(getattr(r, key)) for r in self.records if getattr(r, key)), "")

    def answer(self, key: str) -> object:
        return next((r.answers[key] for r in self.records if r.answers.get(key)), None)


class BuildingReport(ReportDocument):
    """Override a piece (title_block, conclusion_block, survey_block, …) to change one part."""

    title = "楼栋体检报告"
    report_name = "楼栋体检报告"
    subject = "城市体检 楼栋体检报告"

    def __init__(self, dossier: BuildingDossier, catalog: Mapping[str, FormDefinition], fonts: ReportFonts, *,
                 photos: PhotoLoader = no_photos, include_sensitive: bool = False,
                 styles: ReportStyles | None = None, issue: ReportIssue | None = None) -> None:
        super().__init__(fonts, author=_inspectors(dossier.records), styles=styles, issue=issue)
        dossier = in_catalog_order(dossier, catalog)
        self.dossier = dossier
        self.photos = photos
        self.pieces = Pieces(fonts, self.styles)
        self.titles = {form_id: form.title for form_id, form in catalog.items()}
        self.verdict = building_colour(dossier.records)
        self.colour = self.verdict.colour
        self.figures: dict[str, int] = {}
        self.plain = plain_records(dossier, catalog, include_sensitive=include_sensitive, figures=self.figures)
        self.drafts = [r for r in dossier.records if r.status != "final"]
        self.title = f"{self.report_name} {dossier.building_code}"

    def shows_colour(self) -> bool:
        """A building report always says its colour label, 待定 when there is none."""
        return True

    # Page decoration ---------------------------------------------------------------

    def page_header_text(self) -> str:
        d = self.dossier
        return (f"{self.report_name}　{d.place('district')}{d.place('street')}{d.place('community')}"
                f"　楼栋编码 {d.building_code}")

    def decorate_page(self, canvas, doc) -> None:
        if self.drafts:
            draft_watermark(canvas, self.fonts.name)
        super().decorate_page(canvas, doc)

    def draw_header(self, canvas, doc) -> None:
        super().draw_header(canvas, doc)
        if not self.shows_colour():
            return
        canvas.setFillColor(LABEL_COLOURS.get(self.colour or "", UNLABELLED))
        top = PAGE_SIZE[1] - MARGIN_TOP + 6
        canvas.roundRect(PAGE_SIZE[0] - MARGIN_X - 12 * mm, top, 12 * mm, 4.2 * mm, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(self.fonts.name, 7)
        canvas.drawCentredString(PAGE_SIZE[0] - MARGIN_X - 6 * mm, top + 1.2 * mm,
                                 LABEL_NAMES.get(self.colour or "", UNDECIDED))

    # Story ----------------------------------------------------------------------------

    def build_story(self) -> list[Flowable]:
        story = [*self.title_block(), *self.identity_block(), *self.conclusion_block(), *self.findings_block()]
        for number, plain in enumerate(self.plain):
            story += self.survey_block(number, plain)
        story += self.photo_block()
        story += self.signature_block()
        return story

    def title_block(self) -> list[Flowable]:
        name = self.dossier.answer("building_name") or self.dossier.answer("hb_name") or self.dossier.place("address")
        return [self.pieces.para(self.report_name, self.styles.title),
                self.pieces.para(shortened(str(name or "")), self.styles.subheading.clone("subtitle", alignment=1)),
                Spacer(1, 4 * mm)]

    def identity_block(self) -> list[Flowable]:
        """Place and building code on the left; colour label and the main photo on the right."""
        d, p = self.dossier, self.pieces
        address = d.place("address")
        rows = [("区", d.place("district")), ("街道", d.place("street")), ("社区", d.place("community")),
                ("小区", d.place("estate")), ("楼栋编码", d.building_code), ("地址", shortened(address)),
                ("调查员", _inspectors(d.records)), ("调查日期", _survey_dates(d.records))]
        facts = Table([[p.para(k, self.styles.cell_label), p.para(shortened(v) or "—", self.styles.cell)]
                       for k, v in rows], colWidths=[20 * mm, 78 * mm])
        facts.setStyle(self.styles.key_value())
        side: list[Flowable] = []
        if self.shows_colour():
            grade = _housing_summary(d.records).get("grade")
            side += [p.colour_badge(self.colour, f"{grade} 级" if grade else "", 62 * mm), Spacer(1, 3 * mm)]
        side.append(p.photo(self.header_photo(), 62 * mm, 50 * mm))
        layout = Table([[facts, side]], colWidths=[CONTENT_WIDTH - 66 * mm, 66 * mm])
        layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        story: list[Flowable] = [layout]
        if address != shortened(address):
            story += [Spacer(1, 2 * mm), p.para(f"地址全文：{address}", self.styles.small)]
        if self.drafts:
            story += [Spacer(1, 2 * mm), p.para(DRAFT_NOTE, self.styles.draft_note)]
        return story

    def header_photo(self) -> bytes | None:
        ref = header_photo_ref(self.plain)
        return self.photos([ref.sha256], False).get(ref.sha256) if ref else None

    def conclusion_lines(self) -> list[Conclusion]:
        return building_conclusions(self.dossier.records, self.titles)

    def conclusion_block(self) -> list[Flowable]:
        lines = self.conclusion_lines()
        if not lines:
            return []
        p = self.pieces
        rows = [(c.label, c.text, c.source) for c in lines]
        widths = [26 * mm, CONTENT_WIDTH - 82 * mm, 56 * mm]
        table = p.data_table(("项目", "结论", "依据记录"), rows, widths)
        for index, line in enumerate(lines, start=1):
            if line.history or line.text == DRAFT_TEXT:
                table.setStyle([("TEXTCOLOR", (0, index), (-1, index), MUTED)])
        note = p.para("结论仅依据已定稿记录；同一调查有多条已定稿记录时以最新一条为准，较早的列为历史；"
                      "草稿记录不作结论。", self.styles.small)
        return p.headed(p.para("体检结论（初判）", self.styles.heading), [note, table])

    def findings_block(self) -> list[Flowable]:
        rows = [(self.record_cell(plain.record), f.get("title", ""), finding_message(f), source_text(f) or "—",
                 SEVERITY_NAMES.get(str(f.get("severity")), "提示"))
                for plain in self.plain for f in plain.record.findings]
        p = self.pieces
        heading = p.para("不符合项与规则依据", self.styles.heading)
        if not rows:
            return p.headed(heading, [p.para("未发现不符合项。")])
        widths = [26 * mm, 28 * mm, CONTENT_WIDTH - 102 * mm, 36 * mm, 12 * mm]
        table = p.data_table(("记录", "问题", "说明", "依据（标准 条款）", "程度"), rows, widths, long=True)
        return p.headed(heading, [table])

    def record_cell(self, record: RecordVersion) -> str:
        """The survey and record a finding comes from, and whether it is only a draft."""
        draft = "\n（草稿）" if record.status != "final" else ""
        return f"{self.titles.get(record.form_id, record.form_id)}\n记录 {record.id[:8]}{draft}"

    def survey_block(self, number: int, plain: PlainRecord) -> list[Flowable]:
        r, p = plain.record, self.pieces
        chapter = CHAPTER_NUMBERS[number] if number < len(CHAPTER_NUMBERS) else str(number + 1)
        meta = (f"记录编号 {r.id}　状态 {STATUS_NAMES.get(r.status, r.status)}　表单版本 {r.form_version}　"
                f"调查员 {r.answers.get('inspector') or r.inspector}　"
                f"调查日期 {date_text(r.answers.get('survey_date') or '—')}")
        heads: list[Flowable] = [p.para(f"{chapter}、{plain.form.title}", self.styles.heading),
                                 p.para(meta, self.styles.small)]
        if r.status != "final":
            heads.append(p.para(DRAFT_NOTE, self.styles.draft_note))
        story: list[Flowable] = []
        for section in plain.sections:
            lines = [item for item in section.items if not isinstance(item, AnswerTable)]
            body = p.key_value_blocks(lines) if lines else []
            for table in (item for item in section.items if isinstance(item, AnswerTable)):
                body += p.answer_table(table)
            story += p.headed([*heads, p.para(section.title, self.styles.subheading)], body)
            heads = []
        if r.form_id == HOUSING:
            story += jgj_section(p, r.summary)
        return story or p.headed(heads, [])

    def photo_block(self) -> list[Flowable]:
        figures = numbered_photos(self.plain, self.figures, self.titles)
        if not figures:
            return []
        return self.pieces.headed(self.pieces.para("现场照片", self.styles.heading),
                                  [self.pieces.photo_grid(figures, self.photos)], keep=60 * mm)

    def signature_block(self) -> list[Flowable]:
        signers = [(f"调查人（{record_ref(r, self.titles)}）", str(r.answers.get("inspector") or r.inspector))
                   for r in self.dossier.records]
        return self.pieces.closing_block(signers, self.issue)


class RecordReport(BuildingReport):
    """The report of one record only (citycheck report record), titled for its survey."""

    subject = "城市体检 调查记录报告"

    def __init__(self, record: RecordVersion, catalog: Mapping[str, FormDefinition], fonts: ReportFonts,
                 **options) -> None:
        self.report_name = f"{_form(catalog, record).title}调查记录"
        super().__init__(BuildingDossier(record.building_code or "—", (record,)), catalog, fonts, **options)
        self.title = f"{self.report_name} {record.building_code or record.id}"

    def shows_colour(self) -> bool:
        """Only a housing safety record has a colour label to show."""
        return self.dossier.records[0].form_id == HOUSING

    def conclusion_lines(self) -> list[Conclusion]:
        lines = super().conclusion_lines()
        return lines if self.shows_colour() else [line for line in lines if line.label != COLOUR_LINE]


def numbered_photos(plain_records: Sequence[PlainRecord], figures: Mapping[str, int],
                    titles: Mapping[str, str]) -> list[tuple[int, PhotoRef]]:
    """Each photo once, by figure number, its caption naming the record it belongs to."""
    found: dict[int, PhotoRef] = {}
    for plain in plain_records:
        ref_text = record_ref(plain.record, titles)
        for photo in plain.photos:
            number = figures.get(photo.sha256)
            if number is not None and number not in found:
                found[number] = PhotoRef(photo.sha256, f"{photo.caption}（{ref_text}）")
    return sorted(found.items())


def shortened(text: str, limit: int = SHORT_TEXT) -> str:
    """Text cut to `limit` characters with an ellipsis, for places where it must stay on one line or two."""
    return text if len(text) <= limit else text[:limit] + "…"


def draft_watermark(canvas, font: str) -> None:
    """A large pale 草稿 across the page: the report holds a record that is not final."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFont(font, 96)
    canvas.translate(PAGE_SIZE[0] / 2, PAGE_SIZE[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "草稿")
    canvas.restoreState()


def header_photo_ref(plain_records: Sequence[PlainRecord]) -> PhotoRef | None:
    """The photo printed beside the place: a building photo if any survey has one, else the first photo."""
    for plain in plain_records:
        for field in HEADER_PHOTO_FIELDS:
            ref = next((ph for ph in plain.photos if ph.caption.startswith(_label(plain.form, field))), None)
            if ref is not None:
                return ref
    return next((ph for plain in plain_records for ph in plain.photos), None)


def plain_records(dossier: BuildingDossier, catalog: Mapping[str, FormDefinition], *,
                  include_sensitive: bool = False, figures: dict[str, int] | None = None) -> list[PlainRecord]:
    """The building's records in plain language, the place section left to the report's header."""
    figures = {} if figures is None else figures
    return [plain_record(_form(catalog, r), r, include_sensitive=include_sensitive, skip_sections=(PLACE_SECTION,),
                         figures=figures) for r in dossier.records]


def in_catalog_order(dossier: BuildingDossier, catalog: Mapping[str, FormDefinition]) -> BuildingDossier:
    """Housing safety first, then pipelines, aging-friendliness and historic buildings."""
    rank = {form_id: index for index, form_id in enumerate(catalog)}
    ordered = sorted(dossier.records, key=lambda r: (rank.get(r.form_id, len(rank)), r.created_at, r.id))
    return BuildingDossier(dossier.building_code, tuple(ordered))


def _form(catalog: Mapping[str, FormDefinition], record: RecordVersion) -> FormDefinition:
    if record.form_id not in catalog:
        raise report_error("report-006", record.id, form_id=record.form_id)
    return catalog[record.form_id]


def _label(form: FormDefinition, key: str) -> str:
    return form.field(key).label if form.has_field(key) else "\0"


def _housing_summary(records: Sequence[RecordVersion]) -> Mapping[str, object]:
    """The summary of the newest final housing record (its grade is the building's)."""
    housing = final_by_form(records).get(HOUSING)
    return housing[0].summary if housing else {}


def _inspectors(records: Sequence[RecordVersion]) -> str:
    names = dict.fromkeys(str(r.answers.get("inspector") or r.inspector) for r in records)
    return "、".join(name for name in names if name)


def _survey_dates(records: Sequence[RecordVersion]) -> str:
    dates = sorted({str(r.answers["survey_date"]) for r in records if r.answers.get("survey_date")})
    if not dates:
        return ""
    return date_text(dates[0]) if len(dates) == 1 else f"{date_text(dates[0])} 至 {date_text(dates[-1])}"

