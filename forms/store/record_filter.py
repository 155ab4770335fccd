"""Which records to list and in what order, as SQL clauses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_
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


@dataclass(frozen=True)
class RecordFilter:
    """Record selection; None means "any". `text` matches address or building code."""

    form_id: str | None = None
    status: str | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    text: str | None = None


def where_clauses(record_filter: RecordFilter | None) -> list[ColumnElement[bool]]:
    """Return the WHERE clauses for `record_filter`."""
    f = record_filter or RecordFilter()
    clauses = [
        col(column) == value
        for column, value in (
            (Record.form_id, f.form_id), (Record.status, f.status),
            (Record.district, f.district), (Record.street, f.street),
            (Record.community, f.community),
        )
        if value is not None
    ]
    if f.text:
        pattern = "%" + _escape_like(f.text.strip()) + "%"
        clauses.append(or_(
            col(Record.address).like(pattern, escape="\\"),
            col(Record.building_code).like(pattern, escape="\\"),
        ))
    return clauses


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
