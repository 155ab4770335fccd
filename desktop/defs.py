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
MIN_WINDOW_SIZE = (1000, 600)     # fits a 1366×768 screen with a taskbar and a title bar
DEFAULT_WINDOW_SIZE = (1366, 768)  # shrunk to the screen's free area when smaller
WINDOW_FRAME_ALLOWANCE = (16, 40)  # width and height of a window's borders and title bar
SIDE_LIST_WIDTH = 210
FINDINGS_WIDTH = 300
FIELD_LABEL_WIDTH = 190
INPUT_WIDTH = 260
WIDE_INPUT_WIDTH = 420
THUMBNAIL_SIZE = 96
TOUCH_HEIGHT = 32            # buttons and inputs comfortable for a finger
TABLET_TOUCH_HEIGHT = 44     # tablet mode: the 44 px touch target of the platform guidelines
TABLET_INDICATOR_SIZE = 28   # tablet mode: check box and radio button indicators
INDICATOR_SIZE = 16          # check box and radio button indicators drawn for the dark palettes
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
CALCULATED_COLOUR = "#1d4ed8"
COMPLETE_COLOUR = "#15803d"
EMPTY_COLOUR = "#9ca3af"
FINAL_COLOUR = "#15803d"
DRAFT_COLOUR = "#b45309"

GRADE_COLOURS = MappingProxyType({
    "red": "#dc2626", "orange": "#ea580c", "yellow": "#ca8a04", "green": "#16a34a",
})

# Palettes (设置 › 配色). "light" keeps the style's own palette; the others set every role.
# `tones` are the colours above as each palette draws them: a widget built with a light
# colour (e.g. HINT_COLOUR) is shown in the current palette's tone of the same name.
LIGHT_TONES = MappingProxyType({
    "error": ERROR_COLOUR, "hint": HINT_COLOUR, "calculated": CALCULATED_COLOUR,
    "complete": COMPLETE_COLOUR, "empty": EMPTY_COLOUR, "draft": DRAFT_COLOUR,
    "error_background": "#fde2e2", "chart_bar": "#2563eb", "chart_axis": "#6b7280",
})
PALETTES = MappingProxyType({
    "light": MappingProxyType({"label": "浅色", "roles": MappingProxyType({}), "tones": LIGHT_TONES}),
    "dark": MappingProxyType({
        "label": "深色",
        "roles": MappingProxyType({
            "Window": "#2b2d30", "WindowText": "#e6e6e6", "Base": "#3a3d42", "AlternateBase": "#34373b",
            "Text": "#e6e6e6", "Button": "#3a3c40", "ButtonText": "#e6e6e6", "BrightText": "#ffffff",
            "Highlight": "#3d7bd9", "HighlightedText": "#ffffff", "PlaceholderText": "#9aa0a6",
            "ToolTipBase": "#3a3c40", "ToolTipText": "#e6e6e6", "Link": "#8ab4f8", "LinkVisited": "#c58af9",
            "Light": "#55585e", "Midlight": "#44474c", "Mid": "#36383c", "Dark": "#1a1b1e", "Shadow": "#000000",
        }),
        "tones": MappingProxyType({
            "error": "#ff8a80", "hint": "#a8afb9", "calculated": "#8ab4f8", "complete": "#5fd38d",
            "empty": "#8b949e", "draft": "#f2b866", "error_background": "#5c2b2b",
            "chart_bar": "#5b9bf0", "chart_axis": "#a8afb9",
        }),
    }),
    "high_contrast": MappingProxyType({
        "label": "高对比度",
        "roles": MappingProxyType({
            "Window": "#000000", "WindowText": "#ffffff", "Base": "#000000", "AlternateBase": "#1a1a1a",
            "Text": "#ffffff", "Button": "#000000", "ButtonText": "#ffffff", "BrightText": "#ffffff",
            "Highlight": "#ffff00", "HighlightedText": "#000000", "PlaceholderText": "#d0d0d0",
            "ToolTipBase": "#000000", "ToolTipText": "#ffffff", "Link": "#00ffff", "LinkVisited": "#ff80ff",
            "Light": "#ffffff", "Midlight": "#c0c0c0", "Mid": "#ffffff", "Dark": "#ffffff", "Shadow": "#ffffff",
        }),
        "tones": MappingProxyType({
            "error": "#ff6b6b", "hint": "#e0e0e0", "calculated": "#00ffff", "complete": "#00ff66",
            "empty": "#c0c0c0", "draft": "#ffd000", "error_background": "#7a0000",
            "chart_bar": "#00ffff", "chart_axis": "#ffffff",
        }),
    }),
})
DISABLED_TEXT = MappingProxyType({"dark": "#7d8288", "high_contrast": "#a0a0a0"})

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
SETTINGS_KEY = "Ctrl+,"
SCAN_KEY = "Ctrl+B"
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
