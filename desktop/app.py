"""Start the desktop app: open the store, make sure the inspector is known, show the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import defs, interaction
from desktop.app_context import AppContext
from desktop.inspector_dialog import ensure_inspector
from desktop.main_window import MainWindow
from desktop.script_hook import run_script_hook
from forms.errors import CodedError
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore


def run_app(args: argparse.Namespace) -> int:
    """Run the app on `args.db` (None: the default database); return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CityCheck")
    app.setOrganizationName("CityCheck")
    apply_cjk_font(app)
    try:
        context = open_context(args.db)
    except CodedError as error:
        interaction.current().show_error(None, "无法打开数据库", str(error))
        raise
    if context is None:
        return 0
    window = MainWindow(context)
    window.show()
    run_script_hook(window)
    try:
        return app.exec()
    finally:
        context.db.close()


def open_context(db_path) -> AppContext | None:
    """Open the database and surveys; None when the inspector cancels the first-start dialog."""
    db = open_database(db_path)
    inspector = ensure_inspector(db)
    if inspector is None:
        db.close()
        return None
    catalog = load_catalog()
    return AppContext(db=db, catalog=catalog, store=RecordStore(db, catalog), inspector=inspector)


def apply_cjk_font(app: QApplication) -> str:
    """Use the first installed CJK font family for the whole app and return its name."""
    installed = set(QFontDatabase.families())
    family = next((name for name in defs.CJK_FONT_FAMILIES if name in installed), "")
    font = QFont(family) if family else app.font()
    font.setPointSize(defs.BASE_POINT_SIZE)
    app.setFont(font)
    return family
