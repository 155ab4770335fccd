"""Fire the 2025 handbook's indicator items on one record (item definitions: forms/indicators/catalogue.yaml).

The facts go into the summary, so the indicator table, the 楼栋台账 and the 问题清单 read what the
inspector saw when the record was saved, without the answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.expressions import ExpressionError, parse, truthy
from forms.model import FieldType
from forms.rules.findings import RuleOutcome
from forms.rules.inputs import RuleInput

EMPTY = ""
HOUSING = "housing_safety"
PHOTO_REF_LENGTH = 12


def expression_lookup(inp: RuleInput):
    """Resolve ${name}: a relevant answer or calculated value, else a parameter, else an earlier rule fact."""
    def lookup(name: str) -> object:
        if inp.form.has_field(name):
            is_calculated = inp.form.field(name).type is FieldType.CALCULATE
            value = inp.calc(name) if is_calculated else inp.value(name)
            return EMPTY if value is None else value
        if name in inp.form.parameters:
            return inp.form.parameters[name].value
        value = inp.summary.get(name)
        return EMPTY if value is None else value
    return lookup


def item_fires(inp: RuleInput, when: str) -> bool:
    """Whether the item's expression holds for this record (an expression that cannot run does not)."""
    try:
        return truthy(parse(when).evaluate(expression_lookup(inp), today=inp.today))
    except ExpressionError:
        return False


def photo_refs(inp: RuleInput, key: str) -> list[str]:
    """Short references (the first characters of each photo's hash) of a photo field's photos."""
    value = inp.value(key) if key and inp.form.has_field(key) else None
    if not isinstance(value, list):
        return []
    return [str(photo.get("sha256", ""))[:PHOTO_REF_LENGTH] for photo in value
            if isinstance(photo, Mapping) and photo.get("sha256")]


def assess_handbook_items(inp: RuleInput) -> RuleOutcome:
    """Record which handbook items fired, their photo references and the building's use."""
    from forms.indicators.definitions import default_catalogue

    catalogue = default_catalogue()
    fired = [item for item in catalogue.items(inp.form.id) if item_fires(inp, item.when)]
    summary: dict[str, object] = {
        "handbook_items": [item.id for item in fired],
        "handbook_photos": {item.id: refs for item in fired if (refs := photo_refs(inp, item.photos))},
    }
    if inp.form.id == HOUSING:
        use = inp.text("building_use")
        summary["building_use"] = use or None
        summary["self_built_building"] = inp.is_yes("self_built") or use in catalogue.self_built_uses
    return RuleOutcome(summary=summary)
