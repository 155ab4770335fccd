"""Find a building by its QR code or barcode: open its records, or start a 房屋安全 record for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from desktop import defs, interaction
from desktop.camera import frame_source
from desktop.camera.live_view import ScanDialog
from desktop.task_view import task_place
from desktop.wizard.photo_strip import IMAGE_FILTER
from forms.barcodes import read_codes
from forms.store.record_filter import RecordFilter
from forms.store.tasks import list_tasks

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from desktop.wizard.survey_editor import SurveyEditor
    from forms.store.record_version import RecordVersion

TITLE = "扫码查找楼栋"
NEW_RECORD_FORM = "housing_safety"
MAX_LISTED = 50


def scan_building(window: MainWindow) -> ScanDialog | None:
    """Scan with the camera; without one, read the code from a photo file instead."""
    camera = frame_source.current()
    problem = camera.problem()
    if problem:
        path = interaction.current().choose_open_file(
            window, f"{TITLE}：本机无法使用摄像头，请选择一张拍有楼栋二维码或条形码的照片", IMAGE_FILTER)
        if path is not None:
            scan_file(window, path)
        return None
    dialog = ScanDialog(camera, window)
    dialog.accepted.connect(lambda: open_building(window, dialog.code))
    dialog.open()
    return dialog


def scan_file(window: MainWindow, path: Path) -> SurveyEditor | None:
    """Read the first code in an image file and find its building."""
    try:
        with Image.open(path) as image:
            codes = read_codes(image)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        interaction.current().show_error(window, TITLE, f"{Path(path).name}：不是可识别的图片（{error}）。")
        return None
    if not codes:
        interaction.current().show_error(window, TITLE, f"{Path(path).name}：图片中没有识别到二维码或条形码，"
                                                        "请让编码清晰、完整地出现在照片中后重试。")
        return None
    return open_building(window, codes[0])


def open_building(window: MainWindow, code: str) -> SurveyEditor | None:
    """Open the record of `code` (asking which when there are several), or offer to start one."""
    records = window.context.store.query(RecordFilter(building_code=code), limit=MAX_LISTED)
    if len(records) == 1:
        return window.open_record(records[0].id)
    if records:
        choice = interaction.current().choose_item(window, TITLE, f"楼栋编码 {code} 有以下调查记录，选择要打开的一条：",
                                                   [_record_line(window, record) for record in records])
        return window.open_record(records[choice].id) if choice is not None else None
    title = window.context.form_title(NEW_RECORD_FORM)
    if not interaction.current().confirm(window, TITLE, f"没有楼栋编码为 {code} 的调查记录。\n新建一条{title}记录吗？"):
        return None
    return window.create_and_open(NEW_RECORD_FORM, _place_of(window, code))


def _place_of(window: MainWindow, code: str) -> dict[str, str]:
    """The place a new record begins with: from the task list when the building is on it."""
    task = next((t for t in list_tasks(window.context.db) if t.building_code == code), None)
    return task_place(task) if task is not None else {"building_code": code}


def _record_line(window: MainWindow, record: RecordVersion) -> str:
    updated = dt.datetime.fromisoformat(record.updated_at.replace("Z", "+00:00")).astimezone()
    status = defs.STATUS_LABELS.get(record.status, record.status)
    return f"{window.context.form_title(record.form_id)} · {status} · {record.address or ''} · {updated:%Y-%m-%d %H:%M}"
