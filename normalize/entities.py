"""Across documents: every unit and project a form names → one id that stays the same, with evidence.

Steps, each leaving a ``links`` row per name it joined (method, score, evidence):

1. Names are parsed (:mod:`normalize.unit_names`) and placed (:mod:`normalize.regions`); a name that
   states no region (``区委巡察办``) takes its document's when that fits the name's level
   (:mod:`normalize.unit_places`: the document's other names, then its folders), else it is known by
   its document only (``no_region``: linked inside that document, a ``candidate`` row to each placed
   unit of the same name, never merged across documents on the name alone). A *node* is (region
   code, key), the key being the name from its level character on (``区委巡察工作领导小组办公室`` for
   ``中共株洲市渌口区委…``), so spellings that only differ in 中共, spaces or width are one node.
2. ``abbreviation``: in one document, a name that abbreviates the department form's unit name is
   that unit (the 附件3 form's ``区委巡察办`` of 附件1's ``中共…区委巡察工作领导小组办公室``); across
   documents, a name only ever seen short joins the one unit of its region it abbreviates.
3. ``fuzzy``: keys of one region scored with rapidfuzz; ≥ :data:`MERGE_SCORE` joins, ≥
   :data:`CANDIDATE_SCORE` is a ``candidate`` row only. Never joined: names with different numbers
   (第一中学/第二中学), different kinds of body (局/中心), or two units that each filed a department
   form in the same year (one unit files one a year).
4. ``projects_overlap``: a renamed unit keeps its projects: two units of one region whose years do
   not overlap and that share at least half of their projects (two or more) are one.
5. ``override``: a user's name → id wins over all of the above.

An id is ``U`` + 12 hex of sha1 of the region and key of the cluster's representative name
(:func:`normalize.link_clusters.representative`: a department form's name, the earliest in use for
two years, else the one of most years, then the base spelling), so it depends on the final set of
forms only: not on the order, the number of runs, or whether a year came by an incremental run.
Projects are nodes (unit id, name without code or year prefix) joined within their unit the same
way; ``P`` ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from jixiao.normalize.link_clusters import (
    DOC_SCOPE,
    Clusters,
    LinkRow,
    Node,
    assign_ids,
    join_fuzzy,
    most_common,
    retarget,
    scope_of,
)
from jixiao.normalize.regions import Region, find_regions, region_names
from jixiao.normalize.unit_names import abbreviates, parse_name
from jixiao.normalize.unit_places import doc_regions, fits, no_region_candidates

RENAME_SHARE = 0.5  # share of projects (Jaccard) two year-disjoint units must have in common
UNIT_ROLES = ("department", "implementing_unit", "competent_department", "fill_unit")  # NOTE: form fields


@dataclass(frozen=True, slots=True)
class FormNames:
    """The names one form gives (a row of ``forms``)."""

    form_id: str
    doc_id: str
    form_type: str
    year: int | None
    department: str | None = None
    implementing_unit: str | None = None
    competent_department: str | None = None
    fill_unit: str | None = None
    project: str | None = None


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit_id: str
    name: str
    short_name: str | None
    region_code: str | None
    province: str | None
    city: str | None
    county: str | None
    first_year: int | None
    last_year: int | None
    name_count: int


@dataclass(frozen=True, slots=True)
class ProjectRow:
    project_id: str
    unit_id: str
    name: str
    project_code: str | None  # the latest budget-code prefix seen
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True, slots=True)
class FormIds:
    unit_id: str | None
    project_id: str | None
    region_code: str | None
    year: int | None


@dataclass(slots=True)
class Linked:
    forms: dict[str, FormIds] = field(default_factory=dict)
    docs: dict[str, FormIds] = field(default_factory=dict)  # a document's own unit (its department form)
    units: list[UnitRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)


def _unit_key(name: str, region: Region | None) -> str:
    """The name from its level character on: ``株洲市渌口区财政局`` → ``区财政局``; ``中共`` dropped."""
    if region is not None and region.rest:
        rest = region.rest.removeprefix("中共")
        # 攸县县委办公室 keeps its 县委; 醴陵市市场监督管理局 is 市 + 市场…, not 市场… alone
        return rest if rest.startswith(region.level_char + "委") else region.level_char + rest
    return name.removeprefix("中共")


def _form_unit_role(form: FormNames, names: Sequence[str | None]) -> str | None:
    """The role naming the form's own unit: its first name given (a project form has no department)."""
    start = 0 if form.form_type == "department" else 1
    return next((UNIT_ROLES[i] for i in range(start, len(UNIT_ROLES)) if names[i]), None)


