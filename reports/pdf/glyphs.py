"""Typeset text so no character becomes a missing-glyph box: per-character font fallback."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from reports.pdf.errors import ReportError
from reports.pdf.fonts import (
    FontSource,
    coverage_font_candidates,
    find_cjk_font,
    fontconfig_fonts,
    is_truetype_outline,
    register_cid_fallback,
    register_truetype,
)

# The traditional typesetter's mark for a character no font has (缺字符号).
MISSING_MARK = "〓"
RASTER_PIXELS = 96
LAST_BMP = 0xFFFF
LAYOUT_CHARACTERS = "\n\t"   # handled by the layout, never drawn as glyphs


class CoverageFont:
    """A registered font and the code points it has glyphs for (None: unknown, assume the BMP)."""

    def __init__(self, name: str, charmap: frozenset[int] | None, source: FontSource | None) -> None:
        self.name = name
        self.charmap = charmap
        self.source = source

    def covers(self, code: int) -> bool:
        if self.charmap is None:
            return code <= LAST_BMP
        return code in self.charmap

    @classmethod
    def truetype(cls, source: FontSource) -> CoverageFont:
        font = register_truetype(source)
        return cls(source.font_name, frozenset(font.face.charToGlyph), source)


class ReportFonts:
    """The body font of a report and the per-character fallback that keeps rare characters visible."""

    def __init__(self, body: CoverageFont, coverage: Sequence[FontSource] = (),
                 glyph_sources: Callable[[int], list[FontSource]] | None = None) -> None:
        """`coverage`: fonts tried first for characters the body lacks; `glyph_sources(code)`: any font
        files having that character (TrueType ones are embedded, others rasterised)."""
        self.body = body
        self._coverage_sources = [source for source in coverage if source != body.source]
        self._coverage_fonts: list[CoverageFont] | None = None
        self._glyph_sources = glyph_sources or _fontconfig_sources_for
        self._choice: dict[int, str] = {}

    @property
    def name(self) -> str:
        return self.body.name

    @property
    def embedded(self) -> bool:
        return self.body.source is not None

    @property
    def choice(self) -> str | None:
        """The font choice that gives these fonts again in another process ("path#index", None: automatic)."""
        source = self.body.source
        return f"{source.path}#{source.index}" if source is not None else None

    def markup(self, text: object, size: float) -> str:
        """Return paragraph markup for `text`: escaped, rare characters wrapped in a covering font."""
        plain = "" if text is None else str(text)
        if self.covers(plain):
            return escape(plain)
        return "".join(self._character(ch, size) for ch in plain)

    def covers(self, text: str) -> bool:
        """Tell whether the body font has every character of `text`."""
        return all(self.body.covers(ord(ch)) or ch in LAYOUT_CHARACTERS for ch in text)

    def single_font(self, text: object) -> tuple[str, str]:
        """Return (font name, text) for drawing `text` in one font, as chart labels are drawn."""
        plain = "" if text is None else str(text)
        if self.covers(plain):
            return self.name, plain
        for font in self._loaded_coverage_fonts():
            if all(font.covers(ord(ch)) for ch in plain):
                return font.name, plain
        return self.name, "".join(ch if self.body.covers(ord(ch)) else MISSING_MARK for ch in plain)

    def _character(self, ch: str, size: float) -> str:
        code = ord(ch)
        if self.body.covers(code) or ch in LAYOUT_CHARACTERS:
            return escape(ch)
        choice = self._choice.get(code)
        if choice is None:
            choice = self._choice[code] = self._choose(code)
        if choice.startswith("font:"):
            return f'<font name="{choice[5:]}">{escape(ch)}</font>'
        if choice.startswith("raster:"):
            return _image_tag(choice[7:], code, size)
        return escape(MISSING_MARK)

    def _choose(self, code: int) -> str:
        for font in self._loaded_coverage_fonts():
            if font.covers(code):
                return f"font:{font.name}"
        for source in self._glyph_sources(code):
            if is_truetype_outline(source) and _registers(source):
                font = CoverageFont.truetype(source)
                if font.covers(code):
                    self._loaded_coverage_fonts().append(font)
                    return f"font:{font.name}"
            elif _pillow_has_glyph(source, code):
                return f"raster:{source.path}#{source.index}"
        return "missing"

    def _loaded_coverage_fonts(self) -> list[CoverageFont]:
        if self._coverage_fonts is None:
            self._coverage_fonts = [
                CoverageFont.truetype(source) for source in self._coverage_sources
                if source.path.is_file() and is_truetype_outline(source) and _registers(source)
            ]
        return self._coverage_fonts


def _registers(source: FontSource) -> bool:
    try:
        register_truetype(source)
    except ReportError:
        return False
    return True


def _fontconfig_sources_for(code: int) -> list[FontSource]:
    """Any font fontconfig knows for the character, CFF included: they can still be rasterised."""
    return fontconfig_fonts(f":charset={code:x}", truetype_only=False)


def _pillow_has_glyph(source: FontSource, code: int) -> bool:
    try:
        font = _pillow_font(str(source.path), source.index)
    except OSError:
        return False
    left, top, right, bottom = font.getbbox(chr(code))
    return right > left and bottom > top


@lru_cache(maxsize=8)
def _pillow_font(path: str, index: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=RASTER_PIXELS, index=index)


@lru_cache(maxsize=256)
def _glyph_png(font_ref: str, code: int) -> str:
    """Render one glyph, black on transparent, as a PNG data URI."""
    path, _, index = font_ref.rpartition("#")
    font = _pillow_font(path, int(index))
    image = Image.new("LA", (RASTER_PIXELS, RASTER_PIXELS), (0, 0))
    ImageDraw.Draw(image).text((0, RASTER_PIXELS * 0.88), chr(code), font=font, fill=(0, 255), anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _image_tag(font_ref: str, code: int, size: float) -> str:
    # Sized to the em square and dropped by the descent, so the picture sits on the text's baseline.
    return (f'<img src="{_glyph_png(font_ref, code)}" width="{size:.2f}" height="{size:.2f}" '
            f'valign="{-0.12 * size:.2f}"/>')


@lru_cache(maxsize=None)
def load_report_fonts(choice: str | None = None) -> ReportFonts:
    """Register the report font once per process: `choice`, else the system's CJK font, else STSong-Light."""
    source = find_cjk_font(choice)
    coverage = coverage_font_candidates()
    if source is None:
        return ReportFonts(CoverageFont(register_cid_fallback(), None, None), coverage)
    return ReportFonts(CoverageFont.truetype(source), coverage)


def report_fonts(choice: str | Path | None = None) -> ReportFonts:
    """Return the cached fonts for a font file choice (None: automatic)."""
    return load_report_fonts(str(choice) if choice else None)
