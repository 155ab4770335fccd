"""The store's SQLModel tables; JSON columns hold compact JSON text."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _json_column(nullable: bool = False) -> Column:
    return Column(Text, nullable=nullable)


class Record(SQLModel, table=True):
    """One survey record: one form filled for one place."""

    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_form_id_updated_at", "form_id", "updated_at"),
        Index("ix_record_form_id_status_updated_at", "form_id", "status", "updated_at"),
        Index("ix_record_district_updated_at", "district", "updated_at"),
        Index("ix_record_street_updated_at", "street", "updated_at"),
        Index("ix_record_search", "updated_at", "address", "building_code"),
    )

    id: str = Field(primary_key=True)
    form_id: str = Field(index=True)
    form_version: str
    status: str = Field(index=True)
    revision: int
    created_at: str
    updated_at: str = Field(index=True)
    inspector: str
    device_id: str
    district: str | None = Field(default=None, index=True)
    street: str | None = Field(default=None, index=True)
    community: str | None = Field(default=None, index=True)
    estate: str | None = None
    building_code: str | None = Field(default=None, index=True)
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    answers: str = Field(sa_column=_json_column())
    calculated: str = Field(sa_column=_json_column())
    summary: str = Field(sa_column=_json_column())
    findings: str = Field(sa_column=_json_column())
    last_section: str | None = None
    vector: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))   # see lineage


class Photo(SQLModel, table=True):
    """A photo stored once by content hash, with its thumbnail."""

    __tablename__ = "photo"

    sha256: str = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    mime: str
    width: int
    height: int
    created_at: str


class RecordPhoto(SQLModel, table=True):
    """Links a record to every photo its answers mention."""

    __tablename__ = "record_photo"

    record_id: str = Field(
        sa_column=Column(Text, ForeignKey("record.id", ondelete="CASCADE"), primary_key=True)
    )
    sha256: str = Field(
        sa_column=Column(Text, ForeignKey("photo.sha256"), primary_key=True, index=True)
    )


class AuditEntry(SQLModel, table=True):
    """One changed field of a final record: who, when, why, old and new JSON."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(
        sa_column=Column(Text, ForeignKey("record.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    at: str
    who: str
    field: str
    old: str | None = Field(default=None, sa_column=_json_column(nullable=True))
    new: str | None = Field(default=None, sa_column=_json_column(nullable=True))
    reason: str


class Task(SQLModel, table=True):
    """A building on the inspector's list, with the forms to fill there."""

    __tablename__ = "task"

    id: int | None = Field(default=None, primary_key=True)
    district: str | None = None
    street: str | None = None
    community: str | None = None
    estate: str | None = None
    building_code: str | None = Field(default=None, index=True)
    address: str | None = None
    forms: str = Field(sa_column=_json_column())
    status: str = Field(index=True)
    created_at: str


class Conflict(SQLModel, table=True):
    """A losing version of a record kept when two versions collide on merge."""

    __tablename__ = "conflict"

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(index=True)
    revision: int
    content: str = Field(sa_column=_json_column())
    source: str
    detected_at: str
    resolved: bool = False


class Meta(SQLModel, table=True):
    """Key-value settings of this device, including its device_id."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


class ProblemSetting(SQLModel, table=True):
    """What the district office set for one row of the 问题清单 / 整治建议清单 (empty: the default)."""

    __tablename__ = "problem_setting"

    key: str = Field(primary_key=True)      # 区/街道/社区/小区 path + "#" + handbook item id
    severity: str = ""
    difficulty: str = ""
    problem_class: str = ""
    responsible: str = ""
    advice: str = ""
    priority: str = ""
    next_year: bool | None = None
    updated_at: str
    who: str


class ListedProblem(SQLModel, table=True):
    """A building's problem as listed in a year's 问题清单, and when a later survey showed it fixed."""

    __tablename__ = "listed_problem"
    __table_args__ = (UniqueConstraint("year", "district", "building_code", "item_id", name="uq_listed_problem"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    district: str
    building_code: str
    item_id: str
    indicator_id: str
    problem_class: str
    place: str
    listed_at: str
    fixed_at: str | None = None


STORE_TABLES = (Record, Photo, RecordPhoto, AuditEntry, Task, Conflict, Meta, ProblemSetting, ListedProblem)
