"""The one catalogue of Excel export, import and merge error codes."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

EXCEL_ERRORS = MappingProxyType({
    # export
    "export-001": "无法写入导出文件（{detail}）；请换一个有写入权限、空间足够的位置。",
    "export-002": "未知的调查表 {form}；可选：{known}。",
    "export-003": "状态只能是 final、draft 或 all，收到 {status}。",
    "export-004": "导出的数据读取进程意外退出（退出码 {exitcode}），没有写出文件；请重试。",
    "export-005": "无法在临时文件夹 {folder} 暂存导出数据（{detail}），没有写出文件；"
                  "请清理该磁盘的空间，或把环境变量 TMPDIR（Windows 为 TEMP）指向空间足够的文件夹后重试。",
    "export-006": "输出文件“{name}”的扩展名应为 {expected}：导出只能写 Excel 工作簿（附照片时为 .zip）；请改为 {suggestion}。",
    # reading an export (import and merge)
    "import-001": "找不到或无法读取文件（{detail}）；请检查路径和文件权限。",
    "import-002": "文件已损坏或不完整（{detail}）；请向提交人重新索取文件。",
    "import-003": "这不是 CityCheck 导出的工作簿（缺少隐藏的“{sheet}”工作表）；请使用本程序导出的文件。",
    "import-004": "文件格式版本 {found} 比本程序支持的版本 {supported} 新；请升级 CityCheck 后再导入。",
    "import-005": "工作表对应的调查表 {form} 本程序不认识；请升级 CityCheck 或删除该工作表。",
    "import-006": "找不到列“{header}”（可能被改名或删除）；请恢复原列标题，或重新导出。",
    "import-007": "列标题“{header}”出现了 {count} 次；请删除重复的列。",
    "import-008": "记录编号“{value}”不是有效的记录编号（UUID）；请恢复原值，不要编辑系统列。",
    "import-009": "系统列（记录编号、表单或修订号）与行校验不符，可能被修改过；请恢复原值或重新导出。",
    "import-010": "修订号“{value}”缺失或不是正整数；请恢复原值，不要编辑系统列。",
    "import-011": "记录编号 {record_id} 在本工作表中出现了两次（第 {first} 行）；请删除重复的行。",
    "import-012": "“{header}”的值“{value}”无法识别为{kind}；请按{kind}填写。",
    "import-013": "“{header}”的值“{value}”不在选项中；可选：{labels}。",
    "import-014": "这一行属于记录 {record_id}，但主表“{sheet}”里没有这条记录；请恢复被删除的记录行，或删除这一行。",
    "import-015": "行号“{value}”缺失、无效或重复；请恢复原值。",
    "import-016": "压缩包里应当有且只有一个 .xlsx 工作簿，找到 {count} 个；请使用 CityCheck 导出的压缩包。",
    "import-017": "隐藏列“{header}”的内容已损坏；请恢复原值或重新导出。",
    "import-025": "隐藏的“{sheet}”工作表已损坏（缺少系统列 {keys} 的对照）；请不要编辑该工作表，重新导出后再导入。",
    "import-018": "列“{header}”（字段 {key}）不在调查表“{form}”的当前版本中；请用同一版本的 CityCheck 导出。",
    "import-019": "写入数据库失败（{detail}）；本文件没有导入任何记录。",
    "import-020": "必填的系统列“{header}”为空；请恢复原值，不要编辑系统列。",
    "import-021": "“{header}”的值“{value}”无效：{detail}。",
    "import-031": "记录 {record_id} 的答案在表格中被修改，修改后不再满足定稿要求（{items}），已作为草稿导入；请在本机补全后重新定稿。",
    "import-032": "导出时的 {count} 条记录在本工作表中找不到（行被删除）：{records}；这些记录没有导入，请向提交人核实。",
    "import-033": "压缩包里缺少 {count} 张记录中提到的照片，本机也没有：{photos}；记录已导入，请向提交人索取含照片的压缩包。",
    # what the given file is (input_files.py)
    "import-101": "这是一个文件夹（{folder}），不是导出文件；请选择文件夹里的 .xlsx 或 .zip 导出文件。",
    "import-102": "没有读取这个文件的权限（{detail}）；请让管理员开放读取权限，或把文件复制到自己的文件夹后再选择它。",
    "import-103": "这是{kind}，不是 CityCheck 导出的 .xlsx 工作簿；{fix}。",
    # size limits (input_limits.py)
    "import-111": "压缩包中的“{member}”解压后是压缩大小的 {ratio} 倍，超过上限 {limit} 倍，可能是恶意构造的文件，没有读取；"
                  "请向提交人重新索取 CityCheck 导出的文件。",
    "import-112": "文件解压后共 {size}，超过上限 {limit}，没有读取；请按区或街道分批导出后再导入或合并。",
    "import-113": "压缩包中的“{member}”解压后与目录中声明的大小（{declared} 字节）或校验值不符（{detail}），"
                  "文件已损坏或被改动，没有读取；请向提交人重新索取文件。",
    "import-114": "工作表“{member}”超过上限（{rows} 行或 {cells} 个单元格），没有读取；请按区或街道分批导出后再导入或合并。",
    "import-115": "单元格文字达到 Excel 的上限 {limit} 字，超出的部分读取时会被截掉；为免丢失内容没有读取，"
                  "请把这段文字缩短到 {limit} 字以内或移到附件中。",
    # merge
    "merge-001": "没有可合并的文件；请至少给出一个导出文件。",
    "merge-002": "输出文件也是输入文件之一；请换一个输出文件名。",
    "merge-003": "无法写入合并结果（{detail}）；请换一个有写入权限、空间足够的位置。",
    "merge-004": "有 {count} 个文件被拒绝，没有写出合并结果；请修正这些文件，或使用 --skip-bad 跳过它们。第一个问题：{first}",
    "merge-006": "输出文件“{name}”的扩展名应为 .xlsx（输入带照片时为 .zip）：合并结果是 Excel 工作簿；请改为 {suggestion}。",
    "merge-005": "无法在临时文件夹 {folder} 暂存合并数据（{detail}），没有写出合并结果；大批量合并会把超出内存预算的行暂存在这里，请清理该磁盘的空间后重试。",
    # conflicts kept by import, settled in the app
})


class ExcelError(CodedError):
    """A coded problem with an Excel export, import or merge."""

    catalogue = EXCEL_ERRORS


excel_error = ExcelError.make


def place(file: str, sheet: str | None = None, row: int | None = None, cell: str | None = None) -> str:
    """Say where in a workbook: "a.xlsx, sheet 房屋安全, cell C17" / "…, row 17"."""
    parts = [file]
    if sheet is not None:
        parts.append(f"sheet {sheet}")
    if cell is not None:
        parts.append(f"cell {cell}")
    elif row is not None:
        parts.append(f"row {row}")
    return ", ".join(parts)
