"""Photos from several files at once and from the camera, with their capture time; no camera, no 拍照."""

from __future__ import annotations

import datetime as dt

import pytest
from camera_fakes import ImageCamera, NoCamera, plain_frame
from PySide6.QtCore import Qt

from desktop.camera import device_camera, frame_source
from desktop.wizard.photo_strip import PhotoViewer
from forms.store.photo_metadata import photo_metadata


@pytest.fixture
def camera():
    fake = ImageCamera([plain_frame("darkGreen"), plain_frame("navy")])
    previous = frame_source.install(fake)
    yield fake
    frame_source.install(previous)


@pytest.fixture
def no_camera():
    previous = frame_source.install(NoCamera())
    yield
    frame_source.install(previous)


def photo_field(window, driver_for):
    editor = window.create_and_open("housing_safety", {})
    return editor, driver_for(editor).widget("building_photos")


def stored_photos(window, editor):
    return window.context.store.get(editor.session.record_id).answers.get("building_photos", [])


def test_several_photos_in_one_file_dialog(qtbot, window, driver_for, photo_files, scripted_interaction):
    editor, strip = photo_field(window, driver_for)
    scripted_interaction.answers.append([str(p) for p in photo_files])
    strip.choose_files()
    assert len(stored_photos(window, editor)) == 3
    assert strip.list.count() == 3 and strip.list.currentRow() == 2


def test_camera_photo_is_stored_with_its_capture_time(qtbot, window, driver_for, camera):
    editor, strip = photo_field(window, driver_for)
    assert strip.camera_button.isEnabled()
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    qtbot.mouseClick(strip.camera_button, Qt.MouseButton.LeftButton)
    dialog = strip.camera_dialog
    assert dialog is not None and dialog.isVisible()
    source = camera.sources[-1]
    qtbot.waitUntil(lambda: source.sent >= 2 and not dialog.view.pixmap().isNull())
    qtbot.mouseClick(dialog.shoot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.camera_dialog is None)
    assert len(camera.stops) == 1   # the camera was let go when the dialog closed
    photos = stored_photos(window, editor)
    assert len(photos) == 1
    meta = photo_metadata(window.context.db, photos[0]["sha256"])
    assert before <= meta.taken_at <= dt.datetime.now(dt.timezone.utc)
    assert "拍摄时间" in strip.list.item(0).toolTip()
    strip.view_current()
    viewer = strip.findChild(PhotoViewer)
    assert viewer.details.text().startswith("拍摄时间 ")
    viewer.close()


def test_cancelled_camera_adds_nothing_and_stops(qtbot, window, driver_for, camera):
    editor, strip = photo_field(window, driver_for)
    dialog = strip.take_photo()
    source = camera.sources[-1]
    assert source.running
    dialog.reject()
    assert not source.running
    assert stored_photos(window, editor) == []


def test_without_a_camera_the_button_says_why_and_files_still_work(qtbot, window, driver_for, no_camera,
                                                                   photo_files, scripted_interaction):
    editor, strip = photo_field(window, driver_for)
    assert not strip.camera_button.isEnabled()
    assert "未检测到摄像头" in strip.camera_button.toolTip()
    scripted_interaction.answers.append([str(photo_files[0])])
    strip.choose_files()
    assert len(stored_photos(window, editor)) == 1


def test_device_camera_without_video_inputs_is_unavailable(monkeypatch):
    if device_camera.MULTIMEDIA_PROBLEM:
        assert "QtMultimedia" in device_camera.DeviceCamera().problem()
        return
    monkeypatch.setattr(device_camera.QMediaDevices, "videoInputs", staticmethod(lambda: []))
    assert device_camera.DeviceCamera().problem() == device_camera.NO_CAMERA


def test_a_camera_problem_is_shown_in_the_view(qtbot, window, driver_for, camera):
    editor, strip = photo_field(window, driver_for)
    dialog = strip.take_photo()
    dialog.shoot.click()   # before the first frame arrived
    assert dialog.note.text() == "摄像头尚未就绪，请稍候再拍"
    assert dialog.isVisible()
    dialog.reject()
    assert stored_photos(window, editor) == []
