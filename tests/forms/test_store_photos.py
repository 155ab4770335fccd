"""Photos: stored once by content, with a small JPEG thumbnail; non-images refused."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from PIL import Image
from sqlmodel import select

from forms.store.database import open_database
from forms.store.errors import StoreError
from forms.store.photos import add_photo, has_photo, photo_bytes, record_photos
from forms.store.tables import Photo


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "photos.sqlite3")
    yield database
    database.close()


def image_bytes(size=(800, 600), fmt="PNG", mode="RGB", colour="red") -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt)
    return out.getvalue()


def test_add_photo_returns_the_content_hash_and_keeps_the_bytes(db):
    data = image_bytes()
    sha = add_photo(db, data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert photo_bytes(db, sha) == data
    assert has_photo(db, sha)


def test_same_content_is_stored_once(db):
    data = image_bytes(fmt="JPEG")
    assert add_photo(db, data) == add_photo(db, bytes(data))
    with db.session() as session:
        assert len(session.exec(select(Photo)).all()) == 1
    assert add_photo(db, image_bytes(fmt="JPEG", colour="blue")) != add_photo(db, data)


def test_thumbnail_is_a_jpeg_within_320_px_keeping_the_aspect(db):
    sha = add_photo(db, image_bytes(size=(1600, 900), mode="RGBA", colour=(0, 128, 0, 100)))
    with Image.open(BytesIO(photo_bytes(db, sha, thumbnail=True))) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == (320, 180)
    with db.session() as session:
        photo = session.get(Photo, sha)
        assert (photo.width, photo.height, photo.mime) == (1600, 900, "image/png")


def test_small_photo_is_not_enlarged(db):
    sha = add_photo(db, image_bytes(size=(40, 30), fmt="JPEG"))
    with Image.open(BytesIO(photo_bytes(db, sha, thumbnail=True))) as thumb:
        assert thumb.size == (40, 30)


def test_non_image_is_refused_with_store_006(db):
    with pytest.raises(StoreError) as caught:
        add_photo(db, b"%PDF-1.7 not a photo")
    assert caught.value.code == "store-006"
    assert not has_photo(db, hashlib.sha256(b"%PDF-1.7 not a photo").hexdigest())


def test_truncated_image_is_refused_with_store_006(db):
    with pytest.raises(StoreError) as caught:
        add_photo(db, image_bytes(fmt="JPEG")[:200])
    assert caught.value.code == "store-006"


def test_unknown_photo_is_store_009(db):
    with pytest.raises(StoreError) as caught:
        photo_bytes(db, "0" * 64)
    assert caught.value.code == "store-009"


def test_record_without_photos_has_none(db):
    assert record_photos(db, "no-such-record") == []
