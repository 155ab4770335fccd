"""Pick one version per record: identical row XML is a duplicate; row XML that differs is decoded and ranked.

Ranking: a version that descends from the others wins (version vectors, forms.store.lineage);
versions edited in parallel are a conflict: the one with the higher revision, then the later
update, then the content hash goes to the survey sheet and the others stay in 冲突 for a person to
choose, so the same versions always give the same result whatever order the files came in. The winner is written with
the smallest of its identical-content row XML (rows can differ in form, e.g. a date typed as text, and
still hold the same version), which keeps merging idempotent, commutative and associative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from forms.store.lineage import Order, compare
from reports.excel.format.conflict_sheet import in_conflict
from reports.excel.merge.entries import Entry, EntryRenderer, output_order
from reports.excel.merge.held_rows import HeldRows
from forms.store.record_version import RecordVersion

Decoder = Callable[[int], Mapping[str, RecordVersion]]     # input file number -> its decoded versions


@dataclass(frozen=True)
class Loser:
    """A version that lost, with the one that won."""

    version: RecordVersion
    winner: RecordVersion

    @property
    def in_conflict(self) -> bool:
        """Edited in parallel with the winner (not an older version the winner descends from)."""
        return in_conflict(self.version, self.winner)


def winner_key(version: RecordVersion) -> tuple[int, str, str]:
    return (version.revision, version.updated_at, version.content_hash())


def pick_winner(versions: Iterable[RecordVersion]) -> RecordVersion:
    """The version no other descends from; among parallel ones the highest `winner_key`, the rest stay in 冲突."""
    versions = list(versions)
    latest = [v for v in versions
              if not any(compare(v.lineage(), other.lineage()) is Order.OLDER for other in versions)]
    return max(latest, key=winner_key)


@dataclass
class MergePool:
    """Record versions read so far: one entry per record, the records whose inputs disagree set aside."""

    entries: dict[str, Entry] = field(default_factory=dict)
    contested: dict[str, list[Entry]] = field(default_factory=dict)
    listed_losers: list[RecordVersion] = field(default_factory=list)
    total: int = 0
    copies: int = 0
    held: HeldRows = field(default_factory=HeldRows)     # where first entries' row XML is held

    def add(self, entries: Iterable[Entry], losers: Iterable[RecordVersion]) -> list[Entry]:
        """Take a file's entries and its 冲突 versions; return the entries of records not seen before."""
        new = []
        for entry in entries:
            self.total += 1
            first = self.entries.get(entry.id)
            if first is None:
                entry.hold_in(self.held)
                self.entries[entry.id] = entry
                new.append(entry)
            elif entry.id not in self.contested and first.same_row_xml(entry):
                self.copies += 1
            else:
                self.contested.setdefault(entry.id, [first]).append(entry)
        for loser in losers:
            self.total += 1
            self.listed_losers.append(loser)
        return new

    @property
    def settled(self) -> bool:
        """Whether every record's first entry is its winner: no copies differ and no 冲突 versions were read."""
        return not self.contested and not self.listed_losers

    def resolve(self, decode: Decoder, renderer: EntryRenderer) -> tuple[list[Loser], int]:
        """Settle every contested record; return the losing versions and how many copies were dropped."""
        by_id: dict[str, list[RecordVersion]] = {}
        for loser in self.listed_losers:
            by_id.setdefault(loser.id, []).append(loser)
        losers: list[Loser] = []
        duplicates = self.copies
        for record_id in sorted(set(self.contested) | set(by_id)):
            candidates = self.contested.get(record_id) or ([self.entries[record_id]] if record_id in self.entries else [])
            ranked = [(renderer.ranked(entry.version or decode(entry.source)[record_id]), entry) for entry in candidates]
            listed = [renderer.ranked(version) for version in by_id.get(record_id, ())]
            distinct = {version.content_hash(): version for version, _entry in ranked}
            for version in listed:
                distinct.setdefault(version.content_hash(), version)
            duplicates += len(ranked) + len(listed) - len(distinct)
            winner = pick_winner(distinct.values())
            same = [entry for version, entry in ranked if version.content_hash() == winner.content_hash()]
            self.entries[record_id] = min(same, key=Entry.row_xml) if same else renderer.entry(winner)
            losers += [Loser(version, winner) for key, version in distinct.items() if key != winner.content_hash()]
        losers.sort(key=lambda item: (output_order(item.version), -item.version.revision, item.version.content_hash()))
        return losers, duplicates

    def winners(self) -> list[Entry]:
        return sorted(self.entries.values(), key=attrgetter("order"))
