"""A complete inspection of each survey through the wizard: fill, finalize, reopen, edit with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.history_view import HistoryView

PLACE = (("district", "渝中区"), ("street", "解放碑街道"), ("community", "民生路社区"),
         ("estate", "和平小区"), ("building_code", "500103001"), ("address", "民生路88号"))


def fill_header(drive) -> None:
    for key, text in PLACE:
        drive.type(key, text)
    drive.locate("location", "29.5630", "106.5516")


def open_new(window, form_id):
    window.tabs.setCurrentWidget(window.records)
    return window.create_and_open(form_id, {})


def finalize_reopen_and_amend(qtbot, window, drive, scripted, record_id, field_key, new_text):
    """Finalize, close, reopen read-only, unlock with a reason, change one field; return the view."""
    drive.finalize()
    store = window.context.store
    assert store.get(record_id).status == "final"
    window.close_tab(window.tabs.indexOf(drive.editor))
    editor = window.open_record(record_id)
    assert editor.session.is_final and not editor.session.editable
    assert editor.unlock_button.isVisibleTo(editor)
    scripted.answers.append("现场复核后更正")
    qtbot.mouseClick(editor.unlock_button, Qt.MouseButton.LeftButton)
    assert editor.session.editable
    drive.editor = editor
    drive.type(field_key, new_text)
    assert store.get(record_id).answers.get(field_key) != new_text, "typing into a final record waits"
    qtbot.waitUntil(lambda: store.get(record_id).answers.get(field_key) == new_text, timeout=5000)
    snapshot = store.get(record_id)
    assert snapshot.status == "final"
    assert snapshot.answers[field_key] == new_text
    changes = [e for e in store.history(record_id) if e.field == field_key]
    assert len(changes) == 1, "one audit entry for the whole edit, not one per keystroke"
    assert changes[-1].reason == "现场复核后更正"
    assert changes[-1].who == window.context.inspector.signature
    history = window.open_history(record_id)
    assert isinstance(history, HistoryView)
    cells = [history.table.item(r, 5).text() for r in range(history.table.rowCount())]
    assert "现场复核后更正" in cells and "定稿" in cells
    return snapshot


def test_housing_safety_inspection(qtbot, window, driver_for, photo_files, scripted_interaction):
    editor = open_new(window, "housing_safety")
    drive = driver_for(editor)
    fill_header(drive)
    drive.type("building_name", "和平小区3栋")
    drive.type("year_built", "1985")
    drive.type("floors_above", "6")
    drive.type("floors_below", "0")
    drive.type("floor_area", "1200.5")
    drive.choose("structure_type", "brick_concrete")
    drive.add_photos("building_photos", photo_files[0])
    drive.choose("building_use", "residential")
    drive.choose("land_type", "state")
    drive.choose("self_built", "no")
    drive.type("households", "24")
    assert not drive.row("hazards_structure_photos").isVisibleTo(editor)
    drive.tick("hazards_structure", "through_crack")
    assert drive.row("hazards_structure_photos").isVisibleTo(editor), "relevance shows the photo field"
    drive.add_photos("hazards_structure_photos", photo_files[1])
    drive.type("non_self_contained_units", "0")
    drive.choose("needs_energy_retrofit", "yes")
    drive.choose("needs_digital_retrofit", "no")
    drive.choose("initial_judgement", "potential")
    drive.choose("jgj_enabled", "yes")
    drive.choose("ground_dangerous", "no")
    drive.add_repeat_row("jgj_components", {"layer": 1, "component": "interior_column",
                                            "total_count": 20, "dangerous_count": 1})
    calculated = drive.row("jgj_total_components").editor.label.text()
    assert calculated == "20"
    record_id = editor.session.record_id
    saved = window.context.store.get(record_id)
    assert saved.answers["jgj_components"] == [
        {"layer": 1, "component": "interior_column", "total_count": 20, "dangerous_count": 1}]
    assert saved.answers["hazards_structure"] == ["through_crack"]
    assert saved.summary["grade"] == "C"
    assert "jgj125.building_grade" in saved.summary["rule_ids"]
    assert editor.findings.findings.count() > 0
    snapshot = finalize_reopen_and_amend(qtbot, window, drive, scripted_interaction, record_id,
                                         "building_name", "和平小区3栋（东单元）")
    assert snapshot.answers["year_built"] == 1985
    assert snapshot.answers["floor_area"] == 1200.5
    assert snapshot.answers["location"] == {"lat": 29.563, "lon": 106.5516, "crs": "WGS-84"}
    assert len(snapshot.answers["building_photos"]) == 1
    assert snapshot.district == "渝中区" and snapshot.building_code == "500103001"


def test_old_pipelines_inspection(qtbot, window, driver_for, photo_files, scripted_interaction):
    editor = open_new(window, "old_pipelines")
    drive = driver_for(editor)
    fill_header(drive)
    drive.choose("pipe_category", "gas")
    drive.choose("position", "courtyard")
    drive.choose("material", "grey_cast_iron")
    drive.choose("anticorrosion_lining", "no")
    drive.type("diameter_mm", "100")
    drive.type("length_m", "50.5")
    drive.type("install_year", "1990")
    drive.type("location_description", "民生路东侧人行道下")
    drive.choose("assessed_hazardous", "yes")
    drive.tick("defects", "leak")
    repeat = drive.add_repeat_row("defect_records", {"defect": "leak", "description": "接口处渗漏"})
    repeat.table.setCurrentIndex(repeat.model.index(0, 0))
    drive.add_photos("defect_photos", photo_files[2], strip=repeat.details["defect_photos"])
    drive.add_photos("pipe_photos", photo_files[0])
    record_id = editor.session.record_id
    saved = window.context.store.get(record_id)
    row = saved.answers["defect_records"][0]
    assert row["defect"] == "leak" and row["description"] == "接口处渗漏"
    assert len(row["defect_photos"]) == 1
    assert saved.summary.get("renewal_due") is True
    snapshot = finalize_reopen_and_amend(qtbot, window, drive, scripted_interaction, record_id,
                                         "location_description", "民生路西侧")
    assert snapshot.answers["material"] == "grey_cast_iron"


def test_aging_friendly_inspection(qtbot, window, driver_for, photo_files, scripted_interaction):
    editor = open_new(window, "aging_friendly")
    drive = driver_for(editor)
    fill_header(drive)
    drive.type("year_built", "1995")
    drive.type("floors", "6")
    drive.choose("has_lift", "no")
    drive.choose("lift_retrofit_feasible", "yes")
    drive.choose("entrance_type", "steps_ramp")
    drive.type("ramp_rise_mm", "300")
    drive.type("ramp_run_mm", "3000")
    assert drive.row("ramp_slope").editor.label.text() == "0.1"
    drive.type("landing_depth_mm", "1500")
    drive.type("door_width_mm", "900")
    drive.type("threshold_height_mm", "0")
    drive.type("passage_width_mm", "1200")
    for key in ("stair_handrail_wall_side", "anti_slip", "corridor_lighting_control", "tactile_paving_continuous"):
        drive.choose(key, "yes")
    for key in ("bathroom_grab_bars", "accessibility_signs"):
        drive.choose(key, "no")
    drive.add_photos("facility_photos", photo_files[0], photo_files[1])
    repeat = drive.add_repeat_row("barrier_points", {"point_location": "2单元入口", "point_kind": "high_threshold"})
    repeat.table.setCurrentIndex(repeat.model.index(0, 0))
    drive.add_photos("point_photos", photo_files[2], strip=repeat.details["point_photos"])
    assert drive.row("barrier_point_count").editor.label.text() == "1"
    record_id = editor.session.record_id
    saved = window.context.store.get(record_id)
    point = saved.answers["barrier_points"][0]
    assert point["point_location"] == "2单元入口" and point["point_kind"] == "high_threshold"
    assert len(point["point_photos"]) == 1
    assert saved.calculated["ramp_slope"] == 0.1
    assert saved.summary["needs_aging_retrofit"] is True
    assert any("坡" in f["message"] for f in saved.findings)
    snapshot = finalize_reopen_and_amend(qtbot, window, drive, scripted_interaction, record_id,
                                         "notes", "坡道需改造")
    assert snapshot.answers["entrance_type"] == "steps_ramp"


def test_historic_buildings_inspection(qtbot, window, driver_for, photo_files, scripted_interaction):
    editor = open_new(window, "historic_buildings")
    drive = driver_for(editor)
    fill_header(drive)
    drive.type("hb_name", "民生路老邮局")
    drive.choose("building_or_structure", "building")
    drive.choose("listing_status", "published")
    drive.choose("relic_level", "none")
    drive.choose("era", "republic")
    drive.choose("protected_area", "none")
    drive.type("current_use", "社区图书馆")
    drive.choose("ownership", "state")
    drive.choose("occupancy", "in_use")
    drive.choose("plate_installed", "yes")
    drive.type("plate_number", "YZ-LS-012")
    drive.add_photos("plate_photos", photo_files[1])
    drive.choose("archived", "no")
    drive.choose("condition", "basically_intact")
    drive.choose("reuse_type", "original_function")
    repeat = drive.add_repeat_row("hb_photos", {"photo_kind": "facade", "caption": "南立面"})
    repeat.table.setCurrentIndex(repeat.model.index(0, 0))
    drive.add_photos("photo", photo_files[2], strip=repeat.details["photo"])
    record_id = editor.session.record_id
    saved = window.context.store.get(record_id)
    assert saved.answers["hb_photos"][0]["photo_kind"] == "facade"
    assert len(saved.answers["hb_photos"][0]["photo"]) == 1
    snapshot = finalize_reopen_and_amend(qtbot, window, drive, scripted_interaction, record_id,
                                         "current_use", "社区阅览室")
    assert snapshot.answers["plate_number"] == "YZ-LS-012"
