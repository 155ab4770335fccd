"""The store's rule for versions arriving from another device: a descendant replaces, parallel edits conflict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum

from sqlmodel import Session

from forms.store.answer_content import photo_references
from forms.store.conflicts import keep_conflict
from forms.store.database import Database
from forms.store.errors import store_error
from forms.store.lineage import Order, compare
from forms.store.photos import add_photo_in, photos_present
from forms.store.record_rows import exchanged_version, write_version
from forms.store.record_version import RecordVersion
from forms.store.tables import Record

NOTHING_MASKED: frozenset[str] = frozenset()


class Outcome(StrEnum):
    ADDED = "added"            # the store did not have the record
    UPDATED = "updated"        # the version descends from the stored one and replaced it
    UNCHANGED = "unchanged"    # the same content, or the same conflict already waiting
    OLDER = "older"            # the stored version descends from it
    CONFLICT = "conflict"      # edited in parallel: kept for a person to choose


class IncomingVersions:
    """Versions from other devices applied to the store in one transaction.

    `counts` tallies the outcomes of `apply`, and the conflicts `keep_loser` kept.

    `masked` names, per form, the personal-data answers the versions left out: they neither count as
    differences nor erase what the store holds. With `require_photos` a version mentioning a photo the
    store lacks is refused (store-007); without it the version is kept and linked to the photos present.
    """

    def __init__(self, session: Session, *, source: str = "", masked: Mapping[str, frozenset[str]] | None = None,
                 require_photos: bool = True) -> None:
        self.session = session
        self.source = source
        self.masked = masked or {}
        self.require_photos = require_photos
        self.counts: Counter[Outcome] = Counter()

    def stored(self, record_id: str) -> RecordVersion | None:
        """Return the stored version of the record, as it travels, or None."""
        row = self.session.get(Record, record_id)
        return exchanged_version(row) if row is not None else None

    def with_kept_personal_data(self, version: RecordVersion) -> RecordVersion:
        """Return `version` with the masked answers the store holds put back."""
        stored = self.stored(version.id)
        return version if stored is None else _with_kept(version, stored, self._masked(version))

    def apply(self, version: RecordVersion) -> Outcome:
        """Apply one version: added, a descendant replaces, an ancestor is ignored, a parallel edit is kept."""
        self._check_photos(version)
        row = self.session.get(Record, version.id)
        if row is None:
            write_version(self.session, None, version)
            return self._count(Outcome.ADDED)
        stored = exchanged_version(row)
        outcome = self._against(version, stored)
        if outcome is Outcome.UPDATED:
            write_version(self.session, row, _with_kept(version, stored, self._masked(version)))
        if outcome is Outcome.CONFLICT:
            return self._keep(version)
        return self._count(outcome)

    def keep_loser(self, version: RecordVersion) -> Outcome:
        """Keep a version a merge set aside for review when it collides with the stored one."""
        stored = self.stored(version.id)
        if stored is None:
            return Outcome.UNCHANGED
        outcome = self._against(version, stored)
        if outcome in (Outcome.UNCHANGED, Outcome.OLDER):
            return outcome      # the same content, or the stored version descends from it
        return self._keep(version, count_unchanged=False)

    def add_photo(self, data: bytes, where: str = "") -> bool:
        """Add a photo that travelled with the versions; True when the store lacked it."""
        return add_photo_in(self.session, data, where)[1]

    def present_photos(self, versions: Iterable[RecordVersion]) -> set[str]:
        """Return the photos the versions mention that the store holds."""
        wanted: set[str] = set()
        for version in versions:
            wanted |= photo_references(version.answers)
        return photos_present(self.session, wanted)

    def _against(self, version: RecordVersion, stored: RecordVersion) -> Outcome:
        """What `version` is to the stored one: UNCHANGED, OLDER, UPDATED (it descends) or CONFLICT (parallel)."""
        masked = self._masked(version)
        if stored.masked_content_hash(masked) == version.masked_content_hash(masked):
            return Outcome.UNCHANGED
        order = compare(version.lineage(), stored.lineage())
        if order is Order.OLDER:
            return Outcome.OLDER
        # Edited in parallel (or the same history with different content): both kept until a person chooses.
        return Outcome.UPDATED if order is Order.NEWER else Outcome.CONFLICT

    def _check_photos(self, version: RecordVersion) -> None:
        if not self.require_photos:
            return
        wanted = photo_references(version.answers)
        missing = sorted(wanted - photos_present(self.session, wanted))
        if missing:
            raise store_error("store-007", version.id, sha256=missing[0])

    def _keep(self, version: RecordVersion, count_unchanged: bool = True) -> Outcome:
        if keep_conflict(self.session, version, self.source):
            return self._count(Outcome.CONFLICT)
        return self._count(Outcome.UNCHANGED) if count_unchanged else Outcome.UNCHANGED

    def _masked(self, version: RecordVersion) -> frozenset[str]:
        return self.masked.get(version.form_id, NOTHING_MASKED)

    def _count(self, outcome: Outcome) -> Outcome:
        self.counts[outcome] += 1
        return outcome


@contextmanager
def incoming_versions(db: Database, **options) -> Iterator[IncomingVersions]:
    """Open one write transaction for incoming versions: all of them are applied, or none."""
    with db.write_session() as session:
        yield IncomingVersions(session, **options)


def _with_kept(version: RecordVersion, stored: RecordVersion, masked: frozenset[str]) -> RecordVersion:
    """A version without personal data must not erase the personal data already in the store."""
    kept = {key: stored.answers[key] for key in masked if key in stored.answers}
    return replace(version, answers={**version.answers, **kept}) if kept else version
