"""The report as a document for readers: every table in one style, numbers and headers in the
report's language, a summary whose findings are the sections' own numbers, one colour scale on
every map.

Every section is rendered from the shipped data's processed tables (built once, or found up
to date) with ``display`` captured; the checks read what a reader would see: the Markdown, the
HTML of every table, the text artists of every figure.
"""
from __future__ import annotations

import html
import importlib
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from pandas.io.formats.style import Styler

from analysis.processed.project import build_processed
from analysis.escape import TABLE_CLASS, cell_text, styled
from analysis.i18n import fmt_number, fmt_percent
from analysis.reports.context import load_context
from analysis.reports.sections import ORDER, common

CODES = ("64.02", "62.06")            # Kutai Kartanegara (every section), Katingan (few tables)

#: A run of digits, dots and commas: a written number when it is not part of a word, a file
#: name or a reference (AI.01.04, 300.2.2-2430/2025, B-1004/DJAI).
NUMBER = re.compile(r"[\d.,]+")
#: A number as Indonesian writes it: '.' only between groups of three digits, ',' before the
#: decimals (12.289,7; 806.964; 0,282). An English decimal point (93.55, 12,289.7, 0.60) is
#: not; an English thousands comma alone (806,964) reads as an Indonesian decimal and cannot
#: be told apart.
INDONESIAN = re.compile(r"[1-9]\d{0,2}(\.\d{3})*(,\d+)?|0(,\d+)?|\d+(,\d+)?")
#: A raw column name (a DataFrame's identifier) shown as a header.
IDENTIFIER = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
#: Headers that are the same in both languages by nature (names, codes, formulas, years).
NEUTRAL = re.compile(r"^(|ID|IFAS|EFAS|L×I|x = S − W|y = O − T|OPD|Baseline|Output|Outcome|"
                     r"Impact|Quick Win|Smart \w+|\d{4}|Status|Interval|SO|ST|WO|WT)$")


@pytest.fixture(scope="module")
def processed():
    return build_processed(None).out_dir


def _rendered(processed, code: str, lang: str, monkeypatch, by_section: bool = False):
    """Every object the report's sections display for ``code`` in ``lang``, in order (with
    ``by_section``: ``{section: [objects]}``)."""
    shown, parts = [], {}
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(objs))
    ctx = load_context(code, lang, None, str(processed))
    for name in ORDER:
        start = len(shown)
        common.begin_section(name)
        importlib.import_module(f"analysis.reports.sections.{name}").section(ctx)
        common.flush_md()
        parts[name] = shown[start:]
    return parts if by_section else shown


def _visible(obj) -> str:
    """The text a reader sees of a Markdown or HTML output: tags removed, Markdown's
    backslash escapes undone."""
    text = re.sub(r"<[^>]+>", " ", obj.data) if type(obj).__name__ == "HTML" else obj.data
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def _codes(processed) -> set[str]:
    prof = pd.read_csv(processed / "wilayah_bps.csv", dtype=str)
    return set(prof["kode_kemendagri"]) | set(pd.read_csv(processed / "profil.csv",
                                                          dtype=str)["kode_kemendagri"])


def _table_texts(st: Styler) -> tuple[list[str], list[str]]:
    """(headers, cells) of a displayed table, as the reader sees them."""
    page = st.to_html()
    heads = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
             for h in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)]
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    return heads, cells


def _figure_texts(fig: Figure) -> list[str]:
    fig.canvas.draw()                         # tick labels exist once the figure is drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _dot_decimals(text: str, codes: set[str]) -> list[str]:
    """Numbers in ``text`` not written the Indonesian way (Kemendagri codes such as 64.02 are
    codes, not numbers: removed first)."""
    for c in sorted(codes, key=len, reverse=True):
        text = re.sub(rf"(?<![\d.]){re.escape(c)}(?![\d])", " ", text)
    found = []
    for m in NUMBER.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        token = m.group().strip(".,")
        if re.match(r"[\w/\\-]", before) or re.match(r"[\w/-]", after) or \
                not re.fullmatch(r"\d(.*\d)?", token):
            continue                               # inside a word, name or reference
        if "." in token and not INDONESIAN.fullmatch(token):
            found.append(token)
    return found


