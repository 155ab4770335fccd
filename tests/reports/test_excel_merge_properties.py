"""Merge is idempotent, commutative and associative, and never loses a record version."""

from __future__ import annotations

import itertools
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_excel_support import data_grids, tiny_catalog, tiny_version

from reports.excel.export import export_versions
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export
from reports.excel.merge.held_rows import ROW_BUDGET

CATALOG = tiny_catalog()
RECORDS = 4

# A file holds some records, each at a revision 1–3 with one of three edits: the same record at
# the same revision with another edit is a conflicting edit.
record_sets = st.dictionaries(
    keys=st.integers(0, RECORDS - 1),
    values=st.tuples(st.integers(1, 3), st.integers(0, 2)),
    min_size=1, max_size=RECORDS,
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Folder:
    """Writes and merges workbooks in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.names = (f"f{n}.xlsx" for n in itertools.count())

    def file(self, record_set: dict[int, tuple[int, int]], personal_data: bool = True) -> Path:
        versions = [tiny_version(n, revision, variant) for n, (revision, variant) in sorted(record_set.items())]
        return export_versions(self.root / next(self.names), versions, catalog=CATALOG,
                               include_sensitive=personal_data)

    def merge(self, *paths: Path, row_budget: int = ROW_BUDGET) -> Path:
        out = self.root / next(self.names)
        merge_workbooks(list(paths), out, catalog=CATALOG, row_budget=row_budget)
        return out


def content(path: Path) -> dict:
    """What a merge result says: every data sheet's cells, and the winning and losing versions."""
    read = read_export(path, CATALOG)
    return {
        "grids": data_grids(path),
        "winners": sorted(v.content_hash() for v in read.versions),
        "losers": sorted(v.content_hash() for v in read.losers),
    }


@contextmanager
def new_folder():
    with tempfile.TemporaryDirectory() as root:
        yield Folder(Path(root))


@SETTINGS
@given(record_sets, record_sets)
def test_merge_is_idempotent(a, b):
    with new_folder() as folder:
        file_a, file_b = folder.file(a), folder.file(b)
        merged = folder.merge(file_a, file_b)
        assert content(folder.merge(merged, merged)) == content(merged)
        assert content(folder.merge(merged, file_b)) == content(merged)
        assert content(folder.merge(file_a, file_a)) == content(folder.merge(file_a))


@SETTINGS
@given(record_sets, record_sets)
def test_merge_is_commutative(a, b):
    with new_folder() as folder:
        file_a, file_b = folder.file(a), folder.file(b)
        assert content(folder.merge(file_a, file_b)) == content(folder.merge(file_b, file_a))


@SETTINGS
@given(record_sets, record_sets, record_sets)
def test_merge_is_associative(a, b, c):
    with new_folder() as folder:
        file_a, file_b, file_c = folder.file(a), folder.file(b), folder.file(c)
        left = folder.merge(folder.merge(file_a, file_b), file_c)
        right = folder.merge(file_a, folder.merge(file_b, file_c))
        assert content(left) == content(right) == content(folder.merge(file_a, file_b, file_c))


@SETTINGS
@given(st.lists(record_sets, min_size=1, max_size=4))
def test_no_input_version_is_lost(sets):
    with new_folder() as folder:
        files = [folder.file(s) for s in sets]
        merged = read_export(folder.merge(*files), CATALOG)
        kept = {v.content_hash() for v in (*merged.versions, *merged.losers)}
        inputs = {tiny_version(n, rev, var).content_hash() for s in sets for n, (rev, var) in s.items()}
        assert inputs <= kept
        assert len(merged.versions) == len({n for s in sets for n in s})
        for winner in merged.versions:
            rivals = [v for v in merged.losers if v.id == winner.id]
            assert all(v.revision <= winner.revision for v in rivals)


@SETTINGS
@given(record_sets, st.booleans(), record_sets, st.booleans(), record_sets, st.booleans())
def test_merging_files_with_and_without_personal_data_is_commutative_and_associative(a, with_a, b, with_b, c, with_c):
    with new_folder() as folder:
        file_a, file_b, file_c = folder.file(a, with_a), folder.file(b, with_b), folder.file(c, with_c)
        assert content(folder.merge(file_a, file_b)) == content(folder.merge(file_b, file_a))
        left = folder.merge(folder.merge(file_a, file_b), file_c)
        right = folder.merge(file_a, folder.merge(file_b, file_c))
        assert content(left) == content(right)


@SETTINGS
@given(record_sets, record_sets, record_sets, st.sampled_from([0, 1, 600, 2000]))
def test_rows_kept_on_disk_give_the_same_merge(a, b, c, budget):
    """Past its memory budget a merge keeps rows in a temporary file: duplicates, conflicts and output unchanged."""
    with new_folder() as folder:
        files = folder.file(a), folder.file(b), folder.file(c), folder.file(a)
        assert content(folder.merge(*files, row_budget=budget)) == content(folder.merge(*files))
