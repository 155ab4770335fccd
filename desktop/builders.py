"""Small helpers that build widgets and layouts the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import defs
from desktop.appearance import LABEL_STYLE_PROPERTY, current_look, label_style


def _fill(layout: QBoxLayout, margin: int, spacing: int, items: Iterable[object]) -> QBoxLayout:
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    for item in items:
        if item is None:
            continue
        if isinstance(item, int):
            layout.addStretch(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def hbox(*items: object, margin: int = defs.NO_SPACING, spacing: int = defs.SPACING) -> QHBoxLayout:
    """Lay `items` out in a row; an int adds a stretch of that factor."""
    return _fill(QHBoxLayout(), margin, spacing, items)


def vbox(*items: object, margin: int = defs.NO_SPACING, spacing: int = defs.SPACING) -> QVBoxLayout:
    """Lay `items` out in a column; an int adds a stretch of that factor."""
    return _fill(QVBoxLayout(), margin, spacing, items)


def create_button(text: str, *, tooltip: str = "", on_click: Callable[[], None] | None = None,
                  default: bool = False, object_name: str = "") -> QPushButton:
    """Build a push button comfortable for a finger, wired to `on_click`."""
    button = QPushButton(text)
    button.setMinimumHeight(current_look().touch_height())
    button.setToolTip(tooltip)
    button.setDefault(default)
    button.setAutoDefault(False)
    if object_name:
        button.setObjectName(object_name)
    if on_click is not None:
        button.clicked.connect(lambda _checked=False: on_click())
    return button


def create_label(text: str = "", *, colour: str = "", bold: bool = False, point_size: int = 0,
                 wrap: bool = True, object_name: str = "") -> QLabel:
    """Build a label with optional colour (a defs colour, drawn in the palette's tone), weight and size."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour or bold or point_size:
        label.setProperty(LABEL_STYLE_PROPERTY, (colour, bold, point_size))
        label.setStyleSheet(label_style(colour, bold, point_size))
    if object_name:
        label.setObjectName(object_name)
    return label


def create_list_table(model, *, touch_rows: bool = True) -> QTableView:
    """Build a read-only, single-row-selection table over `model` (records, tasks, backups)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    if touch_rows:
        table.verticalHeader().setDefaultSectionSize(current_look().touch_height())
    return table


def create_action(parent: QWidget, text: str, *, shortcuts: Iterable[str] = (),
                  on_trigger: Callable[[], None] | None = None, tooltip: str = "",
                  context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QAction:
    """Build an action owned by `parent` with keyboard shortcuts."""
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in shortcuts])
    action.setShortcutContext(context)
    if tooltip:
        action.setToolTip(tooltip)
    if on_trigger is not None:
        action.triggered.connect(lambda _checked=False: on_trigger())
    return action
