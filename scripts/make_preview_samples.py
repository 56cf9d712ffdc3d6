"""Write samples/previews/: forms as a document site's text preview gives them, every cell glued to the next.

Sites that share .docx files publish their text run together, with no space, bar or line break between
cells, cut into numbered chunks (``1、`` ``2、`` …) wherever the count falls (found on yzwku.com, 1wenmi.com:
重庆 2021, 银川 2021, a 2020 湖北 项目自评表). The forms are ``make_realistic_samples``' builders (invented
names and figures); each ``NAME.truth.json`` is written from the builders' values before jixiao reads the
sample. Look-alikes in the same shape (a 绩效目标申报表, the blank form, a 决算 table of contents) must give
no value.

Run: ``.venv/bin/python scripts/make_preview_samples.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic_decoys import TOC, blank_template, target_table
from realistic_forms import ANHUI, SICHUAN_A, Built
from realistic_forms_dept import COST_2021, COUNTY_2017, HUNAN_DEPARTMENT
from realistic_forms_more import CHONGQING, TRANSFER, YUAN_PROJECT
from realistic_forms_provinces import GUIZHOU, YUNNAN
from realistic_real_shapes import render_preview

OUT = Path(__file__).resolve().parent.parent / "samples" / "previews"
# name → (what it is, the built forms, the preview's chunk length)
SAMPLES: dict[str, tuple[str, Built, int]] = {
    "anhui_preview.txt": ("财政部 2020 county form (年度资金总额 zeros)", ANHUI, 230),
    "sichuan_preview.txt": ("四川 2023 (报表编号, notes after the figures)", SICHUAN_A, 230),
    "yunnan_2018_preview.txt": ("云南 2018 (单位：万元 above the table)", YUNNAN, 500),
    "guizhou_2019_preview.txt": ("贵州 2019 (执行率 as bare figures, 分 after scores)", GUIZHOU, 120),
    "yuan_preview.txt": ("元 form headed 附件2 (预算数/执行数/执行率 only)", YUAN_PROJECT, 230),
    "chongqing_preview.txt": ("重庆 2021 部门整体 (财政处室, 执行率得分(分))", CHONGQING, 500),
    "hunan_department_preview.txt": ("湖南 部门整体 (按收入/支出性质分)", HUNAN_DEPARTMENT, 230),
    "transfer_preview.txt": ("转移支付区域绩效目标自评表 (中央主管部门)", TRANSFER, 230),
    "cost_2021_preview.txt": ("2021 form in whole 元", COST_2021, 180),
    "county_2017_preview.txt": ("older county form (label and figure pairs)", COUNTY_2017, 230),
    "decoy_target_preview.txt": ("绩效目标申报表: no fund value, actual or score", target_table(), 230),
    "decoy_blank_template_preview.txt": ("the blank form: no value", blank_template(), 230),
    "decoy_toc_preview.txt": ("决算 table of contents naming the forms: no form", (TOC, []), 230),
}


def write_all(out: Path) -> list[Path]:
    """Every sample and its truth, written to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, (quirk, built, chunk) in SAMPLES.items():
        stem = name.rsplit(".", 1)[0]
        (out / name).write_text(render_preview(built[0], stem, chunk), encoding="utf-8")
        truth: dict[str, Any] = {
            "sample": name,
            "family": "preview_decoy" if name.startswith("decoy") else "preview",
            "quirk": f"{quirk}; a document site's text preview, cells glued, chunks of {chunk} characters",
            "made_by": "scripts/make_preview_samples.py",
            "forms": built[1],
        }
        (out / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written += [out / name, out / f"{stem}.truth.json"]
    return written


def main() -> None:
    print(f"wrote {len(write_all(OUT)) // 2} samples to {OUT}")


if __name__ == "__main__":
    main()
