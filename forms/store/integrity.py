"""`PRAGMA integrity_check` on a database file, and the SQLite URIs that open one without creating it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class IntegrityReport:
    """The outcome of checking one database file; no problems means it passed."""

    path: Path
    exists: bool
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """Return the first problems SQLite reported, on one line."""
        shown = "；".join(" ".join(problem.split()) for problem in self.problems[:3])
        return shown + (f" 等 {len(self.problems)} 项" if len(self.problems) > 3 else "")


def database_uri(path: Path, *, mode: str = "rw", immutable: bool = False) -> str:
    """Return an SQLite URI that opens `path` without ever creating it."""
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """Return an SQLite URI that opens `path` read-only."""
    return database_uri(path, mode="ro", immutable=immutable)


def check_integrity(path: Path, *, max_problems: int = MAX_PROBLEMS, quick: bool = False) -> IntegrityReport:
    """Run `PRAGMA integrity_check` on `path`; a missing file passes (it will be created).

    `quick` runs `PRAGMA quick_check` instead: every page, without comparing indexes to their tables.
    """
    path = Path(path)
    if not path.exists():
        return IntegrityReport(path, exists=False)
    try:
        # Read-write, so a write-ahead log left by a crash is recovered before checking.
        with closing(sqlite3.connect(database_uri(path), uri=True)) as connection:
            pragma = "quick_check" if quick else "integrity_check"
            rows = connection.execute(f"PRAGMA {pragma}({int(max_problems)})").fetchall()
    except sqlite3.Error as error:
        return IntegrityReport(path, exists=True, problems=(f"{type(error).__name__}: {error}",))
    problems = tuple(str(row[0]) for row in rows if row and row[0] != "ok")
    return IntegrityReport(path, exists=True, problems=problems)
