"""Index frameworks as data: a tree of nodes read from a YAML file.

File layout (see the shipped ``*.yaml`` files beside this module)::

    code: bps-ipm                      # framework id
    name: {id: ..., en: ...}
    source: ...                        # where the method comes from
    nodes:
      - code: ipm                      # the root has no parent
        name: {id: IPM, en: HDI}
        aggregation: geometric         # arithmetic | geometric | harmonic | generalised
        multiplier: 100                # optional: scale the aggregate
      - code: uhh
        parent: ipm
        weight: 1                      # relative within the parent (default 1)
        scale: [20, 85]                # leaves: valid range of raw values (optional)
        direction: 1                   # +1 or -1
        normalisation: {method: goalpost, min: 20, max: 85, log: false, truncate: false}

Aggregates may carry ``p`` (generalised mean) and ``min_share`` (minimum weight share of
present children; below it the aggregate is missing). Leaves without ``normalisation`` enter
their parent as given. Extra keys (``pillar``, ``indikator``, ``subindikator``, ...) are kept in
``Node.attrs`` for views and reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import FrameworkError
from analysis.yamlio import YamlFileError, load_yaml

AGGREGATIONS = ("arithmetic", "geometric", "harmonic", "generalised")
NORMALISATIONS = ("none", "goalpost")
_NODE_KEYS = {"code", "name", "parent", "weight", "aggregation", "multiplier", "p", "min_share",
              "scale", "direction", "normalisation", "unit"}


@dataclass
class Node:
    """One node of an index tree (leaf or aggregate)."""

    code: str
    name: dict
    parent: str | None = None
    weight: float = 1.0
    aggregation: str = "arithmetic"
    multiplier: float = 1.0
    p: float | None = None
    min_share: float = 0.0
    scale: tuple[float, float] | None = None
    direction: int = 1
    normalisation: dict = field(default_factory=lambda: {"method": "none"})
    unit: str | None = None
    attrs: dict = field(default_factory=dict)

    def label(self, lang: str = "id") -> str:
        return self.name.get(lang) or self.name.get("id") or self.code


@dataclass
class Framework:
    """An index tree with its metadata; nodes are kept in file order."""

    code: str
    name: dict
    nodes: dict[str, Node]
    source: str = ""
    description: dict = field(default_factory=dict)
    path: Path | None = None
    meta: dict = field(default_factory=dict)

    @property
    def root(self) -> str:
        return next(n.code for n in self.nodes.values() if n.parent is None)

    def _children_map(self) -> dict[str, list[str]]:
        # Recomputed only when the node set changes (frameworks are read once, then read-only).
        key = tuple((n.code, n.parent) for n in self.nodes.values())
        if getattr(self, "_cmap_key", None) != key:
            cmap: dict[str, list[str]] = {c: [] for c in self.nodes}
            for n in self.nodes.values():
                if n.parent is not None and n.parent in cmap:
                    cmap[n.parent].append(n.code)
            self._cmap, self._cmap_key = cmap, key
        return self._cmap

    def children(self, code: str) -> list[str]:
        return list(self._children_map()[code])

    def is_leaf(self, code: str) -> bool:
        return not self._children_map()[code]

    @property
    def leaves(self) -> list[str]:
        cmap = self._children_map()
        return [c for c in self.nodes if not cmap[c]]

    @property
    def aggregates(self) -> list[str]:
        cmap = self._children_map()
        return [c for c in self.nodes if cmap[c]]

    def depth(self, code: str) -> int:
        d, node = 0, self.nodes[code]
        while node.parent is not None:
            d, node = d + 1, self.nodes[node.parent]
        return d

    def post_order(self) -> list[str]:
        """Aggregates ordered so every node comes after all of its descendants."""
        return sorted(self.aggregates, key=self.depth, reverse=True)

    def label(self, code: str, lang: str = "id") -> str:
        return self.nodes[code].label(lang)

    def level_of(self) -> dict[str, int]:
        """COINr-style levels: leaves 1, each parent one above its highest child."""
        levels: dict[str, int] = {}

        def lvl(c: str) -> int:
            if c not in levels:
                ch = self.children(c)
                levels[c] = 1 if not ch else 1 + max(lvl(x) for x in ch)
            return levels[c]

        for c in self.nodes:
            lvl(c)
        return levels


def _node_from_dict(d: dict, src: str) -> Node:
    if "code" not in d:
        raise FrameworkError(f"{src}: a node has no 'code': {d}")
    code = str(d["code"])
    name = d.get("name") or {"id": code, "en": code}
    if isinstance(name, str):
        name = {"id": name, "en": name}
    norm = d.get("normalisation") or {"method": "none"}
    if isinstance(norm, str):
        norm = {"method": norm}
    if norm.get("method", "none") not in NORMALISATIONS:
        raise FrameworkError(f"{src}: node {code}: unknown normalisation {norm.get('method')!r}; "
                             f"known {list(NORMALISATIONS)}")
    agg = d.get("aggregation", "arithmetic")
    if agg not in AGGREGATIONS:
        raise FrameworkError(f"{src}: node {code}: unknown aggregation {agg!r}; "
                             f"known {list(AGGREGATIONS)}")
    try:
        weight = float(d.get("weight", 1.0))
    except (TypeError, ValueError):
        raise FrameworkError(
            f"{src}: node {code}: weight {d.get('weight')!r} is not a number") from None
    if weight < 0:
        raise FrameworkError(f"{src}: node {code}: weight {weight} is negative")
    direction = int(d.get("direction", 1))
    if direction not in (1, -1):
        raise FrameworkError(f"{src}: node {code}: direction must be 1 or -1, not {direction}")
    scale = d.get("scale")
    return Node(
        code=code, name=name, parent=None if d.get("parent") in (None, "") else str(d["parent"]),
        weight=weight, aggregation=agg, multiplier=float(d.get("multiplier", 1.0)),
        p=None if d.get("p") is None else float(d["p"]), min_share=float(d.get("min_share", 0.0)),
        scale=None if scale is None else (float(scale[0]), float(scale[1])), direction=direction,
        normalisation=norm, unit=d.get("unit"),
        attrs={k: v for k, v in d.items() if k not in _NODE_KEYS},
    )


def framework_from_dict(doc: dict, src: str = "<framework>") -> Framework:
    """Build and check a :class:`Framework` from a parsed YAML document."""
    if not isinstance(doc, dict) or "nodes" not in doc:
        raise FrameworkError(f"{src}: a framework needs a 'nodes' list")
    nodes: dict[str, Node] = {}
    for d in doc["nodes"]:
        node = _node_from_dict(d, src)
        if node.code in nodes:
            raise FrameworkError(f"{src}: node code {node.code!r} appears twice")
        nodes[node.code] = node
    fw = Framework(code=str(doc.get("code", Path(src).stem)), name=doc.get("name", {}),
                   nodes=nodes, source=doc.get("source", ""),
                   description=doc.get("description", {}), path=Path(src),
                   meta={k: v for k, v in doc.items()
                         if k not in {"code", "name", "nodes", "source", "description"}})
    check_framework(fw)
    return fw


def check_framework(fw: Framework) -> None:
    """One root, every parent exists, no cycles, aggregates have positive total weight."""
    src = fw.path or fw.code
    roots = [n.code for n in fw.nodes.values() if n.parent is None]
    if len(roots) != 1:
        raise FrameworkError(
            f"{src}: exactly one root (node without parent) expected, found {roots}")
    for n in fw.nodes.values():
        if n.parent is not None and n.parent not in fw.nodes:
            raise FrameworkError(f"{src}: node {n.code}: parent {n.parent!r} is not a node")
    for n in fw.nodes.values():
        seen, cur = {n.code}, n
        while cur.parent is not None:
            if cur.parent in seen:
                raise FrameworkError(f"{src}: cycle through node {n.code}")
            seen.add(cur.parent)
            cur = fw.nodes[cur.parent]
    for code in fw.aggregates:
        if sum(fw.nodes[c].weight for c in fw.children(code)) <= 0:
            raise FrameworkError(f"{src}: aggregate {code}: children weights sum to 0")


def read_framework_file(path: str | Path) -> Framework:
    """Parse a framework YAML file (safe loader: nothing in the file is executed)."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except YamlFileError as exc:
        raise FrameworkError(str(exc)) from None
    return framework_from_dict(doc, str(path))
