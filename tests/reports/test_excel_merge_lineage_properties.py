"""Merge properties hold for versions carrying version vectors: edits on two devices, in any order.

Each record's version is saved `a` times on tablet A and `b` times on tablet B (its vector
{A: a, B: b}); two versions where each has saves the other lacks were edited in parallel.
Whatever files the versions travel in, merging stays idempotent, commutative and associative,
keeps every version (winner or 冲突), and never lets an older version win over one that descends from it.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from test_excel_merge_properties import CATALOG, RECORDS, SETTINGS, content, new_folder
from test_excel_support import tiny_version

from forms.store.lineage import Order, compare
from reports.excel.export import export_versions
from reports.excel.read.workbook_reader import read_export

DEVICES = ("tablet-A", "tablet-B")

# A file holds some records, each at a vector (saves on A, saves on B), at least one save in all.
vectors = st.tuples(st.integers(0, 2), st.integers(0, 2)).filter(lambda saves: sum(saves) > 0)
vector_sets = st.dictionaries(keys=st.integers(0, RECORDS - 1), values=vectors, min_size=1, max_size=RECORDS)


def lineage_version(number: int, saves: tuple[int, int]):
    """The version of record `number` after `saves`; the same saves always give the same content."""
    a, b = saves
    vector = {device: count for device, count in zip(DEVICES, saves) if count}
    last_device = DEVICES[1] if b else DEVICES[0]
    return replace(tiny_version(number, a + b, a % 3), vector=vector, device_id=last_device)


def write(folder, vector_set: dict[int, tuple[int, int]]):
    versions = [lineage_version(n, saves) for n, saves in sorted(vector_set.items())]
    return export_versions(folder.root / next(folder.names), versions, catalog=CATALOG, include_sensitive=True)


@SETTINGS
@given(vector_sets, vector_sets, vector_sets)
def test_merge_with_vectors_is_idempotent_commutative_and_associative(a, b, c):
    with new_folder() as folder:
        file_a, file_b, file_c = write(folder, a), write(folder, b), write(folder, c)
        merged = folder.merge(file_a, file_b)
        assert content(folder.merge(merged, merged)) == content(merged)
        assert content(folder.merge(merged, file_b)) == content(merged)
        assert content(folder.merge(file_b, file_a)) == content(merged)
        left = folder.merge(merged, file_c)
        right = folder.merge(file_a, folder.merge(file_b, file_c))
        assert content(left) == content(right) == content(folder.merge(file_a, file_b, file_c))


@SETTINGS
@given(st.lists(vector_sets, min_size=1, max_size=4))
def test_merge_with_vectors_keeps_every_version_and_a_descendant_wins(sets):
    with new_folder() as folder:
        merged = read_export(folder.merge(*[write(folder, s) for s in sets]), CATALOG)
        inputs = {lineage_version(n, saves).content_hash() for s in sets for n, saves in s.items()}
        assert inputs <= {v.content_hash() for v in (*merged.versions, *merged.losers)}
        assert len(merged.versions) == len({n for s in sets for n in s})
        for winner in merged.versions:
            for loser in (v for v in merged.losers if v.id == winner.id):
                assert compare(winner.lineage(), loser.lineage()) in (Order.NEWER, Order.PARALLEL)
