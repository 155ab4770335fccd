"""Run a script inside the app once the main window shows (tests and benchmarks drive it this way).

Set CITYCHECK_HOOK to a Python file defining `hook(window)`; the app calls it right after
the main window is shown, on the GUI thread. Unset, nothing happens.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

HOOK_VARIABLE = "CITYCHECK_HOOK"


def run_script_hook(window: QMainWindow) -> None:
    """Call `hook(window)` from the file named by CITYCHECK_HOOK, if set."""
    path = os.environ.get(HOOK_VARIABLE)
    if not path:
        return
    spec = importlib.util.spec_from_file_location("citycheck_script_hook", Path(path))
    if spec is None or spec.loader is None:
        raise ImportError(f"{HOOK_VARIABLE}={path} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.hook(window)
