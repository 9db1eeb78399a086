"""BRIN IDSD scores a regency adds as its own data (``--add``): a hand-made ``idsd_64.02.csv``
recorded in an own-data directory reaches the build table ``idsd`` with the values typed, the
competitiveness section shows them (escaped, Indonesian and English) labelled as the regency's
own data, a regency without a file shows none, and a bad file is refused naming file, row,
column, value and rule with nothing written. The scores are made up for the tests: the
workbench ships no IDSD numbers."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.paths import RAW_DIR
from analysis.processed import own_tables
from analysis.processed.project import build_processed
from analysis.processed.spec import Sources
from analysis.data.manifest import record_entry
from analysis.data.owndata import Layers
from analysis.errors import DataValidationError
from analysis.reports.sections import common, competitiveness
from conftest import assert_cli_fails_cleanly
from tests.test_own_sections import context

PILLARS = ["institusi", "infrastruktur", "adopsi_tik", "stabilitas_ekonomi_makro", "kesehatan",
           "keterampilan", "pasar_produk", "pasar_tenaga_kerja", "sistem_keuangan",
           "ukuran_pasar", "dinamika_bisnis", "kapabilitas_inovasi"]
#: Made-up scores, typed as a regency would: 2023 with the published overall, 2024 without it
#: and with two pillars left empty.
SCORES = {2023: ["3.12", "2.5", "3.01", "4.4", "3.75", "2.98", "3.3", "3.05", "2.2", "1.87",
                 "2.66", "1.9", "2.95"],
          2024: ["3.2", "2.61", "", "4.35", "4.05", "3.1", "3.36", "", "2.4", "1.95", "2.7",
                 "2.02", ""]}
#: The source as the regency records it: data text with HTML and Markdown metacharacters.
SOURCE = "BRIN <IDSD> & Bappeda *Kukar*"


def own_idsd(root, rows=None, name="idsd_64.02.csv"):
    """An own-data directory holding one IDSD file, recorded with ``workbench manifest
    record``'s function."""
    root.mkdir()
    lines = ["kode,tahun," + ",".join(PILLARS) + ",skor_idsd"]
    lines += rows if rows is not None else [
        f"64.02,{y}," + ",".join(v) for y, v in SCORES.items()]
    (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    record_entry(name, SOURCE, "2026-12-05", root)
    return root


def test_added_idsd_reaches_the_build_table_as_typed(tmp_path):
    d = own_idsd(tmp_path / "kukar")
    t = own_tables.idsd_table(Sources.from_dir(None, [d]), {}, None)
    # 12 + 1 scores in 2023, 10 in 2024 (two pillars and the overall left empty)
    assert len(t) == 23 and set(t["kode_kemendagri"]) == {"64.02"}
    assert set(t["berkas"]) == {"idsd_64.02.csv"}
    got = t.set_index(["tahun", "pilar"])["skor"]
    for year, values in SCORES.items():
        for col, typed in zip([*PILLARS, "skor_idsd"], values):
            if typed:
                assert got[(year, col)] == float(typed), (year, col)
            else:
                assert (year, col) not in got.index, (year, col)
    # components as BRIN groups the pillars (DOMAIN.md), typed here independently
    comp = t.drop_duplicates("pilar").set_index("pilar")
    assert comp.loc["kesehatan", "komponen_id"] == "Sumber Daya Manusia"
    assert comp.loc["ukuran_pasar", "komponen_en"] == "Markets"
    assert comp.loc["kapabilitas_inovasi", "komponen_id"] == "Ekosistem Inovasi"
    assert comp.loc["adopsi_tik", "nomor"] == 3 and comp.loc["skor_idsd", "nomor"] == 0
    # whose data: own, with the source as recorded
    prov = own_tables.provenance_table(Sources.from_dir(None, [d]), {}, None)
    row = prov[prov["jenis"] == "idsd"].iloc[0]
    assert (row["kode_kemendagri"], row["berkas"], row["asal"]) == ("64.02", "idsd_64.02.csv",
                                                                    "own")
    assert SOURCE in row["teks_id"] and "data daerah sendiri" in row["teks_id"]


def test_no_file_no_rows():
    t = own_tables.idsd_table(Sources.from_dir(), {}, None)
    assert t.empty and list(t.columns) == own_tables.IDSD_COLUMNS


def test_one_file_per_year_and_a_year_twice_is_named(tmp_path):
    d = tmp_path / "kukar"
    d.mkdir()
    header = "kode,tahun,institusi\n"
    (d / "idsd_64.02_2023.csv").write_text(header + "64.02,2023,3.5\n", encoding="utf-8")
    (d / "idsd_64.02_2024.csv").write_text(header + "64.02,2024,3.75\n", encoding="utf-8")
    for n in ("idsd_64.02_2023.csv", "idsd_64.02_2024.csv"):
        record_entry(n, "BRIN", "2026-12-05", d)
    t = own_tables.idsd_table(Sources.from_dir(None, [d]), {}, None)
    assert t.set_index("tahun")["skor"].to_dict() == {2023: 3.5, 2024: 3.75}
    assert list(t["berkas"]) == ["idsd_64.02_2023.csv", "idsd_64.02_2024.csv"]
    (d / "idsd_64.02_2024.csv").write_text(header + "64.02,2023,3.75\n", encoding="utf-8")
    record_entry("idsd_64.02_2024.csv", "BRIN", "2026-12-05", d)
    with pytest.raises(DataValidationError, match=r"idsd_64.02_2024.csv: IDSD 2023 of regency "
                                                  r"64.02 is also in idsd_64.02_2023.csv"):
        own_tables.idsd_table(Sources.from_dir(None, [d]), {}, None)


@pytest.mark.parametrize("lang, words", [
    ("id", ["Indeks Daya Saing Daerah (IDSD) BRIN", "Komponen", "Pilar",
            "5. Kesehatan", "Sumber Daya Manusia", "4,05", "3,12", "2,95",
            "data daerah sendiri", "Skor IDSD (seperti dipublikasikan)"]),
    ("en", ["BRIN Regional Competitiveness Index (IDSD)", "Component", "Pillar",
            "5. Health", "Human capital", "4.05", "3.12", "2.95", "own data",
            "IDSD score (as published)"])])
def test_section_shows_the_scores_escaped_as_own_data(tmp_path, shown_html, lang, words):
    d = own_idsd(tmp_path / "kukar")
    sec = competitiveness.section(context(Sources.from_dir(None, [d]), "64.02", lang))
    common.flush_md()
    html = "\n".join(shown_html)
    for w in words:
        assert w in html, (lang, w)
    # the recorded source is data text: escaped, never a tag or emphasis
    assert "&lt;IDSD&gt; &amp; Bappeda \\*Kukar\\*" in html and "<IDSD>" not in html
    assert "idsd\\_64.02.csv" in html
    rec = sec.record["idsd"]
    assert rec["tahun"] == [2023, 2024] and rec["berkas"] == ["idsd_64.02.csv"]
    assert rec["skor"][2024]["kesehatan"] == 4.05 and "skor_idsd" not in rec["skor"][2024]
    assert rec["skor"][2023]["skor_idsd"] == 2.95
    # pillars in BRIN's order, the overall last; an empty cell shows as missing
    table = next(x for x in shown_html if "<table" in x and "2024" in x)
    assert table.index("1. ") < table.index("12. ") < table.index(words[-1])


def test_regency_without_idsd_shows_none(tmp_path, shown_html):
    d = own_idsd(tmp_path / "kukar")
    sec = competitiveness.section(context(Sources.from_dir(None, [d]), "62.06", "id"))
    common.flush_md()
    assert "idsd" not in sec.record
    assert not any("IDSD" in x for x in shown_html)


@pytest.mark.parametrize("row, column, value, rule", [
    ("64.02,2023,3.12,6", "infrastruktur", "'6'", "outside the IDSD scale 0–5"),
    ('64.02,2023,"3,12",2', "institusi", "'3,12'", "decimal comma; type 3.12"),
    ("62.06,2023,3.1,2", "kode", "'62.06'", "every row's kode must be 64.02"),
    ("64.02,2021,3.1,2", "tahun", "'2021'", "starts in 2022"),
])
def test_bad_file_is_refused_naming_file_row_column_value(tmp_path, capsys, row, column, value,
                                                          rule):
    d = tmp_path / "kukar"
    d.mkdir()
    name = "idsd_64.02.csv"
    (d / name).write_text(f"kode,tahun,institusi,infrastruktur\n64.02,2022,3,2\n{row}\n",
                          encoding="utf-8")
    record_entry(name, "BRIN", "2026-12-05", d)
    with pytest.raises(DataValidationError) as err:
        Layers.load(RAW_DIR, [d])
    msg = str(err.value)
    assert name in msg and "row 3" in msg and f"column '{column}'" in msg and value in msg, msg
    assert rule in msg, msg
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["build", "--add", d, "--out", out, "--only", "idsd", "--lang", "en"],
                             capsys,
                             [name, "row 3", f"column '{column}'", rule], out)


@pytest.mark.slow
def test_layered_build_and_report_section_beside_the_bps_indicators(tmp_path, shown_html):
    from analysis.reports.context import load_context

    d = own_idsd(tmp_path / "kukar")
    res = build_processed(None, tmp_path / "processed", adds=[d])
    part = pd.read_csv(res.out_dir / "idsd" / "64.02.csv", dtype={"kode_kemendagri": str})
    assert part.set_index(["tahun", "pilar"]).loc[(2024, "kesehatan"), "skor"] == 4.05
    ctx = load_context("64.02", "en", None, str(res.out_dir))
    sec = competitiveness.section(ctx)
    common.flush_md()
    assert sec.record["indikator"]["ipm"]["nilai"] == 75.91       # BPS, beside the own scores
    assert sec.record["idsd"]["skor"][2023]["institusi"] == 3.12
    assert "own data" in "\n".join(shown_html)
    other = competitiveness.section(load_context("62.06", "en", None, str(res.out_dir)))
    assert "idsd" not in other.record
