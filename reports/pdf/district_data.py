"""Everything the district summary prints, gathered in one streaming pass over the store."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from operator import itemgetter

from forms.indicators import IndicatorTable
from forms.indicators.deliverables import HousingDeliverables
from forms.store.database import Database
from forms.store.photos import photo_counts
from forms.store.problem_lists import office_deliverables
from forms.store.record_reads import SummaryRow, summary_rows
from reports.pdf.conclusions import HOUSING, finding_message, source_text
from reports.pdf.errors import report_error
from reports.pdf.sources import Scope

BATCH_SIZE = 2000
LEDGER_LIMIT = 0        # 0: the whole ledger (an appendix); a limit keeps the most severe and says so
DRAFT_LIMIT = 2000
SEVERITY_ORDER = {"danger": 0, "warning": 1}
SEVERITY_NAMES = {"danger": "危险", "warning": "一般"}   # the ledger's 程度 column
GRADES = ("A", "B", "C", "D")
NO_GRADE = "未鉴定"
NO_STREET = "（未填街道）"
PROBLEM_LEVEL = "community"    # the handbook's 问题清单 in the district summary lists per 社区


@dataclass(frozen=True)
class LedgerEntry:
    """One problem of the 问题清单."""

    street: str
    building_code: str
    form_id: str
    record_id: str
    address: str
    status: str
    problem: str
    source: str
    severity: str
    photo_count: int = 0

    @property
    def degree(self) -> str:
        """程度: 危险 or 一般."""
        return SEVERITY_NAMES.get(self.severity, self.severity)


LEDGER_ORDER = itemgetter(0, 1, 2, 3, 4)   # severity, street, building, survey, record


@dataclass(frozen=True)
class DraftEntry:
    """A record not yet finalized, listed in the appendix."""

    street: str
    building_code: str
    updated_at: str
    form_id: str
    address: str
    inspector: str
    record_id: str


@dataclass
class DistrictFacts:
    """Counts, the indicator table, the ledger and the drafts of one scope."""

    scope: Scope
    by_form_status: Counter = field(default_factory=Counter)
    by_street_form: Counter = field(default_factory=Counter)
    buildings_by_street: dict[str, set] = field(default_factory=dict)
    grades: Counter = field(default_factory=Counter)
    colours: Counter = field(default_factory=Counter)
    ledger: list[LedgerEntry] = field(default_factory=list)
    ledger_total: int = 0
    # (street, severity) -> problems of final records: the per-street summary printed above the ledger
    problems_by_street: Counter = field(default_factory=Counter)
    # (severity rank, *LedgerEntry fields) of every problem; entries are built only for those printed
    problems: list[tuple] = field(default_factory=list, repr=False)
    drafts: list[DraftEntry] = field(default_factory=list)
    drafts_total: int = 0
    indicators: IndicatorTable | None = None
    district_indicators: IndicatorTable | None = None    # one row per district, for the city's subtotals
    street_district: dict[str, str] = field(default_factory=dict)
    deliverables: HousingDeliverables | None = None   # the 2025 handbook's tables, 楼栋台账 and 清单

    @property
    def record_count(self) -> int:
        return sum(self.by_form_status.values())

    @property
    def streets(self) -> list[str]:
        return sorted({street for street, _form in self.by_street_form})

    def add(self, row: SummaryRow) -> None:
        street = row.street or NO_STREET
        self.by_form_status[(row.form_id, row.status)] += 1
        self.by_street_form[(street, row.form_id)] += 1
        self.street_district.setdefault(street, row.district or "")
        if row.building_code:
            self.buildings_by_street.setdefault(street, set()).add(row.building_code)
        if row.status != "final":
            # Drafts are not counted: listed in the appendix, out of the ledger as out of the indicators.
            self.drafts_total += 1
            self.drafts.append((street, row.building_code or "", row.updated_at, row.form_id,
                                row.address or "", row.inspector, row.id))
            return
        if row.form_id == HOUSING:
            self.grades[row.summary.get("grade") or NO_GRADE] += 1
            self.colours[row.summary.get("colour") or ""] += 1
        self.add_problems(row, street)

    def add_problems(self, row: SummaryRow, street: str) -> None:
        """Queue the record's danger and warning findings for the ledger and count them per street."""
        for finding in row.findings:
            rank = SEVERITY_ORDER.get(finding.get("severity"))
            if rank is not None:
                self.problems_by_street[(street, str(finding.get("severity")))] += 1
                # Only strings and ints: such tuples are left alone by the garbage collector.
                self.problems.append((rank, street, row.building_code or "—", row.form_id, row.id,
                                      row.address or "", row.status, finding_message(finding),
                                      source_text(finding) or "—", str(finding.get("severity"))))
        self.ledger_total = len(self.problems)

    def trim(self, ledger_limit: int, draft_limit: int) -> None:
        """Keep the most severe problems and the drafts in place order, up to the limits (0: keep all)."""
        chosen = heapq.nsmallest(ledger_limit, self.problems, key=LEDGER_ORDER) if ledger_limit \
            else sorted(self.problems, key=LEDGER_ORDER)
        self.ledger = [LedgerEntry(*problem[1:]) for problem in chosen]
        self.problems = []
        drafts = sorted(self.drafts)
        self.drafts = [DraftEntry(*draft) for draft in (drafts[:draft_limit] if draft_limit else drafts)]


def stored_rows(db: Database, scope: Scope, batch_size: int = BATCH_SIZE) -> Iterator[SummaryRow]:
    """Yield every record of the scope without its answers, streaming in batches."""
    return summary_rows(db, scope.record_filter(), batch_size)


def gather_district_facts(db: Database, catalog: Mapping[str, object], scope: Scope, *,
                          ledger_limit: int = LEDGER_LIMIT, draft_limit: int = DRAFT_LIMIT,
                          problem_level: str = PROBLEM_LEVEL) -> DistrictFacts:
    """Read the scope's counts and ledger, then the handbook's deliverables (final records only)."""
    facts = DistrictFacts(scope)
    for row in stored_rows(db, scope):
        facts.add(row)
    if not facts.record_count:
        raise report_error("report-005", scope.describe(), scope=scope.describe())
    facts.deliverables = office_deliverables(db, catalog, district=scope.district, street=scope.street,
                                             problem_level=problem_level)
    facts.indicators = facts.deliverables.tables["street"]
    facts.district_indicators = facts.deliverables.tables["district"]
    facts.trim(ledger_limit, draft_limit)
    counts = photo_counts(db, sorted({entry.record_id for entry in facts.ledger}))
    facts.ledger = [replace(entry, photo_count=counts.get(entry.record_id, 0)) for entry in facts.ledger]
    return facts
