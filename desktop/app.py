"""Start the desktop app: show the main window at once, open the store behind it, ask the inspector.

A cold start shows the window first and opens the database and survey definitions on a
worker thread (importing SQLAlchemy alone takes most of a second); the records appear as
soon as they are ready. On the first start the inspector is asked for name and ID.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import defs
from desktop.background import BackgroundJob, show_failure
from desktop.main_window import MainWindow
from desktop.script_hook import ScriptHook

if TYPE_CHECKING:
    from desktop.app_context import AppContext
    from forms.loader import FormCatalog
    from forms.store.database import Database

EXIT_CANCELLED = 0
EXIT_FAILED = 2


@dataclass(frozen=True)
class OpenedStore:
    db: Database
    catalog: FormCatalog


def run_app(args: argparse.Namespace) -> int:
    """Run the app on `args.db` (None: the default database); return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CityCheck")
    app.setOrganizationName("CityCheck")
    apply_cjk_font(app)
    window = MainWindow()
    window.show()
    script = ScriptHook.from_environment()
    script.on_shown(window)
    start = StartUp(app, window, args.db, script)
    code = app.exec()
    start.close()
    return code if start.exit_code is None else start.exit_code


class StartUp:
    """Opens the store on a worker thread, then fills the window (asking the inspector first)."""

    def __init__(self, app: QApplication, window: MainWindow, db_path: Path | None, script: ScriptHook) -> None:
        self.app = app
        self.window = window
        self.script = script
        self.exit_code: int | None = None
        self.context: AppContext | None = None
        self.job = BackgroundJob(lambda _progress: open_store(db_path))
        self.job.succeeded.connect(self._opened)
        self.job.failed.connect(self._failed)
        self.job.start()

    def close(self) -> None:
        self.job.wait()
        if self.context is not None:
            self.context.db.close()

    def _opened(self, opened: OpenedStore) -> None:
        from desktop.app_context import AppContext
        from desktop.inspector_dialog import ensure_inspector
        from forms.store.records import RecordStore

        inspector = ensure_inspector(opened.db, self.window)
        if inspector is None:
            opened.db.close()
            self._quit(EXIT_CANCELLED)
            return
        self.context = AppContext(db=opened.db, catalog=opened.catalog,
                                  store=RecordStore(opened.db, opened.catalog), inspector=inspector)
        self.window.attach(self.context)
        self.script.on_ready(self.window)

    def _failed(self, error: BaseException) -> None:
        show_failure(self.window, "无法打开数据库", error)
        print(error, file=sys.stderr)
        self._quit(EXIT_FAILED)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self.window.close()
        self.app.quit()


def open_store(db_path: Path | None) -> OpenedStore:
    """Open (creating and migrating if needed) the database and load the surveys."""
    from forms.loader import load_catalog
    from forms.store.database import open_database

    db = open_database(db_path)
    try:
        opened = OpenedStore(db=db, catalog=load_catalog())
    except BaseException:
        db.close()
        raise
    import_views()
    return opened


def import_views() -> None:
    """Import the record views now, on the worker thread, so attaching them later is quick."""
    import desktop.record_tabs  # noqa: F401 - imported for its side effect of loading the modules
    import desktop.records_view  # noqa: F401


def apply_cjk_font(app: QApplication) -> str:
    """Use the first installed CJK font family for the whole app and return its name."""
    installed = set(QFontDatabase.families())
    family = next((name for name in defs.CJK_FONT_FAMILIES if name in installed), "")
    font = QFont(family) if family else app.font()
    font.setPointSize(defs.BASE_POINT_SIZE)
    app.setFont(font)
    return family

