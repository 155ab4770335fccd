"""Cell conversion: formula neutralisation, choice labels with recoverable codes, office reformatting."""

from __future__ import annotations

import datetime as dt

import pytest
from test_excel_support import tiny_catalog

from reports.excel.format.cells import (
    CellProblem,
    cell_reader,
    cell_writer,
    neutralise,
    read_date,
    read_text,
    read_timestamp,
    timestamp_cell,
)
from reports.excel.format.xml_text import escape_cell_text

FORM = tiny_catalog()["tiny_survey"]


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "+86 123", "-5 度", "@cmd", "'quoted", "\tTab"])
def test_formula_like_text_is_neutralised_and_read_back_unchanged(text):
    cell = neutralise(text)
    assert cell.startswith("'")
    assert read_text(cell) == text


def test_plain_text_is_written_as_is():
    assert neutralise("渝中区") == "渝中区"


def test_control_characters_an_xlsx_cannot_hold_are_kept_for_the_sheet_writer_to_escape():
    assert neutralise("a\x00b\x07c") == "a\x00b\x07c"
    assert escape_cell_text("a\x00b\x07c\ufffe_x0041_") == "a_x0000__x0000_b_x0007_c_x0000_FFFE_x005F_x0041_"


@pytest.mark.parametrize(("key", "value"), [
    ("kind", "frame"),
    ("defects", ["steel", "brick"]),
    ("floors", 12),
    ("area", 0.1 + 0.2),
    ("surveyed_on", "2026-05-03"),
    ("building_name", "=HYPERLINK()"),
])
def test_answer_survives_a_trip_through_a_cell(key, value):
    item = FORM.field(key)
    read = cell_reader(item)(cell_writer(item)(value))
    assert read == pytest.approx(value) if isinstance(value, float) else read == value


def test_choices_are_written_as_labels_and_read_from_labels_or_codes():
    item = FORM.field("kind")
    assert cell_writer(item)("frame") == "框架"
    assert cell_reader(item)("框架") == "frame"
    assert cell_reader(item)("frame") == "frame"


def test_multiple_choices_are_joined_readably():
    item = FORM.field("defects")
    assert cell_writer(item)(["brick", "steel"]) == "砖混；钢结构"
    assert cell_reader(item)("砖混; 钢结构") == ["brick", "steel"]


def test_unknown_choice_label_is_a_coded_problem_listing_the_labels():
    with pytest.raises(CellProblem) as problem:
        cell_reader(FORM.field("kind"))("木结构")
    assert problem.value.code == "import-013"
    assert "框架" in problem.value.values["labels"]


@pytest.mark.parametrize("cell", [dt.date(2026, 5, 3), dt.datetime(2026, 5, 3, 0, 0), "2026/5/3",
                                  "2026-05-03", "2026年5月3日", "2026.5.3", 46145.0])
def test_dates_reformatted_by_office_software_still_read(cell):
    assert read_date(cell) == "2026-05-03"


@pytest.mark.parametrize("cell", ["12", "12.0", " 1,200 ", 12.0])
def test_numbers_stored_as_text_still_read(cell):
    assert cell_reader(FORM.field("floors"))(cell) in (12, 1200)


def test_a_word_in_a_number_column_is_a_coded_problem():
    with pytest.raises(CellProblem) as problem:
        cell_reader(FORM.field("floors"))("三层")
    assert problem.value.code == "import-012"


def test_timestamps_round_trip_through_datetime_cells_and_text():
    stamp = "2026-11-22T08:15:30Z"
    assert read_timestamp(timestamp_cell(stamp)) == stamp
    assert read_timestamp("2026-11-22 08:15:30") == stamp
    # a serial number slightly off by floating point still lands on the second
    assert read_timestamp(dt.datetime(2026, 11, 22, 8, 15, 29, 999_800)) == stamp
