"""The index pipeline: COINr's named stages run in order, every option recorded for replay.

``raw → denominated → imputed → screened → treated → normalised → aggregated``; a stage absent
from the pipeline spec is skipped. See ``analysis.index`` for the spec layout and the API.
:func:`run_pipeline` resolves every option (weights, directions, goalposts, denominators) into
``PipelineResult.record``, so :func:`replay` reproduces a run without consulting any default.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataValidationError, WorkbenchError
from analysis.frameworks.model import Framework
from analysis.index import stages as st
from analysis.index.rank import rank_desc
from analysis.paths import PACKAGE_DIR
from analysis.yamlio import YamlFileError, load_yaml

STAGES = ("raw", "denominated", "imputed", "screened", "treated", "normalised", "aggregated")
PIPELINES_DIR = PACKAGE_DIR / "pipelines"
RECORD_VERSION = 1
_NA = {"", "NA", "NaN", "nan", "N/A", "#N/A"}
#: Options each stage accepts (anything else in a spec is an error, never ignored).
OPTIONS = {
    "denominated": {"by"},
    "imputed": {"method", "group"},
    "screened": {"method", "min_share", "nonzero_share", "removed"},
    "treated": {"method", "winmax", "skew_thresh", "kurt_thresh", "log", "skip"},
    "normalised": {"method", "directions", "range", "mean", "sd", "goalposts", "log", "truncate",
                   "scale", "targets", "cap"},
    "aggregated": {"method", "by_level", "by_node", "p", "min_share", "dat_thresh", "weights",
                   "weight_set"},
}


class PipelineError(WorkbenchError):
    """A pipeline spec is invalid or cannot run on the data given."""


def list_pipelines() -> list[str]:
    """Names of the built-in pipelines."""
    return sorted(p.stem for p in PIPELINES_DIR.glob("*.yaml"))


def load_pipeline(name_or_path) -> dict:
    """A built-in pipeline by name (``coinr-example``) or a pipeline YAML file by path."""
    p = Path(str(name_or_path))
    if not (p.suffix.lower() in (".yaml", ".yml") and p.exists()):
        p = PIPELINES_DIR / f"{name_or_path}.yaml"
        if not p.exists():
            raise PipelineError(f"unknown pipeline {str(name_or_path)!r}: neither a file nor one "
                                f"of {list_pipelines()}")
    try:
        spec = load_yaml(p)
    except YamlFileError as exc:
        raise PipelineError(str(exc)) from None
    check_pipeline(spec, str(p))
    spec.setdefault("name", p.stem)
    return spec


def check_pipeline(spec, src: str = "<pipeline>") -> None:
    """A spec is a mapping with a ``stages`` mapping of known stage names to option mappings."""
    if not isinstance(spec, dict) or not isinstance(spec.get("stages", {}), dict):
        raise PipelineError(f"{src}: a pipeline is a mapping with a 'stages' mapping")
    for name, opts in spec.get("stages", {}).items():
        if name not in STAGES[1:]:
            raise PipelineError(f"{src}: unknown stage {name!r}; stages are {list(STAGES[1:])}")
        if opts is not None and not isinstance(opts, dict):
            raise PipelineError(f"{src}: options of stage {name!r} must be a mapping")
        unknown = sorted(set(opts or {}) - OPTIONS[name])
        if unknown:
            raise PipelineError(f"{src}: stage {name!r} has unknown options {unknown}; "
                                f"known {sorted(OPTIONS[name])}")


@dataclass
class PipelineResult:
    """Every stage's units × columns frame, the replayable record and treatment details."""

    stages: dict
    record: dict
    framework: Framework
    unit_col: str
    treat_details: pd.DataFrame | None = None
    plan: st.AggregationPlan | None = None

    @property
    def scores(self) -> pd.Series:
        """The root column of the aggregated stage."""
        return self.stages["aggregated"][self.framework.root]

    @property
    def ranks(self) -> pd.Series:
        """Rank of the root score, 1 = best (ties share the lowest rank)."""
        return rank_desc(self.scores)


def numeric_frame(df: pd.DataFrame, columns: list[str], file: str = "<data>") -> pd.DataFrame:
    """Columns as floats; empty/NA cells become NaN, any other non-number is an error naming
    file, row (line in the file, header = 1), column and value."""
    out = {}
    for c in columns:
        s = df[c]
        if s.dtype == object:
            txt = s.astype(str).str.strip()
            empty = s.isna() | txt.isin(_NA)
            num = pd.to_numeric(txt.where(~empty, None), errors="coerce")
            bad = num.isna() & ~empty
            if bad.any():
                pos = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataValidationError(file, "not a number", pos + 2, c, s.iloc[pos])
            out[c] = num.to_numpy(float)
        else:
            out[c] = pd.to_numeric(s).to_numpy(float)
    return pd.DataFrame(out, index=df.index)


