"""Entry script of the PyInstaller build: the `citycheck` command and the desktop app."""

import multiprocessing
import os
import sys


def _ensure_streams() -> None:
    """Give print() somewhere to go: a windowed Windows build starts without stdout and stderr."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif hasattr(stream, "reconfigure"):
            # A console or pipe in a legacy code page must not crash on a character it lacks.
            stream.reconfigure(errors="replace")


if __name__ == "__main__":
    # The PDF batch may run worker processes; a frozen program must let them start.
    multiprocessing.freeze_support()
    _ensure_streams()
    from desktop.cli import main

    sys.exit(main())
