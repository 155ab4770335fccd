"""Historic buildings (《历史文化名城名镇名村保护条例》): listing, plate and archive checks."""

from __future__ import annotations

from forms.rules.catalogue import fire
from forms.rules.findings import RuleOutcome
from forms.rules.inputs import RuleInput


def assess_historic(inp: RuleInput) -> RuleOutcome:
    """Flag listed buildings lacking a plate or archive; record the facts the indicators count."""
    listed = inp.text("listing_status") == "published"
    plated, archived = inp.is_yes("plate_installed"), inp.is_yes("archived")
    findings = []
    if listed and inp.is_no("plate_installed"):
        findings.append(fire("historic.plate_missing", plate_installed="no"))
    if listed and inp.is_no("archived"):
        findings.append(fire("historic.archive_missing", archived="no"))
    relic = inp.text("relic_level")
    if listed and relic and relic != "none":
        findings.append(fire("historic.relic_overlap", relic_level=inp.choice_label("relic_level", relic)))
    demolished = inp.text("listing_status") == "demolished_illegally"
    if demolished:
        findings.append(fire("historic.demolished_illegally", listing_status="demolished_illegally"))
    summary = {"listed": listed, "vacant": listed and inp.text("occupancy") == "vacant",
               "plated_and_archived": listed and plated and archived, "demolished_illegally": demolished}
    return RuleOutcome(tuple(findings), summary)
