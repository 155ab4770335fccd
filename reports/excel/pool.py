"""The merge's pool of distinct record versions, kept compressed so 100,000 records fit in memory."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from forms.indicators.database import StoredFacts
from forms.model import FormDefinition
from reports.excel.conflict_sheet import version_of_content
from reports.excel.versions import RecordVersion, loads, sensitive_keys

COMPRESSION_LEVEL = 1   # fast: the pool is rebuilt on every merge, never stored


def output_order(version: RecordVersion) -> tuple:
    """Sort like an export: survey, then place (empty first), then UUID."""
    place = (version.district, version.street, version.community, version.estate, version.building_code)
    return (version.form_id, *((value is not None, value or "") for value in place), version.id)


@dataclass(frozen=True)
class PooledVersion:
    """What ranking needs of a version in the clear; the rest compressed until it is written."""

    id: str
    revision: int
    updated_at: str
    hash: str
    order: tuple
    facts: StoredFacts
    packed: bytes

    @classmethod
    def of(cls, version: RecordVersion) -> PooledVersion:
        text = version.head_text() + "\n" + version.derived_text()
        facts = StoredFacts(version.form_id, version.status, version.district, version.street,
                            version.community, version.building_code, version.summary)
        return cls(version.id, version.revision, version.updated_at, version.content_hash(),
                   output_order(version), facts, zlib.compress(text.encode("utf-8"), COMPRESSION_LEVEL))

    def unpack(self) -> RecordVersion:
        head, derived = zlib.decompress(self.packed).decode("utf-8").split("\n", 1)
        return version_of_content({**loads(head), **loads(derived)})

    def winner_key(self) -> tuple[int, str, str]:
        """Higher revision wins, then the later update, then the content hash."""
        return (self.revision, self.updated_at, self.hash)


class VersionPool:
    """Distinct versions read so far: exact copies are dropped as each file is read."""

    def __init__(self) -> None:
        self.versions: dict[tuple[str, str], PooledVersion] = {}
        self.total = 0

    def add(self, versions: Iterable[RecordVersion]) -> None:
        for version in versions:
            self.total += 1
            key = (version.id, version.content_hash())
            if key not in self.versions:
                self.versions[key] = PooledVersion.of(version)

    def distinct(self, catalog: Mapping[str, FormDefinition], include_sensitive: bool) -> Iterator[PooledVersion]:
        """Yield the distinct versions, personal data dropped when any input had it hidden."""
        if include_sensitive:
            yield from self.versions.values()
            return
        masked = {form_id: sensitive_keys(form) for form_id, form in catalog.items()}
        for pooled in self.versions.values():
            version = pooled.unpack()
            stripped = version.without(masked.get(version.form_id, frozenset()))
            yield pooled if stripped is version else PooledVersion.of(stripped)