# --- one formatter per language ---------------------------------------------------------------

def test_numbers_in_each_language():
    # CLDR: Indonesian groups thousands with '.', decimals with ','; English the other way
    assert fmt_number(12289.7, 1, "id") == "12.289,7"
    assert fmt_number(12289.7, 1, "en") == "12,289.7"
    assert fmt_percent(93.548387, 2, "id") == "93,55 %"
    assert fmt_number(48.148, 1, "id") == "48,1"
    assert fmt_number(806964, 0, "id") == "806.964"          # a population: no decimals
    assert fmt_number(-0.004, 3, "id") == "-0,004"
    assert fmt_number(-0.0001, 2, "id") == "0,00"            # never "-0,00"
    assert fmt_number(True, 0, "id") == "Ya" and fmt_number(np.bool_(False), 0, "en") == "No"
    assert [fmt_number(v, 2, "id") for v in (None, np.nan, pd.NA, float("inf"), "x")] == ["–"] * 5


def test_chart_ticks_in_the_figures_language():
    from analysis.plots import NumberFormatter
    f = NumberFormatter("id")
    f.set_locs([0.0, 0.25, 0.5])
    assert [f(v) for v in (0.0, 0.25, 0.5)] == ["0,00", "0,25", "0,50"]
    f.set_locs([0, 5000, 10000])
    assert [f(v) for v in (0, 5000, 10000)] == ["0", "5.000", "10.000"]
    e = NumberFormatter("en")
    e.set_locs([1.0, 1.5])
    assert e(1.5) == "1.5"


# --- one table style -----------------------------------------------------------------------------

def test_one_table_function_text_escaped_missing_as_dash():
    df = pd.DataFrame({"Tahun": ["2023"], "Nilai": [12289.7], "Ya?": [True],
                       "Teks": ["<b>x</b>"], "Kosong": [np.nan]})
    heads, cells = _table_texts(styled(df, index=False, lang="id"))
    page = styled(df, index=False, lang="id").to_html()
    assert f'class="{TABLE_CLASS}"' in page and "<b>x</b>" not in page
    assert heads == ["Tahun", "Nilai", "Ya?", "Teks", "Kosong"]
    assert cells == ["2023", "12.289,70", "Ya", "<b>x</b>", "–"]
    assert cell_text(806964, "id") == "806.964"


@pytest.mark.parametrize("code", CODES)
def test_every_table_styled_in_the_reports_language(processed, monkeypatch, code):
    """No DataFrame shown as its repr, every table of class wb-table; in the Indonesian report
    no number written the English way (tables, text, figures) and no header left in English
    or as a raw column name (a header equal in both languages must be a name, code or
    formula)."""
    codes = _codes(processed)
    seen = {}
    for lang in ("id", "en"):
        parts = _rendered(processed, code, lang, monkeypatch, by_section=True)
        shown = [o for objs in parts.values() for o in objs]
        assert not any(isinstance(o, pd.DataFrame) for o in shown)
        tables = [o for o in shown if isinstance(o, Styler)]
        assert tables and all(f'class="{TABLE_CLASS}"' in t.to_html() for t in tables)
        seen[lang] = [_table_texts(t) for t in tables]
        if lang != "id":
            continue
        # the sources section quotes each file's manifest entry as written (data text)
        text = "\n".join(_visible(o) for name, objs in parts.items() if name != "sources"
                         for o in objs if isinstance(getattr(o, "data", None), str))
        text += "\n" + "\n".join(c for _, cells in seen["id"] for c in cells)
        assert _dot_decimals(text, codes) == []
        figs = [o for o in shown if isinstance(o, Figure)]
        assert figs
        for fig in figs:
            assert _dot_decimals(" | ".join(_figure_texts(fig)), codes) == [], fig
    assert len(seen["id"]) == len(seen["en"])
    for (h_id, _), (h_en, _) in zip(seen["id"], seen["en"]):
        assert not [h for h in h_id if IDENTIFIER.match(h)], h_id
        same = [a for a, b in zip(h_id, h_en) if a == b and not NEUTRAL.match(a)]
        assert same == [], (h_id, h_en)


