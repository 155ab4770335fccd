"""Windows fit a 1366×768 screen with a taskbar and title bar, at 100 % and at 175 % in tablet mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from camera_fakes import ImageCamera, code_frame
from PySide6.QtCore import QSize

from desktop import screen_fit
from desktop.app import apply_cjk_font
from desktop.appearance import Look, apply_look
from desktop.camera import frame_source
from desktop.camera.live_view import CameraDialog
from desktop.reports_ui.pdf_viewer import PdfPreviewDialog
from desktop.settings_dialog import SettingsDialog
from desktop.wizard.photo_strip import PhotoStrip
from forms.demo import generate
from forms.store.preferences import Preferences

LAPTOP_FREE = QSize(1366 - 16, 728 - 40)   # 768 less a 40 px taskbar, less borders and title bar
LOOKS = {"light_100": Look(), "dark_175_tablet": Look(zoom=175, tablet=True, palette="dark"),
         "light_175_tablet": Look(zoom=175, tablet=True), "high_contrast_125": Look(zoom=125, palette="high_contrast")}


@pytest.fixture
def laptop_screen(monkeypatch):
    monkeypatch.setattr(screen_fit, "free_size", lambda _widget: QSize(LAPTOP_FREE))


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("CITYCHECK_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def look(request, qapp):
    apply_cjk_font(qapp)
    apply_look(qapp, LOOKS[request.param])
    qapp.processEvents()   # open windows take the new font as the change events arrive
    yield request.param
    apply_look(qapp, Look())


def fits(size: QSize) -> bool:
    return size.width() <= LAPTOP_FREE.width() and size.height() <= LAPTOP_FREE.height()


@pytest.mark.parametrize("look", list(LOOKS), indirect=True)
def test_main_window_and_survey_fit_the_laptop_screen(qtbot, context, look, shots, laptop_screen):
    from desktop.main_window import MainWindow

    generate(context.db, 60, seed=5)
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert fits(window.size())
    window.show()
    qtbot.waitExposed(window)
    assert fits(window.minimumSizeHint()), window.minimumSizeHint()
    window.grab().save(str(shots / f"records_{look}.png"))
    for form_id in context.catalog:   # every page of every survey, the finalize check too
        editor = window.create_and_open(form_id, {"district": "渝中区"})
        for index in range(editor.section_count() + 1):
            editor.go_to(index)
            assert fits(window.minimumSizeHint()), (form_id, index, window.minimumSizeHint())
    editor = window.create_and_open("housing_safety", {"district": "渝中区"})
    editor.go_to(3)
    qtbot.wait(20)
    window.grab().save(str(shots / f"survey_{look}.png"))
    settings = SettingsDialog(context.inspector, Preferences(), window)
    settings.show()
    assert fits(settings.minimumSizeHint()), settings.minimumSizeHint()
    settings.grab().save(str(shots / f"settings_{look}.png"))
    settings.close()
    settings.deleteLater()


def test_pdf_preview_fits_the_laptop_screen(qtbot, tmp_path, laptop_screen):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    dialog = PdfPreviewDialog(pdf, "报告")
    qtbot.addWidget(dialog)
    assert fits(dialog.size()) and fits(dialog.minimumSizeHint())
    assert dialog.height() == LAPTOP_FREE.height()



@pytest.mark.parametrize("look", ["light_100", "dark_175_tablet"], indirect=True)
def test_photo_page_and_camera_fit_the_laptop_screen(qtbot, window, look, shots, laptop_screen):
    previous = frame_source.install(ImageCamera([code_frame("500107001")]))
    try:
        editor = window.create_and_open("housing_safety", {})
        index = next(i for i in range(editor.section_count()) if editor.page(i).findChildren(PhotoStrip))
        editor.go_to(index)
        strip = editor.page(index).findChildren(PhotoStrip)[0]
        strip.add_camera_image(code_frame("500107001"))
        editor.page(index).ensureWidgetVisible(strip)
        qtbot.wait(20)
        window.grab().save(str(shots / f"photos_{look}.png"))
        dialog = CameraDialog(frame_source.current(), window)
        dialog.open()
        qtbot.waitUntil(lambda: not dialog.view.pixmap().isNull())
        assert fits(dialog.size()) and fits(dialog.minimumSizeHint())
        dialog.grab().save(str(shots / f"camera_{look}.png"))
        dialog.reject()
    finally:
        frame_source.install(previous)
