"""The size limits on what CityCheck takes in, in one place: files, sheets, cells and photos.

A small file can stand for a huge amount of work: a 9 MB workbook that inflates to 4 GiB (a "zip
bomb"), a sheet of a million rows, a 50 MB cell, or a JPEG whose header claims 12000 × 12000
pixels. The readers would build all of it in memory. These limits are checked before that:
the workbook ones by `reports.excel.read.input_limits` (import and merge), the photo one by
`forms.store.photos` (photos added in the app or shipped in a .zip export). Each is well above
what a real survey produces, so only a damaged or hostile file meets one.
"""

from __future__ import annotations

# Workbooks (.xlsx, alone or inside a .zip export)
MAX_COMPRESSION_RATIO = 250            # sheet XML packs 8-12 times; a part packed tighter is a zip bomb
RATIO_CHECKED_FROM = 16 * 1024 ** 2    # parts smaller than this may pack tighter, harmlessly
MAX_INFLATED_BYTES = 3 * 1024 ** 3     # a 100,000-record export inflates to about 500 MB
MAX_SHEET_ROWS = 600_000               # Excel allows 1,048,576; far fewer exhaust python-calamine's memory
MAX_SHEET_CELLS = 40_000_000           # 100,000 records of the widest survey hold about 10 million
MAX_CELL_CHARS = 32_767                # Excel's own limit for the text of one cell

# Photos
MAX_PHOTO_PIXELS = 80_000_000          # a 48-megapixel phone photo is 8064 × 6048; Pillow warns from 89 million
