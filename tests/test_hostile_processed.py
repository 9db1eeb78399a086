"""Processed outputs and the build under attack: tables edited by hand behind the build's back
(refused by every reader, rebuilt by the next build), builds stopped by a signal or left half
done (nothing left behind), and failing writes (a full disk names the target): each gets a clear
message naming what is wrong, and nothing half-written stays.
"""
from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.processed.store import ChangedOutputError, load_tables, read_state
from analysis.processed.project import build_processed
from analysis.cli import main
from analysis.errors import OutputError
from analysis.io import atomic_dir, sha256_file, write_csv, write_text
from analysis.reports import context as context_mod
from conftest import assert_cli_fails_cleanly, one_line

BIN = Path(sys.executable).parent / "workbench"





# --- processed tables changed behind the build's back ---------------------------------------

BASE = ["evaluasi", "profil", "kualitas_data", "manifest"]


def _kukar_2023(table: pd.DataFrame) -> float:
    row = table[(table.kode_kemendagri == "64.02") & (table.tahun == 2023)]
    return round(float(row["nilai_final"].iloc[0]), 2)


def test_hand_edited_table_is_refused_by_readers_and_rebuilt_by_the_build(raw_copy, tmp_path,
                                                                           capsys, monkeypatch):
    out = tmp_path / "processed"
    build_processed(raw_copy, out, only=BASE)
    table = out / "evaluasi.csv"
    recorded = read_state(out)["tables"]["evaluasi"]["sha256"]
    assert recorded == sha256_file(table)           # the build knows what it wrote
    # Kutai Kartanegara 2023: published final 2.82 (Lampiran II), group rank 27
    text = table.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("2023,64.02,"))
    assert ",2.82,KPPN&IKN," in row and ",27,58," in row
    table.write_text(text.replace(row, row.replace(",2.82,KPPN", ",3.99,KPPN")), encoding="utf-8")
    tampered = table.read_bytes()
    capsys.readouterr()

    # readers refuse it, naming the file and what to do; they change nothing
    with pytest.raises(ChangedOutputError) as exc:
        load_tables(out)
    msg = str(exc.value)
    for part in [str(table), "changed since the build wrote it", recorded[:12],
                 "workbench build"]:
        assert part in msg, (part, msg)
    monkeypatch.setattr(context_mod, "TABLE_CACHE", context_mod._TableCache())
    with pytest.raises(ChangedOutputError, match="evaluasi.csv: changed since the build"):
        context_mod.load_context("64.02", processed_dir=str(out))
    assert table.read_bytes() == tampered

    # the next build (the "build first" path of every command) rewrites it and says so
    res = build_processed(raw_copy, out, only=BASE)
    err = capsys.readouterr().err
    assert f"{table}: changed since the build wrote it" in err and "rebuilding it" in err
    assert {s.name: s.status for s in res.steps}["evaluasi"] == "built"
    assert {s.name: s.status for s in res.steps}["profil"] == "skipped"
    assert _kukar_2023(load_tables(out)["evaluasi"]) == 2.82
    assert read_state(out)["tables"]["evaluasi"]["sha256"] == sha256_file(table) == recorded
    ctx = context_mod.load_context("64.02", processed_dir=str(out))
    assert _kukar_2023(ctx.evaluations) == 2.82

    # the manifest copy the reports read (sources, illustrative flags) is checked as well
    mf = out / "manifest.json"
    mf.write_text(mf.read_text(encoding="utf-8").replace('"illustrative": false',
                                                         '"illustrative": true', 1),
                  encoding="utf-8")
    monkeypatch.setattr(context_mod, "TABLE_CACHE", context_mod._TableCache())
    with pytest.raises(ChangedOutputError, match="manifest.json: changed since the build"):
        context_mod.load_context("64.02", processed_dir=str(out))


def test_hand_edited_partition_is_refused_and_only_it_is_rebuilt(raw_copy, tmp_path, capsys):
    out = tmp_path / "processed"
    build_processed(raw_copy, out, only=["risiko"])
    part = out / "risiko" / "64.02.csv"
    part.write_text(part.read_text(encoding="utf-8").replace(",3,2,", ",1,1,", 1),
                    encoding="utf-8")
    with pytest.raises(ChangedOutputError, match=re.escape(f"{part}: changed since")):
        load_tables(out)
    capsys.readouterr()
    res = build_processed(raw_copy, out, only=["risiko"])
    assert f"{part}: changed since the build wrote it" in capsys.readouterr().err
    step = next(s for s in res.steps if s.name == "risiko")
    assert (step.status, step.partitions) == ("partial", ["64.02"])
    load_tables(out)                                   # intact again


