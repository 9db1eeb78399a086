"""Everything the per-regency report needs about one regency, loaded once."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.manifest import is_illustrative, load_manifest
from analysis.errors import WorkbenchError
from analysis.i18n import check_lang
from analysis.build.processed import load_processed


class UnknownRegencyError(WorkbenchError):
    """The regency code is not in the profile table of the data directory."""


@dataclass
class RegencyContext:
    code: str
    lang: str
    data_dir: str | None
    profile: pd.Series            # the chosen vintage
    vintages: pd.DataFrame        # every vintage of this regency's profile
    evaluations: pd.DataFrame     # all regencies, all years (long)
    quality: pd.DataFrame         # data-quality log rows for this regency
    manifest: dict
    illustrative: bool
    processed_dir: str | None = None   # where the run's cross-regency tables and map layer are

    @property
    def name(self) -> str:
        return str(self.profile["nama"])

    def evaluation(self, year: int) -> pd.Series | None:
        """This regency's row of ``year`` (None if not listed that year)."""
        ev = self.evaluations
        row = ev[(ev.tahun == year) & (ev.kode_kemendagri == self.code)]
        return None if row.empty else row.iloc[0]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.evaluations.tahun.unique())


def load_context(regency_code: str, lang: str = "id", data_dir: str | None = None,
                 processed_dir: str | None = None, vintage: str = "latest") -> RegencyContext:
    """Load a regency's context; ``vintage`` picks the profile vintage ('latest' or e.g. '2020')."""
    check_lang(lang)
    code = str(regency_code)
    tables = load_processed(processed_dir or None, data_dir or None)
    prof = tables["profil"]
    mine = prof[prof.kode_kemendagri == code]
    if mine.empty:
        raise UnknownRegencyError(
            f"regency code {code!r} is not in the profile table (profil_wilayah.csv); "
            f"codes look like '64.02'")
    mine = mine.sort_values("vintage", ascending=False)
    chosen = mine.iloc[0] if vintage == "latest" else mine[mine.vintage == vintage].iloc[0]
    q = tables["kualitas_data"]
    return RegencyContext(
        code=code, lang=lang, data_dir=data_dir or None, profile=chosen, vintages=mine,
        evaluations=tables["evaluasi"], quality=q[q.kode_kemendagri == code],
        manifest=load_manifest(data_dir or None), illustrative=is_illustrative(data_dir or None),
        processed_dir=processed_dir or None)
