"""Labels of the variables the workbench correlates and maps (profile, Kominfo indices,
readiness pillars), in Indonesian and English, and their kinds (continuous or binary).

Low in the layers (it imports only the text catalogue) so the figures (:mod:`analysis.plots`),
the maps and the report sections label a variable without importing the correlation analysis;
:mod:`analysis.correlations.data` builds its frames on these keys.
"""
from __future__ import annotations

from analysis.i18n import PILLARS, tr

#: Profile variables: key → (Indonesian label, English label, kind).
PROFILE_VARS = {
    "penduduk": ("Penduduk (jiwa)", "Population", "continuous"),
    "luas_km2": ("Luas wilayah (km²)", "Area (km²)", "continuous"),
    "kepadatan": ("Kepadatan (jiwa/km²)", "Density (per km²)", "continuous"),
    "log_kepadatan": ("log kepadatan", "log density", "continuous"),
    "ipm_2021": ("IPM 2021", "HDI (IPM) 2021", "continuous"),
    "uhh_2021": ("Umur harapan hidup 2021", "Life expectancy 2021", "continuous"),
    "hls_2021": ("Harapan lama sekolah 2021", "Expected years of schooling 2021", "continuous"),
    "rls_2021": ("Rata-rata lama sekolah 2021", "Mean years of schooling 2021", "continuous"),
    "pengeluaran_2021": ("Pengeluaran per kapita 2021 (ribu Rp)",
                         "Per-capita expenditure 2021 (Rp thousand)", "continuous"),
    "pangsa_desa": ("Pangsa desa (desa / (desa + kelurahan))",
                    "Share of desa (desa / (desa + kelurahan))", "continuous"),
    "kota": ("Kota (1) vs kabupaten (0)", "City (1) vs regency (0)", "binary"),
    "jawa": ("Jawa (1) vs luar Jawa (0)", "Java (1) vs outside Java (0)", "binary"),
    "kppn_ikn": ("Kelompok KPPN&IKN (1) vs reguler (0)", "Group KPPN&IKN (1) vs regular (0)",
                 "binary"),
}
#: Variables used only as model terms (not correlated on their own).
MODEL_ONLY = {"log_penduduk": ("log penduduk", "log population", "continuous"),
              "log_luas": ("log luas", "log area", "continuous")}
#: Kominfo indices: key → (Indonesian label, English label).
INDEX_VARS = {
    "baseline": ("Baseline", "Baseline"), "output": ("Output", "Output"),
    "outcome": ("Outcome", "Outcome"), "impact": ("Impact", "Impact"),
    "quick_win": ("Quick Win", "Quick Win"), "kolaborasi": ("Kolaborasi", "Collaboration"),
    "nilai_final": ("Nilai final", "Final score"),
    "improvement": ("Kenaikan (cetak Kominfo)", "Improvement (printed by Kominfo)"),
}
READINESS_PREFIX = "kesiapan_"


def label(var: str, lang: str = "id") -> str:
    """A variable's label in ``lang``."""
    for table in (PROFILE_VARS, MODEL_ONLY, INDEX_VARS):
        if var in table:
            return table[var][0 if lang == "id" else 1]
    if var.startswith(READINESS_PREFIX):
        pillar = var[len(READINESS_PREFIX):]
        name = tr(PILLARS, pillar, lang) if pillar in PILLARS else \
            ("indeks" if lang == "id" else "index") if pillar == "total" else pillar
        return f"{'Kesiapan' if lang == 'id' else 'Readiness'}: {name}"
    return var


SHORT = {"kota": ("kota vs kabupaten", "city vs regency"),
         "jawa": ("Jawa vs luar Jawa", "Java vs outside Java"),
         "kppn_ikn": ("kelompok evaluasi", "evaluation group")}


def short_label(var: str, lang: str = "id") -> str:
    """A short label for titles (falls back to :func:`label`)."""
    return SHORT[var][0 if lang == "id" else 1] if var in SHORT else label(var, lang)


def controls_label(controls: str, lang: str = "id") -> str:
    """``'kota+kppn_ikn'`` → ``'kota vs kabupaten, kelompok evaluasi'``."""
    return ", ".join(short_label(c, lang) for c in controls.split("+") if c)


def is_binary(var: str) -> bool:
    return PROFILE_VARS.get(var, ("", "", ""))[2] == "binary"
