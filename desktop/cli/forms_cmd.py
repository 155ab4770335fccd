"""`citycheck forms`: list the surveys, or validate one definition file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.text_table import format_table
from forms.definition_errors import DefinitionErrors
from forms.loader import load_catalog, load_form
from forms.model import FieldType


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("forms", help="列出调查表，或检查一个表单定义文件")
    parser.set_defaults(func=list_forms)
    nested = parser.add_subparsers(dest="forms_command", metavar="子命令")
    check = nested.add_parser("check", help="检查一个表单定义文件（YAML），有错误时退出码非零")
    check.add_argument("path", type=Path, help="表单定义文件路径")
    check.set_defaults(func=check_form)


def input_field_count(form) -> int:
    return sum(1 for f in form.fields() if f.type is not FieldType.NOTE)


def list_forms(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    rows = [(form.id, form.version, input_field_count(form), form.title) for form in catalog.values()]
    print(format_table(("表单编号", "版本", "字段数", "名称"), rows, right=(2,)))
    return 0


def check_form(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"[form-001] {args.path}: 文件不存在；请检查路径。", file=sys.stderr)
        return 2
    try:
        form = load_form(args.path)
    except DefinitionErrors as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{args.path.name}: {len(exc.problems)} 个错误", file=sys.stderr)
        return 1
    print(f"{args.path.name}: 通过检查（{form.title}，{input_field_count(form)} 个字段）")
    return 0
