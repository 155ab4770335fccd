"""The office's 问题清单: settings replace the defaults, listed problems become 已整治, completion rates."""

from __future__ import annotations

import pytest
from sqlmodel import select

from forms.demo import generate
from forms.indicators.problems import ProblemEdit, completion_sheet_rows
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.problem_lists import list_problems, office_deliverables, save_setting
from forms.store.records import RecordStore
from forms.store.tables import ListedProblem, Record


@pytest.fixture()
def demo(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    catalog = load_catalog()
    generate(db, 200, seed=4, catalog=catalog)
    yield db, catalog
    db.close()


def test_office_settings_replace_the_defaults_of_one_row(demo):
    db, catalog = demo
    row = office_deliverables(db, catalog).problems[0]
    save_setting(db, row.key, ProblemEdit(severity="一般", difficulty="高", responsible="某街道", next_year=False),
                 who="区住建局")
    edited = next(r for r in office_deliverables(db, catalog).problems if r.key == row.key)
    assert (edited.severity, edited.difficulty, edited.responsible, edited.next_year) == ("一般", "高", "某街道", False)
    assert edited.problem_class == row.problem_class and edited.advice == row.advice   # untouched: default
    save_setting(db, row.key, ProblemEdit(severity="严重"), who="区住建局")
    again = next(r for r in office_deliverables(db, catalog).problems if r.key == row.key)
    assert (again.severity, again.responsible) == ("严重", row.responsible)


def test_a_later_survey_without_the_problem_marks_it_fixed_and_the_rate_follows(demo):
    db, catalog = demo
    first = office_deliverables(db, catalog)
    corridor = [r for r in first.problems if r.column.id == "corridor_hazard_buildings"]
    listed = list_problems(db, first.problems, 2025)
    assert listed == sum(len(r.buildings) for r in first.problems)
    assert list_problems(db, first.problems, 2025) == 0            # listing twice adds nothing
    assert office_deliverables(db, catalog).completions[0].rate() == 0

    code = corridor[0].buildings[0]
    with db.session() as session:
        record_id = session.exec(select(Record.id).where(Record.building_code == code,
                                                         Record.form_id == "housing_safety",
                                                         Record.status == "final")).first()
    store = RecordStore(db, catalog)
    answers = dict(store.get(record_id).answers)
    answers.update(hazards_corridor=[], extinguishers_per_stairwell=4)
    store.save_answers(record_id, answers, who="复查员", reason="回头看：楼道已整治")

    later = office_deliverables(db, catalog)
    with db.session() as session:
        fixed = session.exec(select(ListedProblem).where(ListedProblem.fixed_at.is_not(None))).all()
    assert {(p.building_code, p.indicator_id) for p in fixed} == {(code, "corridor_hazard_buildings")}
    rate = next(c for c in later.completions if c.name == "存在楼道安全隐患的住宅数量")
    listed_corridor = sum(rate.listed.values())
    assert rate.fixed == {"限时解决": len(fixed)} and rate.rate() == round(100 * len(fixed) / listed_corridor, 1)
    assert later.completion_year == 2025
    fixed_rows = [s for s in later.listed if s.fixed_at]
    assert [(s.building_code, s.indicator[:1]) for s in fixed_rows] == [(p.building_code, "3") for p in fixed]
    assert {s.cells()[-1] for s in later.listed} >= {"未整治"} and fixed_rows[0].cells()[-1].startswith("已整治（")
    assert completion_sheet_rows(later.completions)[0][-1] == "问题整治完成率（%）"
