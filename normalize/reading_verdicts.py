"""Which of a few readings of some cells the form's identities leave, and what tells the one left apart.

A figure run into its neighbour cell (``normalize.glued_cells``) or a block 分值/得分 printed on a sub-line
(``normalize.block_scores``) can be read more than one way. Each reading is tried on the cells (then put
back) and every identity touching them is judged under it: the money identities of ``normalize.evidence``
and the scores' own (得分 = 分值 × 执行率, the parts adding up to 总分), which ``normalize.checks``
reports apart and which settle nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.normalize.evidence import Identity, Values, as_read, consistent, form_identities, sum_identity
from jixiao.normalize.forms import CellValue, FormWork


def _score_identity(work: FormWork, line: str) -> Identity | None:
    weight = work.get("funds", line, "weight")
    rate = work.get("funds", line, "execution_rate")
    score = work.get("funds", line, "score")
    if weight is None or rate is None or score is None:
        return None

    def holds(v: Values) -> bool | None:
        w, r, s = v[id(weight)], v[id(rate)], v[id(score)]
        if w is None or r is None or s is None or s == 0:
            return None
        if w == 0:
            return False  # a 得分 with no 分值 is no 分值 × 执行率
        if consistent(s, w * min(r, Decimal(100)) / 100, str(s)):
            return True
        return None if s == w else False  # full marks above a threshold: says nothing either way

    return Identity("得分＝分值×执行率", (weight, rate, score), holds, row=True)


def scoring_identities(work: FormWork) -> list[Identity]:
    """The scores' identities: 得分 = 分值 × 执行率 on each money line; the parts' 分值 and 得分 (every
    indicator and the money block) add up to 总分's. Only for judging the readings of a figure run into
    its neighbour cell (``normalize.glued_cells``): ``normalize.checks`` reports these on its own."""
    out: list[Identity | None] = [_score_identity(work, line.line) for line in work.lines]
    for name, zh in (("weight", "分值"), ("score", "得分")):
        parts = [c for c in work.cells if c.table == "indicators" and c.field == name]
        parts += [c for c in (work.get("funds", "total", name),) if c is not None]
        total = work.get("forms", "form", f"total_{name}")
        out.append(sum_identity(f"总分{zh}＝各项{zh}之和", total, parts, "", ""))
    return [i for i in out if i is not None]


# One way to read some cells: each cell set to a value (None: blank); the cells it leaves out stay as read.
Reading = Sequence[tuple[CellValue, Decimal | None]]


def _judge(identity: Identity) -> bool | None:
    values = as_read(identity)
    return None if values is None else identity.holds({**values})


def _judged_under(work: FormWork, reading: Reading, touched: Sequence[CellValue]) -> dict[str, bool | None]:
    saved = [(c, c.value, c.status) for c in touched]
    for cell, value in reading:
        cell.value, cell.status = value, "repaired" if value is not None else "empty"
    ids = {id(c) for c in touched}
    try:  # built under the reading: an identity takes a written figure (执行率's places) when built
        found = [*form_identities(work), *scoring_identities(work)]
        return {i.name: _judge(i) for i in found if any(id(c) in ids for c in i.cells)}
    finally:
        for c, value, status in saved:
            c.value, c.status = value, status


def judge_readings(
    work: FormWork, readings: Sequence[Reading]
) -> tuple[list[int], list[dict[str, bool | None]]]:
    """The readings of some cells the form's identities leave, and each identity's verdict under each.

    Every identity touching the cells is judged with the cells read each way (then put back): a reading is
    ruled out by an identity that fails under it and holds under another; one that holds under every
    reading, or under none, tells nothing.
    """
    touched = list({id(c): c for r in readings for c, _ in r}.values())
    results = [_judged_under(work, r, touched) for r in readings]
    held = {n for r in results for n, ok in r.items() if ok}
    left = [k for k, r in enumerate(results) if not any(r.get(n) is False for n in held)]
    return left, results


def telling(results: Sequence[dict[str, bool | None]], k: int) -> list[str]:
    """The identities that hold under reading ``k`` and not under every other: what tells it apart."""
    return [
        n
        for n, ok in results[k].items()
        if ok and any(r.get(n) is not True for r in results if r is not results[k])
    ]
