"""Printed answers: a GPS point names its accuracy; a typed one prints as before."""

from __future__ import annotations

from reports.pdf.answers import geopoint_text


def test_a_gps_fix_prints_its_accuracy_and_a_typed_point_does_not():
    typed = {"lat": 29.563, "lon": 106.5516, "crs": "WGS-84"}
    assert geopoint_text(typed) == "北纬 29.563000°，东经 106.551600°（WGS-84）"
    assert geopoint_text({**typed, "accuracy_m": 4.5}) == "北纬 29.563000°，东经 106.551600°（WGS-84），定位精度 ±4.5 米"
