"""What every view of one running app shares: the store, the surveys and the inspector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store is loaded on a worker thread at start; keep this module light
    from forms.loader import FormCatalog
    from forms.store.database import Database
    from forms.store.records import RecordStore


@dataclass(frozen=True)
class Inspector:
    """The person using this device, as asked at first start."""

    name: str
    id: str

    @property
    def signature(self) -> str:
        """Return how the inspector is named in audit entries."""
        return f"{self.name}（{self.id}）" if self.id else self.name


@dataclass
class AppContext:
    """The open database, its record store, the loaded surveys and the inspector (changed in 设置)."""

    db: Database
    catalog: FormCatalog
    store: RecordStore
    inspector: Inspector

    def form_title(self, form_id: str) -> str:
        """Return the Chinese title of a survey, or its id when unknown."""
        form = self.catalog.get(form_id)
        return form.title if form is not None else form_id
