"""Photos stored once by content hash, each with a small JPEG thumbnail."""

from __future__ import annotations

import hashlib
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from forms.size_limits import MAX_PHOTO_PIXELS
from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.errors import store_error
from forms.store.tables import Photo, RecordPhoto

THUMBNAIL_SIZE = 320
THUMBNAIL_QUALITY = 80
CHUNK = 500          # ids per IN (...) query, well under SQLite's parameter limit


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


def photos_present(session: Session, shas: set[str]) -> set[str]:
    """Return those of `shas` the store holds."""
    if not shas:
        return set()
    return set(session.exec(select(Photo.sha256).where(col(Photo.sha256).in_(shas))).all())


def photo_files(db: Database, shas: Iterable[str]) -> Iterator[tuple[str, str | None, bytes | None]]:
    """Yield (sha256, mime, bytes) of each photo in turn, one at a time; mime and bytes are None when missing."""
    with db.engine.connect() as connection:
        for sha in shas:
            photo = connection.execute(select(Photo.data, Photo.mime).where(Photo.sha256 == sha)).first()
            yield (sha, None, None) if photo is None else (sha, photo.mime, photo.data)


def photos_by_sha(db: Database, shas: Sequence[str], thumbnail: bool = True) -> dict[str, bytes]:
    """Return the thumbnails (or originals) of the photos in the store, several in one query; missing ones left out."""
    column = Photo.thumbnail if thumbnail else Photo.data
    wanted = sorted(set(shas))
    found: dict[str, bytes] = {}
    with db.session() as session:
        for start in range(0, len(wanted), CHUNK):
            query = select(Photo.sha256, column).where(col(Photo.sha256).in_(wanted[start:start + CHUNK]))
            found.update({sha: data for sha, data in session.exec(query).all()})
    return found


def photo_counts(db: Database, record_ids: Sequence[str]) -> dict[str, int]:
    """Return how many photos each record links to; records without photos are left out."""
    counts: dict[str, int] = {}
    with db.session() as session:
        for start in range(0, len(record_ids), CHUNK):
            chunk = record_ids[start:start + CHUNK]
            query = (select(RecordPhoto.record_id, func.count()).where(col(RecordPhoto.record_id).in_(chunk))
                     .group_by(col(RecordPhoto.record_id)))
            counts.update({record_id: int(n) for record_id, n in session.exec(query).all()})
    return counts


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
