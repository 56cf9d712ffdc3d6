"""Where each document is, and which of its unit names that place may be given to.

A name that states its region (``中共株洲市渌口区委…``) is placed by itself (:mod:`normalize.regions`).
A name that does not (``区委巡察办``, ``县财政局``) takes its document's region, from, in this order:

1. the document's other names: its department form's full unit name first, then the most specific
   region any name states (主管部门, 实施单位, 填报单位 on any of its forms);
2. the document's path, when a folder names a county (``2023/渌口区/…``).

A region is given to a name only when it is at the name's level: a county's body (``区…``, ``县…``,
``旗…``) needs a county, a ``市…`` body a city; a folder must name a county (a ``株洲市/`` folder also
holds the county-level cities' ``市委巡察办``). A name left without a region is *unplaced*: it is
scoped to its document (:data:`normalize.link_clusters.DOC_SCOPE`), so it is linked inside its
document only; two counties' ``区委巡察办`` never merge on the name alone. Its ``links`` rows name
the placed units it might be, as ``candidate`` rows, never a merge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from jixiao.normalize.link_clusters import DOC_SCOPE, LinkRow, Node
from jixiao.normalize.regions import Region, find_regions

COUNTY_BODY = ("区", "县", "旗")  # a name starting so is a county-level body


class _Form(Protocol):  # a form's names (normalize.entities.FormNames): read only
    @property
    def form_id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def form_type(self) -> str: ...


def fits(region: Region, key: str, *, folder: bool = False) -> bool:
    """Whether a unit named ``key`` (no region of its own) may be placed in ``region``.

    >>> county, city = Region("430212", "", "区"), Region("430200", "", "市")
    >>> fits(county, "区委巡察办"), fits(city, "区委巡察办"), fits(city, "市财政局")
    (True, False, True)
    >>> fits(city, "市财政局", folder=True)  # a folder naming a city also holds its county-level cities
    False
    """
    county = not region.code.endswith("00")
    if folder or key.startswith(COUNTY_BODY):
        return county
    if key.startswith("市"):
        return not region.code.endswith("0000")
    return True


def doc_regions(
    forms: Sequence[_Form],
    names_of: Mapping[str, Sequence[str | None]],
    placed: Mapping[str, Region | None],
    paths: Mapping[str, str] | None = None,
) -> dict[str, tuple[Region, bool]]:
    """doc_id → (its region, whether it came from a folder of its path); see the module docstring.

    ``names_of``: form_id → its parsed unit names, the department form's own name first."""
    seen: dict[str, Counter[tuple[int, str]]] = defaultdict(Counter)
    regions: dict[str, Region] = {}
    for form in forms:
        for i, name in enumerate(names_of[form.form_id]):
            region = placed.get(name) if name else None
            if region is not None:
                weight = 2 if (form.form_type == "department" and i == 0) else 1
                seen[form.doc_id][(weight, region.code)] += 1
                regions[region.code] = region
    out: dict[str, tuple[Region, bool]] = {}
    for doc_id, counts in seen.items():
        # department name first, then the most specific (a county code beats its city's), then count
        best = max(counts, key=lambda k: (k[0], not regions[k[1]].code.endswith("00"), counts[k], k[1]))
        out[doc_id] = (regions[best[1]], False)
    if paths:  # e.g. 2023/渌口区/区委巡察办.txt: the archive's folders say where a document is from
        bare = sorted({f.doc_id for f in forms if f.doc_id not in out and f.doc_id in paths})
        for doc_id, region in zip(bare, find_regions([_folders(paths[d]) for d in bare]), strict=True):
            if region is not None:
                out[doc_id] = (region, True)
    return out


def _folders(path: str) -> str:
    """The folders of a path (the file's own name is not read: ``巡察办2021.docx`` says no place)."""
    return path.replace("\\", "/").rpartition("/")[0]


def no_region_candidates(
    nodes: Iterable[Node], node_names: Mapping[Node, Counter[str]], placed_nodes: Iterable[Node]
) -> list[LinkRow]:
    """Each unplaced name → the placed units of the same key it might be: ``candidate`` rows only.

    ``target_id`` holds the placed node (``scope|key``) until ids are given (``retarget``)."""
    by_key: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(placed_nodes):
        by_key[node[1]].append(node)
    out = []
    for node in sorted(nodes):
        for target in by_key.get(node[1], ()):
            region = Region(target[0], "", "")
            if not fits(region, node[1]):
                continue
            for name in sorted(node_names[node]):
                out.append(
                    LinkRow(
                        "unit",
                        name,
                        None,
                        f"{target[0]}|{target[1]}",
                        target[1],
                        "no_region",
                        None,
                        "candidate",
                        f"{node[0].removeprefix(DOC_SCOPE)[:16]}: same name, no region in the document",
                    )
                )
    return out
