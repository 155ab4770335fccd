"""取当前位置: a WGS-84 fix from the system's positioning service, taken once it is accurate enough."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtPositioning import QGeoPositionInfo, QGeoPositionInfoSource
from PySide6.QtWidgets import QWidget

from desktop import defs, interaction
from desktop.builders import create_button, create_label, hbox

PositionSourceFactory = Callable[[QObject], "QGeoPositionInfoSource | None"]
FIX_TIMEOUT_MS = 60_000          # then the best reading so far is offered, or the search stops
DEGREE_DECIMALS = 7              # about 1 cm
NO_SOURCE_TIP = ("本机没有可用的定位服务（没有 GPS 接收器，或系统定位服务未安装），"
                 "请手动填写纬度和经度")
SOURCE_ERRORS = {
    QGeoPositionInfoSource.Error.AccessError:
        "定位被拒绝：请在系统设置的“隐私 › 位置”中允许本程序使用位置，或手动填写坐标",
    QGeoPositionInfoSource.Error.ClosedError: "定位服务已关闭：请打开系统的定位服务，或手动填写坐标",
    QGeoPositionInfoSource.Error.UnknownSourceError: "定位服务出错：请检查 GPS 接收器的连接，或手动填写坐标",
}


def system_position_source(parent: QObject) -> QGeoPositionInfoSource | None:
    """Return the platform's default positioning source, or None when it has none."""
    return QGeoPositionInfoSource.createDefaultSource(parent)


@dataclass(frozen=True)
class Reading:
    """One position update: WGS-84 degrees and the horizontal accuracy in metres (None when unknown)."""

    lat: float
    lon: float
    accuracy_m: float | None

    def point(self) -> dict:
        """Return the geopoint answer this reading stores."""
        point = {"lat": round(self.lat, DEGREE_DECIMALS), "lon": round(self.lon, DEGREE_DECIMALS), "crs": "WGS-84"}
        if self.accuracy_m is not None:
            point["accuracy_m"] = round(self.accuracy_m, 1)
        return point

    def better_than(self, other: Reading | None) -> bool:
        return other is None or (self.accuracy_m is not None
                                 and (other.accuracy_m is None or self.accuracy_m < other.accuracy_m))


def reading_of(info: QGeoPositionInfo) -> Reading | None:
    """Return the reading of a position update, None when it holds no valid coordinate."""
    coordinate = info.coordinate()
    if not info.isValid() or not coordinate.isValid():
        return None
    attribute = QGeoPositionInfo.Attribute.HorizontalAccuracy
    accuracy = info.attribute(attribute) if info.hasAttribute(attribute) else math.nan
    return Reading(coordinate.latitude(), coordinate.longitude(), accuracy if math.isfinite(accuracy) else None)


def accuracy_text(accuracy_m: float | None) -> str:
    return "精度未知" if accuracy_m is None else f"精度 ±{accuracy_m:.1f} 米"


class GpsFixButton(QWidget):
    """The 取当前位置 button, live accuracy, and 采用当前读数 for a fix worse than the threshold."""

    fixed = Signal(dict)      # the geopoint answer of an accepted reading

    def __init__(self, threshold_m: Callable[[], float],
                 source_factory: PositionSourceFactory = system_position_source,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._threshold_m = threshold_m
        self._best: Reading | None = None
        self._timeout = QTimer(self, singleShot=True, interval=FIX_TIMEOUT_MS)
        self._timeout.timeout.connect(self._timed_out)
        self.button = create_button("取当前位置", on_click=self.toggle, object_name="gps_fix")
        self.accept_button = create_button("采用当前读数", on_click=self.accept_best, object_name="gps_accept")
        self.accept_button.hide()
        self.status = create_label(colour=defs.HINT_COLOUR, wrap=False, object_name="gps_status")
        self.source: QGeoPositionInfoSource | None = None
        self.attach_source(source_factory(self))
        self.setLayout(hbox(self.button, self.accept_button, self.status, 1))

    def attach_source(self, source: QGeoPositionInfoSource | None) -> None:
        """Read positions from `source` (e.g. an NMEA receiver); None disables the button and says why."""
        if self.source is not None:
            self.stop("")
            self.source.positionUpdated.disconnect(self._updated)
            self.source.errorOccurred.disconnect(self._failed)
        self.source = source
        self.button.setEnabled(source is not None)
        if source is None:
            self.button.setToolTip(NO_SOURCE_TIP)
            return
        self.button.setToolTip("从 GPS 或系统定位服务读取当前位置（WGS-84），精度达到要求时自动填入")
        source.positionUpdated.connect(self._updated)
        source.errorOccurred.connect(self._failed)

    def locating(self) -> bool:
        return self._timeout.isActive()

    def toggle(self) -> None:
        if self.locating():
            self.stop("已停止定位")
        else:
            self.start()

    def start(self) -> None:
        """Start position updates; the first reading within the threshold is taken."""
        if self.source is None:
            return
        self._best = None
        self._timeout.start()
        self.button.setText("停止定位")
        self.status.setText(f"正在定位…（要求精度 ≤ {self._threshold_m():g} 米）")
        self.source.startUpdates()

    def stop(self, message: str) -> None:
        if self.source is not None and self.locating():
            self.source.stopUpdates()
        self._timeout.stop()
        self.button.setText("取当前位置")
        self.accept_button.hide()
        self.status.setText(message)

    def accept_best(self) -> None:
        """Take the best reading so far, once the inspector confirms its worse accuracy."""
        reading, threshold = self._best, self._threshold_m()
        if reading is None:
            return
        question = (f"当前读数{accuracy_text(reading.accuracy_m)}，未达到要求的 ±{threshold:g} 米。\n"
                    "仍然采用这个位置吗？（可以到开阔处再试，或手动填写坐标）")
        if interaction.current().confirm(self, "定位精度不足", question):
            self._take(reading)

    def show_point(self, point: dict | None) -> None:
        """Say where the shown point came from (a GPS fix keeps its accuracy)."""
        if self.locating():
            return
        accuracy = (point or {}).get("accuracy_m")
        self.status.setText(f"GPS 定位，{accuracy_text(accuracy)}" if isinstance(accuracy, (int, float)) else "")

    def _updated(self, info: QGeoPositionInfo) -> None:
        reading = reading_of(info)
        if reading is None or not self.locating():
            return
        threshold = self._threshold_m()
        if reading.accuracy_m is not None and reading.accuracy_m <= threshold:
            self._take(reading)
            return
        if reading.better_than(self._best):
            self._best = reading
        self.status.setText(f"正在定位… 当前{accuracy_text(reading.accuracy_m)}（要求 ≤ {threshold:g} 米）")
        self.accept_button.show()

    def _take(self, reading: Reading) -> None:
        self.stop(f"已取得定位，{accuracy_text(reading.accuracy_m)}（WGS-84）")
        self.fixed.emit(reading.point())

    def _failed(self, error: QGeoPositionInfoSource.Error) -> None:
        if error in SOURCE_ERRORS and self.locating():
            self.stop(SOURCE_ERRORS[error])
        # An update timeout only means no fix yet: keep waiting until FIX_TIMEOUT_MS.

    def _timed_out(self) -> None:
        best = self._best
        self.stop("在限定时间内没有达到要求的精度" if best else "没有收到定位信号：请到开阔处再试，或手动填写坐标")
        if best is not None:
            self._best = best
            self.accept_best()
