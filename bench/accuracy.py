"""Money accuracy: jixiao's ``parse_amount`` vs jionlp, cn2an and price-parser on ``bench/money_cases.py``.

Each result is judged against the truth:

- **correct**: the number equals the truth, or the truth is "no single number" and none was reported;
- **flagged**: wrong or missing, but the parser said so (refused/raised, or a status other than ``ok``:
  jixiao's repaired/approximate/ambiguous/invalid, jionlp's ``blur``) — a reviewer is told to look;
- **silently wrong**: a number that is not the truth, presented as certain. jixiao's target is zero.

The comparison libraries are optional (``pip install -e '.[bench]'``), imported lazily, skipped if missing.
They take no declared unit, so the harness multiplies their result by the column's unit when the text
writes none (the fair reading of a ``80`` in a 万元 column).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.normalize.amounts import UNIT_FACTORS, parse_amount

from bench.money_cases import CASES

_UNIT_WRITTEN_RE = re.compile(
    r"""
    [元万亿千角分]   # any unit character written in the cell
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a library reported for one cell."""

    value: Decimal | None
    flagged: bool  # the library signalled doubt (refusal, error, non-ok status)


Adapter = Callable[[str, str | None], Outcome]


def _jixiao(raw: str, unit: str | None) -> Outcome:
    got = parse_amount(raw, unit)
    return Outcome(got.yuan, got.status != "ok")


def _declared(raw: str, unit: str | None, value: Decimal) -> Decimal:
    """Apply the column's unit to a bare number, as a caller of a unit-blind library would."""
    if unit and not _UNIT_WRITTEN_RE.search(raw):
        return value * UNIT_FACTORS[unit]
    return value


def _to_decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _load_jionlp() -> Adapter | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import jionlp
    except ImportError:
        return None

    def adapter(raw: str, unit: str | None) -> Outcome:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                got = jionlp.parse_money(raw)
        except Exception:  # the library's way of refusing
            return Outcome(None, True)
        num = got.get("num") if isinstance(got, dict) else None
        if isinstance(num, list):
            num = num[0] if num else None
        value = _to_decimal(num) if num is not None else None
        if value is None:
            return Outcome(None, True)
        return Outcome(_declared(raw, unit, value), got.get("definition") == "blur")

    return adapter


def _load_cn2an() -> Adapter | None:
    try:
        import cn2an
    except ImportError:
        return None

    def adapter(raw: str, unit: str | None) -> Outcome:
        try:
            got = cn2an.cn2an(raw, "smart")
        except Exception:  # the library's way of refusing
            return Outcome(None, True)
        value = _to_decimal(got)
        return Outcome(None if value is None else _declared(raw, unit, value), value is None)

    return adapter


def _load_price_parser() -> Adapter | None:
    try:
        from price_parser import Price
    except ImportError:
        return None

    def adapter(raw: str, unit: str | None) -> Outcome:
        try:
            amount = Price.fromstring(raw).amount
        except Exception:  # the library's way of refusing
            return Outcome(None, True)
        if amount is None:
            return Outcome(None, True)
        return Outcome(_declared(raw, unit, amount), False)

    return adapter


def judge(outcome: Outcome, truth: Decimal | None) -> str:
    """``correct``, ``flagged`` or ``silently wrong``."""
    if outcome.value is None and truth is None:
        return "correct"
    if outcome.value is not None and truth is not None and outcome.value == truth:
        return "correct"
    if outcome.value is None or outcome.flagged:
        return "flagged"
    return "silently wrong"


def run() -> dict[str, list[tuple[str, str | None, Decimal | None, Outcome, str]]]:
    """Every library on every case: name → rows of (raw, unit, truth, outcome, verdict)."""
    libraries: dict[str, Adapter | None] = {
        "jixiao": _jixiao,
        "jionlp.parse_money": _load_jionlp(),
        "cn2an (smart)": _load_cn2an(),
        "price-parser": _load_price_parser(),
    }
    results: dict[str, list[tuple[str, str | None, Decimal | None, Outcome, str]]] = {}
    for name, adapter in libraries.items():
        if adapter is None:
            print(f"(skipped {name}: not installed; pip install -e '.[bench]')")
            continue
        rows = []
        for raw, unit, truth, _family in CASES:
            outcome = adapter(raw, unit)
            rows.append((raw, unit, truth, outcome, judge(outcome, truth)))
        results[name] = rows
    return results


def main() -> int:
    """Print the accuracy table; return 1 if jixiao is ever silently wrong."""
    results = run()
    print(f"\nMoney parsing accuracy on {len(CASES)} cases (bench/money_cases.py)\n")
    header = f"{'library':<22}{'correct':>9}{'flagged':>9}{'silently wrong':>16}"
    print(header)
    print("-" * len(header))
    for name, rows in results.items():
        verdicts = [verdict for *_, verdict in rows]
        print(
            f"{name:<22}{verdicts.count('correct'):>9}{verdicts.count('flagged'):>9}"
            f"{verdicts.count('silently wrong'):>16}"
        )
    jixiao_wrong = [row for row in results["jixiao"] if row[4] == "silently wrong"]
    for raw, unit, truth, outcome, _ in jixiao_wrong:
        print(f"  jixiao silently wrong: {raw!r} [{unit}] → {outcome.value} (truth {truth})")
    return 1 if jixiao_wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
