"""Small generated photos for demo records: a facade with windows and a caption colour."""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw

PHOTO_SIZE = (480, 360)


def demo_photo(rng: random.Random) -> bytes:
    """Draw a building facade with a grid of windows and a crack line, as JPEG bytes."""
    width, height = PHOTO_SIZE
    sky = tuple(rng.randint(150, 210) for _ in range(3))
    wall = tuple(rng.randint(120, 220) for _ in range(3))
    image = Image.new("RGB", PHOTO_SIZE, sky)
    draw = ImageDraw.Draw(image)
    left, top = rng.randint(40, 120), rng.randint(30, 90)
    draw.rectangle((left, top, width - left, height), fill=wall)
    for row in range(top + 20, height - 30, 50):
        for column in range(left + 20, width - left - 30, 45):
            draw.rectangle((column, row, column + 25, row + 30), fill=(60, 80, 110))
    crack = [(rng.randint(left, width - left), rng.randint(top, height)) for _ in range(4)]
    draw.line(crack, fill=(40, 30, 30), width=3)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()
