"""Template accuracy: jixiao's tables vs the hand-written truth of every ``samples/templates/*.truth.json``.

For each truth field (form fields, each fund line's six values, each breakdown line's label and amount,
each indicator's twelve fields) the run is **exact** when jixiao's value equals the truth (money as Decimal,
other numbers to 1e-9, text as is).
A field whose truth is null but which jixiao filled, and any value on a form / fund line / indicator the
truth does not have at all, is **invented** — counted apart, and the target is zero.

Run: ``python -m bench.templates`` (or ``main()``); prints one row per template family, then the misses.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.normalize.form_rows import BUDGET_EXECUTION
from jixiao.normalize.records import DocumentResult, FormRow, FundRow, IndicatorRow

from jixiao.pipeline import process_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from truth_fields import BREAKDOWN_FIELDS, FORM_FIELDS, FUND_FIELDS, INDICATOR_FIELDS

ROOT = Path(__file__).resolve().parent.parent / "samples" / "templates"


@dataclass(frozen=True, slots=True)
class Check:
    """One truth field (or one value jixiao produced that the truth lacks)."""

    sample: str
    family: str
    where: str  # "form 2", "form 1 fund total", "form 1 indicator 3"
    field: str
    expected: Any
    got: Any

    @property
    def exact(self) -> bool:
        return same(self.expected, self.got)

    @property
    def invented(self) -> bool:
        return self.expected is None and self.got is not None


@dataclass(slots=True)
class Report:
    checks: list[Check] = field(default_factory=list)
    families: dict[str, set[str]] = field(default_factory=dict)

    @property
    def fields(self) -> int:
        return len(self.checks)

    @property
    def exact(self) -> int:
        return sum(c.exact for c in self.checks)

    @property
    def invented(self) -> int:
        return sum(c.invented for c in self.checks)

    @property
    def exact_pct(self) -> float:
        return 100.0 * self.exact / self.fields if self.fields else 100.0

    def misses(self) -> list[Check]:
        return [c for c in self.checks if not c.exact]


def same(expected: Any, got: Any) -> bool:
    """Truth equality: None only equals None; money strings compare as Decimal; numbers to 1e-9."""
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(got, Decimal) or (isinstance(expected, str) and isinstance(got, Decimal)):
        return Decimal(str(expected)) == got
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and math.isclose(float(expected), float(got), abs_tol=1e-9)
    return bool(expected == got)


def _norm(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _compare(
    sample: str,
    family: str,
    where: str,
    names: Iterable[str],
    truth: dict[str, Any] | None,
    row: object | None,
) -> list[Check]:
    out = []
    for name in names:
        if truth is not None and name not in truth:
            continue  # a hand-written truth may leave a field out: it is then not judged
        expected = truth.get(name) if truth is not None else None
        got = _norm(getattr(row, name)) if row is not None else None
        if truth is None and got is None:
            continue  # nothing expected, nothing produced
        out.append(Check(sample, family, where, name, expected, got))
    return out


def _own_indicators(result: DocumentResult, form_id: str) -> list[IndicatorRow]:
    """A form's indicators without the budget-execution row that normalize derives from the money block."""
    return [
        i
        for i in result.indicators
        if i.form_id == form_id and not (i.level1 == BUDGET_EXECUTION and i.level2 is None)
    ]


