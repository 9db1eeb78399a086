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

import math
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


# Bounds on a framework's numbers. A weight is relative within its parent and a multiplier
# scales an aggregate (100 for an index on 0-100): beyond a million either is a typo or a hostile
# file (1e308 overflows the weighted sums, and every result would come out missing). A
# generalised mean's order beyond 100 overflows x**p for ordinary scores.
MAX_WEIGHT = 1e6
MAX_MULTIPLIER = 1e6
MAX_P = 100.0


def _where(src: str, code, key: str, value) -> str:
    """The start of a message: file, node, key and the value found."""
    node = f"node {code!r}, " if code is not None else ""
    return f"{src}: {node}key {key!r}, value {value!r}"


def _number(d: dict, key: str, src: str, code, default: float | None, rule: str,
            ok=lambda v: True) -> float | None:
    """``d[key]`` as a finite float obeying ``ok``; else a message naming file, node, key, value
    and ``rule``. Booleans are not numbers here (YAML reads ``yes`` as true)."""
    value = d.get(key)
    if value is None:
        return default
    try:
        if isinstance(value, bool):
            raise ValueError
        x = float(value)
    except (TypeError, ValueError):
        raise FrameworkError(f"{_where(src, code, key, value)}: not a number; {rule}") from None
    if not math.isfinite(x) or not ok(x):
        raise FrameworkError(f"{_where(src, code, key, value)}: {rule}")
    return x


