"""Wizard details: undo/redo, resume, keyboard, relevance, inline errors, finalize links, photos."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.wizard.photo_strip import PhotoViewer
from forms.demo import generate
from forms.store.clock import parse_utc
from forms.store.record_filter import RecordFilter


def housing(window):
    return window.create_and_open("housing_safety", {"district": "渝中区"})


def test_undo_and_redo_restore_answers_and_widgets(qtbot, window, driver_for):
    editor = housing(window)
    drive = driver_for(editor)
    drive.type("street", "解放碑街道")
    drive.type("community", "民生路社区")
    store = window.context.store
    record_id = editor.session.record_id
    editor.undo_action.trigger()
    assert store.get(record_id).answers.get("community") is None
    assert drive.row("community").editor.line.text() == ""
    assert drive.row("street").editor.line.text() == "解放碑街道", "typing a field is one undo step"
    editor.redo_action.trigger()
    assert store.get(record_id).answers["community"] == "民生路社区"
    assert drive.row("community").editor.line.text() == "民生路社区"


def test_reopening_resumes_at_the_last_section(qtbot, window):
    editor = housing(window)
    record_id = editor.session.record_id
    editor.go_to(3)
    window.close_tab(window.tabs.indexOf(editor))
    reopened = window.open_record(record_id)
    assert reopened is not editor
    assert reopened.current_index == 3
    assert window.context.store.get(record_id).last_section == reopened.form.sections[3].key


def test_keyboard_enter_moves_on_and_shortcuts_change_section(qtbot, window, driver_for):
    editor = housing(window)
    drive = driver_for(editor)
    district = drive.row("district").editor.line
    district.setFocus()
    qtbot.waitUntil(district.hasFocus)
    qtbot.keyClick(district, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is drive.row("street").editor.line
    date = drive.row("survey_date").editor.line
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert editor.current_index == 1, "Enter in a page's last field opens the next section"
    assert QApplication.focusWidget() is drive.row("building_name").editor.line
    editor.go_to(0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_index == 1
    qtbot.keyClick(editor.section_list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.current_index == 2
    qtbot.keyClick(editor.section_list, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_index == 1


def test_new_record_shortcut_asks_which_survey(qtbot, window, scripted_interaction):
    scripted_interaction.answers.append(2)
    window.tabs.setCurrentWidget(window.records)
    window.records.table.setFocus()
    qtbot.keyClick(window.records.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.current_editor()
    assert editor is not None and editor.form.id == "aging_friendly"


def test_required_errors_wait_until_the_page_is_left(qtbot, window, driver_for):
    editor = housing(window)
    drive = driver_for(editor)
    editor.go_to(1)
    assert drive.row("building_name").error_text() == ""
    drive.type("year_built", "1700")
    assert drive.row("year_built").error_text() == "应在 1800–2026年 之间，当前为 1700年"
    editor.go_to(2)
    editor.go_to(1)
    assert drive.row("building_name").error_text() == "此项必填"
    assert "⚠" in editor.section_list.state_text(1)


def test_geopoint_range_check_is_inline(qtbot, window, driver_for):
    editor = housing(window)
    drive = driver_for(editor)
    drive.locate("location", "106.55", "29.56")
    assert drive.row("location").error_text() == "纬度应在 -90–90、经度应在 -180–180 之间"
    geopoint = drive.widget("location")
    geopoint.lat.clear()
    qtbot.keyClicks(geopoint.lat, "29.56")
    assert drive.row("location").error_text() == "坐标不在中国境内，请检查纬度/经度是否填反"
    geopoint.lon.clear()
    qtbot.keyClicks(geopoint.lon, "106.55")
    assert drive.row("location").error_text() == ""
    assert window.context.store.get(editor.session.record_id).answers["location"] == {
        "lat": 29.56, "lon": 106.55, "crs": "WGS-84"}


def test_finalize_is_refused_with_links_to_missing_fields(qtbot, window):
    editor = housing(window)
    editor.go_to(editor.section_count())
    page = editor.finalize_page
    assert not page.finalize_button.isEnabled()
    assert page.missing.count() > 0
    item = next(page.missing.item(i) for i in range(page.missing.count())
                if "房屋名称" in page.missing.item(i).text())
    page.missing.itemActivated.emit(item)
    assert editor.form.sections[editor.current_index].key == "basic"
    assert QApplication.focusWidget() is editor.pages[editor.current_index].rows["building_name"].editor.line
    editor.finalize_action.trigger()
    assert window.context.store.get(editor.session.record_id).status == "draft"


def test_photos_by_drag_and_drop_caption_remove_and_view(qtbot, window, driver_for, photo_files):
    editor = housing(window)
    drive = driver_for(editor)
    strip = drive.widget("building_photos")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in photo_files[:2]])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    strip.dropEvent(drop)
    assert strip.list.count() == 2
    strip.list.setCurrentRow(0)
    qtbot.keyClicks(strip.caption, "south facade")
    answers = window.context.store.get(editor.session.record_id).answers
    assert [p["caption"] for p in answers["building_photos"]] == ["south facade", ""]
    strip.view_current()
    viewer = strip.findChild(PhotoViewer)
    assert viewer is not None and viewer.isVisible()
    viewer.close()
    strip.list.setCurrentRow(1)
    strip.remove_current()
    assert len(window.context.store.get(editor.session.record_id).answers["building_photos"]) == 1


def test_a_broken_photo_file_is_reported_not_stored(qtbot, window, driver_for, tmp_path, scripted_interaction):
    editor = housing(window)
    drive = driver_for(editor)
    bad = tmp_path / "坏.jpg"
    bad.write_bytes(b"not an image")
    drive.widget("building_photos").add_files([bad])
    assert any("store-006" in e for e in scripted_interaction.errors())
    assert "building_photos" not in window.context.store.get(editor.session.record_id).answers


def test_repeat_rows_add_remove_and_undo(qtbot, window, driver_for):
    editor = housing(window)
    drive = driver_for(editor)
    drive.choose("jgj_enabled", "yes")
    repeat = drive.add_repeat_row("jgj_components", {"layer": 0, "component": "foundation", "total_count": 8})
    drive.add_repeat_row("jgj_components", {"layer": 1, "component": "slab", "total_count": 12})
    store = window.context.store
    record_id = editor.session.record_id
    assert [r["layer"] for r in store.get(record_id).answers["jgj_components"]] == [0, 1]
    assert "第 1 行 危险构件数：此项必填" in repeat.row_errors.text()
    repeat.table.setCurrentIndex(repeat.model.index(0, 0))
    qtbot.mouseClick(next(b for b in repeat.findChildren(type(editor.next_button)) if b.text() == "删除所选行"),
                     Qt.MouseButton.LeftButton)
    assert store.get(record_id).answers["jgj_components"] == [{"layer": 1, "component": "slab", "total_count": 12}]
    assert repeat.model.rowCount() == 1
    editor.undo_action.trigger()
    assert len(store.get(record_id).answers["jgj_components"]) == 2
    assert repeat.model.rowCount() == 2


def final_housing(window) -> str:
    generate(window.context.db, 12, seed=3, catalog=window.context.catalog)
    [record] = window.context.store.query(RecordFilter(form_id="housing_safety", status="final"), limit=1)
    return record.id


def test_final_record_edited_into_errors_returns_to_draft_visibly(qtbot, window, driver_for, scripted_interaction):
    editor = window.open_record(final_housing(window))
    assert not editor.notice.isVisible()
    scripted_interaction.answers.append("复核更正")
    editor.unlock_button.click()
    drive = driver_for(editor)
    district = drive.widget("district").line
    district.selectAll()
    qtbot.keyClick(district, Qt.Key.Key_Backspace)
    drive.type("year_built", "2999")
    editor.session.flush()
    record = window.context.store.get(editor.session.record_id)
    assert (record.status, record.answers["year_built"], record.answers.get("district")) == ("draft", 2999, None)
    assert editor.notice.isVisible()
    notice = editor.notice.text()
    assert notice.startswith("⚠ 定稿记录修改后未通过检查：区（此项必填）") and "已退回草稿" in notice
    assert "草稿" in editor.heading.text()
    window.close_tab(window.tabs.indexOf(editor))
    reopened = window.open_record(record.id)
    assert reopened.notice.isVisible() and "已退回草稿" in reopened.notice.text()
    drive = driver_for(reopened)
    drive.type("district", "渝中区")
    drive.type("year_built", "1995")
    drive.finalize()
    assert window.context.store.get(record.id).status == "final"
    assert not reopened.notice.isVisible()


def test_blank_housing_record_shows_colour_pending_not_green(qtbot, window):
    editor = housing(window)
    text = editor.findings.summary.text()
    assert "未标色（待定）" in text
    assert "绿色" not in text and "无隐患" not in text
    messages = [editor.findings.findings.item(i).text() for i in range(editor.findings.findings.count())]
    assert not any("未发现危险" in m or "绿色" in m for m in messages)


def test_history_shows_local_time(qtbot, window, shanghai_time):
    store = window.context.store
    record = store.get(final_housing(window))
    store.save_answers(record.id, {**record.answers, "notes": "复核无误"}, who="王测试", reason="补充备注")
    [entry] = [e for e in store.history(record.id) if e.field == "notes"]
    history = window.open_history(record.id)
    times = [history.table.item(r, 0).text() for r in range(history.table.rowCount())]
    assert times == [(parse_utc(entry.at) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")]
    assert entry.at.endswith("Z"), "the audit trail keeps UTC"
