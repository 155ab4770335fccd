"""Shared helpers for the PDF tests: a small store with one building surveyed three ways, and PDF text."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from forms.loader import FormCatalog, load_catalog
from forms.store.database import Database, open_database
from forms.store.photos import add_photo
from forms.store.records import RecordStore

BUILDING_CODE = "5001030010009999"
PLACE = {
    "district": "渝中区", "street": "解放碑街道", "community": "友谊社区", "estate": "松林宿舍",
    "building_code": BUILDING_CODE, "address": "重庆市渝中区民族路1号",
    "location": {"lat": 29.557, "lon": 106.577, "crs": "WGS-84"},
    "inspector": "李明", "survey_date": "2026-05-06",
}


def photo(colour: str, caption: str, db: Database) -> dict:
    image = Image.new("RGB", (96, 64), colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return {"sha256": add_photo(db, buffer.getvalue()), "caption": caption}


def housing_answers(db: Database) -> dict:
    return {
        **PLACE, "building_name": "松林宿舍3栋", "year_built": 1978, "floors_above": 6, "floors_below": 0,
        "floor_area": 2400.5, "structure_type": "brick_concrete",
        "building_photos": [photo("#8899aa", "东立面", db)],
        "building_use": "residential", "land_type": "state", "self_built": "no", "households": 48,
        "owner_name": "张三丰", "contact_phone": "13812345678",
        "hazards_structure": ["through_crack"], "hazards_structure_photos": [photo("#aa5544", "北墙裂缝", db)],
        "hazards_gas": [], "hazards_corridor": [], "hazards_envelope": [],
        "envelope_failed_area": 55.0,  # kept, but irrelevant without ticked envelope hazards
        "non_self_contained_units": 3, "needs_energy_retrofit": "yes", "needs_digital_retrofit": "no",
        "initial_judgement": "danger", "judgement_basis": "墙体贯通裂缝",
        "jgj_enabled": "yes", "ground_dangerous": "no", "ground_tilt_percent": 0.5, "ground_settlement_cracks": "no",
        "jgj_components": [
            {"layer": 1, "component": "interior_column", "total_count": 20, "dangerous_count": 6},
            {"layer": 2, "component": "slab", "total_count": 30, "dangerous_count": 1},
        ],
        "notes": "住户反映雨季渗水",
    }


def pipeline_answers(db: Database) -> dict:
    return {
        **PLACE, "pipe_name": "民族路DN100燃气庭院管", "pipe_category": "gas", "position": "courtyard",
        "material": "grey_cast_iron", "anticorrosion_lining": "no", "diameter_mm": 100.0, "length_m": 120.5,
        "install_year": 1990, "assessed_hazardous": "yes", "assessment_basis": "燃气公司巡检报告",
        "defects": [], "pipe_photos": [photo("#445566", "管道外观", db)],
    }


def aging_answers(db: Database) -> dict:
    return {
        **PLACE, "year_built": 1985, "floors": 6, "has_lift": "no", "lift_retrofit_feasible": "yes",
        "entrance_type": "steps_ramp", "ramp_rise_mm": 300.0, "ramp_run_mm": 2400.0,
        "ramp_cross_fall_percent": 1.0, "landing_depth_mm": 1600.0, "door_width_mm": 800.0,
        "threshold_height_mm": 0.0, "passage_width_mm": 1300.0, "handrail_height_mm": 880.0,
        "stair_handrail_wall_side": "yes", "anti_slip": "yes", "corridor_lighting_control": "yes",
        "bathroom_grab_bars": "no", "tactile_paving_continuous": "yes", "accessibility_signs": "no",
        "facility_photos": [photo("#55aa77", "出入口", db), photo("#7755aa", "楼梯", db)],
    }


def historic_answers(db: Database, *, structure_hazards: tuple[str, ...] = ("through_crack",)) -> dict:
    return {
        **PLACE, "hb_name": "松林宿舍旧楼", "building_or_structure": "building", "listing_status": "published",
        "relic_level": "none", "protection_class": "class2", "protected_area": "none", "era": "republic",
        "year_built": 1936, "original_use": "住宅", "current_use": "住宅", "ownership": "state",
        "plate_installed": "yes", "plate_number": "YZ-012", "plate_photos": [photo("#335577", "标志牌", db)],
        "archived": "yes", "archived_date": "2025-03-01", "condition": "damaged", "occupancy": "in_use",
        "hazards_structure": list(structure_hazards), "hazards_gas": [], "hazards_corridor": [],
        "hazards_envelope": [], "hazard_photos": [photo("#993322", "檐口开裂", db)],
        "reuse_type": "residential",
        "hb_photos": [{"photo_kind": "facade", "photo": [photo("#667788", "南立面", db)], "caption": "南立面"}],
    }


def add_final(store: RecordStore, form_id: str, answers: dict, inspector: str = "李明"):
    """Create a record and finalize it; fails loudly if the answers cannot be finalized."""
    record = store.create(form_id, inspector=inspector, answers=answers)
    return store.finalize(record.id, who=inspector)


def sample_store(tmp_path: Path, *, final: bool = True) -> tuple[Database, FormCatalog, RecordStore]:
    """A store holding one building surveyed for housing safety, gas pipes and aging-friendliness (final unless not)."""
    db = open_database(tmp_path / "reports.sqlite3")
    catalog = load_catalog()
    store = RecordStore(db, catalog)
    for form_id, answers in (("housing_safety", housing_answers(db)), ("old_pipelines", pipeline_answers(db)),
                             ("aging_friendly", aging_answers(db))):
        record = store.create(form_id, inspector="李明", answers=answers)
        if final:
            store.finalize(record.id, who="李明")
    return db, catalog, store


def pdf_pages(path: Path) -> list[str]:
    """Return the extracted text of every page."""
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def assert_numbered(path: Path) -> None:
    """Every page carries 第 x 页 / 共 y 页 with the right numbers."""
    pages = pdf_pages(path)
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text


CHAPTER = re.compile(r"^[一二三四五六七八九十]+、\S+$")


def heading_texts(catalog: FormCatalog) -> set[str]:
    """Every section heading a report prints alone on its line: form sections and the report's own titles."""
    titles = {section.title for form in catalog.values() for section in form.sections}
    titles |= {field.label for form in catalog.values() for field in form.fields() if field.type.value == "repeat"}
    return titles | {"体检结论（初判）", "不符合项与规则依据", "现场照片", "签字与盖章", "危房鉴定初算（JGJ 125-2016）",
                     "按调查表与状态", "按街道（记录数）", "附录　未定稿记录"}


def last_content_line(page_text: str) -> str:
    """The last line of a page above its footer (report number, unit, page number)."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith(("第 ", "报告编号 ")) and "CityCheck" not in line]
    return body[-1] if body else ""


def orphan_headings(path: Path, catalog: FormCatalog) -> list[tuple[int, str]]:
    """Pages (1-based) whose last text line is a heading, with that line."""
    headings = heading_texts(catalog)
    found = []
    for number, text in enumerate(pdf_pages(path)[:-1], start=1):
        last = last_content_line(text)
        if last in headings or CHAPTER.match(last):
            found.append((number, last))
    return found
