"""What a merge keeps of each record version it reads: identity, place, row XML, hashes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.indicators import IndicatorCounter
from forms.indicators.database import StoredFacts
from reports.excel.format.layout import WorkbookLayout
from reports.excel.merge.held_rows import HeldRows, RecordRowXml, RowsInFile
from reports.excel.format.row_xml import RowRenderer
from reports.excel.write.rendered_record import RenderedRecord, WorkbookCells
from forms.store.place import BUILDING_KEYS
from forms.store.record_version import RecordVersion, canonical_float, loads, sensitive_keys

SUMMARY_KEY = '"summary":'
_DECODER = json.JSONDecoder(parse_float=canonical_float)
NOT_COUNTED = object()
KNOWN_SUMMARIES = 20_000     # summaries whose counts are remembered; the memo starts over when full
ORDER_SEPARATOR, EMPTY_PLACE = "\x00", "0"


def place_order(form_id: str, places: tuple[str | None, ...], record_id: str) -> str:
    """Sort like an export: survey, then place (empty first), then UUID.

    One text compares faster than a tuple: the parts are joined by NUL, which no cell can hold and
    which sorts before every character, so the text sorts as the tuple of its parts would. A
    place is marked 1 when filled and 0 when empty, so empty places come first.
    """
    return ORDER_SEPARATOR.join((form_id, *(EMPTY_PLACE if value is None else "1" + value for value in places),
                                 record_id))


def places_of(order: str) -> list[str | None]:
    """The places of an order text made by `place_order`."""
    return [None if part == EMPTY_PLACE else part[1:] for part in order.split(ORDER_SEPARATOR)[1:1 + len(BUILDING_KEYS)]]


def output_order(version: RecordVersion) -> str:
    return place_order(version.form_id, tuple(getattr(version, key) for key in BUILDING_KEYS), version.id)


@dataclass(slots=True)
class Entry:
    """One record version from one input: its row XML as it will be written.

    Two entries with the same row XML hold the same record version; entries that differ are
    compared by their decoded `version` (see resolve).
    """

    id: str
    form_id: str
    revision: int
    status: str
    order: str                                 # sorts the output (see place_order)
    main: bytes | None                         # None once the row XML is in the held rows' file
    repeats: tuple[tuple[bytes, ...], ...] | None   # per repeat sheet of the survey, rows in row-number order
    written_hash: str                          # what the output's sheet checksum adds up
    summary: str | Mapping[str, Any]           # the hidden computed-data JSON, or the summary itself
    source: int = -1                           # which input file it came from
    version: RecordVersion | None = None       # decoded, when it was needed
    counts: object = NOT_COUNTED               # what it adds to 指标汇总 (None: nothing), once worked out
    in_file: RowsInFile | None = None          # where the row XML went when memory was full (see held_rows)

    def row_xml(self) -> RecordRowXml:
        return (self.main, self.repeats) if self.in_file is None else self.in_file.load()

    def rendered(self) -> RenderedRecord:
        """The record as the workbook writer takes it."""
        main, repeats = self.row_xml()
        return RenderedRecord(self.id, self.form_id, self.written_hash, main, repeats)

    def hold_in(self, held: HeldRows) -> None:
        """Count the row XML against the memory budget; past it, move it to the held rows' file."""
        if self.in_file is None and held.wants(len(self.main) + sum([sum(map(len, rows)) for rows in self.repeats])):
            self.in_file = held.put(self.main, self.repeats)
            self.main = self.repeats = None

    def same_row_xml(self, other: Entry) -> bool:
        return self.row_xml() == other.row_xml()

    def count(self, counter: EntryCounter) -> None:
        """Work out what the record adds to the indicator table; the summary is not kept after."""
        self.counts = counter.counts_of(self)
        self.summary = {}

    def tally(self, counter: EntryCounter) -> None:
        """Add the record to the indicator table, as one of the merged records."""
        if self.counts is NOT_COUNTED:
            self.count(counter)
        if self.counts is not None:
            counter.indicators.add(self.facts(), self.counts)

    def facts(self, summary: Mapping[str, Any] | None = None) -> StoredFacts:
        """What the indicator table counts of this record (`summary`: already read from it)."""
        places = places_of(self.order)
        if summary is None:
            summary = summary_of(self.summary) if isinstance(self.summary, str) else self.summary
        return StoredFacts(self.form_id, self.status, places[0], places[1], places[2], places[4], summary)


class EntryCounter:
    """Counts entries into 指标汇总 (see IndicatorCounter).

    Many records hold the same summary (same grade, same hazards): what one adds is worked out
    once per survey and summary text; drafts count nothing and their summaries are not read.
    """

    def __init__(self, indicators: IndicatorCounter) -> None:
        self.indicators = indicators
        self._known: dict[tuple[str, str], object] = {}

    def counts_of(self, entry: Entry) -> object:
        if not self.indicators.counts_records(entry.form_id, entry.status):
            return None             # a draft: its summary need not be read
        text = entry.summary
        at = text.rfind(SUMMARY_KEY) if isinstance(text, str) else -1
        if at <= 0:
            return self.indicators.counts_of(entry.facts())
        key = (entry.form_id, text[at:])
        counts = self._known.get(key, NOT_COUNTED)
        if counts is NOT_COUNTED:
            summary = summary_at_end(text, at)
            if not summary:                 # not the usual layout (or empty): the general way, remember nothing
                return self.indicators.counts_of(entry.facts())
            counts = self.indicators.counts_of_summary(entry.form_id, summary)
            if len(self._known) >= KNOWN_SUMMARIES:
                self._known.clear()
            self._known[key] = counts
        return counts


def summary_of(data_text: str) -> Mapping[str, Any]:
    """The summary inside the computed-data JSON; its keys are sorted, so the summary comes last."""
    at = data_text.rfind(SUMMARY_KEY)
    summary = summary_at_end(data_text, at) if at > 0 else None
    return loads(data_text)["summary"] if summary is None else summary


def summary_at_end(data_text: str, at: int) -> Mapping[str, Any] | None:
    """The summary read from `at` (where '"summary":' is) when it ends the text, as it does when
    CityCheck writes it; None otherwise. The result depends on data_text[at:] alone."""
    try:
        value, end = _DECODER.raw_decode(data_text, at + len(SUMMARY_KEY))
    except ValueError:
        return None
    return value if end == len(data_text) - 1 and isinstance(value, dict) else None


class EntryRenderer:
    """Renders decoded record versions into entries, as the output workbook will hold them."""

    def __init__(self, layout: WorkbookLayout, renderer: RowRenderer, include_sensitive: bool) -> None:
        self.renderer, self.include_sensitive = renderer, include_sensitive
        self._cells = WorkbookCells(layout, include_sensitive=include_sensitive)
        self._masked = {form_id: sensitive_keys(fl.form) for form_id, fl in layout.forms.items()}

    def entry(self, version: RecordVersion, source: int = -1) -> Entry:
        version = self.ranked(version)      # personal data left out before rendering, as the fast path does
        record = self._cells.of(version).rendered(self.renderer)
        return Entry(version.id, version.form_id, version.revision, version.status, output_order(version),
                     record.main, record.repeats, record.written_hash, version.summary, source, version)

    def ranked(self, version: RecordVersion) -> RecordVersion:
        """The version as the output holds it: without personal data unless every input had it."""
        if self.include_sensitive:
            return version
        return version.without(self._masked.get(version.form_id, frozenset()))
