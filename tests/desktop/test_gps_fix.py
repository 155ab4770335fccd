"""取当前位置: NMEA sentences replayed through Qt's NMEA source drive the button end to end."""

from __future__ import annotations

from functools import reduce

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPositioning import QGeoPositionInfoSource, QNmeaPositionInfoSource

from desktop.wizard import gps_fix
from desktop.wizard.geopoint_editor import GeopointEditor
from desktop.wizard.gps_fix import NO_SOURCE_TIP
from forms.store.errors import StoreError
from forms.store.settings import (
    DEFAULT_GPS_ACCURACY_THRESHOLD_M,
    gps_accuracy_threshold,
    set_gps_accuracy_threshold,
)

UERE_M = 5.0   # Qt's NMEA source reports accuracy as 2 × HDOP × UERE


def sentence(body: str) -> str:
    checksum = reduce(lambda total, char: total ^ ord(char), body, 0)
    return f"${body}*{checksum:02X}\r\n"


def nmea_fix(second: int, lat: float, lon: float, hdop: float) -> str:
    """An RMC and a GGA sentence for one fix at 12:00:second UTC."""
    time = f"1200{second:02d}.00"
    lat_text = f"{int(lat):02d}{(lat - int(lat)) * 60:07.4f}"
    lon_text = f"{int(lon):03d}{(lon - int(lon)) * 60:07.4f}"
    return (sentence(f"GPRMC,{time},A,{lat_text},N,{lon_text},E,0.0,0.0,051226,,,A")
            + sentence(f"GPGGA,{time},{lat_text},N,{lon_text},E,1,08,{hdop:.1f},250.0,M,0.0,M,,"))


def nmea_receiver(*fixes: str):
    """A factory of position sources replaying `fixes` at their own pace, as a receiver would send them."""

    def factory(parent):
        buffer = QBuffer(parent)
        buffer.setData(QByteArray("".join(fixes).encode("ascii")))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        source = QNmeaPositionInfoSource(QNmeaPositionInfoSource.UpdateMode.SimulationMode, parent)
        source.setDevice(buffer)
        source.setUserEquivalentRangeError(UERE_M)
        return source

    return factory


POOR = nmea_fix(0, 29.5630, 106.5516, 4.0)          # ±40 m
GOOD = nmea_fix(1, 29.563012, 106.551624, 0.8)      # ±8 m


@pytest.fixture
def location_field(catalog):
    return catalog["housing_safety"].field("location")


def make_editor(qtbot, field, db, factory):
    editor = GeopointEditor(field, db, position_source=factory)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_a_fix_within_the_threshold_is_filled_in_with_its_accuracy(qtbot, context, location_field):
    editor = make_editor(qtbot, location_field, context.db, nmea_receiver(POOR, GOOD))
    with qtbot.waitSignal(editor.edited, timeout=5000) as emitted:
        qtbot.mouseClick(editor.gps.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "±40.0 米" in editor.gps.status.text(), timeout=3000)
        assert editor.gps.accept_button.isVisible(), "a poor reading may be taken after confirming"
    point, typing = emitted.args
    assert not typing
    assert point == {"lat": pytest.approx(29.563012, abs=1e-6), "lon": pytest.approx(106.551624, abs=1e-6),
                     "crs": "WGS-84", "accuracy_m": 8.0}
    assert editor.lat.text() == f"{point['lat']}" and editor.crs.currentText() == "WGS-84"
    assert not editor.gps.locating() and "±8.0 米" in editor.gps.status.text()


def test_a_worse_fix_is_taken_only_when_the_inspector_confirms(qtbot, context, location_field,
                                                               scripted_interaction):
    editor = make_editor(qtbot, location_field, context.db, nmea_receiver(POOR))
    values = []
    editor.edited.connect(lambda value, _typing: values.append(value))
    qtbot.mouseClick(editor.gps.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.gps.accept_button.isVisible, timeout=3000)
    scripted_interaction.answers.append(False)
    qtbot.mouseClick(editor.gps.accept_button, Qt.MouseButton.LeftButton)
    assert values == [] and editor.gps.locating()
    scripted_interaction.answers.append(True)
    qtbot.mouseClick(editor.gps.accept_button, Qt.MouseButton.LeftButton)
    assert [value["accuracy_m"] for value in values] == [40.0]
    kind, title, message = scripted_interaction.messages[-1]
    assert kind == "confirm" and "±40.0 米" in message and "10 米" in message


def test_the_threshold_is_a_setting(qtbot, context, location_field):
    assert gps_accuracy_threshold(context.db) == DEFAULT_GPS_ACCURACY_THRESHOLD_M
    set_gps_accuracy_threshold(context.db, 50)
    editor = make_editor(qtbot, location_field, context.db, nmea_receiver(POOR))
    with qtbot.waitSignal(editor.edited, timeout=3000) as emitted:
        qtbot.mouseClick(editor.gps.button, Qt.MouseButton.LeftButton)
    assert emitted.args[0]["accuracy_m"] == 40.0
    with pytest.raises(StoreError) as refused:
        set_gps_accuracy_threshold(context.db, 0)
    assert refused.value.code == "store-017"


def test_without_a_positioning_source_the_button_is_disabled_and_says_why(qtbot, context, location_field):
    editor = make_editor(qtbot, location_field, context.db, lambda _parent: None)
    assert not editor.gps.button.isEnabled()
    assert editor.gps.button.toolTip() == NO_SOURCE_TIP
    qtbot.keyClicks(editor.lat, "29.56")
    qtbot.keyClicks(editor.lon, "106.55")
    assert editor.point() == {"lat": 29.56, "lon": 106.55, "crs": "WGS-84"}, "manual entry stays"


def test_the_fix_is_saved_with_the_record_and_typing_over_it_drops_the_accuracy(qtbot, window, driver_for):
    editor = window.create_and_open("housing_safety", {"district": "渝中区"})
    geopoint = driver_for(editor).widget("location")
    geopoint.gps.attach_source(nmea_receiver(GOOD)(geopoint.gps))
    store, record_id = window.context.store, editor.session.record_id
    qtbot.mouseClick(geopoint.gps.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (store.get(record_id).answers.get("location") or {}).get("accuracy_m") == 8.0,
                    timeout=3000)
    geopoint.lon.end(False)
    qtbot.keyClicks(geopoint.lon, "9")
    saved = store.get(record_id).answers["location"]
    assert "accuracy_m" not in saved and f"{saved['lon']}".endswith("9")


def test_no_signal_within_the_time_limit_stops_and_says_so(qtbot, context, location_field, monkeypatch):
    monkeypatch.setattr(gps_fix, "FIX_TIMEOUT_MS", 300)
    editor = make_editor(qtbot, location_field, context.db, nmea_receiver())
    qtbot.mouseClick(editor.gps.button, Qt.MouseButton.LeftButton)
    assert editor.gps.locating() and editor.gps.button.text() == "停止定位"
    qtbot.waitUntil(lambda: not editor.gps.locating(), timeout=3000)
    assert editor.gps.status.text().startswith("没有收到定位信号")
    assert editor.point() is None and editor.gps.button.text() == "取当前位置"


def test_a_refused_location_permission_is_explained(qtbot, context, location_field):
    editor = make_editor(qtbot, location_field, context.db, nmea_receiver())
    qtbot.mouseClick(editor.gps.button, Qt.MouseButton.LeftButton)
    editor.gps.source.errorOccurred.emit(QGeoPositionInfoSource.Error.AccessError)
    assert not editor.gps.locating() and "隐私 › 位置" in editor.gps.status.text()
