"""The 问题地图 files: GeoJSON and GeoPackage read back by the spec, GCJ-02 converted, skipped records listed."""

from __future__ import annotations

import json
import sqlite3
import struct

import pytest

from desktop.cli import main
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.record_filter import RecordFilter
from forms.store.records import RecordStore
from reports.geo import geopackage
from reports.geo.errors import MapError
from reports.geo.export import export_map
from reports.geo.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from reports.geo.geopackage import APPLICATION_ID
from reports.geo.points import map_points

RED_FIX = {"lat": 29.5630512, "lon": 106.5516131, "crs": "WGS-84", "accuracy_m": 4.7}
TYPED_GCJ = {"lat": 29.55, "lon": 106.57, "crs": "GCJ-02"}
PLACE = {"district": "渝中区", "street": "解放碑街道", "community": "民生路社区"}
# Published GCJ-02 vectors (WGS-84 -> GCJ-02): Shanghai, Shenzhen, Beijing.
GCJ_VECTORS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def survey_db(tmp_path, catalog):
    """Four records: a red building with a GPS fix, one typed in GCJ-02, one without coordinates, a pipe."""
    db = open_database(tmp_path / "map.sqlite3")
    store = RecordStore(db, catalog)
    ids = {
        "red": store.create("housing_safety", inspector="王测试", place={**PLACE, "building_code": "A-1"},
                            answers={"location": RED_FIX, "initial_judgement": "danger",
                                     "hazards_gas": ["no_leak_alarm"]}).id,
        "gcj": store.create("housing_safety", inspector="王测试", place={**PLACE, "building_code": "A-2"},
                            answers={"location": TYPED_GCJ}).id,
        "nowhere": store.create("housing_safety", inspector="王测试", place={**PLACE, "building_code": "A-3"}).id,
        "pipe": store.create("old_pipelines", inspector="王测试", place={**PLACE, "street": "七星岗街道"},
                             answers={"location": {"lat": 29.556, "lon": 106.560, "crs": "WGS-84"},
                                      "pipe_category": "gas", "material": "grey_cast_iron"}).id,
    }
    yield db, ids
    db.close()


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_VECTORS)
def test_gcj02_offsets_match_the_published_vectors_and_invert(wgs, gcj):
    assert wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)
    assert gcj02_to_wgs84(*gcj) == pytest.approx(wgs, abs=1e-7)


def test_points_are_wgs84_and_records_without_coordinates_are_listed(survey_db, catalog):
    db, ids = survey_db
    selection = map_points(db, catalog, RecordFilter(form_id="housing_safety"))
    assert {p.record_id for p in selection.points} == {ids["red"], ids["gcj"]}
    assert [s.code for s in selection.skipped] == ["A-3"]
    assert selection.skipped_text() == "1 条记录没有坐标，未上图：A-3"
    gcj = next(p for p in selection.points if p.record_id == ids["gcj"])
    assert (gcj.lat, gcj.lon) == pytest.approx(gcj02_to_wgs84(TYPED_GCJ["lat"], TYPED_GCJ["lon"]))
    assert gcj.recorded_crs == "GCJ-02" and 0.002 < abs(gcj.lon - TYPED_GCJ["lon"]) < 0.01


def test_geojson_holds_points_with_grade_colour_and_flags(survey_db, catalog, tmp_path):
    db, ids = survey_db
    result = export_map(db, catalog, None, "geojson", tmp_path / "问题地图.geojson")
    collection = json.loads(result.path.read_text(encoding="utf-8"))
    features = {f["properties"]["record_id"]: f for f in collection["features"]}
    assert collection["type"] == "FeatureCollection" and len(features) == 3
    red = features[ids["red"]]
    assert red["geometry"] == {"type": "Point", "coordinates": [RED_FIX["lon"], RED_FIX["lat"]]}
    assert red["properties"]["colour"] == "red" and red["properties"]["colour_label"] == "红色"
    assert red["properties"]["gas_hazard"] is True and "燃气安全隐患" in red["properties"]["problems"]
    assert red["properties"]["accuracy_m"] == 4.7
    pipe = features[ids["pipe"]]["properties"]
    assert pipe["colour"] is None and pipe["colour_label"] == "未标色"
    assert pipe["renewal_due"] is True and pipe["gas_hazard"] is None, "a flag the survey does not judge is null"


