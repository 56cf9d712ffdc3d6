"""PDF and .doc twins of every template sample (and of the Word files of ``samples/realistic/`` and
``samples/paged/``): how many of the fields the .docx gives come out the same.

Each ``samples/templates/*.txt`` is rebuilt as a Word file (its layout's paragraphs and tables, one Word
cell a text cell, short rows padded with empty cells), which LibreOffice then saves as
PDF and as .doc (one ``soffice`` run for each); the PDF is also redrawn without a single ruling line
(``bench.pdf_redraw``), as many bureaus' exports come. Every twin is read by jixiao and its forms, fund
lines and indicators compared field by field with what the .docx gives: **same**, **missing** (null in the
twin), **wrong** (another value) and **invented** (a value where the .docx has none). Goal (issue 15): ≥ 95 %
same, 0 wrong.

Run: ``python -m bench pdf_twins``. Skipped where LibreOffice is missing.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent / "samples" / "templates"
REALISTIC = ROOT.parent / "realistic"
PAGED = ROOT.parent / "paged"  # forms that go over page breaks (scripts/make_paged_samples.py)
_KEYS: dict[str, list[str]] = {"forms": [], "funds": ["line"], "indicators": ["seq"]}
_SKIP_COLUMNS = {"location", "raw", "seq"}  # and every ``*_id``: ids are per file (doc, form, unit, project)


def _docx_from_text(text_path: Path, out: Path) -> Path:
    import docx
    from docx.shared import Pt
    from jixiao.extract.layout import Table
    from jixiao.extract.text_source import read_text_layout

    layout = read_text_layout(text_path.read_bytes())
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width  # landscape
    for block in layout.blocks:
        if not isinstance(block, Table):
            doc.add_paragraph(block.text)
            continue
        width = max(len(r.cells) for r in block.rows)
        table = doc.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                target = table.rows[r].cells[c]
                lines = cell.text.split("\n")
                target.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    target.add_paragraph(line)
                for p in target.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)
    # Word always ends a document with a paragraph; LibreOffice's .doc export drops a table without one.
    doc.add_paragraph("")
    path = out / f"{text_path.stem}.docx"
    doc.save(str(path))
    return path


def _convert(soffice: str, sources: list[Path], ext: str, out_dir: Path) -> None:
    profile = out_dir / "profile"
    args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    args += ["--convert-to", ext, "--outdir", str(out_dir), *map(str, sources)]
    subprocess.run(args, capture_output=True, timeout=900, check=False)


def _fields(tables: dict[str, pd.DataFrame]) -> dict[tuple[Any, ...], Any]:
    """(table, form number, row key, column) → value, for every field of forms, fund lines, indicators."""
    out: dict[tuple[Any, ...], Any] = {}
    forms = {fid: n for n, fid in enumerate(tables["forms"]["form_id"])}
    for name, keys in _KEYS.items():
        frame = tables[name]
        for i, row in frame.iterrows():
            key = (name, forms.get(row["form_id"]), *(row[k] for k in keys)) if keys else (name, i)
            for col in frame.columns:
                if col not in _SKIP_COLUMNS and not col.endswith("_id") and col not in keys:
                    value = row[col]
                    out[(*key, col)] = None if pd.isna(value) else value
    return out


def _compare(reference: dict[tuple[Any, ...], Any], twin: dict[tuple[Any, ...], Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for key in reference.keys() | twin.keys():
        want, got = reference.get(key), twin.get(key)
        if want is None and got is None:
            continue
        if want is None:
            counts["invented"] += 1
        elif got is None:
            counts["missing"] += 1
        elif _same(want, got):
            counts["same"] += 1
        else:
            counts["wrong"] += 1
    return counts


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, str) and isinstance(got, str):  # a PDF shows no line breaks at wraps
        return "".join(want.split()) == "".join(got.split())
    return bool(want == got)


def main() -> dict[str, Counter[str]]:
    from jixiao.extract.office_convert import find_soffice

    import jixiao

    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice not installed: skipped (make system-deps)")
        return {}
    from bench.pdf_redraw import without_rulings

    kinds = ("pdf", "doc", "pdf without rulings")
    # (samples/templates and realistic, as before; samples/paged apart, so the first figure stays comparable)
    groups = {"templates and realistic": [], "paged (forms over page breaks)": []}
    totals = {(g, k): Counter[str]() for g in groups for k in kinds}
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        first, paged = groups.values()
        first.extend(_docx_from_text(p, work) for p in sorted(ROOT.glob("*.txt")))
        for folder, group in ((REALISTIC, first), (PAGED, paged)):  # already Word files
            for path in sorted(folder.glob("*.docx")):
                group.append(work / f"{folder.name}_{path.name}")
                group[-1].write_bytes(path.read_bytes())
        sources = [*first, *paged]
        for ext in ("pdf", "doc"):
            _convert(soffice, sources, ext, work / ext)
        for group, members in groups.items():
            for source in members:
                reference = _fields(jixiao.read_file(source))
                for kind in kinds:
                    got = _twin(work, source, kind, reference, without_rulings)
                    totals[(group, kind)].update(got)
                    if got["wrong"] or got["missing"] or got["invented"]:
                        misses.append(f"  {source.stem} ({kind}): {dict(got)}")
    for group, members in groups.items():
        print(f"\n== PDF and .doc twins of {len(members)} samples ({group}) vs their .docx (fields) ==")
        for kind in kinds:
            c = totals[(group, kind)]
            given = c["same"] + c["missing"] + c["wrong"]
            share = 100 * c["same"] / given if given else 0.0
            print(
                f"{kind:<18} same {c['same']:5d} / {given:5d} ({share:5.1f} %)  missing {c['missing']:4d}  "
                f"wrong {c['wrong']:3d}  invented {c['invented']:3d}   (goal ≥ 95 %, 0 wrong)"
            )
    print("\n".join(misses) if misses else "  every twin gives every field")
    return {f"{g}: {k}": c for (g, k), c in totals.items()}


def _twin(
    work: Path, source: Path, kind: str, reference: dict[tuple[Any, ...], Any], without_rulings: Any
) -> Counter[str]:
    """One twin of ``source`` compared with the .docx's fields (every field missing if it was not made)."""
    import jixiao

    ext = kind.split()[0]
    twin = work / ext / f"{source.stem}.{ext}"
    if not twin.is_file():
        return Counter(missing=sum(v is not None for v in reference.values()))
    if kind == "pdf without rulings":  # the same characters, every line gone
        return _compare(reference, _fields(jixiao.read(without_rulings(twin.read_bytes()))))
    return _compare(reference, _fields(jixiao.read_file(twin)))


if __name__ == "__main__":
    main()
