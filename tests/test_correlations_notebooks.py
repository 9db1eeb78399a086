"""The correlation and explorer notebooks run headless under papermill (slower tier)."""
from __future__ import annotations

import nbformat
import papermill as pm
import pytest
from scipy import stats

from analysis.data.raw_tables import load_evaluation_raw, load_profiles
from analysis.paths import NOTEBOOKS_DIR, RAW_DIR

pytestmark = pytest.mark.notebook


def markdown_outputs(path) -> str:
    nb = nbformat.read(str(path), as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            parts.append(out.get("data", {}).get("text/markdown", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
            parts.append(out.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_demographic_correlations_notebook(tmp_path):
    out = tmp_path / "corr.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "demographic_correlations.ipynb"), str(out),
                        parameters={"n_boot": 100, "lang": "en"}, kernel_name="python3",
                        progress_bar=False)
    text = markdown_outputs(out)
    assert "38 regencies evaluated in 2022" in text          # small-sample note
    assert "nilai_final ~ log_kepadatan + log_penduduk + ipm_2021 + kota + jawa + kppn_ikn" in text
    assert "Readiness pillars" in text  # included, or a note saying they are absent
    raw = load_evaluation_raw(2023, RAW_DIR)
    ev = raw[raw["nilai_final"] > 0].drop(columns="nama").merge(load_profiles(RAW_DIR),
                                                                on="kode_kemendagri")
    rho = stats.spearmanr(ev["ipm_2021"], ev["nilai_final"])[0]
    assert f"{rho:.3f}" in text  # the 2023 table shows scipy's value (rounded to 3 decimals)
    # tables in the reports' one style, English headers in English, never a DataFrame repr
    assert 'class="wb-table"' in text and 'class="dataframe"' not in text
    assert ">Correlation</th>" in text and ">estimate</th>" not in text


def test_explore_notebook_headless(tmp_path):
    out = tmp_path / "explore.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "explore.ipynb"), str(out),
                        parameters={"regency_code": "35.07", "index": "outcome",
                                    "variable": "uhh_2021", "year": 2022},
                        kernel_name="python3", progress_bar=False)
    assert "Kabupaten Malang" in markdown_outputs(out)


def test_explore_notebook_fails_on_a_bad_parameter(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="ExplorerError"):
        pm.execute_notebook(str(NOTEBOOKS_DIR / "explore.ipynb"), str(tmp_path / "bad.ipynb"),
                            parameters={"regency_code": "99.99"}, kernel_name="python3",
                            progress_bar=False)
