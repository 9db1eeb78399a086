"""Uncertain inputs of an index, declared by name, and their validation.

A spec (YAML file or dict) lists the inputs an uncertainty/sensitivity analysis varies::

    weight_sets: 100          # noisy weight sets drawn per weights input (COINr's Nrep)
    seed: 1                   # optional: seeds the weight noise and the Sobol sequence
    inputs:
      - name: weights         # any unique name; it labels the sensitivity table
        type: weights
        levels: {1: 0.25, 2: 0.25}    # COINr level (1 = indicators) -> ± fraction of each weight
      - name: weight_p1       # one node's weight (a pillar, a sub-dimension, an indicator)
        type: weights
        nodes: {p1: 0.25}     # node code -> ± fraction of its weight
      - name: normalisation
        type: normalisation
        alternatives:
          - {method: minmax, range: [1, 100]}
          - {method: goalpost}
      - name: goalposts       # moves the goalposts of a goalpost normalisation
        type: goalposts
        alternatives: [0, 0.1, {lower: 0.2, upper: 0}]
      - name: aggregation
        type: aggregation
        alternatives: [arithmetic, geometric]
      - {name: imputation, type: imputation}    # on / off
      - {name: treatment, type: treatment}      # on / off
      - name: outlier_test    # thresholds of the outlier treatment
        type: treatment_threshold
        alternatives: [{skew_thresh: 2, kurt_thresh: 3.5}, {skew_thresh: 1.5, kurt_thresh: 3}]

``inputs`` may also be a mapping ``name -> body``; a type may be given by its stage name
(``imputed``, ``treated``, ``normalised``, ``aggregated``). Every input is a discrete choice: a
sample value ``u`` in [0, 1) picks alternative ``floor(u · count)``. Weights follow COINr
(``get_noisy_weights``): ``weight_sets`` sets are drawn once, each weight of a perturbed level or
node multiplied by ``1 + fraction · U(−1, 1)``, and the input picks one set; a spec may hold as
many weights inputs as it likes (one per pillar, say), each node perturbed by one of them only.

The other types each change one stage, and each may appear once (a second imputation switch
would never be read: its Sobol indices would be exactly 0, so such a spec is refused):

* ``goalposts``: an alternative ``f`` moves both goalposts of every indicator outwards by ``f``
  of their span (negative: inwards), on the scale they are applied (the log scale for log
  goalposts); ``{lower: a, upper: b}`` moves each end on its own. It acts on the samples whose
  normalisation is ``goalpost`` (the pipeline's or an alternative's), with the goalposts that
  normalisation has (its own ``goalposts``, else the framework's);
* ``treatment_threshold``: each alternative sets ``skew_thresh``, ``kurt_thresh`` and/or
  ``winmax`` of the outlier treatment (COINr's test: treat when ``|skew| ≥ skew_thresh`` and
  kurtosis ``≥ kurt_thresh``; winsorise at most ``winmax`` points); it acts on the samples whose
  treatment is on.

:func:`validate_spec` checks every input against the pipeline before anything is sampled: an
input whose stage the pipeline does not have, an unknown method or type, a level or node the
framework does not have, a fraction outside [0, 1), a repeated switch or an input that could
never act is an error naming the input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.errors import WorkbenchError
from analysis.yamlio import YamlFileError, load_yaml

#: input type -> pipeline stage it changes
INPUT_STAGES = {"weights": "aggregated", "aggregation": "aggregated", "normalisation": "normalised",
                "imputation": "imputed", "treatment": "treated", "goalposts": "normalised",
                "treatment_threshold": "treated"}
#: stage names accepted as types too (``type: imputed`` = ``type: imputation``)
ALIASES = {"aggregated": "aggregation", "normalised": "normalisation", "imputed": "imputation",
           "treated": "treatment"}
SWITCHES = ("imputation", "treatment")
#: types that adjust the options of a stage another input (or the pipeline) chose
MODIFIERS = ("goalposts", "treatment_threshold")
#: options a treatment_threshold alternative may set, and their checks
TREATMENT_OPTIONS = {"skew_thresh": (float, 0.0), "kurt_thresh": (float, None), "winmax": (int, 0)}
_KEYS = {"name", "type", "alternatives", "levels", "nodes", "description"}
_SPEC_KEYS = {"inputs", "weight_sets", "seed", "description"}


class UncertaintySpecError(WorkbenchError):
    """An uncertainty spec is invalid (unknown input type, stage, method, level...)."""


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input: a discrete choice among ``alternatives``.

    For ``weights`` the alternatives are the indices of the noisy weight sets, ``levels`` maps a
    framework level and ``nodes`` a node code to the ± fraction; for switches they are
    ``(True, False)``; for ``goalposts`` ``{"lower": a, "upper": b}`` mappings; for
    ``treatment_threshold`` mappings of treatment options.
    """

    name: str
    type: str
    alternatives: tuple
    levels: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.alternatives)

    @property
    def stage(self) -> str:
        return INPUT_STAGES[self.type]

    def pick(self, u: np.ndarray) -> np.ndarray:
        """Alternative index for sample values ``u`` in [0, 1)."""
        return np.minimum((np.asarray(u) * self.count).astype(int), self.count - 1)

    def label(self, i: int) -> str:
        """Short text for alternative ``i`` (for tables and records)."""
        alt = self.alternatives[i]
        if self.type in SWITCHES:
            return "on" if alt else "off"
        if self.type == "weights":
            return f"set {alt}"
        if self.type == "goalposts":
            return f"lower {alt['lower']:+g}, upper {alt['upper']:+g}"
        if self.type == "treatment_threshold":
            return ", ".join(f"{k}={v:g}" for k, v in alt.items())
        if isinstance(alt, dict):
            opts = ", ".join(f"{k}={_short(v)}" for k, v in alt.items() if k != "method")
            return f"{alt['method']}({opts})" if opts else str(alt["method"])
        return str(alt)


