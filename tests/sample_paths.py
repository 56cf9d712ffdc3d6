"""Where the committed samples are (a plain module: ``conftest`` names clash across test folders)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LUKOU_TXT = SAMPLES / "lukou_xunchaban_2023.txt"
LUKOU_DOCX = SAMPLES / "lukou_xunchaban_2023.docx"
# the sample's 附件2 report headings (numbering as written, mixed; level; heading), read by hand
LUKOU_REPORT_HEADINGS = [
    ("1、", 1, "预算单位基本情况"),
    ("二、", 1, "一般公共预算支出情况"),
    ("（一）", 2, "基本支出情况"),
    ("（二）", 2, "项目支出情况"),
    ("三、", 1, "部门整体支出绩效情况"),
    ("四、", 1, "存在的问题及原因分析"),
    ("5、", 1, "下一步改进措施"),
    ("六、", 1, "绩效自评结果拟应用和公开情况"),
]

# the contract tables a twin of the same submission (Word, PDF, .doc, …) must give again (ids aside)
TWIN_TABLES = (
    "forms",
    "funds",
    "fund_breakdown",
    "indicators",
    "report_sections",
    "values",
    "anomalies",
    "facts",
    "residuals",
)


def assert_reproducible(script: str, folder: Path, out: Path, stamped: tuple[str, ...] = ()) -> None:
    """``scripts/<script>.py``'s ``write_all`` writes again exactly the samples committed in ``folder``
    (files with a suffix in ``stamped`` carry a creation time: only their names are compared)."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        write_all = importlib.import_module(script).write_all
    finally:
        sys.path.pop(0)
    written = write_all(out)
    assert sorted(p.name for p in written) == sorted(p.name for p in folder.iterdir())
    for p in written:
        if p.suffix not in stamped:
            assert p.read_bytes() == (folder / p.name).read_bytes(), p.name
