"""Load survey definitions: read YAML → normalise → build the typed model → validate."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

from forms.city_profile import apply_profile
from forms.definition_checks import check_definition
from forms.definition_errors import DefinitionError, DefinitionErrors, did_you_mean
from forms.model import (
    YES_NO_CHOICES_NAME,
    Choice,
    Field,
    FieldType,
    FormDefinition,
    Parameter,
    Section,
)
from forms.yaml_file import read_yaml

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
HEADER_FILE = "_header.yaml"
SHARED_CHOICES_FILE = "_choices.yaml"
FORM_ORDER = ("housing_safety", "old_pipelines", "aging_friendly", "historic_buildings")

FIELD_ATTRIBUTES = frozenset({
    "key", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message",
    "calculation", "value_type", "unit", "min", "max", "choices", "appearance", "min_photos",
    "sensitive", "fields", "min_rows", "max_rows",
})
SECTION_ATTRIBUTES = frozenset({"key", "title", "relevant", "fields"})
FORM_ATTRIBUTES = frozenset({
    "id", "version", "title", "description", "include_header", "parameters", "choices", "sections",
})


class _Builder:
    """Build one FormDefinition from normalised dicts, collecting every problem."""

    def __init__(self, source_name: str, shared_choices: Mapping[str, object]) -> None:
        self.source = source_name
        self.shared_choices = shared_choices
        self.problems: list[DefinitionError] = []
        self.lists: dict[str, tuple[Choice, ...]] = {}

    def problem(self, code: str, where: str = "", **values: object) -> None:
        location = f"{self.source}, {where}" if where else self.source
        self.problems.append(DefinitionError.make(code, location, **values))

    def build(self, raw: object, header: list[object]) -> FormDefinition | None:
        if not isinstance(raw, dict):
            self.problem("form-002", item="id / version / title / sections")
            return None
        for name in sorted(set(raw) - FORM_ATTRIBUTES):
            self.problem("form-016", f"key {name}", attribute=name,
                         suggestion=did_you_mean(name, FORM_ATTRIBUTES))
        missing = [name for name in ("id", "version", "title", "sections") if not raw.get(name)]
        if missing:
            self.problem("form-002", item=" / ".join(missing))
            return None
        self.lists = self.choice_lists({**self.shared_choices, **(raw.get("choices") or {})})
        raw_sections = list(header) if raw.get("include_header", True) else []
        raw_sections += list(raw["sections"] or [])
        sections = tuple(s for s in (self.section(item) for item in raw_sections) if s)
        return FormDefinition(
            id=str(raw["id"]), version=str(raw["version"]), title=str(raw["title"]),
            description=str(raw.get("description") or ""), sections=sections,
            parameters=MappingProxyType(self.parameters(raw.get("parameters") or {})),
            source_name=self.source,
        )

    def choice_lists(self, raw_lists: Mapping[str, object]) -> dict[str, tuple[Choice, ...]]:
        built = {YES_NO_CHOICES_NAME: (Choice("yes", "是"), Choice("no", "否"))}
        for name, items in raw_lists.items():
            built[str(name)] = self.choice_list(str(name), items)
        return built

    def choice_list(self, name: str, items: object) -> tuple[Choice, ...]:
        if not isinstance(items, list) or not items:
            self.problem("form-007", f"choices {name}", name=name)
            return ()
        choices, seen = [], set()
        for item in items:
            code = str(item.get("code", "")) if isinstance(item, dict) else ""
            label = str(item.get("label", "")) if isinstance(item, dict) else ""
            if not label:
                self.problem("form-010", f"choices {name}", what=f"选项 {code or item}")
            if code in seen:
                self.problem("form-008", f"choices {name}", name=name, value=code)
            seen.add(code)
            choices.append(Choice(code, label))
        return tuple(choices)

    def parameters(self, raw: Mapping[str, object]) -> dict[str, Parameter]:
        built = {}
        for key, spec in raw.items():
            spec = spec if isinstance(spec, dict) else {"value": spec}
            if spec.get("value") is None:
                self.problem("form-018", f"parameter {key}", key=key, detail="缺少 value；请填写阈值。")
                continue
            built[str(key)] = Parameter(
                key=str(key), value=spec["value"], label=str(spec.get("label") or ""),
                unit=str(spec.get("unit") or ""), source=str(spec.get("source") or ""),
            )
        return built

    def section(self, raw: object) -> Section | None:
        if not isinstance(raw, dict) or not raw.get("key"):
            self.problem("form-002", item="sections[].key")
            return None
        key = str(raw["key"])
        for name in sorted(set(raw) - SECTION_ATTRIBUTES):
            self.problem("form-016", f"section {key}", attribute=name,
                         suggestion=did_you_mean(name, SECTION_ATTRIBUTES))
        if not raw.get("title"):
            self.problem("form-010", f"section {key}", what=f"页面 {key} 的 title")
        fields = tuple(f for f in (self.field(item) for item in raw.get("fields") or []) if f)
        return Section(key=key, title=str(raw.get("title") or key), fields=fields,
                       relevant=_optional_text(raw.get("relevant")))

    def field(self, raw: object) -> Field | None:
        if not isinstance(raw, dict) or not raw.get("key"):
            self.problem("form-002", item="fields[].key")
            return None
        key = str(raw["key"])
        where = f"field {key}"
        for name in sorted(set(raw) - FIELD_ATTRIBUTES):
            self.problem("form-016", where, attribute=name, suggestion=did_you_mean(name, FIELD_ATTRIBUTES))
        try:
            field_type = FieldType(str(raw.get("type")))
        except ValueError:
            allowed = ", ".join(t.value for t in FieldType)
            self.problem("form-003", where, value=raw.get("type"), allowed=allowed,
                         suggestion=did_you_mean(str(raw.get("type")), [t.value for t in FieldType]))
            return None
        if not raw.get("label"):
            self.problem("form-010", where, what=f"字段 {key}")
        choices, choice_list = self.field_choices(field_type, raw, where)
        return Field(
            key=key, type=field_type, label=str(raw.get("label") or key),
            hint=str(raw.get("hint") or ""), required=bool(raw.get("required", False)),
            relevant=_optional_text(raw.get("relevant")),
            constraint=_optional_text(raw.get("constraint")),
            constraint_message=str(raw.get("constraint_message") or ""),
            calculation=_optional_text(raw.get("calculation")),
            value_type=str(raw.get("value_type") or ""), unit=str(raw.get("unit") or ""),
            minimum=raw.get("min"), maximum=raw.get("max"), choices=choices,
            choice_list=choice_list, appearance=str(raw.get("appearance") or ""),
            min_photos=int(raw.get("min_photos") or 0), sensitive=bool(raw.get("sensitive", False)),
            fields=tuple(f for f in (self.field(item) for item in raw.get("fields") or []) if f),
            min_rows=int(raw.get("min_rows") or 0),
            max_rows=None if raw.get("max_rows") is None else int(raw["max_rows"]),
        )

    def field_choices(self, field_type: FieldType, raw: dict, where: str) -> tuple[tuple[Choice, ...], str]:
        spec = raw.get("choices")
        if field_type is FieldType.YES_NO and spec is None:
            return self.lists[YES_NO_CHOICES_NAME], YES_NO_CHOICES_NAME
        if spec is None:
            return (), ""
        if isinstance(spec, list):
            return self.choice_list(str(raw.get("key")), spec), ""
        name = str(spec)
        if name not in self.lists:
            self.problem("form-006", where, name=name, suggestion=did_you_mean(name, self.lists))
            return (), name
        return self.lists[name], name


def _optional_text(value: object) -> str | None:
    if value is None or value is False:
        return None
    text = str(value).strip()
    return text or None


def shared_parts(definitions_dir: Path) -> tuple[list[object], Mapping[str, object]]:
    """Return the shared header sections and the shared choice lists of a definitions folder."""
    header_path = definitions_dir / HEADER_FILE
    choices_path = definitions_dir / SHARED_CHOICES_FILE
    header = read_yaml(header_path) if header_path.exists() else {}
    choices = read_yaml(choices_path) if choices_path.exists() else {}
    sections = (header or {}).get("sections") or ([header] if header and "key" in header else [])
    return list(sections), dict((choices or {}).get("choices") or {})


def load_form_text(text: str, source_name: str, definitions_dir: Path | None = None) -> FormDefinition:
    """Load and validate a definition held in a string (shared parts from `definitions_dir`)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionErrors([DefinitionError.make("form-001", source_name, detail=exc)]) from exc
    header, shared_choices = shared_parts(definitions_dir or DEFINITIONS_DIR)
    return _finish(raw, source_name, header, shared_choices)


