"""The one catalogue of PDF report error codes."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

REPORT_ERRORS = MappingProxyType({
    "report-001": "字体文件 {path} 无法使用（{detail}）。请选择 TrueType 轮廓的中文字体（.ttf 或 .ttc），例如 msyh.ttc 或 wqy-microhei.ttc。",
    "report-002": "找不到楼栋编码为 {building_code} 的调查记录，请核对楼栋编码或先导入数据。",
    "report-003": "找不到记录 {record_id}，请核对记录编号。",
    "report-004": "无法写入报告文件 {path}（{detail}），请检查目录是否存在、是否有写入权限、文件是否被其他程序打开。",
    "report-005": "所选范围（{scope}）内没有调查记录，无法生成汇总报告。",
    "report-006": "未知的调查表 {form_id}，请检查表单定义是否已加载。",
    "report-007": "输出文件“{name}”的扩展名应为 {expected}：报告只能写成 PDF；请改为 {suggestion}。",
})


class ReportError(CodedError):
    """A coded problem raised while building a PDF report."""

    catalogue = REPORT_ERRORS


report_error = ReportError.make
