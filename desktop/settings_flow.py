"""Open 设置 from the main window, keep what was chosen and apply it at once and at every start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app_context import Inspector
from desktop.appearance import apply_look, look_of
from desktop.inspector_dialog import remember_inspector
from desktop.settings_dialog import SettingsDialog
from forms.store.database import Database
from forms.store.preferences import Preferences, load_preferences, save_preferences

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def open_settings(window: MainWindow) -> SettingsDialog:
    """Show 设置 over the window; OK stores and applies the choices."""
    context = window.context
    dialog = SettingsDialog(context.inspector, load_preferences(context.db), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: apply_settings(window, dialog.inspector(), dialog.preferences()))
    dialog.open()
    return dialog


def apply_settings(window: MainWindow, inspector: Inspector, preferences: Preferences) -> None:
    """Store the inspector and preferences, and redraw the app with them."""
    context = window.context
    save_preferences(context.db, preferences)
    remember_inspector(context.db, inspector)
    context.inspector = inspector
    window.show_inspector()
    apply_look(QApplication.instance(), look_of(preferences))


def apply_stored_look(db: Database) -> Preferences:
    """Draw the app as the stored preferences say (at start) and return them."""
    preferences = load_preferences(db)
    apply_look(QApplication.instance(), look_of(preferences))
    return preferences
