"""Clusters of names with evidence: union-find, rapidfuzz scoring, stable ids (used by normalize.entities).

A *node* is ``(scope, key)``: the scope is a region code for units, a unit id for projects. Every join
records how it was made (method, score, evidence), so each name's ``links`` row can say why it has its
id; scores below :data:`MERGE_SCORE` become ``candidate`` rows and never a join.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from jixiao.normalize.unit_names import kind_of, numerals
from rapidfuzz import fuzz, process

MERGE_SCORE = 92.0  # rapidfuzz ratio at which two keys of one scope are one entity
CANDIDATE_SCORE = 75.0  # below MERGE_SCORE, at or above this: a candidate row, never a merge
_CHUNK = 512  # rows of the score matrix computed at once
Node = tuple[str, str]  # (scope, key): scope is the region code (units) or the unit id (projects)
DOC_SCOPE = "doc:"  # + doc_id: the scope of a unit name no region could be found for (normalize.unit_places)


def scope_of(node: Node) -> str | None:
    """The ``links`` row's scope: the region code or unit id; None for a name without a region."""
    return node[0] if node[0] and not node[0].startswith(DOC_SCOPE) else None


@dataclass(frozen=True, slots=True)
class LinkRow:
    kind: str  # unit | project
    name: str  # the name as normalised
    scope: str | None  # region code (units) or unit id (projects) the name was read in
    target_id: str
    target_name: str | None
    method: str  # name | abbreviation | fuzzy | projects_overlap | override | no_region
    score: float | None
    status: str  # merged | candidate
    evidence: str | None  # doc_id prefix, or the name it was compared with