def _unit_col(data, framework, spec, unit_col):
    col = unit_col or spec.get("unit_col") or framework.meta.get("unit_col")
    if not col:
        col = "kode_kemendagri" if "kode_kemendagri" in data.columns else data.columns[0]
    if col not in data.columns:
        raise PipelineError(f"the data have no unit column {col!r}; "
                            f"columns: {list(data.columns)[:12]}")
    return col


def _raw(framework, data, unit_col, file):
    leaves = framework.leaves
    missing = [c for c in leaves if c not in data.columns]
    if missing:
        raise PipelineError(f"the data lack indicator columns {missing[:10]}"
                            f"{' ...' if len(missing) > 10 else ''} "
                            f"of framework {framework.code!r}")
    d = data.reset_index(drop=True)
    units = d[unit_col].astype(str).str.strip()
    dup = units[units.duplicated()]
    if len(dup):
        raise DataValidationError(file, "duplicate unit code", int(dup.index[0]) + 2, unit_col,
                                  dup.iloc[0])
    X = numeric_frame(d, leaves, file)
    X.index = pd.Index(units.to_numpy(), name=unit_col)
    d.index = X.index
    return X, d


def _resolve_weights(framework, spec, opts, weights):
    """{node: weight} from ``weights`` arg > stage option (framework|equal|set name|mapping)."""
    if weights is not None:
        return ({c: float(weights.get(c, framework.nodes[c].weight)) for c in framework.nodes},
                "custom")
    w = opts.get("weights", "framework")
    if isinstance(w, dict):
        return {c: float(w.get(c, framework.nodes[c].weight)) for c in framework.nodes}, "custom"
    if w == "framework":
        return {c: n.weight for c, n in framework.nodes.items()}, w
    if w == "equal":
        return {c: 1.0 for c in framework.nodes}, w
    sets = {**framework.meta.get("weight_sets", {}), **spec.get("weight_sets", {})}
    if w not in sets:
        raise PipelineError(f"unknown weight set {w!r}; known: framework, equal, {sorted(sets)}")
    unknown = [c for c in sets[w] if c not in framework.nodes]
    if unknown:
        raise PipelineError(f"weight set {w!r} names codes {unknown} that are not nodes")
    return {c: float(sets[w].get(c, framework.nodes[c].weight)) for c in framework.nodes}, w


def _attr(node, *names):
    for n in names:
        v = node.attrs.get(n)
        if v not in (None, "", "NA"):
            return v
    return None


def _resolve_norm(framework, opts, cols):
    o = copy.deepcopy(opts)
    o.setdefault("method", "minmax")
    if "directions" not in o:
        o["directions"] = {c: framework.nodes[c].direction for c in cols}
    if o["method"] == "minmax":
        o["range"] = list(o.get("range", [0, 100]))
    if o["method"] == "zscore":
        o.setdefault("mean", 0.0)
        o.setdefault("sd", 1.0)
    if o["method"] == "goalpost" and "goalposts" not in o:
        gp, lg = {}, {}
        for c in cols:
            nm = framework.nodes[c].normalisation or {}
            if "min" in nm and "max" in nm:
                gp[c] = [float(nm["min"]), float(nm["max"])]
                lg[c] = bool(nm.get("log", False))
        o["goalposts"] = gp
        o.setdefault("log", lg)
    if o["method"] == "goalpost":
        o.setdefault("truncate", True)
        o.setdefault("scale", 1.0)
    if o["method"] == "dist_target":
        if "targets" not in o:
            o["targets"] = {c: _num(_attr(framework.nodes[c], "Target", "target")) for c in cols}
        o.setdefault("cap", False)
    return o


def _groups(s: pd.Series) -> pd.Series:
    """Group labels as text; empty/NA cells mean "no group" (such units are not imputed)."""
    txt = s.astype(object).where(s.notna(), None)
    return txt.map(lambda v: None if v is None or str(v).strip() in _NA else str(v).strip())


def _num(v):
    return None if v is None else float(v)


