"""Run a script inside the app (tests and benchmarks drive the real app this way).

Set CITYCHECK_HOOK to a Python file. If it defines `on_shown(window)`, the app calls it
as soon as the main window is on screen (before the store is open); `hook(window)` is
called once the records and tasks are shown. Both run on the GUI thread. Unset, nothing
happens.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QMainWindow

HOOK_VARIABLE = "CITYCHECK_HOOK"


class ScriptHook:
    """The script named by CITYCHECK_HOOK, or nothing."""

    def __init__(self, module: ModuleType | None) -> None:
        self._module = module

    @classmethod
    def from_environment(cls) -> ScriptHook:
        path = os.environ.get(HOOK_VARIABLE)
        if not path:
            return cls(None)
        spec = importlib.util.spec_from_file_location("citycheck_script_hook", Path(path))
        if spec is None or spec.loader is None:
            raise ImportError(f"{HOOK_VARIABLE}={path} is not a Python file")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return cls(module)

    def on_shown(self, window: QMainWindow) -> None:
        if self._module is not None and hasattr(self._module, "on_shown"):
            self._module.on_shown(window)

    def on_ready(self, window: QMainWindow) -> None:
        if self._module is not None and hasattr(self._module, "hook"):
            self._module.hook(window)
