"""The national page's data and HTML (no browser): national table, map classes, links,
escaping of data text, self-containment and size. The browser checks are in
``test_national_page_browser.py``."""
from __future__ import annotations

import json
import math
import re
import shutil

import pytest

from analysis.io import sha256_file, write_json
from analysis.paths import RAW_DIR
from analysis.processed.project import build_processed
from analysis.reports import manifest as mf
from analysis.reports.index_page import build_index, table_rows
from analysis.reports.national_map import map_variables, national_context, national_table

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    build_processed(None, out)
    return out


@pytest.fixture(scope="module")
def table(processed):
    return national_table(processed, RAW_DIR)


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_national_table_holds_published_values(table):
    # kominfo_evaluasi_2023.csv row 37: 64.02 KAB. KUTAI KARTANEGARA … 2.82 … KPPN&IKN;
    # kominfo_evaluasi_2022.csv row 41: 64.07 all zeros = not evaluated (NaN, never 0).
    assert table.loc["64.02", "final_2023"] == pytest.approx(2.82)
    assert table.loc["64.02", "kelompok"] == "KPPN&IKN"
    assert table.loc["64.02", "provinsi"] == "Kalimantan Timur"
    assert math.isnan(table.loc["64.07", "final_2022"])
    assert table.loc["64.07", "final_2023"] == pytest.approx(1.23)
    assert list(table.columns[:4]) == ["nama", "provinsi", "ipm_2021", "final_2023"]
    assert len(table) == 142


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_map_variables_latest_final_first_and_only_readiness_illustrative(table):
    vs = map_variables(table, "id")
    keys = [v["key"] for v in vs]
    assert keys[:4] == ["final_2023", "final_2022", "ipm_2021", "kesiapan"]
    assert set(keys[4:]) <= {"selisih_jawa", "proyeksi"}     # BPS panel layers
    assert [v["illustrative"] for v in vs] == [False, False, False, True] + [False] * (len(vs) - 4)
    assert "ILUSTRATIF" in vs[3]["label"]
    final = vs[0]
    assert len(final["legend"]) == 5 and len(final["colors"]) == 5
    # evaluated 2023 finals span 1.15 (lowest) … 3.84 (Surakarta): 5 classes of width 0.538
    assert final["legend"][0] == "1,15–1,69" and final["legend"][-1] == "3,30–3,84"
    assert final["values"]["33.72"] == ["3,84", 4] and final["values"]["64.07"] == ["1,23", 0]
    assert "64.07" not in vs[1]["values"]                   # not evaluated in 2022: no colour
    assert map_variables(table, "en")[0]["label"] == "Final score 2023 (Kominfo)"


def _run(root, processed, codes, names=None, with_national=True):
    d = root / "run"
    d.mkdir()
    names = names or {}
    for code, score in codes.items():
        write_json(d / f"{code}.json", {"header": {"nama": names.get(code, f"Kab {code}"),
                                                  "nilai_final": score, "tahun_terakhir": 2023,
                                                  "peringkat_kelompok": 1, "n_kelompok": 2}})
        (d / f"{code}.html").write_text("<html></html>")
    params = {"lang": "id", "illustrative": False, "data_dir": str(RAW_DIR), "notebook": "r.ipynb",
              "timeout": 60.0, "kernel": "warm", "pdf": False, "seed": 0}
    if with_national:
        params["processed_dir"] = str(processed)
    m = mf.new_manifest("20260102T000000Z-x", params, list(codes), {}, None)
    m["regencies"] = {c: {"status": "ok"} for c in codes}
    mf.write_manifest(d, m)
    return d


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_page_maps_every_regency_and_links_only_the_reports_of_the_run(tmp_path, processed):
    run = _run(tmp_path, processed, {"64.02": 2.82, "32.73": 3.83})
    html = build_index(run, None, "id").read_text(encoding="utf-8")
    assert html.count("<path ") == 514
    assert sorted(re.findall(r'<a href="([^"]+)"><path', html)) == ["32.73.html", "64.02.html"]
    assert 'data-prov="Kalimantan Timur"' in html and 'data-grp="KPPN&amp;IKN"' in html
    # offline: no external resource of any kind
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<link" not in html
    assert "@import" not in html and "url(" not in html
    size = len(html.encode("utf-8"))
    print(f"\nnational page: {size / 1024:.0f} KiB")
    assert size < 400_000


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_data_text_is_escaped_everywhere(tmp_path, processed):
    run = _run(tmp_path, processed, {"64.02": 2.82}, names={"64.02": HOSTILE})
    html = build_index(run, None, "id").read_text(encoding="utf-8")
    assert "<img" not in html and "alert(2)</script>" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html          # table cell
    assert 'data-q="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;' in html   # search text
    assert html.count("<script") == 2                     # the page's own data and code only


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_without_processed_tables_the_page_is_the_table_alone(tmp_path, processed):
    run = _run(tmp_path, processed, {"64.02": 2.82}, with_national=False)
    assert national_context(mf.read_manifest(run)) is None
    html = build_index(run, None, "en").read_text(encoding="utf-8")
    assert "<svg" not in html and 'id="f-q"' in html and "Regencies in this run" in html


@pytest.fixture
def edited(processed, tmp_path):
    """A copy of the run's processed tables, to edit (the page must read only these)."""
    d = tmp_path / "processed"
    shutil.copytree(processed, d)
    return d


