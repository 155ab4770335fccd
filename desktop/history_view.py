"""Who changed what in a record, when and why: its audit entries as a table."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop import defs
from desktop.app_context import AppContext
from desktop.builders import create_label, vbox
from forms.model import FormDefinition
from forms.store.clock import local_text

HEADERS = ("时间", "修改人", "字段", "原值", "新值", "原因")
STATUS_FIELD = "_status"


class HistoryView(QWidget):
    """The audit trail of one record, oldest first."""

    def __init__(self, context: AppContext, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"history_{record_id}")
        snapshot = context.store.get(record_id)
        form = context.catalog[snapshot.form_id]
        entries = context.store.history(record_id)
        self.table = QTableWidget(len(entries), len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        for row, entry in enumerate(entries):
            cells = (local_text(entry.at, seconds=True), entry.who, _field_label(form, entry.field),
                     _value_text(form, entry.field, entry.old), _value_text(form, entry.field, entry.new),
                     entry.reason or "")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        place = snapshot.building_code or snapshot.address or snapshot.id[:8]
        heading = create_label(f"修改历史 · {form.title} · {place}", bold=True, point_size=defs.TITLE_POINT_SIZE)
        note = create_label("尚无修改记录：草稿阶段的修改不记入历史，定稿和定稿后的修改会逐项记录。"
                            if not entries else f"共 {len(entries)} 条", colour=defs.HINT_COLOUR)
        self.setLayout(vbox(heading, note, self.table, margin=defs.PAGE_MARGIN))


def _field_label(form: FormDefinition, key: str) -> str:
    if key == STATUS_FIELD:
        return "记录状态"
    return form.field(key).label if form.has_field(key) else key


def _value_text(form: FormDefinition, key: str, stored: str | None) -> str:
    if stored is None:
        return "（空）"
    value = json.loads(stored)
    if key == STATUS_FIELD:
        return defs.STATUS_LABELS.get(value, str(value))
    field = form.field(key) if form.has_field(key) else None
    if field is not None and field.choices:
        if isinstance(value, list):
            return "、".join(field.choice_label(code) for code in value)
        return field.choice_label(value)
    if isinstance(value, list):
        return f"{len(value)} 项"
    if isinstance(value, dict):
        return "，".join(f"{k}={v}" for k, v in value.items())
    return str(value)
