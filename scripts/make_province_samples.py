"""Write the provinces' template variants of ``scripts/realistic_forms_provinces.py`` into samples/realistic/.

贵州 2019, 河南 2017 部门整体, 云南 2018 and 山东 2020 (printed over two pages), each in Word's TAB
export and in the text shapes real documents arrive in (pipe rows, one cell per line, one cell per
paragraph, flattened, PDF layout, figures glued onto their fund line's label).
Each truth (``NAME.truth.json``) is written from the builders' values before jixiao reads anything.

Run: ``.venv/bin/python scripts/make_province_samples.py``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_realistic_samples import _traditional
from realistic_forms import Built
from realistic_forms_provinces import GUIZHOU, HENAN_DEPARTMENT, SHANDONG_PAGED, YUNNAN
from realistic_render import render_cells, render_flat, render_paras, render_pdf_layout, render_web_pipe
from template_dsl import render_txt

FUND_LABELS = ("年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金")
FIGURE_LINE = re.compile(r"^[0-9.,%—/分-]+$")


def render_glued(built: Built) -> str:
    """One cell a line, but each fund line's figures glued onto its label (``年度资金总额:300.00320.00…``),
    as OCR or a careless copy leaves them."""
    out: list[str] = []
    for line in render_cells(built[0]).split("\n"):
        if out and out[-1].startswith(FUND_LABELS) and FIGURE_LINE.match(line):
            out[-1] += line if ":" in out[-1] else ":" + line
        else:
            out.append(line)
    return "\n".join(out)


# A unit's forms published in one file, one after the other (the 贵州 form, then the 云南 one).
TWO_FORMS: Built = ([*GUIZHOU[0], *YUNNAN[0]], [*GUIZHOU[1], *YUNNAN[1]])

OUT = Path(__file__).resolve().parent.parent / "samples" / "realistic"

FORMS: dict[str, tuple[str, Built]] = {
    "guizhou_2019": ("贵州 2019: 执行率（%） written without %, 分值/得分 written with 分", GUIZHOU),
    "henan_department_2017": (
        "河南 2017 部门整体: 年度主要任务 with its own 预算数/执行数 above 资金情况（万元）",
        HENAN_DEPARTMENT,
    ),
    "yunnan_2018": (
        "云南 2018: 单位：万元 above the table, 执行率 as bare figures, 指标内容 / 指标值 / 完成值",
        YUNNAN,
    ),
    "two_forms": ("two forms of one unit, one after the other in one file", TWO_FORMS),
    "shandong_paged": (
        "山东 2020 printed over two pages: the page number between indicator rows, the header repeated",
        SHANDONG_PAGED,
    ),
    "shandong_paged_traditional": (
        "the 山东 form in traditional characters (第 1 頁 共 2 頁)",
        _traditional(SHANDONG_PAGED),
    ),
}
SHAPES: dict[str, tuple[str, Callable[[Built], str]]] = {
    "tab": ("Word's TAB text export", lambda b: render_txt(b[0])),
    "pipe": ("copied web pipe rows", lambda b: render_web_pipe(b[0])),
    "cells": ("one cell per line", lambda b: render_cells(b[0])),
    "paragraphs": ("one cell per paragraph", lambda b: render_paras(b[0])),
    "flat": ("flattened onto one line", lambda b: render_flat(b[0])),
    "layout": ("pdftotext -layout", lambda b: render_pdf_layout(b[0])),
    "glued": ("one cell per line, each fund line's figures glued onto its label", render_glued),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    count = 0
    for form, (quirk, built) in FORMS.items():
        for shape, (how, render) in SHAPES.items():
            name = f"{form}_{shape}.txt"
            truth = {
                "sample": name,
                "family": "realistic",
                "quirk": f"{quirk}; {how}",
                "made_by": "scripts/make_province_samples.py",
                "forms": built[1],
            }
            (OUT / f"{form}_{shape}.truth.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            (OUT / name).write_text(render(built), encoding="utf-8")
            count += 1
    print(f"wrote {count} samples to {OUT}")


if __name__ == "__main__":
    main()
