"""Kominfo's printed improvement checked against our own figure."""
from __future__ import annotations

import pandas as pd


def improvement_check(evals: pd.DataFrame) -> pd.DataFrame:
    """Kominfo's printed 2023 improvement against our own figure.

    Kominfo's figure is the 2023 published final minus the 2022 final *recomputed* from the
    printed dimensions and rounded to two decimals (Kabupaten Malang: 2.94 − 2.50 = 0.44).
    """
    e22 = evals[(evals.tahun == 2022) & evals.dievaluasi].set_index("kode_kemendagri")
    e23 = evals[evals.tahun == 2023].set_index("kode_kemendagri")
    out = pd.DataFrame(index=e23.index)
    out["nama"] = e23["nama"]
    out["improvement_tercetak"] = e23.get("improvement_tercetak", e23["improvement"])
    out["final_2022_hitung"] = e22["nilai_final_hitung"].reindex(out.index)
    out["improvement_hitung"] = (e23["nilai_final"] - out["final_2022_hitung"].round(2)).round(2)
    out["selisih"] = out["improvement_tercetak"] - out["improvement_hitung"]
    return out.reset_index()