def check_sample(path: Path, truth: dict[str, Any]) -> list[Check]:
    """Every truth field of one sample, judged against what jixiao extracted."""
    result = process_bytes(path.read_bytes(), path.name)
    sample, family = path.name, str(truth.get("family", "other"))
    got_forms: list[FormRow] = list(result.forms)
    want_forms: list[dict[str, Any]] = truth["forms"]
    checks: list[Check] = []
    if result.documents and result.documents[0].status == "failed":
        checks.append(Check(sample, family, "document", "status", "ok", result.documents[0].error))
    for n in range(max(len(got_forms), len(want_forms))):
        want = want_forms[n] if n < len(want_forms) else None
        got = got_forms[n] if n < len(got_forms) else None
        where = f"form {n + 1}"
        checks += _compare(sample, family, where, FORM_FIELDS, want, got)
        funds: dict[str, FundRow] = {f.line: f for f in result.funds if got and f.form_id == got.form_id}
        want_funds: dict[str, dict[str, Any]] = want["funds"] if want else {}
        for line in dict.fromkeys([*want_funds, *funds]):
            truth_line = want_funds.get(line)
            checks += _compare(
                sample, family, f"{where} fund {line}", FUND_FIELDS, truth_line, funds.get(line)
            )
        parts = {f"{b.basis}.{b.line}": b for b in result.fund_breakdown if got and b.form_id == got.form_id}
        # A truth form without a "breakdown" key leaves the breakdown unjudged (hand-written truths).
        want_parts: dict[str, dict[str, Any]] = (want or {}).get("breakdown", {})
        judged = want is None or "breakdown" in want
        for key in dict.fromkeys([*want_parts, *parts]) if judged else ():
            where_part = f"{where} breakdown {key}"
            checks += _compare(
                sample, family, where_part, BREAKDOWN_FIELDS, want_parts.get(key), parts.get(key)
            )
        inds = _own_indicators(result, got.form_id) if got else []
        want_inds: list[dict[str, Any]] = want["indicators"] if want else []
        for k in range(max(len(inds), len(want_inds))):
            truth_ind = want_inds[k] if k < len(want_inds) else None
            row = inds[k] if k < len(inds) else None
            checks += _compare(sample, family, f"{where} indicator {k + 1}", INDICATOR_FIELDS, truth_ind, row)
    return checks


def evaluate(root: Path = ROOT) -> Report:
    """Run every template sample under ``root`` against its truth."""
    report = Report()
    for truth_path in sorted(root.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = root / truth["sample"]
        report.checks += check_sample(path, truth)
        report.families.setdefault(str(truth.get("family", "other")), set()).add(path.name)
    return report


def _short(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def format_report(report: Report) -> str:
    """A plain table per family, the total, then every miss."""
    lines = [f"{'family':<18}{'samples':>8}{'fields':>8}{'exact':>8}{'exact %':>9}{'invented':>10}"]
    for family in sorted(report.families):
        sub = Report([c for c in report.checks if c.family == family])
        lines.append(
            f"{family:<18}{len(report.families[family]):>8}{sub.fields:>8}{sub.exact:>8}"
            f"{sub.exact_pct:>9.2f}{sub.invented:>10}"
        )
    n_samples = sum(len(s) for s in report.families.values())
    lines.append(
        f"{'TOTAL':<18}{n_samples:>8}{report.fields:>8}{report.exact:>8}{report.exact_pct:>9.2f}"
        f"{report.invented:>10}"
    )
    misses = report.misses()
    lines.append("")
    lines.append(f"misses ({len(misses)}):" if misses else "misses: none")
    for c in misses:
        tag = " INVENTED" if c.invented else ""
        lines.append(
            f"  {c.sample} | {c.where} | {c.field}: expected {_short(c.expected)}, got {_short(c.got)}{tag}"
        )
    return "\n".join(lines)


HOLDOUT = ROOT.parent / "holdout"
REALISTIC = ROOT.parent / "realistic"  # published template variants (scripts/make_realistic_samples.py)
PAGED = ROOT.parent / "paged"  # forms over page breaks (scripts/make_paged_samples.py)


def main() -> None:
    """Print the template accuracy report, then the held-out samples (never used to tune the code) apart."""
    print(format_report(evaluate()))
    if HOLDOUT.exists():
        print("\nheld-out samples (samples/holdout/, written after the code):")
        print(format_report(evaluate(HOLDOUT)))
    if REALISTIC.exists():
        print("\npublished template variants (samples/realistic/, look-alikes as realistic_decoy):")
        print(format_report(evaluate(REALISTIC)))
    if PAGED.exists():
        print("\nforms over page breaks (samples/paged/, Word; their PDF and .doc twins: bench pdf_twins):")
        print(format_report(evaluate(PAGED)))


if __name__ == "__main__":
    main()
