"""Cheap checks that a row's answer cells hold what CityCheck writes, for the merge's fast path.

A cell that fails sends its file to the full reader, which accepts what office software does to
cells (numbers typed as text, dates as 2026/5/3) and refuses the rest naming the cell: so a merge
never passes on an answer that importing would refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from forms.model import FieldType
from reports.excel.format.cells import CellProblem, cell_reader
from reports.excel.format.layout import Kind, SheetLayout
from reports.excel.merge.not_pristine import NotPristine

MEMO_SIZE = 4096       # checked texts of a column remembered (choice combinations repeat a lot)
SEPARATOR = "\x00"     # joins a column's texts for one match: no cell holds it


def _all_of(cell: str) -> re.Pattern:
    """A pattern matching texts of `cell` joined by SEPARATOR: one match checks a whole column."""
    return re.compile(f"(?:{cell})(?:{SEPARATOR}(?:{cell}))*")


_PHOTO_LINE = f"[0-9a-f]{{64}}(?: [^\n{SEPARATOR}]*)?"          # photos_cell: sha256, then the caption
_DEGREES = r"-?\d+(?:\.\d+)?(?:e-\d+)?"                          # geopoint_cell: f"{degrees:.16g}"
_METRES = r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?"                       # geopoint_cell: f"±{accuracy:.16g} m"
# Cells exactly as CityCheck writes them, which the field's reader always accepts (a hypothesis
# test holds them to that); any other cell goes to the reader.
WRITTEN = {
    FieldType.PHOTOS: _all_of(f"{_PHOTO_LINE}(?:\n{_PHOTO_LINE})*"),
    FieldType.GEOPOINT: _all_of(f"{_DEGREES}, {_DEGREES} \\([\\w-]+\\)(?: ±{_METRES} m)?"),
}


class AnswerCellProblem(NotPristine):
    """An answer cell not as CityCheck writes it."""


class AnswerChecks:
    """The answer columns of one sheet layout, grouped by how their cells are checked."""

    def __init__(self, layout: SheetLayout, skipped: frozenset[str] = frozenset()) -> None:
        self.choices: list[tuple[int, frozenset[object]]] = []
        self.integers: list[int] = []
        self.numbers: list[int] = []
        self.dates: list[int] = []
        self.decoded: list[tuple[int, object, set[object], re.Pattern | None]] = []
        for index, column in enumerate(layout.columns):
            item = column.field
            if column.kind is not Kind.ANSWER or item is None or column.key in skipped:
                continue
            if item.type in (FieldType.SELECT_ONE, FieldType.YES_NO) and item.choices:
                allowed = {choice.label for choice in item.choices} | {choice.code for choice in item.choices}
                self.choices.append((index, frozenset(allowed | {""})))
            elif item.type in (FieldType.INTEGER, FieldType.YEAR):
                self.integers.append(index)
            elif item.type is FieldType.DECIMAL:
                self.numbers.append(index)
            elif item.type is FieldType.DATE:
                self.dates.append(index)
            elif item.type in (FieldType.SELECT_MULTIPLE, FieldType.PHOTOS, FieldType.GEOPOINT):
                self.decoded.append((index, cell_reader(item), set(), WRITTEN.get(item.type)))
            # text answers: any text is an answer

    def check(self, columns: Sequence[Sequence[object]]) -> None:
        """Raise AnswerCellProblem unless every answer cell is as written.

        `columns` holds the sheet's cells a column at a time; each distinct value is checked once.
        """
        for index, allowed in self.choices:
            if not allowed.issuperset(columns[index]):
                raise AnswerCellProblem(index)
        for index in self.integers:
            if not all(map(float.is_integer, _filled(columns[index], float))):
                raise AnswerCellProblem(index)
        for index in self.numbers:
            _filled(columns[index], float)
        for index in self.dates:
            _filled(columns[index], dt.date)
        for index, read, memo, written in self.decoded:
            values = set(columns[index]) - memo
            values.discard("")
            if not _all_written(values, written):
                for value in values:
                    try:
                        read(value)
                    except CellProblem as problem:
                        raise AnswerCellProblem(f"column {index}: {problem.code}") from problem
            if len(memo) < MEMO_SIZE:
                memo.update(columns[index])


def _filled(column: Sequence[object], kind: type) -> set[object]:
    """The distinct filled cells of a column, all of exactly `kind` (else AnswerCellProblem)."""
    kinds = set(map(type, column))
    if not kinds <= {kind, str}:
        raise AnswerCellProblem(kind)
    values = set(column)
    values.discard("")
    if str in kinds and any(value.__class__ is str for value in values):
        raise AnswerCellProblem(kind)           # text where a number or date belongs
    return values


def _all_written(values: set[object], written: re.Pattern | None) -> bool:
    """Whether every value is a text as CityCheck writes the column's cells (so the reader accepts it)."""
    return (written is not None and set(map(type, values)) == {str}
            and written.fullmatch(SEPARATOR.join(values)) is not None)