def link_projects(
    forms: Sequence[FormNames],
    unit_of_form: Mapping[str, str],
    overrides: Mapping[str, str],
    linked: Linked,
) -> dict[str, str]:
    """Project forms → project ids within their unit; adds ``projects`` and ``links`` rows to ``linked``."""
    pc = Clusters()
    names: dict[Node, Counter[str]] = defaultdict(Counter)
    years: dict[Node, set[int]] = defaultdict(set)
    codes: dict[Node, list[tuple[int, str]]] = defaultdict(list)
    doc_index: dict[str, int] = {}
    node_of: dict[str, Node] = {}
    for form in forms:
        parsed = parse_name(form.project, project=True)
        uid = unit_of_form.get(form.form_id)
        if form.form_type != "project" or not parsed.name or uid is None:
            continue
        node = (uid, parsed.name)
        pc.add(node)
        names[node][parsed.name] += 1
        node_of[form.form_id] = node
        if form.year is not None:
            years[node].add(form.year)
        if parsed.code:
            codes[node].append((form.year or 0, parsed.code))
        # two projects on forms of one document are two projects: never joined (see Clusters.clash)
        pc.dept_years[node].add(doc_index.setdefault(form.doc_id, len(doc_index)))
    candidates: list[LinkRow] = []
    _join_extended(pc)
    join_fuzzy(pc, "project", candidates, names)
    ids = assign_ids(pc, "P", years, names, overrides, "project", linked.links)
    linked.links.extend(retarget(candidates, ids))
    members: dict[str, list[Node]] = defaultdict(list)
    for node, (pid, _) in ids.items():
        members[pid].append(node)
    for pid, nodes in sorted(members.items()):
        ys = sorted(set().union(*(years.get(n, set()) for n in nodes)))
        latest = max(nodes, key=lambda n: (max(years.get(n) or {0}), sum(names[n].values()), n))
        code = max((c for n in nodes for c in codes[n]), default=(0, None))[1]
        linked.projects.append(
            ProjectRow(pid, latest[0], latest[1], code, ys[0] if ys else None, ys[-1] if ys else None)
        )
    return {f: ids[n][0] for f, n in node_of.items()}


def _join_extended(pc: Clusters) -> None:
    """A project written with a word more in another year (``宣传经费`` / ``宣传专项经费``) is the same
    project, unless the two appear in one document (then they are two projects)."""
    by_unit: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(pc.parent):
        by_unit[node[0]].append(node)
    for nodes in by_unit.values():
        for a in nodes:
            for b in nodes:
                short, long = a[1], b[1]
                if len(short) * 10 >= len(long) * 6 and abbreviates(short, long) and not pc.clash(a, b):
                    pc.union(b, a, "abbreviation", 100.0, long)


