"""The report number prefix and surveying unit of the report dialogs, remembered in the store's settings."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit

from forms.store.database import Database
from forms.store.settings import set_setting
from reports.pdf.issue import DEFAULT_PREFIX, NUMBER_PREFIX_SETTING, SURVEYING_UNIT_SETTING, Numbering, issue_settings


class NumberingFields:
    """Two line edits filled from the settings; the chosen values become the next reports' numbering."""

    def __init__(self, db: Database) -> None:
        prefix, unit = issue_settings(db)
        self.prefix = QLineEdit(prefix)
        self.prefix.setObjectName("number_prefix")
        self.prefix.setPlaceholderText(DEFAULT_PREFIX)
        self.prefix.setToolTip("报告编号 = 前缀-日期-本机流水号，每份报告不重复")
        self.unit = QLineEdit(unit)
        self.unit.setObjectName("surveying_unit")
        self.unit.setPlaceholderText("例如：某某工程质量检测有限公司")

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow("报告编号前缀", self.prefix)
        form.addRow("调查单位", self.unit)

    def numbering(self) -> Numbering:
        return Numbering(self.prefix.text().strip() or DEFAULT_PREFIX, self.unit.text().strip())


def remember_numbering(db: Database, numbering: Numbering) -> None:
    """Keep the prefix and unit for the next reports (called on the worker thread, with the report)."""
    set_setting(db, NUMBER_PREFIX_SETTING, numbering.prefix or DEFAULT_PREFIX)
    set_setting(db, SURVEYING_UNIT_SETTING, numbering.unit or "")
