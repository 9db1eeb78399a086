"""Build tables of a regency's own data (``--add DIR``): whose data each table shows, alignment of
the masterplan with the RPJMD, on track / behind / ahead per pillar and agency over the years,
and the BRIN IDSD scores a regency added.

Compute functions have the build signature ``compute(src, tables, code=None)`` (see
:mod:`analysis.processed.spec`). The RPJMD and tracking tables take a regency's files as read
(``misi_masukan``, ``program_masukan``, ``realisasi_masukan``:
:mod:`analysis.processed.read_tables`, listed first here) through ``depends``; two read raw
files themselves: ``asal_data`` (whose data each file is: names and manifests of the layered
sources, ``src.files``: a regency's own files replace the national ones of their kind) and
``idsd`` (a regency's IDSD scores, CSV or workbook, by the IDSD reader).
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.processed.read_tables import READ_TABLES, missions_of, programmes_of
from analysis.processed.spec import Sources, TableSpec
from analysis.data.owndata import file_kind, file_provenance
from analysis.errors import DataValidationError
from analysis.messages import text as message
from analysis.masterplan import alignment
from analysis.data import template_tables as tpl
from analysis.masterplan.tracking import status_by_year

UNIT = "kode_kemendagri"
#: The raw files each family of per-regency tables is read from (patterns for ``src.files``).
FAMILY_PATTERNS = {"readiness_assessment": "readiness_assessment_*.csv",
                   "risk_register": "risk_register_*.csv", "swot_factors": "swot_factors_*.csv",
                   "programmes": "programmes_*.csv", "missions": "missions_*.csv",
                   "strategies": "strategies_*.csv",
                   "maturity_targets": "maturity_targets_*.csv", "idsd": "idsd_*"}
PROVENANCE_COLUMNS = [UNIT, "jenis", "berkas", "asal", "teks_id", "teks_en"]
ALIGNMENT_COLUMNS = [UNIT, "misi", "uraian", "pillar", "n_programmes", "budget_planned",
                     "illustrative"]
UNALIGNED_COLUMNS = [UNIT, "id", "program", "pillar", "misi", "illustrative"]
MISSION_COLUMNS = [UNIT, "jenis", "misi", "uraian", "periode", "smart_city", "diberikan",
                   "illustrative"]
TRACKING_COLUMNS = [UNIT, "grouping", "group", "year", "planned_milestones",
                    "achieved_milestones", "ratio", "status", "previous_status", "change",
                    "illustrative"]


def provenance_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """One row per raw file of a per-regency family the build reads: regency (empty for a
    national file holding many regencies), family (``jenis``), file name, ``asal`` (own,
    illustrative or published) and the text in Indonesian and English."""
    rows = []
    for family, pattern in FAMILY_PATTERNS.items():
        for path in src.files(pattern):
            kind = file_kind(path.name)
            if kind is None:
                continue
            pid, pen = (file_provenance(src.layers, path, lang) for lang in ("id", "en"))
            rows.append({UNIT: kind[1] or "", "jenis": family, "berkas": path.name,
                         "asal": pid["kind"], "teks_id": pid["text"], "teks_en": pen["text"]})
    return pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)


def _codes(src: Sources, code: str | None, pattern: str) -> list[str]:
    found = {file_kind(p.name)[1] for p in src.files(pattern) if file_kind(p.name)}
    return sorted(c for c in found if c and (code is None or c == code))


def _per_regency(tables: dict, code: str, analyse, columns: list[str]) -> pd.DataFrame:
    """``analyse(programmes, missions)`` of regency ``code`` when it has RPJMD missions and
    programmes, with its code and illustrative flag; ``columns`` in that order (an empty table
    without either)."""
    missions = missions_of(tables["misi_masukan"])
    prog = programmes_of(tables, realisation_required=False)
    if missions is None or prog is None:
        return pd.DataFrame(columns=columns)
    t = analyse(prog[0], missions)
    t.insert(0, UNIT, code)
    t["illustrative"] = tpl.rows_marked_illustrative(prog[0])
    return t[columns]


def missions_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Regency ``code``'s vision and missions as the source gives them (``misi_masukan``),
    plus one row per number the source skips (``diberikan`` False, no text: the mission exists,
    its text is not given; :func:`analysis.masterplan.alignment.missing_missions`)."""
    m = missions_of(tables["misi_masukan"])
    if m is None:
        return pd.DataFrame(columns=MISSION_COLUMNS)
    ill = tpl.rows_marked_illustrative(m)
    m = m.reindex(columns=["jenis", "misi", "uraian", "periode", "smart_city"])
    m["diberikan"] = True
    gaps = pd.DataFrame({"jenis": "misi", "misi": alignment.missing_missions(m),
                         "uraian": None, "periode": None, "smart_city": None,
                         "diberikan": False})
    m = pd.concat([m, gaps], ignore_index=True) if len(gaps) else m
    m = m.assign(_v=m["jenis"].ne("visi")).sort_values(["_v", "misi"], kind="stable")
    m = m.drop(columns="_v").assign(**{UNIT: code, "illustrative": ill})
    return m.reset_index(drop=True)[MISSION_COLUMNS]


