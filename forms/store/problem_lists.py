"""The office's 问题清单: its settings per row, the problems listed each year, and which are fixed.

A year's list is kept building by building. When later surveys no longer fire a listed item on
its building, the problem is 已整治; the next year's report gives the 问题整治完成率 per indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlmodel import col, select

from forms.indicator_catalogue import IndicatorCatalogue
from forms.indicators.deliverables import HousingDeliverables, deliverables_for_database
from forms.indicators.ledger import BuildingLedger
from forms.indicators.problems import URGENT, Completion, ListedStatus, ProblemEdit, ProblemRow
from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.tables import ListedProblem, ProblemSetting

SETTING_FIELDS = ("severity", "difficulty", "problem_class", "responsible", "advice", "priority", "next_year")


def load_settings(db: Database) -> dict[str, ProblemEdit]:
    """Return the office's settings by 问题清单 row key."""
    with db.session() as session:
        rows = session.exec(select(ProblemSetting)).all()
    return {row.key: ProblemEdit(**{name: getattr(row, name) for name in SETTING_FIELDS}) for row in rows}


def save_setting(db: Database, key: str, edit: ProblemEdit, *, who: str) -> None:
    """Store what the office set for one row (replacing what it set before)."""
    values = {name: getattr(edit, name) for name in SETTING_FIELDS}
    with db.session() as session:
        row = session.get(ProblemSetting, key)
        if row is None:
            row = ProblemSetting(key=key, updated_at=utc_now(), who=who, **values)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at, row.who = utc_now(), who
        session.add(row)
        session.commit()


def list_problems(db: Database, rows: tuple[ProblemRow, ...], year: int) -> int:
    """Keep every building of the rows as listed in `year`'s 问题清单; return how many were new."""
    now = utc_now()
    added = 0
    with db.session() as session:
        known = {(p.district, p.building_code, p.item_id) for p in session.exec(
            select(ListedProblem).where(col(ListedProblem.year) == year)).all()}
        for row in rows:
            for code in row.buildings:
                if (row.place[0], code, row.item.id) in known:
                    continue
                known.add((row.place[0], code, row.item.id))
                session.add(ListedProblem(year=year, district=row.place[0], building_code=code, item_id=row.item.id,
                                          indicator_id=row.column.id, problem_class=row.problem_class,
                                          place="/".join(row.place[1:]), listed_at=now))
                added += 1
        session.commit()
    return added


def mark_fixed(db: Database, ledger: BuildingLedger) -> int:
    """Mark listed problems whose building's later surveys no longer fire the item; return how many."""
    fired = {(b.place[0], b.building_code): {i for items in b.fired.values() for i in items} for b in ledger.buildings}
    now = utc_now()
    fixed = 0
    with db.session() as session:
        for problem in session.exec(select(ListedProblem).where(col(ListedProblem.fixed_at).is_(None))).all():
            items = fired.get((problem.district, problem.building_code))
            if items is not None and problem.item_id not in items:
                problem.fixed_at = now
                session.add(problem)
                fixed += 1
        session.commit()
    return fixed


def listed_years(db: Database) -> list[int]:
    with db.session() as session:
        return sorted(set(session.exec(select(ListedProblem.year).distinct()).all()))


def office_deliverables(db: Database, catalog: Mapping[str, object], *, district: str | None = None,
                        street: str | None = None, problem_level: str = "estate") -> HousingDeliverables:
    """The deliverables with the office's settings, listed problems checked for 已整治, and the
    问题整治完成率 of the latest listed year."""
    deliverables = deliverables_for_database(db, catalog, district=district, street=street,
                                             problem_level=problem_level, edits=load_settings(db))
    mark_fixed(db, deliverables.ledger)
    years = listed_years(db)
    if not years:
        return deliverables
    scope = {"district": district, "street": street}
    return replace(deliverables, completion_year=years[-1],
                   completions=completion(db, years[-1], deliverables.catalogue, **scope),
                   listed=listed_statuses(db, years[-1], deliverables.catalogue, **scope))


def completion(db: Database, year: int, catalogue: IndicatorCatalogue, *, district: str | None = None,
               street: str | None = None) -> tuple[Completion, ...]:
    """Return the 问题整治完成率 per indicator of `year`'s list (indicators with listed problems)."""
    problems = _listed(db, year, district, street)
    result = []
    for column in catalogue.columns:
        mine = [p for p in problems if p.indicator_id == column.id]
        if mine:
            listed, fixed = _by_class(mine), _by_class([p for p in mine if p.fixed_at])
            result.append(Completion(column.number, column.name, listed, fixed))
    return tuple(result)


def listed_statuses(db: Database, year: int, catalogue: IndicatorCatalogue, *, district: str | None = None,
                    street: str | None = None) -> tuple[ListedStatus, ...]:
    """Return `year`'s list building by building, in place order, with the date each was fixed."""
    labels = {column.id: column.label for column in catalogue.columns}
    problems = sorted(_listed(db, year, district, street), key=lambda p: (p.district, p.place, p.building_code))
    return tuple(ListedStatus(p.district, p.place, p.building_code, labels.get(p.indicator_id, p.indicator_id),
                              _problem_text(catalogue, p.item_id), p.problem_class, p.listed_at, p.fixed_at)
                 for p in problems)


def _problem_text(catalogue: IndicatorCatalogue, item_id: str) -> str:
    return next((item.problem for item in catalogue.items() if item.id == item_id), item_id)


def _listed(db: Database, year: int, district: str | None, street: str | None) -> list[ListedProblem]:
    query = select(ListedProblem).where(col(ListedProblem.year) == year)
    if district is not None:
        query = query.where(col(ListedProblem.district) == district)
    if street is not None:
        query = query.where(col(ListedProblem.place).startswith(f"{street}/"))
    with db.session() as session:
        return list(session.exec(query).all())


def _by_class(problems: list[ListedProblem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem in problems:
        key = problem.problem_class or URGENT
        counts[key] = counts.get(key, 0) + 1
    return counts
