"""`citycheck --self-test` / `citycheck self-test`: walk every part once on a temporary database.

Meant for a freshly built or installed program: each step prints one Chinese line,
and the exit status is 0 only when every step worked. Qt runs offscreen.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

SAMPLE_OWNER = "自检户主甲乙丙"
SAMPLE_PLACE = {"district": "自检区", "street": "自检街道", "community": "自检社区",
                "estate": "自检小区", "building_code": "ZJ-0001", "address": "自检路 1 号"}
SAMPLE_ANSWERS = {"building_name": "自检楼", "year_built": 1990, "floors_above": 6, "floors_below": 0,
                  "owner_name": SAMPLE_OWNER, "notes": "自检记录"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("self-test", help="自检：用临时数据库走一遍保存、导出、报告和界面")
    parser.set_defaults(func=run_self_test)


def run_self_test(_args: argparse.Namespace | None = None) -> int:
    """Run every step in a temporary folder; print one line per step; 0 only if all passed."""
    with tempfile.TemporaryDirectory(prefix="citycheck-selftest-", ignore_cleanup_errors=True) as folder:
        check = SelfTest(Path(folder))
        try:
            passed = check.run()
        finally:
            check.close()
    print("自检全部通过。" if passed else "自检未通过，请把以上输出发给技术支持。", flush=True)
    return 0 if passed else 1


class SelfTest:
    """The steps of the self-test and what they hand each other."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = None
        self.catalog = None
        self.record = None
        self.export_path: Path | None = None
        self.pdf_path: Path | None = None
        self.pdf_pages = 0

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("程序版本", self.version), ("临时数据库", self.database), ("表单定义", self.forms),
            ("保存记录", self.save_record), ("备份与完整性检查", self.backup),
            ("导出 Excel", self.export_excel), ("读回并导入 Excel", self.reimport_excel),
            ("生成 PDF 报告", self.pdf_report), ("日志不含答案", self.log_file),
            ("主窗口（离屏）", self.main_window), ("PDF 预览", self.pdf_preview),
        ]

    def run(self) -> bool:
        for number, (title, step) in enumerate(self.steps(), start=1):
            try:
                detail = step()
            except Exception as error:  # noqa: BLE001 - the self-test reports every failure as a line
                print(f"[失败] {number}. {title}：{describe(error)}", flush=True)
                if os.environ.get("CITYCHECK_SELFTEST_TRACE"):
                    traceback.print_exc()
                return False
            print(f"[通过] {number}. {title}：{detail}", flush=True)
        return True

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    # -- steps --------------------------------------------------------------------------
    def version(self) -> str:
        from desktop.version import __version__

        return f"CityCheck {__version__}"

    def database(self) -> str:
        from forms.store.database import open_database

        self.db = open_database(self.folder / "自检.sqlite3")
        return f"已创建并迁移 {self.db.path.name}"

    def forms(self) -> str:
        from forms.loader import load_catalog

        self.catalog = load_catalog()
        return f"已加载 {len(self.catalog)} 张调查表：" + "、".join(f.title for f in self.catalog.values())

    def save_record(self) -> str:
        from forms.store.records import RecordStore

        store = RecordStore(self.db, self.catalog)
        created = store.create("housing_safety", inspector="自检", place=SAMPLE_PLACE)
        store.save_answers(created.id, {**created.answers, **SAMPLE_ANSWERS}, who="自检")
        self.record = store.get(created.id)
        expect(self.record.answers.get("owner_name") == SAMPLE_OWNER, "读回的答案与保存的不同")
        expect(self.record.revision == 2, f"修订号应为 2，实际为 {self.record.revision}")
        return f"记录 {self.record.id[:8]}… 已保存并读回（修订号 {self.record.revision}）"

    def backup(self) -> str:
        from forms.store.backup import backup_now, list_backups
        from forms.store.integrity import check_integrity

        info = backup_now(self.db, "manual")
        listed = list_backups(self.db.path)
        expect([b.path for b in listed] == [info.path] and info.records == 1, "备份列表或记录数不对")
        for path in (self.db.path, info.path):
            report = check_integrity(path)
            expect(report.ok, f"{path.name} 未通过完整性检查：{report.summary}")
        return f"已备份（{info.records} 条记录），数据库与备份均通过 integrity_check"

    def export_excel(self) -> str:
        from reports.excel.export import export_workbook

        result = export_workbook(self.db, self.folder / "自检导出.xlsx", catalog=self.catalog, who="自检")
        self.export_path = Path(result.path)
        expect(self.export_path.stat().st_size > 0 and result.total == 1, "导出文件为空或记录数不对")
        return f"已写出 {self.export_path.name}（{result.total} 条记录，{self.export_path.stat().st_size} 字节）"

    def reimport_excel(self) -> str:
        from forms.store.database import open_database
        from reports.excel.importer import import_file
        from reports.excel.read.workbook_reader import read_export

        content = read_export(self.export_path, self.catalog)
        expect([v.id for v in content.versions] == [self.record.id], "读回的记录编号不对")
        expect(SAMPLE_OWNER not in repr(content.versions[0].answers), "导出文件含有未遮蔽的个人信息")
        other = open_database(self.folder / "自检导入.sqlite3")
        try:
            imported = import_file(other, self.export_path, catalog=self.catalog)
        finally:
            other.close()
        expect(imported.inserted == 1, f"导入应新增 1 条记录，实际 {imported.inserted} 条")
        return "读回 1 条记录，个人信息已遮蔽；导入另一个数据库新增 1 条"

    def pdf_report(self) -> str:
        from reports.pdf.building_report import RecordReport
        from reports.pdf.glyphs import report_fonts

        path = RecordReport(self.record, self.catalog, report_fonts()).write(self.folder / "自检报告.pdf")
        pages = pdf_page_count(path.read_bytes())
        expect(pages >= 1, "PDF 文件不完整")
        self.pdf_path, self.pdf_pages = path, pages
        return f"已写出 {path.name}（{pages} 页，{path.stat().st_size} 字节）"

    def log_file(self) -> str:
        from desktop.logging_setup import close_logging, setup_logging

        path = setup_logging(self.folder / "自检.log", install_excepthook=False)
        try:
            logging.getLogger("citycheck.selftest").info("self-test answers %s", self.record.answers)
        finally:
            close_logging()
        text = path.read_text(encoding="utf-8")
        expect("self-test answers" in text and SAMPLE_OWNER not in text, "日志文件缺失或含有答案")
        return f"已写入 {path.name}，答案已隐藏"

    def main_window(self) -> str:
        from PySide6.QtWidgets import QApplication

        from desktop.app_context import AppContext, Inspector
        from desktop.main_window import MainWindow
        from forms.store.records import RecordStore

        app = QApplication.instance()
        if app is None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the self-test never opens a window on screen
            app = QApplication(["citycheck"])
        context = AppContext(self.db, self.catalog, RecordStore(self.db, self.catalog), Inspector("自检", ""))
        window = MainWindow(context)
        window.show()
        app.processEvents()
        title = window.windowTitle()
        window.close()
        window.deleteLater()
        app.processEvents()
        return f"已创建并关闭主窗口（{app.platformName()}）：{title}"


    def pdf_preview(self) -> str:
        from PySide6.QtWidgets import QApplication

        from desktop.reports_ui.pdf_viewer import PdfPreviewDialog, qt_pdf_available

        if not qt_pdf_available():
            return "本程序不含 Qt PDF 组件，报告用系统查看器打开"
        dialog = PdfPreviewDialog(self.pdf_path, "自检报告")
        try:
            pages = dialog.page_count()
        finally:
            dialog.close()
            dialog.deleteLater()
            QApplication.processEvents()
        expect(pages == self.pdf_pages, f"预览读到 {pages} 页，应为 {self.pdf_pages} 页")
        return f"Qt PDF 读回 {pages} 页"


class SelfTestFailure(Exception):
    """A step ran but produced the wrong result."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def describe(error: BaseException) -> str:
    from forms.errors import CodedError

    if isinstance(error, (SelfTestFailure, CodedError)):
        return str(error)
    return f"{type(error).__name__}: {error}"


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_page_count(data: bytes) -> int:
    """Return the number of page objects of a complete PDF (0 when header or trailer is missing)."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        return 0
    return len(_PAGE.findall(data))
