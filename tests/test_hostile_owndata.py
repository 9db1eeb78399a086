"""Hostile and broken own data (``workbench import``, ``manifest record``, ``--add``) and
manifests: each case feeds the input a user could make and asserts the message and that nothing
was written or changed."""
from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.cli import main
from analysis.data import manifest as dm
from analysis.data.owndata import Layers
from analysis.errors import DataValidationError, OutputError, RawDataWriteError
from analysis.io import sha256_file
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook, lock_path
from analysis.paths import PROJECT_ROOT, RAW_DIR
from tests.conftest import assert_cli_fails_cleanly
from tests.test_workbook import fill
from tests.test_yaml_safety import alias_bomb

READY = "readiness_assessment_64.02.csv"
RISK = "risk_register_64.02_2023.csv"
TODAY = pd.Timestamp("2026-12-01").date()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """Filled workbooks of Kutai Kartanegara (64.02) and Katingan (62.06)."""
    d = tmp_path_factory.mktemp("wb")
    kukar = fill(write_regency_workbook("64.02", d / "kukar.xlsx"), d / "kukar_isi.xlsx")
    katingan = fill(write_regency_workbook("62.06", d / "katingan.xlsx"), d / "katingan_isi.xlsx")
    return {"64.02": Path(kukar), "62.06": Path(katingan)}


@pytest.fixture(scope="module")
def imported(workbooks, tmp_path_factory):
    """Kutai Kartanegara's workbook imported as ``workbench import`` does (read-only here)."""
    out = tmp_path_factory.mktemp("imp") / "data_kukar"
    import_workbook(workbooks["64.02"], out, today=TODAY)
    return out