def _short(value) -> str:
    """An option's value for a label; a long mapping or list (goalposts...) by its size."""
    if isinstance(value, (dict, list, tuple)) and len(value) > 4:
        return f"<{len(value)} {'entries' if isinstance(value, dict) else 'values'}>"
    return str(value)


@dataclass(frozen=True)
class UncertaintySpec:
    """A validated list of uncertain inputs plus the weight-set count and seed."""

    inputs: tuple[UncertainInput, ...]
    weight_sets: int = 100
    seed: int | None = None

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.inputs]


def read_spec(path) -> dict:
    """Parse a spec YAML file (safe loader; nothing is executed)."""
    path = Path(path)
    if not path.exists():
        raise UncertaintySpecError(f"{path}: uncertainty spec file not found")
    try:
        doc = load_yaml(path)
    except YamlFileError as exc:
        raise UncertaintySpecError(str(exc)) from None
    if not isinstance(doc, dict):
        raise UncertaintySpecError(
            f"{path}: an uncertainty spec is a mapping with an 'inputs' list")
    doc.setdefault("source", str(path))
    return doc


def _input_list(doc: dict, src: str) -> list[dict]:
    raw = doc.get("inputs")
    if isinstance(raw, dict):
        raw = [{"name": k, **(v or {})} for k, v in raw.items()]
    if not isinstance(raw, list) or not raw:
        raise UncertaintySpecError(f"{src}: 'inputs' must be a non-empty list of uncertain inputs")
    for i, d in enumerate(raw):
        if isinstance(d, str):
            raw[i] = {"name": d, "type": d}
        elif not isinstance(d, dict):
            raise UncertaintySpecError(f"{src}: input #{i + 1} is not a mapping: {d!r}")
    return raw


def _alternative_list(d: dict, kind: str, where: str, what: str) -> list:
    alts = d.get("alternatives")
    if not isinstance(alts, list) or len(alts) < 2:
        raise UncertaintySpecError(
            f"{where}: '{kind}' needs 'alternatives', a list of at least 2 {what}")
    return alts


