"""The future analysis as a command and a report section, on the shipped BPS panel.

Expectations come straight from the raw CSV with plain pandas: naive drift (last value plus the
mean yearly change of all years up to the origin) computed by hand, the value at the origin as
BPS published it.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.processed.project import build_processed
from analysis.cli import main
from analysis.paths import RAW_DIR
from analysis.reports.context import load_context
from analysis.reports.sections import common, future
from conftest import assert_cli_fails_cleanly


def _raw_ipm(kode_bps: str) -> pd.Series:
    ipm = pd.read_csv(RAW_DIR / "bps_panel_ipm_kabkota_2010_2024.csv", dtype={"kode_bps": str})
    mine = ipm[ipm.kode_bps == kode_bps].set_index("tahun")["ipm_indeks"]
    return mine.dropna()


def test_command_drift_matches_a_hand_computation(tmp_path):
    out = tmp_path / "fu"
    assert main(["future", "--regency", "64.02", "--variable", "ipm", "--origin", "2019",
                 "--horizon", "2022", "--method", "drift", "--out", str(out)]) == 0
    proj = pd.read_csv(out / "proyeksi.csv", dtype={"kode": str})
    assert list(proj.columns) == ["kode", "variabel", "tahun", "nilai", "batas_bawah",
                                  "batas_atas", "tingkat", "metode", "seri"]
    kukar = _raw_ipm("6403")                      # Kutai Kartanegara: BPS 6403, Kemendagri 64.02
    upto = kukar[kukar.index <= 2019]
    slope = (upto.iloc[-1] - upto.iloc[0]) / (upto.index[-1] - upto.index[0])
    expected = [upto.iloc[-1] + slope * h for h in (1, 2, 3)]
    assert proj["tahun"].tolist() == [2020, 2021, 2022]
    assert proj["nilai"].tolist() == pytest.approx(expected)
    assert (proj["batas_bawah"] < proj["nilai"]).all()
    assert (proj["nilai"] < proj["batas_atas"]).all()
    assert set(proj["metode"]) == {"drift"} and set(proj["tingkat"]) == {0.8}
    assert set(proj["seri"]) == {"ipm_metode_baru"}            # the table says which IPM series
    ub = pd.read_csv(out / "uji_balik.csv")
    assert {"variabel", "metode", "horizon", "mae", "cakupan"} <= set(ub.columns)
    note = json.loads((out / "catatan.json").read_text(encoding="utf-8"))
    assert (note["asal"], note["horizon"], note["data_sampai"]) == (2019, 2022, 2019)
    reach = pd.read_csv(out / "capaian.csv", dtype={"kode": str})
    assert set(reach["kode"]) == {"64.02"} and set(reach["pembanding"]) == {"provinsi",
                                                                          "jawa_sejenis"}


@pytest.mark.parametrize("argv, words", [
    (["--origin", "2005"], ["2005", "2010"]),
    (["--origin", "2020", "--horizon", "2019"], ["2019", "after the origin"]),
    (["--variable", "bogus"], ["bogus"]),
    (["--regency", "64.2"], ["64.2"]),
    (["--level", "1.5"], ["1.5"]),
])
def test_command_refuses_bad_options_and_writes_nothing(tmp_path, capsys, argv, words):
    out = tmp_path / "fu"
    assert_cli_fails_cleanly(["future", *argv, "--out", str(out)], capsys, words, out)


def test_section_reads_the_built_projection(monkeypatch):
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(
        x.to_html() if hasattr(x, "to_html") else getattr(x, "data", "") for x in objs))
    processed = build_processed(None).out_dir
    ctx = load_context("62.06", "id", None, str(processed))
    rec = future.section(ctx).record
    katingan = _raw_ipm("6209")
    ipm = rec["variabel"]["ipm"]
    assert (rec["tahun_asal"], rec["tahun_horizon"]) == (2024, 2034)
    assert ipm["nilai_asal"] == katingan.loc[2024]
    proj = ctx.table("proyeksi")
    at = proj[(proj.variabel == "ipm") & (proj.tahun == 2034)].iloc[0]
    assert ipm["nilai_horizon"] == pytest.approx(at["nilai"])
    assert ipm["batas_bawah"] <= ipm["nilai_horizon"] <= ipm["batas_atas"]
    text = " ".join(str(s) for s in shown)
    assert "Uji balik" in text and "interval 80 %" in text


def test_two_ipm_series_are_never_mixed_in_one_projection():
    from analysis.future import FutureInputError, run_future
    years = list(range(2015, 2025))
    rows = [("64.02", "ipm", y, 70.0 + 0.5 * i, "ipm_metode_baru") for i, y in enumerate(years)]
    panel = pd.DataFrame(rows, columns=["kode", "variabel", "tahun", "nilai", "seri"])
    res = run_future(panel, variables=["ipm"], method="drift")
    assert set(res.proyeksi["seri"]) == {"ipm_metode_baru"}
    assert res.proyeksi["nilai"].iloc[0] == pytest.approx(74.5 + 0.5)   # drift 0.5 a year
    census = panel.iloc[-1:].assign(tahun=2023, seri="ipm_lf_sp2020", kode="64.02", nilai=74.2)
    with pytest.raises(FutureInputError, match="mixes published series"):
        run_future(pd.concat([panel[panel.tahun != 2023], census]), variables=["ipm"])
