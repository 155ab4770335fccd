"""When and where a photo was taken, read from the EXIF data kept in its stored original bytes.

Photos are stored byte for byte as added, so a camera's EXIF time and GPS position travel
with the photo (into exports with photos, too); nothing is copied into other columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from PIL import ExifTags, Image, UnidentifiedImageError

from forms.store.database import Database
from forms.store.photos import photo_bytes

EXIF_TIME_FORMAT = "%Y:%m:%d %H:%M:%S"
CAMERA_JPEG_QUALITY = 90
TIME_TAGS = ((ExifTags.Base.DateTimeOriginal, ExifTags.Base.OffsetTimeOriginal),
             (ExifTags.Base.DateTime, ExifTags.Base.OffsetTime))


@dataclass(frozen=True)
class PhotoMetadata:
    """The EXIF capture time (local to the camera, or aware when the offset is known) and GPS position."""

    taken_at: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None

    def describe(self) -> str:
        """Return a line for the person: capture time and position, or that the photo has neither."""
        parts = []
        if self.taken_at is not None:
            shown = self.taken_at.astimezone() if self.taken_at.tzinfo else self.taken_at
            parts.append(f"拍摄时间 {shown:%Y-%m-%d %H:%M}")
        if self.has_position:
            parts.append(f"GPS {self.lat:.6f}, {self.lon:.6f}")
        return " · ".join(parts) if parts else "照片未记录拍摄时间和位置"


def read_metadata(data: bytes) -> PhotoMetadata:
    """Return the capture time and GPS position in the image's EXIF; empty when it has none."""
    try:
        with Image.open(BytesIO(data)) as image:
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return PhotoMetadata()
    lat, lon = _position(exif.get_ifd(ExifTags.IFD.GPSInfo))
    return PhotoMetadata(taken_at=_capture_time(exif), lat=lat, lon=lon)


def photo_metadata(db: Database, sha256: str) -> PhotoMetadata:
    """Return the metadata of a stored photo."""
    return read_metadata(photo_bytes(db, sha256))


def camera_jpeg(image_data: bytes, taken_at: dt.datetime) -> bytes:
    """Encode a camera still as JPEG carrying its capture time (local time with its UTC offset)."""
    local = taken_at.astimezone()
    with Image.open(BytesIO(image_data)) as image:
        rgb = image.convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.DateTime] = local.strftime(EXIF_TIME_FORMAT)
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = local.strftime(EXIF_TIME_FORMAT)
    details[ExifTags.Base.OffsetTimeOriginal] = _offset_text(local)
    out = BytesIO()
    rgb.save(out, format="JPEG", quality=CAMERA_JPEG_QUALITY, exif=exif)
    return out.getvalue()


def _capture_time(exif: Image.Exif) -> dt.datetime | None:
    details = exif.get_ifd(ExifTags.IFD.Exif)
    for time_tag, offset_tag in TIME_TAGS:
        text = details.get(time_tag) or exif.get(time_tag)
        if not isinstance(text, str):
            continue
        try:
            moment = dt.datetime.strptime(text.strip("\x00 "), EXIF_TIME_FORMAT)
        except ValueError:
            continue  # cameras write "0000:00:00 00:00:00" when the clock was never set
        return _with_offset(moment, details.get(offset_tag))
    return None


def _with_offset(moment: dt.datetime, offset: object) -> dt.datetime:
    if not isinstance(offset, str):
        return moment
    try:
        return dt.datetime.strptime(f"{moment:%Y-%m-%d %H:%M:%S} {offset.strip()}", "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return moment


def _position(gps: dict) -> tuple[float | None, float | None]:
    lat = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), "S")
    lon = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), "W")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _degrees(parts: object, ref: object, negative_ref: str) -> float | None:
    """Turn EXIF (degrees, minutes, seconds) rationals into signed decimal degrees."""
    try:
        degrees, minutes, seconds = (float(part) for part in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    return -value if isinstance(ref, str) and ref.strip().upper() == negative_ref else value


def _offset_text(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
