"""City profiles: a YAML file that overrides definition parameters without a release."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from forms.definition_errors import DefinitionError, DefinitionErrors, did_you_mean
from forms.model import FormDefinition
from forms.yaml_file import read_yaml


def read_profile(profile: Mapping | Path | str) -> tuple[str, Mapping[str, Mapping[str, object]]]:
    """Return (source name, form id -> parameter overrides) from a mapping or a YAML file."""
    if isinstance(profile, Mapping):
        raw, source = profile, "城市配置"
    else:
        path = Path(profile)
        raw, source = read_yaml(path) or {}, path.name
    overrides = raw.get("forms", raw) if isinstance(raw, Mapping) else None
    if not isinstance(overrides, Mapping):
        raise DefinitionErrors([DefinitionError.make("form-002", source, item="forms")])
    return source, overrides


def apply_profile(forms: list[FormDefinition], profile: Mapping | Path | str) -> list[FormDefinition]:
    """Return the forms with the profile's parameter values applied; unknown names are refused."""
    source, overrides = read_profile(profile)
    by_id = {form.id: form for form in forms}
    problems = []
    for form_id, values in overrides.items():
        if form_id not in by_id:
            problems.append(DefinitionError.make(
                "form-020", source, what=f"表单 {form_id}", suggestion=did_you_mean(form_id, by_id)))
            continue
        form = by_id[form_id]
        unknown = [key for key in values if key not in form.parameters]
        problems += [DefinitionError.make("form-020", f"{source}, {form_id}", what=f"参数 {key}",
                                          suggestion=did_you_mean(key, form.parameters)) for key in unknown]
        if not unknown:
            by_id[form_id] = _with_parameters(form, values)
    if problems:
        raise DefinitionErrors(problems)
    return [by_id[form.id] for form in forms]


def _with_parameters(form: FormDefinition, values: Mapping[str, object]) -> FormDefinition:
    parameters = dict(form.parameters)
    for key, value in values.items():
        parameters[key] = dataclasses.replace(parameters[key], value=value)
    return dataclasses.replace(form, parameters=MappingProxyType(parameters))
