"""The deflate codec of the big sheets: ISA-L (python-isal) where it is installed, else zlib.

ISA-L deflates sheet XML about four times as fast as zlib and inflates it about five times as
fast, with zlib's API. python-isal has wheels for Windows x64, Linux and macOS; Windows on ARM
has none, so there it is not installed (see pyproject.toml) and zlib does the same work, slower.
Callers look up `codec` when they use it, so a test can run them on either.
"""

from __future__ import annotations

try:
    from isal import isal_zlib as codec
except ImportError:  # pragma: no cover - only where python-isal has no wheel
    import zlib as codec

LEVEL = 1     # ISA-L knows levels 0 to 3; its 1 packs sheet XML a little tighter than zlib's 1

__all__ = ["LEVEL", "codec"]
