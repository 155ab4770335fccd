"""Write an output file under CityCheck's unfinished name and move it into place only when it is whole.

A file written this way is never seen half-written, by a reader or by a user double-clicking it,
and a failed or cancelled write leaves the old file as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from reports.leftovers import partial_path, remove_leftovers


@contextmanager
def replaced_when_done(out: Path, role: str = "output") -> Iterator[Path]:
    """Yield the unfinished file to write; it replaces `out` when the block succeeds and is removed otherwise.

    Unfinished files that ended runs left in `out`'s folder are removed first (see `reports.leftovers`).
    """
    out = Path(out)
    remove_leftovers(out.parent)
    partial = partial_path(out, role)
    with suppress(OSError):     # this process's own, from a write whose removal failed: never build on it
        partial.unlink()
    try:
        yield partial
        os.replace(partial, out)
    except BaseException:
        with suppress(OSError):
            partial.unlink()
        raise