def _alternatives(d: dict, kind: str, where: str, norm_methods, agg_methods) -> tuple:
    out = []
    for a in _alternative_list(d, kind, where, "methods"):
        a = {"method": a} if isinstance(a, str) else a
        if not isinstance(a, dict) or "method" not in a:
            raise UncertaintySpecError(f"{where}: alternative {a!r} needs a 'method'")
        known = norm_methods if kind == "normalisation" else agg_methods
        if a["method"] not in known:
            raise UncertaintySpecError(
                f"{where}: unknown {kind} method {a['method']!r}; known: {sorted(known)}")
        out.append(a if kind == "normalisation" else (a["method"] if len(a) == 1 else a))
    return tuple(out)


def _number(v, where: str, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v):
        raise UncertaintySpecError(f"{where}: {what} must be a finite number, not {v!r}")
    return float(v)


def _goalpost_alternatives(d: dict, where: str) -> tuple:
    """Each alternative: ``f`` (both ends move out by f of the span) or ``{lower, upper}``."""
    out = []
    for a in _alternative_list(d, "goalposts", where, "moves (a fraction, or lower/upper)"):
        if isinstance(a, dict):
            bad = set(a) - {"lower", "upper"}
            if bad:
                raise UncertaintySpecError(f"{where}: alternative {a!r}: unknown keys "
                                           f"{sorted(bad)}; known ['lower', 'upper']")
            lower = _number(a.get("lower", 0.0), where, f"alternative {a!r}: 'lower'")
            upper = _number(a.get("upper", 0.0), where, f"alternative {a!r}: 'upper'")
        else:
            lower = upper = _number(a, where, "a goalposts alternative")
        if not lower + upper > -1:
            raise UncertaintySpecError(
                f"{where}: alternative {a!r} would make the goalposts meet or cross (lower + upper "
                f"must be above -1, the whole span)")
        out.append({"lower": lower, "upper": upper})
    return tuple(out)


def _treatment_alternatives(d: dict, where: str) -> tuple:
    """Each alternative: a mapping of ``skew_thresh``, ``kurt_thresh``, ``winmax``."""
    out = []
    for a in _alternative_list(d, "treatment_threshold", where,
                               f"mappings of {sorted(TREATMENT_OPTIONS)}"):
        if not isinstance(a, dict) or not a:
            raise UncertaintySpecError(f"{where}: alternative {a!r} must be a mapping of "
                                       f"{sorted(TREATMENT_OPTIONS)}")
        bad = set(a) - set(TREATMENT_OPTIONS)
        if bad:
            raise UncertaintySpecError(f"{where}: alternative {a!r}: unknown keys {sorted(bad)}; "
                                       f"known {sorted(TREATMENT_OPTIONS)}")
        alt = {}
        for key, (kind, low) in TREATMENT_OPTIONS.items():
            if key not in a:
                continue
            v = _number(a[key], where, f"alternative {a!r}: {key!r}")
            if kind is int and v != int(v):
                raise UncertaintySpecError(f"{where}: alternative {a!r}: {key!r} must be a whole "
                                           f"number of points, not {a[key]!r}")
            if low is not None and v < low:
                raise UncertaintySpecError(
                    f"{where}: alternative {a!r}: {key!r} must be at least {low:g}")
            alt[key] = kind(v)
        out.append(alt)
    return tuple(out)


def _fraction(v, where: str, what: str) -> float:
    try:
        frac = float(v)
    except (TypeError, ValueError):
        raise UncertaintySpecError(f"{where}: {what}: {v!r} is not a fraction") from None
    if not 0 <= frac < 1:
        raise UncertaintySpecError(f"{where}: {what}: fraction {frac} must be in [0, 1)")
    return frac


