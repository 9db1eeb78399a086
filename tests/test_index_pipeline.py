"""Pipeline runs, records and replay, weight sets, explicit errors and the CLI."""
import json

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import DataValidationError
from analysis.frameworks import framework_from_dict
from analysis.index.aggregate import AggregationError
from analysis.index.pipeline import (STAGES, PipelineError, list_pipelines, load_pipeline,
                                     replay, run_pipeline)

FW = framework_from_dict({"code": "toy", "weight_sets": {"p1_heavy": {"P1": 3, "P2": 1}},
                          "nodes": [
    {"code": "I"}, {"code": "P1", "parent": "I"}, {"code": "P2", "parent": "I"},
    {"code": "a", "parent": "P1", "denominator": "pop"},
    {"code": "b", "parent": "P1", "direction": -1},
    {"code": "c", "parent": "P2"}, {"code": "d", "parent": "P2", "weight": 2}]})

SPEC = {"name": "toy", "unit_col": "unit", "stages": {
    "denominated": {"by": "framework"},
    "imputed": {"method": "group_median", "group": "grp"},
    "screened": {"method": "byNA", "min_share": 0.75},
    "treated": {"method": "coinr"},
    "normalised": {"method": "minmax", "range": [0, 100]},
    "aggregated": {"method": "arithmetic", "weights": "framework"}}}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(42)
    n = 30
    df = pd.DataFrame({"unit": [f"u{i:02d}" for i in range(n)],
                       "grp": rng.choice(["A", "B"], n), "pop": rng.uniform(1, 10, n),
                       "a": rng.lognormal(3, 1.2, n), "b": rng.normal(50, 10, n),
                       "c": rng.uniform(0, 1, n), "d": rng.normal(0, 1, n)})
    df.loc[[3, 7], "c"] = np.nan
    df.loc[5, ["a", "b"]] = np.nan  # u05 has 2 of 4 present and no group (so no imputation)
    df["grp"] = df["grp"].astype(object)
    df.loc[5, "grp"] = None          # -> screened out at 0.75
    return df


def test_builtin_pipelines_listed():
    assert {"coinr-example", "undp-hdi"} <= set(list_pipelines())
    assert load_pipeline("coinr-example")["stages"]["screened"]["min_share"] == 0.9


def test_every_stage_present_and_screening_logged(data):
    res = run_pipeline(FW, data, SPEC)
    assert list(res.stages) == list(STAGES)
    assert "u05" in res.stages["imputed"].index and "u05" not in res.stages["screened"].index
    assert res.record["stages"]["screened"]["removed"] == ["u05"]
    # denominated: a / pop by hand
    np.testing.assert_allclose(res.stages["denominated"]["a"],
                               (data["a"] / data["pop"]).to_numpy(), equal_nan=True)
    # imputed c of u03 = median of c in its group (after screening nothing else changes)
    g = data.loc[3, "grp"]
    assert res.stages["imputed"].loc["u03", "c"] == pytest.approx(
        data.loc[data["grp"] == g, "c"].median())
    # normalised b is reversed: the highest b scores 0
    tr = res.stages["treated"]["b"]
    assert res.stages["normalised"].loc[tr.idxmax(), "b"] == pytest.approx(0)
    # aggregated index by hand from the normalised frame
    nm = res.stages["normalised"]
    p1 = (nm["a"] + nm["b"]) / 2
    p2 = (nm["c"] + 2 * nm["d"]) / 3
    np.testing.assert_allclose(res.scores, (p1 + p2) / 2)


def test_replay_reproduces_every_stage_from_json_record(data):
    res = run_pipeline(FW, data, SPEC)
    record = json.loads(json.dumps(res.record))  # the record is plain JSON
    again = replay(record, FW, data)
    for name in res.stages:
        pd.testing.assert_frame_equal(again.stages[name], res.stages[name])
    assert again.record["stages"] == res.record["stages"]
    # the record pins resolved options: weights, directions, denominators
    assert record["stages"]["normalised"]["directions"]["b"] == -1
    assert record["stages"]["denominated"]["by"] == {"a": "pop"}
    assert record["stages"]["aggregated"]["weights"]["d"] == 2


def test_weight_sets_equal_and_named(data):
    eq = run_pipeline(FW, data, {**SPEC, "stages": {**SPEC["stages"],
                                 "aggregated": {"weights": "equal"}}})
    nm = eq.stages["normalised"]
    np.testing.assert_allclose(eq.scores, ((nm["a"] + nm["b"]) / 2 + (nm["c"] + nm["d"]) / 2) / 2)
    named = run_pipeline(FW, data, {**SPEC, "stages": {**SPEC["stages"],
                                    "aggregated": {"weights": "p1_heavy"}}})
    a = named.stages["aggregated"]
    np.testing.assert_allclose(named.scores, (3 * a["P1"] + a["P2"]) / 4)
    override = run_pipeline(FW, data, SPEC, weights={"P1": 3, "P2": 1})
    np.testing.assert_allclose(override.scores, named.scores)
    with pytest.raises(PipelineError, match="unknown weight set"):
        run_pipeline(FW, data, {**SPEC, "stages": {"aggregated": {"weights": "nope"}}})


