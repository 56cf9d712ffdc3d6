"""Published template variants in every shape: each form of ``scripts/realistic_forms*.py`` and each
look-alike of ``scripts/realistic_decoys.py`` rendered by every renderer of
``scripts/make_realistic_samples.py`` (TAB, pipe rows, rows of TAB-parted cells, Markdown, cells with
bars, cells, paragraphs, flat, ``pdftotext -layout``, saved page, Word, Excel with numbers), then judged
against the same truth as ``bench.templates`` does: fields found, **wrong** (another value; the target is
0) and **invented**.

``samples/realistic/`` commits one or two shapes of each form; this matrix tries them all (in a temporary
folder, nothing written to the tree). Run: ``python -m bench realistic``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.shapes import wrong
from bench.templates import Report, check_sample

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _renderers(m: Any) -> dict[str, Callable[[Any], bytes]]:
    return {
        "tab.txt": lambda b: m._t(m.render_txt(b[0])),
        "pipe.txt": lambda b: m._t(m.render_web_pipe(b[0])),
        "tsv.txt": lambda b: m._t(m.render_tsv(b[0])),
        "markdown.txt": lambda b: m._t(m.render_markdown(b[0])),
        "bar.txt": lambda b: m._t(m.render_cells_bar(b[0])),
        "cells.txt": lambda b: m._t(m.render_cells(b[0])),
        "paragraphs.txt": lambda b: m._t(m.render_paras(b[0])),
        "flat.txt": lambda b: m._t(m.render_flat(b[0])),
        "rows.txt": lambda b: m._t(m.render_rows(b[0])),
        "wrapped_rows.txt": lambda b: m._t(m.render_rows_wrapped(b[0])),
        "wrapped_cells.txt": lambda b: m._t(m.render_cells_wrapped(b[0], 3)),
        "layout.txt": lambda b: m._t(m.render_pdf_layout(b[0])),
        "page.html": lambda b: m.render_saved_page(b[0], "page"),
        "word.docx": lambda b: m.render_docx(b[0]),
        "sheet.xlsx": lambda b: m.render_xlsx_numbers(b[0]),
    }


def evaluate_matrix() -> Report:
    """Every form × every shape, judged; the report's families are the shapes."""
    sys.path.insert(0, str(SCRIPTS))
    import make_realistic_samples as m
    import realistic_decoys as d
    import realistic_forms as f
    import realistic_forms_blanks as blanks
    import realistic_forms_coast as coast
    import realistic_forms_dept as dept
    import realistic_forms_framework as framework
    import realistic_forms_more as more
    import realistic_forms_north as north
    import realistic_forms_provinces as prov

    forms = {
        "sichuan_a": f.SICHUAN_A,
        "sichuan_b": f.SICHUAN_B,
        "sichuan_unscored": blanks.SICHUAN_UNSCORED,
        "columned_breakdown": blanks.COLUMNED_BREAKDOWN,
        "anhui": f.ANHUI,
        "chongqing": more.CHONGQING,
        "yuan": more.YUAN_PROJECT,
        "jiangxi": more.JIANGXI,
        "transfer": more.TRANSFER,
        "hunan_department": dept.HUNAN_DEPARTMENT,
        "county_2017": dept.COUNTY_2017,
        "cost_2021": dept.COST_2021,
        "guizhou_2019": prov.GUIZHOU,
        "henan_department_2017": prov.HENAN_DEPARTMENT,
        "yunnan_2018": prov.YUNNAN,
        "shandong_paged": prov.SHANDONG_PAGED,
        **coast.COAST_FORMS,
        **framework.FRAMEWORK_FORMS,
        **north.NORTH_FORMS,
        "target": d.target_table(),
        "department_target": d.department_target_table(),
        "blank": d.blank_template(),
    }
    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        for name, built in forms.items():
            for shape, render in _renderers(m).items():
                path = Path(tmp) / f"{name}_{shape}"
                path.write_bytes(render(built))
                truth = {"sample": path.name, "family": shape, "forms": built[1]}
                report.checks += check_sample(path, truth)
                report.families.setdefault(shape, set()).add(path.name)
    return report


def main() -> None:
    report = evaluate_matrix()
    print(f"{'shape':<16}{'files':>6}{'fields':>8}{'found':>8}{'found %':>9}{'wrong':>7}{'invented':>10}")
    for shape in sorted(report.families):
        sub = Report([c for c in report.checks if c.family == shape])
        print(
            f"{shape:<16}{len(report.families[shape]):>6}{sub.fields:>8}{sub.exact:>8}"
            f"{sub.exact_pct:>9.2f}{wrong(sub):>7}{sub.invented:>10}"
        )
    n = sum(len(s) for s in report.families.values())
    print(
        f"{'TOTAL':<16}{n:>6}{report.fields:>8}{report.exact:>8}{report.exact_pct:>9.2f}"
        f"{wrong(report):>7}{report.invented:>10}"
    )


if __name__ == "__main__":
    main()