@pytest.mark.notebook  # a report run (stand-in notebook, one regency)
def test_report_run_rebuilds_a_hand_edited_table_and_records_the_rebuilt_one(raw_copy, tmp_path,
                                                                              capsys):
    # before: report printed 3.99 beside rank 27 and recorded the tampered hash as an input
    from analysis.reports import manifest as mf
    processed, out = tmp_path / "processed", tmp_path / "reports"
    argv = ["report", "--regency", "64.02", "--out", str(out), "--jobs", "1", "--notebook",
            str(Path(__file__).parent / "fixtures" / "standin_report.ipynb"), "--timeout", "120",
            "--data-dir", str(raw_copy), "--processed-dir", str(processed)]
    assert main(argv) == 0
    table = processed / "evaluasi.csv"
    text = table.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("2023,64.02,"))
    table.write_text(text.replace(row, row.replace(",2.82,KPPN", ",3.99,KPPN")), encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 0
    assert f"{table}: changed since the build wrote it" in capsys.readouterr().err
    assert _kukar_2023(load_tables(processed)["evaluasi"]) == 2.82
    run = json.loads((out / mf.latest_run(out) / mf.MANIFEST).read_text(encoding="utf-8"))
    recorded = run["inputs_sha256"][mf.display_path(table)]
    assert recorded == sha256_file(table) == read_state(processed)["tables"]["evaluasi"]["sha256"]


def _dead_pid() -> int:
    for pid in range(4_000_000, 3_000_000, -7919):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            continue
    pytest.skip("no free process id found")


def test_next_build_removes_what_a_stopped_build_left_and_nothing_else(raw_copy, tmp_path,
                                                                      capsys):
    out = tmp_path / "proc"
    build_processed(raw_copy, out, only=["profil"])
    dead = _dead_pid()
    legacy = tmp_path / ".proc.k1ll3dab.tmp"                # a staging dir named before pids
    killed = tmp_path / f".proc.{dead}.abcdefgh.tmp"        # its writer is gone
    running = tmp_path / f".proc.{os.getpid()}.livelive.tmp"  # a build still running
    other = tmp_path / ".other.abcdefgh.tmp"                 # not this output's
    for d in (legacy, killed, running, other):
        d.mkdir()
        (d / "evaluasi.csv").write_text("half", encoding="utf-8")
    temp = out / f".build.json.{dead}.zzzzzzzz.tmp"
    temp.write_text("{", encoding="utf-8")
    capsys.readouterr()
    build_processed(raw_copy, out, only=["profil"])
    err = capsys.readouterr().err
    assert "build: removed 3 temporary file(s) a stopped build left" in err
    assert not legacy.exists() and not killed.exists() and not temp.exists()
    assert running.exists() and other.exists()


def _build_then_signal(raw_copy, tmp_path, sig):
    """Start ``workbench build`` in a process, send ``sig`` once its staging directory exists."""
    out = tmp_path / "proc"
    proc = subprocess.Popen([str(BIN), "build", "--data-dir", str(raw_copy), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".proc.*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.5)                               # well inside the build
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err, out


@pytest.mark.slow  # starts a build process and stops it
@pytest.mark.parametrize("sig, code, said", [(signal.SIGTERM, 143, "terminated (SIGTERM)"),
                                             (signal.SIGINT, 130, "interrupted")])
def test_a_stopped_build_says_so_in_one_line_and_leaves_nothing(raw_copy, tmp_path, sig, code,
                                                                said):
    rc, err, out = _build_then_signal(raw_copy, tmp_path, sig)
    assert rc == code, err
    assert err.strip().splitlines()[-1] == f"workbench build: {said}", err
    assert "Traceback" not in err
    assert not list(tmp_path.glob(".proc.*")), list(tmp_path.iterdir())   # no staging dir
    assert not out.exists() or not list(out.rglob("*.csv"))                # no table


# --- failing writes -------------------------------------------------------------------------

def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")       # as a write() raises it


def test_a_full_disk_names_the_target_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "out" / "tabel.csv"
    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk)
    with pytest.raises(OutputError) as exc:
        write_csv(target, pd.DataFrame({"a": [1]}))
    msg = str(exc.value)
    assert msg.startswith(f"{target}: cannot write it: No space left on device (the disk is full)")
    assert ".tmp" not in msg
    assert list((tmp_path / "out").iterdir()) == []


def test_a_failing_temporary_file_is_reported_as_the_target(tmp_path, monkeypatch):
    target = tmp_path / "laporan.html"

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    with pytest.raises(OutputError) as exc:
        write_text(target, "x")
    assert str(exc.value) == (f"{target}: cannot write it: Permission denied; nothing was "
                              f"written there")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_in_a_staging_directory_names_the_output(tmp_path):
    out = tmp_path / "stages"
    with pytest.raises(OutputError) as exc:
        with atomic_dir(out) as tmp:
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp / "raw.csv"))
    assert str(exc.value).startswith(f"{out / 'raw.csv'}: cannot write it")
    assert list(tmp_path.iterdir()) == []


def test_a_command_on_a_full_disk_names_its_output(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk)
    err = assert_cli_fails_cleanly(["simulate", "--lang", "en", "--regency", "64.02",
                                    "--set", "impact=3",
                                    "--out", out / "s.csv"], capsys,
                                   [f"{out / 's.csv'}: cannot write it", "the disk is full"], out)
    assert ".tmp" not in one_line(err)
