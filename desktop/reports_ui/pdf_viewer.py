"""Show and print a PDF: Qt's own viewer when this PySide6 has QtPdf, else the system's viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QDialog, QWidget

from desktop import defs, interaction
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.screen_fit import fit_to_screen

try:  # QtPdf is an optional part of some PySide6 builds
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed PySide6
    QPdfDocument = QPdfView = None

PREVIEW_SIZE = (900, 1000)
PRINT_DPI = 200


def qt_pdf_available() -> bool:
    return QPdfView is not None


def open_in_system_viewer(path: Path) -> bool:
    """Open the PDF with the system's viewer (which also prints it); False if none could start."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_pdf(document, parent: QWidget | None = None) -> bool:
    """Print every page of a loaded QPdfDocument after the print dialog; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.metaData(QPdfDocument.MetaDataField.Title) or "CityCheck 报告")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pages(document, printer)
    return True


def paint_pages(document, printer) -> None:
    """Render each page at print resolution and paint it scaled to the printer's page."""
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(int(points.width() * PRINT_DPI / 72), int(points.height() * PRINT_DPI / 72))
            image = document.render(page, size)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()


class PdfPreviewDialog(QDialog):
    """A report on screen with 打印 and 用系统查看器打开; deletes the file on close when it is temporary."""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None, *,
                 temporary: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(title)
        self.pdf_path = Path(pdf_path)
        self.temporary = temporary
        self.document = None
        self.view = self._viewer()
        self.print_button = create_button("打印…", on_click=self.print_report, object_name="print_pdf",
                                          tooltip="选择打印机并打印全部页面")
        self.print_button.setEnabled(self.document is not None)
        self.system_button = create_button("用系统查看器打开", on_click=self.open_externally,
                                           object_name="open_pdf_externally")
        close = create_button("关闭", on_click=self.close)
        self.setLayout(vbox(self.view, hbox(self.print_button, self.system_button, 1, close),
                            margin=defs.MARGIN))
        fit_to_screen(self, *PREVIEW_SIZE)

    def _viewer(self) -> QWidget:
        if not qt_pdf_available():
            return create_label(f"本机 Qt 不含 PDF 预览组件，报告已保存为：\n{self.pdf_path}\n"
                                "请用系统查看器打开并打印。", object_name="pdf_fallback_note")
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        view = QPdfView(self)
        view.setObjectName("pdf_view")
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setDocument(self.document)
        return view

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    def print_report(self) -> None:
        if self.document is not None:
            print_pdf(self.document, self)

    def open_externally(self) -> None:
        if not open_in_system_viewer(self.pdf_path):
            interaction.current().show_error(self, "打开报告", f"没有可以打开 PDF 的程序。报告保存在：{self.pdf_path}")

    def done(self, result: int) -> None:
        self.release_file()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.release_file()
        super().closeEvent(event)

    def release_file(self) -> None:
        """Close the document, then delete the file if it was a temporary preview."""
        if self.document is not None:
            self.document.close()  # release the file before it is deleted (Windows locks open files)
        if self.temporary:
            self.pdf_path.unlink(missing_ok=True)


def show_pdf(pdf_path: Path, title: str, parent: QWidget | None = None, *, temporary: bool = False) -> QDialog | None:
    """Preview in the app when possible, else hand the file to the system viewer."""
    if qt_pdf_available():
        dialog = PdfPreviewDialog(pdf_path, title, parent, temporary=temporary)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
    if not open_in_system_viewer(pdf_path):
        interaction.current().show_error(parent, title, f"没有可以打开 PDF 的程序。报告保存在：{pdf_path}")
    return None
