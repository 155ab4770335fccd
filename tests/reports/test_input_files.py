"""Files that are not exports, and outputs named for another format, get a message saying what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from forms.loader import load_catalog
from reports.excel.errors import ExcelError
from reports.excel.read.workbook_reader import read_export

ROOT = Path(__file__).resolve().parents[2]


def refusal(path: Path) -> ExcelError:
    with pytest.raises(ExcelError) as refused:
        read_export(path, load_catalog())
    return refused.value


def test_a_folder_is_called_a_folder(tmp_path):
    folder = tmp_path / "杨家坪街道"
    folder.mkdir()
    error = refusal(folder)
    assert error.code == "import-101" and "文件夹" in error.message and "不存在" not in error.message


def test_an_opendocument_sheet_is_named_with_what_to_do(tmp_path):
    path = tmp_path / "汇总.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    error = refusal(path)
    assert error.code == "import-103"
    assert "OpenDocument 表格（.ods）" in error.message and "另存为" in error.message
    assert "0 个" not in error.message


@pytest.mark.parametrize(("name", "content", "said"), [
    ("名单.csv", "楼栋编码,地址\nA-1,解放碑\n".encode("utf-8"), "CSV"),
    ("旧表.xls", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), "97-2003"),
    ("报告.xlsx", b"%PDF-1.7\n", "PDF"),
    ("空.xlsx", b"", "空文件"),
])
def test_other_kinds_of_file_say_what_they_are(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    error = refusal(path)
    assert error.code == "import-103" and said in error.message and "已损坏" not in error.message


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_an_unreadable_file_says_permission_not_damage(locked):
    folder = Path(tempfile.mkdtemp(prefix="citycheck-test-"))    # outside pytest's private folder
    path = folder / "导出.xlsx"
    path.write_bytes(b"PK\x03\x04 not read")
    (path if locked == "file" else folder).chmod(0 if locked == "file" else 0o300)
    script = ("import sys; from pathlib import Path; from forms.loader import load_catalog; "
              "from reports.excel.read.workbook_reader import read_export\n"
              "try:\n    read_export(Path(sys.argv[1]), load_catalog())\n"
              "except Exception as error:\n    print(error)\n")
    command = [sys.executable, "-c", script, str(path)]
    if os.name == "posix" and os.geteuid() == 0:    # root reads any file: run as nobody
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    folder.chmod(0o700)
    shutil.rmtree(folder)
    assert done.stdout.startswith("[import-102] 导出.xlsx: 没有读取这个文件的权限"), done.stdout + done.stderr


@pytest.mark.parametrize(("argv", "code"), [
    (["export", "--out", "{tmp}/导出.csv"], "export-006"),
    (["merge", "{tmp}/a.xlsx", "--out", "{tmp}/合并.csv"], "merge-006"),
    (["report", "district", "--out", "{tmp}/汇总.docx"], "report-007"),
])
def test_an_output_named_for_another_format_is_refused(tmp_path, capsys, argv, code):
    (tmp_path / "a.xlsx").write_bytes(b"")
    db = tmp_path / "citycheck.sqlite3"
    assert main(["--db", str(db), *(part.format(tmp=tmp_path) for part in argv)]) == 2
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "请改为" in err
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("citycheck")) == ["a.xlsx"]
