"""The store's rule for incoming versions: a descendant wins, an ancestor is ignored, parallel edits conflict."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from PIL import Image

from forms.store.conflicts import KEEP_INCOMING, KEEP_STORED, open_conflicts, resolve_conflict
from forms.store.database import open_database
from forms.store.errors import ConflictError, StoreError
from forms.store.incoming import Outcome, incoming_versions
from forms.store.photos import add_photo, record_photos
from forms.store.record_reads import record_by_id
from forms.store.record_version import RecordVersion

TABLET_A = "tablet-a"
TABLET_B = "tablet-b"


def version(revision: int = 1, *, vector: dict[str, int] | None = None, **answers: object) -> RecordVersion:
    return RecordVersion(
        id="rec-1", form_id="tiny_survey", form_version="1", revision=revision, status="draft",
        created_at="2026-05-03T01:00:00Z", updated_at=f"2026-05-{3 + revision:02d}T08:00:00Z",
        inspector="李四", device_id=TABLET_A, district="渝中区", street="解放碑街道", building_code="B-1",
        answers={"building_name": "1号楼", **answers}, vector=vector or {TABLET_A: revision},
    )


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "store.db")
    yield database
    database.close()


def apply(db, *versions: RecordVersion) -> list[Outcome]:
    with incoming_versions(db, source="组员.xlsx") as incoming:
        return [incoming.apply(v) for v in versions]


def stored(db) -> RecordVersion:
    return record_by_id(db, "rec-1")


def test_a_new_record_is_added_and_a_higher_revision_replaces_it(db):
    assert apply(db, version(1)) == [Outcome.ADDED]
    assert apply(db, version(2, floors=4)) == [Outcome.UPDATED]
    assert stored(db).revision == 2 and stored(db).answers["floors"] == 4


def test_a_lower_revision_is_ignored(db):
    apply(db, version(3, floors=5))
    assert apply(db, version(2, floors=4)) == [Outcome.OLDER]
    assert stored(db).revision == 3 and stored(db).answers["floors"] == 5


def test_the_same_version_again_leaves_the_store_unchanged(db):
    apply(db, version(2))
    with incoming_versions(db) as incoming:
        assert incoming.apply(version(2)) is Outcome.UNCHANGED
        assert incoming.counts == {Outcome.UNCHANGED: 1}
    assert open_conflicts(db) == []


def test_versions_edited_on_two_tablets_are_kept_as_a_conflict_with_both_versions(db):
    mine = version(2, vector={TABLET_A: 2}, floors=4)
    theirs = replace(version(2, vector={TABLET_A: 1, TABLET_B: 1}, floors=6), device_id=TABLET_B)
    apply(db, mine)
    assert apply(db, theirs, theirs) == [Outcome.CONFLICT, Outcome.UNCHANGED]   # kept once
    [entry] = open_conflicts(db)
    assert entry.source == "组员.xlsx"
    assert entry.stored.answers["floors"] == 4 and entry.incoming.answers["floors"] == 6
    assert entry.differing_answers() == ["floors"]
    assert stored(db).answers["floors"] == 4        # the store keeps its version until a person chooses


@pytest.mark.parametrize("keep, floors", [(KEEP_INCOMING, 6), (KEEP_STORED, 4)])
def test_resolving_a_conflict_keeps_the_choice_as_a_version_descending_from_both(db, keep, floors):
    apply(db, version(2, vector={TABLET_A: 2}, floors=4))
    apply(db, replace(version(2, vector={TABLET_A: 1, TABLET_B: 1}, floors=6), device_id=TABLET_B))
    [entry] = open_conflicts(db)
    chosen = resolve_conflict(db, entry.id, keep=keep, who="组长")
    assert stored(db).answers["floors"] == floors and chosen.revision == 3
    assert chosen.vector[TABLET_A] >= 2 and chosen.vector[TABLET_B] >= 1
    assert open_conflicts(db) == []
    with pytest.raises(ConflictError) as caught:
        resolve_conflict(db, entry.id, keep=keep, who="组长")
    assert caught.value.code == "import-024"
    # Either parallel version arriving again is now older than the choice.
    assert apply(db, entry.incoming, entry.stored) == [Outcome.OLDER, Outcome.OLDER]


def test_resolving_an_unknown_conflict_is_refused_with_its_code(db):
    with pytest.raises(ConflictError) as caught:
        resolve_conflict(db, 99, keep=KEEP_STORED, who="组长")
    assert caught.value.code == "import-023" and "99" in str(caught.value)


def test_a_version_naming_a_missing_photo_is_refused_and_the_store_is_unchanged(db):
    apply(db, version(1))
    missing = "0" * 64
    with pytest.raises(StoreError) as caught:
        apply(db, version(2, floors=4), version(3, photos=[{"sha256": missing}]))
    assert caught.value.code == "store-007" and missing in str(caught.value)
    assert stored(db).revision == 1 and "floors" not in stored(db).answers   # the whole transaction undone


def test_a_version_naming_a_stored_photo_is_linked_to_it(db):
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    sha = add_photo(db, buffer.getvalue())
    assert apply(db, version(1, photos=[{"sha256": sha}])) == [Outcome.ADDED]
    assert record_photos(db, "rec-1") == [sha]


def test_without_required_photos_a_version_is_kept_and_linked_to_the_photos_present(db):
    with incoming_versions(db, require_photos=False) as incoming:
        assert incoming.apply(version(1, photos=[{"sha256": "0" * 64}])) is Outcome.ADDED
    assert record_photos(db, "rec-1") == []


def test_masked_personal_data_neither_differs_nor_is_erased(db):
    apply(db, version(1, owner_name="张三"))
    with incoming_versions(db, masked={"tiny_survey": frozenset({"owner_name"})}) as incoming:
        assert incoming.apply(version(1)) is Outcome.UNCHANGED
        assert incoming.apply(version(2, floors=4)) is Outcome.UPDATED
    assert stored(db).answers["owner_name"] == "张三"
