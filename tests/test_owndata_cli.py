"""``--add DIR`` on readiness, risk, swot and simulate, on a workbook filled
as a person would and imported with ``workbench import``."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.cli import main
from analysis.io import sha256_file
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from tests.conftest import assert_cli_fails_cleanly
from tests.test_workbook import fill


@pytest.fixture(scope="module")
def kukar(tmp_path_factory):
    """Kutai Kartanegara's own tables: readiness (9 governance items), risk 2023, programmes,
    realisation, missions; the SWOT sheet left empty."""
    d = tmp_path_factory.mktemp("kukar")
    blank = write_regency_workbook("64.02", d / "kukar.xlsx")
    src = fill(blank, d / "kukar_isi.xlsx")
    import_workbook(src, d / "own", today=pd.Timestamp("2026-12-01").date())
    return d / "own"


def test_readiness_own_row_after_unchanged_national_rows(kukar, tmp_path):
    assert main(["readiness", "--out", str(tmp_path / "plain")]) == 0
    assert main(["readiness", "--add", str(kukar), "--out", str(tmp_path / "own")]) == 0
    plain = pd.read_csv(tmp_path / "plain" / "readiness.csv", dtype={"kode_kemendagri": str})
    tab = pd.read_csv(tmp_path / "own" / "readiness.csv", dtype={"kode_kemendagri": str})
    nat = tab[tab.sumber != "own"].drop(columns=["sumber", "n_pembanding"])
    # others untouched (the rank column reads back as float beside the own row's empty rank)
    pd.testing.assert_frame_equal(nat.reset_index(drop=True), plain, check_dtype=False)
    mine = tab[tab.sumber == "own"].iloc[0]
    # GOV_SCORES 1,2,3 / 4,4,3 / 2,1,3 -> (x-1)/3 sub-dimension means 1/3, 8/9, 1/3;
    # governance = (3/9 + 8/9 + 3/9) / 3 x 100 = 1400/27 = 51.85
    assert mine.kode_kemendagri == "64.02" and mine.governance == pytest.approx(1400 / 27)
    assert pd.isna(mine.peringkat) and mine.n_pembanding == 1 and not mine.ilustratif
    grid = pd.read_csv(tmp_path / "own" / "readiness_grid.csv", dtype={"kode_kemendagri": str})
    g = grid[(grid.sumber == "own") & (grid.pilar == "governance") & (grid.elemen == "struktur")]
    assert g.indeks.item() == pytest.approx(400 / 9)     # struktur 1, 4, 2 -> (0+1+1/3)/3


def test_risk_and_swot_by_regency_pick_own_tables(kukar, tmp_path, capsys):
    assert main(["risk", "--regency", "64.02", "--add", str(kukar), "--out",
                 str(tmp_path / "r")]) == 0
    scored = pd.read_csv(tmp_path / "r" / "risk_scored.csv")
    # SPBE lookup (DOMAIN.md section 4): L4 x I4 = 19, L3 x I3 = 14
    assert scored["magnitude"].tolist() == [19, 14]
    assert "ILLUSTRATIVE" not in capsys.readouterr().err
    assert main(["risk", "--regency", "64.02", "--out", str(tmp_path / "n")]) == 0
    assert "ILLUSTRATIVE" in capsys.readouterr().err      # the shipped register (2023, latest)
    assert main(["swot", "--regency", "64.02", "--add", str(kukar), "--out",
                 str(tmp_path / "s")]) == 0
    assert "ILLUSTRATIVE" in capsys.readouterr().err      # no own SWOT: the national one stays


def test_simulate_readiness_uses_the_own_assessment(kukar, tmp_path):
    out = tmp_path / "sim.csv"
    assert main(["simulate", "--regency", "64.02", "--framework", "readiness", "--add",
                 str(kukar), "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert len(t) == 9 and not t["ilustratif"].any()      # the nine items typed in the workbook


def test_cli_refuses_bad_adds_and_outputs_into_them(kukar, tmp_path, capsys):
    out = tmp_path / "o"
    assert_cli_fails_cleanly(["risk", "--lang", "en", "--regency", "64.02", "--add", kukar, "--out",
                              kukar / "x"], capsys, ["refusing to write into the raw-data"], out)
    twin = tmp_path / "twin"
    shutil.copytree(kukar, twin)
    assert_cli_fails_cleanly(["readiness", "--add", kukar, "--add", twin, "--out", out], capsys,
                             [str(kukar / "missions_64.02.csv"), str(twin), "64.02"], out)
    assert_cli_fails_cleanly(["risk", "--regency", "64.02", "--year", "2030", "--add", kukar,
                              "--out", out, "--lang", "en"], capsys,
                             ["no risk_register_*.csv of regency 64.02 for 2030"], out)
    assert_cli_fails_cleanly(["swot", "--out", out, "--lang", "en"], capsys,
                             ["give either --factors FILE or --regency CODE"], out)


# ---------------------------------------------------------------- build tables of own data


def test_provenance_table_names_own_illustrative_and_national(kukar):
    from analysis.processed.own_tables import provenance_table
    from analysis.processed.spec import Sources
    t = provenance_table(Sources.from_dir(None, [kukar]), {})
    mine = t[(t.kode_kemendagri == "64.02") & (t.jenis == "readiness_assessment")].iloc[0]
    assert mine.asal == "own" and mine.berkas == "readiness_assessment_64.02.csv"
    assert mine.teks_id == "data daerah sendiri (kukar_isi.xlsx, diimpor 2026-12-01)"
    assert mine.teks_en == "own data (kukar_isi.xlsx, imported 2026-12-01)"
    risk = t[(t.kode_kemendagri == "64.02") & (t.jenis == "risk_register")]
    assert risk.berkas.tolist() == ["risk_register_64.02_2023.csv"] and (risk.asal == "own").all()
    swot = t[(t.kode_kemendagri == "64.02") & (t.jenis == "swot_factors")].iloc[0]
    assert swot.asal == "illustrative"                    # no own SWOT: the shipped one
    nat = t[t.jenis == "readiness_assessment"]
    assert nat[nat.kode_kemendagri == ""].asal.tolist() == ["illustrative"]


def test_alignment_and_tracking_tables(kukar):
    from analysis.processed.spec import Sources
    from helpers.masterplan_tables import regency_tables
    own, nat = (regency_tables(s, "64.02") for s in (Sources.from_dir(None, [kukar]),
                                                     Sources.from_dir()))
    a = own["keselarasan"].set_index(["misi", "pillar"])
    # P1 (governance, 1000) serves missions 1 and 5; P2 (environment, 250) mission 2
    assert a.loc[(5, "governance"), "budget_planned"] == 1000.0
    assert a.loc[(2, "environment"), "n_programmes"] == 1
    assert a.loc[3, "n_programmes"].sum() == 0                 # mission 3: no programme
    assert own["program_tanpa_misi"]["id"].tolist() == ["P3"]
    assert nat["keselarasan"].empty                            # national: no missions
    t = own["program_jalur"].set_index(["grouping", "group", "year"])["status"]
    # living: P3 (2022-2026) planned to start in 2022, not started in 2022 or 2023 -> behind;
    # environment: P2 (2023) started and completed in 2023 = 2 of 2 milestones -> on track
    assert t[("pillar", "living", 2022)] == t[("pillar", "living", 2023)] == "behind"
    assert t[("owner", "Diskominfo", 2023)] == "behind"
    assert t[("pillar", "environment", 2023)] == t[("pillar", "governance", 2023)] == "on_track"
    nat = nat["program_jalur"]
    assert not nat.empty and nat["illustrative"].all()       # the shipped programmes too


def test_two_regencies_own_assessments_ranked_among_themselves(kukar, tmp_path):
    import openpyxl
    blank = write_regency_workbook("62.06", tmp_path / "katingan.xlsx")
    src = fill(blank, tmp_path / "katingan_isi.xlsx")
    wb = openpyxl.load_workbook(src)
    for r in range(2, 11):
        wb["Kesiapan"].cell(r, 6, 4)                # every governance item scored 4
    wb.save(src)
    import_workbook(src, tmp_path / "own62", today=pd.Timestamp("2026-12-01").date())
    assert main(["readiness", "--add", str(kukar), "--add", str(tmp_path / "own62"), "--out",
                 str(tmp_path / "o")]) == 0
    tab = pd.read_csv(tmp_path / "o" / "readiness.csv", dtype={"kode_kemendagri": str})
    own = tab[tab.sumber == "own"].set_index("kode_kemendagri")
    # Katingan 100 (all 4s) ranks 1, Kutai Kartanegara 51.85 ranks 2, of the 2 real own ones
    assert own.loc["62.06", "governance"] == pytest.approx(100.0)
    assert (own.loc["62.06", "peringkat"], own.loc["64.02", "peringkat"]) == (1, 2)
    assert (own["n_pembanding"] == 2).all()
    national = tab[tab.sumber != "own"]
    assert len(national) == 142 and national["peringkat"].max() <= 142


@pytest.mark.slow  # builds the tables that read own files, twice (seconds)
def test_validate_checks_own_data_as_a_run_would_read_it(kukar, tmp_path, capsys):
    assert main(["validate", "--add", str(kukar), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 own-data directory valid: 5 table(s) of 64.02" in out
    assert main(["validate", "--add", str(kukar)]) == 0                # Indonesian by default
    assert "1 direktori data sendiri valid: 5 tabel milik 64.02; diperiksa melalui " in \
        capsys.readouterr().out
    assert "risiko" in out and "kesiapan" in out           # the tables built from own files
    # a likelihood of 9 on a 1-5 scale, its new sha256 in the manifest (as if imported so):
    # refused by the risk register's schema, naming file, row, column, value; nothing left
    bad = tmp_path / "bad"
    shutil.copytree(kukar, bad)
    reg = next(bad.glob("risk_register_64.02_*.csv"))
    df = pd.read_csv(reg, dtype=str, keep_default_na=False)
    col = next(c for c in df.columns if c.lower().startswith(("likelihood", "kemungkinan")))
    df.loc[0, col] = "9"
    df.to_csv(reg, index=False)
    manifest = yaml.safe_load((bad / "MANIFEST.yaml").read_text(encoding="utf-8"))
    manifest["files"][reg.name]["sha256"] = sha256_file(reg)
    (bad / "MANIFEST.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True),
                                       encoding="utf-8")
    assert main(["validate", "--add", str(bad)]) == 2
    err = capsys.readouterr().err
    assert reg.name in err and "9" in err and col in err
    assert not list(Path(tempfile.gettempdir()).glob("wb-validate-*"))
