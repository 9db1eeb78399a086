"""Loaders for the two table formats users download from BPS, into one tidy table.

* **Older XLSX export**: optional title lines, then two header rows with merged cells (variable
  with its unit in parentheses, merged over its years; then the years), the region label merged
  down both rows; numbers often stored as text, ``-`` for missing, footer notes ("Sumber: ...").
* **Newer CSV export**: three header rows: label, title with unit, year; then the data and
  possibly footer notes.

Both give the tidy columns :data:`TIDY_COLUMNS`: ``region`` (the BPS name as printed), ``year``,
``variable``, ``value`` (float, NaN where BPS printed a missing marker), ``unit``,
``source_file``, ``source_row`` (line or sheet row of the value) and ``flag`` (a marker such as
``*`` for preliminary figures, '' if none). :func:`import_bps` adds the region match
(:mod:`analysis.data.regions`) against the national list of 514 kabupaten/kota (the code
crosswalk ``bps_panel_kabkota_kode.csv``, with the names BPS printed for each code).

Papua's 2022 split: downloads from before 2022 list the regencies under PAPUA / PAPUA BARAT,
exports from 2022 on list some under both the old and the new province. Names are matched to
today's (Kemendagri 2025) codes whatever province they are listed under, so both layouts give
the same codes; a value listed twice (same regency, variable, unit and year) is kept once when
the copies agree and refused, naming both rows, when they differ. The province rows PAPUA and
PAPUA BARAT before 2022 are the provinces before the split: they keep no 2025 province code
(``note`` says so). A regency listed under a province that is neither its 2020 nor its 2025
one (nor one it was split from) is matched by its name and reported as a warning.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.manifest import check_hashes
from analysis.data.panel import CROSSWALK_FILE, has_panel, read_crosswalk
from analysis.data.regions import PROVINCES, match_regions, province_code
from analysis.data.xlsx import check_input_file, check_not_old_excel, read_sheet
from analysis.errors import DataValidationError
from analysis.paths import RAW_DIR, as_raw_dir

TIDY_COLUMNS = ["region", "year", "variable", "value", "unit", "source_file", "source_row", "flag"]
MISSING_MARKERS = {"", "-", "–", "—", "...", "…", "na", "n/a", "n.a", "n.a.", "tt"}
#: First words of a footer note (the older XLSX download ends with "Untuk penjelasan lebih
#: lanjut ...", "Source Url: ...", "Access Time: ..." merged across every column).
FOOTER = re.compile(r"^\s*(sumber|source|catatan|note|notes|keterangan|ket\b|untuk penjelasan|"
                    r"access time|waktu akses|diakses|\*|\d+\)|[a-z]\))", re.I)
_YEAR = re.compile(r"^\s*((?:19|20)\d{2})(?:\.0)?\s*(\**|\[?[a-z]\]?)?\s*$", re.I)
_MARK = re.compile(r"^(.*?)\s*(\*+|\([a-z]\)|[a-z]\))?$", re.I)
#: Parenthesised groups that are part of a variable's name, not its unit.
NOT_UNITS = re.compile(r"^((?i:metode|method)\b|[A-Z]{2,6}$)")


def parse_number(text) -> tuple[float, str]:
    """(value, flag) from a BPS cell: numbers stored as text, missing markers, footnote marks.

    Thousands and decimal separators: with both '.' and ',' the last one is the decimal mark;
    a separator repeated (``1.120.709``) is a thousands mark; a single one is the decimal mark
    (Indonesian ``71,35`` and English ``71.35`` alike); spaces are thousands separators.
    Raises ``ValueError`` for text that is not a number or a missing marker.
    """
    if text is None:
        return np.nan, ""
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return float(text), ""
    s = str(text).replace("\u00a0", " ").strip()
    if s.lower() in MISSING_MARKERS:
        return np.nan, ""
    m = _MARK.match(s)
    body, flag = m.group(1).strip(), (m.group(2) or "")
    if body.lower() in MISSING_MARKERS:
        return np.nan, flag
    body = body.replace(" ", "")
    if not re.fullmatch(r"[+\-−]?[\d.,]+", body) or not re.search(r"\d", body):
        raise ValueError(f"not a number: {text!r}")
    body = body.replace("−", "-")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        dec = "." if body.rfind(".") > body.rfind(",") else ","
        body = body.replace("," if dec == "." else ".", "").replace(",", ".")
    elif dots > 1:
        body = body.replace(".", "")
    elif commas > 1:
        body = body.replace(",", "")
    elif commas == 1:
        body = body.replace(",", ".")
    return float(body), flag


def split_unit(title: str) -> tuple[str, str]:
    """(variable, unit) from a header such as ``'Jumlah Penduduk (Ribu Jiwa)'``.

    The unit is the last parenthesised group, unless it is an acronym such as ``(IPM)`` or a
    method note such as ``(Metode Baru)``; a ``Satuan:`` prefix is dropped.
    """
    s = re.sub(r"\s+", " ", str(title or "")).strip()
    m = re.search(r"\(([^()]*)\)\s*$", s)
    if not m or NOT_UNITS.match(m.group(1).strip()):
        return s, ""
    unit = re.sub(r"^(satuan|unit)\s*:\s*", "", m.group(1).strip(), flags=re.I)
    return s[:m.start()].strip(), unit


def _year(cell) -> tuple[int, str] | None:
    if cell is None:
        return None
    m = _YEAR.match(str(cell))
    return (int(m.group(1)), (m.group(2) or "")) if m else None


def _text(cell) -> str:
    return "" if cell is None else re.sub(r"\s+", " ", str(cell)).strip()


def _is_footer(row: list) -> bool:
    """A note row: one text in the first cell (or merged over the row) that starts like a
    footer note, or one text merged across every column (never a region with its values)."""
    first = _text(row[0]) if row else ""
    texts = [_text(c) for c in row[1:]]
    if not first or set(texts) - {"", first}:
        return False
    merged_across = len(texts) > 1 and all(t == first for t in texts)
    return merged_across or bool(FOOTER.match(first))


def _tidy_rows(path: Path, rows: list[tuple[int, list]], header_at: int, variables: list[str],
               units: list[str]) -> pd.DataFrame:
    """Turn the data rows below the year row (``rows[header_at]``) into tidy records."""
    line, years_row = rows[header_at]
    years = [_year(c) for c in years_row]
    out, footers = [], 0
    for pos, (line, row) in enumerate(rows[header_at + 1:]):
        if _is_footer(row):  # the footer block: this note and every row below it
            footers = len(rows) - (header_at + 1) - pos
            break
        region = _text(row[0])
        if not region:
            if any(_text(c) for c in row[1:]):
                raise DataValidationError(path, "values without a region name", line, "A")
            continue
        for j in range(1, len(years)):
            if years[j] is None or not variables[j]:
                continue
            cell = row[j] if j < len(row) else None
            try:
                value, flag = parse_number(cell)
            except ValueError:
                raise DataValidationError(path, "not a number or a BPS missing marker ('-')",
                                          line, f"{variables[j]} {years[j][0]}", cell) from None
            out.append(dict(region=region, year=years[j][0], variable=variables[j], value=value,
                            unit=units[j], source_file=path.name, source_row=line,
                            flag=flag or years[j][1]))
    if not out:
        raise DataValidationError(path, "no data rows below the header")
    tidy = pd.DataFrame(out, columns=TIDY_COLUMNS)
    tidy.attrs["footer_rows"] = footers
    return tidy


def _find_year_row(path: Path, rows: list[tuple[int, list]], min_index: int) -> int:
    for i, (_, row) in enumerate(rows):
        cells = [c for c in row[1:] if _text(c)]
        if i >= min_index and cells and all(_year(c) for c in cells):
            return i
    raise DataValidationError(path, "no header row of years found (BPS export expected: "
                                    "variable row(s), then a row of years)")


def _ffill(cells: list) -> list[str]:
    out, last = [], ""
    for c in cells:
        last = _text(c) or last
        out.append(last)
    return out


def read_bps_xlsx(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read an older BPS XLSX export (two merged header rows) into the tidy table."""
    path = Path(path)
    grid = read_sheet(path, sheet).filled_merged()  # merged header cells: the top-left value
    rows = [(i + 1, r) for i, r in enumerate(grid) if any(_text(c) for c in r)]
    at = _find_year_row(path, rows, 1)
    variables, units = zip(*[split_unit(t) for t in _ffill(rows[at - 1][1])])
    return _tidy_rows(path, rows, at, list(variables), list(units))


