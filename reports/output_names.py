"""Output file names must end as what is written: a workbook never lands in "x.csv"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from forms.errors import CodedError


def check_suffix(out: Path, allowed: Sequence[str], make: Callable[..., CodedError], code: str) -> None:
    """Raise `make(code, …)` unless `out` ends in one of `allowed` (".xlsx", …); the first is suggested."""
    if Path(out).suffix.lower() not in allowed:
        raise make(code, str(out), name=Path(out).name, expected=" 或 ".join(allowed),
                   suggestion=Path(out).with_suffix(allowed[0]).name)
