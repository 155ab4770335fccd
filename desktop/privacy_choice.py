"""The "include personal data" check box: ticking it warns and asks before it takes effect."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop import interaction

WARNING = ("勾选后，产权人姓名、联系电话、身份证号等个人信息将以明文写入文件。\n"
           "请只在确有需要时勾选，并按本单位个人信息保护规定保管和传递该文件。\n\n确定要包含个人信息吗？")


def sensitive_checkbox(text: str, parent: QWidget | None = None) -> QCheckBox:
    """Return a check box that unticks itself unless the person confirms the warning."""
    box = QCheckBox(text, parent)
    box.setObjectName("include_sensitive")

    def confirm(checked: bool) -> None:
        if checked and not interaction.current().confirm(box.window(), "包含个人信息", WARNING):
            box.setChecked(False)

    box.toggled.connect(confirm)
    return box
