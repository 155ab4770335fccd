"""`citycheck map-export`: the 问题地图 as GeoJSON or GeoPackage for QGIS/ArcGIS."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from desktop.cli import add_db_argument
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.record_filter import RecordFilter
from reports.geo.export import MAP_FORMATS, export_map
from reports.geo.points import resolve_form


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("map-export", help="把调查点导出为 GeoJSON 或 GeoPackage（问题地图，WGS-84）")
    add_db_argument(parser)
    parser.add_argument("--format", choices=MAP_FORMATS, required=True, help="geojson 或 gpkg")
    parser.add_argument("--out", type=Path, required=True, help="输出文件（.geojson 或 .gpkg）")
    parser.add_argument("--district", help="只导出这个区")
    parser.add_argument("--street", help="只导出这个街道")
    parser.add_argument("--form", help="只导出这个调查表（id 或中文名称，如 房屋安全）")
    parser.set_defaults(func=run_map_export)


def run_map_export(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    record_filter = RecordFilter(form_id=resolve_form(catalog, args.form), district=args.district, street=args.street)
    with closing(open_database(getattr(args, "db", None))) as db:
        result = export_map(db, catalog, record_filter, args.format, args.out)
    print(f"已导出 {len(result.selection.points)} 个调查点到 {result.path}")
    if result.selection.skipped:
        print(result.selection.skipped_text(limit=len(result.selection.skipped)), file=sys.stderr)
    return 0
