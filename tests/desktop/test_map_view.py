"""The 问题地图 tab: points coloured by label, filters, click to open, base maps, export."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from desktop import defs
from desktop.extensions import add_map_tab
from desktop.map.map_items import PointItem, point_colour
from desktop.map.map_tab import MapTab
from desktop.map.map_view import length_text, nice_length
from reports.geo.mercator import to_mercator

PLACE = {"district": "渝中区", "street": "解放碑街道", "community": "民生路社区"}
RED = {"lat": 29.5575, "lon": 106.5770, "crs": "WGS-84", "accuracy_m": 3.0}
PIPE = {"lat": 29.5530, "lon": 106.5700, "crs": "WGS-84"}
ELSEWHERE = {"lat": 29.5400, "lon": 106.4500, "crs": "WGS-84"}


@pytest.fixture
def records(context):
    store = context.store
    return {
        "red": store.create("housing_safety", inspector="王测试", place={**PLACE, "building_code": "JFB-1"},
                            answers={"location": RED, "initial_judgement": "danger"}).id,
        "pipe": store.create("old_pipelines", inspector="王测试", place={**PLACE, "building_code": "GX-1"},
                             answers={"location": PIPE}).id,
        "other": store.create("housing_safety", inspector="王测试",
                              place={"district": "沙坪坝区", "street": "小龙坎街道", "building_code": "XLK-1"},
                              answers={"location": ELSEWHERE, "initial_judgement": "none"}).id,
        "nowhere": store.create("housing_safety", inspector="王测试", place={**PLACE, "building_code": "JFB-9"}).id,
    }


@pytest.fixture
def map_tab(qtbot, context, records):
    tab = MapTab(context)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    with qtbot.waitSignal(tab.points_shown, timeout=5000):
        tab.show()
    return tab


def items_by_record(tab: MapTab) -> dict[str, PointItem]:
    return {item.record_id: item for item in tab.point_items()}


def test_points_are_coloured_by_label_and_unlabelled_ones_are_grey(map_tab, records):
    items = items_by_record(map_tab)
    assert set(items) == {records["red"], records["pipe"], records["other"]}
    assert items[records["red"]].brush().color() == point_colour(items[records["red"]].point)
    assert items[records["red"]].brush().color().name() == defs.GRADE_COLOURS["red"]
    assert items[records["pipe"]].brush().color().name() == defs.MAP_NO_COLOUR
    assert items[records["other"]].brush().color().name() == defs.GRADE_COLOURS["green"]
    assert "1 条记录没有坐标，未上图：JFB-9" in map_tab.status.text()
    assert items[records["red"]].zValue() > items[records["other"]].zValue() > items[records["pipe"]].zValue(), \
        "where records share a building's point, the most severe label is on top"
    names = {label.text() for label in map_tab.labels}
    assert {"渝中区", "解放碑街道", "沙坪坝区", "小龙坎街道"} <= names
    district = next(label for label in map_tab.labels if label.text() == "渝中区")
    expected = [sum(c) / 2 for c in zip(to_mercator(RED["lon"], RED["lat"]), to_mercator(PIPE["lon"], PIPE["lat"]))]
    assert (district.pos().x(), -district.pos().y()) == pytest.approx(expected), "a name sits at its points' centroid"


def test_the_record_list_filters_apply_to_the_map(qtbot, map_tab, records):
    map_tab.filters.district.setText("渝中区")
    with qtbot.waitSignal(map_tab.points_shown, timeout=5000):
        qtbot.keyClick(map_tab.filters.district, Qt.Key.Key_Return)
    assert set(items_by_record(map_tab)) == {records["red"], records["pipe"]}
    with qtbot.waitSignal(map_tab.points_shown, timeout=5000):
        map_tab.filters.survey.setCurrentIndex(map_tab.filters.survey.findData("old_pipelines"))
    assert set(items_by_record(map_tab)) == {records["pipe"]}


def test_clicking_a_point_opens_its_record_and_dragging_does_not(qtbot, window, context, records):
    tab = add_map_tab(window, context)
    with qtbot.waitSignal(tab.points_shown, timeout=5000):
        window.tabs.setCurrentWidget(tab)
    where = tab.view.mapFromScene(items_by_record(tab)[records["other"]].pos())
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    editor = window.current_editor()
    assert editor is not None and editor.session.record_id == records["other"]
    window.tabs.setCurrentWidget(tab)
    qtbot.mousePress(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseMove(tab.view.viewport(), where + QPoint(40, 30))
    qtbot.mouseRelease(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=where + QPoint(40, 30))
    assert window.tabs.currentWidget() is tab


def test_zoom_changes_the_scale_bar(qtbot, map_tab):
    before = map_tab.view.metres_per_pixel()
    zoom_in = next(button for button in map_tab.findChildren(QPushButton) if button.text() == "放大")
    qtbot.mouseClick(zoom_in, Qt.MouseButton.LeftButton)
    assert map_tab.view.metres_per_pixel() == pytest.approx(before / 1.5)
    assert [nice_length(m) for m in (0.7, 140, 2600, 99_000)] == [0.5, 100, 2000, 50_000]
    assert (length_text(500), length_text(2000)) == ("500 米", "2 公里")


def test_export_buttons_write_the_filtered_points(qtbot, map_tab, records, tmp_path, scripted_interaction):
    scripted_interaction.answers.append(str(tmp_path / "地图"))
    job = map_tab.export("gpkg")
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    with sqlite3.connect(tmp_path / "地图.gpkg") as connection:
        codes = sorted(row[0] for row in connection.execute("SELECT building_code FROM survey_points"))
    assert codes == ["GX-1", "JFB-1", "XLK-1"]
    assert "已导出 3 个调查点" in map_tab.status.text() and "JFB-9" in map_tab.status.text()
    scripted_interaction.answers.append(str(tmp_path / "地图.geojson"))
    with qtbot.waitSignal(map_tab.export("geojson").finished, timeout=10_000):
        pass
    features = json.loads((tmp_path / "地图.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["colour_label"] for f in features} == {"红色", "绿色", "未标色"}


def png_bytes(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_with_a_world_file_is_drawn_under_the_points(map_tab, tmp_path, scripted_interaction):
    picture = tmp_path / "底图.png"
    picture.write_bytes(png_bytes((200, 100), "lightblue"))
    scripted_interaction.answers.append(str(picture))
    map_tab.choose_basemap()
    assert "map-004" in scripted_interaction.errors()[-1] and map_tab.basemap.source is None
    # 0.001° pixels; the upper-left pixel's centre at 106.4000 E, 29.6000 N.
    (tmp_path / "底图.pgw").write_text("0.001\n0\n0\n-0.001\n106.4005\n29.5995\n", encoding="ascii")
    assert map_tab.set_basemap(picture)
    extent = map_tab.basemap.extent()
    west, north = to_mercator(106.4, 29.6)
    east, south = to_mercator(106.6, 29.5)
    assert (extent.left(), extent.top(), extent.right(), extent.bottom()) == pytest.approx((west, -north, east, -south))
    assert any(item.zValue() == 0 and item.isVisible() for item in map_tab.scene.items())


def write_tile_package(path, colours=("red", "green", "blue", "yellow")):
    """A GeoPackage with one EPSG:3857 tile layer: zoom 0 is 2 × 2 tiles over the records' area."""
    west, south = to_mercator(106.40, 29.50)
    east, north = to_mercator(106.60, 29.62)
    side = max(east - west, north - south)
    with sqlite3.connect(path) as connection:
        connection.executescript("""
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
              organization_coordsys_id INTEGER, definition TEXT, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT,
              description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
            CREATE TABLE gpkg_tile_matrix_set (table_name TEXT PRIMARY KEY, srs_id INTEGER,
              min_x REAL, min_y REAL, max_x REAL, max_y REAL);
            CREATE TABLE gpkg_tile_matrix (table_name TEXT, zoom_level INTEGER, matrix_width INTEGER,
              matrix_height INTEGER, tile_width INTEGER, tile_height INTEGER, pixel_x_size REAL, pixel_y_size REAL);
            CREATE TABLE basemap (id INTEGER PRIMARY KEY, zoom_level INTEGER, tile_column INTEGER,
              tile_row INTEGER, tile_data BLOB);
        """)
        connection.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Pseudo-Mercator', 3857, 'EPSG', 3857, '', '')")
        connection.execute("INSERT INTO gpkg_contents VALUES ('basemap', 'tiles', '底图', '', '', ?, ?, ?, ?, 3857)",
                           (west, north - side, west + side, north))
        connection.execute("INSERT INTO gpkg_tile_matrix_set VALUES ('basemap', 3857, ?, ?, ?, ?)",
                           (west, north - side, west + side, north))
        connection.execute("INSERT INTO gpkg_tile_matrix VALUES ('basemap', 0, 2, 2, 64, 64, ?, ?)",
                           (side / 128, side / 128))
        for index, colour in enumerate(colours):
            connection.execute("INSERT INTO basemap (zoom_level, tile_column, tile_row, tile_data) VALUES (0, ?, ?, ?)",
                               (index % 2, index // 2, png_bytes((64, 64), colour)))
    return side


def test_a_geopackage_tile_layer_is_drawn_where_its_tiles_belong(map_tab, tmp_path):
    side = write_tile_package(tmp_path / "底图.gpkg")
    assert map_tab.set_basemap(tmp_path / "底图.gpkg")
    map_tab.fit_points()
    drawn = map_tab.basemap.refresh(map_tab.view.visible_scene_rect(), map_tab.view.metres_per_pixel())
    assert drawn == 4
    tiles = [item for item in map_tab.scene.items() if item.zValue() == 0]
    widths = {round(item.sceneBoundingRect().width(), 3) for item in tiles}
    assert widths == {round(side / 2, 3)}
    west, north = to_mercator(106.40, 29.62)
    assert min(item.sceneBoundingRect().left() for item in tiles) == pytest.approx(west)
    assert min(item.sceneBoundingRect().top() for item in tiles) == pytest.approx(-north)


def test_the_base_map_is_remembered(qtbot, context, records, tmp_path):
    write_tile_package(tmp_path / "底图.gpkg")
    first = MapTab(context)
    qtbot.addWidget(first)
    assert first.set_basemap(tmp_path / "底图.gpkg")
    again = MapTab(context)
    qtbot.addWidget(again)
    assert again.basemap.source == tmp_path / "底图.gpkg"
