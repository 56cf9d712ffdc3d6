"""Money accuracy: jixiao's ``parse_amount`` vs jionlp, cn2an and price-parser on ``bench/money_cases.py``.

Each result is judged against the truth:

- **correct**: the number equals the truth, or the truth is "no single number" and none was reported; a
  reported range (jixiao's ``approximate`` floor and ceiling) is correct when it holds the truth;
- **abstained**: no number where the truth has one (refused, raised, ``ambiguous``) — a reviewer must look,
  but nothing false was said;
- **wrong**: a number that is not the truth, *whatever its status*: ``repaired`` and ``resolved`` are
  claims, and a flag beside a wrong number does not make it right. jixiao's target is zero.

The second table runs jixiao's whole pipeline on ``DOC_CASES`` (reconciliation traps: coincidences in the
same row or another form, swapped columns, sub-cent evidence, one-sibling unit votes, a mislabeled header
confirmed by the report) and judges every money cell of the first form's 年度资金总额 the same way.

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

from jixiao.normalize.amount_body import UNIT_FACTORS
from jixiao.normalize.amounts import parse_amount

from bench.money_cases import CASES, DOC_CASES
from jixiao.pipeline import process_bytes

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
    flagged: bool  # the library signalled doubt (refusal, error, non-ok status); not used to judge
    upper: Decimal | None = None  # a reported range's ceiling (jixiao's approximate figures)


Adapter = Callable[[str, str | None], Outcome]


def _jixiao(raw: str, unit: str | None) -> Outcome:
    got = parse_amount(raw, unit)
    upper = got.upper if got.status == "approximate" else None
    return Outcome(got.yuan, got.status != "ok", upper)


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
    """``correct``, ``abstained`` or ``wrong`` (a wrong number is wrong whatever its status)."""
    if outcome.value is None:
        return "correct" if truth is None else "abstained"
    if truth is None:
        return "wrong"
    if outcome.upper is not None:
        return "correct" if outcome.value <= truth <= outcome.upper else "wrong"
    return "correct" if outcome.value == truth else "wrong"


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


_FIELDS = ("budget_initial_yuan", "budget_full_year_yuan", "executed_yuan")


def run_documents() -> list[tuple[str, str, str, Decimal | None, Decimal | None, str]]:
    """Every document case: rows of (case id, family, field, truth, value, verdict)."""
    rows = []
    for case_id, family, text, truths in DOC_CASES:
        result = process_bytes(text.encode("utf-8"), f"{case_id}.txt")
        total = next(f for f in result.funds if f.line == "total")
        for name, truth in zip(_FIELDS, truths, strict=True):
            value = getattr(total, name)
            rows.append((case_id, family, name, truth, value, judge(Outcome(value, False), truth)))
    return rows


def main() -> int:
    """Print both accuracy tables; return 1 if jixiao is ever wrong."""
    results = run()
    print(f"\nMoney parsing accuracy on {len(CASES)} cells (bench/money_cases.py CASES)\n")
    header = f"{'library':<22}{'correct':>9}{'abstained':>11}{'wrong':>8}"
    print(header)
    print("-" * len(header))
    for name, rows in results.items():
        verdicts = [verdict for *_, verdict in rows]
        print(
            f"{name:<22}{verdicts.count('correct'):>9}{verdicts.count('abstained'):>11}{verdicts.count('wrong'):>8}"
        )
    jixiao_wrong = [row for row in results["jixiao"] if row[4] == "wrong"]
    for raw, unit, truth, outcome, _ in jixiao_wrong:
        print(f"  jixiao wrong: {raw!r} [{unit}] → {outcome.value} (truth {truth})")

    docs = run_documents()
    print(f"\nReconciliation on {len(DOC_CASES)} documents, {len(docs)} money cells (DOC_CASES)\n")
    header = f"{'family':<22}{'correct':>9}{'abstained':>11}{'wrong':>8}"
    print(header)
    print("-" * len(header))
    for family in dict.fromkeys(row[1] for row in docs):
        verdicts = [row[5] for row in docs if row[1] == family]
        print(
            f"{family:<22}{verdicts.count('correct'):>9}{verdicts.count('abstained'):>11}{verdicts.count('wrong'):>8}"
        )
    verdicts = [row[5] for row in docs]
    print(
        f"{'all':<22}{verdicts.count('correct'):>9}{verdicts.count('abstained'):>11}{verdicts.count('wrong'):>8}"
    )
    doc_wrong = [row for row in docs if row[5] == "wrong"]
    for case_id, _, name, truth, value, _ in doc_wrong:
        print(f"  jixiao wrong: {case_id} {name} → {value} (truth {truth})")
    return 1 if jixiao_wrong or doc_wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
