"""Find and register the CJK TrueType font a report is typeset in."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from reports.pdf.errors import report_error

FONT_ENV = "CITYCHECK_REPORT_FONT"
FONT_SETTING = "report_font_path"
CID_FALLBACK_FONT = "STSong-Light"

# Preferred body fonts, best first: 微软雅黑, 宋体, 黑体 on Windows.
WINDOWS_BODY_FONTS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "simkai.ttf")
LINUX_BODY_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
# Fonts that cover rare characters (CJK Extension A/B, recent additions), tried per character.
WINDOWS_COVERAGE_FONTS = ("simsunb.ttf", "simsun.ttc", "msyh.ttc", "simhei.ttf", "mingliub.ttc")
LINUX_COVERAGE_FONTS = (
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
TRUETYPE_FLAVOURS = (b"\x00\x01\x00\x00", b"true")


@dataclass(frozen=True)
class FontSource:
    """A font file and, for a collection (.ttc), the index of the face in it."""

    path: Path
    index: int = 0

    @property
    def font_name(self) -> str:
        """Return the name the face is registered under in reportlab."""
        return f"CJK-{self.path.stem}-{self.index}"


def sfnt_flavour(source: FontSource) -> bytes:
    """Return the outline flavour tag of a font face: TrueType or b'OTTO' for CFF."""
    with source.path.open("rb") as handle:
        head = handle.read(12)
        if head[:4] != b"ttcf":
            return head[:4]
        count = struct.unpack(">I", head[8:12])[0]
        if source.index >= count:
            return b""
        handle.seek(12 + 4 * source.index)
        offset = struct.unpack(">I", handle.read(4))[0]
        handle.seek(offset)
        return handle.read(4)


def is_truetype_outline(source: FontSource) -> bool:
    """Tell whether reportlab can embed the face (TrueType outlines, not CFF)."""
    try:
        return sfnt_flavour(source) in TRUETYPE_FLAVOURS
    except OSError:
        return False


def windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def fontconfig_fonts(pattern: str, *, truetype_only: bool = True) -> list[FontSource]:
    """Return the faces fontconfig lists for `pattern` (empty without fc-list)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        listing = subprocess.run(
            ["fc-list", pattern, "file", "index", "fontformat"], capture_output=True,
            text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    sources = []
    for line in listing.splitlines():
        source = _parse_fc_line(line, truetype_only)
        if source is not None and source not in sources:
            sources.append(source)
    return sources


def _parse_fc_line(line: str, truetype_only: bool) -> FontSource | None:
    # Line shape: "/path/font.ttc: :index=0:fontformat=TrueType"
    path, _, rest = line.partition(": ")
    attributes = dict(part.split("=", 1) for part in rest.split(":") if "=" in part)
    if truetype_only and attributes.get("fontformat", "TrueType") != "TrueType":
        return None
    return FontSource(Path(path), int(attributes.get("index", "0") or 0))


def body_font_candidates() -> list[FontSource]:
    """Return the system's CJK body fonts, preferred ones first."""
    fonts_dir = windows_fonts_dir()
    if fonts_dir is not None:
        return [FontSource(fonts_dir / name) for name in WINDOWS_BODY_FONTS]
    known = [FontSource(Path(path)) for path in LINUX_BODY_FONTS]
    return known + fontconfig_fonts(":lang=zh")


def coverage_font_candidates() -> list[FontSource]:
    """Return fonts worth trying for characters the body font lacks."""
    fonts_dir = windows_fonts_dir()
    if fonts_dir is not None:
        return [FontSource(fonts_dir / name) for name in WINDOWS_COVERAGE_FONTS]
    return [FontSource(Path(path)) for path in LINUX_COVERAGE_FONTS]


def find_cjk_font(choice: str | Path | None = None) -> FontSource | None:
    """Return the font to typeset in: `choice`, then $CITYCHECK_REPORT_FONT, then the system's."""
    chosen = choice or os.environ.get(FONT_ENV)
    if chosen:
        return parse_font_choice(chosen)
    for source in body_font_candidates():
        if source.path.is_file() and is_truetype_outline(source):
            return source
    return None


def parse_font_choice(choice: str | Path) -> FontSource:
    """Turn "path" or "path#index" into a checked FontSource (report-001 when unusable)."""
    text = str(choice)
    path_text, _, index_text = text.rpartition("#") if "#" in text else (text, "", "0")
    source = FontSource(Path(path_text).expanduser(), int(index_text or 0) if index_text.isdigit() else 0)
    if not source.path.is_file():
        raise report_error("report-001", str(source.path), path=source.path.name, detail="文件不存在")
    if not is_truetype_outline(source):
        raise report_error("report-001", str(source.path), path=source.path.name,
                           detail="不是 TrueType 轮廓字体（CFF/OpenType 字体无法嵌入）")
    return source


@lru_cache(maxsize=None)
def register_truetype(source: FontSource) -> ttfonts.TTFont:
    """Register the face once per process and return it (report-001 when reportlab refuses it)."""
    _install_utf16_to_unicode()
    try:
        font = ttfonts.TTFont(source.font_name, str(source.path), subfontIndex=source.index)
    except (ttfonts.TTFError, OSError, struct.error) as error:
        raise report_error("report-001", str(source.path), path=source.path.name, detail=error) from error
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=None)
def register_cid_fallback() -> str:
    """Register reportlab's built-in (not embedded) STSong-Light and return its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK_FONT))
    return CID_FALLBACK_FONT


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Write a ToUnicode CMap whose characters beyond U+FFFF are UTF-16 surrogate pairs."""
    entries = [f"<{code:02X}> <{_utf16_hex(value)}>" for code, value in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop",
        "end", "end",
    ])


def _utf16_hex(value: int) -> str:
    return chr(value).encode("utf-16-be", "surrogatepass").hex().upper() if value > 0xFFFF else f"{value:04X}"


def _install_utf16_to_unicode() -> None:
    # reportlab writes characters beyond the BMP (e.g. 𠮷) as 5-digit hex, which no PDF
    # reader can decode; its module function is swapped for a correct one, once.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