def load_form(path: Path | str, definitions_dir: Path | None = None) -> FormDefinition:
    """Load and validate one definition file; shared parts come from its own folder."""
    path = Path(path)
    header, shared_choices = shared_parts(definitions_dir or path.parent)
    return _finish(read_yaml(path), path.name, header, shared_choices)


def _finish(raw: object, source_name: str, header: list[object], shared_choices) -> FormDefinition:
    builder = _Builder(source_name, shared_choices)
    form = builder.build(raw, header)
    problems = builder.problems
    if form is not None:
        problems += check_definition(form)
    if problems:
        raise DefinitionErrors(problems)
    return form


def definition_paths(definitions_dir: Path | None = None) -> list[Path]:
    folder = definitions_dir or DEFINITIONS_DIR
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))


class FormCatalog(Mapping[str, FormDefinition]):
    """The loaded surveys by id, in the fixed 城市体检 order."""

    def __init__(self, forms: list[FormDefinition]) -> None:
        rank = {form_id: index for index, form_id in enumerate(FORM_ORDER)}
        ordered = sorted(forms, key=lambda f: (rank.get(f.id, len(rank)), f.id))
        self._forms = {form.id: form for form in ordered}

    def __getitem__(self, form_id: str) -> FormDefinition:
        return self._forms[form_id]

    def __iter__(self):
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)

    def by_title(self, title: str) -> FormDefinition | None:
        return next((f for f in self._forms.values() if f.title == title), None)


def load_catalog(definitions_dir: Path | None = None, profile: Mapping | Path | str | None = None) -> FormCatalog:
    """Load every definition in the folder, applying a city profile's parameter overrides."""
    forms, problems = [], []
    for path in definition_paths(definitions_dir):
        try:
            forms.append(load_form(path, definitions_dir))
        except DefinitionErrors as exc:
            problems += exc.problems
    if problems:
        raise DefinitionErrors(problems)
    if profile is not None:
        forms = apply_profile(forms, profile)
    return FormCatalog(forms)
