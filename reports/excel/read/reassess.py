"""Answers edited by hand in a workbook are assessed again on import, as the app does on every save."""

from __future__ import annotations

from dataclasses import dataclass, replace

from forms.assessment import assess
from forms.model import FormDefinition
from forms.store.answer_content import answered_inspector, json_safe, place_columns
from forms.store.json_text import to_json
from reports.excel.errors import excel_error
from forms.store.record_version import RecordVersion, canonical_number, loads

DRAFT, FINAL = "draft", "final"
MISSING_SHOWN = 5


@dataclass(frozen=True)
class Reassessed:
    """The version with fresh calculated values, summary and findings; a warning when it fell back to draft."""

    version: RecordVersion
    warning: str | None = None


def reassessed(version: RecordVersion, form: FormDefinition, where: str) -> Reassessed:
    """Assess the version's answers again; a final record that no longer passes its checks becomes a draft."""
    answers = dict(version.answers)
    assessment = assess(form, answers)
    place = place_columns(answers)
    fresh = replace(
        version, calculated=_stored(assessment.evaluation.calculated), summary=_stored(assessment.summary),
        findings=tuple(_stored(assessment.findings_json())),
        inspector=answered_inspector(answers) or version.inspector,
        **{key: place[key] for key in ("district", "street", "community", "estate", "building_code", "address")},
        lat=canonical_number(place["lat"]), lon=canonical_number(place["lon"]),
    )
    if version.status != FINAL or assessment.evaluation.can_finalize:
        return Reassessed(fresh)
    problems = [f"{label}：{message}" for _section, _path, label, message in assessment.evaluation.missing()]
    shown = "；".join(problems[:MISSING_SHOWN]) + ("……" if len(problems) > MISSING_SHOWN else "")
    warning = excel_error("import-031", where, record_id=version.id, items=shown)
    return Reassessed(replace(fresh, status=DRAFT), str(warning))


def _stored(value: object):
    """The value as the store keeps it and reads it back (JSON, floats canonical)."""
    return loads(to_json(json_safe(value)))
