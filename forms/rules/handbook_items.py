"""Fire the 2025 handbook's indicator items on one record (item definitions: forms/indicators/catalogue.yaml).

The facts go into the summary, so the indicator table, the 楼栋台账 and the 问题清单 read what the
inspector saw when the record was saved, without the answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.engine import compiled
from forms.expressions import ExpressionError, truthy
from forms.indicator_catalogue import default_catalogue
from forms.model import FieldType, FormDefinition
from forms.rules.findings import RuleOutcome
from forms.rules.inputs import RuleInput

EMPTY = ""
HOUSING = "housing_safety"
PHOTO_REF_LENGTH = 12
KNOWN_FORMS = 64
_field_types: dict[int, tuple[FormDefinition, Mapping[str, FieldType]]] = {}


def field_types(form: FormDefinition) -> Mapping[str, FieldType]:
    """The form's field key -> type, worked out once per form (items look fields up on every save)."""
    known = _field_types.get(id(form))
    if known is None or known[0] is not form:
        if len(_field_types) >= KNOWN_FORMS:
            _field_types.clear()
        known = _field_types[id(form)] = (form, {item.key: item.type for item in form.fields()})
    return known[1]


def expression_lookup(inp: RuleInput):
    """Resolve ${name}: a relevant answer or calculated value, else a parameter, else an earlier rule fact."""
    types = field_types(inp.form)

    def lookup(name: str) -> object:
        kind = types.get(name)
        if kind is not None:
            value = inp.calc(name) if kind is FieldType.CALCULATE else inp.value(name)
            return EMPTY if value is None else value
        if name in inp.form.parameters:
            return inp.form.parameters[name].value
        value = inp.summary.get(name)
        return EMPTY if value is None else value
    return lookup


def item_fires(inp: RuleInput, when: str) -> bool:
    """Whether the item's expression holds for this record (an expression that cannot run does not)."""
    try:
        return truthy(compiled(when).evaluate(expression_lookup(inp), today=inp.today))
    except ExpressionError:
        return False


def photo_refs(inp: RuleInput, key: str) -> list[str]:
    """Short references (the first characters of each photo's hash) of a photo field's photos."""
    value = inp.value(key) if key in field_types(inp.form) else None
    if not isinstance(value, list):
        return []
    return [str(photo.get("sha256", ""))[:PHOTO_REF_LENGTH] for photo in value
            if isinstance(photo, Mapping) and photo.get("sha256")]


def assess_handbook_items(inp: RuleInput) -> RuleOutcome:
    """Record which handbook items fired, their photo references and the building's use."""
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
