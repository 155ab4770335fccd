"""A strip of photo thumbnails: add from files, the camera or by drag-and-drop; caption, remove, view large."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem, QWidget

from desktop import defs, interaction
from desktop.appearance import current_look
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.camera import frame_source
from desktop.camera.images import png_bytes
from desktop.camera.live_view import CameraDialog
from desktop.screen_fit import free_size
from desktop.wizard.editors import FieldEditor
from forms.errors import CodedError
from forms.model import Field
from forms.store.database import Database
from forms.store.photo_metadata import camera_jpeg, photo_metadata
from forms.store.photos import add_photo, photo_bytes

IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp)"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})
VIEWER_SIZE = QSize(1100, 680)
VIEWER_CHROME = QSize(2 * defs.MARGIN, 2 * defs.MARGIN + 3 * defs.TABLET_TOUCH_HEIGHT)


class PhotoStrip(FieldEditor):
    """Edits a list of {"sha256", "caption"}; photos go into the store as they are added."""

    def __init__(self, field: Field, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self._db = db
        self._photos: list[dict] = []
        self._icons: dict[str, QIcon] = {}
        self.list = _thumbnail_list()
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("选中照片后在此填写说明")
        self.caption.setMinimumHeight(current_look().touch_height())
        self.caption.textEdited.connect(self._caption_edited)
        self.list.currentRowChanged.connect(self._show_caption)
        self.list.itemActivated.connect(lambda _item: self.view_current())
        self.setAcceptDrops(True)
        self.camera_dialog: CameraDialog | None = None
        self.camera_button = self._camera_button()
        buttons = hbox(
            create_button("添加照片…", tooltip="从文件添加（可一次选择多张），也可把照片文件拖到这里",
                          on_click=self.choose_files),
            self.camera_button,
            create_button("删除照片", on_click=self.remove_current),
            create_button("查看大图", on_click=self.view_current),
            self.caption,
        )
        self.empty_note = create_label("暂无照片：点击“添加照片…”或“拍照”，或把照片文件拖到这里", colour=defs.HINT_COLOUR)
        self.setLayout(vbox(self.empty_note, self.list, buttons, spacing=defs.SMALL_SPACING))
        self._show_empty_state()

    def photos(self) -> list[dict]:
        return [dict(photo) for photo in self._photos]

    def set_value(self, value: object) -> None:
        photos = [dict(p) for p in value if isinstance(p, dict)] if isinstance(value, list) else []
        if photos == self._photos:
            return
        current = self.list.currentRow()
        self._photos = photos
        self.list.clear()
        for index, photo in enumerate(photos):
            self.list.addItem(self._item(index, photo))
        if photos:
            self.list.setCurrentRow(min(max(current, 0), len(photos) - 1))
        self._show_caption(self.list.currentRow())
        self._show_empty_state()

    def add_files(self, paths: Iterable[Path]) -> None:
        """Store each image file and append it to the strip."""
        added = []
        for path in paths:
            try:
                added.append(self._stored(Path(path).read_bytes()))
            except (OSError, CodedError) as error:
                interaction.current().show_error(self, "添加照片", f"{Path(path).name}：{error}")
        self._append(added)

    def add_camera_image(self, image: QImage, taken_at: dt.datetime | None = None) -> None:
        """Store a camera still as JPEG stamped with its capture time and append it."""
        moment = taken_at or dt.datetime.now(dt.timezone.utc)
        try:
            self._append([self._stored(camera_jpeg(png_bytes(image), moment))])
        except CodedError as error:
            interaction.current().show_error(self, "拍照", str(error))

    def choose_files(self) -> None:
        paths = interaction.current().choose_open_files(self, "添加照片", IMAGE_FILTER)
        if paths:
            self.add_files(paths)

    def take_photo(self) -> CameraDialog | None:
        """Open the camera view; the photo taken is added when the person clicks 拍照."""
        camera = frame_source.current()
        problem = camera.problem()
        if problem:
            interaction.current().show_error(self, "拍照", problem)
            return None
        dialog = CameraDialog(camera, self)
        dialog.accepted.connect(lambda: self.add_camera_image(dialog.image))
        dialog.destroyed.connect(self._camera_closed)
        self.camera_dialog = dialog
        dialog.open()
        return dialog

    def _camera_closed(self) -> None:
        self.camera_dialog = None

    def _camera_button(self):
        button = create_button("拍照", on_click=self.take_photo, object_name="take_photo",
                               tooltip="用本机摄像头拍照，照片记录拍摄时间")
        problem = frame_source.current().problem()
        if problem:
            button.setEnabled(False)
            button.setToolTip(problem)
        return button

    def _stored(self, data: bytes) -> dict:
        return {"sha256": add_photo(self._db, data), "caption": ""}

    def _append(self, added: list[dict]) -> None:
        if added:
            self._emit(self._photos + added)
            self.list.setCurrentRow(len(self._photos) - 1)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._photos):
            self._emit(self._photos[:row] + self._photos[row + 1:])

    def view_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._photos):
            sha256 = self._photos[row]["sha256"]
            PhotoViewer(photo_bytes(self._db, sha256), self._photos[row].get("caption", ""),
                        photo_metadata(self._db, sha256).describe(), self).show()

    def focus_target(self) -> QWidget:
        return self.list

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _image_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _image_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def _emit(self, photos: list[dict]) -> None:
        self.set_value(photos)
        self.edited.emit(self.photos() or None, False)

    def _show_empty_state(self) -> None:
        self.empty_note.setVisible(not self._photos)
        self.list.setVisible(bool(self._photos))

    def _caption_edited(self, text: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._photos):
            self._photos[row]["caption"] = text.strip()
            self.list.item(row).setText(_item_text(row, self._photos[row]))
            self.edited.emit(self.photos(), True)

    def _show_caption(self, row: int) -> None:
        has_photo = 0 <= row < len(self._photos)
        self.caption.setEnabled(has_photo)
        self.caption.setText(self._photos[row].get("caption", "") if has_photo else "")

    def _item(self, index: int, photo: dict) -> QListWidgetItem:
        item = QListWidgetItem(self._icon(photo["sha256"]), _item_text(index, photo))
        item.setToolTip(f"{photo.get('caption', '') or '双击查看大图'}\n{self._metadata_text(photo['sha256'])}")
        return item

    def _metadata_text(self, sha256: str) -> str:
        try:
            return photo_metadata(self._db, sha256).describe()
        except CodedError as error:
            return str(error)

    def _icon(self, sha256: str) -> QIcon:
        if sha256 not in self._icons:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(photo_bytes(self._db, sha256, thumbnail=True))
            except CodedError:
                pixmap = QPixmap(defs.THUMBNAIL_SIZE, defs.THUMBNAIL_SIZE)
                pixmap.fill(self.palette().color(QPalette.ColorRole.Mid))
            self._icons[sha256] = QIcon(pixmap)
        return self._icons[sha256]


class PhotoViewer(QDialog):
    """Shows one photo large, scaled to fit."""

    def __init__(self, data: bytes, caption: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(caption or "照片")
        self.setObjectName("photo_viewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        image = QLabel()
        image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        room = VIEWER_SIZE.boundedTo(free_size(self) - VIEWER_CHROME)   # the caption and 关闭 need room too
        image.setPixmap(pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))
        self.details = create_label(details, colour=defs.HINT_COLOUR, object_name="photo_details")
        self.setLayout(vbox(image, hbox(self.details, 1, create_button("关闭", on_click=self.close)),
                            margin=defs.MARGIN))


def _thumbnail_list() -> QListWidget:
    strip = QListWidget()
    strip.setViewMode(QListView.ViewMode.IconMode)
    strip.setFlow(QListView.Flow.LeftToRight)
    strip.setWrapping(False)
    strip.setIconSize(QSize(defs.THUMBNAIL_SIZE, defs.THUMBNAIL_SIZE))
    strip.setMovement(QListView.Movement.Static)
    strip.setFixedHeight(defs.THUMBNAIL_SIZE + 48)
    strip.setAcceptDrops(False)
    return strip


def _item_text(index: int, photo: dict) -> str:
    caption = photo.get("caption", "")
    return caption[:10] if caption else f"照片 {index + 1}"


def _image_paths(urls) -> list[Path]:
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in IMAGE_SUFFIXES]
