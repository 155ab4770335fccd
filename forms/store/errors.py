"""The one catalogue of store error codes."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

STORE_ERRORS = MappingProxyType({
    "store-001": "数据库结构版本（{found}）比本程序认识的版本新，请升级 CityCheck 后再打开此数据库。",
    "store-002": "此文件不是 CityCheck 的 SQLite 数据库，无法打开（{detail}）。",
    "store-003": "记录已定稿，修改定稿记录必须填写修改原因。",
    "store-004": "记录还有未完成或有误的内容，不能定稿：{items}",
    "store-005": "未知的调查表 {form_id}，请检查表单定义是否已加载。",
    "store-006": "文件不是可识别的图片，不能作为照片保存（{detail}）。",
    "store-007": "照片 {sha256} 不在本机照片库中，请先导入照片再保存记录。",
    "store-008": "找不到记录 {record_id}。",
    "store-009": "找不到照片 {sha256}。",
    "store-010": "答案 {key} 的值不能保存为 JSON（{detail}）。",
    "store-011": "任务状态 {status} 无效，应为 todo、in_progress 或 done。",
    "store-012": "找不到任务 {task_id}。",
    "store-013": "记录 {record_id} 已定稿，只能删除草稿。",
    "store-014": "数据库正被另一程序占用，等了 {seconds} 秒仍未释放，本次没有写入任何内容；"
                 "请等其他 CityCheck 窗口或命令（导入、合并、编辑）完成后重试。",
    "store-015": "数据库文件已损坏（{detail}），为免丢失或弄乱记录，本次操作没有进行；"
                 "请用“citycheck restore”（或程序菜单“备份与恢复…”）恢复最近一次完好的备份，恢复前会先另存当前文件。",
    "store-016": "照片超过 {limit} 百万像素的上限（{detail}），没有保存；请把照片缩小（如用手机相机的标准画质）后再添加。",
    "store-017": "GPS 定位精度要求应为 0–10000 米之间的正数，收到 {value}。",
})


class StoreError(CodedError):
    """A coded problem raised by the offline store."""

    catalogue = STORE_ERRORS


store_error = StoreError.make


# Kept with the import's codes: the clerk met them there first, and the manual lists them so.
CONFLICT_ERRORS = MappingProxyType({
    "import-023": "找不到冲突记录 {conflict_id}。",
    "import-024": "冲突 {conflict_id} 已处理过。",
})


class ConflictError(CodedError):
    """A coded problem met while settling a conflict kept by import."""

    catalogue = CONFLICT_ERRORS


conflict_error = ConflictError.make
