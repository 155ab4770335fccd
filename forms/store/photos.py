"""Photos stored once by content hash, each with a small JPEG thumbnail."""

from __future__ import annotations

import hashlib
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlmodel import Session, select

from forms.size_limits import MAX_PHOTO_PIXELS
from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.errors import store_error
from forms.store.tables import Photo, RecordPhoto

THUMBNAIL_SIZE = 320
THUMBNAIL_QUALITY = 80


def add_photo(db: Database, data: bytes) -> str:
    """Store `data` unless already present and return its sha256 hex digest."""
    with db.session() as session:
        sha256, _added = add_photo_in(session, data)
    return sha256


def add_photo_in(session: Session, data: bytes, where: str = "") -> tuple[str, bool]:
    """Add `data` to the session's transaction unless the store has it; return its sha256 and whether it was added.

    `where` names the photo in a refusal (e.g. the file it came from).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    if session.get(Photo, sha256) is not None:
        return sha256, False
    session.add(_make_photo(sha256, data, where))
    return sha256, True


def photo_bytes(db: Database, sha256: str, thumbnail: bool = False) -> bytes:
    """Return the photo's original bytes, or its JPEG thumbnail."""
    with db.session() as session:
        photo = session.get(Photo, sha256)
        if photo is None:
            raise store_error("store-009", sha256=sha256)
        return photo.thumbnail if thumbnail else photo.data


def has_photo(db: Database, sha256: str) -> bool:
    """Tell whether the photo with `sha256` is in the store."""
    with db.session() as session:
        return session.get(Photo, sha256) is not None


def record_photos(db: Database, record_id: str) -> list[str]:
    """Return the sha256 of every photo linked to the record, sorted."""
    with db.session() as session:
        query = select(RecordPhoto.sha256).where(RecordPhoto.record_id == record_id)
        return sorted(session.exec(query).all())


def _make_photo(sha256: str, data: bytes, where: str = "") -> Photo:
    try:
        with Image.open(BytesIO(data)) as image:
            _check_pixels(image, where)
            image.load()
            mime = Image.MIME.get(image.format or "", "application/octet-stream")
            upright = ImageOps.exif_transpose(image)
            thumbnail = _thumbnail_jpeg(upright)
            width, height = upright.size
    except Image.DecompressionBombError as error:     # twice Pillow's own limit: refused while opening
        raise store_error("store-016", where, limit=MAX_PHOTO_PIXELS // 1_000_000, detail=error) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise store_error("store-006", where, detail=str(error)) from error
    return Photo(
        sha256=sha256, data=data, thumbnail=thumbnail, mime=mime,
        width=width, height=height, created_at=utc_now(),
    )


def _check_pixels(image: Image.Image, where: str) -> None:
    """Refuse a photo whose header declares more than MAX_PHOTO_PIXELS, before decoding it."""
    width, height = image.size
    if width * height > MAX_PHOTO_PIXELS:
        raise store_error("store-016", where, limit=MAX_PHOTO_PIXELS // 1_000_000, detail=f"{width}×{height} 像素")


def _thumbnail_jpeg(image: Image.Image) -> bytes:
    small = _flatten(image)
    small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    out = BytesIO()
    small.save(out, format="JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB copy, painting any transparency on white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