def link_entities(
    forms: Iterable[FormNames],
    *,
    overrides: Mapping[str, str] | None = None,
    doc_hints: Mapping[str, str] | None = None,
) -> Linked:
    """Ids for every form's unit and project; see the module docstring. ``overrides``: name → id;
    ``doc_hints``: doc_id → the document's path, whose folders may say where it is from."""
    forms = sorted(forms, key=lambda f: f.form_id)  # input order never matters
    overrides = {parse_name(k).name or k: v for k, v in (overrides or {}).items()}
    # each form's unit names (in UNIT_ROLES order), parsed once
    names_of = {f.form_id: tuple(parse_name(getattr(f, r)).name for r in UNIT_ROLES) for f in forms}
    names = sorted({n for ns in names_of.values() for n in ns if n})
    placed = dict(zip(names, find_regions(names), strict=True))
    doc_region = doc_regions(forms, names_of, placed, doc_hints)
    uc = Clusters()
    node_names: dict[Node, Counter[str]] = defaultdict(Counter)
    dept_names: dict[Node, Counter[str]] = defaultdict(Counter)  # as written on department forms
    node_years: dict[Node, set[int]] = defaultdict(set)
    form_node: dict[str, Node] = {}
    dept_nodes: set[Node] = set()
    by_doc: dict[str, list[tuple[FormNames, str, Node]]] = defaultdict(list)
    for form in forms:
        form_names = names_of[form.form_id]
        main_role = _form_unit_role(form, form_names)
        for role, name in zip(UNIT_ROLES, form_names, strict=True):
            if not name:
                continue
            own = placed[name]
            key = _unit_key(name, own)
            where, folder = doc_region.get(form.doc_id, (None, False))
            region = own or (where if where is not None and fits(where, key, folder=folder) else None)
            node = (region.code if region else DOC_SCOPE + form.doc_id, key)
            uc.add(node)
            node_names[node][name] += 1
            if form.year is not None:
                node_years[node].add(form.year)
            by_doc[form.doc_id].append((form, role, node))
            if role == main_role:
                form_node[form.form_id] = node
            if form.form_type == "department" and role == "department":
                dept_nodes.add(node)
                dept_names[node][name] += 1
                if form.year is not None:
                    uc.dept_years[node].add(form.year)
    # 2. abbreviations inside one document: other names of the department form's unit
    for doc_id, entries in sorted(by_doc.items()):
        heads = [n for f, r, n in entries if f.form_type == "department" and r == "department"]
        if not heads:
            continue
        head = heads[0]
        for _, _, node in entries:
            if node != head and node[0] == head[0] and abbreviates(node[1], head[1]):
                uc.union(head, node, "abbreviation", 100.0, doc_id[:16])
    candidates: list[LinkRow] = []
    _join_short_names(uc, dept_nodes)
    join_fuzzy(uc, "unit", candidates, node_names)
    unit_projects = _unit_projects(forms, form_node)
    _join_renamed(uc, unit_projects, node_years)
    linked = Linked()
    unit_of_node = assign_ids(uc, "U", node_years, node_names, overrides, "unit", linked.links, dept_nodes)
    unplaced = [n for n in uc.parent if n[0].startswith(DOC_SCOPE)]
    candidates += no_region_candidates(unplaced, node_names, [n for n in uc.parent if scope_of(n)])
    linked.links.extend(retarget(candidates, unit_of_node))
    linked.units = _unit_rows(unit_of_node, node_names, node_years, dept_names)
    region_of = {u.unit_id: u.region_code for u in linked.units}
    project_of = link_projects(
        forms, {f: unit_of_node[n][0] for f, n in form_node.items()}, overrides, linked
    )
    with_dept: set[str] = set()
    for form in forms:
        found = form_node.get(form.form_id)
        uid = unit_of_node[found][0] if found else None
        ids = FormIds(uid, project_of.get(form.form_id), region_of.get(uid) if uid else None, form.year)
        linked.forms[form.form_id] = ids
        # a document's own unit: its first department form's, else its first form's
        if form.doc_id not in with_dept and (
            form.doc_id not in linked.docs or form.form_type == "department"
        ):
            linked.docs[form.doc_id] = FormIds(ids.unit_id, None, ids.region_code, ids.year)
            if form.form_type == "department":
                with_dept.add(form.doc_id)
    titles = {u.unit_id: u.name for u in linked.units} | {p.project_id: p.name for p in linked.projects}
    linked.links = [replace(k, target_name=titles.get(k.target_id)) for k in linked.links]
    return linked