def _levels(d: dict, where: str, levels_ok) -> dict:
    lv = d.get("levels")
    if lv is None:
        return {}
    if not isinstance(lv, dict) or not lv:
        raise UncertaintySpecError(
            f"{where}: 'levels' must be a mapping level -> ± fraction")
    out = {}
    for k, v in lv.items():
        try:
            level, frac = int(k), float(v)
        except (TypeError, ValueError):
            raise UncertaintySpecError(
                f"{where}: level {k!r}: {v!r} is not 'level: fraction'") from None
        if level not in levels_ok:
            raise UncertaintySpecError(
                f"{where}: the framework has no weighted level {level}; "
                f"weighted levels: {sorted(levels_ok)}")
        out[level] = _fraction(frac, where, f"level {level}")
    return out


def _nodes(d: dict, where: str, node_levels) -> dict:
    nd = d.get("nodes")
    if nd is None:
        return {}
    if not isinstance(nd, dict) or not nd:
        raise UncertaintySpecError(f"{where}: 'nodes' must be a mapping node code -> ± fraction")
    out = {}
    for k, v in nd.items():
        code = str(k)
        if node_levels is not None and code not in node_levels:
            some = ", ".join(list(node_levels)[:8])
            raise UncertaintySpecError(
                f"{where}: the framework has no weighted node {code!r} (the root carries no "
                f"weight); weighted nodes include {some}")
        out[code] = _fraction(v, where, f"node {code!r}")
    return out


def _check_weight_targets(name: str, where: str, levels: dict, nodes: dict, node_levels,
                          used: dict) -> None:
    """Every node's weight is perturbed by one input at most; ``used``: node -> input name."""
    if not levels and not nodes:
        raise UncertaintySpecError(
            f"{where}: 'weights' needs 'levels' (level -> ± fraction) or 'nodes' (node code -> "
            f"± fraction)")
    if node_levels is None:  # no framework given: check levels against levels only
        targets = [(f"level {lv}", f"level {lv}") for lv in levels] + \
                  [(c, f"node {c!r}") for c in nodes]
    else:
        targets = [(c, f"node {c!r} (level {lv})") for c, lv in node_levels.items()
                   if lv in levels] + [(c, f"node {c!r}") for c in nodes]
    for key, what in targets:
        if key in used and used[key] != name:
            raise UncertaintySpecError(f"{where}: {what} is already perturbed by input "
                                       f"{used[key]!r}")
        if key in used:
            raise UncertaintySpecError(f"{where}: {what} is listed both by level and by node")
        used[key] = name


