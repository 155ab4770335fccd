"""`citycheck demo`: fill a database with realistic synthetic inspections."""

from __future__ import annotations

import argparse
from contextlib import closing
import sys
import time
from collections import Counter

from desktop.cli import add_db_argument
from desktop.cli.text_table import format_table
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database

STATUS_LABELS = {"draft": "草稿", "final": "已完成"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="写入演示用的模拟调查记录（同一种子结果相同）")
    add_db_argument(parser)
    parser.add_argument("--count", type=int, default=1000, help="记录数（默认 1000）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    parser.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    if args.count < 0:
        print("[demo-001] --count: 记录数不能为负数；请给出 0 或更大的整数。", file=sys.stderr)
        return 2
    catalog = load_catalog()
    with closing(open_database(args.db)) as db:
        started = time.perf_counter()
        counts = generate(db, args.count, args.seed, catalog)
        elapsed = time.perf_counter() - started
    print(f"已写入 {args.count} 条演示记录到 {db.path}（{elapsed:.1f} 秒）")
    print(format_summary(counts, catalog))
    return 0


def format_summary(counts: Counter, catalog) -> str:
    rows = []
    for form_id, form in catalog.items():
        draft, final = counts[(form_id, "draft")], counts[(form_id, "final")]
        rows.append((form.title, draft, final, draft + final))
    rows.append(("合计", *(sum(row[i] for row in rows) for i in (1, 2, 3))))
    return format_table(("表单", "草稿", "已完成", "合计"), rows)
