"""The national page (``index.html``) of a small real run, driven in headless Chromium.

Playwright drives Debian's ``chromium`` (``scripts/install_chromium.sh``, called by ``.ci/run``;
never ``playwright install``). Without a browser the tests skip with that reason. Screenshots go
to ``reports/browser-tests/`` (not committed); their paths are printed (``pytest -s``).
"""
from __future__ import annotations

import csv
import math

import pytest

from analysis.paths import RAW_DIR, REPORTS_DIR
from analysis.reports import export
from analysis.reports.runner import run_reports

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(export.find_chromium() is None,
                                 reason="headless Chromium not installed (sudo apt-get install "
                                        "chromium, or scripts/install_chromium.sh)")]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

SHOTS = REPORTS_DIR / "browser-tests"
KUTAI = ["64.02", "64.07", "64.08"]
CODES = KUTAI + ["32.73", "62.06"]        # + Kota Bandung (2023 score), Katingan (none in 2023)

# Finds a point inside a map shape that is really on top there (enclaves such as Samarinda
# inside Kutai Kartanegara make the centre of the bounding box a wrong place to click).
POINT_IN_SHAPE = """(code) => {
  const p = document.querySelector(`#wb-map path[data-c="${code}"]`);
  const b = p.getBBox(), m = p.getScreenCTM(), svg = p.ownerSVGElement;
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const pt = svg.createSVGPoint(); pt.x = b.x + b.width * i / 40; pt.y = b.y + b.height * j / 40;
    if (!p.isPointInFill(pt)) continue;
    const s = pt.matrixTransform(m);
    if (document.elementFromPoint(s.x, s.y) === p) return [s.x, s.y];
  }
  return null;
}"""


def _published_2023() -> dict[str, float]:
    """Published 2023 finals of evaluated regencies, read straight from the raw CSV."""
    with open(RAW_DIR / "kominfo_evaluasi_2023.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["kode_kemendagri"]: float(r["nilai_final"]) for r in rows
            if float(r["nilai_final"]) > 0}