def _as_built(d):
    """Record the edited tables' sha256 in ``build.json``, as if the build had written them
    (readers refuse a table whose bytes differ from the ones its build recorded)."""
    state = json.loads((d / "build.json").read_text(encoding="utf-8"))
    for e in state["tables"].values():
        if not e.get("per_regency"):
            e["sha256"] = sha256_file(d / e["file"])
    write_json(d / "build.json", state)


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_an_illustrative_data_set_labels_every_map_variable(edited):
    # a generated national set's manifest says illustrative: true at the top: every map (the
    # finals too, not only readiness) must say DATA ILUSTRATIF
    man = json.loads((edited / "manifest.json").read_text(encoding="utf-8"))
    assert man["illustrative"] is False
    (edited / "manifest.json").write_text(json.dumps({**man, "illustrative": True}),
                                          encoding="utf-8")
    vs = map_variables(national_table(edited, RAW_DIR), "id")
    assert [v["key"] for v in vs][:4] == ["final_2023", "final_2022", "ipm_2021", "kesiapan"]
    assert all(v["illustrative"] for v in vs)


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_readiness_and_profile_come_from_the_run_tables(edited, tmp_path):
    # Wonogiri's readiness set to 12.5 in the processed kesiapan table: the page shows 12.5
    # (not an index recomputed from raw data, which are not even there: data_dir is gone)
    kes = (edited / "kesiapan.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(kes) if ln.startswith("33.12,"))
    cells = kes[row].split(",")
    assert cells[2].startswith("89.506")      # 89.51 as built
    kes[row] = ",".join(cells[:2] + ["12.5"] + cells[3:])
    (edited / "kesiapan.csv").write_text("\n".join(kes) + "\n", encoding="utf-8")
    # Kutai Kartanegara's 2020 profile (no province, no IPM) moved before its 2025 one: the
    # latest vintage is still the one shown (Kalimantan Timur, IPM 2021 74.06)
    prof = (edited / "profil.csv").read_text(encoding="utf-8").splitlines()
    old = next(ln for ln in prof if ln.startswith("64.02,") and ",2020," in ln)
    prof = [prof[0], old] + [ln for ln in prof[1:] if ln != old]
    (edited / "profil.csv").write_text("\n".join(prof) + "\n", encoding="utf-8")
    _as_built(edited)
    tab = national_table(edited, tmp_path / "gone")
    assert tab.loc["33.12", "kesiapan"] == 12.5
    assert tab.attrs["readiness_illustrative"] is True
    assert tab.loc["64.02", "provinsi"] == "Kalimantan Timur"
    assert tab.loc["64.02", "ipm_2021"] == pytest.approx(74.06)


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_inline_data_cannot_open_a_comment_or_script(edited, tmp_path):
    # a code in the processed profile reaches the map data (IPM values by code): '<!--<script>'
    # has no '</' but would switch the HTML parser into the script's escaped states
    prof = (edited / "profil.csv").read_text(encoding="utf-8")
    (edited / "profil.csv").write_text(prof.replace("\n11.71,", "\n<!--<script>,", 1),
                                       encoding="utf-8")
    _as_built(edited)
    run = _run(tmp_path, edited, {"64.02": 2.82})
    html = build_index(run, None, "id").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="wb-data">(.*?)</script>', html,
                     re.S).group(1)
    assert "<" not in blob and "\\u003c!--\\u003cscript>" in blob
    ipm = next(v for v in json.loads(blob)["vars"] if v["label"] == "IPM 2021 (BPS)")
    assert ipm["values"]["<!--<script>"] == ["85,7", 4]    # Banda Aceh's 85.71, top class


def test_table_numbers_are_formatted_as_everywhere_else():
    # fmt_number: Indonesian decimal comma, '–' for a missing score (None or NaN)
    base = {"code": "64.02", "name": "Kukar", "year": 2023, "delta": ("+0,10", "0.1"),
            "rank": ("1 / 2", 1), "group": "", "province": "", "maturity": None,
            "status": "ok", "files": []}
    rows_ = table_rows([{**base, "score": 2.824}, {**base, "code": "64.03", "score": None},
                        {**base, "code": "64.04", "score": float("nan")}], "id", False)
    assert [r["cells"][3]["text"] for r in rows_] == ["2,82", "–", "–"]


@pytest.mark.parametrize("illustrative, head", [(True, "Tingkat kematangan (DATA ILUSTRATIF)"),
                                                (False, "Tingkat kematangan")])
def test_maturity_column_says_when_it_comes_from_illustrative_assessments(tmp_path, illustrative,
                                                                          head):
    run = _run(tmp_path, None, {"64.02": 2.82}, with_national=False)
    rec = json.loads((run / "64.02.json").read_text(encoding="utf-8"))
    rec["header"]["tingkat_kematangan"] = 3
    rec["readiness"] = {"illustrative": illustrative, "tingkat": 3}
    write_json(run / "64.02.json", rec)
    html = build_index(run, None, "id").read_text(encoding="utf-8")
    heads = re.findall(r"<th>([^<]*)</th>", html)
    assert heads[8] == head and "ILUSTRATIF" not in "".join(heads[:8] + heads[9:])
