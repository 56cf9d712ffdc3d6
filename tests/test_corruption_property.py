"""Property: one money cell of a consistent form corrupted in a known way reads true or null, never else.

Forms are generated consistent (执行率 = 执行数 ÷ 预算数 at 0-2 places, 得分 = 10 × 执行率, scores add up), in
a 万元 or a 元 block, with or without a 当年财政拨款 line equal to the total and with or without the rate.
One of 年初预算数 / 全年预算数 / 全年执行数 of one line is then corrupted:

- ``stray_separator``: a ``,`` inside the digits, or a second ``.`` (as in the sample's ``3,21.0,13328``);
- ``doubled_digit``: a point that doubled the digit before it (the sample's ``79.98852.24``);
- ``unit_slip``: the figure written in the other unit (元 in the 万元 column, or 万元 in the 元 one);
- ``glued_digits``: the cell's digits run into a copy of themselves (``79.98852479.988524``).

A corruption that yields another well-formed number (a stray point in ``80`` making ``8.0``) is not made:
no reader can see it, and the identity checks flag it (``funds.execution_rate``), tested elsewhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from form_text import project_form
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jixiao.pipeline import process_bytes

_WAN = Decimal(10000)
_FIELDS = ("budget_initial_yuan", "budget_full_year_yuan", "executed_yuan")
_LINES = ("total", "current_year_appropriation")
Case = tuple[str, list[Decimal], str, int, str, str]


def _written(yuan: Decimal, unit: str) -> str:
    """元 → the text a clerk writes in a ``unit`` column: 万元 up to 6 places; no trailing zeros."""
    value = (yuan / _WAN).quantize(Decimal("0.000001")) if unit == "万元" else yuan
    return format(value.normalize(), "f")


def _corrupt(draw: st.DrawFn, text: str, truth: Decimal, unit: str, kind: str) -> str:
    # Without a point, a glued or doubled copy is another well-formed number (see the module notes).
    assume(kind in ("unit_slip", "stray_separator") or "." in text)
    if kind == "unit_slip":
        slipped = _written(truth, "元" if unit == "万元" else "万元")
        assume(slipped != text)
        return slipped
    if kind == "glued_digits":
        return text + text
    pos = draw(st.sampled_from([i for i, ch in enumerate(text) if ch.isdigit()]))
    if kind == "doubled_digit":
        return text[: pos + 1] + "." + text[pos] + text[pos + 1 :]
    mark = "." if "." in text and draw(st.booleans()) else ","
    return text[: pos + 1] + mark + text[pos + 1 :]


@st.composite
def corrupted_forms(draw: st.DrawFn) -> Case:
    unit = draw(st.sampled_from(("万元", "元")))
    budget = Decimal(draw(st.integers(10_000_00, 50_000_000_00))) / 100  # 1万 … 5000万 元, in cents
    if draw(st.booleans()):
        budget = budget.quantize(Decimal(100))  # round figures, as budgets often are
    executed = (budget * Decimal(draw(st.integers(5000, 10000))) / 10000).quantize(Decimal("0.01"))
    initial = budget if draw(st.booleans()) else (budget * Decimal("0.9")).quantize(Decimal("0.01"))
    rate = (executed / budget * 100).quantize(Decimal(1).scaleb(-draw(st.integers(0, 2))), ROUND_HALF_UP)
    score = (10 * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    with_rate, with_part = draw(st.booleans()), draw(st.booleans())
    truth = [initial, budget, executed]
    rows = {line: [_written(v, unit) for v in truth] for line in _LINES}
    line = draw(st.sampled_from(_LINES)) if with_part else "total"
    which = draw(st.integers(0, 2))
    kind = draw(st.sampled_from(("stray_separator", "doubled_digit", "unit_slip", "glued_digits")))
    rows[line][which] = _corrupt(draw, rows[line][which], truth[which], unit, kind)
    scored = (f"{rate}%", f"{score}") if with_rate else ("", "")
    text = project_form(
        money=(*rows["total"], "10", *scored),
        current_year=(*rows["current_year_appropriation"], "", "", "") if with_part else None,
        total=("100", format((Decimal(88) + score).normalize(), "f")),
        unit=unit,
    )
    return text, truth, line, which, kind, unit


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
@given(corrupted_forms())
def test_one_corrupted_cell_reads_true_or_null(case: Case) -> None:
    text, truth, line, which, kind, unit = case
    result = process_bytes(text.encode("utf-8"), "t.txt")
    for row in (f for f in result.funds if f.line in _LINES):
        for name, true in zip(_FIELDS, truth, strict=True):
            got = getattr(row, name)
            where = f"{kind} ({unit}) in {line} {_FIELDS[which]}"
            assert got in (true, None), f"{where}: {row.line} {name} = {got}, truth {true}"
            if (row.line, name) != (line, _FIELDS[which]):
                assert got == true, f"{where}: an untouched cell {row.line} {name} = {got}"
