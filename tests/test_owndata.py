"""A regency's own data layered over the national data (``--add``): the rules of
:mod:`analysis.data.owndata` on small hand-made directories."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.data.owndata import Layers, OwnDataError, file_kind, provenance
from analysis.errors import DataValidationError
from analysis.io import sha256_file
from analysis.paths import RAW_DIR


def own_dir(root: Path, names, regency="64.02", workbook="kukar.xlsx") -> Path:
    """An add directory as ``workbench import`` writes it: tables and a MANIFEST.yaml."""
    root.mkdir(parents=True)
    files = {}
    for n in names:
        (root / n).write_text("regency\n" + regency + "\n", encoding="utf-8")
        files[n] = {"source_file": workbook, "imported": "2026-12-01", "illustrative": False,
                    "regency": regency, "publisher": "Pemerintah", "vintage": "2026",
                    "sha256": sha256_file(root / n)}
    (root / "MANIFEST.yaml").write_text(yaml.safe_dump(
        {"illustrative": False, "regency": regency, "files": files}), encoding="utf-8")
    return root


def test_file_kinds():
    assert file_kind("risk_register_64.02_2021.csv") == ("risk_register", "64.02")
    assert file_kind("realisation_62.06.csv") == ("programmes", "62.06")   # one family
    assert file_kind("readiness_assessment_illustrative.csv") == ("readiness_assessment", None)
    assert file_kind("swot_factors_64.02.xlsx") == ("swot_factors", "64.02")
    assert file_kind("profil_wilayah.csv") is None


def test_own_files_replace_that_regencys_national_files_only(tmp_path):
    kukar = own_dir(tmp_path / "kukar", ["risk_register_64.02_2024.csv",
                                         "programmes_64.02.csv", "readiness_assessment_64.02.csv"])
    lay = Layers.load(RAW_DIR, [kukar])
    risk = [p.name for p in lay.files("risk_register_*.csv")]
    # both shipped 64.02 registers (2021, 2023) go; Katingan's stays; the own one comes last
    assert risk == ["risk_register_62.06_2023.csv", "risk_register_64.02_2024.csv"]
    assert lay.files("risk_register_*.csv")[-1].parent == kukar
    prog = [p.name for p in lay.files("programmes_*")]
    assert prog == ["programmes_62.06.csv", "programmes_62.06.xlsx", "programmes_64.02.csv"]
    assert lay.files("programmes_*")[-1].parent == kukar          # national csv and xlsx gone
    # programmes and realisation are one family: own programmes drop the national realisation
    assert [p.name for p in lay.files("realisation_*.csv")] == ["realisation_62.06.csv"]
    # the national multi-regency file stays (other regencies' ranks); own file added to it
    # a pattern for one regency gets that regency's files only
    assert lay.files("risk_register_62.06_*.csv") == Layers.load(RAW_DIR).files(
        "risk_register_62.06_*.csv")
    assert [p.parent for p in lay.files("risk_register_64.02_*.csv")] == [kukar]
    ready = lay.files("readiness_assessment_illustrative.csv")
    assert [p.parent for p in ready] == [RAW_DIR, kukar]
    assert lay.own_codes("readiness_assessment") == ["64.02"] and lay.own_codes() == ["64.02"]
    # untouched: published tables and kinds without own files
    assert [p.name for p in lay.files("swot_factors_*.csv")] == ["swot_factors_62.06.csv",
                                                                "swot_factors_64.02.csv"]
    national = Layers.load(RAW_DIR)
    assert lay.files("kominfo_evaluasi_*.csv") == national.files("kominfo_evaluasi_*.csv")


def test_without_adds_files_are_the_national_glob():
    lay = Layers.load(RAW_DIR)
    assert lay.files("risk_register_*.csv") == sorted(RAW_DIR.glob("risk_register_*.csv"))
    assert lay.key() == ""


def test_several_regencies_work_together_and_key_changes(tmp_path):
    a = own_dir(tmp_path / "a", ["swot_factors_64.02.csv"])
    b = own_dir(tmp_path / "b", ["swot_factors_62.06.csv"], regency="62.06")
    lay = Layers.load(RAW_DIR, [a, b])
    assert [(p.parent.name, p.name) for p in lay.files("swot_factors_*.csv")] == [
        ("b", "swot_factors_62.06.csv"), ("a", "swot_factors_64.02.csv")]
    key = lay.key()
    assert len(key) == 16 and key != Layers.load(RAW_DIR, [a]).key()
    assert Layers.load(RAW_DIR, [b, a]).key() == key                # order of --add is irrelevant


def test_same_regency_and_kind_in_two_dirs_is_an_error_naming_both(tmp_path):
    a = own_dir(tmp_path / "a", ["risk_register_64.02_2023.csv"])
    b = own_dir(tmp_path / "b", ["risk_register_64.02_2024.csv"])
    with pytest.raises(OwnDataError) as err:
        Layers.load(RAW_DIR, [a, b])
    msg = str(err.value)
    assert str(a / "risk_register_64.02_2023.csv") in msg
    assert str(b / "risk_register_64.02_2024.csv") in msg and "64.02" in msg
    # other kinds of the same regency in two directories are fine
    c = own_dir(tmp_path / "c", ["swot_factors_64.02.csv"])
    assert Layers.load(RAW_DIR, [a, c]).own_codes() == ["64.02"]


def test_add_dir_checks(tmp_path):
    d = own_dir(tmp_path / "d", ["swot_factors_64.02.csv"])
    (d / "swot_factors_64.02.csv").write_text("regency\n64.03\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="sha256 differs"):
        Layers.load(RAW_DIR, [d])
    e = own_dir(tmp_path / "e", ["swot_factors_64.02.csv"])
    (e / "notes.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="notes.csv: not an own-data table"):
        Layers.load(RAW_DIR, [e])
    f = own_dir(tmp_path / "f", ["swot_factors_64.02.csv"])
    (f / "missions_64.02.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="missions_64.02.csv: not listed"):
        Layers.load(RAW_DIR, [f])
    g = tmp_path / "g"
    g.mkdir()
    with pytest.raises(OwnDataError, match="no MANIFEST.yaml"):
        Layers.load(RAW_DIR, [g])
    with pytest.raises(OwnDataError, match="not a directory"):
        Layers.load(RAW_DIR, [tmp_path / "missing"])
    h = own_dir(tmp_path / "h", ["swot_factors_64.02.csv"])
    with pytest.raises(OwnDataError, match="given twice"):
        Layers.load(RAW_DIR, [h.parent / "h", h])
    with pytest.raises(OwnDataError, match="data directory itself"):
        Layers.load(h, [h])


def test_provenance_texts(tmp_path):
    d = own_dir(tmp_path / "k", ["swot_factors_64.02.csv"])
    lay = Layers.load(RAW_DIR, [d])
    own = lay.entry(d / "swot_factors_64.02.csv")
    assert provenance(own, own=True) == {
        "kind": "own", "text": "data daerah sendiri (kukar.xlsx, diimpor 2026-12-01)"}
    assert provenance(own, own=True, lang="en")["text"] == "own data (kukar.xlsx, imported " \
                                                           "2026-12-01)"
    ill = provenance(lay.entry(RAW_DIR / "swot_factors_62.06.csv"))
    assert ill["kind"] == "illustrative" and "ILUSTRATIF" in ill["text"]
    pub = provenance(lay.entry(RAW_DIR / "kominfo_evaluasi_2022.csv"), lang="en")
    assert pub == {"kind": "published", "text": "Kementerian Komunikasi dan Informatika, 2022"}
    rec = provenance({"own_data": True, "source": "Bappeda", "recorded": "2026-11-02"})
    assert rec["text"] == "data daerah sendiri (Bappeda, dicatat 2026-11-02)"