def run_pipeline(framework: Framework, data: pd.DataFrame, pipeline, unit_col: str | None = None,
                 weights: dict | None = None, file: str = "<data>") -> PipelineResult:
    """Run ``pipeline`` (spec dict, built-in name or YAML path) over ``data`` (see module doc)."""
    spec = load_pipeline(pipeline) if isinstance(pipeline, (str, Path)) else copy.deepcopy(pipeline)
    check_pipeline(spec)
    sp = {k: (v or {}) for k, v in spec.get("stages", {}).items()}
    ucol = _unit_col(data, framework, spec, unit_col)
    X, full = _raw(framework, data, ucol, file)
    record = {"version": RECORD_VERSION, "pipeline": spec.get("name", "<inline>"),
              "framework": framework.code, "unit_col": ucol, "indicators": list(X.columns),
              "stages": {}}
    out, details, plan = {"raw": X}, None, None
    if "denominated" in sp:
        X, record["stages"]["denominated"] = _denominated(framework, full, X, sp["denominated"])
        out["denominated"] = X
    if "imputed" in sp:
        o = {"method": sp["imputed"].get("method", "mean"), "group": sp["imputed"].get("group")}
        if o["group"] is not None and o["group"] not in full.columns:
            raise PipelineError(f"imputed: group column {o['group']!r} is not in the data")
        X = st.impute(X, o["method"], None if o["group"] is None else _groups(full[o["group"]]))
        out["imputed"], record["stages"]["imputed"] = X, o
    if "screened" in sp:
        o = {"method": sp["screened"].get("method", "byNA"),
             "min_share": float(sp["screened"].get("min_share", 0.9)),
             "nonzero_share": sp["screened"].get("nonzero_share")}
        X, removed = st.screen(X, o["min_share"], o["method"], o["nonzero_share"])
        out["screened"], record["stages"]["screened"] = X, {**o, "removed": removed}
    if "treated" in sp:
        o = {"method": sp["treated"].get("method", "coinr"),
             "winmax": int(sp["treated"].get("winmax", 5)),
             "skew_thresh": float(sp["treated"].get("skew_thresh", 2.0)),
             "kurt_thresh": float(sp["treated"].get("kurt_thresh", 3.5)),
             "log": bool(sp["treated"].get("log", True)),
             "skip": list(sp["treated"].get("skip", []))}
        if o["method"] not in ("coinr", "none"):
            raise PipelineError(f"treated: unknown method {o['method']!r}; known coinr, none")
        if o["method"] == "coinr":
            X, details = st.treat(X, o["winmax"], o["skew_thresh"], o["kurt_thresh"], o["log"],
                                  o["skip"])
        out["treated"], record["stages"]["treated"] = X, o
    if "normalised" in sp:
        o = _resolve_norm(framework, sp["normalised"], list(X.columns))
        kw = {k: v for k, v in o.items() if k not in ("method", "directions")}
        X = st.normalise(X, o["method"], pd.Series(o["directions"], dtype=float), **kw)
        out["normalised"], record["stages"]["normalised"] = X, o
    if "aggregated" in sp:
        a = sp["aggregated"]
        wts, wname = _resolve_weights(framework, spec, a, weights)
        o = {"method": a.get("method"), "by_level": a.get("by_level"), "by_node": a.get("by_node"),
             "p": a.get("p"), "min_share": a.get("min_share"),
             "dat_thresh": a.get("dat_thresh", 0.0),
             "weight_set": wname, "weights": wts}
        plan = st.AggregationPlan.from_framework(
            framework, list(X.columns),
            **{k: v for k, v in o.items() if k not in ("weights", "weight_set")})
        agg = plan.run(X.to_numpy(float), plan.weight_vector(wts), units=list(X.index))
        A = pd.DataFrame(agg, index=X.index, columns=plan.aggregates)
        out["aggregated"], record["stages"]["aggregated"] = pd.concat([X, A], axis=1), o
    return PipelineResult(out, record, framework, ucol, details, plan)


def _denominated(framework, full, X, opts):
    by = opts.get("by", "framework")
    if by == "framework":
        by = {c: str(_attr(framework.nodes[c], "Denominator", "denominator"))
              for c in X.columns if _attr(framework.nodes[c], "Denominator", "denominator")}
    if not isinstance(by, dict):
        raise PipelineError(
            "denominated: 'by' must be 'framework' or a mapping indicator -> column")
    cols = sorted(set(by.values()))
    missing = [c for c in cols if c not in full.columns]
    if missing:
        raise PipelineError(f"denominated: denominator columns {missing} are not in the data")
    den = numeric_frame(full, cols)
    return st.denominate(X, den, by), {"by": dict(by)}


def replay(record: dict, framework: Framework, data: pd.DataFrame,
           file: str = "<data>") -> PipelineResult:
    """Re-run a pipeline from a :attr:`PipelineResult.record` (resolved options, no defaults)."""
    if record.get("version") != RECORD_VERSION:
        raise PipelineError(f"record version {record.get('version')!r} is not {RECORD_VERSION}")
    stages = copy.deepcopy(record["stages"])
    stages.get("screened", {}).pop("removed", None)
    wset = stages.get("aggregated", {}).pop("weight_set", None)
    spec = {"name": record.get("pipeline"), "stages": stages}
    res = run_pipeline(framework, data, spec, unit_col=record["unit_col"], file=file)
    if wset is not None:  # the weights are replayed as resolved; keep the set's name
        res.record["stages"]["aggregated"]["weight_set"] = wset
    return res
