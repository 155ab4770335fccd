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

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import defs, interaction
from desktop.main_window import MainWindow
from desktop.script_hook import ScriptHook

from forms.errors import CodedError

if TYPE_CHECKING:
    from desktop.app_context import AppContext
    from desktop.background import BackgroundJob
    from forms.loader import FormCatalog
    from forms.store.database import Database
    from forms.store.startup_check import StartupCheck

EXIT_CANCELLED = 0
EXIT_FAILED = 2


@dataclass(frozen=True)
class OpenedStore:
    db: Database
    catalog: FormCatalog
    backup_problem: str = ""  # the start-of-day backup failed: told, never fatal


@dataclass(frozen=True)
class DamagedStore:
    """The database failed `PRAGMA integrity_check`; it was not opened."""

    path: Path
    check: StartupCheck


def run_app(args: argparse.Namespace) -> int:
    """Run the app on `args.db` (None: the default database); return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CityCheck")
    app.setOrganizationName("CityCheck")
    app.setDesktopFileName("citycheck")   # Linux location services (geoclue) ask which app wants the position
    apply_cjk_font(app)
    install_chinese_translations(app)
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
        self.db_path = db_path
        self.job = self._open()

    def _open(self) -> BackgroundJob:
        from desktop.background import BackgroundJob  # imported once the window is on screen

        job = BackgroundJob(lambda _progress: open_store(self.db_path))
        job.succeeded.connect(self._opened)
        job.failed.connect(self._failed)
        return job.start()

    def close(self) -> None:
        self.job.wait()
        if self.context is not None:
            self.context.db.close()

    def _opened(self, opened: OpenedStore | DamagedStore) -> None:
        from desktop.app_context import AppContext
        from desktop.inspector_dialog import ensure_inspector
        from forms.store.records import RecordStore

        if isinstance(opened, DamagedStore):
            self._damaged(opened)
            return
        if opened.backup_problem:
            interaction.current().show_error(self.window, "自动备份", opened.backup_problem)
        inspector = ensure_inspector(opened.db, self.window)
        if inspector is None:
            opened.db.close()
            self._quit(EXIT_CANCELLED)
            return
        self.context = AppContext(db=opened.db, catalog=opened.catalog,
                                  store=RecordStore(opened.db, opened.catalog), inspector=inspector)
        from desktop.settings_flow import apply_stored_look

        apply_stored_look(opened.db)
        self.window.attach(self.context)
        from desktop.extensions import install_extensions

        install_extensions(self.window, self.context)
        self.script.on_ready(self.window)

    def _damaged(self, damaged: DamagedStore) -> None:
        from desktop.backup_ui.startup import check_database_at_start

        if check_database_at_start(damaged.path, self.window, check=damaged.check):
            self.job = self._open()  # restored from a backup: open it
        else:
            self._quit(EXIT_FAILED)

    def _failed(self, error: BaseException) -> None:
        from desktop.background import show_failure

        show_failure(self.window, "无法打开数据库", error)
        print(error, file=sys.stderr)
        self._quit(EXIT_FAILED)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self.window.close()
        self.app.quit()


def open_store(db_path: Path | None) -> OpenedStore | DamagedStore:
    """Check, open (creating and migrating if needed) and back up the database; load the surveys."""
    from desktop.logging_setup import setup_logging
    from forms.loader import load_catalog
    from forms.store.backup import backup_at_start
    from forms.store.database import open_database
    from forms.store.paths import default_database_path
    from forms.store.startup_check import check_at_start

    setup_logging()  # here, off the GUI thread: the window is already on screen
    path = Path(db_path) if db_path is not None else default_database_path()
    if path.exists():
        check = check_at_start(path)
        if not check.ok:
            return DamagedStore(path, check)
    db = open_database(path)
    try:
        catalog = load_catalog()
        backup_problem = ""
        try:
            backup_at_start(db)
        except CodedError as error:
            backup_problem = str(error)
        opened = OpenedStore(db=db, catalog=catalog, backup_problem=backup_problem)
    except BaseException:
        db.close()
        raise
    import_views()
    return opened


def import_views() -> None:
    """Import the record views now, on the worker thread, so attaching them later is quick."""
    import desktop.record_tabs  # noqa: F401 - imported for its side effect of loading the modules
    import desktop.records_view  # noqa: F401


def install_chinese_translations(app: QApplication) -> bool:
    """Show Qt's own buttons and dialogs (确定, 取消, 打开文件…) in Simplified Chinese."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder)
    if loaded:
        app.installTranslator(translator)
    return loaded


def apply_cjk_font(app: QApplication) -> str:
    """Use the first installed CJK font family for the whole app and return its name."""
    installed = set(QFontDatabase.families())
    family = next((name for name in defs.CJK_FONT_FAMILIES if name in installed), "")
    font = QFont(family) if family else app.font()
    font.setPointSize(defs.BASE_POINT_SIZE)
    app.setFont(font)
    return family