def test_the_checks_catch_what_they_look_for():
    # controls: the patterns find an English number and an English or raw header
    assert _dot_decimals("berjalan 93.55, 12,289.7 dan 0.282 jiwa", {"64.02"}) == [
        "93.55", "12,289.7", "0.282"]
    assert _dot_decimals("kode 64.02, AI.01.04, 300.2.2-2430/2025, 12.289,7, 806.964 dan 0,282",
                         {"64.02"}) == []
    assert IDENTIFIER.match("improvement_printed") and not NEUTRAL.match("year")


# --- the summary ---------------------------------------------------------------------------------

def test_summary_findings_are_the_sections_numbers(processed, monkeypatch):
    """Each finding of the summary says the number its section records (hand-checked values
    for Kutai Kartanegara in the comments) and links to that section's anchor."""
    shown = _rendered(processed, "64.02", "id", monkeypatch)
    text = "\n".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    summary = text[text.index("Ringkasan"):text.index("Profil wilayah")]
    lines = [ln for ln in summary.splitlines() if ln.startswith("- [")]
    assert 5 <= len(lines) <= 8
    anchors = set(re.findall(r'id="(sec-[a-z_]+)"', text + "".join(
        o.data for o in shown if type(o).__name__ == "HTML")))
    for ln in lines:
        targets = re.findall(r"\]\(#(sec-[a-z_]+)\)", ln)
        assert targets and set(targets) <= anchors, ln    # the links land on sections
    ctx = load_context("64.02", "id", None, str(processed))
    recs = {}
    for name in ("evaluation", "whatif", "readiness", "risk", "swot", "progress",
                 "competitiveness"):
        recs[name] = importlib.import_module(
            f"analysis.reports.sections.{name}").section(ctx).record
    from analysis.reports.sections import overview
    found = overview.section(ctx).record["temuan"]
    assert found["final"]["nilai_final"] == recs["evaluation"]["2023"]["nilai_final"] == 2.82
    best = max(recs["whatif"]["dimensi"].items(), key=lambda kv: kv[1]["tambahan_maks"])
    assert (found["lever"]["dimensi"], found["lever"]["tambahan_maks"]) == \
        (best[0], best[1]["tambahan_maks"])                # Impact: 0.20 × (4 − 2.59) = 0.282
    assert found["readiness"]["indeks_kesiapan"] == recs["readiness"]["indeks_kesiapan"]
    assert found["readiness"]["illustrative"] is True
    r23 = {r["tahun"]: r for r in recs["risk"]["register"]}[2023]
    assert (found["risk"]["n_di_atas_selera"], found["risk"]["n_tanpa_penanganan"],
            found["risk"]["n_residual_di_atas_selera"]) == (
        r23["n_di_atas_selera"], r23["n_tanpa_penanganan"],
        r23["n_residual_di_atas_selera"]) == (11, 4, 4)
    assert (found["progress"]["berjalan"], found["progress"]["direncanakan"]) == \
        (recs["progress"]["berjalan"], recs["progress"]["direncanakan"]) == (29, 31)
    assert (found["competitiveness"]["n_unggul_jawa"], found["competitiveness"]["n_indikator"]) \
        == (recs["competitiveness"]["n_unggul_jawa"], recs["competitiveness"]["n_indikator"])
    strategies = [p["strategi"] for p in recs["swot"]["pilar"].values()]
    top = max(strategies.count(s) for s in strategies)
    assert found["swot"]["strategi"] == sorted({s for s in strategies
                                                if strategies.count(s) == top})
    assert "**2,82**" in summary and "**11 dari 14**" in summary and "(93,55 %)" in summary
    # strategy (in the SWOT bullet): the section's first programmes; major weaknesses and
    # threats no strategy uses, counted in the strategy table (GOV-W2, BRD-T1, LIV-W2, LIV-T1,
    # LIV-T2, SOC-W1: rating >= 3)
    rec = importlib.import_module("analysis.reports.sections.strategy").section(ctx).record
    assert found["strategy"]["prioritas_teratas"] == rec["prioritas_teratas"]
    assert found["strategy"]["n_faktor_utama_tak_tertangani"] == \
        len(rec["faktor_utama_tak_tertangani"]) == 6
    assert "](#sec-strategy)" in summary and "**6** kelemahan atau ancaman utama" in summary


