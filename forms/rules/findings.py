"""What a rule returns: fired findings with their values, and summary facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

SEVERITIES = ("danger", "warning", "notice")  # notice = advice (e.g. inspection cycle), not a problem


@dataclass(frozen=True)
class Finding:
    """One fired rule: which rule, from which standard clause, and the values that fired it."""

    rule_id: str
    title: str
    standard: str
    clause: str
    message: str
    severity: str
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Return the citation, e.g. 'GB 55019-2021 第2.3.1条'."""
        return f"{self.standard} {self.clause}".strip()

    def to_json(self) -> dict:
        return {"rule_id": self.rule_id, "title": self.title, "standard": self.standard,
                "clause": self.clause, "message": self.message, "severity": self.severity,
                "values": dict(self.values)}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Finding:
        return cls(rule_id=str(data["rule_id"]), title=str(data.get("title", "")),
                   standard=str(data.get("standard", "")), clause=str(data.get("clause", "")),
                   message=str(data.get("message", "")), severity=str(data.get("severity", "notice")),
                   values=dict(data.get("values") or {}))


@dataclass(frozen=True)
class RuleOutcome:
    """The findings a rule module fired and the summary facts it contributes."""

    findings: tuple[Finding, ...] = ()
    summary: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
