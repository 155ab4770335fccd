"""Cheap checks that a row's answer cells hold what CityCheck writes, for the merge's fast path.

A cell that fails sends its file to the full reader, which accepts what office software does to
cells (numbers typed as text, dates as 2026/5/3) and refuses the rest naming the cell: so a merge
never passes on an answer that importing would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from forms.model import FieldType
from reports.excel.cells import cell_reader
from reports.excel.layout import Kind, SheetLayout

MEMO_SIZE = 4096       # checked texts of a column remembered (choice combinations repeat a lot)


class AnswerCellProblem(Exception):
    """An answer cell not as CityCheck writes it."""


class AnswerChecks:
    """The answer columns of one sheet layout, grouped by how their cells are checked."""

    def __init__(self, layout: SheetLayout, skipped: frozenset[str] = frozenset()) -> None:
        self.choices: list[tuple[int, frozenset[object]]] = []
        self.integers: list[int] = []
        self.numbers: list[int] = []
        self.dates: list[int] = []
        self.decoded: list[tuple[int, object, set[object]]] = []
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
                self.decoded.append((index, cell_reader(item), set()))
            # text answers: any text is an answer

    def check(self, values: Sequence[object]) -> None:
        """Raise AnswerCellProblem (or the reader's CellProblem) unless every answer cell is as written."""
        for index, allowed in self.choices:
            if values[index] not in allowed:
                raise AnswerCellProblem(index)
        for index in self.integers:
            value = values[index]
            if value != "" and not (value.__class__ is float and value.is_integer()):
                raise AnswerCellProblem(index)
        for index in self.numbers:
            value = values[index]
            if value != "" and value.__class__ is not float:
                raise AnswerCellProblem(index)
        for index in self.dates:
            value = values[index]
            if value != "" and value.__class__ is not dt.date:
                raise AnswerCellProblem(index)
        for index, read, memo in self.decoded:
            value = values[index]
            if value == "" or value in memo:
                continue
            read(value)
            if len(memo) < MEMO_SIZE:
                memo.add(value)
