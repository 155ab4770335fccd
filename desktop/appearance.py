"""Apply the 设置 preferences to the running app: text size, tablet-sized controls, palette.

Colours come from `defs.PALETTES` through palette roles and tones; sizes from `defs`.
Labels built by `builders.create_label` are restyled when the look changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

from desktop import defs
from forms.store.preferences import Preferences

TONE_OF_LIGHT_COLOUR = {colour.lower(): tone for tone, colour in defs.LIGHT_TONES.items()}
LABEL_STYLE_PROPERTY = "label_style"   # (colour, bold, point_size) given to create_label
CONTRAST_STYLE = "fusion"              # follows every palette role on every platform


@dataclass(frozen=True)
class Look:
    """The preferences that change how things are drawn."""

    zoom: int = 100
    tablet: bool = False
    palette: str = "light"

    def scaled(self, pixels: int) -> int:
        """Return a size in pixels grown with the text size."""
        return round(pixels * self.zoom / 100)

    def touch_height(self) -> int:
        """Return the height of a comfortable touch target: 44 px or more in tablet mode."""
        return max(self.scaled(defs.TOUCH_HEIGHT), defs.TABLET_TOUCH_HEIGHT if self.tablet else 0)

    def point_size(self, points: float) -> float:
        return points * self.zoom / 100

    def colour(self, light_colour: str) -> str:
        """Return how the current palette draws a colour defined for the light palette in defs."""
        tone = TONE_OF_LIGHT_COLOUR.get(light_colour.lower())
        return defs.PALETTES[self.palette]["tones"][tone] if tone else light_colour

    def tone(self, name: str) -> str:
        return defs.PALETTES[self.palette]["tones"][name]


_current = [Look()]


def current_look() -> Look:
    """Return the look the app is drawn with now."""
    return _current[-1]


def look_of(preferences: Preferences) -> Look:
    return Look(zoom=preferences.zoom, tablet=preferences.tablet, palette=preferences.palette)


def apply_look(app: QApplication, look: Look) -> None:
    """Draw the whole app, open windows included, with `look`."""
    _current[-1] = look
    _set_style(app, look)
    app.setPalette(palette_for(look.palette, app.style().standardPalette()))
    font = QFont(app.font())
    font.setPointSizeF(look.point_size(defs.BASE_POINT_SIZE))
    app.setFont(font)
    # Widgets take the new font from posted events; deliver them before the style sheet,
    # which fixes each widget's font as it is when the sheet is set.
    QApplication.sendPostedEvents()
    app.setStyleSheet(style_sheet(look))
    for widget in app.allWidgets():
        if isinstance(widget, QLabel) and widget.property(LABEL_STYLE_PROPERTY) is not None:
            widget.setStyleSheet(label_style(*widget.property(LABEL_STYLE_PROPERTY)))


def _set_style(app: QApplication, look: Look) -> None:
    """Use the platform's style for the light palette and Fusion, which draws every role, for the others."""
    if app.property("platform_style") is None:
        app.setProperty("platform_style", app.style().name())
    wanted = app.property("platform_style") if look.palette == "light" else CONTRAST_STYLE
    if wanted and app.style().name().lower() != wanted.lower():
        app.setStyle(QStyleFactory.create(wanted))


def palette_for(name: str, standard: QPalette) -> QPalette:
    """Return the style's own palette for "light", else one with every role of defs.PALETTES[name]."""
    palette = QPalette(standard)
    for role, colour in defs.PALETTES[name]["roles"].items():
        palette.setColor(QPalette.ColorRole[role], QColor(colour))
    disabled = defs.DISABLED_TEXT.get(name)
    if disabled:
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def style_sheet(look: Look) -> str:
    """Return the app-wide style sheet: touch-sized controls in tablet mode, outlined indicators on dark palettes."""
    rules = []
    indicator = look.scaled(defs.TABLET_INDICATOR_SIZE if look.tablet else defs.INDICATOR_SIZE)
    if look.tablet:
        touch = look.touch_height()
        rules += [
            f"QPushButton, QToolButton, QLineEdit, QComboBox, QSpinBox, QDateEdit {{ min-height: {touch}px; }}",
            f"QCheckBox, QRadioButton {{ min-height: {touch}px; spacing: {defs.SPACING}px; }}",
            f"QCheckBox::indicator, QRadioButton::indicator {{ width: {indicator}px; height: {indicator}px; }}",
            f"QScrollBar:vertical {{ width: {defs.TABLET_TOUCH_HEIGHT // 2}px; }}",
            f"QScrollBar:horizontal {{ height: {defs.TABLET_TOUCH_HEIGHT // 2}px; }}",
        ]
    if look.palette != "light":
        rules += outlined_indicators(indicator)
    return "\n".join(rules)


def outlined_indicators(size: int) -> list[str]:
    """Draw check boxes and radio buttons in text colour, filled with the highlight when ticked.

    Fusion outlines them in a darker shade of the window colour, which vanishes on black.
    """
    return [
        f"QCheckBox::indicator, QRadioButton::indicator {{ width: {size}px; height: {size}px;"
        " border: 2px solid palette(window-text); background: palette(base); }",
        f"QRadioButton::indicator {{ border-radius: {size // 2 + 1}px; }}",
        "QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: palette(highlight); }",
        "QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border-color: palette(mid); }",
    ]


def label_style(colour: str, bold: bool, point_size: int) -> str:
    """Return a label's style sheet in the current look (its colour as a palette tone, its size zoomed)."""
    look = current_look()
    styles = []
    if colour:
        styles.append(f"color: {look.colour(colour)}")
    if bold:
        styles.append("font-weight: bold")
    if point_size:
        styles.append(f"font-size: {look.point_size(point_size):g}pt")
    return "; ".join(styles)
