"""Run manifests, lock, latest pointer, index page and the record comparison of verify."""
from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.commands.verify import compare_records, flatten
from analysis.io import write_json
from analysis.paths import RAW_DIR
from analysis.reports import manifest as mf
from analysis.reports.index_page import build_index, pick


def test_run_ids_sort_by_time_and_are_unique():
    import datetime as dt
    t1 = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    t2 = dt.datetime(2026, 1, 2, 3, 4, 6, tzinfo=dt.timezone.utc)
    a, b = mf.new_run_id(t1), mf.new_run_id(t2)
    assert a.startswith("20260102T030405Z-") and a < b
    assert len({mf.new_run_id(t1) for _ in range(50)}) > 40


def test_file_hashes_are_sha256_of_the_bytes(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"kode,nilai\n64.02,2.82\n")
    got = mf.file_hashes([p, tmp_path / "absent.csv"])
    assert got == {str(p.resolve()): hashlib.sha256(b"kode,nilai\n64.02,2.82\n").hexdigest()}


def test_input_files_cover_data_notebook_and_frameworks(tmp_path):
    nb = tmp_path / "r.ipynb"
    nb.write_text("{}")
    files = mf.input_files(RAW_DIR, nb, None)
    names = {p.name for p in files}
    assert {"profil_wilayah.csv", "kominfo_evaluasi_2023.csv", "r.ipynb",
            "kominfo-evaluasi-2023.yaml"} <= names


def test_manifest_records_versions_seed_and_git():
    m = mf.new_manifest("R1", {"seed": 7, "lang": "id"}, ["64.02", "62.06"], {"a": "b"}, None)
    assert m["seed"] == 7 and m["regencies"]["62.06"] == {"status": "pending"}
    import pandas
    assert m["packages"]["pandas"] == pandas.__version__
    assert m["git"]["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", m["git"]["commit"])
    m["regencies"]["64.02"] = {"status": "ok"}
    assert mf.summarise(m) == {"ok": 1, "pending": 1, "total": 2}


def test_second_run_on_the_same_directory_is_refused_with_a_clear_message(tmp_path):
    with mf.RunLock(tmp_path, "RUN-A"):
        with pytest.raises(mf.RunLocked, match=r"another `workbench report` run .*RUN-A"):
            with mf.RunLock(tmp_path, "RUN-B"):
                pass
    with mf.RunLock(tmp_path, "RUN-C"):       # released when the first run ended
        assert "RUN-C" in (tmp_path / mf.LOCK).read_text()


def test_latest_pointer_is_replaced_atomically(tmp_path):
    for run in ("20260101T000000Z-aaaa", "20260102T000000Z-bbbb"):
        (tmp_path / run).mkdir()
        mf.update_latest(tmp_path, run)
    link = tmp_path / "latest"
    assert link.is_symlink() and os.readlink(link) == "20260102T000000Z-bbbb"
    assert mf.latest_run(tmp_path) == "20260102T000000Z-bbbb"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".latest")]


def test_previous_run_is_the_newest_older_run_with_a_manifest(tmp_path):
    for run, with_manifest in (("20260101T000000Z-a", True), ("20260102T000000Z-b", True),
                               ("20260103T000000Z-c", False)):
        (tmp_path / run).mkdir()
        if with_manifest:
            (tmp_path / run / mf.MANIFEST).write_text("{}")
    assert mf.previous_run(tmp_path, "20260104T000000Z-d") == "20260102T000000Z-b"
    assert mf.previous_run(tmp_path, "20260101T000000Z-a") is None


def _fake_run(root: Path, run_id: str, scores: dict, statuses=None) -> Path:
    d = root / run_id
    d.mkdir(parents=True)
    statuses = statuses or {}
    regs = {}
    for code, score in scores.items():
        st = statuses.get(code, "ok")
        regs[code] = {"status": st, "error": None if st == "ok" else "RuntimeError: boom"}
        if st == "ok":
            write_json(d / f"{code}.json", {"header": {"nama": f"Kab {code}", "nilai_final": score,
                                                      "tahun_terakhir": 2023,
                                                      "peringkat_kelompok": 1.0,
                                                      "n_kelompok": 3}})
            (d / f"{code}.html").write_text("<html></html>")
    m = mf.new_manifest(run_id, {"lang": "id", "illustrative": True}, list(scores), {}, None)
    m["regencies"] = regs
    mf.write_manifest(d, m)
    return d


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._row, self._in_td, self.scripts_src = [], None, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag == "td":
            self._in_td = True
            self._row.append("")
        elif tag == "script" and dict(attrs).get("src"):
            self.scripts_src.append(dict(attrs)["src"])

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False
        elif tag == "tr" and self._row:
            self.rows.append(self._row)

    def handle_data(self, data):
        if self._in_td:
            self._row[-1] += data


def test_index_page_sorted_by_score_with_change_against_previous_run(tmp_path):
    prev = _fake_run(tmp_path, "20260101T000000Z-a", {"11.01": 2.00, "11.02": 3.10, "11.03": 2.50})
    cur = _fake_run(tmp_path, "20260102T000000Z-b", {"11.01": 2.75, "11.02": 3.00, "11.03": None,
                                                      "11.04": 1.0},
                    statuses={"11.04": "failed"})
    html = build_index(cur, prev, "id").read_text(encoding="utf-8")
    t = _Table()
    t.feed(html)
    codes = [r[0] for r in t.rows]
    # highest score first, regencies without a score last
    assert codes == ["11.02", "11.01", "11.03", "11.04"]
    by = {r[0]: r for r in t.rows}
    assert by["11.01"][3] == "2,75" and by["11.01"][4] == "+0,75"      # 2.75 - 2.00
    assert by["11.02"][4] == "-0,10"                                    # 3.00 - 3.10
    assert by["11.03"][4] == "–"                                        # no score now
    assert by["11.04"][-2] == "gagal"                                  # status in words
    assert "Status laporan: 3 selesai, 1 gagal (dari 4)." in html        # footer: no raw JSON
    assert "RuntimeError: boom" in html                                 # failure listed
    assert "DATA ILUSTRATIF" in html                                    # illustrative banner
    assert t.scripts_src == [] and "http" not in html.split("<script>")[1]  # works offline


def test_pick_finds_headline_numbers_in_nested_records():
    rec = {"header": {"nama": "Kab X", "nilai_final": 2.5}, "evaluation": {"2023": {}}}
    assert pick(rec, "name") == "Kab X" and pick(rec, "score") == 2.5
    assert pick(rec, "maturity") is None and pick(None, "score") is None


def test_compare_records_lists_every_difference():
    before = {"header": {"nilai_final": 2.82, "nama": "A"}, "quality": {"n": 1}, "xs": [1, 2]}
    after = {"header": {"nilai_final": 2.83, "nama": "A"}, "quality": {}, "xs": [1, 3]}
    assert flatten(before) == {"header.nilai_final": 2.82, "header.nama": "A", "quality.n": 1,
                               "xs.0": 1, "xs.1": 2}
    assert compare_records(before, after) == [("header.nilai_final", 2.82, 2.83),
                                              ("quality", "<absent>", {}),
                                              ("quality.n", 1, "<absent>"), ("xs.1", 2, 3)]
    assert compare_records(before, json.loads(json.dumps(before))) == []
    assert compare_records({"a": 1.0}, {"a": 1.0 + 1e-12}) == []
