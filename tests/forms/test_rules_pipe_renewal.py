"""Pipe renewal eligibility per 国办发〔2022〕22号 (gas, water) and the configurable categories."""

from __future__ import annotations

from datetime import date

import pytest

from forms.assessment import assess
from forms.loader import load_catalog

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def form():
    return load_catalog()["old_pipelines"]


def pipe(category, material, *, age=10, hazardous="no", **extra):
    return {"pipe_category": category, "material": material, "install_year": TODAY.year - age,
            "assessed_hazardous": hazardous, "length_m": 250.0, **extra}


def renewal(form, answers, **kwargs):
    summary = assess(form, answers, today=TODAY, **kwargs).summary
    return summary["renewal_due"], summary["renewal_rule"]


def test_grey_cast_iron_gas_pipe_is_due_whatever_its_age(form):
    result = assess(form, pipe("gas", "grey_cast_iron", age=3), today=TODAY)
    assert result.summary["renewal_due"] is True
    assert result.summary["renewal_rule"] == "pipe.gas_grey_cast_iron"
    assert result.summary["renewal_reason"] == "灰口铸铁燃气管道，须更新（国办发〔2022〕22号 燃气管道）"
    assert result.summary["length_m"] == 250.0


@pytest.mark.parametrize(("age", "hazardous", "due"), [
    (19, "yes", False), (20, "yes", True), (21, "yes", True), (21, "no", False),
])
def test_steel_gas_pipe_is_due_from_20_years_when_assessed_hazardous(form, age, hazardous, due):
    assert renewal(form, pipe("gas", "steel", age=age, hazardous=hazardous))[0] is due


def test_steel_gas_pipe_message_names_age_and_limit(form):
    result = assess(form, pipe("gas", "steel", age=21, hazardous="yes"), today=TODAY)
    assert result.findings[0].message == ("钢燃气管道使用 21 年（不少于 20 年）且经评估存在安全隐患，须更新"
                                          "（国办发〔2022〕22号 燃气管道）")
    assert result.findings[0].values["age"] == 21


@pytest.mark.parametrize(("material", "hazardous", "due"), [
    ("ductile_iron", "yes", True), ("ductile_iron", "no", False), ("pe", "no", False),
])
def test_other_gas_materials(form, material, hazardous, due):
    assert renewal(form, pipe("gas", material, age=25, hazardous=hazardous))[0] is due


@pytest.mark.parametrize("material", ["asbestos", "cement"])
def test_asbestos_and_cement_water_pipes_are_due(form, material):
    assert renewal(form, pipe("water", material, age=2)) == (True, "pipe.water_cement_asbestos")


@pytest.mark.parametrize(("lining", "age", "hazardous", "expected"), [
    ("no", 5, "no", (True, "pipe.water_grey_cast_iron_unlined")),
    ("yes", 5, "no", (False, None)),
    ("yes", 30, "yes", (True, "pipe.water_aged_hazardous")),
    ("yes", 29, "yes", (False, None)),
])
def test_grey_cast_iron_water_pipe(form, lining, age, hazardous, expected):
    answers = pipe("water", "grey_cast_iron", age=age, hazardous=hazardous, anticorrosion_lining=lining)
    assert renewal(form, answers) == expected


def test_water_pipe_of_other_material_is_due_from_30_years_when_hazardous(form):
    assert renewal(form, pipe("water", "pe", age=30, hazardous="yes"))[0] is True
    assert renewal(form, pipe("water", "pe", age=30, hazardous="no"))[0] is False


@pytest.mark.parametrize(("answers", "rule"), [
    (pipe("drainage", "plain_concrete", cross_connected="no"), "pipe.drainage_plain_concrete"),
    (pipe("drainage", "pvc", cross_connected="yes"), "pipe.drainage_cross_connected"),
    (pipe("drainage", "pvc", age=50, cross_connected="no"), "pipe.drainage_aged"),
    (pipe("heating", "steel", age=20, heat_loss_large="no"), "pipe.heating_aged"),
    (pipe("heating", "steel", heat_loss_large="yes"), "pipe.heating_leak_heat_loss"),
    (pipe("heating", "steel", heat_loss_large="no", defects=["leak"]), "pipe.heating_leak_heat_loss"),
])
def test_configurable_drainage_and_heating_rules(form, answers, rule):
    assert renewal(form, answers) == (True, rule)


def test_young_sound_pipes_and_power_lines_are_not_due(form):
    assert renewal(form, pipe("drainage", "pvc", age=49, cross_connected="no")) == (False, None)
    assert renewal(form, pipe("heating", "steel", age=19, heat_loss_large="no")) == (False, None)
    assert renewal(form, pipe("power_telecom", "grey_cast_iron", age=60, hazardous="yes")) == (False, None)


def test_city_profile_lowers_the_drainage_age_without_code(form):
    answers = pipe("drainage", "pvc", age=45, cross_connected="no")
    assert renewal(form, answers)[0] is False
    assert renewal(form, answers, profile={"old_pipelines": {"drainage_min_age": 40}}) == (True, "pipe.drainage_aged")


def test_irrelevant_answers_do_not_fire_rules(form):
    # cross_connected is only relevant for drainage; a leftover "yes" on a gas pipe changes nothing,
    # and a leftover lining "no" on a power line (irrelevant there) is never read.
    assert renewal(form, pipe("gas", "pe", cross_connected="yes")) == (False, None)
    answers = pipe("water", "grey_cast_iron", anticorrosion_lining="no")
    assert renewal(form, answers)[0] is True
    assert renewal(form, {**answers, "pipe_category": "power_telecom"}) == (False, None)
