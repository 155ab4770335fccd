"""The JGJ 125 part of a housing record: per-layer ratios and Au–Du grades, and what decided the grade."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from forms.rules.jgj125 import percent_text
from reports.pdf.flowables import Pieces
from reports.pdf.styles import CONTENT_WIDTH

TITLE = "危房鉴定初算（JGJ 125-2016）"
COLUMNS = ("层", "危险构件数 / 构件数", "加权危险构件比 R", "等级")


def jgj_rows(summary: Mapping[str, object]) -> list[tuple[str, str, str, str]]:
    """One row per graded layer, then the whole building."""
    rows = [(str(layer.get("name", "")), f"{layer.get('dangerous', '—')} / {layer.get('total', '—')}",
             percent_text(float(layer["ratio"])), str(layer.get("grade", "")))
            for layer in summary.get("jgj_layers") or [] if isinstance(layer, Mapping)]
    ratio = summary.get("jgj_ratio")
    rows.append(("全楼", "—", percent_text(float(ratio)) if ratio is not None else "—",
                 f"{summary.get('computed_grade') or '—'} 级"))
    return rows


def jgj_section(pieces: Pieces, summary: Mapping[str, object]) -> list[Flowable]:
    """The layer table and the sentence saying what forced the preliminary grade (nothing without JGJ data)."""
    if not summary.get("jgj_layers") and not summary.get("ground_dangerous"):
        return []
    widths = [40 * mm, 45 * mm, 45 * mm, CONTENT_WIDTH - 130 * mm]
    reason = summary.get("jgj_grade_reason") or "见上表"
    body = [pieces.data_table(COLUMNS, jgj_rows(summary), widths),
            pieces.para(f"初算依据：{reason}。初算等级须经鉴定机构确认。", pieces.styles.small)]
    return pieces.headed(pieces.para(TITLE, pieces.styles.subheading), body)