def _names() -> dict[str, str]:
    with open(RAW_DIR / "profil_wilayah.csv", encoding="utf-8") as f:
        return {r["kode_kemendagri"]: r["nama"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    res = run_reports(CODES, out=out, jobs=1, progress=False, timeout=300,
                      processed_dir=out / "processed")
    assert res.ok, res.summary_text()
    return res.run_dir


@pytest.fixture()
def page(run_dir):
    """The page loaded from disk, with every console message, page error and request kept."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=export.find_chromium(),
                                    args=list(export.OFFLINE_FLAGS))
        pg = browser.new_page(viewport={"width": 1200, "height": 1300})
        pg.wb_console, pg.wb_requests = [], []
        pg.on("console", lambda m: pg.wb_console.append((m.type, m.text)))
        pg.on("pageerror", lambda e: pg.wb_console.append(("pageerror", str(e))))
        pg.on("request", lambda r: pg.wb_requests.append(r.url))
        pg.goto((run_dir / "index.html").as_uri())
        yield pg
        browser.close()


def _shot(pg, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name), full_page=full_page)
    print(f"\nscreenshot: {SHOTS / name}")


def _visible_codes(pg) -> list[str]:
    return pg.eval_on_selector_all(
        "#wb-table tbody tr", "rs => rs.filter(r => !r.hidden).map(r => r.cells[0].textContent)")


def test_page_loads_offline_without_errors(page):
    _shot(page, "national_page.png", full_page=True)
    assert [m for m in page.wb_console if m[0] in ("error", "pageerror", "warning")] == []
    assert page.wb_requests and all(u.startswith("file://") for u in page.wb_requests), \
        page.wb_requests
    assert page.locator("#wb-map path").count() == 514          # every kabupaten/kota drawn
    assert sorted(page.eval_on_selector_all("#wb-map a", "as => as.map(a => a.getAttribute("
                                            "'href'))")) == sorted(f"{c}.html" for c in CODES)


def test_sorting_by_final_puts_the_top_regency_first(page):
    pub = _published_2023()
    scored = {c: pub[c] for c in CODES if c in pub}
    top, bottom = max(scored, key=scored.get), min(scored, key=scored.get)
    head = page.locator("#wb-table th", has_text="Nilai final")
    head.click()                                                   # ascending
    assert _visible_codes(page)[0] == bottom
    assert _visible_codes(page)[-1] == "62.06"                   # no 2023 score: always last
    head.click()                                                   # descending
    assert _visible_codes(page)[0] == top


def test_search_kutai_leaves_the_kutai_regencies(page):
    names = _names()
    expected = sorted(c for c in CODES if "kutai" in names[c].lower())
    assert expected == sorted(KUTAI)
    page.fill("#f-q", "Kutai")
    assert sorted(_visible_codes(page)) == expected
    assert page.inner_text("#f-n").startswith("3 ")
    page.fill("#f-q", "32.73")                                     # by code
    assert _visible_codes(page) == ["32.73"]
    page.fill("#f-q", "")
    page.select_option("#f-prov", "Kalimantan Timur")
    assert sorted(_visible_codes(page)) == expected
    page.select_option("#f-grp", "REGULER")                        # both filters at once
    groups = dict(page.eval_on_selector_all(
        "#wb-table tbody tr", "rs => rs.map(r => [r.cells[0].textContent, r.dataset.grp])"))
    assert sorted(_visible_codes(page)) == sorted(c for c in KUTAI if groups[c] == "REGULER")
    _shot(page, "national_filtered.png")


def test_variable_switch_recolours_and_labels_illustrative_data(page):
    first = page.get_attribute('#wb-map path[data-c="64.07"]', "class")
    assert page.is_hidden("#wb-illus")
    labels = page.eval_on_selector_all("#f-var option", "os => os.map(o => o.textContent)")
    page.select_option("#f-var", label=next(x for x in labels if "kesiapan" in x.lower()))
    assert page.is_visible("#wb-illus") and "ILUSTRATIF" in page.text_content("#wb-illus")
    page.select_option("#f-var", label=next(x for x in labels if "IPM" in x))
    assert page.is_hidden("#wb-illus")
    # Kutai Barat's 2023 final 1.23 lies in the first of five equal classes over the evaluated
    # 2023 finals (1.15–3.84: width 0.538, 1.15–1.69); its IPM 2021 class, by hand from the
    # profile table: five equal classes from floor(min·100)/100 to ceil(max·100)/100.
    assert first == "c0"
    with open(RAW_DIR / "profil_wilayah.csv", encoding="utf-8") as f:
        ipm = {r["kode_kemendagri"]: float(r["ipm_2021"]) for r in csv.DictReader(f)
               if r["ipm_2021"]}
    lo, hi = math.floor(min(ipm.values()) * 100) / 100, math.ceil(max(ipm.values()) * 100) / 100
    expected = min(int((ipm["64.07"] - lo) / ((hi - lo) / 5)), 4)
    assert page.get_attribute('#wb-map path[data-c="64.07"]', "class") == f"c{expected}"
    assert page.locator("#wb-legend div").count() == 6             # 5 classes + not evaluated


def test_click_on_the_map_and_in_the_table_opens_the_report(page):
    xy = page.evaluate(POINT_IN_SHAPE, "64.02")
    assert xy, "no clickable point inside Kutai Kartanegara"
    with page.expect_navigation():
        page.mouse.click(*xy)
    assert page.url.endswith("/64.02.html")
    assert "Kutai Kartanegara" in page.inner_text("h1")
    page.go_back()
    with page.expect_navigation():
        page.click("#wb-table a:text('Kabupaten Kutai Barat')")
    assert page.url.endswith("/64.07.html")
    _shot(page, "report_from_table.png")
    assert all(u.startswith("file://") for u in page.wb_requests)


def test_a_regency_without_a_report_in_the_run_is_not_a_link(page):
    assert page.locator('#wb-map a path[data-c="64.01"]').count() == 0   # Paser: not in the run
    assert page.locator('#wb-map path[data-c="64.01"]').count() == 1
    assert page.locator('#wb-map a[href="64.01.html"]').count() == 0


def _profile() -> dict[str, dict]:
    with open(RAW_DIR / "profil_wilayah.csv", encoding="utf-8") as f:
        return {r["kode_kemendagri"]: r for r in csv.DictReader(f)}


def _lit_codes(pg) -> set[str]:
    """Codes of the map shapes not dimmed by the filters."""
    return set(pg.eval_on_selector_all(
        "#wb-map path", "ps => ps.filter(p => !p.hasAttribute('data-off'))"
                        ".map(p => p.getAttribute('data-c'))"))


def test_the_map_follows_the_filter_and_the_search(page):
    drawn = set(page.eval_on_selector_all("#wb-map path", "ps => ps.map(p => p.dataset.c)"))
    prof = _profile()
    assert _lit_codes(page) == drawn                               # no filter: nothing dimmed
    # a shape without a profile row goes by the boundary file's name (its <title>)
    names = {c: prof[c]["nama"] if c in prof else n for c, n in page.eval_on_selector_all(
        "#wb-map path", "ps => ps.map(p => [p.dataset.c, p.wbName])")}
    page.fill("#f-q", "Kutai")
    # the table's three Kutai regencies and no other (every Kutai in the country is in the run)
    assert _lit_codes(page) == {c for c in drawn if "kutai" in names[c].lower()} == set(KUTAI)
    page.fill("#f-q", "")
    page.select_option("#f-prov", "Kalimantan Timur")
    # regencies of the province outside the run (Paser, Samarinda...) stay lit too
    east = {c for c in drawn if c in prof and prof[c]["provinsi"] == "Kalimantan Timur"}
    assert len(east) > len(KUTAI) and "64.01" in east
    assert _lit_codes(page) == east
    opacity = page.eval_on_selector('#wb-map path[data-c="32.73"]',
                                    "p => getComputedStyle(p).opacity")
    assert float(opacity) < 0.5                                     # Kota Bandung greyed out
    _shot(page, "national_map_filtered.png")
    page.select_option("#f-prov", "")
    assert _lit_codes(page) == drawn


def test_csv_download_is_the_filtered_table_with_formulas_kept_as_text(page):
    heads = page.eval_on_selector_all("#wb-table th", "hs => hs.map(h => h.textContent)")
    page.fill("#f-q", "Kutai")
    page.locator("#wb-table th", has_text="Nilai final").click()   # ascending: order kept
    shown = _visible_codes(page)
    # data text that a spreadsheet would run, a quote, and a negative number in Indonesian form
    page.evaluate("""() => {
      const r = document.querySelector('#wb-table tbody tr:not([hidden])');
      r.cells[1].textContent = '=HYPERLINK("http://x","y")';
      r.cells[4].textContent = '-0,12';
      r.cells[6].textContent = '@SUM(A1)'; }""")
    with page.expect_download() as dl:
        page.click("#f-csv")
    download = dl.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8", newline="") as f:
        raw = f.read()
    assert raw.startswith("\ufeff") and "\r\n" in raw
    lines = raw[1:].split("\r\n")
    assert lines[-1] == "" and all(x.startswith('"') and x.endswith('"') for x in lines[:-1])
    got = list(csv.reader(lines[:-1]))
    assert got[0] == heads[:-1]                                    # every column but the files
    assert [r[0] for r in got[1:]] == shown and len(shown) == 3
    first = got[1]
    assert first[1] == "'=HYPERLINK(\"http://x\",\"y\")"          # text, never a formula
    assert first[4] == "-0,12"                                     # a number stays a number
    assert first[6] == "'@SUM(A1)"
    names = _names()
    assert {r[0]: r[1] for r in got[2:]} == {c: names[c] for c in shown[1:]}


def test_legend_explains_the_maturity_levels(page):
    levels = page.eval_on_selector_all("#wb-maturity li", "ls => ls.map(l => l.textContent)")
    assert [x.split(" — ")[0] for x in levels] == ["Ad-hoc", "Inisiatif", "Tersebar",
                                                   "Terintegrasi", "Cerdas"]
    assert page.eval_on_selector_all("#wb-maturity li", "ls => ls.map(l => l.value)") == \
        [1, 2, 3, 4, 5]
    text = page.inner_text("#wb-maturity")
    assert "Garuda Smart City Model" in text and "ITB" in text
    assert "belum diverifikasi" in text and "16,7" in text
