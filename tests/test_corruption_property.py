"""Property: one money cell of a consistent form corrupted in a known way reads true or null, never else.

Forms are generated consistent (执行率 = 执行数 ÷ 预算数 to 2 places, 得分 = 10 × 执行率, scores add up), in
a 万元 block. One of 年初预算数 / 全年预算数 / 全年执行数 of 年度资金总额 is then corrupted:

- ``stray_separator``: a ``,`` inside the digits, or a second ``.`` (as in the sample's ``3,21.0,13328``);
- ``doubled_digit``: a point that doubled the digit before it (the sample's ``79.98852.24``);
- ``unit_slip``: the figure written in 元 in the 万元 column;
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


def _wan_text(yuan: Decimal) -> str:
    """元 → the 万元 text a clerk writes: up to 6 places, no trailing zeros."""
    text = format((yuan / _WAN).quantize(Decimal("0.000001")).normalize(), "f")
    return text


@st.composite
def corrupted_forms(draw: st.DrawFn) -> tuple[str, tuple[Decimal, Decimal, Decimal], int, str]:
    budget = Decimal(draw(st.integers(10_000_00, 50_000_000_00))) / 100  # 1万 … 5000万 元, in cents
    executed = (budget * Decimal(draw(st.integers(5000, 10000))) / 10000).quantize(Decimal("0.01"))
    initial = budget if draw(st.booleans()) else (budget * Decimal("0.9")).quantize(Decimal("0.01"))
    rate = (executed / budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    score = (10 * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    texts = [_wan_text(initial), _wan_text(budget), _wan_text(executed)]
    which = draw(st.integers(0, 2))
    kind = draw(st.sampled_from(("stray_separator", "doubled_digit", "unit_slip", "glued_digits")))
    original = texts[which]
    truth = (initial, budget, executed)[which]
    # Without a point, a glued or doubled copy is another well-formed number (see the module notes).
    assume(kind in ("unit_slip", "stray_separator") or "." in original)
    if kind == "unit_slip":
        texts[which] = format(truth.normalize(), "f")
    elif kind == "glued_digits":
        texts[which] = original + original
    else:
        digits = [i for i, ch in enumerate(original) if ch.isdigit()]
        pos = draw(st.sampled_from(digits))
        if kind == "doubled_digit":
            texts[which] = original[: pos + 1] + "." + original[pos] + original[pos + 1 :]
        elif "." in original and draw(st.booleans()):
            texts[which] = original[: pos + 1] + "." + original[pos + 1 :]
        else:
            texts[which] = original[: pos + 1] + "," + original[pos + 1 :]
    total = (Decimal(88) + score).normalize()
    text = project_form(
        money=(*texts, "10", f"{rate}%", f"{score}"),
        total=("100", format(total, "f")),
    )
    return text, (initial, budget, executed), which, kind


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
@given(corrupted_forms())
def test_one_corrupted_cell_reads_true_or_null(case: tuple[str, tuple[Decimal, ...], int, str]) -> None:
    text, truth, which, kind = case
    result = process_bytes(text.encode("utf-8"), "t.txt")
    (total,) = [f for f in result.funds if f.line == "total"]
    got = [getattr(total, name) for name in _FIELDS]
    for name, value, true in zip(_FIELDS, got, truth, strict=True):
        assert value in (true, None), f"{kind} in {_FIELDS[which]}: {name} = {value}, truth {true}"
    # the cells left as written are read exactly
    for i, (value, true) in enumerate(zip(got, truth, strict=True)):
        if i != which:
            assert value == true
