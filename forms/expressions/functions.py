"""Every function expressions may call, by name, and the ODK functions deliberately left out.

Each family lives in its own module; every implementation takes the
evaluation context and the evaluated arguments and never raises: bad input
gives NaN, '' or false, as ODK does.
"""

from __future__ import annotations

from types import MappingProxyType

from forms.expressions.functions_aggregates import AGGREGATE_FUNCTIONS
from forms.expressions.functions_dates import DATE_FUNCTIONS
from forms.expressions.functions_encoding import ENCODING_FUNCTIONS
from forms.expressions.functions_geo import GEO_FUNCTIONS
from forms.expressions.functions_logic import LOGIC_FUNCTIONS
from forms.expressions.functions_math import MATH_FUNCTIONS
from forms.expressions.functions_select import SELECT_FUNCTIONS
from forms.expressions.functions_text import TEXT_FUNCTIONS
from forms.expressions.signature import Function

FUNCTIONS: MappingProxyType[str, Function] = MappingProxyType({
    **LOGIC_FUNCTIONS, **SELECT_FUNCTIONS, **AGGREGATE_FUNCTIONS, **TEXT_FUNCTIONS,
    **ENCODING_FUNCTIONS, **MATH_FUNCTIONS, **DATE_FUNCTIONS, **GEO_FUNCTIONS,
})

FUNCTION_NAMES = frozenset(FUNCTIONS)

# ODK functions a definition may carry over from an XLSForm, with why CityCheck has none.
UNSUPPORTED_FUNCTIONS = MappingProxyType({
    "pulldata": "它读取随表单附带的 CSV 文件，而 CityCheck 的调查表没有附件；请把数据写成选项列表或参数",
    "instance": "它读取外部选项表（二级实例），CityCheck 不支持；请把选项写进 choices",
    "indexed-repeat": "它按序号取重复组中的某一行；请在重复组内直接写 ${字段}，在组外用 sum、max、min、join 等汇总整列",
    "position": "它取当前重复行的序号，CityCheck 的表达式不区分行号",
    "randomize": "它只用于打乱选项顺序，CityCheck 的选项总按定义的顺序显示",
    "version": "表单版本由 CityCheck 记在每条记录上（form_version），表达式里取不到",
    "property": "它读取设备属性（deviceid、username 等）；CityCheck 的记录自带调查员和设备编号",
    "extract-signed": "它需要 Ed25519 签名校验，CityCheck 不支持",
    "intersects": "它判断线或面是否自相交，CityCheck 不支持",
    "current": "XPath 的 current() 在 CityCheck 中请写作 . 或 ${字段}",
})
