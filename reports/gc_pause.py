"""Pausing Python's cycle collector during bulk work.

A merge or export holds hundreds of thousands of rows; every full collection walks all of them,
and those collections cost more than the work itself. Bulk work creates almost no reference
cycles, so the collector is paused for its length and what it left is collected at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the body with the cycle collector off (if it was on), then collect once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()
