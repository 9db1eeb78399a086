"""Text from the data is shown as text in the report HTML, never run.

A copy of data/raw gets script-injection payloads in every kind of free text the report shows
(profile name and province, risk id/event/owner, SWOT factors, programme names); the report
for 64.02 is rendered with ``workbench report`` and its HTML parsed for live elements.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.data.manifest import update_hashes
from analysis.paths import RAW_DIR

pytestmark = pytest.mark.notebook     # renders a real report in a Jupyter kernel

PAYLOADS = {
    "script": "Kab <script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "svg": "<svg onload=alert(2)>",
    "link": "[klik](javascript:alert(3))",
    "iframe": "<iframe src=https://example.org/x></iframe>",
}
# "$\frac{$" is mathtext that matplotlib cannot parse: a figure label must show it as typed
NAME = PAYLOADS["script"] + " " + PAYLOADS["link"] + " $\\frac{$ x"
PROVINCE = PAYLOADS["img"] + PAYLOADS["svg"]


def _edit_csv(path: Path, where, changes: dict) -> None:
    """Rewrite ``path`` with ``changes`` {column: value} applied to rows where ``where(row)``."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    hit = 0
    for row in rows:
        if where(row):
            row.update({k: v(row) if callable(v) else v for k, v in changes.items()})
            hit += 1
    assert hit, f"no row matched in {path}"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def hostile_data_dir(dst: Path) -> Path:
    shutil.copytree(RAW_DIR, dst)
    for f in ("profil_wilayah.csv", "profil_wilayah_kukar_2020.csv"):
        changes = {"nama": NAME}
        if f == "profil_wilayah.csv":
            changes["provinsi"] = PROVINCE
        _edit_csv(dst / f, lambda r: r["kode_kemendagri"] == "64.02", changes)
    for year in (2022, 2023):          # the evaluation tables' own names (peer lists, index page)
        f = dst / f"kominfo_evaluasi_{year}.csv"
        _edit_csv(f, lambda r: True, {"nama": lambda r: f"{r['nama']} {PAYLOADS['img']}"})
    _edit_csv(dst / "risk_register_64.02_2023.csv", lambda r: True, {
        "event": lambda r: f"{r['event']} {PAYLOADS['iframe']}",
        "owner": PAYLOADS["img"], "program": PAYLOADS["link"]})
    _edit_csv(dst / "risk_register_64.02_2023.csv", lambda r: r["risk_id"] == "R01",
              {"risk_id": "R<b>1</b>"})
    _edit_csv(dst / "swot_factors_64.02.csv", lambda r: True,
              {"factor": lambda r: f"{r['factor']} {PAYLOADS['svg']} {PAYLOADS['link']}"})
    _edit_csv(dst / "programmes_64.02.csv", lambda r: True,
              {"program": lambda r: f"{r['program']} {PAYLOADS['script']}",
               "owner": PAYLOADS["iframe"]})
    update_hashes(dst)
    return dst


class LiveElements(HTMLParser):
    """Collects what a browser would run or load: scripts, handlers, javascript: URLs, frames."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.js_urls, self.frames, self.text = [], [], [], [], []
        self.script_text, self.script_bodies = [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
        if tag in ("iframe", "frame", "object", "embed"):
            self.frames.append(tag)
        for k, v in attrs:
            if k.lower().startswith("on"):
                self.handlers.append((tag, k, v))
            if v and v.strip().lower().startswith("javascript:"):
                self.js_urls.append((tag, k, v))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
            self.script_bodies.append("".join(self.script_text))
            self.script_text = []

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """The run directory of ``workbench report`` for 64.02 on the hostile data."""
    from analysis.cli import main
    base = tmp_path_factory.mktemp("hostile")
    data = hostile_data_dir(base / "data")
    out = base / "out"
    code = main(["report", "--regency", "64.02", "--data-dir", str(data), "--out", str(out),
                 "--jobs", "1"])
    assert code == 0
    return (out / "latest").resolve()


@pytest.fixture(scope="module")
def hostile_report(hostile_run) -> str:
    return (hostile_run / "64.02.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_index(hostile_run) -> str:
    return (hostile_run / "index.html").read_text(encoding="utf-8")


def test_report_has_no_live_element_from_data(hostile_report):
    p = LiveElements()
    p.feed(hostile_report)
    assert p.scripts == []          # the smartcity template loads no script at all
    assert p.handlers == []
    assert p.js_urls == []
    assert p.frames == []


def test_payloads_are_shown_as_text(hostile_report):
    p = LiveElements()
    p.feed(hostile_report)
    text = "".join(p.text)
    for payload in (PAYLOADS["script"], PAYLOADS["img"], PAYLOADS["svg"], PAYLOADS["iframe"],
                    PAYLOADS["link"], "R<b>1</b>", NAME):
        assert payload in text, payload
    assert "<img" in hostile_report  # the figures are still embedded
    assert hostile_report.count('src="data:image/png;base64,') >= 3


def test_index_page_has_no_live_element_from_data(hostile_index):
    p = LiveElements()
    p.feed(hostile_index)
    # the page's own code is at most one script holding no data text; data travel in JSON
    # blocks that a browser does not run and that the data cannot break out of
    code = [t for a, t in zip(p.scripts, p.script_bodies) if a.get("type") != "application/json"]
    data = [t for a, t in zip(p.scripts, p.script_bodies) if a.get("type") == "application/json"]
    assert len(code) <= 1
    assert all("alert(" not in t for t in code)
    for t in data:
        json.loads(t)
    assert p.handlers == [] and p.js_urls == [] and p.frames == []
    assert NAME in "".join(p.text)
