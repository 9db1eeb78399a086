"""Report records saved before the record keys took one language: their English keys renamed to
the Indonesian ones the sections write now (values untouched), so golden records stay
comparable number by number."""
from __future__ import annotations

#: Old record key -> today's, in the sections below (record keys are Indonesian now).
RENAMED = {
    "registers": "register", "year": "tahun", "scale": "skala", "n_risks": "n_risiko",
    "n_above_appetite": "n_di_atas_selera", "n_untreated": "n_tanpa_penanganan",
    "n_residual_above_appetite": "n_residual_di_atas_selera",
    "residual_above_appetite": "residual_di_atas_selera", "max_magnitude": "besaran_maks",
    "top_risk": "risiko_teratas", "n_views_disagree": "n_arah_berlawanan", "pillars": "pilar",
    "ifas_total": "total_ifas", "efas_total": "total_efas", "quadrant": "kuadran",
    "strategy": "strategi", "ie_cell": "sel_ie", "ie_strategy": "strategi_ie",
    "views_disagree": "arah_berlawanan", "planned": "direncanakan", "running": "berjalan",
    "share_pct": "persen_berjalan", "trajectory": "lintasan", "evaluation_years": "tahun_evaluasi",
    "files": "berkas", "vintage": "vintase"}
#: Sections whose keys were renamed (the others were Indonesian already).
SECTIONS = ("risk", "swot", "progress", "profile", "sources")


def _renamed(value):
    if isinstance(value, dict):
        return {RENAMED.get(k, k): _renamed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


def renamed(record: dict) -> dict:
    """``record`` (a whole report record) with the keys of :data:`SECTIONS` renamed."""
    return {k: _renamed(v) if k in SECTIONS else v for k, v in record.items()}


#: Values changed on purpose since the golden records were saved: ``(code, section, path) ->
#: new value`` (a path into the section's record, an int indexing a list; ``None`` as the value
#: deletes the key).
#: Profile verdict: "better"/"worse" used to be a residual of at least 0.5 residual standard
#: deviations; it is now a published final outside the model's 95 % prediction interval
#: (statsmodels get_prediction obs_ci_lower/upper, HC3 fit), and the record carries that
#: interval. None of these regencies lies outside it (checked by hand for 64.02 in
#: tests/test_correlations_real.py and on a hand-made frame in tests/test_profile_verdict.py).
_VERDICT_2023 = {
    "11.71": [2.0319, 3.883], "12.73": [1.5759, 3.4864], "16.07": [1.5144, 3.3492],
    "32.73": [2.55, 4.3823], "33.11": [2.2183, 4.0481], "35.25": [2.3167, 4.1422],
    "36.74": [2.4449, 4.2686], "51.03": [2.0544, 3.971], "53.19": [1.1311, 3.0026],
    "64.02": [1.5089, 3.4126], "64.71": [1.7879, 3.6781], "74.07": [1.3429, 3.1944]}
REVISED: dict[tuple[str, str, tuple], object] = {
    **{(code, "cross_section", ("residu", "2023", key)): value
       for code, interval in _VERDICT_2023.items()
       for key, value in (("penilaian", "as_predicted"), ("interval_prediksi_95", interval))},
    **{("53.19", "cross_section", ("residu", "2022", key)): value
       for key, value in (("penilaian", "as_predicted"),
                          ("interval_prediksi_95", [1.3855, 3.1777]))},
    # SWOT: the most frequent quadrant is recorded with every tie (Katingan: SO = ST = WO = 2
    # pillars each; the section used to print "SO" alone)
    ("62.06", "swot", ("kuadran_terbanyak",)): ["SO", "ST", "WO"],
    ("64.02", "swot", ("kuadran_terbanyak",)): ["SO"],
    # Risk: treated risks above appetite whose residual was not assessed are listed (none in
    # the shipped registers; they used to fall out of both lists)
    ("64.02", "risk", ("register", 0, "residual_belum_dinilai")): [],
    ("64.02", "risk", ("register", 1, "residual_belum_dinilai")): [],
    ("62.06", "risk", ("register", 0, "residual_belum_dinilai")): [],
}


def revised(code: str, record: dict) -> dict:
    """``record`` (a whole report record, keys renamed) with the values of :data:`REVISED`
    for ``code``."""
    import copy
    out = copy.deepcopy(record)
    for (c, section, path), value in REVISED.items():
        if c != code or section not in out:
            continue
        node = out[section]
        for key in path[:-1]:
            node = node[key] if isinstance(key, int) else node.setdefault(key, {})
        if value is None:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    # Sources: exactly the raw files the report used (the inputs of the tables its sections
    # read), not the same four for every report: the national files every report reads, the
    # Kutai Kartanegara 2020 profile only in its own report, and the regency's own files
    if "sources" in out:
        out["sources"]["berkas"] = sources_expected(code)
    # What-if: the places gained by matching the regency above are recorded (the section said
    # "one rank up" when a tie above made it two): the group rank minus the rank matching gives
    up = (out.get("whatif") or {}).get("naik_peringkat")
    if up:
        up["naik_tempat"] = out["whatif"]["peringkat_kelompok"] - up["peringkat"]
    return out


def expected(code: str, record: dict) -> dict:
    """A golden record as the sections write it today: keys renamed, values revised."""
    return revised(code, renamed(record))


#: Raw files every report uses: boundaries (maps), the BPS panel (profile IPM, competitiveness,
#: future), the evaluations, the current profile and the national readiness assessments.
EVERY_REPORT = ("batas_kabkota.geojson", "bps_panel_ekonomi_kabkota_2010_2024.csv",
                "bps_panel_garis_kemiskinan_kabkota_2010_2024.csv",
                "bps_panel_ipm_kabkota_2010_2024.csv", "bps_panel_kabkota_kode.csv",
                "bps_panel_luas_penduduk_kabkota.csv", "kominfo_evaluasi_2022.csv",
                "kominfo_evaluasi_2023.csv", "profil_wilayah.csv",
                "readiness_assessment_illustrative.csv")


def sources_expected(code: str) -> list[str]:
    """The files of a shipped-data report of ``code``, from the raw directory's listing: those
    of :data:`EVERY_REPORT`, the 2020 profile for 64.02 and every CSV named for ``code``."""
    from analysis.paths import RAW_DIR
    own = [p.name for p in RAW_DIR.glob(f"*_{code}*.csv")]
    kukar = ["profil_wilayah_kukar_2020.csv"] if code == "64.02" else []
    return sorted([*EVERY_REPORT, *kukar, *own])
