"""Scanning a building's QR code opens its record, or starts a 房屋安全 record with that code."""

from __future__ import annotations

import pytest
import zxingcpp
from camera_fakes import ImageCamera, NoCamera, code_frame, plain_frame
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.camera import frame_source
from desktop.camera.live_view import ScanDialog
from forms.store.record_filter import RecordFilter
from forms.store.tasks import TaskSpec, add_tasks

CODE = "500107001"


@pytest.fixture
def qr_camera():
    """A camera that first sees an empty wall, then the building's QR code."""
    fake = ImageCamera([plain_frame("lightgrey"), code_frame(CODE)])
    previous = frame_source.install(fake)
    yield fake
    frame_source.install(previous)


def scan(qtbot, window) -> None:
    button = window.records.findChild(QPushButton, "scan_building")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ScanDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: window.findChild(ScanDialog) is None or not dialog.isVisible(), timeout=5000)
    assert dialog.code == CODE


def test_scan_opens_the_building_record(qtbot, window, qr_camera):
    record = window.context.store.create("aging_friendly", inspector="王", answers={"building_code": CODE})
    window.context.store.create("aging_friendly", inspector="王", answers={"building_code": "999"})
    scan(qtbot, window)
    editor = window.current_editor()
    assert editor is not None and editor.session.record_id == record.id
    assert len(qr_camera.stops) == 1   # the camera was let go once the code was read


def test_scan_of_an_unknown_code_starts_a_housing_record_from_the_task(qtbot, window, qr_camera,
                                                                      scripted_interaction):
    add_tasks(window.context.db, [TaskSpec(district="九龙坡区", street="杨家坪街道", community="团结路社区",
                                           estate="和平小区", building_code=CODE, address="团结路1号",
                                           forms=("housing_safety",))])
    scripted_interaction.answers.append(True)
    scan(qtbot, window)
    assert any(CODE in message and kind == "confirm" for kind, _, message in scripted_interaction.messages)
    editor = window.current_editor()
    assert editor.form.id == "housing_safety"
    assert editor.session.value("building_code") == CODE
    assert editor.session.value("address") == "团结路1号"


def test_several_records_ask_which_one(qtbot, window, qr_camera, scripted_interaction):
    store = window.context.store
    store.create("housing_safety", inspector="王", answers={"building_code": CODE})
    store.create("old_pipelines", inspector="王", answers={"building_code": CODE})
    listed = store.query(RecordFilter(building_code=CODE))
    scripted_interaction.answers.append(1)
    scan(qtbot, window)
    _kind, _title, choices = next(m for m in scripted_interaction.messages if m[0] == "choose")
    assert [line.split(" · ")[0] for line in choices.split(" / ")] == [
        window.context.form_title(record.form_id) for record in listed]
    assert window.current_editor().session.record_id == listed[1].id


def test_without_a_camera_a_photo_of_the_code_is_read(qtbot, window, tmp_path, scripted_interaction):
    previous = frame_source.install(NoCamera())
    try:
        photo = tmp_path / "楼牌.png"
        assert code_frame(CODE, zxingcpp.BarcodeFormat.Code128, scale=3).save(str(photo))
        scripted_interaction.answers.extend([str(photo), True])
        window.scan_building()
    finally:
        frame_source.install(previous)
    assert "摄像头" in next(title for kind, title, _ in scripted_interaction.messages if kind == "open")
    assert window.current_editor().session.value("building_code") == CODE


def test_a_photo_without_a_code_is_told(qtbot, window, tmp_path, scripted_interaction):
    previous = frame_source.install(NoCamera())
    try:
        blank = tmp_path / "空白.png"
        Image.new("RGB", (200, 200), "white").save(blank)
        scripted_interaction.answers.append(str(blank))
        window.scan_building()
    finally:
        frame_source.install(previous)
    assert any("没有识别到" in e for e in scripted_interaction.errors())
    assert window.current_editor() is None
