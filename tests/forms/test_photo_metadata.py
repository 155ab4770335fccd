"""Photos keep their EXIF capture time and GPS position; camera stills get their time written."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from forms.store.database import open_database
from forms.store.photo_metadata import PhotoMetadata, camera_jpeg, photo_metadata, read_metadata
from forms.store.photos import add_photo


def exif_jpeg(*, taken: str | None = None, offset: str | None = None, gps: dict | None = None) -> bytes:
    exif = Image.Exif()
    if taken:
        details = exif.get_ifd(ExifTags.IFD.Exif)
        details[ExifTags.Base.DateTimeOriginal] = taken
        if offset:
            details[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    out = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def dms(degrees: int, minutes: int, seconds: float) -> tuple:
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(int(seconds * 100), 100))


CHONGQING_GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: dms(29, 33, 47.05),
    ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: dms(106, 34, 37.2),
}


def test_reads_capture_time_and_gps_position():
    meta = read_metadata(exif_jpeg(taken="2026:05:18 14:03:09", gps=CHONGQING_GPS))
    assert meta.taken_at == dt.datetime(2026, 5, 18, 14, 3, 9)
    assert meta.lat == pytest.approx(29.563069, abs=1e-6)
    assert meta.lon == pytest.approx(106.577, abs=1e-6)
    assert meta.describe() == "拍摄时间 2026-05-18 14:03 · GPS 29.563069, 106.577000"


def test_southern_and_western_positions_are_negative():
    gps = {**CHONGQING_GPS, ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLongitudeRef: "W"}
    meta = read_metadata(exif_jpeg(gps=gps))
    assert meta.lat < 0 and meta.lon < 0 and meta.taken_at is None


def test_an_offset_makes_the_time_aware():
    meta = read_metadata(exif_jpeg(taken="2026:05:18 14:03:09", offset="+08:00"))
    assert meta.taken_at == dt.datetime(2026, 5, 18, 6, 3, 9, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("data", [
    exif_jpeg(),                                           # no EXIF at all
    exif_jpeg(taken="0000:00:00 00:00:00"),                # a camera whose clock was never set
    exif_jpeg(gps={ExifTags.GPS.GPSLatitude: dms(29, 0, 0)}),  # latitude without longitude
    b"not an image",
])
def test_missing_or_broken_metadata_is_empty(data):
    assert read_metadata(data) == PhotoMetadata()
    assert PhotoMetadata().describe() == "照片未记录拍摄时间和位置"


def test_stored_photo_keeps_its_metadata(tmp_path):
    db = open_database(tmp_path / "p.sqlite3")
    try:
        sha = add_photo(db, exif_jpeg(taken="2026:05:18 14:03:09", gps=CHONGQING_GPS))
        assert photo_metadata(db, sha).has_position
    finally:
        db.close()


def test_camera_still_carries_its_capture_time():
    png = BytesIO()
    Image.new("RGB", (64, 48), "orange").save(png, format="PNG")
    moment = dt.datetime(2026, 5, 18, 6, 3, 9, tzinfo=dt.timezone.utc)
    data = camera_jpeg(png.getvalue(), moment)
    assert Image.open(BytesIO(data)).format == "JPEG"
    assert read_metadata(data).taken_at == moment