def _read_csv_rows(path: Path) -> list[tuple[int, list]]:
    check_input_file(path)
    check_not_old_excel(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:
        dialect = csv.Sniffer().sniff("\n".join(text.splitlines()[:5]), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # RFC 4180 records: a quoted field keeps its line breaks; only CR/LF end a record
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return [(i + 1, r) for i, r in enumerate(reader) if any(_text(c) for c in r)]


def read_bps_csv(path: str | Path) -> pd.DataFrame:
    """Read a newer BPS CSV export (rows: label, title with unit, year) into the tidy table."""
    path = Path(path)
    rows = _read_csv_rows(path)
    at = _find_year_row(path, rows, 2)
    labels = _ffill(rows[at - 2][1])
    titles = _ffill(rows[at - 1][1])
    variables, units = [], []
    for lab, title in zip(labels, titles):
        name, unit = split_unit(title)
        lab_name, lab_unit = split_unit(lab)
        variables.append(lab_name or name)
        units.append(unit or lab_unit)
    return _tidy_rows(path, rows, at, variables, units)


def read_bps(path: str | Path) -> pd.DataFrame:
    """Read one BPS export, by extension (``.xlsx`` or ``.csv``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    check_not_old_excel(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_bps_xlsx(path)
    if suffix in (".csv", ".txt"):
        return read_bps_csv(path)
    raise DataValidationError(path, f"unknown BPS export format {suffix!r} (.xlsx or .csv)")


#: Provinces formed, since the years BPS tables cover (2010 on), from the province BPS lists
#: their regencies under in older downloads, beside the 2022 Papua split that the crosswalk
#: records (``provinsi_2020``): Kalimantan Utara (65) from Kalimantan Timur (64), 2012.
FORMER_PROVINCES = {"65": ("64",)}
#: The first year of Papua's new provinces. Before it, today's names PAPUA (91) and PAPUA
#: BARAT (92) meant the larger provinces before the split.
SPLIT_YEAR = 2022
SPLIT_PROVINCES = {"91": "Papua, Papua Selatan, Papua Tengah and Papua Pegunungan",
                   "92": "Papua Barat and Papua Barat Daya"}
IMPORT_COLUMNS = ["region", "level", "kode_kemendagri", "kode_bps", "kode_provinsi",
                  "match_status", *TIDY_COLUMNS[1:], "listed_under", "note"]


def national_reference(data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(reference, variants)`` for matching BPS names: the 514 kabupaten/kota of the code
    crosswalk (Kemendagri 2025 code and name, kind, BPS codes, provinces 2020 and 2025) and the
    names BPS printed for each code (``nama``, ``nama_bps_2020``; "A / B" is two names).

    The crosswalk of ``data_dir`` when it holds one, else the project's (``data/raw``, checked
    against its manifest first): the codes are national, not one's own data."""
    d = Path(data_dir)
    if not has_panel(d, (CROSSWALK_FILE,)):
        d = RAW_DIR
        check_hashes(d)
    cw = read_crosswalk(d)
    reference = cw.rename(columns={"nama": "nama_bps", "nama_kemendagri": "nama"})[
        ["kode_kemendagri", "nama", "jenis", "kode_bps", "kode_bps_2023", "provinsi_2020",
         "provinsi_2025"]]
    variants = [(r.kode_kemendagri, r.jenis, name.strip())
                for r in cw.itertuples(index=False)
                for names in (r.nama, r.nama_bps_2020) for name in names.split(" / ")]
    return reference, pd.DataFrame(variants, columns=["kode_kemendagri", "jenis", "nama"])


def _listed_under(t: pd.DataFrame) -> pd.Series:
    """For each value of one file: the province row above its region row, as printed ('' for
    the province and national rows themselves and for regions above any province row)."""
    rows = t.drop_duplicates("source_row").sort_values("source_row")
    current, under = "", {}
    for r in rows.itertuples(index=False):
        if r.level in ("province", "national"):
            current = r.region if r.level == "province" else ""
            under[r.source_row] = ""
        else:
            under[r.source_row] = current
    return t["source_row"].map(under).fillna("")


def _province_warnings(t: pd.DataFrame, reference: pd.DataFrame) -> list[str]:
    """Regency rows listed under a province that is not theirs (2025), not their 2020 one and
    not one theirs was formed from: matched by name all the same, and said."""
    ref = reference.set_index("kode_kemendagri")
    before = ref["provinsi_2020"] if "provinsi_2020" in ref.columns else pd.Series(dtype=object)
    out = []
    rows = t[(t["level"] == "regency") & t["kode_kemendagri"].notna() & (t["listed_under"] != "")]
    for r in rows.drop_duplicates("source_row").itertuples(index=False):
        under, code = province_code(r.listed_under), r.kode_kemendagri
        allowed = {code[:2], *FORMER_PROVINCES.get(code[:2], ())}
        if code in before.index and province_code(before[code]):
            allowed.add(province_code(before[code]))
        if under not in allowed:
            out.append(f"{r.source_file}: row {r.source_row}: {r.region!r} is listed under "
                       f"{r.listed_under}, but {ref.at[code, 'nama']} ({code}) belongs to "
                       f"{' / '.join(PROVINCES.get(c, c) for c in sorted(allowed))}; "
                       f"matched by its name")
    return out


def _before_split(tidy: pd.DataFrame) -> pd.DataFrame:
    """The province rows PAPUA and PAPUA BARAT before :data:`SPLIT_YEAR`: no 2025 code."""
    old = ((tidy["level"] == "province") & tidy["kode_provinsi"].isin(list(SPLIT_PROVINCES))
           & (tidy["year"] < SPLIT_YEAR))
    for code, today in SPLIT_PROVINCES.items():
        sel = old & (tidy["kode_provinsi"] == code)
        tidy.loc[sel, "note"] = (f"province before the {SPLIT_YEAR} split (today {today}): "
                                 f"no 2025 province code")
    tidy.loc[old, "kode_provinsi"] = None
    return tidy


def _same(a: float, b: float) -> bool:
    return a == b or (np.isnan(a) and np.isnan(b))


def _where(r) -> str:
    under = f" under {r.listed_under}" if r.listed_under else ""
    return f"{r.region!r}{under} ({r.source_file} row {r.source_row})"


def drop_repeats(tidy: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One value per place, variable, unit and year: copies of a value (a Papua regency under
    its old and its new province, or the same table in two files) are kept once, preferring the
    row listed under the place's 2025 province; copies that differ raise
    :class:`~analysis.errors.DataValidationError` naming both rows. Unmatched rows are left as
    they are. Returns the table and the number of copies dropped."""
    place = tidy["kode_kemendagri"].where(tidy["level"] == "regency", tidy["kode_provinsi"])
    place = place.where(tidy["level"] != "national", "00")
    key = ["_place", "level", "variable", "unit", "year"]
    work = tidy.assign(_place=place, _order=np.arange(len(tidy)))
    work = work[(work["match_status"] == "matched") & work["_place"].notna()]
    rep = work[work.duplicated(key, keep=False)]
    if rep.empty:
        return tidy, 0
    home = rep["listed_under"].map(lambda s: province_code(s) if s else None)
    rep = rep.assign(_away=(home != rep["_place"].str[:2]) & (rep["level"] == "regency"))
    drop = []
    for _, g in rep.sort_values(["_away", "_order"]).groupby(key, sort=False):
        first = g.iloc[0]
        for r in g.iloc[1:].itertuples(index=False):
            if not _same(first["value"], r.value):
                raise DataValidationError(
                    first["source_file"],
                    f"listed twice with different values: {first['value']} here "
                    f"({_where(first)}) and {r.value} in {_where(r)}; both are "
                    f"{first['_place']} today and one place is counted once: correct the "
                    f"export or import only one of the files",
                    int(first["source_row"]), f"{first['variable']} {first['year']}",
                    float(first["value"]))
        drop += g["_order"].iloc[1:].tolist()
    return tidy.drop(index=tidy.index[drop]).reset_index(drop=True), len(drop)


def import_bps(paths, reference: pd.DataFrame | None = None, data_dir=None,
               convention: str = "auto") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read BPS exports and match their region names to Kemendagri codes.

    Returns ``(tidy, matches)``: the tidy table (:data:`IMPORT_COLUMNS`: the match's
    ``level``, ``kode_kemendagri``, ``kode_bps`` (BPS 2020), ``kode_provinsi`` and
    ``match_status`` added, ``region`` keeps the BPS name; ``listed_under`` the province row
    above, as printed; ``note``), one value per place, variable, unit and year
    (:func:`drop_repeats`), and the match table (one row per file and name,
    :data:`analysis.data.regions.MATCH_COLUMNS` plus ``source_file``, ``kode_bps`` and
    ``kode_bps_2023``). The reference is the national list (:func:`national_reference`) unless
    one is given. The convention for bare names is detected per file.
    ``tidy.attrs``: ``footer_rows`` (file name → footer note rows skipped), ``repeats_dropped``
    (copies kept once) and ``warnings`` (regencies listed under another province).
    """
    variants = None
    if reference is None:
        reference, variants = national_reference(as_raw_dir(data_dir))
    codes = reference.set_index("kode_kemendagri")
    bps = {c: codes[c] if c in codes.columns else pd.Series(dtype=object)
           for c in ("kode_bps", "kode_bps_2023")}
    tidies, matches, footer_rows, warnings = [], [], {}, []
    for p in paths:
        t = read_bps(p)
        footer_rows[Path(p).name] = int(t.attrs.get("footer_rows", 0))
        m = match_regions(t["region"].unique(), reference, convention, variants=variants)
        m.insert(0, "source_file", Path(p).name)
        for c, s in bps.items():
            m[c] = m["kode_kemendagri"].map(s)
        t = t.merge(m[["region", "level", "status", "kode_kemendagri", "kode_bps",
                       "kode_provinsi"]].rename(columns={"status": "match_status"}),
                    on="region", how="left")
        t["listed_under"] = _listed_under(t)
        warnings += _province_warnings(t, reference)
        tidies.append(t)
        matches.append(m)
    tidy = pd.concat(tidies, ignore_index=True)
    tidy["note"] = ""
    tidy = _before_split(tidy[IMPORT_COLUMNS].copy())
    tidy, dropped = drop_repeats(tidy)
    tidy.attrs.update(footer_rows=footer_rows, repeats_dropped=dropped, warnings=warnings)
    return tidy, pd.concat(matches, ignore_index=True)


def problems(matches: pd.DataFrame) -> pd.DataFrame:
    """The unmatched and ambiguous rows of a match table."""
    return matches[matches["status"].isin(["unmatched", "ambiguous"])]
