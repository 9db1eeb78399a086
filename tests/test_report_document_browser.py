"""A real report and its national page read in headless Chromium (browser tier): every table
styled, no English-written number and no English or raw header in the Indonesian report, the
same colour for the same value on the national page and in the report's province map, tables
at full width in print, and the PDF on A4 without a blank last page.

Playwright drives Debian's ``chromium`` (``scripts/install_chromium.sh``; never ``playwright
install``); without it the tests skip with that reason.
"""
from __future__ import annotations

import re
import zlib

import pytest

from analysis.processed.project import load_processed
from analysis.reports import export
from analysis.reports.runner import run_reports
from tests.test_report_document import IDENTIFIER, _dot_decimals

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(export.find_chromium() is None,
                                 reason="headless Chromium not installed (sudo apt-get install "
                                        "chromium, or scripts/install_chromium.sh)")]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

CODE = "64.02"
#: English words that were table headers of Indonesian reports (a raw frame's columns).
ENGLISH = {"year", "value", "file", "row", "column", "issue", "handling", "planned", "running",
           "completed", "category", "budget", "improvement", "score", "rank", "indicator",
           "pillar", "mission", "owner", "share", "programmes", "evaluated", "true", "false"}
#: Kutai Barat (final 2023 1.23, lowest class) and Balikpapan (3.41, highest), both on the
#: province map of Kutai Kartanegara's report.
PROBES = {"64.07": "#fde725", "64.71": "#414487"}
#: (The report writes each value on its regency at the label point: the colour is read in a
#: band above and below it.)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("document")
    res = run_reports([CODE], out=out, jobs=1, pdf=True, progress=False, timeout=300)
    assert res.ok, res.summary_text()
    return res.run_dir


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=export.find_chromium(),
                              args=list(export.OFFLINE_FLAGS))
        yield b
        b.close()


def _page(browser, path, media: str = "screen"):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.emulate_media(media=media)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def test_tables_styled_numbers_and_headers_in_indonesian(run, browser):
    page = _page(browser, run / f"{CODE}.html")
    tables = page.evaluate("""() => Array.from(document.querySelectorAll('table')).map(t => {
        const td = t.querySelector('td'), s = td ? getComputedStyle(td) : null;
        return {cls: t.className, collapse: getComputedStyle(t).borderCollapse,
                border: s ? parseFloat(s.borderTopWidth) : 0,
                heads: Array.from(t.querySelectorAll('thead th')).map(h => h.innerText.trim())};
    })""")
    assert len(tables) >= 15
    assert [t for t in tables if t["cls"] != "wb-table"] == []          # one style, no other
    assert all(t["collapse"] == "collapse" and t["border"] > 0 for t in tables)
    heads = [h for t in tables for h in t["heads"]]
    assert [h for h in heads if IDENTIFIER.match(h)] == []
    assert [h for h in heads if set(re.findall(r"[a-z]+", h.lower())) & ENGLISH] == []
    text = page.evaluate("document.body.innerText")
    body = text[:text.rindex("Sumber data")]       # the sources quote manifest entries as text
    codes = set(load_processed()["profil"]["kode_kemendagri"])
    assert _dot_decimals(body, codes) == []
    page.close()


def test_tables_at_full_width_in_print(run, browser):
    page = _page(browser, run / f"{CODE}.html", media="print")
    ratios = page.evaluate("""() => Array.from(document.querySelectorAll('table.wb-table'))
        .map(t => t.getBoundingClientRect().width /
                  t.parentElement.getBoundingClientRect().width)""")
    assert ratios and min(ratios) > 0.98
    page.close()


def test_same_colour_for_the_same_value_on_the_index_and_in_the_report(run, browser):
    from analysis.maps import layers as maps
    from analysis.plots import maps as pm
    ev = load_processed()["evaluasi"]
    layers = maps.map_layers(None, None)
    frame, context, extent = maps.province_frame(layers, CODE, ev, 2023)
    lo, hi = maps.value_range(ev, 2023)
    back = pm.province_backdrop(frame, context, extent, lo, hi)   # its geometry: where to look
    index = _page(browser, run / "index.html")
    report = _page(browser, run / f"{CODE}.html")
    for code, expected in PROBES.items():
        fill = index.evaluate(f"""() => getComputedStyle(
            document.querySelector('#wb-map path[data-c="{code}"]')).fill""")
        assert _hex(fill) == expected, (code, fill)
        r = frame[frame["kode_kemendagri"] == code].iloc[0]
        x0, y0, w, h = back.axes
        (xa, xb), (ya, yb) = back.xlim, back.ylim
        fx = x0 + w * (r.label_x - xa) / (xb - xa)
        fy = 1 - (y0 + h * (r.label_y - ya) / (yb - ya))
        seen = report.evaluate("""([fx, fy]) => {
            const img = Array.from(document.images).find(i => i.alt === 'figure 2');
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const x = Math.round(fx * c.width), y = Math.round(fy * c.height), out = [];
            // around the label point, above and below the value written on it
            for (let dy = -16; dy <= 16; dy++) for (let dx = -16; dx <= 16; dx++) {
                if (Math.abs(dy) < 7) continue;
                const p = g.getImageData(x + dx, y + dy, 1, 1).data;
                out.push('#' + [p[0], p[1], p[2]].map(v => v.toString(16).padStart(2, '0'))
                         .join(''));
            }
            return out;
        }""", [fx, fy])
        assert _hex(fill) in seen, (code, fill, sorted(set(seen)))
    index.close()
    report.close()


def _hex(css: str) -> str:
    nums = [int(v) for v in re.findall(r"\d+", css)[:3]]
    return "#" + "".join(f"{v:02x}" for v in nums)


def _pdf_pages(data: bytes) -> list[tuple[list[float], bytes]]:
    """(MediaBox, decompressed content) of every page of a Chromium PDF, in page order."""
    objs = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}
    root = next(o for o in objs.values() if re.search(rb"/Type\s*/Pages\b", o) and
                b"/Parent" not in o)

    def kids(node: bytes):
        for ref in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[(.*?)\]", node, re.S)[1]):
            o = objs[int(ref)]
            yield from (kids(o) if re.search(rb"/Type\s*/Pages\b", o) else [o])

    def content(page: bytes) -> bytes:
        out = b""
        for ref in re.findall(rb"/Contents\s*\[?\s*((?:\d+ 0 R\s*)+)", page)[0].split(b"R"):
            if ref.strip():
                body = objs[int(ref.split()[0])]
                raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)[1]
                out += zlib.decompress(raw) if b"FlateDecode" in body else raw
        return out

    return [([float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", p)[1].split()],
             content(p)) for p in kids(root)]


def test_pdf_is_a4_without_a_blank_last_page(run):
    pages = _pdf_pages((run / f"{CODE}.pdf").read_bytes())
    assert len(pages) > 5
    for box, _ in pages:                          # A4: 210 × 297 mm = 595.3 × 841.9 pt
        assert abs(box[2] - box[0] - 595.3) < 1.5 and abs(box[3] - box[1] - 841.9) < 1.5
    last = pages[-1][1]
    assert re.search(rb"\bT[Jj]\b|\bDo\b", last), "the last page draws no text and no image"