def alignment_matrix(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Regency ``code``'s every mission × pillar, the number of programmes and their planned
    budget (:func:`analysis.masterplan.alignment.alignment_table`), when it has RPJMD missions
    and programmes."""
    return _per_regency(tables, code, alignment.alignment_table, ALIGNMENT_COLUMNS)


def unaligned(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Regency ``code``'s programmes serving no RPJMD mission (:func:`analysis.masterplan.
    alignment.unaligned_programmes`), when it has missions."""
    return _per_regency(tables, code, alignment.unaligned_programmes, UNALIGNED_COLUMNS)


def tracking(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """On track / behind / ahead per pillar and agency and year, with the change on the year
    before (:func:`analysis.masterplan.tracking.status_by_year`), of regency ``code``'s
    programmes and realisation."""
    prog = programmes_of(tables, realisation_required=False)
    if prog is None or prog[1] is None or prog[1].empty:
        return pd.DataFrame(columns=TRACKING_COLUMNS)
    t = status_by_year(*prog)
    t.insert(0, UNIT, code)
    t["illustrative"] = tpl.rows_marked_illustrative(prog[0])
    return t[TRACKING_COLUMNS]


IDSD_COLUMNS = [UNIT, "tahun", "nomor", "pilar", "nama_id", "nama_en", "komponen",
                "komponen_id", "komponen_en", "skor", "berkas"]


def idsd_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """BRIN IDSD scores of the regencies that added their own (``idsd_<code>.csv`` or
    ``.xlsx``, one file or one per year such as ``idsd_<code>_2023.csv``; read by
    :func:`analysis.data.idsd.read_idsd`, every row that regency's, a year in two
    files an error naming both): one row per regency, year and score as typed, the published
    overall first (``nomor`` 0), then pillars 1–12 with their component; the file the scores
    come from (``berkas``). No file, no rows: the workbench ships no IDSD numbers."""
    from analysis.data import idsd

    comps = {c.code: c for c in idsd.COMPONENTS}
    frames = []
    for c in _codes(src, code, FAMILY_PATTERNS["idsd"]):
        years: dict[int, str] = {}
        named = re.compile(rf"idsd_{re.escape(c)}(?:_[0-9]{{4}})?\.(?:csv|xlsx)")
        for path in (p for p in src.files(f"idsd_{c}[._]*") if named.fullmatch(p.name)):
            scores = idsd.read_idsd(path, code=c)
            for y in scores["tahun"]:
                if int(y) in years:
                    raise DataValidationError(path, message(
                        "idsd_year_twice", year=int(y), code=c, other=years[int(y)]))
                years[int(y)] = path.name
            long = idsd.idsd_long(scores)
            long["komponen_id"] = long["komponen"].map(lambda k: comps[k].id if k in comps
                                                       else "")
            long["komponen_en"] = long["komponen"].map(lambda k: comps[k].en if k in comps
                                                       else "")
            frames.append(long.rename(columns={"kode": UNIT}).assign(berkas=path.name))
    return pd.concat(frames, ignore_index=True)[IDSD_COLUMNS] if frames else \
        pd.DataFrame(columns=IDSD_COLUMNS)


_FLAG = {"illustrative": "bool"}
_ALIGNMENT = ("misi_masukan", "program_masukan", "realisasi_masukan")

OWN_TABLES: list[TableSpec] = [
    *READ_TABLES,       # the files as read, for these tables and the strategy tables
    TableSpec("asal_data", (*FAMILY_PATTERNS.values(), "MANIFEST.yaml"), provenance_table,
              dtypes={UNIT: "str"},
              description="whose data each per-regency table is: own, illustrative, published"),
    TableSpec("misi_rpjmd", (), missions_table, depends=("misi_masukan",), per_regency=True,
              dtypes={UNIT: "str", "misi": "Int64", "diberikan": "bool", **_FLAG},
              description="RPJMD vision and missions as the source gives them (gaps: not given)"),
    TableSpec("keselarasan", (), alignment_matrix, depends=_ALIGNMENT, per_regency=True,
              dtypes={UNIT: "str", "misi": "Int64", "n_programmes": "Int64", **_FLAG},
              description="RPJMD mission x pillar: programmes and planned budget"),
    TableSpec("program_tanpa_misi", (), unaligned, depends=_ALIGNMENT, per_regency=True,
              dtypes={UNIT: "str", "id": "str", "misi": "str", **_FLAG},
              description="programmes serving no RPJMD mission"),
    TableSpec("program_jalur", (), tracking, depends=_ALIGNMENT[1:], per_regency=True,
              dtypes={UNIT: "str", "group": "str", "year": "Int64", **_FLAG},
              description="on track / behind / ahead per pillar and agency, change per year"),
    TableSpec("idsd", (FAMILY_PATTERNS["idsd"],), idsd_table, per_regency=True,
              dtypes={UNIT: "str", "tahun": "int64", "nomor": "int64", "pilar": "str",
                      "komponen": "str", "skor": "float64", "berkas": "str"},
              description="BRIN IDSD scores a regency added as its own data (none shipped)"),
]
