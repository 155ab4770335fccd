"""Sizes, spacing, fonts and colours of the desktop app, in one place."""

from __future__ import annotations

from types import MappingProxyType

# Spacing and margins (pixels).
NO_SPACING = 0
SMALL_SPACING = 4
SPACING = 8
LARGE_SPACING = 16
MARGIN = 8
PAGE_MARGIN = 16

# Sizes.
MIN_WINDOW_SIZE = (1024, 700)
DEFAULT_WINDOW_SIZE = (1366, 768)
SIDE_LIST_WIDTH = 210
FINDINGS_WIDTH = 300
FIELD_LABEL_WIDTH = 190
INPUT_WIDTH = 260
WIDE_INPUT_WIDTH = 420
THUMBNAIL_SIZE = 96
TOUCH_HEIGHT = 32            # buttons and inputs comfortable for a finger
LIST_PAGE_SIZE = 200         # records fetched per lazy page

# Fonts: the first CJK family found is used for the whole app.
CJK_FONT_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
    "WenQuanYi Micro Hei", "Source Han Sans SC", "SimHei",
)
BASE_POINT_SIZE = 10
TITLE_POINT_SIZE = 14

# Colours.
ERROR_COLOUR = "#c0392b"
HINT_COLOUR = "#6b7280"
NOTE_BACKGROUND = "#eef4fb"
CALCULATED_COLOUR = "#1d4ed8"
COMPLETE_COLOUR = "#15803d"
EMPTY_COLOUR = "#9ca3af"
FINAL_COLOUR = "#15803d"
DRAFT_COLOUR = "#b45309"

GRADE_COLOURS = MappingProxyType({
    "red": "#dc2626", "orange": "#ea580c", "yellow": "#ca8a04", "green": "#16a34a",
})

SECTION_MARKS = MappingProxyType({"complete": "✓", "errors": "⚠", "empty": "○"})
SECTION_MARK_COLOURS = MappingProxyType({
    "complete": COMPLETE_COLOUR, "errors": ERROR_COLOUR, "empty": EMPTY_COLOUR,
})

STATUS_LABELS = MappingProxyType({"draft": "草稿", "final": "已定稿"})
TASK_STATUS_LABELS = MappingProxyType({"todo": "待调查", "in_progress": "调查中", "done": "已完成"})

# Keyboard shortcuts.
NEXT_SECTION_KEYS = ("Ctrl+PgDown", "Alt+Right")
PREVIOUS_SECTION_KEYS = ("Ctrl+PgUp", "Alt+Left")
NEW_RECORD_KEY = "Ctrl+N"
FIND_KEY = "Ctrl+F"
FINALIZE_KEY = "Ctrl+Shift+F"
UNDO_KEY = "Ctrl+Z"
REDO_KEY = "Ctrl+Shift+Z"

# Choice lists this long or longer show as a combo box instead of radio buttons.
RADIO_LIMIT = 6

# The map: point size in screen pixels, and the colour of points with no colour label (never green).
MAP_POINT_SIZE = 12
MAP_NO_COLOUR = "#9ca3af"
MAP_LABEL_COLOUR = "#1f2937"
MAP_STREET_LABEL_COLOUR = "#4b5563"
MAP_BACKGROUND = "#f8fafc"
