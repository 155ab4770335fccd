"""Domain-shaped demo values: plausible years, structures, defect rates and sizes per survey."""

from __future__ import annotations

from forms.demo.places import DISTRICTS, id_number, person_name, phone_number


def _age(ctx, answers) -> int:
    return ctx.survey_date.year - int(answers.get("year_built") or 1990)


def _weighted(rng, options: dict[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _checklist(ctx, answers, item, base_rate: float) -> list[str]:
    rate = base_rate * (2.0 if _age(ctx, answers) >= 35 else 1.0)
    return [code for code in item.choice_codes() if ctx.rng.random() < rate]


def _year_built(ctx, answers, item) -> int:
    return min(int(ctx.rng.triangular(1952, 2019, 1992)), ctx.survey_date.year)


def _floors_above(ctx, answers, item) -> int:
    old = int(answers.get("year_built") or 1990) < 1995
    return ctx.rng.randint(2, 7) if old else ctx.rng.choice((6, 7, 9, 11, 18, 24, 28, 32))


def _structure(ctx, answers, item) -> str:
    floors = answers.get("floors_above") or 6
    if floors >= 12:
        return _weighted(ctx.rng, {"shear_wall": 6, "frame_shear_wall": 3, "frame": 1})
    return _weighted(ctx.rng, {"brick_concrete": 10, "frame": 3, "brick_wood": 1, "earth_wood": 0.3,
                               "steel": 0.2, "other": 0.2})


def _use(ctx, answers, item) -> str:
    return _weighted(ctx.rng, {"residential": 75, "mixed_commercial": 10, "self_built_business": 5,
                               "self_built_other": 5, "public": 3, "other": 2})


def _judgement(ctx, answers, item) -> str:
    structural = len(answers.get("hazards_structure") or [])
    others = sum(len(answers.get(k) or []) for k in ("hazards_gas", "hazards_corridor", "hazards_envelope"))
    if structural >= 2:
        return "danger"
    return "potential" if structural or others >= 2 else "none"


def _jgj_enabled(ctx, answers, item) -> str:
    rate = 0.6 if answers.get("initial_judgement") == "danger" else 0.1
    return "yes" if ctx.rng.random() < rate else "no"


def _components(ctx, answers, item) -> list[dict[str, object]]:
    rng = ctx.rng
    danger_rate = 0.04 if answers.get("initial_judgement") == "danger" else 0.003
    rows = [_component_row(rng, 0, "foundation", rng.randint(8, 30), danger_rate)]
    kinds = ("interior_column", "edge_column", "corner_column", "bearing_wall", "interior_beam", "edge_beam", "slab")
    for layer in range(1, min(int(answers.get("floors_above") or 3), 6) + 1):
        rows += [_component_row(rng, layer, kind, rng.randint(4, 40), danger_rate) for kind in kinds]
    return rows


def _component_row(rng, layer: int, component: str, total: int, rate: float) -> dict[str, object]:
    dangerous = sum(1 for _ in range(total) if rng.random() < rate)
    return {"layer": layer, "component": component, "total_count": total, "dangerous_count": dangerous}


def _self_built_only(maker):
    def generate(ctx, answers, item):
        return maker(ctx.rng) if answers.get("self_built") == "yes" else None
    return generate


def _id_number(ctx, answers, item):
    if answers.get("self_built") != "yes":
        return None
    return id_number(ctx.rng, DISTRICTS[ctx.place.district][0])


HOUSING = {
    "building_name": lambda ctx, a, item: f"{ctx.place.estate}{ctx.rng.randint(1, 12)}栋",
    "year_built": _year_built,
    "floors_above": _floors_above,
    "floors_below": lambda ctx, a, item: 0 if (a.get("floors_above") or 0) < 9 else ctx.rng.randint(1, 2),
    "floor_area": lambda ctx, a, item: round((a.get("floors_above") or 1) * ctx.rng.uniform(250, 900), 1),
    "structure_type": _structure,
    "building_use": _use,
    "land_type": lambda ctx, a, item: _weighted(ctx.rng, {"state": 85, "collective": 15}),
    "self_built": lambda ctx, a, item: "yes" if str(a.get("building_use", "")).startswith("self_built") else "no",
    "households": lambda ctx, a, item: (a.get("floors_above") or 1) * ctx.rng.randint(2, 8),
    "owner_name": _self_built_only(person_name),
    "contact_phone": _self_built_only(phone_number),
    "id_number": _id_number,
    "hazards_structure": lambda ctx, a, item: _checklist(ctx, a, item, 0.015),
    "hazards_gas": lambda ctx, a, item: _checklist(ctx, a, item, 0.05),
    "hazards_corridor": lambda ctx, a, item: _checklist(ctx, a, item, 0.05),
    "hazards_envelope": lambda ctx, a, item: _checklist(ctx, a, item, 0.04),
    "envelope_failed_area": lambda ctx, a, item: round(ctx.rng.uniform(2, 60), 1) if a.get("hazards_envelope") else None,
    "non_self_contained_units": lambda ctx, a, item: ctx.rng.choice((0, 0, 0, 0, 2, 6)) if _age(ctx, a) > 40 else 0,
    "needs_energy_retrofit": lambda ctx, a, item: "yes" if _age(ctx, a) > 25 and ctx.rng.random() < 0.6 else "no",
    "needs_digital_retrofit": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.3 else "no",
    "initial_judgement": _judgement,
    "jgj_enabled": _jgj_enabled,
    "ground_dangerous": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.05 else "no",
    "ground_tilt_percent": lambda ctx, a, item: round(ctx.rng.uniform(0, 1.8), 2),
    "ground_settlement_cracks": lambda ctx, a, item: "no",
    "jgj_components": _components,
    "appraised_grade": lambda ctx, a, item: None,
    "appraisal_reason": lambda ctx, a, item: None,
    "appraisal_date": lambda ctx, a, item: None,
    "judgement_basis": lambda ctx, a, item: "现场目测" if a.get("initial_judgement") != "none" else None,
    "census_structure_hazard": lambda ctx, a, item: _rare(ctx, 0.03) if ctx.rng.random() < 0.5 else None,
    "piped_gas": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.85 else "no",
    "gas_riser_material": lambda ctx, a, item: _weighted(ctx.rng, {"steel": 6, "galvanized_steel": 3, "pe": 1}),
    "gas_riser_year": lambda ctx, a, item: max(int(a.get("year_built") or 1990), 1985) + ctx.rng.randint(0, 12),
    "gas_riser_hazardous": lambda ctx, a, item: _rare(ctx, 0.25 if _age(ctx, a) >= 20 else 0.05),
    "extinguishers_per_stairwell": lambda ctx, a, item: ctx.rng.choice((0, 1, 2, 2, 3, 4)),
    "energy_diagnosis_needed": lambda ctx, a, item: _rare(ctx, 0.6),
    "energy_safe_20_years": lambda ctx, a, item: _rare(ctx, 0.8),
    "demolition_planned": lambda ctx, a, item: _rare(ctx, 0.05),
    "energy_retrofitted": lambda ctx, a, item: _rare(ctx, 0.3),
    "building_pipe_problems": lambda ctx, a, item: _checklist(ctx, a, item, 0.04),
    "building_pipe_photos": lambda ctx, a, item: ctx.photos(len(a.get("building_pipe_problems") or [])) or None,
    "fibre_to_home": lambda ctx, a, item: _rare(ctx, 0.85),
    "security_devices": lambda ctx, a, item: _rare(ctx, 0.8),
    "smoke_detectors_common": lambda ctx, a, item: _rare(ctx, 0.7),
    "emergency_call_missing_households": lambda ctx, a, item: 1 if ctx.rng.random() < 0.1 else 0,
}


def _rare(ctx, rate: float) -> str:
    """"yes" with probability `rate`."""
    return "yes" if ctx.rng.random() < rate else "no"


def _material(ctx, answers, item) -> str:
    by_category = {
        "gas": {"grey_cast_iron": 2, "ductile_iron": 3, "steel": 4, "pe": 5},
        "water": {"cement": 1, "asbestos": 1, "grey_cast_iron": 3, "ductile_iron": 5, "pe": 4, "galvanized_steel": 2},
        "drainage": {"plain_concrete": 3, "reinforced_concrete": 5, "pvc": 3},
        "heating": {"steel": 8, "other": 1},
        "power_telecom": {"pvc": 3, "steel": 1, "other": 2},
    }
    return _weighted(ctx.rng, by_category[answers.get("pipe_category", "water")])


PIPES = {
    "pipe_name": lambda ctx, a, item: f"{ctx.place.address.split('号')[0]}号段",
    "pipe_category": lambda ctx, a, item: _weighted(ctx.rng, {"gas": 4, "water": 4, "drainage": 3, "heating": 1,
                                                              "power_telecom": 1}),
    "material": _material,
    "anticorrosion_lining": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.5 else "no",
    "diameter_mm": lambda ctx, a, item: float(ctx.rng.choice((25, 50, 100, 150, 200, 300, 500, 800))),
    "length_m": lambda ctx, a, item: round(ctx.rng.uniform(20, 800), 1),
    "install_year": lambda ctx, a, item: ctx.rng.randint(1965, 2020),
    "assessed_hazardous": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.3 else "no",
    "defects": lambda ctx, a, item: [c for c in item.choice_codes() if ctx.rng.random() < 0.06],
    "cross_connected": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.15 else "no",
    "heat_loss_large": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.3 else "no",
    "defect_records": lambda ctx, a, item: [
        {"defect": code, "description": "现场可见", "defect_photos": ctx.photos(1)} for code in a.get("defects") or []
    ] or None,
}


def _ramp_run(ctx, answers, item) -> float:
    return round((answers.get("ramp_rise_mm") or 300) * ctx.rng.choice((8, 10, 12, 13, 15, 20)), 0)


AGING = {
    "year_built": _year_built,
    "floors": lambda ctx, a, item: ctx.rng.choice((3, 4, 5, 6, 7, 7, 9, 11, 18, 24)),
    "has_lift": lambda ctx, a, item: "yes" if (a.get("floors") or 0) >= 8 else "no",
    "lift_retrofit_feasible": lambda ctx, a, item: _weighted(ctx.rng, {"yes": 5, "no": 2, "unknown": 3}),
    "entrance_type": lambda ctx, a, item: _weighted(ctx.rng, {"level": 3, "steps_ramp": 4, "steps_platform": 1,
                                                              "steps_only": 3}),
    "ramp_rise_mm": lambda ctx, a, item: float(ctx.rng.randint(60, 600)),
    "ramp_run_mm": _ramp_run,
    "ramp_cross_fall_percent": lambda ctx, a, item: round(ctx.rng.uniform(0.5, 3.0), 1),
    "landing_depth_mm": lambda ctx, a, item: float(ctx.rng.choice((1000, 1200, 1500, 1600, 1800))),
    "door_width_mm": lambda ctx, a, item: float(ctx.rng.choice((750, 800, 900, 1000, 1200))),
    "threshold_height_mm": lambda ctx, a, item: float(ctx.rng.choice((0, 0, 10, 15, 30))),
    "grate_opening_mm": lambda ctx, a, item: float(ctx.rng.choice((8, 10, 13, 20))) if ctx.rng.random() < 0.4 else None,
    "passage_width_mm": lambda ctx, a, item: float(ctx.rng.choice((900, 1000, 1100, 1200, 1400, 1600))),
    "handrail_height_mm": lambda ctx, a, item: float(ctx.rng.choice((800, 850, 880, 900, 950))),
    "handrail_lower_height_mm": lambda ctx, a, item: float(ctx.rng.choice((600, 650, 680, 700))),
    "hardship_elderly_unretrofitted": lambda ctx, a, item: ctx.rng.choice((0, 0, 0, 0, 0, 1, 2)),
}


def _listing(ctx, answers, item) -> str:
    return _weighted(ctx.rng, {"published": 85, "lead": 10, "lost": 3, "demolished_illegally": 2})


HISTORIC = {
    "hb_name": lambda ctx, a, item: ctx.rng.choice(("", "刘", "陈", "卢", "杨")) + ctx.rng.choice(
        ("公馆", "旧居", "大院", "银行旧址", "会馆", "洋行旧址", "教堂", "仓库旧址")),
    "listing_status": _listing,
    "relic_level": lambda ctx, a, item: _weighted(ctx.rng, {"none": 85, "unverified": 10, "city_county": 5}),
    "year_built": lambda ctx, a, item: ctx.rng.randint(1890, 1979),
    "protected_area": lambda ctx, a, item: _weighted(ctx.rng, {"none": 4, "historic_city": 3, "historic_district": 3}),
    "owner_name": lambda ctx, a, item: person_name(ctx.rng) if a.get("ownership") == "private" else None,
    "contact_phone": lambda ctx, a, item: phone_number(ctx.rng) if a.get("ownership") == "private" else None,
    "occupancy": lambda ctx, a, item: _weighted(ctx.rng, {"in_use": 60, "partly_vacant": 25, "vacant": 15}),
    "plate_installed": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.8 else "no",
    "plate_number": lambda ctx, a, item: f"渝历建-{ctx.rng.randint(1, 999):03d}",
    "archived": lambda ctx, a, item: "yes" if ctx.rng.random() < 0.7 else "no",
    "hazards_structure": lambda ctx, a, item: _checklist(ctx, a, item, 0.03),
    "hazards_gas": lambda ctx, a, item: [],
    "hazards_corridor": lambda ctx, a, item: _checklist(ctx, a, item, 0.03),
    "hazards_envelope": lambda ctx, a, item: _checklist(ctx, a, item, 0.06),
}

GENERATORS = {
    "housing_safety": HOUSING,
    "old_pipelines": PIPES,
    "aging_friendly": AGING,
    "historic_buildings": HISTORIC,
}