def test_summary_says_when_data_are_missing_and_tolerates_no_projection(processed, monkeypatch):
    import dataclasses

    from analysis.reports.sections import overview
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(objs))
    ctx = load_context("11.71", "id", None, str(processed))      # Banda Aceh: no masterplan
    tables = {k: v for k, v in ctx.tables.items() if k != "proyeksi"}
    rec = overview.section(dataclasses.replace(ctx, tables=tables)).record["temuan"]
    common.flush_md()
    text = "\n".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    assert rec["risk"] is None and rec["swot"] is None and rec["progress"] is None
    assert "[Risiko](#sec-risk): tidak ada data register risiko." in text
    assert "projection" not in rec and "Proyeksi" not in text      # no table: no line at all
    # a tie is said as a tie (three strategies two pillars each: none is "the most")
    rows = pd.DataFrame({"kode_kemendagri": ["11.71"] * 6, "year": [2023] * 6,
                         "strategy": ["SO", "SO", "WO", "WO", "ST", "ST"],
                         "illustrative": [True] * 6})
    text, numbers = overview.swot_direction(dataclasses.replace(
        ctx, tables={**tables, "swot_ringkasan": rows}))
    assert numbers["strategi"] == ["SO", "ST", "WO"] and numbers["n_pilar"] == 2
    assert "tidak ada satu arah terbanyak" in text and "**SO, ST dan WO**" in text


def test_every_section_has_a_table_of_contents_entry():
    from analysis.reports.sections import overview
    for lang in ("id", "en"):
        labels = {n: overview.toc_label(n, lang) for n in ORDER if n not in overview.NOT_IN_TOC}
        assert all(label and label != n and "{" not in label for n, label in labels.items())
        page = overview.toc_html(lang)
        assert page.count("<li>") == len(ORDER) - 2
        assert [f"#sec-{n}" for n in labels] == re.findall(r'href="(#sec-[a-z_]+)"', page)


# --- status as colour ---------------------------------------------------------------------

def test_on_track_grid_is_coloured_with_words_on_hover(processed, monkeypatch):
    shown = _rendered(processed, "64.02", "id", monkeypatch)
    grids = [o.to_html() for o in shown if isinstance(o, Styler) and "wb-st-" in o.to_html()]
    assert len(grids) >= 3                    # progress per pillar, tracking per pillar and OPD
    page = grids[-1]                          # per agency (OPD)
    assert "sesuai rencana</td>" not in page  # the word is not the cell's text
    cells = re.findall(r'<td[^>]*class="[^"]*wb-st-(\w+)[^"]*"[^>]*title="([^"]+)"[^>]*>([^<]*)<',
                       page)
    words = {"on_track": "sesuai rencana", "behind": "tertinggal", "ahead": "lebih cepat"}
    symbols = {"on_track": "●", "behind": "▼", "ahead": "▲"}
    assert cells and all(words[s] == t and symbols[s] == c for s, t, c in cells)
    keys = [o.data for o in shown if type(o).__name__ == "HTML" and "wb-key" in o.data]
    assert keys and all(w in keys[0] for w in words.values())


# --- one colour scale --------------------------------------------------------------------------

