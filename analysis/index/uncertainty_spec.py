"""Uncertain inputs of an index, declared by name, and their validation.

A spec (YAML file or dict) lists the inputs an uncertainty/sensitivity analysis varies::

    weight_sets: 100          # noisy weight sets drawn per weights input (COINr's Nrep)
    seed: 1                   # optional: seeds the weight noise and the Sobol sequence
    inputs:
      - name: weights         # any unique name; it labels the sensitivity table
        type: weights
        levels: {1: 0.25, 2: 0.25}    # COINr level (1 = indicators) -> ± fraction of each weight
      - name: normalisation
        type: normalisation
        alternatives:
          - {method: minmax, min: 1, max: 100}
          - {method: zscore, mean: 10, sd: 2}
      - name: aggregation
        type: aggregation
        alternatives: [arithmetic, geometric]
      - {name: imputation, type: imputation}    # on / off
      - {name: treatment, type: treatment}      # on / off

``inputs`` may also be a mapping ``name -> body``; a type may be given by its stage name
(``imputed``, ``treated``, ``normalised``, ``aggregated``). Every input is a discrete choice: a
sample value ``u`` in [0, 1) picks alternative ``floor(u · count)``. Weights follow COINr
(``get_noisy_weights``): ``weight_sets`` sets are drawn once, each weight of a perturbed level
multiplied by ``1 + fraction · U(−1, 1)``, and the input picks one set.

:func:`validate_spec` checks every input against the pipeline before anything is sampled: an
input whose stage the pipeline does not have, an unknown method or type, a level the framework
does not have, or a fraction outside [0, 1) is an error naming the input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.errors import WorkbenchError
from analysis.yamlio import YamlFileError, load_yaml

#: input type -> pipeline stage it changes
INPUT_STAGES = {"weights": "aggregated", "aggregation": "aggregated", "normalisation": "normalised",
                "imputation": "imputed", "treatment": "treated"}
#: stage names accepted as types too (``type: imputed`` = ``type: imputation``)
ALIASES = {stage: kind for kind, stage in INPUT_STAGES.items() if kind != "weights"}
SWITCHES = ("imputation", "treatment")
_KEYS = {"name", "type", "alternatives", "levels", "description"}
_SPEC_KEYS = {"inputs", "weight_sets", "seed", "description"}


class UncertaintySpecError(WorkbenchError):
    """An uncertainty spec is invalid (unknown input type, stage, method, level...)."""


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input: a discrete choice among ``alternatives``.

    For ``weights`` the alternatives are the indices of the noisy weight sets and ``levels``
    maps a framework level to the ± fraction; for switches they are ``(True, False)``.
    """

    name: str
    type: str
    alternatives: tuple
    levels: dict = field(default_factory=dict)

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
        if isinstance(alt, dict):
            opts = ", ".join(f"{k}={v}" for k, v in alt.items() if k != "method")
            return f"{alt['method']}({opts})" if opts else str(alt["method"])
        return str(alt)


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


def _alternatives(d: dict, kind: str, where: str, norm_methods, agg_methods) -> tuple:
    alts = d.get("alternatives")
    if not isinstance(alts, list) or len(alts) < 2:
        raise UncertaintySpecError(
            f"{where}: '{kind}' needs 'alternatives', a list of at least 2 methods")
    out = []
    for a in alts:
        a = {"method": a} if isinstance(a, str) else a
        if not isinstance(a, dict) or "method" not in a:
            raise UncertaintySpecError(f"{where}: alternative {a!r} needs a 'method'")
        known = norm_methods if kind == "normalisation" else agg_methods
        if a["method"] not in known:
            raise UncertaintySpecError(
                f"{where}: unknown {kind} method {a['method']!r}; known: {sorted(known)}")
        out.append(a if kind == "normalisation" else (a["method"] if len(a) == 1 else a))
    return tuple(out)


def _levels(d: dict, where: str, levels_ok) -> dict:
    lv = d.get("levels")
    if not isinstance(lv, dict) or not lv:
        raise UncertaintySpecError(
            f"{where}: 'weights' needs 'levels', a mapping level -> ± fraction")
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
        if not 0 <= frac < 1:
            raise UncertaintySpecError(f"{where}: level {level}: fraction {frac} must be in [0, 1)")
        out[level] = frac
    return out


def validate_spec(doc: dict, stages, norm_methods, agg_methods, weight_levels) -> UncertaintySpec:
    """Check a spec against the pipeline and framework; return the :class:`UncertaintySpec`.

    ``stages``: the pipeline's stage names; ``norm_methods``/``agg_methods``: known method names;
    ``weight_levels``: framework levels whose nodes carry weights (every level below the root).
    """
    src = doc.get("source", "uncertainty spec")
    unknown = set(doc) - _SPEC_KEYS - {"source"}
    if unknown:
        raise UncertaintySpecError(
            f"{src}: unknown keys {sorted(unknown)}; known {sorted(_SPEC_KEYS)}")
    nsets = doc.get("weight_sets", 100)
    if not isinstance(nsets, int) or nsets < 2:
        raise UncertaintySpecError(f"{src}: 'weight_sets' must be an integer >= 2, not {nsets!r}")
    inputs, names, levels_used = [], set(), {}
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
        names.add(name)
        levels = {}
        if kind in SWITCHES:
            alts = (True, False)
        elif kind == "weights":
            levels = _levels(d, where, weight_levels)
            for lv in levels:
                if lv in levels_used:
                    raise UncertaintySpecError(f"{where}: level {lv} is already perturbed by input "
                                               f"{levels_used[lv]!r}")
                levels_used[lv] = name
            alts = tuple(range(nsets))
        else:
            alts = _alternatives(d, kind, where, norm_methods, agg_methods)
        inputs.append(UncertainInput(name, kind, alts, levels))
    if (sum(i.type == "normalisation" for i in inputs) > 1
            or sum(i.type == "aggregation" for i in inputs) > 1):
        raise UncertaintySpecError(f"{src}: at most one normalisation and one aggregation input")
    seed = doc.get("seed")
    return UncertaintySpec(tuple(inputs), nsets, None if seed is None else int(seed))


def noisy_weight_factors(levels: dict, node_levels: dict, nodes: list[str], nsets: int,
                         rng: np.random.Generator) -> np.ndarray:
    """``nsets`` × nodes multiplicative factors ``1 + fraction · U(−1, 1)`` (1 off the levels)."""
    frac = np.array([levels.get(node_levels[c], 0.0) for c in nodes])
    return 1.0 + frac[None, :] * rng.uniform(-1.0, 1.0, size=(nsets, len(nodes)))
