"""Unit and project ids on a small generated archive: linking quality, and ids that never move
with the job count, the input order or an incremental run; the ``jixiao panel`` table."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from jixiao.batch import BatchOptions, run_batch
from jixiao.cli import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_panel_corpus import generate, score_output  # noqa: E402

UNITS, YEARS = 20, 3


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("panel") / "archive"
    generate(UNITS, YEARS, root, seed=5)
    return root


def _run(
    inputs: list[Path],
    out: Path,
    *,
    jobs: int = 1,
    incremental: bool = False,
    ids: Path | None = None,
    formats: tuple[str, ...] = ("csv", "parquet"),
) -> Path:
    options = BatchOptions(
        jobs=jobs, formats=formats, progress=False, incremental=incremental, id_overrides=ids
    )
    run_batch([str(p) for p in inputs], out, options)
    return out


@pytest.fixture(scope="module")
def fresh(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run([archive], tmp_path_factory.mktemp("fresh") / "out")


def _ids(out: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    forms = pq.read_table(
        out / "forms.parquet", columns=["form_id", "unit_id", "project_id", "region_code", "year"]
    )
    units = pq.read_table(out / "units.parquet")
    return sorted(zip(*forms.to_pydict().values(), strict=True)), sorted(
        zip(*units.to_pydict().values(), strict=True)
    )


def test_linking_meets_the_goals(fresh: Path, archive: Path) -> None:
    """Precision over every form; recall over the files that say where they are from: a file whose
    names and folders state no region (the ``none`` traps) is its own unit, never a guess."""
    scores = score_output(fresh, archive / "truth.json")
    placeable = score_output(fresh, archive / "truth.json", placeable_only=True)
    for kind in ("units", "projects"):
        assert scores[kind].precision >= 0.995, (kind, scores[kind])
        assert placeable[kind].recall >= 0.97, (kind, placeable[kind])
    truth = json.loads((archive / "truth.json").read_text("utf-8"))
    traps = sum(t["context"] == "none" for t in truth.values())
    assert traps >= 4  # the fixed ones at least
    assert scores["units"].predicted == UNITS + traps


def test_every_fact_row_has_its_ids(fresh: Path, archive: Path) -> None:
    truth = json.loads((archive / "truth.json").read_text("utf-8"))
    docs = pd.read_parquet(fresh / "documents.parquet", columns=["doc_id", "source_path"])
    traps = {
        d
        for d, p in zip(docs.doc_id, docs.source_path, strict=True)
        if truth.get(p.partition("/")[2], {}).get("context") == "none"
    }
    forms = pd.read_parquet(fresh / "forms.parquet", columns=["form_id", "doc_id"])
    unplaced = set(forms.form_id[forms.doc_id.isin(traps)])
    for table in ("forms", "funds", "indicators"):
        frame = pd.read_parquet(
            fresh / f"{table}.parquet", columns=["form_id", "unit_id", "region_code", "year"]
        )
        assert frame[["unit_id", "year"]].notna().all().all(), table
        # a region only where a file says where it is from
        assert frame.region_code.isna().tolist() == frame.form_id.isin(unplaced).tolist(), table
    anomalies = pd.read_parquet(fresh / "anomalies.parquet", columns=["unit_id", "year"])
    assert anomalies.notna().all().all()
    # csv and parquet agree after the rewrite
    csv = pd.read_csv(fresh / "funds.csv", encoding="utf-8-sig", dtype=str)
    assert csv["unit_id"].tolist() == pd.read_parquet(fresh / "funds.parquet")["unit_id"].tolist()
    units = pd.read_parquet(fresh / "units.parquet")
    placed = units["region_code"].dropna()
    assert placed.str.fullmatch(r"43[0-9]{4}").all()
    assert len(units) - len(placed) == len(traps)  # each region-less file: a unit of its own


def test_ids_same_with_two_jobs_and_reversed_order(fresh: Path, archive: Path, tmp_path: Path) -> None:
    # the same files named another way round: year folders, last year first (folder names stay in the
    # paths, which a document without a region in its names takes it from)
    years = sorted((p for p in archive.iterdir() if p.is_dir()), reverse=True)
    other = _run(years, tmp_path / "out", jobs=2)
    assert _ids(other) == _ids(fresh)
    for table in ("units", "projects", "links"):
        assert (other / f"{table}.csv").read_bytes() == (fresh / f"{table}.csv").read_bytes(), table


def test_override_file_wins_and_is_recorded(archive: Path, tmp_path: Path, fresh: Path) -> None:
    units = pd.read_parquet(fresh / "units.parquet")
    name = units["name"].iloc[0]
    ids = tmp_path / "ids.csv"
    ids.write_text(f"name,id\n{name},U-mine\n", encoding="utf-8")
    out = _run([archive], tmp_path / "out", ids=ids, formats=("csv", "parquet", "xlsx", "review"))
    assert "U-mine" in (out / "review" / "units" / "U-mine.html").read_text(encoding="utf-8")  # streamed run
    forms = pd.read_parquet(out / "forms.parquet")
    old_id = units["unit_id"].iloc[0]
    fresh_forms = pd.read_parquet(fresh / "forms.parquet")
    assert (forms.loc[fresh_forms["unit_id"] == old_id, "unit_id"] == "U-mine").all()
    assert "U-mine" in (out / "id_overrides.csv").read_text(encoding="utf-8-sig")
    links = pd.read_parquet(out / "links.parquet")
    assert "override" in set(links.loc[links["target_id"] == "U-mine", "method"])
    # the workbook (streamed, its fact sheets drawn at close) shows the ids too
    from openpyxl import load_workbook

    sheet = load_workbook(out / "jixiao.xlsx", read_only=True)["资金"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    column = rows[0].index("unit_id")
    assert (
        sum(r[column] == "U-mine" for r in rows[1:])
        == int((pd.read_parquet(out / "funds.parquet")["unit_id"] == "U-mine").sum())
        > 0
    )


def test_panel_command_writes_the_wide_table(fresh: Path, archive: Path) -> None:
    assert main(["panel", str(fresh), "--by", "unit", "--metric", "execution_rate"]) == 0
    wide = pd.read_parquet(fresh / "panel" / "unit_execution_rate.parquet")
    assert list(wide.columns) == ["unit_id", "name", "region_code", "2019", "2020", "2021"]
    truth = json.loads((archive / "truth.json").read_text("utf-8"))
    assert len(wide) == UNITS + sum(t["context"] == "none" for t in truth.values())
    years = wide[["2019", "2020", "2021"]]
    assert int(years.notna().sum().sum()) == sum(t["department"] for t in truth.values())
    assert (years.stack().dropna() == 99.99).all()  # the sample's 执行率, every year it was filed
    assert main(["panel", str(fresh), "--by", "project", "--metric", "executed_yuan"]) == 0
    assert (fresh / "panel" / "project_executed_yuan.csv").exists()
    assert (fresh / "panel").is_symlink()  # published in a generation, like every output name
    assert not (fresh / "jixiao.xlsx").exists()  # this output has no workbook: none is made
    manifest = json.loads((fresh / "manifest.json").read_text("utf-8"))
    assert manifest["panels"] == ["project_executed_yuan", "unit_execution_rate"]


def test_panel_sheets_go_into_the_workbook_in_one_publish(archive: Path, tmp_path: Path) -> None:
    """The wide table is a sheet of jixiao.xlsx, written by the one workbook route, and the changed
    output is published as a new generation: the old one stays whole until the one rename."""
    from openpyxl import load_workbook

    years = sorted(p for p in archive.iterdir() if p.is_dir())
    out = _run(years[:2], tmp_path / "out", formats=("csv", "parquet", "xlsx"))
    before = {
        p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.suffix in (".csv", ".parquet")
    }
    old_generation = os.readlink(out / ".jixiao" / "current")
    assert main(["panel", str(out), "--metric", "score"]) == 0
    assert main(["panel", str(out), "--by", "project", "--metric", "budget_yuan"]) == 0
    assert os.readlink(out / ".jixiao" / "current") != old_generation
    assert {n: (out / n).read_bytes() for n in before} == before  # the tables as they were
    book = load_workbook(out / "jixiao.xlsx", read_only=True)
    assert book.sheetnames[0] == "异常" and book.sheetnames[-2:] == [
        "面板 项目 全年预算数(元)",
        "面板 单位 总分得分",
    ]
    rows = list(book["面板 单位 总分得分"].iter_rows(values_only=True))
    wide = pd.read_parquet(out / "panel" / "unit_score.parquet")
    assert rows[0][:4] == ("单位编号", "单位名称", "行政区划代码", "2019 总分得分")
    assert rows[1] == tuple(wide.columns)
    assert [r[0] for r in rows[2:]] == wide["unit_id"].tolist()
    assert [r[3] for r in rows[2:]] == [None if pd.isna(v) else v for v in wide["2019"]]
    money = list(book["面板 项目 全年预算数(元)"].iter_rows(min_row=3, values_only=True))
    exact = pd.read_parquet(out / "panel" / "project_budget_yuan.parquet")
    assert [Decimal(str(r[3])) for r in money if r[3] is not None] == [
        v for v in exact["2019"] if v is not None
    ]
    # the contract's sheets are the run's own
    assert len(list(book["资金"].iter_rows())) == 2 + len(pd.read_parquet(out / "funds.parquet"))
    # an extract run publishes its own generation: the wide tables (ids may have moved) are gone
    _run(years, out, incremental=True, formats=("csv", "parquet", "xlsx"))
    assert not (out / "panel").exists()
    assert load_workbook(out / "jixiao.xlsx", read_only=True).sheetnames[-1] == "名称关联"


def test_review_has_a_page_per_unit_with_years_side_by_side(fresh: Path) -> None:
    from jixiao.review_cmd import review_main

    assert review_main(fresh) == 0
    units_dir = fresh / "review" / "units"
    index = (units_dir / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr><td><a href="U') == len(pd.read_parquet(fresh / "units.parquet"))
    assert 'href="units/index.html"' in (fresh / "review" / "index.html").read_text(encoding="utf-8")
    forms = pd.read_parquet(fresh / "forms.parquet")
    years = forms[forms.form_type == "department"].groupby("unit_id").year.nunique()
    unit = {"unit_id": sorted(years[years == YEARS].index)[0]}  # a unit with a department form every year
    page = (units_dir / f"{unit['unit_id']}.html").read_text(encoding="utf-8")
    assert "<svg" in page and page.count("<circle") == 2 * YEARS  # rate and score, every year
    assert "<th>2019</th><th>2020</th><th>2021</th>" in page
    assert page.count('<td class="num">99.99</td>') == YEARS


def test_read_file_gives_the_same_ids_as_a_batch_run() -> None:
    import jixiao

    tables = jixiao.read_file(ROOT / "samples" / "lukou_xunchaban_2023.txt")
    golden = pd.read_csv(ROOT / "tests" / "golden" / "lukou_xunchaban_2023" / "funds.csv", dtype=str)
    assert tables["funds"]["unit_id"].tolist() == golden["unit_id"].tolist()
    assert tables["units"][["unit_id", "short_name", "county"]].values.tolist() == [
        ["U14a023a59b20", "区委巡察办", "渌口区"]
    ]


def test_a_year_whose_forms_disagree_is_left_empty(fresh: Path, tmp_path: Path) -> None:
    from jixiao.emit.panel_table import build_panel

    out = tmp_path / "out"
    out.mkdir()
    for table in ("forms", "funds", "units"):
        (out / f"{table}.parquet").write_bytes((fresh / f"{table}.parquet").read_bytes())
    forms, funds = pd.read_parquet(out / "forms.parquet"), pd.read_parquet(out / "funds.parquet")
    dept = forms[forms["form_type"] == "department"].iloc[[0]].assign(form_id="f-second-copy")
    total = funds[(funds["form_id"] == forms.loc[dept.index[0], "form_id"]) & (funds["line"] == "total")]
    second = total.assign(form_id="f-second-copy", execution_rate_pct=87.5)  # a second form says otherwise
    pd.concat([forms, dept]).to_parquet(out / "forms.parquet")
    pd.concat([funds, second]).to_parquet(out / "funds.parquet")
    panel = build_panel(out, "unit", "execution_rate")
    row = panel.frame.set_index("unit_id").loc[dept["unit_id"].iloc[0]]
    assert panel.conflicts == 1
    assert pd.isna(row[str(int(dept["year"].iloc[0]))])


def test_review_of_an_output_without_units_still_works(fresh: Path, tmp_path: Path) -> None:
    from jixiao.emit.review_tables import table_pieces
    from jixiao.emit.review_units import write_unit_pages

    old = tmp_path / "old"
    old.mkdir()
    (old / "documents.parquet").write_bytes((fresh / "documents.parquet").read_bytes())
    assert write_unit_pages(old / "review", table_pieces(old)) == 0
    assert (old / "review" / "units" / "index.html").exists()


def test_recorded_overrides_still_apply_in_an_incremental_run(
    archive: Path, tmp_path: Path, fresh: Path
) -> None:
    name = pd.read_parquet(fresh / "units.parquet")["name"].iloc[-1]
    ids = tmp_path / "ids.csv"
    ids.write_text(f"name,id\n{name},U-kept\n", encoding="utf-8")
    years = sorted(p for p in archive.iterdir() if p.is_dir())
    out = _run(years[:-1], tmp_path / "out", ids=ids)
    _run(years, out, incremental=True)  # no --ids this time: OUT/id_overrides.csv still holds it
    forms = pd.read_parquet(out / "forms.parquet")
    assert set(forms.loc[forms["unit_id"] == "U-kept", "year"]) == {2019, 2020, 2021}


def test_panel_command_on_a_folder_without_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", str(tmp_path)]) == 2
    assert "units.parquet" in capsys.readouterr().err


def test_a_run_without_overrides_drops_the_old_override_file(
    archive: Path, tmp_path: Path, fresh: Path
) -> None:
    name = pd.read_parquet(fresh / "units.parquet")["name"].iloc[0]
    ids = tmp_path / "ids.csv"
    ids.write_text(f"name,id\n{name},U-once\n", encoding="utf-8")
    years = sorted(p for p in archive.iterdir() if p.is_dir())
    out = _run(years[:1], tmp_path / "out", ids=ids)
    assert (out / "id_overrides.csv").exists()
    _run(years[:1], out)  # not incremental, no --ids: the output no longer uses it
    assert not (out / "id_overrides.csv").exists()
    assert "U-once" not in set(pd.read_parquet(out / "units.parquet")["unit_id"])


def test_an_older_versions_panel_folder_is_taken_over(archive: Path, tmp_path: Path) -> None:
    """The previous version wrote OUT/panel/ as a plain folder beside the generations: it is ours, so the
    next `jixiao panel` replaces it instead of stopping at "a folder jixiao did not write"."""
    years = sorted(p for p in archive.iterdir() if p.is_dir())
    out = _run(years[:1], tmp_path / "out")
    (out / "panel").mkdir()
    (out / "panel" / "unit_score.csv").write_text("old", "utf-8")
    (out / "panel" / "panel.xlsx").write_bytes(b"old")
    assert main(["panel", str(out)]) == 0
    assert (out / "panel").is_symlink()
    assert sorted(p.name for p in (out / "panel").iterdir()) == [
        "unit_execution_rate.csv",
        "unit_execution_rate.parquet",
    ]
    os.rename(out / "panel", tmp_path / "moved")  # a folder of the user's at the name stops it
    (out / "panel").mkdir()
    (out / "panel" / "notes.txt").write_text("mine", "utf-8")
    assert main(["panel", str(out)]) == 3
    assert (out / "panel" / "notes.txt").read_text("utf-8") == "mine"
