"""The readiness and correlation tables are computed from frames: the raw assessments are read
once, by the base table ``penilaian_kesiapan``; ``kesiapan``, ``kesiapan_grid`` and the
``korelasi`` tables take the tables they declare in ``depends`` and read no file, so the build's
dependency graph is what their code reads."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from conftest import replace_in
from helpers.guards import raw_opens_refused

from analysis.processed import tables
from analysis.processed.base_tables import assessment_table, evaluation_table, profile_table
from analysis.processed.project import build_processed
from analysis.processed.spec import Sources
from analysis.processed.store import load_tables, read_state
from analysis.correlations.data import analysis_frame
from analysis.paths import RAW_DIR

ASSESSMENT_FILE = "readiness_assessment_illustrative.csv"
FRAME_TABLES = ("kesiapan", "kesiapan_grid", "korelasi", "korelasi_model", "korelasi_persentil")


def _hand_index(path, code: str, kind: str | None = None) -> float:
    """Readiness index of ``code`` by hand from the raw CSV: every item goalposted 1-4 -> 0-1;
    54 items, 9 per pillar and 3 per sub-dimension, equal weights at every level, so the
    overall (or an element's) index is the plain mean of its items x 100."""
    with open(path, encoding="utf-8", newline="") as f:
        scores = [float(r["skor"]) for r in csv.DictReader(f) if r["kode_kemendagri"] == code
                  and (kind is None or f".{kind}." in r["kode_butir"])]
    return sum((s - 1) / 3 for s in scores) / len(scores) * 100


def test_readiness_from_the_assessment_table_by_hand():
    src = Sources.from_dir()
    deps = {"penilaian_kesiapan": assessment_table(src, {})}
    assert len(deps["penilaian_kesiapan"]) == 142 * 54 and not deps["penilaian_kesiapan"][
        "data_sendiri"].any()
    t = tables.readiness_indices(src, deps).set_index("kode_kemendagri")
    raw = RAW_DIR / ASSESSMENT_FILE
    for code in ("33.12", "11.71", "64.02"):
        assert t.loc[code, "indeks_kesiapan"] == pytest.approx(_hand_index(raw, code), abs=1e-9)
        assert t.loc[code, "struktur"] == pytest.approx(_hand_index(raw, code, "STR"), abs=1e-9)
    assert t.loc["33.12", "peringkat"] == 1          # the highest mean of the 142
    g = tables.readiness_grid(src, deps)
    assert len(g) == 142 * 6 * 3 and g["illustrative"].all()


def test_correlation_frame_from_the_base_tables_by_hand():
    src = Sources.from_dir()
    deps = {"penilaian_kesiapan": assessment_table(src, {})}
    frame = tables.correlation_input({"profil": profile_table(src, {}),
                                      "evaluasi": evaluation_table(src, {}),
                                      "kesiapan": tables.readiness_indices(src, deps)})
    row = frame[(frame.kode_kemendagri == "11.71") & (frame.tahun == 2022)].iloc[0]
    # profil_wilayah.csv: Kota Banda Aceh, 265310 people on 56.835 km2
    assert row["log_kepadatan"] == pytest.approx(math.log(265310 / 56.835))
    assert row["kesiapan_total"] == pytest.approx(_hand_index(RAW_DIR / ASSESSMENT_FILE,
                                                              "11.71"), abs=1e-9)
    assert frame.attrs["readiness_illustrative"]
    # the raw-file route of analysis_frame gives the same frame
    ref = analysis_frame(RAW_DIR)
    assert list(ref.columns) == list(frame.columns) and ref.attrs == frame.attrs
    for col in ("kesiapan_total", "ipm_2021", "nilai_final", "kppn_ikn", "kolaborasi"):
        assert ref[col].tolist() == pytest.approx(frame[col].tolist(), nan_ok=True)


@pytest.mark.slow  # builds the readiness and correlation tables (seconds)
def test_frame_tables_read_only_their_declared_tables(tmp_path, monkeypatch):
    """Each table computed again with no Sources, only the tables it declares, and every open
    of a file of the raw data refused: the same bytes as the build wrote."""
    out = build_processed(None, tmp_path / "processed", only=list(FRAME_TABLES)).out_dir
    built = load_tables(out)
    specs = {s.name: s for s in tables.TABLES}
    for name in FRAME_TABLES:
        spec = specs[name]
        assert spec.inputs == () and spec.depends
        with raw_opens_refused(monkeypatch):
            got = spec.compute(None, {d: built[d] for d in spec.depends})
        text = got.to_csv(index=False)
        assert text.encode() == (out / f"{name}.csv").read_bytes(), name


@pytest.mark.slow  # builds the readiness and correlation tables twice (seconds)
def test_changed_assessment_rebuilds_its_dependents(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build_processed(raw_copy, out, only=["korelasi"])
    before = load_tables(out)["korelasi"]
    # 64.02's first item: 3 -> 4, one step of 1-4 on one of 54 equally weighted items
    rows = (raw_copy / ASSESSMENT_FILE).read_text(encoding="utf-8").splitlines()
    line = next(r for r in rows if r.startswith("64.02,"))
    assert line.split(",")[3] == "3"
    fields = line.split(",")
    fields[3] = "4"
    replace_in(raw_copy / ASSESSMENT_FILE, line + "\n", ",".join(fields) + "\n")
    res = build_processed(raw_copy, out, only=["korelasi"])
    status = {s.name: s.status for s in res.steps}
    assert status == {"profil": "skipped", "evaluasi": "skipped", "penilaian_kesiapan": "built",
                      "kesiapan": "built", "korelasi": "built"}
    after = load_tables(out)["korelasi"]
    pick = (after.kode_kemendagri == "64.02") & (after.tahun == 2023)
    old = before[(before.kode_kemendagri == "64.02") & (before.tahun == 2023)]
    assert after.loc[pick, "kesiapan_total"].iloc[0] - old["kesiapan_total"].iloc[0] \
        == pytest.approx(100 / 3 / 54)
    assert read_state(out)["tables"]["korelasi"]["inputs"] == {}   # only through depends


def test_readiness_layout_from_the_built_tables_equals_the_raw_route():
    """``workbench readiness`` shows the build's tables in readiness_table's layout: the same
    table as the raw-file route, levels on the cut-offs asked for, labels in the language."""
    from analysis import readiness as rd
    from analysis.readiness.built import grid_from_built, readiness_from_built
    src = Sources.from_dir()
    deps = {"penilaian_kesiapan": assessment_table(src, {})}
    cuts = [10.0, 30.0, 50.0, 70.0]
    got = readiness_from_built(tables.readiness_indices(src, deps), cuts, "en")
    ref = rd.readiness_table(RAW_DIR, cutoffs=cuts, lang="en")
    pd.testing.assert_frame_equal(got, ref, check_dtype=False)
    # Wonogiri's index 89.5 passes all four cut-offs: level 5 of 5
    assert got.loc[got.kode_kemendagri == "33.12", "tingkat"].item() == 5
    grid = grid_from_built(tables.readiness_grid(src, deps))
    assert list(grid.columns) == ["kode_kemendagri", "pilar", "elemen", "indeks", "ilustratif"]
    one = grid[(grid.kode_kemendagri == "33.12") & (grid.elemen == "struktur")]
    assert one["indeks"].mean() == pytest.approx(_hand_index(RAW_DIR / ASSESSMENT_FILE, "33.12",
                                                             "STR"))
