"""Report sections on a regency's own data (``--add``): alignment with the RPJMD, on
track / behind / ahead with the change per year, whose data a section shows. Each section reads
only the context's tables (built here in memory from an imported workbook)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.masterplan_tables import regency_tables
from analysis.processed.spec import Sources
from analysis.reports.context import RegencyContext
from analysis.reports.sections import alignment, common, provenance, tracking
from tests.test_owndata_cli import kukar  # noqa: F401  (module fixture: the imported workbook)


@pytest.fixture
def shown(monkeypatch):
    """Markdown text and tables the sections display, in order."""
    items = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: items.extend(
        x.data if isinstance(getattr(x, "data", None), str) else getattr(x, "data", x)
        for x in objs))
    return items


def context(src: Sources, code: str = "64.02", lang: str = "id") -> RegencyContext:
    tables = regency_tables(src, code)          # the own-data tables as built for ``code``
    return RegencyContext(code=code, lang=lang, data_dir="/nonexistent", profile=pd.Series(),
                          vintages=pd.DataFrame(), evaluations=pd.DataFrame(),
                          quality=pd.DataFrame(), manifest={}, illustrative=False, tables=tables)


def test_alignment_section_on_own_data(kukar, shown):  # noqa: F811
    sec = alignment.section(context(Sources.from_dir(None, [kukar])))
    r = sec.record
    # missions 1, 2, 3, 5; P1 serves 1 and 5, P2 serves 2, P3 none
    assert r["program_per_misi"] == {1: 1, 2: 1, 3: 0, 5: 1} and r["misi"] == [1, 2, 3, 5]
    assert r["misi_tanpa_program"] == [3] and r["program_tanpa_misi"] == ["P3"]
    assert r["anggaran_per_misi"] == {1: 1000.0, 2: 250.0, 3: 0.0, 5: 1000.0}
    assert r["data"] == "own" and r["illustrative"] is False
    text = "\n".join(x for x in shown if isinstance(x, str))
    # Markdown-escaped data text (analysis.escape.md_text): renders as typed
    assert r"data daerah sendiri \(kukar\_isi.xlsx, diimpor 2026\-12\-01\)" in text
    assert "Misi yang belum dilayani program mana pun: 3. SDM unggul." in text
    assert "P3 Wifi desa" in text


def test_alignment_section_without_missions(shown):
    sec = alignment.section(context(Sources.from_dir(), "11.71", "en"))
    assert sec.record == {} and "No RPJMD missions" in shown[-1]


#: Katingan's RPJMD 2018-2023 as ANTARA Kalteng quoted it (July 2022); mission 4 not given.
KATINGAN = {1: "menciptakan pemerintahan yang bersih, berwibawa dan inovatif serta mewujudkan "
               "supremasi hukum",
            2: "peningkatan perekonomian yang berdaya saing dan kemandirian pangan",
            3: "memantapkan pembangunan perdesaan",
            5: "peningkatan infrastruktur fisik jalan dan jembatan, jaringan air bersih, dan "
               "komunikasi"}


def test_katingan_alignment_shows_its_published_missions(shown):
    sec = alignment.section(context(Sources.from_dir(), "62.06", "id"))
    r = sec.record
    assert r["visi"] == "Bermartabat untuk Mewujudkan Masyarakat yang Sejahtera"
    assert r["periode"] == "2018-2023" and r["data"] == "published"
    assert r["misi"] == sorted(KATINGAN) and r["misi_tidak_diberikan"] == [4]
    assert r["smart_city"] == {"selaras": [1, 5], "tersirat": [2, 3]}
    # the programmes are illustrative: so is their alignment with the real missions
    assert r["illustrative"] is True and r["program_mencatat_misi"] is False
    text = "\n".join(x for x in shown if isinstance(x, str))
    assert "Belum ada data misi RPJMD" not in text
    for n, words in KATINGAN.items():
        assert f"{n}. {words}" in text.replace("\\", "")
    assert "4. *teks misi ini tidak disebutkan dalam sumber*" in text
    assert ("Menurut sumber, Smart City selaras dengan misi 1 dan 5 dan tersirat pada misi 2 "
            "dan 3.") in text
    assert "Program masterplan di bawah ini DATA ILUSTRATIF" in text
    assert "ANTARA" in text                                   # whose the missions are


def test_mission_gap_never_filled_in():
    from analysis.masterplan import alignment as al
    m = pd.DataFrame({"regency": "62.06", "jenis": ["visi", "misi", "misi", "misi"],
                      "misi": [None, 1, 3, 6], "uraian": ["V", "a", "c", "f"]})
    assert al.missing_missions(m) == [2, 4, 5]
    assert al.smart_city_missions(m) == {"selaras": [], "tersirat": []}
    t = regency_tables(Sources.from_dir(), "62.06")["misi_rpjmd"]
    assert t[~t["diberikan"]]["misi"].tolist() == [4]
    assert t[~t["diberikan"]]["uraian"].isna().all()          # no text made up for it
    assert t["jenis"].tolist()[0] == "visi" and not t["illustrative"].any()


def test_tracking_section_own_and_illustrative(kukar, shown):  # noqa: F811
    sec = tracking.section(context(Sources.from_dir(None, [kukar])))
    r = sec.record
    # 2023: governance (P1 started 2022) and environment (P2 started and done 2023) on track;
    # living (P3 planned from 2022, not started) behind; nothing changed since 2022
    assert (r["tahun"], r["tahun_sebelumnya"]) == (2023, 2022)
    assert r["pilar"] == {"governance": "on_track", "environment": "on_track",
                          "living": "behind"}
    assert r["opd"] == {"Bappeda": "on_track", "DLH": "on_track", "Diskominfo": "behind"}
    assert r["perubahan"] == [] and r["data"] == "own"
    text = "\n".join(x for x in shown if isinstance(x, str))
    assert "Tidak ada status yang berubah sejak 2022." in text
    shown.clear()
    nat = tracking.section(context(Sources.from_dir(), "64.02", "en")).record
    assert nat["illustrative"] is True and nat["data"] == "illustrative"
    assert any("ILLUSTRATIVE DATA" in x for x in shown if isinstance(x, str))


def test_provenance_falls_back_to_the_national_file(kukar):  # noqa: F811
    ctx = context(Sources.from_dir(None, [kukar]), "62.06")
    assert provenance.kind(ctx, "readiness_assessment") == "illustrative"
    assert provenance.kind(context(Sources.from_dir(None, [kukar])),
                           "readiness_assessment") == "own"
    assert provenance.kind(ctx, "missions") == "published"     # Katingan's RPJMD (ANTARA)
    assert provenance.kind(context(Sources.from_dir(None, [kukar]), "11.71"), "missions") is None


@pytest.mark.slow   # a whole layered build (about 6 s), kept out of the one-minute unit tier
def test_readiness_and_header_sections_on_a_layered_build(kukar, shown, tmp_path):  # noqa: F811
    from analysis.processed.project import build_processed
    from analysis.reports.context import load_context
    from analysis.reports.sections import header, readiness
    out = build_processed(None, tmp_path / "p", adds=[kukar]).out_dir
    ctx = load_context("64.02", "en", None, str(out))
    r = readiness.section(ctx).record
    # governance 1, 2, 3 / 4, 4, 3 / 2, 1, 3 -> 14/27 x 100; the only pillar scored
    assert r["indeks_kesiapan"] == pytest.approx(1400 / 27) and r["tingkat"] == 3
    assert r["peringkat"] is None and r["n_pembanding"] == 1 and r["data"] == "own"
    text = "\n".join(x for x in shown if isinstance(x, str))
    assert "there is no real comparison group yet" in text
    assert "Pillars with no scored item: Smart Branding" in text
    assert header.section(ctx).record["indeks_kesiapan"] == pytest.approx(1400 / 27)
    other = readiness.section(load_context("62.06", "en", None, str(out))).record
    assert other["illustrative"] is True and other["n_daerah"] == 142   # own row not a peer
