"""The 问题地图 tab: the filtered records on the map, a local base map, and export for QGIS/ArcGIS."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QWidget

from desktop import defs, interaction
from desktop.app_context import AppContext
from desktop.background import BackgroundJob, run_operation, show_failure
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.map.basemap_layer import BASEMAP_FILTER, BasemapLayer
from desktop.map.map_items import LABEL_Z, PointItem, place_labels
from desktop.map.map_view import MapView
from desktop.record_filter_bar import RecordFilterBar
from forms.errors import CodedError
from forms.store.record_filter import RecordFilter
from forms.store.settings import get_setting, set_setting
from reports.geo.export import SUFFIXES, MapExport, export_map
from reports.geo.points import MapSelection, map_points

BASEMAP_SETTING = "map_basemap_path"
EXPORT_TITLE = "导出问题地图"
EXPORT_FILTERS = {"geojson": "GeoJSON (*.geojson)", "gpkg": "GeoPackage (*.gpkg)"}
LEGEND = (("red", "红色"), ("orange", "橙色"), ("yellow", "黄色"), ("green", "绿色"), ("", "未标色/待定"))


def legend_html() -> str:
    dots = [f'<span style="color:{defs.GRADE_COLOURS.get(code, defs.MAP_NO_COLOUR)}">●</span> {label}'
            for code, label in LEGEND]
    return "　".join(dots)


class MapTab(QWidget):
    """Points of the records the filter selects; click one to open it (`open_requested`)."""

    open_requested = Signal(str)
    points_shown = Signal(object)       # the MapSelection now drawn

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map_tab")
        self._context = context
        self._loading: BackgroundJob | None = None
        self.selection = MapSelection(())
        self.labels: list[QGraphicsSimpleTextItem] = []
        self.scene = QGraphicsScene(self)
        self.view = MapView(self.scene)
        self.basemap = BasemapLayer(self.scene)
        self.filters = RecordFilterBar(context.catalog)
        self.status = create_label(colour=defs.HINT_COLOUR, object_name="map_status")
        legend = create_label(legend_html(), wrap=False, object_name="map_legend")
        self.filters.changed.connect(self.load)
        self.view.record_clicked.connect(self.open_requested)
        self.view.view_settled.connect(self._refresh_basemap)
        buttons = hbox(
            create_button("全图", tooltip="缩放到全部调查点", on_click=self.fit_points),
            create_button("放大", on_click=lambda: self.view.zoom(1.5)),
            create_button("缩小", on_click=lambda: self.view.zoom(1 / 1.5)),
            create_button("底图…", tooltip="选择办公室提供的底图：带 .pgw/.jgw 坐标文件的图片，或 GeoPackage 瓦片",
                          on_click=self.choose_basemap),
            create_button("清除底图", on_click=self.clear_basemap),
            1, legend, 1,
            create_button("导出 GeoJSON…", on_click=lambda: self.export("geojson"), object_name="map_export_geojson"),
            create_button("导出 GeoPackage…", on_click=lambda: self.export("gpkg"), object_name="map_export_gpkg"),
        )
        layout = vbox(self.filters, buttons, self.view, self.status, margin=defs.MARGIN)
        layout.setStretchFactor(self.view, 1)
        self.setLayout(layout)
        self._restore_basemap()

    # -- points ---------------------------------------------------------------------------
    def load(self, record_filter: RecordFilter | None = None) -> BackgroundJob:
        """Read the filter's points on a worker thread, then draw them."""
        record_filter = record_filter or self.filters.current_filter()
        if self._loading is not None:
            self._loading.cancel()
        db, catalog = self._context.db, self._context.catalog
        job = BackgroundJob(lambda _progress: map_points(db, catalog, record_filter))
        job.succeeded.connect(lambda selection, job=job: self._loaded(job, selection))
        job.failed.connect(lambda error: show_failure(self, "问题地图", error))
        self._loading = job
        self.status.setText("正在读取调查点…")
        return job.start()

    def show_selection(self, selection: MapSelection) -> None:
        """Draw `selection`'s points and place names over the base map."""
        for item in self.scene.items():
            if item.zValue() > 0:
                self.scene.removeItem(item)
        for point in selection.points:
            self.scene.addItem(PointItem(point))
        self.labels = place_labels(selection.points)
        for label in self.labels:
            self.scene.addItem(label)
        moved = _ids(selection) != _ids(self.selection)
        self.selection = selection
        self.status.setText(self._summary(selection))
        if moved:                       # a new filter or new records; a mere refresh keeps the zoom
            self.fit_points()
        self.points_shown.emit(selection)

    def fit_points(self) -> None:
        positions = [item.pos() for item in self.point_items()]
        extent = self.basemap.extent()
        if positions:
            xs, ys = [p.x() for p in positions], [p.y() for p in positions]
            extent = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        if extent is not None:
            self.view.fit(extent)

    def point_items(self) -> list[PointItem]:
        return [item for item in self.scene.items() if isinstance(item, PointItem)]

    def _loaded(self, job: BackgroundJob, selection: MapSelection) -> None:
        if job is self._loading:
            self._loading = None
            self.show_selection(selection)

    @staticmethod
    def _summary(selection: MapSelection) -> str:
        text = f"地图上 {len(selection.points)} 个调查点（单击点打开记录；滚轮缩放，拖动平移）"
        skipped = selection.skipped_text()
        return f"{text}。{skipped}" if skipped else text

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()          # records may have changed while another tab was in front

    # -- base map -------------------------------------------------------------------------
    def choose_basemap(self) -> None:
        path = interaction.current().choose_open_file(self, "选择底图", BASEMAP_FILTER)
        if path is not None:
            self.set_basemap(path)

    def set_basemap(self, path: Path) -> bool:
        """Show the base map at `path` and remember it; a coded error is shown and changes nothing."""
        try:
            self.basemap.show(path)
        except CodedError as error:
            interaction.current().show_error(self, "底图", str(error))
            return False
        set_setting(self._context.db, BASEMAP_SETTING, str(path))
        if not self.selection.points:
            self.fit_points()
        self._refresh_basemap()
        return True

    def clear_basemap(self) -> None:
        self.basemap.clear()
        set_setting(self._context.db, BASEMAP_SETTING, "")

    def _restore_basemap(self) -> None:
        saved = get_setting(self._context.db, BASEMAP_SETTING)
        if saved and Path(saved).is_file():
            try:
                self.basemap.show(Path(saved))
            except CodedError:
                set_setting(self._context.db, BASEMAP_SETTING, "")   # moved or changed: ask again next time

    def _refresh_basemap(self) -> None:
        self.basemap.refresh(self.view.visible_scene_rect(), self.view.metres_per_pixel())
        self._declutter_labels()

    def _declutter_labels(self) -> None:
        """Hide a street name that would overlap a district name or another street (districts go first)."""
        labels = sorted(self.labels, key=lambda label: -label.zValue())
        taken: list[QRectF] = []
        for label in labels:
            size = label.boundingRect().size()
            centre = self.view.mapFromScene(label.pos())
            rect = QRectF(centre.x() - size.width() / 2, centre.y() - size.height() / 2, size.width(), size.height())
            free = not any(rect.intersects(other) for other in taken)
            label.setVisible(free or label.zValue() > LABEL_Z)
            if label.isVisible():
                taken.append(rect)

    # -- export ---------------------------------------------------------------------------
    def export(self, map_format: str) -> BackgroundJob | None:
        """Ask where to save, then write the filtered points as GeoJSON or GeoPackage."""
        default = Path.home() / f"问题地图{SUFFIXES[map_format]}"
        out = interaction.current().choose_save_file(self, EXPORT_TITLE, EXPORT_FILTERS[map_format], default)
        if out is None:
            return None
        out = out if out.suffix.lower() == SUFFIXES[map_format] else out.with_suffix(SUFFIXES[map_format])
        db, catalog, record_filter = self._context.db, self._context.catalog, self.filters.current_filter()
        self.status.setText("正在导出…")
        return run_operation(self, EXPORT_TITLE,
                             lambda _progress: export_map(db, catalog, record_filter, map_format, out),
                             self._exported, lambda error: self._export_failed(error))

    def _exported(self, result: MapExport) -> None:
        text = f"已导出 {len(result.selection.points)} 个调查点到 {result.path}"
        skipped = result.selection.skipped_text()
        self.status.setText(f"{text}。{skipped}" if skipped else text)

    def _export_failed(self, error: BaseException) -> None:
        self.status.setText(f"导出失败：{error}")
        show_failure(self, EXPORT_TITLE, error)


def _ids(selection: MapSelection) -> set[str]:
    return {point.record_id for point in selection.points}
