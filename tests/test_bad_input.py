"""Bad input: a clear message naming file, row, column, value and rule; nothing written."""
from __future__ import annotations

import pytest

from analysis.cli import main
from conftest import assert_cli_fails_cleanly, record_hashes, replace_in

EVAL22 = "kominfo_evaluasi_2022.csv"


def run_build(raw, out, capsys):
    code = main(["build", "--data-dir", str(raw), "--out", str(out), "--lang", "en"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("old,new,expected", [
    # code 64.2 instead of 64.02 (the format rule, row 25 = Paser's line)
    ("64.01,KAB. PASER", "64.1,KAB. PASER",
     [EVAL22, "row 24", "column 'kode_kemendagri'", "'64.1'", "format"]),
    # a score of 7 on a 1-4 instrument
    ("33.13,KAB. KARANGANYAR,3.3,", "33.13,KAB. KARANGANYAR,7,",
     [EVAL22, "row 9", "column 'baseline'", "'7'", "above the maximum 4.0"]),
    # duplicate regency (Belitung listed twice)
    ("19.06,KAB. BELITUNG TIMUR", "19.02,KAB. BELITUNG TIMUR",
     [EVAL22, "row 3", "'19.02'", "duplicate kode_kemendagri", "already on row 2"]),
    # malformed CSV: an extra field on one line
    ("12.06,KAB. KARO,2.85,", "12.06,KAB. KARO,2.85,9,",
     [EVAL22, "row 10", "malformed CSV", "expected 8 fields", "found 9"]),
    # text where a number is expected
    ("35.07,KAB. MALANG,1.4,", "35.07,KAB. MALANG,satu,",
     [EVAL22, "row 16", "column 'baseline'", "'satu'", "not a number"]),
])
def test_bad_evaluation_table(raw_copy, tmp_path, capsys, old, new, expected):
    replace_in(raw_copy / EVAL22, old, new)
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["build", "--lang", "en",
                              "--data-dir", raw_copy, "--out", out], capsys, expected, out)


def test_missing_column(raw_copy, tmp_path, capsys):
    path = raw_copy / EVAL22
    lines = path.read_text().splitlines()
    # drop nilai_final
    path.write_text("\n".join(",".join(ln.split(",")[:-1]) for ln in lines) + "\n")
    record_hashes(raw_copy)               # recorded as one's own data: the loader sees it
    out = tmp_path / "out"
    code, err = run_build(raw_copy, out, capsys)
    assert code == 2
    assert "missing required column(s) ['nilai_final']" in err and EVAL22 in err
    assert not out.exists()


def test_evaluated_regency_without_profile(raw_copy, tmp_path, capsys):
    replace_in(raw_copy / "profil_wilayah.csv", "\n35.07,3507,Kabupaten Malang",
               "\n35.99,3599,Kabupaten Malang")
    out = tmp_path / "out"
    code, err = run_build(raw_copy, out, capsys)
    assert code == 2
    assert "'35.07'" in err and "has no profile" in err and "row 16" in err
    assert not out.exists()


def test_bps_code_format(raw_copy, tmp_path, capsys):
    replace_in(raw_copy / "profil_wilayah.csv", "64.02,6403,", "64.02,640,")
    code, err = run_build(raw_copy, tmp_path / "out", capsys)
    assert code == 2
    assert "profil_wilayah.csv" in err and "column 'kode_bps'" in err and "'640'" in err


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_failed_build_keeps_previous_output(raw_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_build(raw_copy, out, capsys)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    replace_in(raw_copy / EVAL22, "64.01,KAB. PASER", "64.1,KAB. PASER")
    assert run_build(raw_copy, out, capsys)[0] == 2
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before == after  # nothing half-written, nothing lost


@pytest.mark.notebook  # starts the report workers (they warm up while the build runs)
def test_report_whose_build_fails_stops_its_workers_and_writes_nothing(raw_copy, tmp_path,
                                                                       capsys, monkeypatch):
    import multiprocessing

    from analysis.reports import runner
    started, real = [], runner.start_workers

    def spy(*args, **kwargs):              # the workers the run starts before its build
        started.extend(real(*args, **kwargs))
        return started
    monkeypatch.setattr(runner, "start_workers", spy)
    replace_in(raw_copy / EVAL22, "33.13,KAB. KARANGANYAR,3.3,", "33.13,KAB. KARANGANYAR,7,")
    out = tmp_path / "reports"
    assert_cli_fails_cleanly(["report", "--regency", "64.02", "62.06", "--jobs", "2",
                              "--data-dir", raw_copy, "--out", out,
                              "--processed-dir", tmp_path / "processed"], capsys,
                             [EVAL22, "baris 9", "kolom 'baseline'", "'7'",
                              "di atas maksimum 4,0"], out / "none")   # Indonesian by default
    assert len(started) == 2 and not any(w.proc.is_alive() for w in started)  # started, stopped
    assert multiprocessing.active_children() == []
    assert not any(p.is_dir() and p.name[0].isdigit() for p in out.glob("*"))  # no run dir