def validate_spec(doc: dict, stages, norm_methods, agg_methods, weight_levels,
                  node_levels: dict | None = None, normalisations=None,
                  treatment_method: str | None = None) -> UncertaintySpec:
    """Check a spec against the pipeline and framework; return the :class:`UncertaintySpec`.

    ``stages``: the pipeline's stage names; ``norm_methods``/``agg_methods``: known method names;
    ``weight_levels``: framework levels whose nodes carry weights (every level below the root);
    ``node_levels``: weighted node code -> its level (to check ``nodes`` and overlaps);
    ``normalisations``: the pipeline's normalisation method (to check that a ``goalposts``
    input can act); ``treatment_method``: the pipeline's treatment method (likewise for
    ``treatment_threshold``).
    """
    src = doc.get("source", "uncertainty spec")
    unknown = set(doc) - _SPEC_KEYS - {"source"}
    if unknown:
        raise UncertaintySpecError(
            f"{src}: unknown keys {sorted(unknown)}; known {sorted(_SPEC_KEYS)}")
    nsets = doc.get("weight_sets", 100)
    if not isinstance(nsets, int) or nsets < 2:
        raise UncertaintySpecError(f"{src}: 'weight_sets' must be an integer >= 2, not {nsets!r}")
    inputs, names, weighted, kinds = [], set(), {}, {}
    for d in _input_list(doc, src):
        name = str(d.get("name") or d.get("type") or "")
        kind = d.get("type", name)
        kind = ALIASES.get(kind, kind)
        where = f"{src}: input {name!r}"
        if kind not in INPUT_STAGES:
            raise UncertaintySpecError(
                f"{where}: unknown type {kind!r}; known {sorted(INPUT_STAGES)}")
        bad = set(d) - _KEYS
        if bad:
            raise UncertaintySpecError(
                f"{where}: unknown keys {sorted(bad)}; known {sorted(_KEYS)}")
        if name in names:
            raise UncertaintySpecError(f"{where}: the name appears twice")
        if INPUT_STAGES[kind] not in stages:
            raise UncertaintySpecError(
                f"{where}: type {kind!r} perturbs stage {INPUT_STAGES[kind]!r}, which the pipeline "
                f"does not have (its stages: {list(stages)}); remove the input or add the stage")
        if kind != "weights" and kind in kinds:
            raise UncertaintySpecError(
                f"{where}: type {kind!r} is already varied by input {kinds[kind]!r}; a second "
                f"{kind} input would never be read (its Sobol indices would be exactly 0): "
                f"declare each {kind} input once, with all its alternatives")
        if kind == "weights" and "alternatives" in d:
            raise UncertaintySpecError(f"{where}: 'weights' takes 'levels' and/or 'nodes', not "
                                       f"'alternatives' (the weight sets are drawn)")
        if kind != "weights" and ("levels" in d or "nodes" in d):
            raise UncertaintySpecError(f"{where}: 'levels' and 'nodes' belong to 'weights' "
                                       f"inputs, not to {kind!r}")
        names.add(name)
        kinds.setdefault(kind, name)
        levels, nodes = {}, {}
        if kind in SWITCHES:
            alts = (True, False)
        elif kind == "weights":
            levels = _levels(d, where, weight_levels)
            nodes = _nodes(d, where, node_levels)
            _check_weight_targets(name, where, levels, nodes, node_levels, weighted)
            alts = tuple(range(nsets))
        elif kind == "goalposts":
            alts = _goalpost_alternatives(d, where)
        elif kind == "treatment_threshold":
            alts = _treatment_alternatives(d, where)
        else:
            alts = _alternatives(d, kind, where, norm_methods, agg_methods)
        inputs.append(UncertainInput(name, kind, alts, levels, nodes))
    _check_modifiers(src, inputs, normalisations, treatment_method)
    seed = doc.get("seed")
    return UncertaintySpec(tuple(inputs), nsets, None if seed is None else int(seed))


def _check_modifiers(src: str, inputs, normalisation, treatment_method) -> None:
    """A goalposts or treatment_threshold input must be able to act on some sample."""
    by_type = {i.type: i for i in inputs}
    if "goalposts" in by_type and normalisation is not None:
        methods = {normalisation}
        if "normalisation" in by_type:
            methods |= {a["method"] for a in by_type["normalisation"].alternatives}
        if "goalpost" not in methods:
            raise UncertaintySpecError(
                f"{src}: input {by_type['goalposts'].name!r} moves goalposts, but no sample "
                f"normalises by goalposts (normalisation methods: {sorted(methods)}); add "
                f"{{method: goalpost}} to the normalisation alternatives or remove the input")
    if ("treatment_threshold" in by_type and treatment_method is not None
            and treatment_method != "coinr"):
        raise UncertaintySpecError(
            f"{src}: input {by_type['treatment_threshold'].name!r} varies the outlier test, but "
            f"the pipeline's treatment method is {treatment_method!r}, which has no test; use "
            f"method coinr or remove the input")


def noisy_weight_factors(levels: dict, node_levels: dict, nodes: list[str], nsets: int,
                         rng: np.random.Generator, node_fractions: dict | None = None
                         ) -> np.ndarray:
    """``nsets`` × nodes multiplicative factors ``1 + fraction · U(−1, 1)`` (1 off the levels
    and nodes perturbed); ``node_fractions`` (code -> fraction) perturbs single nodes."""
    by_node = node_fractions or {}
    frac = np.array([by_node.get(c, levels.get(node_levels[c], 0.0)) for c in nodes])
    return 1.0 + frac[None, :] * rng.uniform(-1.0, 1.0, size=(nsets, len(nodes)))
