"""The fast path of `citycheck` with no subcommand: start the app without loading every command.

Building the full parser imports each subcommand module, and those import Excel, PDF and
store libraries a cold start of the app does not need. `main()` of desktop/cli can call
`run_gui_if_wanted(argv)` first: it starts the app when the arguments hold nothing but
`--db PATH`, and returns None otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forms.errors import CodedError


def gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """Return the parsed arguments when `argv` asks only for the app (and maybe --db)."""
    parser = argparse.ArgumentParser(prog="citycheck", add_help=False)
    parser.add_argument("--db", type=Path, default=None)
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit:
        return None
    return None if rest else args


def run_gui_if_wanted(argv: list[str] | None = None) -> int | None:
    """Start the app and return its exit code, or return None when `argv` names a command."""
    args = gui_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        return None
    from desktop.app import run_app

    try:
        return run_app(args)
    except CodedError as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    code = run_gui_if_wanted()
    if code is None:
        from desktop.cli import main

        code = main()
    sys.exit(code)