class Clusters:
    """Union-find over nodes, remembering how each node joined and which years filed a department form."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}
        self.how: dict[Node, tuple[str, float | None, str | None]] = {}
        self.dept_years: dict[Node, set[int]] = defaultdict(set)

    def add(self, node: Node) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: Node) -> Node:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def clash(self, a: Node, b: Node) -> bool:
        """Both filed a department form in one year: two units."""
        return bool(self.dept_years[self.find(a)] & self.dept_years[self.find(b)])

    def union(self, a: Node, b: Node, method: str, score: float | None, evidence: str | None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        joiner = b if b not in self.how else a  # the node this evidence brought in
        self.how.setdefault(joiner, (method, score, evidence))
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.dept_years[keep] |= self.dept_years.pop(gone, set())
        return True

    def groups(self) -> dict[Node, list[Node]]:
        out: dict[Node, list[Node]] = defaultdict(list)
        for node in sorted(self.parent):
            out[self.find(node)].append(node)
        return out


def stable_id(prefix: str, scope: str, key: str) -> str:
    """``U``/``P`` + 12 hex digits of sha1(scope|key): the same name gives the same id in every run.

    >>> stable_id("U", "430212", "区委巡察工作领导小组办公室")
    'U14a023a59b20'
    """
    return prefix + hashlib.sha1(f"{scope}|{key}".encode()).hexdigest()[:12]


def join_fuzzy(
    uc: Clusters, kind: str, candidates: list[LinkRow], node_names: Mapping[Node, Counter[str]]
) -> None:
    """Keys of one scope scored by rapidfuzz: merged at MERGE_SCORE unless forbidden, else a candidate."""
    by_scope: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(uc.parent):
        by_scope[node[0]].append(node)
    for scope, nodes in by_scope.items():
        keys = [n[1] for n in nodes]
        for start in range(0, len(nodes), _CHUNK):  # a block of rows at a time: memory stays small
            scores = process.cdist(
                keys[start : start + _CHUNK], keys, scorer=fuzz.ratio, score_cutoff=CANDIDATE_SCORE
            )
            for r, j in zip(*scores.nonzero(), strict=True):
                i = start + int(r)
                if j <= i or uc.find(nodes[i]) == uc.find(nodes[j]):
                    continue
                a, b, score = nodes[i], nodes[j], round(float(scores[r, j]), 1)
                blocked = _blocked(uc, a, b)
                if score >= MERGE_SCORE and blocked is None:
                    uc.union(a, b, "fuzzy", score, a[1])
                    continue
                why = blocked or f"below {MERGE_SCORE:g}"
                # target_id is the node's key until ids are given (see retarget)
                name = most_common(node_names[b])
                candidates.append(
                    LinkRow(
                        kind,
                        name,
                        scope,
                        f"{a[0]}|{a[1]}",
                        a[1],
                        "fuzzy",
                        score,
                        "candidate",
                        f"{a[1]}: {why}",
                    )
                )


def _blocked(uc: Clusters, a: Node, b: Node) -> str | None:
    """Why two similar names can never be one entity, or None."""
    if kind_of(a[1]) != kind_of(b[1]):
        return "different kind of body"
    if numerals(a[1]) != numerals(b[1]):
        return "different numbers"
    if uc.clash(a, b):
        return "seen side by side (one year's department forms, or one document)"
    return None


def representative(
    nodes: Iterable[Node],
    node_years: Mapping[Node, set[int]],
    preferred: Set[Node] = frozenset(),
    *,
    unit: bool = False,
) -> Node:
    """The node a cluster's id is made from. Units: a department form's name first (the full name).
    Then, for both: the earliest of the names written in two years or more; the name written in the
    most years, the longer (units) or shorter (projects) key, the earliest, the smallest key.

    Only the final set of forms decides it (no arrival order, no previous run), so an incremental run
    gives the ids a fresh run gives. The rule is chosen to move as little as the set grows: a
    name in use for two years keeps naming it however many years a new name adds (a year is added
    last far more often than first); a spelling seen once never names the entity over one seen
    twice; in a tie the base spelling wins — a unit's full name over one with a word dropped
    (``人力资源社会保障局``), a project's name over one with a word added (``…专项经费``, ``…(续)``).
    """
    nodes = list(nodes)
    pool = [n for n in nodes if n in preferred] or nodes
    sign = -1 if unit else 1

    def rank(n: Node) -> tuple[bool, int, int, int, int, str, str]:
        years = node_years.get(n) or set()
        first = min(years) if years else 9999
        lasting = len(years) >= 2
        return (not lasting, first if lasting else 0, -len(years), sign * len(n[1]), first, n[1], n[0])

    return min(pool, key=rank)


def assign_ids(
    uc: Clusters,
    prefix: str,
    node_years: Mapping[Node, set[int]],
    node_names: Mapping[Node, Counter[str]],
    overrides: Mapping[str, str],
    kind: str,
    links: list[LinkRow],
    preferred: Set[Node] = frozenset(),
) -> dict[Node, tuple[str, str]]:
    """Node → (id, method); a links row per name. An override beats the stable id of the cluster's
    :func:`representative`."""
    out: dict[Node, tuple[str, str]] = {}
    for _, nodes in sorted(uc.groups().items()):
        rep = representative(nodes, node_years, preferred, unit=prefix == "U")
        node_override = {n: overrides[m] for n in nodes for m in node_names[n] if m in overrides}
        if node_override:
            cluster_id, cluster_method = sorted(node_override.values())[0], "override"
        else:
            cluster_id, cluster_method = stable_id(prefix, rep[0], rep[1]), "name"
        for node in nodes:
            uid = node_override.get(node, cluster_id)
            method, score, evidence = uc.how.get(node, ("name", 100.0, None))
            if node in node_override:
                method, score, evidence = "override", None, "user file"
            elif cluster_method != "name" and node == rep:
                method, score, evidence = cluster_method, None, None
            elif method == "name" and node[0].startswith(DOC_SCOPE):  # known by its document only
                method, evidence = "no_region", node[0].removeprefix(DOC_SCOPE)[:16]
            out[node] = (uid, method)
            for name in sorted(node_names[node]):
                links.append(
                    LinkRow(kind, name, scope_of(node), uid, None, method, score, "merged", evidence)
                )
    return out


def retarget(candidates: Iterable[LinkRow], ids: Mapping[Node, tuple[str, str]]) -> list[LinkRow]:
    out = []
    for c in candidates:
        scope, _, key = c.target_id.partition("|")
        target = ids[(scope, key)][0]
        out.append(
            LinkRow(c.kind, c.name, c.scope, target, c.target_name, c.method, c.score, c.status, c.evidence)
        )
    return out


def most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda m: (-counts[m], m))  # ties by name: never by arrival order
