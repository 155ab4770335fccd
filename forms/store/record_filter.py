"""Which records to list and in what order, as SQL clauses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import col

from forms.store.tables import Record

ORDER_COLUMNS = {
    "updated_at": Record.updated_at,
    "created_at": Record.created_at,
    "district": Record.district,
    "street": Record.street,
    "community": Record.community,
    "estate": Record.estate,
    "building_code": Record.building_code,
    "address": Record.address,
    "status": Record.status,
    "form_id": Record.form_id,
    "inspector": Record.inspector,
}
DEFAULT_ORDER = "-updated_at"

# What the search box looks in: the place columns, then the building's name in the answers
# (房屋安全 names the building, 历史建筑 the protected building).
SEARCHED_COLUMNS = (Record.address, Record.building_code, Record.district, Record.street,
                    Record.community, Record.estate)
SEARCHED_ANSWERS = ("building_name", "hb_name")


@dataclass(frozen=True)
class RecordFilter:
    """Record selection; None means "any". `text` matches any place name, the code or the building's name."""

    form_id: str | None = None
    status: str | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    text: str | None = None
    building_code: str | None = None   # exact code, e.g. read from the building's QR code


def where_clauses(record_filter: RecordFilter | None) -> list[ColumnElement[bool]]:
    """Return the WHERE clauses for `record_filter`."""
    f = record_filter or RecordFilter()
    clauses = [
        col(column) == value
        for column, value in (
            (Record.form_id, f.form_id), (Record.status, f.status),
            (Record.district, f.district), (Record.street, f.street),
            (Record.community, f.community), (Record.building_code, f.building_code),
        )
        if value is not None
    ]
    if f.text:
        pattern = "%" + _escape_like(f.text.strip()) + "%"
        clauses.append(or_(*text_matches(pattern)))
    return clauses


def text_matches(pattern: str) -> list[ColumnElement[bool]]:
    """Return one LIKE clause per searched column and answer."""
    columns = [col(column) for column in SEARCHED_COLUMNS]
    answers = [func.json_extract(Record.answers, f"$.{key}") for key in SEARCHED_ANSWERS]
    return [value.like(pattern, escape="\\") for value in columns + answers]


def order_clauses(order_by: str | None) -> list:
    """Return ORDER BY clauses for "column" or "-column" (descending), id as tiebreaker."""
    order_by = order_by or DEFAULT_ORDER
    descending = order_by.startswith("-")
    name = order_by.lstrip("-")
    if name not in ORDER_COLUMNS:
        raise ValueError(f"unknown record order {order_by!r}; use one of {sorted(ORDER_COLUMNS)}")
    column = col(ORDER_COLUMNS[name])
    tiebreak = col(Record.id)
    if descending:
        return [column.desc(), tiebreak.desc()]
    return [column.asc(), tiebreak.asc()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
