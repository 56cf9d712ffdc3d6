"""Incremental runs give the panel tables of a fresh run over the same final files, byte for byte; where
a new document joins two units, the fresh run's ids win and the manifest counts the names that moved."""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from jixiao.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_panel_corpus  # noqa: E402
from make_panel_corpus import SAMPLE, Unit, _split, generate, render  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("panel-inc") / "archive"
    generate(20, 3, root, seed=5)
    return root


def _run(inputs: list[Path], out: Path, *, incremental: bool = False) -> Path:
    options = BatchOptions(jobs=1, formats=("csv", "parquet"), progress=False, incremental=incremental)
    run_batch([str(p) for p in inputs], out, options)
    return out


def _ids(out: Path) -> list[tuple[object, ...]]:
    forms = pq.read_table(
        out / "forms.parquet", columns=["form_id", "unit_id", "project_id", "region_code", "year"]
    )
    return sorted(zip(*forms.to_pydict().values(), strict=True))


ID_TABLES = ("units", "projects", "links")


def _same_ids(one: Path, other: Path) -> None:
    """The id tables byte for byte, and every fact row's ids."""
    for table in ID_TABLES:
        for suffix in (".csv", ".parquet"):
            name = table + suffix
            assert (one / name).read_bytes() == (other / name).read_bytes(), name
    assert _ids(one) == _ids(other)
    for table in ("funds", "indicators", "anomalies"):
        cols = ["unit_id", "project_id", "region_code", "year"]
        a, b = (pd.read_parquet(p / f"{table}.parquet") for p in (one, other))
        key = [c for c in a.columns if c not in cols]
        a, b = (f.sort_values(key, kind="stable").reset_index(drop=True) for f in (a, b))
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("case", ["later-year", "earlier-year", "replaced-file"])
def test_incremental_equals_fresh(archive: Path, tmp_path: Path, case: str) -> None:
    """Ids are a function of the final set of files: an incremental run's panel tables are a fresh
    run's, byte for byte, whichever year came last, first, or was corrected in place."""
    final = tmp_path / "archive"
    shutil.copytree(archive, final)
    years = sorted(p for p in final.iterdir() if p.is_dir())
    first = {"later-year": years[:-1], "earlier-year": years[1:], "replaced-file": years}[case]
    out = _run(first, tmp_path / "out")
    before = pd.read_parquet(out / "links.parquet")
    if case == "replaced-file":  # a file corrected under the same name: its unit's name spelled anew
        path = next(p for p in sorted(years[1].rglob("*.txt")) if "领导小组办公室" in p.read_text("utf-8"))
        path.write_text(path.read_text("utf-8").replace("领导小组办公室", "领导小组 办公室", 1), "utf-8")
    _run(years, out, incremental=True)
    _same_ids(out, _run(years, tmp_path / "fresh"))
    # the ids given before that a fresh run now gives otherwise are counted in the manifest: none for
    # units here; a project whose variant spelling had tied for most years can move
    after = pd.read_parquet(out / "links.parquet")
    keys = ["kind", "scope", "name"]
    before, after = (t[(t.status == "merged") & t.scope.notna()] for t in (before, after))
    both = before.merge(after, on=keys)
    moved = both[both.target_id_x != both.target_id_y].groupby("kind").size().to_dict()
    changes = json.loads((out / "manifest.json").read_text("utf-8"))["panel_id_changes"]
    assert changes == {"unit": moved.get("unit", 0), "project": moved.get("project", 0)}
    assert changes["unit"] == 0
    assert changes["project"] <= 0.05 * before[before.kind == "project"].shape[0]


def test_a_document_joining_two_units_retires_one_id_as_a_fresh_run_would() -> None:
    """Stability and equality conflict when a new document shows two units are one: equality wins.
    The joined unit takes the id a fresh run gives (its representative's); the manifest counts the
    names whose id moved (``id_changes``)."""
    from jixiao.normalize.entities import FormNames, link_entities

    def doc(d: str, year: int, name: str, projects: list[str]) -> list[FormNames]:
        forms = [FormNames(f"{d}-1", d, "department", year, department=name)]
        forms += [
            FormNames(f"{d}-{k}", d, "project", year, None, name, None, None, p)
            for k, p in enumerate(projects, 2)
        ]
        return forms

    old = doc("a", 2021, "株洲市渌口区文体广新局", ["文体活动经费", "场馆维护经费"])
    new = doc("b", 2023, "株洲市渌口区文化旅游广电体育局", ["非遗保护经费", "全民健身经费"])
    # 2022: the new name, the old projects: the renamed unit kept its projects
    bridge = doc("c", 2022, "株洲市渌口区文化旅游广电体育局", ["文体活动经费", "场馆维护经费"])
    before = link_entities(old + new)
    after = link_entities(old + new + bridge)
    again = link_entities(bridge + new + old)
    assert before.forms["a-1"].unit_id != before.forms["b-1"].unit_id
    assert after.forms["a-1"].unit_id == after.forms["b-1"].unit_id == after.forms["c-1"].unit_id
    assert after.units == again.units and after.links == again.links  # the final set decides
    # the name of the most years (the new name: 2022 and 2023) gives the id: the old unit's id retires
    assert after.forms["a-1"].unit_id == before.forms["b-1"].unit_id


def test_a_bridging_year_joins_two_units_and_the_fresh_ids_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2019 under the old name with projects A; 2021 under the new name with projects B: two units. The
    2020 file (the new name, projects A) shows they are one: the incremental run gives a fresh run's ids,
    the unit keeps the id of its name in use for two years (the new one), the old one's id retires, and
    the manifest counts the names that moved."""
    monkeypatch.setattr(make_panel_corpus, "VARIANT_SHARE", 0.0)  # the names exactly as given here
    parts = _split(SAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(2)
    old = Unit(
        "u0000", "渌口区", "430212", "文体广新局", "文体局", False, ("文体活动经费", "场馆维护经费"), None
    )
    new = Unit(
        "u0000",
        "渌口区",
        "430212",
        "文化旅游广电体育局",
        "文旅广体局",
        False,
        ("非遗保护经费", "全民健身经费"),
        None,
    )
    bridge = Unit("u0000", "渌口区", "430212", "文化旅游广电体育局", "文旅广体局", False, old.projects, None)
    src = tmp_path / "in"
    for unit, year in ((old, 2019), (new, 2021), (bridge, 2020)):
        text, _, department = render(unit, year, 0, parts, rng)
        assert department
        (src / str(year) / "渌口区").mkdir(parents=True)
        (src / str(year) / "渌口区" / "unit.txt").write_text(text, encoding="utf-8")
    years = [src / "2019", src / "2021"]
    out = _run(years, tmp_path / "out")
    before = pd.read_parquet(out / "forms.parquet", columns=["form_id", "year", "unit_id"])
    old_id, new_id = (before.loc[before.year == y, "unit_id"].iloc[0] for y in (2019, 2021))
    assert old_id != new_id
    _run([*years, src / "2020"], out, incremental=True)
    _same_ids(out, _run([src], tmp_path / "fresh"))
    after = pd.read_parquet(out / "forms.parquet", columns=["unit_id"])
    assert set(after["unit_id"]) == {new_id}
    moved = json.loads((out / "manifest.json").read_text("utf-8"))["panel_id_changes"]
    links = pd.read_parquet(out / "links.parquet")
    old_names = links[(links.kind == "unit") & links.name.str.contains("文体广新局|文体局")]
    assert moved["unit"] == len(old_names) > 0
