"""A real report rendered in headless Chromium: no console errors, every figure shows, the PDF
prints; the screenshot is saved beside the report (``<code>.png``).

Needs Debian's ``chromium`` (``scripts/install_chromium.sh``, run by ``.ci/run``); the rendering
tests skip with that reason when it is absent. The missing-Chromium message is tested always.
"""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest

from analysis.reports import export
from analysis.reports.runner import run_reports

CODE = "64.02"
needs_chromium = pytest.mark.skipif(export.find_chromium() is None,
                                    reason="headless Chromium not installed "
                                           "(sudo apt-get install chromium)")

# Injected at the top of <head> of a copy of the report: records every error (script errors,
# failed resource loads, console.error) and, after load, the state of every image.
PROBE = """<script>(function(){var errs=[];
window.addEventListener('error',function(e){var t=e.target||{};
errs.push(t.tagName?('resource '+t.tagName+' '+(t.src||t.href)):('error '+e.message));},true);
var ce=console.error;console.error=function(){errs.push('console.error '+
Array.prototype.join.call(arguments,' '));ce.apply(console,arguments);};
window.addEventListener('load',function(){setTimeout(function(){
var imgs=Array.prototype.map.call(document.images,function(i){
return {ok:i.complete&&i.naturalWidth>0,w:i.naturalWidth,h:i.naturalHeight,
shown:i.getBoundingClientRect().width};});
var p=document.createElement('pre');p.id='wb-probe';
p.textContent=JSON.stringify({errors:errs,images:imgs});document.body.appendChild(p);},200);});
})();</script>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered")
    res = run_reports([CODE], out=out, jobs=1, pdf=True, progress=False, timeout=300)
    assert res.ok, res.summary_text()
    return res.run_dir


def _chromium(*args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="wb-test-chromium-") as profile:
        cmd = export.chromium_command(export.find_chromium(), profile, *args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def _figures_in(notebook: Path) -> int:
    nb = nbformat.read(str(notebook), as_version=4)
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.get("outputs", []))


def _probe(html: str, where: Path) -> dict:
    """Load ``html`` (with the probe) from ``where`` in Chromium; the probe's findings."""
    where.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    try:
        proc = _chromium("--virtual-time-budget=10000", "--dump-dom", where.as_uri())
    finally:
        where.unlink()
    m = re.search(r'<pre id="wb-probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"probe did not run: {proc.stderr[-500:]}"
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&")
                      .replace("&lt;", "<").replace("&gt;", ">"))


@needs_chromium
@pytest.mark.browser
def test_probe_catches_broken_images_and_console_errors(tmp_path):
    bad = ('<html><head></head><body><img src="missing.png">'
           '<script>console.error("boom")</script></body></html>')
    state = _probe(bad, tmp_path / "bad.html")
    assert any("resource IMG" in e for e in state["errors"])
    assert "console.error boom" in state["errors"]
    assert state["images"][0]["ok"] is False


@needs_chromium
@pytest.mark.notebook
@pytest.mark.browser
def test_report_renders_without_errors_and_every_figure_shows(report):
    html = (report / f"{CODE}.html").read_text(encoding="utf-8")
    state = _probe(html, report / f".{CODE}.probe.html")
    assert state["errors"] == []
    figures = _figures_in(report / f"{CODE}.ipynb")
    assert figures >= 1 and len(state["images"]) == figures
    assert all(i["ok"] and i["w"] > 100 and i["h"] > 100 and i["shown"] > 100
               for i in state["images"]), state["images"]


@needs_chromium
@pytest.mark.notebook
@pytest.mark.browser
def test_screenshot_saved_beside_the_report_shows_the_page(report):
    shot = report / f"{CODE}.png"
    _chromium("--window-size=1100,1600", f"--screenshot={shot}", (report / f"{CODE}.html").as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image as mpimg
    px = mpimg.imread(str(shot))
    assert px.shape[:2] == (1600, 1100)
    assert px[..., :3].std() > 0.05                  # not a blank page


@needs_chromium
@pytest.mark.notebook
@pytest.mark.browser
def test_pdf_was_printed_for_the_report(report):
    pdf = (report / f"{CODE}.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf


def test_missing_chromium_is_reported_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(export.ChromiumMissing, match="apt-get install chromium"):
        run_reports([CODE], out=tmp_path / "out", pdf=True, progress=False)
    assert not (tmp_path / "out" / "latest").exists()          # nothing was run