def test_same_colour_for_the_same_value_on_the_index_and_in_a_report(processed):
    """Kutai Barat (64.07, final 2023 1.23) and Balikpapan (64.71, 3.41): the class colour the
    national page gives each equals the pixel the report's province map draws at its label
    point; low is light (yellow), high dark (purple) in both."""
    from analysis.maps import layers as maps
    from analysis.plots import maps as pm
    from analysis.reports.index_page import class_css
    from analysis.reports.national_map import map_variables, national_table
    table = national_table(processed)
    layer = {v["key"]: v for v in map_variables(table, "id")}["final_2023"]
    css = dict(re.findall(r"\.c(\d)\{fill:(#[0-9a-f]{6})\}", class_css()))
    tables = {"evaluasi": pd.read_csv(processed / "evaluasi.csv", dtype={"kode_kemendagri": str})}
    ev = tables["evaluasi"]
    layers = maps.map_layers(str(processed), None)
    frame, context, extent = maps.province_frame(layers, "64.02", ev, 2023)
    lo, hi = maps.value_range(ev, 2023)
    back = pm.province_backdrop(frame, context, extent, lo, hi)
    page = {}
    for code, expected in (("64.07", "#fde725"), ("64.71", "#414487")):
        text, k = layer["values"][code]
        page[code] = css[str(k)]
        r = frame[frame["kode_kemendagri"] == code].iloc[0]
        x0, y0, w, h = back.axes
        (xa, xb), (ya, yb) = back.xlim, back.ylim
        px = (x0 + w * (r.label_x - xa) / (xb - xa)) * back.image.shape[1]
        py = (1 - (y0 + h * (r.label_y - ya) / (yb - ya))) * back.image.shape[0]
        near = {matplotlib.colors.to_hex(back.image[int(py) + dy, int(px) + dx][:3] / 255)
                for dy in range(-3, 4) for dx in range(-3, 4)}
        assert page[code] == expected and expected in near, (code, text, near)


# --- no overlaps ---------------------------------------------------------------------------------

def _boxes(fig, texts):
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]


def test_residual_matrix_labels_stay_off_the_inherent_matrix(processed):
    from analysis.masterplan import risk as rk
    from analysis.plots.risk import heatmap_pair
    regs = pd.read_csv(processed / "risiko" / "64.02.csv", dtype={"kode_kemendagri": str})
    scored = regs[regs["year"] == 2023].reset_index(drop=True)
    sc = rk.table_scale(scored)
    fig = heatmap_pair(rk.matrix_counts(scored, sc), sc, "id")
    fig.canvas.draw()
    left, right = fig.axes[:2]
    assert left.get_ylabel() == "Kemungkinan" and right.get_ylabel() == ""
    frame = left.get_window_extent(fig.canvas.get_renderer())
    for box in _boxes(fig, right.get_yticklabels() + [right.yaxis.label]):
        assert box.x0 > frame.x1, box                      # right of the inherent matrix
    assert [t.get_text() for t in right.get_yticklabels()] == ["1", "2", "3", "4", "5"]


def test_ie_labels_cover_no_cell_numeral_and_no_other_label(processed):
    from analysis.masterplan import swot
    from analysis.plots.swot import ie_chart, quadrant_chart
    rows = pd.read_csv(processed / "swot_ringkasan" / "64.02.csv", dtype={"kode_kemendagri": str})
    summary, _ = swot.latest_summary(rows)
    cfg = swot.load_settings()["swot"]
    for chart in (ie_chart, quadrant_chart):
        fig = chart(summary, cfg, "id")
        fig.canvas.draw()
        ax = fig.axes[0]
        names = [t for t in ax.texts if t.get_text().startswith("Smart ")]
        others = [t for t in ax.texts if t not in names]     # numerals / quadrant names
        assert len(names) == len(summary)
        labels, fixed = _boxes(fig, names), _boxes(fig, others)
        for i, a in enumerate(labels):
            assert not any(a.overlaps(b) for b in fixed), (chart.__name__, names[i].get_text())
            assert not any(a.overlaps(b) for b in labels[i + 1:]), names[i].get_text()


def test_gantt_names_are_cut_between_words():
    from analysis.plots.progress import short_name
    assert short_name("Satu Data Kukar") == "Satu Data Kukar"
    assert short_name("Pusat data dan jaringan pemerintahan terpadu kabupaten", 44) == \
        "Pusat data dan jaringan pemerintahan…"
    assert short_name("Layanan pengaduan perempuan dan anak", 30) == "Layanan pengaduan perempuan…"
    assert short_name("Supercalifragilistic", 10) == "Supercali…"