def _pair(value, src: str, code, key: str) -> tuple[float, float]:
    """A ``[lo, hi]`` range of two finite numbers with lo < hi (``scale``, ``limits``)."""
    rule = "must be a list of two finite numbers [low, high] with low < high"
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise FrameworkError(f"{_where(src, code, key, value)}: {rule}")
    try:
        if any(isinstance(v, bool) for v in value):
            raise ValueError
        lo, hi = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        raise FrameworkError(f"{_where(src, code, key, value)}: {rule}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise FrameworkError(f"{_where(src, code, key, value)}: {rule}")
    return lo, hi


def _direction(d: dict, src: str, code) -> int:
    value = d.get("direction", 1)
    rule = "must be 1 (higher is better) or -1 (lower is better)"
    try:
        if isinstance(value, bool):
            raise ValueError
        x = float(str(value).strip())
    except (TypeError, ValueError):
        raise FrameworkError(f"{_where(src, code, 'direction', value)}: {rule}") from None
    if x not in (1.0, -1.0):
        raise FrameworkError(f"{_where(src, code, 'direction', value)}: {rule}")
    return int(x)


def _normalisation(d: dict, src: str, code) -> dict:
    norm = d.get("normalisation") or {"method": "none"}
    if isinstance(norm, str):
        norm = {"method": norm}
    if not isinstance(norm, dict):
        raise FrameworkError(f"{_where(src, code, 'normalisation', norm)}: must be a method name "
                             f"or a mapping such as {{method: goalpost, min: 0, max: 100}}")
    method = norm.get("method", "none")
    if not isinstance(method, str) or method not in NORMALISATIONS:
        raise FrameworkError(f"{_where(src, code, 'normalisation.method', method)}: unknown "
                             f"normalisation; known {list(NORMALISATIONS)}")
    if method == "goalpost":
        log = bool(norm.get("log", False))
        rule = "a goalpost must be a finite number" + (" > 0 (log: true)" if log else "")
        positive = (lambda v: v > 0) if log else (lambda v: True)
        lo = _number(norm, "min", src, code, None, rule, positive)
        hi = _number(norm, "max", src, code, None, rule, positive)
        for key, v in (("min", lo), ("max", hi)):
            if v is None:
                raise FrameworkError(f"{_where(src, code, 'normalisation.' + key, None)}: "
                                     f"a goalpost normalisation needs both min and max")
        if not lo < hi:
            raise FrameworkError(
                f"{_where(src, code, 'normalisation', {'min': norm['min'], 'max': norm['max']})}:"
                f" goalpost min must be below max (the score is (x - min)/(max - min); with "
                f"min >= max it divides by zero or runs backwards; use direction: -1 for "
                f"lower-is-better)")
    return norm


def _text(value, src: str, code, key: str) -> str:
    """A scalar code (text or number), never a list or mapping."""
    if isinstance(value, (dict, list, tuple, set, bool)) or str(value).strip() == "":
        raise FrameworkError(f"{_where(src, code, key, value)}: must be a non-empty code "
                             f"(text), not {type(value).__name__}")
    return str(value)


def _node_from_dict(d: dict, src: str, pos: int = 0) -> Node:
    if not isinstance(d, dict):
        raise FrameworkError(
            f"{src}: nodes entry {pos + 1} is {type(d).__name__} {d!r}, not a mapping; each node "
            f"is a mapping with at least 'code' (e.g. '- code: a' / '  parent: root')")
    if "code" not in d:
        raise FrameworkError(f"{src}: nodes entry {pos + 1} has no 'code' (keys: "
                             f"{sorted(map(str, d))})")
    code = _text(d["code"], src, None, "code")
    name = d.get("name") or {"id": code, "en": code}
    if isinstance(name, str):
        name = {"id": name, "en": name}
    if not isinstance(name, dict):
        raise FrameworkError(f"{_where(src, code, 'name', name)}: must be text or a mapping "
                             f"{{id: ..., en: ...}}")
    norm = _normalisation(d, src, code)
    agg = d.get("aggregation", "arithmetic")
    if not isinstance(agg, str) or agg not in AGGREGATIONS:
        raise FrameworkError(f"{_where(src, code, 'aggregation', agg)}: unknown aggregation; "
                             f"known {list(AGGREGATIONS)}")
    weight = _number(d, "weight", src, code, 1.0,
                     f"a weight must be a finite number >= 0 (not negative) and at most "
                     f"{MAX_WEIGHT:g}",
                     lambda v: 0 <= v <= MAX_WEIGHT)
    multiplier = _number(d, "multiplier", src, code, 1.0,
                         f"a multiplier must be a finite number other than 0, at most "
                         f"{MAX_MULTIPLIER:g} in size",
                         lambda v: v != 0 and abs(v) <= MAX_MULTIPLIER)
    p = _number(d, "p", src, code, None,
                f"the order p of a generalised mean must be a finite number from {-MAX_P:g} to "
                f"{MAX_P:g}", lambda v: abs(v) <= MAX_P)
    min_share = _number(d, "min_share", src, code, 0.0,
                        "min_share must be a finite number from 0 to 1", lambda v: 0 <= v <= 1)
    scale = d.get("scale")
    if "limits" in d:
        _pair(d["limits"], src, code, "limits")
    parent = d.get("parent")
    return Node(
        code=code, name=name,
        parent=None if parent in (None, "") else _text(parent, src, code, "parent"),
        weight=weight, aggregation=agg, multiplier=multiplier, p=p, min_share=min_share,
        scale=None if scale is None else _pair(scale, src, code, "scale"),
        direction=_direction(d, src, code), normalisation=norm, unit=d.get("unit"),
        attrs={k: v for k, v in d.items() if k not in _NODE_KEYS},
    )


def framework_from_dict(doc: dict, src: str = "<framework>") -> Framework:
    """Build and check a :class:`Framework` from a parsed YAML document."""
    if not isinstance(doc, dict) or "nodes" not in doc:
        raise FrameworkError(f"{src}: a framework needs a 'nodes' list")
    if not isinstance(doc["nodes"], list) or not doc["nodes"]:
        raise FrameworkError(
            f"{src}: key 'nodes', value {doc['nodes']!r}: must be a non-empty list of node "
            f"mappings (each line '- code: ...')")
    for key in ("scale", "limits"):
        if doc.get(key) is not None:
            _pair(doc[key], src, None, key)
    _check_weight_sets(doc.get("weight_sets"), src)
    nodes: dict[str, Node] = {}
    for pos, d in enumerate(doc["nodes"]):
        node = _node_from_dict(d, src, pos)
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


def _check_weight_sets(sets, src: str) -> None:
    """Named weight sets (``weight_sets: {name: {node: weight}}``) obey the node weight rule."""
    if sets is None:
        return
    if not isinstance(sets, dict) or not all(isinstance(v, dict) for v in sets.values()):
        raise FrameworkError(f"{src}: key 'weight_sets', value {sets!r}: must map a set name to "
                             f"{{node code: weight}}")
    for name, ws in sets.items():
        for code, w in ws.items():
            key = f"weight_sets.{name}"
            _number({key: w}, key, src, code, None,
                    f"a weight must be a finite number >= 0 and at most {MAX_WEIGHT:g}",
                    lambda v: 0 <= v <= MAX_WEIGHT)


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
        kids = fw.children(code)
        if not sum(fw.nodes[c].weight for c in kids) > 0:
            raise FrameworkError(
                f"{src}: node {code!r}: the weights of its children {kids[:10]} are all 0; at "
                f"least one child needs a weight above 0")


def read_framework_file(path: str | Path) -> Framework:
    """Parse a framework YAML file (safe loader: nothing in the file is executed)."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except YamlFileError as exc:
        raise FrameworkError(str(exc)) from None
    return framework_from_dict(doc, str(path))
