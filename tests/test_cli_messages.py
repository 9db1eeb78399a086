"""The what-if, risk, SWOT, uncertainty and correlations commands' input errors in the user's
language: Indonesian by default, English with ``--lang en`` (catalogue namespace ``messages``);
every command has a ``--lang`` for its messages."""
from __future__ import annotations

import argparse

import pandas as pd
import pytest

from analysis.cli import COMMANDS, build_parser
from analysis.masterplan import risk
from analysis.messages import error_text
from analysis.paths import RAW_DIR
from conftest import assert_cli_fails_cleanly

REGISTER = RAW_DIR / "risk_register_64.02_2023.csv"


@pytest.mark.parametrize("args, indonesian, english", [
    (["--set", "foo=3"], ["--set 'foo=3': dimensi 'foo' tidak dikenal; yang dikenal: baseline"],
     ["--set 'foo=3': unknown dimension 'foo'; known: baseline"]),
    (["--set", "impact=tinggi"], ["--set 'impact=tinggi': nilai 'tinggi' untuk impact bukan angka"],
     ["--set 'impact=tinggi': value 'tinggi' of impact is not a number"]),
    (["--set", "output=0.5"], ["--set 'output=0.5': output 0,5 berada di luar skala 1–4 instrumen"],
     ["--set 'output=0.5': output 0.5 is outside the instrument's 1–4 scale"]),
    (["--set", "impact=1e308"], ["impact 1e308 di luar rentang (terlalu besar)", "skala 1–4",
                                 "dari -3 sampai +3"],
     ["impact 1e308 is out of range (too large)", "1–4 scale", "from -3 to +3"]),
    (["--target", "4.5"], ["--target 4,5 berada di luar skala 1–4 nilai final"],
     ["--target 4.5 is outside the 1–4 scale of the final"]),
    (["--target", "3", "--set", "impact=3"], ["berikan --set atau --target, tidak keduanya"],
     ["give either --set or --target, not both"]),
    ([], ["tidak ada yang disimulasikan: berikan --set DIMENSI=NILAI atau --target FINAL"],
     ["nothing to simulate: give --set DIM=VALUE or --target FINAL"]),
])
def test_simulate_input_errors_in_indonesian_by_default(tmp_path, capsys, args, indonesian,
                                                        english):
    out = tmp_path / "out"
    argv = ["simulate", "--regency", "64.02", *args, "--out", out / "s.csv"]
    assert_cli_fails_cleanly(argv, capsys, indonesian, out)
    assert_cli_fails_cleanly([*argv, "--lang", "en"], capsys, english, out)


def test_risk_swot_and_uncertainty_errors_in_both_languages(tmp_path, capsys):
    out = tmp_path / "out"
    for argv, indonesian, english in (
            (["risk", "--register", REGISTER, "--bands", "tiga"],
             "set pita 'tiga' tidak dikenal; salah satu dari ['kominfo-3x3', ",
             "unknown band set 'tiga'; one of ['kominfo-3x3', "),
            (["swot"], "berikan --factors BERKAS atau --regency KODE, salah satu saja",
             "give either --factors FILE or --regency CODE"),
            (["risk"], "berikan --register BERKAS atau --regency KODE, salah satu saja",
             "give either --register FILE or --regency CODE"),
            (["uncertainty", "--framework", "f.yaml", "--data", "d.csv", "--samples", "1"],
             "--samples paling sedikit 2, bukan 1", "--samples must be at least 2, not 1"),
            (["correlations", "--year", "2021"],
             "tidak ada evaluasi untuk tahun [2021]; tahun yang dikenal [2022, 2023]",
             "no evaluation for year(s) [2021]; known years [2022, 2023]"),
            (["correlations", "--n-boot", "-1"], "--n-boot harus 0 atau lebih",
             "--n-boot must be 0 or more"),
            (["strategy", "--year", "3000"], "--year 3000: tahun perencanaan dari 1990 sampai 2100",
             "--year 3000: a planning year from 1990 to 2100")):
        assert_cli_fails_cleanly([*argv, "--out", out], capsys, [indonesian], out)
        assert_cli_fails_cleanly([*argv, "--out", out, "--lang", "en"], capsys, [english], out)
    nowhere = tmp_path / "no-run"
    assert_cli_fails_cleanly(["verify", nowhere], capsys, [f"{nowhere}: direktori run tidak ada"],
                             out)
    assert_cli_fails_cleanly(["verify", nowhere, "--lang", "en"], capsys,
                             [f"{nowhere}: no such run directory"], out)


def test_risk_register_lookup_errors_keep_english_text_and_say_it_in_indonesian():
    table = pd.DataFrame({"kode_kemendagri": ["64.02"], "year": [2023]})
    with pytest.raises(risk.RiskError) as err:
        risk.table_register(table, "64.02", 2030)
    assert str(err.value) == ("no risk register for 64.02 2030 in the risiko table; "
                              "available: ['64.02/2023']")
    assert error_text(err.value, "id") == ("tidak ada register risiko untuk 64.02 2030 di tabel "
                                           "risiko; yang tersedia: ['64.02/2023']")
    with pytest.raises(risk.RiskError) as err:
        risk.get_scale("iso")
    assert error_text(err.value, "id").startswith("skala risiko 'iso' tidak dikenal; salah satu")
    with pytest.raises(risk.RiskError) as err:
        risk.get_scale("spbe", "kominfo-3x3")
    assert error_text(err.value, "en") == ("band set 'kominfo-3x3' is for the kominfo scale, "
                                           "not spbe")
    assert error_text(err.value, "id") == "set pita 'kominfo-3x3' untuk skala kominfo, bukan spbe"


def test_every_command_takes_a_lang_for_its_messages():
    for name in COMMANDS:
        sub = next(a for a in build_parser([name])._actions
                   if isinstance(a, argparse._SubParsersAction))
        lang = [a for a in sub.choices[name]._actions if "--lang" in a.option_strings]
        assert len(lang) == 1 and lang[0].default == "id", name
        assert set(lang[0].choices) == {"id", "en"}, name


@pytest.mark.parametrize("lang, expected", [
    (None, "notebook laporan tidak ditemukan: "), ("en", "report notebook not found: ")])
def test_report_notebook_missing_in_the_language(tmp_path, capsys, lang, expected):
    out = tmp_path / "reports"
    argv = ["report", "--regency", "64.02", "--notebook", tmp_path / "none.ipynb", "--out", out]
    err = assert_cli_fails_cleanly(argv + (["--lang", lang] if lang else []), capsys,
                                   [expected, "none.ipynb"], out / "never")
    assert ("not found" in err) == (lang == "en")


def test_processed_tables_messages_in_indonesian():
    from analysis.messages import text
    missing = text("processed_missing", dir="/x/processed")
    other = text("processed_other_inputs", dir="/x/p", raw="/x/raw", files="a.csv, b.csv")
    assert error_text(Exception(missing), "id") == \
        "/x/processed: belum ada tabel olahan (build.json tidak ada); jalankan 'workbench build'"
    assert "dibangun dari masukan selain /x/raw (a.csv, b.csv)" in error_text(Exception(other),
                                                                               "id")
    assert str(other).startswith("/x/p: processed tables were built from other inputs than")
