"""The merge's fast checks accept only what the full reader accepts, and count what it counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.loader import load_catalog
from forms.model import FieldType
from reports.excel.merge.answer_checks import SEPARATOR, WRITTEN, _all_written
from reports.excel.format.cells import CellProblem, geopoint_cell, photos_cell, read_geopoint, read_photos, row_check, row_checks
from reports.excel.write.indicator_sheet import indicator_counter
from reports.excel.merge.entries import Entry, EntryCounter
from forms.store.record_version import canonical_number

READERS = {FieldType.PHOTOS: read_photos, FieldType.GEOPOINT: read_geopoint}
SHA = st.text("0123456789abcdef", min_size=64, max_size=64)
CAPTION = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)   # no cell holds NUL
PHOTOS = st.lists(st.fixed_dictionaries({"sha256": SHA, "caption": CAPTION}), min_size=1, max_size=3)
POINTS = st.fixed_dictionaries({
    "lat": st.floats(-90, 90, allow_nan=False), "lon": st.floats(-180, 180, allow_nan=False),
    "crs": st.sampled_from(["WGS-84", "CGCS2000", "GCJ-02"]),
}, optional={"accuracy_m": st.floats(0, 1e20, allow_nan=False)})
# Texts near what the patterns match: hex, digits, separators, line breaks of every kind.
TOKENS = list("0af9 .,，-+e()（）±m米\n\r\u2028\x85'") + ["a" * 64, "WGS-84", "31.5, 121", "\\n", " ±4.5 m"]
NEAR_CELLS = st.lists(st.sampled_from(TOKENS), max_size=16).map("".join)


def accepted(kind: FieldType, cell: str) -> bool:
    try:
        READERS[kind](cell)
    except CellProblem:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(WRITTEN, key=str)), cells=st.lists(NEAR_CELLS, min_size=1, max_size=4))
def test_what_the_fast_pattern_accepts_the_reader_accepts(kind, cells):
    if WRITTEN[kind].fullmatch(SEPARATOR.join(cells)):
        assert all(accepted(kind, cell) for cell in cells)


@settings(max_examples=100, deadline=None)
@given(photos=st.lists(PHOTOS, min_size=1, max_size=5), points=st.lists(POINTS, min_size=1, max_size=5))
def test_cells_as_written_pass_the_fast_pattern(photos, points):
    assert _all_written({photos_cell(value) for value in photos}, WRITTEN[FieldType.PHOTOS])
    assert _all_written({geopoint_cell(value) for value in points}, WRITTEN[FieldType.GEOPOINT])


@settings(max_examples=200, deadline=None)
@given(photos=PHOTOS)
def test_photo_captions_come_back_exactly(photos):
    """Line breaks other than \\n (U+2028, CR…) and edge spaces once made a caption refused or changed."""
    assert read_photos(photos_cell(photos)) == photos


@settings(max_examples=200, deadline=None)
@given(point=POINTS)
def test_points_come_back_exactly_with_or_without_their_accuracy(point):
    """Numbers as the export holds them (16 significant digits) come back unchanged."""
    point = {key: canonical_number(value) if isinstance(value, float) else value for key, value in point.items()}
    assert read_geopoint(geopoint_cell(point)) == point


def test_a_point_written_before_accuracies_were_kept_reads_without_one():
    assert read_geopoint("29.56, 106.55 (WGS-84)") == {"lat": 29.56, "lon": 106.55, "crs": "WGS-84"}
    assert read_geopoint("29.56，106.55（GCJ-02）±12 米") == {
        "lat": 29.56, "lon": 106.55, "crs": "GCJ-02", "accuracy_m": 12.0}


def test_a_column_with_one_cell_not_as_written_goes_to_the_reader():
    good = geopoint_cell({"lat": 29.56, "lon": 106.55, "crs": "WGS-84"})
    assert _all_written({good}, WRITTEN[FieldType.GEOPOINT])
    assert not _all_written({good, "29.56；106.55"}, WRITTEN[FieldType.GEOPOINT])
    assert not _all_written({good, 29.56}, WRITTEN[FieldType.GEOPOINT])
    with_accuracy = geopoint_cell({"lat": 29.56, "lon": 106.55, "crs": "WGS-84", "accuracy_m": 4.5})
    assert with_accuracy == "29.56, 106.55 (WGS-84) ±4.5 m"
    assert _all_written({good, with_accuracy}, WRITTEN[FieldType.GEOPOINT])
    assert not _all_written({good, "29.56, 106.55 (WGS-84) ±4.5"}, WRITTEN[FieldType.GEOPOINT])


@given(rows=st.lists(st.tuples(st.uuids().map(str), st.text(max_size=8) | st.integers(1, 99),
                               st.integers(1, 10_000)), max_size=20))
def test_row_checks_of_columns_equal_row_check_of_each_row(rows):
    columns = list(zip(*rows)) or [(), (), ()]
    assert row_checks(*columns) == tuple(row_check(*row) for row in rows)


def test_a_draft_counts_nothing_and_its_summary_is_not_read():
    counter = EntryCounter(indicator_counter(load_catalog()))
    draft = Entry("id-1", "housing_safety", 1, "draft", "housing_safety\x000\x000\x000\x000\x000\x00id-1",
                  b"", (), "0" * 32, '{"summary": not json')
    draft.tally(counter)
    assert draft.counts is None


def test_a_final_records_summary_is_read_so_a_broken_one_is_noticed():
    counter = EntryCounter(indicator_counter(load_catalog()))
    final = Entry("id-2", "housing_safety", 1, "final", "housing_safety\x000\x000\x000\x000\x000\x00id-2",
                  b"", (), "0" * 32, '{"summary": not json')
    with pytest.raises(ValueError):
        final.tally(counter)