def _join_short_names(uc: Clusters, dept_nodes: set[Node]) -> None:
    """A name never on a department form joins the one department unit of its region it abbreviates."""
    by_region: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(dept_nodes):
        by_region[node[0]].append(node)
    for node in sorted(uc.parent):
        if node in dept_nodes or not scope_of(node):
            continue
        hits = {uc.find(d) for d in by_region.get(node[0], ()) if abbreviates(node[1], d[1])}
        if len(hits) == 1 and not uc.clash(node, next(iter(hits))):
            uc.union(next(iter(hits)), node, "abbreviation", 100.0, next(iter(hits))[1])


def _unit_projects(forms: Sequence[FormNames], form_node: Mapping[str, Node]) -> dict[Node, set[str]]:
    out: dict[Node, set[str]] = defaultdict(set)
    for form in forms:
        name = parse_name(form.project, project=True).name
        if form.form_type == "project" and name and form.form_id in form_node:
            out[form_node[form.form_id]].add(name)
    return out


def _join_renamed(
    uc: Clusters, unit_projects: Mapping[Node, set[str]], node_years: Mapping[Node, set[int]]
) -> None:
    """Year-disjoint units of one region sharing most of their projects: one unit, renamed."""
    projects: dict[Node, set[str]] = defaultdict(set)
    years: dict[Node, set[int]] = defaultdict(set)
    for node in uc.parent:
        root = uc.find(node)
        projects[root] |= unit_projects.get(node, set())
        years[root] |= node_years.get(node, set())
    by_region: dict[str, list[Node]] = defaultdict(list)
    for root in sorted(r for r in projects if len(projects[r]) >= 2 and scope_of(r)):
        by_region[root[0]].append(root)
    best: dict[Node, tuple[float, Node]] = {}
    for roots in by_region.values():
        for i, a in enumerate(roots):
            for b in roots[i + 1 :]:
                if years[a] & years[b]:
                    continue
                shared = projects[a] & projects[b]
                share = len(shared) / len(projects[a] | projects[b])
                if len(shared) >= 2 and share >= RENAME_SHARE:
                    for x, y in ((a, b), (b, a)):
                        if share > best.get(x, (0.0, x))[0]:
                            best[x] = (share, y)
    for a, (share, b) in sorted(best.items()):
        if best.get(b, (0.0, a))[1] == a and a < b:  # each the other's best match
            uc.union(
                a, b, "projects_overlap", round(share * 100, 1), ";".join(sorted(projects[a] & projects[b]))
            )


def _unit_rows(
    ids: Mapping[Node, tuple[str, str]],
    node_names: Mapping[Node, Counter[str]],
    node_years: Mapping[Node, set[int]],
    dept_names: Mapping[Node, Counter[str]],
) -> list[UnitRow]:
    members: dict[str, list[Node]] = defaultdict(list)
    for node, (uid, _) in ids.items():
        members[uid].append(node)
    rows = []
    for uid, nodes in sorted(members.items()):
        years = sorted(set().union(*(node_years.get(n, set()) for n in nodes)))
        longs = [n for n in nodes if n in dept_names] or nodes
        latest = max(longs, key=lambda n: (max(node_years.get(n) or {0}), sum(node_names[n].values()), n))
        name = most_common(dept_names.get(latest) or node_names[latest])
        written = Counter[str]()
        for n in nodes:
            written.update(node_names[n])
        shortest = min(written, key=lambda m: (len(m), -written[m], m))
        short = shortest if shortest != name else None
        regions = Counter(scope for n in nodes if (scope := scope_of(n)))
        code = max(regions, key=lambda c: (regions[c], c)) if regions else None
        province, city, county = region_names(code)
        n_names = len({m for n in nodes for m in node_names[n]})
        rows.append(
            UnitRow(
                uid,
                name,
                short,
                code,
                province,
                city,
                county,
                years[0] if years else None,
                years[-1] if years else None,
                n_names,
            )
        )
    return rows
