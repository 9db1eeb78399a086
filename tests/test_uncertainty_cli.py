"""``workbench uncertainty``: CSV outputs, the default spec and pipeline, clean failures."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from analysis.cli import main
from analysis.commands.uncertainty import DEFAULT_PIPELINE
from analysis.data.schema import read_csv_text
from analysis.frameworks import load_framework
from analysis.index.pipeline import run_pipeline
from helpers.synthetic import SYNTHETIC_PIPELINE, write_synthetic


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("syn")
    return write_synthetic(d, n_units=25, n_pillars=2, n_sub=2, n_ind=3, missing=0.05, seed=5)


def test_cli_writes_rank_and_sensitivity_tables(files, tmp_path, capsys):
    fw_file, data_file = files
    out = tmp_path / "ua"
    rc = main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file),
               "--samples", "8", "--bootstrap", "10", "--out", str(out)])
    assert rc == 0
    ranks = pd.read_csv(out / "ranks.csv", dtype={"unit": str})
    assert list(ranks.columns) == ["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank"]
    # nominal ranks = the default pipeline run directly
    direct = run_pipeline(load_framework(fw_file), read_csv_text(data_file), DEFAULT_PIPELINE).ranks
    assert ranks.set_index("unit")["nominal_rank"].astype(int).to_dict() == \
        direct.astype(int).to_dict()
    sens = pd.read_csv(out / "sensitivity.csv", keep_default_na=False)
    assert list(sens.columns) == ["input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high",
                                  "output", "unit"]
    rec = json.loads((out / "record.json").read_text(encoding="utf-8"))
    k = len(rec["inputs"])  # default spec on the default pipeline: all five inputs
    assert [i["name"] for i in rec["inputs"]] == ["weights", "normalisation", "aggregation",
                                                  "imputation", "treatment"]
    assert rec["runs"] == 8 * (k + 2)
    assert len(sens) == k * (1 + 25)
    assert "ranks.csv" in capsys.readouterr().err


def test_cli_with_pipeline_and_spec_files(files, tmp_path):
    fw_file, data_file = files
    pipe = tmp_path / "p.yaml"
    pipe.write_text(yaml.safe_dump(SYNTHETIC_PIPELINE), encoding="utf-8")
    spec = tmp_path / "s.yaml"
    spec.write_text("inputs:\n"
                    "  - {name: agg, type: aggregation, alternatives: [arithmetic, harmonic]}\n"
                    "  - {name: outliers, type: treatment}\n", encoding="utf-8")
    out = tmp_path / "ua"
    assert main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file), "--pipeline",
                 str(pipe), "--spec", str(spec), "--samples", "4", "--bootstrap", "0",
                 "--out", str(out)]) == 2  # harmonic over min-max [0, 100] zeros: clear error
    assert not out.exists()
    spec.write_text("inputs:\n"
                    "  - {name: agg, type: aggregation, alternatives: [arithmetic, arithmetic]}\n"
                    "  - {name: outliers, type: treatment}\n", encoding="utf-8")
    assert main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file), "--pipeline",
                 str(pipe), "--spec", str(spec), "--samples", "4", "--bootstrap", "0",
                 "--out", str(out)]) == 0
    sens = pd.read_csv(out / "sensitivity.csv", keep_default_na=False)
    shift = sens[sens["output"] == "mean_abs_rank_shift"].set_index("input")
    assert float(shift.loc["agg", "ST"]) == 0  # two identical alternatives cannot move any rank


def test_cli_invalid_spec_fails_without_output(files, tmp_path, capsys):
    fw_file, data_file = files
    pipe = tmp_path / "p.yaml"
    stages = {k: v for k, v in SYNTHETIC_PIPELINE["stages"].items() if k != "imputed"}
    pipe.write_text(yaml.safe_dump({**SYNTHETIC_PIPELINE, "stages": stages}), encoding="utf-8")
    spec = tmp_path / "s.yaml"
    spec.write_text("inputs: [imputation]\n", encoding="utf-8")
    out = tmp_path / "ua"
    rc = main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file), "--pipeline",
               str(pipe), "--spec", str(spec), "--samples", "4", "--out", str(out)])
    assert rc == 2
    err = capsys.readouterr().err
    assert "stage 'imputed'" in err and "does not have" in err
    assert not out.exists()
    assert main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file),
                 "--samples", "1", "--out", str(out)]) == 2


def test_cli_spec_with_node_weights_and_outlier_thresholds(files, tmp_path):
    fw_file, data_file = files
    spec = tmp_path / "s.yaml"
    spec.write_text("weight_sets: 12\ninputs:\n"
                    "  - {name: w_p1, type: weights, nodes: {p1: 0.3}}\n"
                    "  - {name: w_p2, type: weights, nodes: {p2: 0.3}}\n"
                    "  - name: test\n    type: treatment_threshold\n"
                    "    alternatives: [{skew_thresh: 2}, {skew_thresh: 0.5, kurt_thresh: 0}]\n",
                    encoding="utf-8")
    out = tmp_path / "ua"
    assert main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file), "--spec",
                 str(spec), "--samples", "6", "--bootstrap", "5", "--out", str(out)]) == 0
    rec = json.loads((out / "record.json").read_text(encoding="utf-8"))
    assert [(i["name"], i["nodes"]) for i in rec["inputs"]] == \
        [("w_p1", {"p1": 0.3}), ("w_p2", {"p2": 0.3}), ("test", None)]
    assert rec["inputs"][2]["alternatives"] == ["skew_thresh=2", "skew_thresh=0.5, kurt_thresh=0"]
    assert rec["runs"] == 6 * 5
    sens = pd.read_csv(out / "sensitivity.csv", keep_default_na=False)
    assert len(sens) == 3 * (1 + 25)
    spec.write_text("inputs: [imputation, {name: imp2, type: imputation}]\n", encoding="utf-8")
    assert main(["uncertainty", "--framework", str(fw_file), "--data", str(data_file), "--spec",
                 str(spec), "--samples", "4", "--out", str(tmp_path / "ub")]) == 2
    assert not (tmp_path / "ub").exists()
