"""Screenshots at 1366×768 for a person to look at: list, first pages, errors, repeat group, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.app import apply_cjk_font
from forms.demo import generate

SHOTS = Path("/tmp/shots")
DEMO_RECORDS = 10_000
SIZE = (1366, 768)

pytestmark = pytest.mark.slow


def shoot(qtbot, window, name: str) -> Path:
    qtbot.wait(50)
    path = SHOTS / f"{name}.png"
    assert window.grab().save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == SIZE
    return path


def test_screenshots(qtbot, qapp, context, window, driver_for, photo_files, scripted_interaction):
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert apply_cjk_font(qapp), "a CJK font is installed"
    window.setFont(qapp.font())
    generate(context.db, DEMO_RECORDS, seed=3)
    with qtbot.waitSignal(window.records.counted, timeout=20000):
        window.records.refresh()
    assert window.records.counts.text().endswith(f"共 {DEMO_RECORDS} 条")
    shoot(qtbot, window, "main_window_10000_records")

    for form_id in context.catalog:
        editor = window.create_and_open(form_id, {"district": "渝中区", "street": "解放碑街道"})
        editor.go_to(0)
        shoot(qtbot, window, f"first_page_{form_id}")
        editor.go_to(1)
        shoot(qtbot, window, f"first_survey_section_{form_id}")

    editor = window.create_and_open("housing_safety", {})
    drive = driver_for(editor)
    drive.type("year_built", "2999")
    drive.type("floors_above", "0")
    drive.type("floors_below", "12")
    drive.type("floor_area", "0")
    assert "不能" in drive.row("year_built").error_text() or "之间" in drive.row("year_built").error_text()
    shoot(qtbot, window, "page_with_errors")

    drive.choose("jgj_enabled", "yes")
    for layer, component, total, dangerous in ((0, "foundation", 12, 0), (1, "interior_column", 20, 2),
                                               (1, "bearing_wall", 30, 1), (2, "slab", 16, 20)):
        drive.add_repeat_row("jgj_components", {"layer": layer, "component": component,
                                                "total_count": total, "dangerous_count": dangerous})
    shoot(qtbot, window, "repeat_group")

    editor.go_to(editor.section_count())
    shoot(qtbot, window, "finalize_summary")

    record_id = window.records.model.row_at(0).id
    final = next(window.records.model.row_at(i) for i in range(50) if window.records.model.row_at(i).status == "final")
    store = context.store
    answers = dict(store.get(final.id).answers)
    answers["address"] = (answers.get("address") or "") + "（复核）"
    store.save_answers(final.id, answers, who=context.inspector.signature, reason="门牌号复核更正")
    window.open_history(final.id)
    shoot(qtbot, window, "history_view")
    assert record_id
