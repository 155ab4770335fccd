"""The app's log: a rotating file in the user log folder that never holds survey answers.

Answers can reach a log three ways, and each is closed here: SQLAlchemy's engine
loggers echo statement parameters (their level is pinned to WARNING); database
errors quote the parameters of the failed statement ("[parameters: ...]", cut out
of every message and traceback); and a careless `log.info("%s", answers)` passes
a mapping or list as an argument (such arguments are replaced by a placeholder).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

APP_NAME = "CityCheck"
LOG_FILE = "citycheck.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "‹已隐藏›"
# Loggers that would write statement parameters (answers) at INFO or DEBUG.
QUIET_LOGGERS = ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "alembic")
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background on this error|$))", re.DOTALL)
_MARK = "_citycheck_log_handler"


def default_log_path() -> Path:
    """Return the per-user log file for this operating system."""
    return user_log_path(APP_NAME, APP_NAME) / LOG_FILE


def redact(text: str) -> str:
    """Cut the statement parameters SQLAlchemy quotes in its error messages."""
    return _PARAMETERS.sub(f"[parameters: {HIDDEN}]", text)


class AnswerSafeFilter(logging.Filter):
    """Replace container arguments (answers, rows) by a placeholder before they are formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: HIDDEN for key in record.args}
        elif isinstance(record.args, tuple):
            record.args = tuple(_safe_argument(arg) for arg in record.args)
        if not isinstance(record.msg, str):
            record.msg = _safe_argument(record.msg)
        return True


class AnswerSafeFormatter(logging.Formatter):
    """Format a record, then cut statement parameters out of the message and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _safe_argument(value: object) -> object:
    if isinstance(value, (str, bytes, int, float, bool, Path, BaseException)) or value is None:
        return value
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return f"‹{type(value).__name__}，{len(value)} 项，{HIDDEN}›"
    return value


def setup_logging(path: Path | None = None, *, level: int = logging.INFO,
                  install_excepthook: bool = True) -> Path:
    """Log to a rotating file at `path` (default: the user log folder); return the file's path.

    Calling it again replaces the handler it added before, so it is safe in tests.
    """
    path = Path(path) if path is not None else default_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    root.addHandler(_file_handler(path))
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if install_excepthook and not isinstance(sys.excepthook, UncaughtLogger):
        sys.excepthook = UncaughtLogger(sys.excepthook)
    return path


def close_logging() -> None:
    """Remove and close the handler `setup_logging` added."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    if isinstance(sys.excepthook, UncaughtLogger):
        sys.excepthook = sys.excepthook.previous


def _file_handler(path: Path) -> RotatingFileHandler:
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(AnswerSafeFormatter(FORMAT))
    handler.addFilter(AnswerSafeFilter())
    setattr(handler, _MARK, True)
    return handler


class UncaughtLogger:
    """An excepthook that writes an uncaught exception to the log, then calls the hook it replaced."""

    def __init__(self, previous) -> None:
        self.previous = previous

    def __call__(self, kind, value, traceback) -> None:
        logging.getLogger("citycheck").critical("uncaught exception", exc_info=(kind, value, traceback))
        if not tell_as_coded(value):
            self.previous(kind, value, traceback)


def tell_as_coded(error: BaseException | None) -> bool:
    """Show a coded error, or a damaged or busy database met outside a coded path, as its message."""
    from desktop import interaction
    from forms.errors import CodedError
    from forms.store.faults import store_fault

    coded = error if isinstance(error, CodedError) else store_fault(error) if error is not None else None
    if coded is None:
        return False
    interaction.current().show_error(None, "CityCheck", str(coded))
    return True
