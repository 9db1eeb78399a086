"""The regency workbook: template, filling as a person would, import."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
import yaml

from analysis import readiness
from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.io import sha256_file
from analysis.masterplan import alignment
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from analysis.masterplan.workbook_errors import WorkbookError
from tests.conftest import assert_cli_fails_cleanly

SHEETS = ["Petunjuk", "Kesiapan", "Risiko", "SWOT", "Strategi", "Target", "Program",
          "Realisasi", "Visi-Misi"]
# Scores typed for the nine governance items (rows 2-10 of Kesiapan, framework order):
# layanan_publik STR/INF/SUP, kebijakan_publik STR/INF/SUP, tata_kelola_birokrasi STR/INF/SUP.
GOV_SCORES = [1, 2, 3, 4, 4, 3, 2, 1, 3]


def _put(ws, rows, start=2):
    for i, row in enumerate(rows, start=start):
        for j, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(i, j, v)


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return write_regency_workbook("64.02", tmp_path_factory.mktemp("wb") / "kukar.xlsx")


def fill(blank, target, swot=False):
    """Fill the workbook like a person: typed scores and labels, optional cells left blank,
    the SWOT sheet left empty unless ``swot``."""
    wb = openpyxl.load_workbook(blank)
    for r, s in enumerate(GOV_SCORES, start=2):
        wb["Kesiapan"].cell(r, 6, s)                      # column F = Skor (1-4)
    wb["Kesiapan"]["H3"] = "Perbup 12/2023"                # evidence of one item only
    _put(wb["Risiko"], [
        [2023, "R01", "Idaman RT", "Smart Governance", "Diskominfo", "Gangguan jaringan", None,
         None, 4, 4, "Jalur cadangan", "Struktural", 2, 3, "Dalam Mitigasi", "SPBE 5x5"],
        [2023, "R02", None, "Smart Living", "Dinkes", "Data tidak mutakhir", None, None, 3, 3,
         None, None, None, None, "Terbuka", "SPBE 5x5"]])
    _put(wb["Program"], [
        ["P1", "Satu Data", "Smart Governance", "Bappeda", 5, 2022, 2026, "Aplikasi", "Tidak",
         1000, "1;5"],
        ["P2", "Bank Sampah", "Smart Environment", "DLH", 1, 2023, 2023, "Infrastruktur", "Ya",
         250, "2"],
        ["P3", "Wifi desa", "Smart Living", "Diskominfo", 5, 2022, 2026, "Infrastruktur", "Tidak",
         500, None]])
    _put(wb["Realisasi"], [["P1", 2022, "Berjalan", 200], ["P3", 2022, "Belum Dimulai", None],
                           ["P2", 2023, "Selesai", 240]])
    _put(wb["Visi-Misi"], [["Visi", None, "Kukar Idaman", "2021-2026"],
                           ["Misi", 1, "Tata kelola yang bersih", None],
                           ["Misi", 2, "Lingkungan lestari", None], ["Misi", 3, "SDM unggul", None],
                           ["Misi", 5, "Ekonomi kerakyatan", None]])
    if swot:
        _put(wb["SWOT"], [[2022, "Smart Governance", "S", "Pusat data", 0.6, 4],
                          [2022, "Smart Governance", "W", "SDM TIK", 0.4, 3],
                          [2022, "Smart Governance", "O", "Dana pusat", 0.5, 3],
                          [2022, "Smart Governance", "T", "Serangan siber", 0.5, 2]])
    wb.save(target)
    return target


# ---------------------------------------------------------------- template


def test_template_layout_prefill_and_dropdowns(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == SHEETS
    pet = {r[0].value: r[1].value for r in wb["Petunjuk"].iter_rows(max_col=2, max_row=4)}
    assert pet["Kode Kemendagri"] == "64.02"                     # text, not the number 64.2
    assert pet["Nama daerah"] == "Kabupaten Kutai Kartanegara"
    k = wb["Kesiapan"]
    assert [c.value for c in k[1]] == ["Kode Butir", "Pilar", "Subdimensi", "Elemen Kesiapan",
                                       "Pertanyaan", "Skor (1-4)", "Rubrik (1-4)",
                                       "Bukti Pendukung", "Catatan"]
    codes = [k.cell(r, 1).value for r in range(2, k.max_row + 1)]
    assert codes == readiness.load_readiness_framework().leaves and len(codes) == 54
    assert k["A2"].value == "RK.1.1.STR.1" and k["B2"].value == "Smart Governance"
    assert k["G2"].value.startswith("1 = Belum ada; 2 = ")
    dv = {str(d.sqref): d.formula1 for d in k.data_validations.dataValidation}
    assert dv == {"F2:F55": '"1,2,3,4"'}
    r = wb["Risiko"]
    heads = [c.value for c in r[1]]
    assert "Level Kemungkinan" in heads and "Kode Kemendagri" not in heads
    rdv = {str(d.sqref): d.formula1 for d in r.data_validations.dataValidation}
    # 1,000 data rows with drop-downs on the free-length sheets (a regency's lists run long)
    assert rdv["I2:I1001"] == '"1,2,3,4,5"' and rdv["P2:P1001"] == '"SPBE 5x5,Kominfo 1-3"'
    assert len(pet) == 4
    limit = [r[0].value for r in wb["Petunjuk"].iter_rows(max_col=1)
             if str(r[0].value or "").startswith("9. ")]
    assert len(limit) == 1 and "1.000 baris data (baris 2–1.001)" in limit[0]
    assert [c.value for c in wb["Program"][1]][10] == "Misi RPJMD (nomor)"     # column K


def test_template_protection_locks_headers_and_prefill_only(blank):
    wb = openpyxl.load_workbook(blank)
    for name in SHEETS:
        assert wb[name].protection.sheet, name
    k = wb["Kesiapan"]
    assert k["F1"].protection.locked and k["A2"].protection.locked and k["E55"].protection.locked
    assert not k["F2"].protection.locked and not k["H55"].protection.locked
    r = wb["Risiko"]
    assert r["A1"].protection.locked and not r["A2"].protection.locked
    assert not r["P1001"].protection.locked and r["P1002"].protection.locked


def test_template_is_byte_stable_and_cli_writes_it(blank, tmp_path, capsys):
    from analysis.cli import main
    assert main(["template", "--kind", "workbook", "--regency", "64.02",
                 "--out", str(tmp_path / "k.xlsx")]) == 0
    assert sha256_file(tmp_path / "k.xlsx") == sha256_file(blank)
    assert_cli_fails_cleanly(["template", "--lang", "en",
                              "--kind", "workbook", "--regency", "99.99", "--out",
                              tmp_path / "x" / "k.xlsx"], capsys, ["'99.99'",
                                                                   "profil_wilayah.csv"],
                             tmp_path / "x")
    assert_cli_fails_cleanly(["template", "--lang", "en",
                              "--kind", "workbook", "--out", tmp_path / "y" / "k.xlsx"],
                             capsys, ["--regency"], tmp_path / "y")


# ---------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def imported(blank, tmp_path_factory):
    d = tmp_path_factory.mktemp("imp")
    src = fill(blank, d / "kukar_isi.xlsx")
    doc = import_workbook(src, d / "out", today=pd.Timestamp("2026-12-01").date())
    return d / "out", doc, src


def test_round_trip_files_manifest_and_empty_sheet_absent(imported):
    out, doc, src = imported
    names = sorted(p.name for p in out.iterdir())
    assert names == ["MANIFEST.yaml", "missions_64.02.csv", "programmes_64.02.csv",
                     "readiness_assessment_64.02.csv", "realisation_64.02.csv",
                     "risk_register_64.02_2023.csv"]          # SWOT left empty: absent
    man = yaml.safe_load((out / "MANIFEST.yaml").read_text(encoding="utf-8"))
    assert man == doc and man["illustrative"] is False and man["regency"] == "64.02"
    for name, e in man["files"].items():
        assert e["source_file"] == "kukar_isi.xlsx" and e["source_sha256"] == sha256_file(src)
        assert e["imported"] == "2026-12-01" and e["illustrative"] is False
        assert e["sha256"] == sha256_file(out / name) and e["regency"] == "64.02"
    from analysis.data.manifest import check_hashes, verify_manifest
    assert verify_manifest(out) == []                          # a valid data directory
    check_hashes(out)                      # every file listed with its hash: commands accept it


def test_round_trip_readiness_matches_hand_calculation(imported):
    out = imported[0]
    long = readiness.load_assessments(path=out / "readiness_assessment_64.02.csv")
    assert len(long) == 9 and not readiness.assessments_are_illustrative(long)
    assert long.loc[long.kode_butir == "RK.1.1.INF.1", "bukti"].item() == "Perbup 12/2023"
    idx = readiness.readiness_index(readiness.assessments_wide(long)).iloc[0]
    # (x-1)/3: layanan_publik 1,2,3 -> mean(0, 1/3, 2/3) = 1/3; kebijakan_publik 4,4,3 -> 8/9;
    # tata_kelola_birokrasi 2,1,3 -> 1/3. Pillar = mean of the three sub-dimensions x 100
    # = (3/9 + 8/9 + 3/9) / 3 * 100 = 14/27 * 100 = 51.8518...
    assert idx["layanan_publik"] == pytest.approx(100 / 3)
    assert idx["kebijakan_publik"] == pytest.approx(800 / 9)
    assert idx["governance"] == pytest.approx(1400 / 27)
    grid = readiness.pillar_element_grid(readiness.assessments_wide(long))
    # struktur items of governance: 1, 4, 2 -> (0 + 1 + 1/3) / 3 = 4/9 -> 44.44
    g = grid[(grid.pilar == "governance") & (grid.elemen == "struktur")]["indeks"].item()
    assert g == pytest.approx(400 / 9)


def test_round_trip_risk_and_progress_loaders(imported):
    out = imported[0]
    scored, sc = risk.load_register("64.02", 2023, data_dir=out)
    # SPBE lookup (DOMAIN.md section 4): L4 x I4 = 19, L3 x I3 = 14, residual L2 x I3 = 11
    assert scored["magnitude"].tolist() == [19, 14]
    assert scored["residual_magnitude"].tolist()[0] == 11
    assert scored["untreated"].tolist() == [False, True]      # R02 above 11 without a plan
    assert scored["owner"].tolist() == ["Diskominfo", "Dinkes"]
    prog, real = progress.load_programmes("64.02", data_dir=out)
    share = progress.running_share(prog, real)
    y22 = share[(share.pillar == "all") & (share.year == 2022)].iloc[0]
    # 2022: P1 and P3 planned; P1 running, P3 not started -> 1 of 2 = 50 %
    assert (y22.planned, y22.running, y22.share_pct) == (2, 1, 50.0)
    assert prog["misi"].tolist() == ["1;5", "2", ""]          # kept as text by the loader


def test_round_trip_alignment(imported):
    out = imported[0]
    prog, _ = progress.load_programmes("64.02", data_dir=out)
    missions = alignment.load_missions(out / "missions_64.02.csv")
    count = alignment.mission_pillar_matrix(prog, missions)
    assert count.loc[1, "governance"] == 1 and count.loc[5, "governance"] == 1
    assert count.loc[2, "environment"] == 1 and int(count.to_numpy().sum()) == 3
    assert alignment.unserved_missions(prog, missions)["misi"].tolist() == [3]
    assert alignment.unaligned_programmes(prog, missions)["id"].tolist() == ["P3"]


def test_cli_import(blank, tmp_path, capsys):
    from analysis.cli import main
    src = fill(blank, tmp_path / "isi.xlsx", swot=True)
    assert main(["import", str(src), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "swot_factors_64.02.csv").exists()
    # Indonesian by default, English on request
    assert "diimpor (daerah 64.02): 6 tabel dan MANIFEST.yaml di" in capsys.readouterr().err
    assert main(["import", str(src), "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    assert "(regency 64.02): 6 tables and MANIFEST.yaml" in capsys.readouterr().err
    before = {p.name: sha256_file(p) for p in (tmp_path / "o").iterdir()}
    assert main(["import", str(src), "--out", str(tmp_path / "o")]) == 2   # never overwrites
    assert f"error: {tmp_path / 'o'}" in capsys.readouterr().err
    assert {p.name: sha256_file(p) for p in (tmp_path / "o").iterdir()} == before


# ---------------------------------------------------------------- wrong cells


def test_every_wrong_cell_is_named_and_nothing_is_written(blank, tmp_path, capsys):
    src = fill(blank, tmp_path / "salah.xlsx", swot=True)
    wb = openpyxl.load_workbook(src)
    wb["Kesiapan"]["F12"] = 5                    # a score of 5
    wb["SWOT"]["E2"] = 0.5                       # S+W weights 0.5 + 0.4 = 0.9
    wb["SWOT"]["E4"] = 0.6                       # O+T weights 0.6 + 0.5 = 1.1, same pillar
    wb["Risiko"]["I3"] = "tinggi"                # a likelihood of "tinggi"
    wb["Risiko"]["K2"] = "=B2"                   # a formula is not a value
    wb["Program"]["K3"] = "7"                    # mission 7 is not in the RPJMD
    wb["Realisasi"]["A2"] = "P9"                 # a programme that does not exist
    wb.save(src)
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, out)
    lines = [str(e) for e in ei.value.errors]
    assert lines == [
        "Kesiapan!F12: 5 is outside 1–4",
        "Risiko!K2: holds a formula (=B2); type the value instead",
        "Risiko!I3: 'tinggi' is not a number (1–5 expected)",
        "Program!K3: mission 7 is not on the Visi-Misi sheet (missions 1, 2, 3, 5)",
        "Realisasi!A2: programme 'P9' is not on the Program sheet",
        # the rules over a group of rows come after the errors of single cells
        "SWOT!E2: pillar 'governance' (year 2022): IFAS weights (S+W) sum to 0.900, 0.100 short "
        "of 1.00 (tolerance ±0.005)",
        "SWOT!E4: pillar 'governance' (year 2022): EFAS weights (O+T) sum to 1.100, 0.100 over "
        "1.00 (tolerance ±0.005)"]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["salah.xlsx"]
    err = assert_cli_fails_cleanly(["import", src, "--out", out, "--lang", "en"], capsys,
                                   ["salah.xlsx: 7 errors found, nothing was written",
                                    "Kesiapan!F12: 5 is outside 1–4", "SWOT!E2", "Risiko!I3"],
                                   out)
    assert err.count("\n  ") == 7
    # the command speaks Indonesian by default: the same cells, values and rules
    err = assert_cli_fails_cleanly(["import", src, "--out", out], capsys, [], out)
    assert err.split("\n")[0].endswith("salah.xlsx: 7 kesalahan ditemukan, tidak ada yang ditulis")
    assert [line.strip() for line in err.strip().split("\n")[1:]] == [
        "Kesiapan!F12: 5 di luar rentang 1–4",
        "Risiko!K2: berisi rumus (=B2); ketik nilainya, bukan rumus",
        "Risiko!I3: 'tinggi' bukan angka (yang diharapkan: 1–5)",
        "Program!K3: misi 7 tidak ada di lembar Visi-Misi (misi 1, 2, 3, 5)",
        "Realisasi!A2: program 'P9' tidak ada di lembar Program",
        "SWOT!E2: pilar 'governance' (tahun 2022): bobot IFAS (S+W) berjumlah 0,900, 0,100 "
        "kurang dari 1,00 (toleransi ±0,005)",
        "SWOT!E4: pilar 'governance' (tahun 2022): bobot EFAS (O+T) berjumlah 1,100, 0,100 "
        "lebih dari 1,00 (toleransi ±0,005)"]


def test_an_unknown_pillar_is_named_before_the_weight_sum_it_breaks(blank, tmp_path, capsys):
    """The cause first: a misspelt pillar takes its factor out of its pillar, so the sum of the
    pillar's correct cells falls short; that sum's error comes last and names the cause."""
    src = fill(blank, tmp_path / "k.xlsx", swot=True)
    wb = openpyxl.load_workbook(src)
    wb["SWOT"]["B3"] = "Smart Govrnance"          # the W factor (weight 0.4) of governance
    wb.save(src)
    out = tmp_path / "o"
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, out)
    lines = [str(e) for e in ei.value.errors]
    assert len(lines) == 2 and lines[0].startswith("SWOT!B3: 'Smart Govrnance': unknown pillar")
    # S+W of governance now holds only S2 = 0.6: 0.4 short of 1
    assert lines[1] == (
        "SWOT!E2: pillar 'governance' (year 2022): IFAS weights (S+W) sum to 0.600, 0.400 short "
        "of 1.00 (tolerance ±0.005); because the pillar of SWOT!B3 is wrong (fix that first: "
        "its factors may belong to this pillar)")
    err = assert_cli_fails_cleanly(["import", src, "--out", out], capsys, [], out)
    got = [line.strip() for line in err.strip().split("\n")[1:]]
    assert got[0].startswith("SWOT!B3: 'Smart Govrnance': pilar tidak dikenal; yang diizinkan: ")
    assert got[1] == (
        "SWOT!E2: pilar 'governance' (tahun 2022): bobot IFAS (S+W) berjumlah 0,600, 0,400 "
        "kurang dari 1,00 (toleransi ±0,005); karena pilar SWOT!B3 salah (perbaiki itu dahulu: "
        "faktornya mungkin milik pilar ini)")


def test_kominfo_scale_and_cross_row_rules(blank, tmp_path):
    src = fill(blank, tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(src)
    _put(wb["Risiko"], [[2021, "Q1", None, "Smart Branding", None, None, None, None, 3, 4,
                         None, None, None, None, None, "Kominfo 1-3"],
                        [2021, "Q1", None, "Smart Branding", None, None, None, None, 1, 1,
                         "ok", None, 2, None, None, "SPBE 5x5"],
                        [2021, "Q2", None, "Smart Society", None, None, None, None, 1, 1,
                         "ok", None, 2, 2, None, None]], start=4)
    wb["Risiko"]["M3"], wb["Risiko"]["N3"] = 4, 4  # R02 (2023): residual 4x4 above inherent 3x3
    wb["Program"]["G2"] = 2020                    # ends before it starts (2022)
    wb.save(src)
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, tmp_path / "o")
    # SPBE lookup: L3 x I3 = 14, L4 x I4 = 19; Kominfo: 1 x 1 = 1, 2 x 2 = 4
    assert [str(e) for e in ei.value.errors] == [
        "Risiko!M3: residual magnitude 19 (residual likelihood 4 × impact 4) is higher than the "
        "inherent magnitude 14 (likelihood 3 × impact 3) on the spbe scale; the risk after "
        "treatment may not exceed the risk before it",
        "Risiko!J4: 4 is outside 1–3",
        "Risiko!B5: 'Q1' repeats row 4 (year + risk_id must be unique)",
        "Risiko!N5: residual likelihood and residual impact go together: give both or neither",
        "Risiko!P5: register 2021 already uses scale kominfo (row 4); one register (year) uses "
        "one scale",
        "Risiko!M6: residual magnitude 4 (residual likelihood 2 × impact 2) is higher than the "
        "inherent magnitude 1 (likelihood 1 × impact 1) on the kominfo scale; the risk after "
        "treatment may not exceed the risk before it",
        "Program!G2: end year 2020 is before start year 2022"]


def test_blank_workbook_and_a_changed_regency_code_are_refused(blank, tmp_path):
    from analysis.errors import WorkbenchError
    with pytest.raises(WorkbenchError, match="every sheet is empty; nothing to import"):
        import_workbook(blank, tmp_path / "o")
    src = fill(blank, tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["Petunjuk"]["B2"] = 64.2                       # the code typed as a number
    wb.save(src)
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, tmp_path / "o")
    assert [str(e) for e in ei.value.errors] == [
        "Petunjuk!B2: regency code '64.2' is not a Kemendagri code such as 64.02"]
    assert not (tmp_path / "o").exists()


def test_code_and_mission_columns_are_text_cells(blank):
    wb = openpyxl.load_workbook(blank)
    p, r = wb["Program"], wb["Risiko"]
    # Program K = Misi RPJMD, A = ID Program; Risiko B = ID Risiko; Visi-Misi B is a number
    assert {p["K2"].number_format, p["A1001"].number_format, r["B2"].number_format} == {"@"}
    assert wb["Visi-Misi"]["B2"].number_format == "General"
    assert p["F2"].number_format == "General"


def test_rows_below_the_formatted_block_are_imported_too(blank, tmp_path):
    """1,000 formatted rows are not a limit: a programme on row 1,200 is read."""
    src = fill(blank, tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(src)
    _put(wb["Program"], [["P900", "Pasar daring", "Smart Economy", "Disdag", 5, 2024, 2025,
                          "Aplikasi", "Tidak", 75, "3"]], start=1200)
    wb.save(src)
    import_workbook(src, tmp_path / "o")
    prog = pd.read_csv(tmp_path / "o" / "programmes_64.02.csv", dtype={"misi": str})
    assert list(prog["id"]) == ["P1", "P2", "P3", "P900"]
    assert prog.loc[3, "misi"] == "3" and prog.loc[3, "budget_planned"] == 75


def test_import_never_writes_into_raw_data(blank, tmp_path):
    from analysis.errors import WorkbenchError
    from analysis.paths import RAW_DIR
    src = fill(blank, tmp_path / "k.xlsx")
    with pytest.raises(WorkbenchError, match="refusing to write into the raw-data directory"):
        import_workbook(src, RAW_DIR / "kukar_import")
    assert not (RAW_DIR / "kukar_import").exists()