def read_gpkg_points(path):
    """Read the layer the way the GeoPackage spec describes it, decoding each geometry blob."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x47504B47
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 10400
        srs = {row["srs_id"]: row for row in connection.execute("SELECT * FROM gpkg_spatial_ref_sys")}
        assert set(srs) == {4326, 0, -1} and srs[4326]["organization"] == "EPSG"
        contents = connection.execute("SELECT * FROM gpkg_contents").fetchall()
        assert [(c["data_type"], c["srs_id"]) for c in contents] == [("features", 4326)]
        table = contents[0]["table_name"]
        geometry = connection.execute("SELECT * FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchone()
        assert (geometry["geometry_type_name"], geometry["srs_id"], geometry["z"], geometry["m"]) == ("POINT", 4326, 0, 0)
        rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
        return contents[0], [(decode_point(row[geometry["column_name"]]), dict(row)) for row in rows]


def decode_point(blob: bytes) -> tuple[float, float]:
    magic, version, flags = blob[:2], blob[2], blob[3]
    assert magic == b"GP" and version == 0
    order = "<" if flags & 1 else ">"
    envelope_sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    (srs_id,) = struct.unpack(order + "i", blob[4:8])
    assert srs_id == 4326
    wkb = blob[8 + envelope_sizes[(flags >> 1) & 0b111]:]
    wkb_order = "<" if wkb[0] == 1 else ">"
    kind, x, y = struct.unpack(wkb_order + "Idd", wkb[1:21])
    assert kind == 1
    return x, y


def test_geopackage_follows_the_spec_and_holds_the_coordinates(survey_db, catalog, tmp_path):
    db, ids = survey_db
    result = export_map(db, catalog, RecordFilter(district="渝中区"), "gpkg", tmp_path / "问题地图.gpkg")
    contents, points = read_gpkg_points(result.path)
    by_id = {row["record_id"]: (xy, row) for xy, row in points}
    assert set(by_id) == {ids["red"], ids["gcj"], ids["pipe"]}
    (x, y), red = by_id[ids["red"]]
    assert (x, y) == (RED_FIX["lon"], RED_FIX["lat"])
    assert (red["colour"], red["gas_hazard"], red["accuracy_m"], red["survey"]) == ("red", 1, 4.7, "房屋安全")
    gcj_xy, _ = by_id[ids["gcj"]]
    assert gcj_xy == pytest.approx(gcj02_to_wgs84(TYPED_GCJ["lat"], TYPED_GCJ["lon"])[::-1])
    xs, ys = [xy[0] for xy, _ in points], [xy[1] for xy, _ in points]
    assert (contents["min_x"], contents["min_y"], contents["max_x"], contents["max_y"]) == (min(xs), min(ys),
                                                                                          max(xs), max(ys))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(survey_db, catalog, tmp_path, monkeypatch):
    db, _ids = survey_db
    out = tmp_path / "old.gpkg"
    out.write_bytes(b"old")
    with monkeypatch.context() as patch:
        patch.setattr(geopackage, "geometry_blob", lambda *_args: (_ for _ in ()).throw(OSError(28, "磁盘已满")))
        with pytest.raises(MapError) as full:
            export_map(db, catalog, None, "gpkg", out)
    assert full.value.code == "map-001" and "磁盘已满" in str(full.value)
    with pytest.raises(MapError) as refused:
        export_map(db, catalog, None, "gpkg", tmp_path / "missing" / "new.gpkg")
    assert refused.value.code == "map-001"
    (tmp_path / "dir.geojson").mkdir()
    with pytest.raises(MapError):
        export_map(db, catalog, None, "geojson", tmp_path / "dir.geojson")
    assert out.read_bytes() == b"old"
    assert not [p.name for p in tmp_path.rglob("*.part*")]


def test_the_command_exports_lists_skipped_records_and_refuses_unknown_surveys(survey_db, tmp_path, capsys):
    db, _ids = survey_db
    out = tmp_path / "out.gpkg"
    assert main(["--db", str(db.path), "map-export", "--format", "gpkg", "--out", str(out),
                 "--street", "解放碑街道", "--form", "房屋安全"]) == 0
    printed = capsys.readouterr()
    assert f"已导出 2 个调查点到 {out}" in printed.out
    assert "1 条记录没有坐标，未上图：A-3" in printed.err
    assert len(read_gpkg_points(out)[1]) == 2
    assert main(["--db", str(db.path), "map-export", "--format", "geojson", "--out", str(tmp_path / "x.geojson"),
                 "--form", "不存在"]) == 2
    assert "[map-003]" in capsys.readouterr().err
    assert not (tmp_path / "x.geojson").exists()
