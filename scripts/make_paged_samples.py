"""Write samples/paged/: Word forms of several provinces' templates that go over page breaks.

The PDF and ``.doc`` twins of these (made by LibreOffice at test time, ``tests/test_paged_twins.py``) are
where page breaks cut rows, merged 一级/二级 cells and long 偏差原因; each ``NAME.truth.json`` is written from
the builders' values (``paged_data.py`` with ``paged_forms.py``, ``realistic_forms*.py``) before jixiao reads
the sample, with ``min_pdf_pages``: how many pages its LibreOffice PDF must at least have for the sample to
test what it says. Word files: ``paged_render.py``.

Run: ``.venv/bin/python scripts/make_paged_samples.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paged_data import (
    ARCHIVES,
    CHONGQING_LONG,
    SICHUAN_LONG,
    WATER,
    WATER_APART,
    WATER_TITLED,
    forms_a_page_same_heading,
    two_forms_page_each,
)
from paged_render import render_paged
from realistic_forms import Built
from realistic_forms_dept import HUNAN_DEPARTMENT
from realistic_forms_more import JIANGXI

OUT = Path(__file__).resolve().parent.parent / "samples" / "paged"

# name → (what it is, the built forms, Word options, at least this many PDF pages)
SAMPLES: dict[str, tuple[str, Built, dict[str, Any], int]] = {
    "mof_three_pages.docx": (
        "财政部 2020 project form, 24 indicators under merged 一级/二级, long 偏差原因: three pages",
        WATER,
        {},
        3,
    ),
    "mof_landscape.docx": (
        "the same form on A4 landscape, as most bureaus lay it out: long reasons split over two breaks",
        WATER,
        {"landscape": True},
        3,
    ),
    "mof_header_repeated.docx": (
        "财政部 2020 form, the indicator block a table of its own whose header row repeats on every page",
        WATER_APART,
        {"repeat_header": "一级指标"},
        3,
    ),
    "mof_two_header_rows.docx": (
        "财政部 2020 form, its indicator table headed by a title row and the column heads, both repeated on "
        "every page; landscape, cells centred both ways",
        WATER_TITLED,
        {"repeat_header": "绩效指标完成情况", "header_rows": 2, "centred": True, "landscape": True},
        3,
    ),
    "chongqing_long.docx": (
        "重庆 2021 部门整体绩效自评表, 15 indicators without 一级/二级 under a 绩效指标 corner: two pages",
        CHONGQING_LONG,
        {},
        2,
    ),
    "forms_a_page_same_heading.docx": (
        "two short 财政部 forms, a page each, no 附件 line: the same title at the same height on both pages",
        forms_a_page_same_heading(),
        {},
        2,
    ),
    "mof_centred_rows_whole.docx": (
        "财政部 2020 form, 24 indicators, every cell centred both ways, rows that may not break over pages",
        WATER,
        {"centred": True, "cant_split": True},
        3,
    ),
    "sichuan_centred.docx": (
        "四川 2023 form with 21 indicators, cells centred both ways, rows whole on a page",
        SICHUAN_LONG,
        {"centred": True, "cant_split": True},
        3,
    ),
    "hunan_department_long.docx": (
        "湖南 部门整体支出绩效自评表, 按收入/支出性质分, 18 indicators, long reasons: two pages",
        ARCHIVES,
        {},
        2,
    ),
    "hunan_department.docx": ("湖南 部门整体支出绩效自评表 (one page), Word", HUNAN_DEPARTMENT, {}, 1),
    "jiangxi.docx": ("江西 2017: 分值 before targets, '30分' units, 评分标准; Word", JIANGXI, {}, 1),
    "sichuan_long.docx": (
        "四川 2023 form with 21 indicators and long 未完成原因分析: two pages and more",
        SICHUAN_LONG,
        {},
        2,
    ),
    "two_forms_page_each.docx": (
        "two 财政部 forms of one unit, each on a page of its own",
        two_forms_page_each(),
        {},
        2,
    ),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (quirk, built, options, pages) in SAMPLES.items():
        stem = name.rsplit(".", 1)[0]
        truth = {
            "sample": name,
            "family": "paged",
            "quirk": quirk,
            "made_by": "scripts/make_paged_samples.py",
            "min_pdf_pages": pages,
            "forms": built[1],
        }
        (OUT / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (OUT / name).write_bytes(render_paged(built[0], **options))
    print(f"wrote {len(SAMPLES)} samples to {OUT}")


if __name__ == "__main__":
    main()
