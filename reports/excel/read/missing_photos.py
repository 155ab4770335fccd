"""Photos a .zip export's records mention but neither the archive nor the store holds, named for the clerk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from forms.model import FormDefinition
from reports.excel.errors import excel_error
from forms.store.record_version import RecordVersion

SHOWN = 10


def photo_answers(answers: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    """Yield (field key, sha256) of every photo in the answers, repeat rows included."""
    for key, value in answers.items():
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, Mapping):
                continue
            if isinstance(item.get("sha256"), str):
                yield key, item["sha256"]
            else:
                yield from photo_answers(item)


def missing_photos_warning(file: str, versions: Iterable[RecordVersion], have: set[str],
                           catalog: Mapping[str, FormDefinition]) -> list[str]:
    """A coded warning naming (record, field, sha256) of each photo missing from the archive and the store."""
    missing = []
    for version in versions:
        form = catalog.get(version.form_id)
        for key, sha in photo_answers(version.answers):
            if sha not in have:
                label = form.field(key).label if form is not None and form.has_field(key) else key
                missing.append(f"记录 {version.id} 的“{label}”照片 {sha}")
    if not missing:
        return []
    shown = "；".join(missing[:SHOWN]) + (f" 等（共 {len(missing)} 张）" if len(missing) > SHOWN else "")
    return [str(excel_error("import-033", file, count=len(missing), photos=shown))]
