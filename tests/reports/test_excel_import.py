"""Import into a store: higher revision wins, equal revisions that differ become conflicts to review."""

from __future__ import annotations

import pytest
from sqlmodel import select
from test_excel_support import record_id, tiny_catalog, tiny_version

from forms.store.database import open_database
from forms.store.tables import AuditEntry, Conflict
from forms.store.conflicts import KEEP_INCOMING, KEEP_STORED, open_conflicts, resolve_conflict
from forms.store.errors import ConflictError
from reports.excel.export import export_versions
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks
from forms.store.record_rows import exchanged_version
from forms.store.record_version import RecordVersion


@pytest.fixture
def catalog():
    return tiny_catalog()


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "office.sqlite3")
    yield database
    database.close()


def write(tmp_path, name, versions, catalog, include_sensitive=True):
    return export_versions(tmp_path / name, versions, catalog=catalog, include_sensitive=include_sensitive)


def stored(db, number: int) -> RecordVersion:
    from forms.store.tables import Record

    with db.session() as session:
        return exchanged_version(session.get(Record, record_id(number)))


def test_new_records_are_inserted_with_their_system_columns(db, catalog, tmp_path):
    version = tiny_version(1, revision=3)
    result = import_file(db, write(tmp_path, "a.xlsx", [version], catalog), catalog=catalog)
    assert result.inserted == 1
    assert stored(db, 1).content_hash() == version.content_hash()


def test_higher_revision_wins_and_lower_is_ignored(db, catalog, tmp_path):
    import_file(db, write(tmp_path, "v2.xlsx", [tiny_version(1, revision=2)], catalog), catalog=catalog)
    newer = tiny_version(1, revision=3, variant=1)
    assert import_file(db, write(tmp_path, "v3.xlsx", [newer], catalog), catalog=catalog).updated == 1
    older = write(tmp_path, "v1.xlsx", [tiny_version(1, revision=1, variant=2)], catalog)
    assert import_file(db, older, catalog=catalog).older == 1
    assert stored(db, 1).content_hash() == newer.content_hash()


def test_same_revision_with_different_content_is_kept_as_a_conflict(db, catalog, tmp_path):
    import_file(db, write(tmp_path, "mine.xlsx", [tiny_version(1, revision=2)], catalog), catalog=catalog)
    theirs = write(tmp_path, "theirs.xlsx", [tiny_version(1, revision=2, variant=1)], catalog)
    assert import_file(db, theirs, catalog=catalog).conflicts == 1
    assert import_file(db, theirs, catalog=catalog).conflicts == 0   # not kept twice
    [entry] = open_conflicts(db)
    assert entry.source == "theirs.xlsx" and entry.stored.revision == entry.incoming.revision == 2
    assert "building_name" in entry.differing_answers()


@pytest.mark.parametrize("keep", [KEEP_INCOMING, KEEP_STORED])
def test_resolving_a_conflict_keeps_the_chosen_version_under_a_new_revision(db, catalog, tmp_path, keep):
    import_file(db, write(tmp_path, "mine.xlsx", [tiny_version(1, revision=2)], catalog), catalog=catalog)
    import_file(db, write(tmp_path, "theirs.xlsx", [tiny_version(1, revision=2, variant=1)], catalog),
                catalog=catalog)
    [entry] = open_conflicts(db)
    chosen = resolve_conflict(db, entry.id, keep=keep, who="区住建局")
    kept = stored(db, 1)
    assert kept.revision == 3
    expected = entry.incoming if keep == KEEP_INCOMING else entry.stored
    assert kept.answers == expected.answers and chosen.answers == expected.answers
    assert open_conflicts(db) == []
    with db.session() as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.field == "_conflict")).first() is not None
    with pytest.raises(ConflictError) as caught:
        resolve_conflict(db, entry.id, keep=keep, who="区住建局")
    assert caught.value.code == "import-024"


def test_losing_versions_of_a_merged_file_become_conflicts_on_import(db, catalog, tmp_path):
    a = write(tmp_path, "a.xlsx", [tiny_version(1, revision=2)], catalog)
    b = write(tmp_path, "b.xlsx", [tiny_version(1, revision=2, variant=1)], catalog)
    merged = tmp_path / "merged.xlsx"
    merge_workbooks([a, b], merged, catalog=catalog)
    result = import_file(db, merged, catalog=catalog)
    assert result.inserted == 1 and result.conflicts == 1
    with db.session() as session:
        assert len(session.exec(select(Conflict)).all()) == 1


def test_file_without_personal_data_does_not_erase_it(db, catalog, tmp_path):
    import_file(db, write(tmp_path, "full.xlsx", [tiny_version(1, revision=2)], catalog), catalog=catalog)
    masked = write(tmp_path, "masked.xlsx", [tiny_version(1, revision=3, variant=1)], catalog,
                   include_sensitive=False)
    assert import_file(db, masked, catalog=catalog).updated == 1
    assert stored(db, 1).answers["owner_name"] == "张三"
    assert stored(db, 1).revision == 3


def test_every_import_is_preceded_by_a_backup(tmp_path):
    from forms.demo import generate
    from forms.loader import load_catalog
    from forms.store.backup import list_backups
    from forms.store.database import open_database
    from reports.excel.export import export_workbook
    from reports.excel.importer import import_files

    catalog = load_catalog()
    source = open_database(tmp_path / "source.sqlite3")
    generate(source, 5, seed=2, catalog=catalog)
    export_workbook(source, tmp_path / "交回.xlsx", catalog=catalog)
    target = open_database(tmp_path / "office.sqlite3")
    import_files(target, [tmp_path / "交回.xlsx"], catalog=catalog)
    assert [b.reason for b in list_backups(target.path)] == ["import"]