def test_explicit_errors(data, tmp_path):
    with pytest.raises(PipelineError, match="unknown stage 'treatment'"):
        run_pipeline(FW, data, {"stages": {"treatment": {}}})
    with pytest.raises(PipelineError, match=r"lack indicator columns \['d'\]"):
        run_pipeline(FW, data.drop(columns="d"), SPEC)
    bad = data.astype(object).copy()
    bad.loc[4, "c"] = "n/a?"
    with pytest.raises(DataValidationError, match=r"row 6, column 'c', value 'n/a\?'"):
        run_pipeline(FW, bad, SPEC, file="in.csv")
    geo = {**SPEC, "stages": {**SPEC["stages"], "aggregated": {"method": "geometric"}}}
    with pytest.raises(AggregationError, match=r"node 'P1'"):
        run_pipeline(FW, data, geo)  # min-max to [0, 100] gives zeros
    with pytest.raises(PipelineError, match=r"unknown options \['methd'\]"):
        run_pipeline(FW, data, {"stages": {"normalised": {"methd": "zscore"}}})
    with pytest.raises(PipelineError, match="unknown pipeline"):
        load_pipeline("no-such-pipeline")
    p = tmp_path / "p.yaml"
    p.write_text("stages: [1, 2]\n")
    with pytest.raises(PipelineError, match="mapping"):
        load_pipeline(p)


def test_cli_pipeline_writes_stages_atomically(data, tmp_path):
    fw_yaml = tmp_path / "toy.yaml"
    import yaml
    fw_doc = {"code": "toy", "unit_col": "unit", "nodes": [
        {"code": n.code, "parent": n.parent, "weight": n.weight, "direction": n.direction,
         **n.attrs} for n in FW.nodes.values()]}
    fw_yaml.write_text(yaml.safe_dump(fw_doc))
    pipe = tmp_path / "pipe.yaml"
    pipe.write_text(yaml.safe_dump(SPEC))
    inp = tmp_path / "data.csv"
    data.to_csv(inp, index=False)
    out, sdir = tmp_path / "out.csv", tmp_path / "stages"
    rc = main(["index", "--framework", str(fw_yaml), "--data", str(inp), "--pipeline", str(pipe),
               "--stages", str(sdir), "--out", str(out)])
    assert rc == 0
    assert sorted(p.name for p in sdir.iterdir()) == sorted(
        [f"{s}.csv" for s in STAGES] + ["treat_details.csv", "record.json"])
    direct = run_pipeline(FW, data, SPEC)
    written = pd.read_csv(sdir / "aggregated.csv").set_index("unit")
    np.testing.assert_allclose(written.to_numpy(), direct.stages["aggregated"].to_numpy(),
                               rtol=1e-12)
    res = pd.read_csv(out)
    assert list(res.columns) == ["unit", "P1", "P2", "I", "rank"]
    assert res.loc[res["I"].idxmax(), "rank"] == 1
    # a failing run leaves nothing behind
    bad = tmp_path / "bad.csv"
    data.drop(columns="d").to_csv(bad, index=False)
    rc = main(["index", "--framework", str(fw_yaml), "--data", str(bad), "--pipeline",
               str(pipe), "--stages", str(tmp_path / "s2"), "--out", str(tmp_path / "o2.csv")])
    assert rc == 2 and not (tmp_path / "s2").exists() and not (tmp_path / "o2.csv").exists()
    with pytest.raises(SystemExit):
        main(["index", "--framework", str(fw_yaml), "--data", str(inp), "--pipeline"])
    assert main(["index", "--framework", str(fw_yaml), "--data", str(inp),
                 "--stages", str(sdir)]) == 2  # --stages needs --pipeline


def test_cli_coinr_imeta(tmp_path):
    from analysis.paths import PROJECT_ROOT
    ref = PROJECT_ROOT / "tests" / "fixtures" / "coinr"        # COINr 1.1.14 (MIT)
    rc = main(["index", "--framework", str(ref / "ASEM_iMeta.csv"), "--data",
               str(ref / "ASEM_iData.csv"), "--pipeline", "coinr-example", "--stages",
               str(tmp_path / "st")])
    assert rc == 0
    ours = pd.read_csv(tmp_path / "st" / "aggregated.csv").set_index("uCode")
    theirs = pd.read_csv(ref / "example_coin_Aggregated.csv").set_index("uCode")
    np.testing.assert_allclose(ours.loc[theirs.index, theirs.columns], theirs, atol=1e-6)


def test_read_imeta_checks_and_maps_columns():
    from analysis.index.coinr import read_imeta
    meta = pd.DataFrame({
        "Level": [1, 1, 2, "NA"], "iCode": ["x", "y", "Idx", "pop"],
        "iName": ["X", "Y", "Index", "Population"], "Direction": [1, -1, 1, "NA"],
        "Weight": [1, 2, 1, "NA"], "Unit": ["", "", "", ""], "Target": [5, "NA", "NA", "NA"],
        "Denominator": ["pop", "NA", "NA", "NA"], "Parent": ["Idx", "Idx", "NA", "NA"],
        "Type": ["Indicator", "Indicator", "Aggregate", "Denominator"]})
    fw = read_imeta(meta)
    assert fw.leaves == ["x", "y"] and fw.root == "Idx"
    assert fw.nodes["y"].direction == -1 and fw.nodes["y"].weight == 2
    assert fw.nodes["x"].attrs["Denominator"] == "pop" and fw.nodes["x"].attrs["Target"] == 5
    assert fw.meta["denominators"] == ["pop"] and fw.meta["unit_col"] == "uCode"
    bad = meta.copy()
    bad.loc[1, "Direction"] = "NA"
    with pytest.raises(DataValidationError, match="row 3, column 'Direction'"):
        read_imeta(bad)