@pytest.fixture
def own(imported, tmp_path):
    """A copy of the import directory, safe to edit."""
    return Path(shutil.copytree(imported, tmp_path / "data_kukar"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _only_entry_changed(before: str, after: str, name: str) -> None:
    """Every line of ``after`` outside the entry of ``name`` is the line of ``before``."""
    b, a = before.splitlines(), after.splitlines()
    start = b.index(f"  {name}:")
    stop = next((i for i in range(start + 1, len(b))
                 if b[i].startswith("  ") and not b[i].startswith("   ")), len(b))
    assert a[:start] == b[:start]
    assert a[len(a) - (len(b) - stop):] == b[stop:]
    changed = [ln for ln in difflib.unified_diff(b, a, lineterm="", n=0)
               if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert changed and len(a) - (len(b) - stop) > start


def _own_row(out: Path) -> pd.Series:
    tab = pd.read_csv(out / "readiness.csv", dtype={"kode_kemendagri": str})
    mine = tab[tab.sumber == "own"]
    assert len(mine) == 1, mine
    return mine.iloc[0]


# ------------------------------------------------ own data is own data: import -> edit -> record


def test_import_marks_every_entry_as_own_data(imported):
    doc = dm.load_manifest(imported)
    assert doc["own_data"] is True and doc["regency"] == "64.02"
    for name, entry in doc["files"].items():
        assert entry["own_data"] is True and entry["illustrative"] is False, name
        assert entry["source_file"] == "kukar_isi.xlsx" and entry["imported"] == "2026-12-01"
        assert not dm.is_published(entry) and dm.is_own(entry)
    # an import directory written before entries said so (workbook named, import date): own too
    legacy = {k: v for k, v in doc["files"][READY].items() if k != "own_data"}
    assert dm.is_own(legacy) and not dm.is_published(legacy)
    assert dm.is_published({"publisher": "Kementerian", "illustrative": False})


def test_documented_workflow_edit_an_own_file_then_record_it(own, tmp_path, capsys):
    """docs/panduan-daerah.md: an own file changed after the import is refused by every --add
    command with the hint to record it; `manifest record` records it (not "a published
    source"), changing only that entry; the commands then read the edited file."""
    before = (own / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    # first governance item scored 4 instead of 1 (GOV_SCORES of tests/test_workbook.py)
    _edit(own / READY, "RK.1.1.STR.1,1.0,", "RK.1.1.STR.1,4.0,")
    out = tmp_path / "out"
    err = assert_cli_fails_cleanly(["readiness", "--add", own, "--out", out], capsys,
                                   [str(own / READY), "sha256 differs",
                                    f"workbench manifest record {READY}"], out)
    assert "published" not in err
    assert main(["manifest", "record", str(own / READY), "--source",
                 "Bappeda Kukar, penilaian revisi", "--date", "2026-12-05"]) == 0
    after = (own / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    entry = yaml.safe_load(after)["files"][READY]
    assert entry == {"source": "Bappeda Kukar, penilaian revisi", "publisher": "own data",
                     "vintage": "2026", "recorded": "2026-12-05", "licence": "own data",
                     "illustrative": False, "own_data": True, "sha256": sha256_file(own / READY)}
    # only the lines of that entry changed: the comment, the header keys and the other
    # entries are byte for byte as the import wrote them
    _only_entry_changed(before, after, READY)
    assert after.startswith("# Written by workbench import")
    others = {n: e for n, e in yaml.safe_load(after)["files"].items() if n != READY}
    assert others == {n: e for n, e in yaml.safe_load(before)["files"].items() if n != READY}
    # the edited score is used: sub-dimension 1 of governance 1,2,3 -> 4,2,3, so its mean of
    # (x-1)/3 goes 1/3 -> 2/3 and governance = (6/9 + 8/9 + 3/9) / 3 x 100 = 1700/27
    assert main(["readiness", "--add", str(own), "--out", str(out)]) == 0
    assert _own_row(out).governance == pytest.approx(1700 / 27)
    prov = Layers.load(RAW_DIR, [own])
    from analysis.data.owndata import file_provenance
    assert file_provenance(prov, own / READY)["text"] == \
        "data daerah sendiri (Bappeda Kukar, penilaian revisi, dicatat 2026-12-05)"


@pytest.mark.slow  # validate --add builds the tables of own files (seconds)
def test_documented_workflow_ends_with_validate_add_passing(own, capsys):
    _edit(own / READY, "RK.1.1.STR.1,1.0,", "RK.1.1.STR.1,4.0,")
    assert main(["validate", "--add", str(own)]) == 2
    assert "sha256 differs" in capsys.readouterr().err
    assert main(["manifest", "record", READY, "--data-dir", str(own), "--source",
                 "Bappeda Kukar", "--date", "2026-12-05"]) == 0
    assert main(["validate", "--add", str(own), "--lang", "en"]) == 0
    assert "1 own-data directory valid" in capsys.readouterr().out


def test_record_still_refuses_a_published_source(raw_copy, capsys):
    before = (raw_copy / dm.MANIFEST_NAME).read_bytes()
    assert main(["manifest", "record", "kominfo_evaluasi_2023.csv", "--data-dir", str(raw_copy),
                 "--source", "saya", "--date", "2026-01-01"]) == 2
    assert "published source" in capsys.readouterr().err
    assert (raw_copy / dm.MANIFEST_NAME).read_bytes() == before


# ------------------------------------------------------------ manifest record and data/raw


@pytest.mark.parametrize("argv", [
    ["risk_register_64.02_2023.csv"],
    ["risk_register_64.02_2023.csv", "--data-dir", str(RAW_DIR)],
    [str(RAW_DIR / "risk_register_64.02_2023.csv")],
    ["profil_wilayah.csv", "--data-dir", str(PROJECT_ROOT / "data" / "national")],
])
def test_record_into_a_shipped_data_set_is_refused_and_changes_no_byte(argv, capsys,
                                                                       monkeypatch):
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    target = Path(argv[-1]) if "--data-dir" in argv else RAW_DIR
    before = (target / dm.MANIFEST_NAME).read_bytes()
    listing = sorted(p.name for p in target.iterdir())
    assert main(["manifest", "record", *argv, "--source", "x", "--date", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert "refusing to write into" in err and str(target) in err
    assert "data set shipped with the project" in err
    assert (target / dm.MANIFEST_NAME).read_bytes() == before
    assert sorted(p.name for p in target.iterdir()) == listing       # no temp file left


def test_record_in_a_copy_of_raw_changes_only_that_entry(raw_copy):
    """The curated manifest layout (folded sources, quoted hashes, comments) survives a
    record: only the recorded entry's lines differ."""
    name = "risk_register_64.02_2023.csv"
    before = (raw_copy / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    _edit(raw_copy / name, ",4,4,Jalur cadangan", ",5,4,Jalur cadangan")
    dm.record_entry(name, "Diskominfo Kukar", "2026-11-30", raw_copy)
    after = (raw_copy / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    _only_entry_changed(before, after, name)
    assert "illustrative: false   # this directory holds published data" in after
    entry = yaml.safe_load(after)["files"][name]
    assert entry["sha256"] == sha256_file(raw_copy / name) and entry["own_data"] is True
    assert not [p for p in dm.verify_manifest(raw_copy) if name in p]


def test_record_adds_a_new_entry_at_the_end_of_files(own):
    shutil.copy(own / RISK, own / "risk_register_64.02_2024.csv")
    _edit(own / "risk_register_64.02_2024.csv", "64.02,2023,", "64.02,2024,")
    before = (own / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    dm.record_entry("risk_register_64.02_2024.csv", "Diskominfo", "2026-12-02", own)
    after = (own / dm.MANIFEST_NAME).read_text(encoding="utf-8")
    assert after.startswith(before)                          # appended: nothing else moved
    assert Layers.load(RAW_DIR, [own]).own_files("risk_register", "64.02")[-1].name == \
        "risk_register_64.02_2024.csv"


# ------------------------------------------------------- two imports into one new directory


def test_two_concurrent_imports_into_one_directory_one_wins(workbooks, tmp_path):
    out = tmp_path / "shared" / "data"
    results, go = {}, threading.Barrier(2)

    def run(code):
        go.wait()
        try:
            results[code] = import_workbook(workbooks[code], out, today=TODAY)
        except (OutputError, RawDataWriteError) as exc:
            results[code] = exc

    threads = [threading.Thread(target=run, args=(c,)) for c in ("64.02", "62.06")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [c for c, r in results.items() if isinstance(r, dict)]
    lost = [r for r in results.values() if isinstance(r, (OutputError, RawDataWriteError))]
    assert len(won) == 1 and len(lost) == 1, results
    msg = str(lost[0])
    assert str(out) in msg
    # refused by the lock while the other import runs, or, once it has written, because the
    # directory now holds a manifest (raw data: never written into)
    assert ("another workbench import into this directory is running" in msg
            and str(lock_path(out)) in msg) or "refusing to write into the raw-data" in msg
    # the winner's tables only, all listed with their hashes; no lock or temp dir left
    code = won[0]
    assert all(code in p.name for p in out.glob("*.csv"))
    assert dm.load_manifest(out)["regency"] == code
    assert dm.verify_manifest(out) == []
    assert Layers.load(RAW_DIR, [out]).own_codes() == [code]
    assert sorted(p.name for p in out.parent.iterdir()) == ["data"]


def test_a_held_lock_is_refused_naming_it_and_left_alone(workbooks, tmp_path, capsys):
    out = tmp_path / "data_kukar"
    lock = lock_path(out)
    lock.write_text("pid 4242 on host, kukar_isi.xlsx, since 2026-12-01T00:00:00+00:00\n")
    err = assert_cli_fails_cleanly(["import", workbooks["64.02"], "--out", out], capsys,
                                   [str(out), "impor workbench lain", str(lock),
                                    "pid 4242", f"hapus {lock}"], out)
    assert_cli_fails_cleanly(["import", workbooks["64.02"], "--out", out, "--lang", "en"],
                             capsys, [str(out), "another workbench import", str(lock),
                                      "pid 4242", f"delete {lock}"], out)
    assert "Traceback" not in err
    assert lock.read_text().startswith("pid 4242")            # not ours: not removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [lock.name]
    lock.unlink()
    assert main(["import", str(workbooks["64.02"]), "--out", str(out)]) == 0
    assert not lock.exists()                                  # ours: removed at the end
    # a second import into the now filled directory is refused, the first one's data kept
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert_cli_fails_cleanly(["import", workbooks["62.06"], "--out", out], capsys,
                             ["refusing to write into the raw-data directory"],
                             tmp_path / "none")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not lock.exists()


def test_a_lock_left_by_a_killed_import_says_so(workbooks, tmp_path, capsys):
    import socket
    proc = subprocess.Popen(["true"])
    proc.wait()                                          # its pid no longer runs
    out = tmp_path / "data_kukar"
    lock_path(out).write_text(f"pid {proc.pid} on {socket.gethostname()}, kukar_isi.xlsx, "
                              f"since 2026-12-01T00:00:00+00:00\n")
    assert_cli_fails_cleanly(["import", workbooks["64.02"], "--out", out], capsys,
                             [str(lock_path(out)), "sudah tidak berjalan", "hapus"], out)
    assert_cli_fails_cleanly(["import", workbooks["64.02"], "--out", out, "--lang", "en"],
                             capsys, [str(lock_path(out)), "no longer running", "delete"], out)
    assert lock_path(out).exists()


def test_a_failed_import_leaves_no_lock_and_no_folder(tmp_path, capsys):
    bad = tmp_path / "kosong.xlsx"
    write_regency_workbook("64.02", bad)                       # every sheet empty
    out = tmp_path / "new" / "deeper" / "data"
    assert main(["import", str(bad), "--out", str(out)]) == 2
    assert "kosong.xlsx: setiap lembar kosong; tidak ada yang diimpor" in capsys.readouterr().err
    assert main(["import", str(bad), "--out", str(out), "--lang", "en"]) == 2
    assert "kosong.xlsx: every sheet is empty; nothing to import" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kosong.xlsx"]


# ------------------------------------------------------ an alias bomb in an add manifest


def test_an_alias_bomb_in_an_add_manifest_is_refused(own, tmp_path, capsys):
    manifest = own / dm.MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["readiness", "--add", own, "--out", out], capsys,
                             [str(manifest), "anchors and aliases"], out)


# -------------------------------------------------- an own file of another regency, a link


def test_own_files_rewritten_to_another_regency_are_refused(own, tmp_path, capsys):
    """64.02's readiness and risk tables with every code changed to 62.06 and their hashes
    recorded: refused naming file, row, column, value and rule; nothing written."""
    _edit(own / READY, "64.02,Kabupaten", "62.06,Kabupaten")
    _edit(own / RISK, "\n64.02,2023,", "\n62.06,2023,")
    for name in (READY, RISK):
        assert main(["manifest", "record", name, "--data-dir", str(own), "--source", "x",
                     "--date", "2026-12-02"]) == 0
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["readiness", "--add", own, "--out", out, "--lang", "en"], capsys,
                             [str(own / READY), "row 2", "column 'kode_kemendagri'",
                              "value '62.06'", "named for regency 64.02"], out)
    assert_cli_fails_cleanly(["risk", "--regency", "62.06", "--add", own, "--out", out,
                              "--lang", "en"], capsys,
                             ["row 2", "value '62.06'", "every row's regency code must be 64.02"],
                             out)


def test_one_foreign_row_is_refused_naming_its_row(own):
    _edit(own / RISK, "\n64.02,2023,R02", "\n62.06,2023,R02")      # only the second row
    dm.record_entry(RISK, "x", "2026-12-02", own)
    with pytest.raises(DataValidationError) as err:
        Layers.load(RAW_DIR, [own])
    assert (err.value.row, err.value.column, err.value.value) == (3, "regency", "62.06")
    assert err.value.file == str(own / RISK)


def test_a_manifest_entry_of_anown_regency_is_refused(own):
    doc = yaml.safe_load((own / dm.MANIFEST_NAME).read_text(encoding="utf-8"))
    doc["files"][READY]["regency"] = "62.06"
    (own / dm.MANIFEST_NAME).write_text(yaml.safe_dump(doc, sort_keys=False),
                                          encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        Layers.load(RAW_DIR, [own])
    assert str(own / dm.MANIFEST_NAME) in str(err.value) and READY in str(err.value)
    assert "regency '62.06' differs from 64.02" in str(err.value)


def test_a_symlinked_own_file_is_refused_not_dropped(own, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(own / READY, elsewhere / READY)
    (own / READY).symlink_to(elsewhere / READY)
    assert sha256_file(own / READY) == dm.load_manifest(own)["files"][READY]["sha256"]
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["readiness", "--add", own, "--out", out], capsys,
                             [str(own / READY), "symbolic link", str(elsewhere / READY),
                              "copy the file in"], out)
    # inside the directory too: a link is never the file itself
    (own / READY).unlink()
    shutil.copy(elsewhere / READY, own / "copy.txt")
    (own / READY).symlink_to("copy.txt")
    with pytest.raises(DataValidationError, match="symbolic link"):
        Layers.load(RAW_DIR, [own])
    assert main(["manifest", "record", str(own / READY), "--source", "x", "--date",
                 "2026-12-02"]) == 2
    assert "symbolic link" in capsys.readouterr().err


# ----------------------------------------------- manifest entries that point outside the dir


@pytest.mark.parametrize("entry", ["../../outside/readiness_assessment_64.02.csv",
                                   "/etc/hostname", "sub/../x.csv", ".."])
def test_manifest_entries_leaving_the_directory_are_refused(own, tmp_path, capsys, entry):
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    shutil.copy(own / READY, outside / READY)
    doc = yaml.safe_load((own / dm.MANIFEST_NAME).read_text(encoding="utf-8"))
    doc["files"][entry] = {"source": "x", "publisher": "x", "sha256": "0" * 64}
    (own / dm.MANIFEST_NAME).write_text(yaml.safe_dump(doc), encoding="utf-8")
    out = tmp_path / "out"
    err = assert_cli_fails_cleanly(["readiness", "--add", own, "--out", out], capsys,
                                   [str(own / dm.MANIFEST_NAME), repr(entry),
                                    "points outside", "list it by its name"], out)
    assert "published" not in err


# ---------------------------------------------------------- file names under an ASCII locale


def _as_ascii_locale_gives_it(path) -> str:
    """A path as Python hands it out under an ASCII locale: UTF-8 bytes escaped
    (``'kü'`` -> ``'k\\udcc3\\udcbc'``)."""
    return os.fsencode(path).decode("ascii", "surrogateescape")


def test_non_ascii_names_are_recorded_as_utf8_text(own, workbooks, tmp_path):
    name = "catatan_rapat_kecamatan_tenggarong_ü.csv"
    shutil.copy(own / READY, own / name)
    wb = tmp_path / "kükar_isi.xlsx"
    shutil.copy(workbooks["64.02"], wb)
    assert main(["manifest", "record", _as_ascii_locale_gives_it(own / name), "--source",
                 "rapat", "--date", "2026-12-03"]) == 0
    assert main(["import", _as_ascii_locale_gives_it(wb), "--out", str(tmp_path / "imp")]) == 0
    text = (own / dm.MANIFEST_NAME).read_bytes().decode("utf-8")       # strict: valid UTF-8
    assert name in yaml.safe_load(text)["files"] and "udc" not in text.lower()
    imp = (tmp_path / "imp" / dm.MANIFEST_NAME).read_bytes().decode("utf-8")
    assert yaml.safe_load(imp)["source_file"] == "kükar_isi.xlsx" and "udc" not in imp.lower()
    dm.check_hashes(own)
    assert dm.verify_manifest(own) == []


@pytest.mark.slow  # starts a Python process with an ASCII locale (seconds of imports)
def test_non_ascii_names_under_a_real_ascii_locale(own, workbooks, tmp_path):
    """LANG=C, LC_ALL=C, PYTHONIOENCODING unset, UTF-8 mode off: the names reach Python as
    escaped bytes; the manifest still records them as UTF-8 text and reads them back."""
    name = "catatan_rapat_ü.csv"
    shutil.copy(own / READY, own / name)
    wb = tmp_path / "kükar_isi.xlsx"
    shutil.copy(workbooks["64.02"], wb)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    env.update(LANG="C", LC_ALL="C", PYTHONUTF8="0",
               PYTHONPATH=os.pathsep.join([str(PROJECT_ROOT), env.get("PYTHONPATH", "")]))
    code = ("import sys\n"
            "from analysis.cli import main\n"
            "from analysis.data.manifest import check_hashes, verify_manifest\n"
            "assert sys.getfilesystemencoding() == 'ascii', sys.getfilesystemencoding()\n"
            "own, name, wb, out = sys.argv[1:]\n"
            "assert main(['manifest', 'record', name, '--data-dir', own, '--source', 'rapat',"
            " '--date', '2026-12-03']) == 0\n"
            "assert main(['import', wb, '--out', out]) == 0\n"
            "check_hashes(own)\n"
            "assert verify_manifest(own) == [], verify_manifest(own)\n")
    res = subprocess.run([sys.executable, "-c", code, str(own), name, str(wb),
                          str(tmp_path / "imp")], cwd=tmp_path, env=env, capture_output=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    text = (own / dm.MANIFEST_NAME).read_bytes().decode("utf-8")
    assert name in yaml.safe_load(text)["files"] and "udc" not in text.lower()
    imp = (tmp_path / "imp" / dm.MANIFEST_NAME).read_bytes().decode("utf-8")
    assert yaml.safe_load(imp)["source_file"] == "kükar_isi.xlsx" and "udc" not in imp.lower()


def test_a_file_name_that_is_not_utf8_is_refused_naming_it(own, capsys):
    bad = os.path.join(os.fsencode(own), b"risk_register_64.02_2024_\xe9.csv")
    with open(bad, "wb") as fh:
        fh.write((own / RISK).read_bytes())
    before = (own / dm.MANIFEST_NAME).read_bytes()
    assert main(["manifest", "record", os.fsdecode(bad), "--source", "x", "--date",
                 "2026-12-03"]) == 2
    err = capsys.readouterr().err
    assert "risk_register_64.02_2024_\\xe9.csv" in err and "not UTF-8" in err
    assert (own / dm.MANIFEST_NAME).read_bytes() == before
    with pytest.raises(DataValidationError, match=r"_\\xe9.csv.*not UTF-8"):
        Layers.load(RAW_DIR, [own])
    assert any("not UTF-8" in p for p in dm.verify_manifest(own))
