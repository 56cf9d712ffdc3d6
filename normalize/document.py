"""``RawDocument`` → ``DocumentResult``: parse every form, read the reports, reconcile, account."""

from __future__ import annotations

from jixiao.extract.records import RawDocument, RawReport
from jixiao.extract.segment import coverage_pct
from jixiao.normalize.checks import computed_score
from jixiao.normalize.facts import extract_facts
from jixiao.normalize.form_rows import to_rows
from jixiao.normalize.forms import FormWork, build_form
from jixiao.normalize.reconcile import reconcile
from jixiao.normalize.records import (
    AnomalyRow,
    BreakdownRow,
    DocumentResult,
    DocumentRow,
    FactRow,
    FormRow,
    FundRow,
    IndicatorRow,
    ReportSectionRow,
    ResidualRow,
    ValueRow,
)
from jixiao.normalize.text import clean_inline, clean_prose
from jixiao.schemas.rules import RULES


def form_id_for(doc_id: str, n: int) -> str:
    """Stable form key: ``<doc_id[:16]>-<n>``, n from 1 in document order."""
    return f"{doc_id[:16]}-{n}"


def report_rows(doc_id: str, report: RawReport) -> list[ReportSectionRow]:
    title = clean_inline(report.title.text) if report.title else None
    return [
        ReportSectionRow(
            doc_id=doc_id,
            attachment=report.attachment,
            report_title=title,
            seq=s.seq,
            numbering=s.numbering,
            level=s.level,
            heading=s.heading,
            text=clean_prose("\n".join(p.text for p in s.paragraphs)),
            location=s.location,
        )
        for s in report.sections
    ]


def normalize_document(raw: RawDocument, *, doc_id: str, source_path: str) -> DocumentResult:
    """Turn what segmentation found into the contract's rows, reconciled and accounted for."""
    works: list[FormWork] = [
        build_form(f, form_id=form_id_for(doc_id, n), doc_id=doc_id) for n, f in enumerate(raw.forms, start=1)
    ]
    sections: list[ReportSectionRow] = []
    facts: list[FactRow] = []
    for report in raw.reports:
        sections += report_rows(doc_id, report)
        facts += extract_facts(report, doc_id=doc_id, first_seq=len(facts) + 1)
    anomalies, facts = reconcile(works, facts)
    for work in works:  # what the form reader saw in the source itself (figures it could not place)
        anomalies += [
            AnomalyRow(
                doc_id, work.form_id, a.rule, _severity(a.rule), a.message, None, a.raw.text, a.raw.location
            )
            for a in work.raw.anomalies
        ]
    forms: list[FormRow] = []
    funds: list[FundRow] = []
    breakdown: list[BreakdownRow] = []
    indicators: list[IndicatorRow] = []
    values: list[ValueRow] = []
    for work in works:
        form, f, b, i, v = to_rows(work, computed_score(work))
        forms.append(form)
        funds += f
        breakdown += b
        indicators += i
        values += v
    residuals = [
        ResidualRow(doc_id=doc_id, seq=n, context=context, text=text.text, location=text.location)
        for n, (context, text) in enumerate(raw.residuals, start=1)
    ]
    for note in raw.notes:
        anomalies.append(AnomalyRow(doc_id, None, "document.note", "info", note, None, None, None))
    partial = bool(raw.notes) or (not raw.forms and not raw.reports)
    document = DocumentRow(
        doc_id=doc_id,
        source_path=source_path,
        source_format=raw.source_format,
        encoding=raw.encoding,
        status="partial" if partial else "ok",
        error=_partial_reason(raw) if partial else None,
        form_count=len(forms),
        report_count=len(raw.reports),
        coverage_pct=coverage_pct(raw),
    )
    return DocumentResult(
        documents=(document,),
        forms=tuple(forms),
        funds=tuple(funds),
        fund_breakdown=tuple(breakdown),
        indicators=tuple(indicators),
        report_sections=tuple(sections),
        values=tuple(values),
        anomalies=tuple(anomalies),
        facts=tuple(facts),
        residuals=tuple(residuals),
    )


def _partial_reason(raw: RawDocument) -> str:
    """A partial document's one-line reason: nothing found, or its first note (all are anomalies too)."""
    if not raw.forms and not raw.reports:
        return "no form or report found"
    more = f" (+{len(raw.notes) - 1} more notes)" if len(raw.notes) > 1 else ""
    return f"{raw.notes[0]}{more}"


def _severity(rule: str) -> str:
    """A reader's note at its catalogued severity (``funds.placed_by_sums`` informs; the rest warn)."""
    known = RULES.get(rule)
    return known.severity if known is not None else "warning"
