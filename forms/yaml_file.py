"""Read a YAML file of survey definitions or a city profile; any read or syntax problem is form-001."""

from __future__ import annotations

from pathlib import Path

import yaml

from forms.definition_errors import DefinitionError, DefinitionErrors


def read_yaml(path: Path) -> object:
    """Read one YAML file, turning every read or syntax problem into form-001."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DefinitionErrors([DefinitionError.make("form-001", path.name, detail=exc)]) from exc
