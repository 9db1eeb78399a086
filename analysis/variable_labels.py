"""Labels of the variables the workbench correlates and maps (profile, Kominfo indices,
readiness pillars), in Indonesian and English, and their kinds (continuous or binary).

Low in the layers (it imports only the text catalogue) so the figures (:mod:`analysis.plots`),
the maps and the report sections label a variable without importing the correlation analysis;
:mod:`analysis.correlations.data` builds its frames on these keys.
"""
from __future__ import annotations

from analysis.i18n import PILLARS, texts, tr

#: Labels of every variable (catalogue namespace ``variables``) and the short ones for titles
#: (``variables.short``).
LABELS = texts("variables")
SHORT = texts("variables.short")

#: Profile variables: key → kind.
PROFILE_VARS = {
    "penduduk": "continuous", "luas_km2": "continuous", "kepadatan": "continuous",
    "log_kepadatan": "continuous", "ipm_2021": "continuous", "uhh_2021": "continuous",
    "hls_2021": "continuous", "rls_2021": "continuous", "pengeluaran_2021": "continuous",
    "pangsa_desa": "continuous", "kota": "binary", "jawa": "binary", "kppn_ikn": "binary",
}
#: Variables used only as model terms (not correlated on their own).
MODEL_ONLY = {"log_penduduk": "continuous", "log_luas": "continuous"}
#: Kominfo indices.
INDEX_VARS = ("baseline", "output", "outcome", "impact", "quick_win", "kolaborasi",
              "nilai_final", "improvement")
READINESS_PREFIX = "kesiapan_"


def label(var: str, lang: str = "id") -> str:
    """A variable's label in ``lang``."""
    if var in LABELS:
        return tr(LABELS, var, lang)
    if var.startswith(READINESS_PREFIX):
        pillar = var[len(READINESS_PREFIX):]
        name = tr(PILLARS, pillar, lang) if pillar in PILLARS else \
            tr(LABELS, "_index", lang) if pillar == "total" else pillar
        return tr(LABELS, "_readiness", lang).format(name=name)
    return var


def short_label(var: str, lang: str = "id") -> str:
    """A short label for titles (falls back to :func:`label`)."""
    return tr(SHORT, var, lang) if var in SHORT else label(var, lang)


def controls_label(controls: str, lang: str = "id") -> str:
    """``'kota+kppn_ikn'`` → ``'kota vs kabupaten, kelompok evaluasi'``."""
    return ", ".join(short_label(c, lang) for c in controls.split("+") if c)


def is_binary(var: str) -> bool:
    return PROFILE_VARS.get(var) == "binary"
