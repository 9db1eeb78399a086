"""Report records saved before issue 11's one vocabulary: their English record keys renamed to
the Indonesian ones the sections write now (values untouched), so golden records stay
comparable number by number."""
from __future__ import annotations

#: Old record key -> today's, in the sections below (issue 11: record keys in one language).
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
