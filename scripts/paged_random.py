"""Forms drawn at random as Word files for the PDF and .doc twins' tests (``tests/test_paged_twins.py``): not
written to ``samples/``, made in a temporary folder at test time, each with its truth.

* :func:`drawn_word_forms`: the shape samples' forms (``shape_forms.draw_form``: six templates, column
  orders, with and without 年初预算数, the department breakdown in each spelling) as Word tables;
* :func:`mixed_word_forms`: the paged forms with a random choice of rows and reasons (two paragraphs, long,
  none) and of layout (landscape, centred, rows kept whole, repeated header rows, running heads).
"""

from __future__ import annotations

import random
from typing import Any

from paged_data import ARCHIVE_ROWS, ARCHIVES, WATER, WATER_ROWS, WHY_LONG, WHY_MID
from paged_forms import Ind, department, mof_project
from paged_render import render_paged
from template_dsl import Blocks, C

Sample = tuple[bytes, list[dict[str, Any]]]  # Word bytes, truths


def drawn_word_forms(per_template: int = 2) -> dict[str, tuple[bytes, list[dict[str, Any]]]]:
    """Forms drawn at random over the shape samples' templates (``shape_forms.draw_form``: column orders,
    with and without 年初预算数, 部门整体 forms with each breakdown spelling, target tables) as Word files,
    portrait and landscape in turn, with their truths: name → (docx bytes, truths). Not written to
    ``samples/``: tests make them in a temporary folder, for the PDF and .doc twins of many more layouts."""
    import random

    from shape_forms import TEMPLATES, draw_form

    out: dict[str, tuple[bytes, list[dict[str, Any]]]] = {}
    for t, tpl in enumerate(TEMPLATES):
        styles = (None, "full", "noheader", "before") if tpl.kind == "department" else (None,)
        for style in styles:
            for seed in range(per_template):
                rng = random.Random(1000 * t + 17 * seed + len(style or ""))
                drawn = draw_form(rng, tpl, rng.choice([2021, 2022, 2023]), breakdown=style)
                name = f"drawn_{t}_{style or 'plain'}_{seed}.docx"
                blocks = _blocks_of(drawn.items)
                out[name] = (render_paged(blocks, landscape=seed % 2 == 1), [drawn.truth])
    return out


def _blocks_of(items: list[tuple[str, Any]]) -> Blocks:
    """Paragraphs and logical rows (``shape_forms``) → blocks: runs of rows a table, a short row's last
    cell spanning the rest of the grid (as Word forms do)."""
    blocks: Blocks = []
    rows: list[list[str]] = []
    for kind, body in [*items, ("p", None)]:
        if kind == "row":
            rows.append(body)
            continue
        if rows:
            width = max(len(r) for r in rows)
            blocks.append([[*r[:-1], C(r[-1], cols=width - len(r) + 1)] for r in rows])
            rows = []
        if body is not None:
            blocks.append(str(body))
    return blocks


REASONS = [
    WHY_LONG,
    WHY_MID,
    "",
    "",
    "受资金到位时间影响，部分项目推迟实施。" * 3,
    "1.部分指标完成值略低于目标值；\n2.已制定整改措施。",
]


def mixed_word_forms(count: int = 6) -> dict[str, Sample]:
    """``count`` 财政部 and 湖南 部门整体 forms, each of a random choice of the paged rows (weights spread to
    90, 一级 without points), reasons and layout options: name → (docx bytes, truths)."""
    out: dict[str, Sample] = {}
    for k in range(count):
        rng = random.Random(k)
        kind = rng.choice(["project", "project_apart", "department"])
        title = rng.choice([None, "绩效指标完成情况"]) if kind == "project_apart" else None
        if kind == "department":
            goals = (ARCHIVES[1][0]["goal_expected"], ARCHIVES[1][0]["goal_actual"])
            style = rng.choice(["full", "noheader", "before"])
            rows = _pick_rows(rng, ARCHIVE_ROWS)
            built = department(
                year=2022,
                name="某县档案馆",
                money=("286.40", "301.25", "295.23"),
                goals=goals,
                rows=rows,
                seed=k,
                style=style,
            )
        else:
            goals = (WATER[1][0]["goal_expected"], WATER[1][0]["goal_actual"])
            built = mof_project(
                year=2023,
                project="农村供水保障工程",
                dept="某县水利局",
                unit="某县农村供水管理站",
                money=("1250.00", "1320.00", "1293.60"),
                goals=goals,
                rows=_pick_rows(rng, WATER_ROWS),
                apart=kind == "project_apart",
                apart_title=title,
            )
        options: dict[str, Any] = {
            "landscape": rng.random() < 0.5,
            "centred": rng.random() < 0.4,
            "cant_split": rng.random() < 0.3,
            # every third form: a running head and a foot of page fields (第 N 页，共 M 页) between the pieces
            "head_and_foot": "某县2023年度绩效自评材料" if k % 3 == 0 else None,
        }
        if kind == "project_apart":
            options |= {"repeat_header": title or "一级指标", "header_rows": 2 if title else 1}
        out[f"mixed_{k}_{kind}.docx"] = (render_paged(built[0], **options), built[1])
    return out


def _pick_rows(rng: random.Random, rows: list[Ind]) -> list[Ind]:
    """Eight or more of ``rows`` in their order, weights spread to 90, a reason (a point less) at random."""
    picked = sorted(rng.sample(range(len(rows)), rng.randint(8, len(rows))))
    weights = [90 // len(picked)] * len(picked)
    weights[0] += 90 - sum(weights)
    out: list[Ind] = []
    for n, w in zip(picked, weights, strict=True):
        l1, l2, l3, target, actual, *_ = rows[n]
        why = rng.choice(REASONS)
        out.append((l1.split("（")[0], l2, l3, target, actual, str(w), str(w - 1 if why else w), why))
    return out
