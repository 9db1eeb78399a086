"""BRIN's Indeks Daya Saing Daerah (IDSD): a template to fill in and a reader that checks it.

The workbench ships no IDSD scores (none are published in the sources found for kabupaten/kota
tables): a regency that has its IDSD results types them into the template and reads them back
to see them beside the BPS indicators. The pillars and components come from ``idsd.yaml``
(settings, :data:`SETTINGS`): 12 pillars in 4 components, scores 0–5.

* :func:`idsd_template` writes a CSV or XLSX template: columns ``kode, tahun``, one column per
  pillar (the pillar's code) and ``skor_idsd``, the overall score *as published*. The overall
  is optional and never computed from the pillars (BRIN does not publish the pillar weights
  and the overall is not a plain mean of them). Writes are atomic; text cells stay text.
* :func:`read_idsd` reads a filled CSV or XLSX (sheet ``IDSD``). Headers may be the pillar
  codes or their Indonesian or English names. Rules, each broken one an error naming file
  (and sheet), row as a spreadsheet shows it, column, value and rule: the code is a known
  Kemendagri code written ``PP.KK``; the year is a whole number from the framework's first
  year (2022) on; each score is a finite number from 0 to 5 written plainly (empty = not
  given; a decimal comma ``3,86`` is refused with what to type, never guessed); each row gives
  at least one score; no regency and year twice; no unknown or repeated column; no cells
  merged over data (only the first would keep its value).
* :func:`idsd_long` lists the scores one per row with their pillar and component names.

A regency's filled file named ``idsd_<code>.csv`` (or ``.xlsx``) in an own-data directory
(``--add``, :mod:`analysis.data.owndata`) is read with ``code`` (every row that regency's) into
the build table ``idsd`` and shown in the competitiveness section as the regency's own data.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from analysis.data.schema import read_csv_text
from analysis.data.xlsx import (XLSX_SUFFIXES, check_not_old_excel, column_letter,
                                header_columns, read_sheet)
from analysis import frame_checks
from analysis.errors import DataValidationError, WorkbenchError
from analysis.escape import set_text_cell
from analysis.io import atomic_path, write_csv
from analysis.paths import PACKAGE_DIR
from analysis.yamlio import load_yaml

SETTINGS_FILE = PACKAGE_DIR / "data" / "idsd.yaml"
CODES_FILE = PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv"
SHEET, INSTRUCTIONS_SHEET = "IDSD", "Petunjuk"
CODE_PATTERN = re.compile(r"[0-9]{2}\.[0-9]{2}", re.ASCII)
LAST_YEAR = 2100


class IdsdInputError(WorkbenchError):
    """An argument of the IDSD template or its settings break a rule (a file's cells that break
    one raise :class:`~analysis.errors.DataValidationError` naming file, row and column)."""


def as_list(value, name: str) -> list | None:
    """``None`` stays ``None``; one string or number becomes a one-element list."""
    return frame_checks.as_list(value, name, IdsdInputError)


@dataclass(frozen=True)
class Pillar:
    """One IDSD pillar: BRIN's number, column code, component code and names."""

    number: int
    code: str
    component: str
    id: str
    en: str


@dataclass(frozen=True)
class Component:
    """One of the four IDSD components."""

    code: str
    id: str
    en: str


def load_settings(path=SETTINGS_FILE) -> dict:
    """The IDSD settings, checked: 4 components, 12 pillars numbered 1–12, unique codes, every
    pillar in a known component, a 0–5 scale."""
    cfg = load_yaml(path)
    comps = tuple(Component(c["code"], c["id"], c["en"]) for c in cfg["components"])
    pillars = tuple(Pillar(int(p["number"]), p["code"], p["component"], p["id"], p["en"])
                    for p in cfg["pillars"])
    codes = [c.code for c in comps] + [p.code for p in pillars] + [cfg["overall"]["code"]]
    problems = []
    if len(comps) != 4 or len(pillars) != 12:
        problems.append(f"{len(comps)} components and {len(pillars)} pillars (4 and 12 expected)")
    if [p.number for p in pillars] != list(range(1, 13)):
        problems.append("pillars must be numbered 1 to 12 in order")
    if len(set(codes)) != len(codes) or {"kode", "tahun", "nama"} & set(codes):
        problems.append("codes must be unique and differ from kode, tahun, nama")
    unknown = [p.code for p in pillars if p.component not in {c.code for c in comps}]
    if unknown:
        problems.append(f"pillars {unknown} name an unknown component")
    if (cfg["scale"]["min"], cfg["scale"]["max"]) != (0, 5):
        problems.append("the IDSD scale is 0 to 5")
    if problems:
        raise IdsdInputError(f"{path}: " + "; ".join(problems))
    return {"name": cfg["name"], "source": cfg["source"], "first_year": int(cfg["first_year"]),
            "scale": (float(cfg["scale"]["min"]), float(cfg["scale"]["max"])),
            "overall": cfg["overall"], "components": comps, "pillars": pillars}


SETTINGS = load_settings()
PILLARS: tuple[Pillar, ...] = SETTINGS["pillars"]
COMPONENTS: tuple[Component, ...] = SETTINGS["components"]
OVERALL = SETTINGS["overall"]["code"]
SCORE_COLUMNS = (*(p.code for p in PILLARS), OVERALL)
#: Columns of the template and of :func:`read_idsd`'s frame (``nama`` is optional, for reading).
COLUMNS = ("kode", "tahun", *SCORE_COLUMNS)
FIRST_YEAR = SETTINGS["first_year"]
SCALE = SETTINGS["scale"]


def _key(text) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text).strip().casefold())


def _header_lookup() -> dict[str, str]:
    names = {"kode": ("kode", "kode kemendagri"), "tahun": ("tahun", "year"),
             "nama": ("nama", "name")}
    names.update({p.code: (p.code, p.id, p.en, f"pilar {p.number}", f"pilar {p.number} {p.id}")
                  for p in PILLARS})
    names[OVERALL] = (OVERALL, "skor idsd", SETTINGS["overall"]["id"], SETTINGS["overall"]["en"])
    return {_key(a): code for code, spellings in names.items() for a in spellings}


_HEADERS = _header_lookup()


def known_codes(regions: pd.DataFrame | None = None) -> set[str]:
    """Kemendagri codes accepted: those of ``regions`` or, by default, the shipped list."""
    if regions is not None:
        return set(regions["kode"].astype(str))
    return set(pd.read_csv(CODES_FILE, dtype=str, keep_default_na=False)["kode_kemendagri"])


# ---------------------------------------------------------------- template


def _template_rows(kode, years, regions) -> pd.DataFrame:
    codes = as_list(kode, "kode") or []
    known = known_codes(regions)
    bad = [c for c in codes if str(c) not in known]
    if bad:
        raise IdsdInputError(f"kode: unknown Kemendagri code(s) {bad}")
    years = as_list(years, "years") or []
    for y in years:
        if (isinstance(y, bool) or not isinstance(y, (int, np.integer))
                or not FIRST_YEAR <= y <= LAST_YEAR):
            raise IdsdInputError(
                f"years: {y!r} is not an IDSD year (a whole number from {FIRST_YEAR})")
    if codes and not years:
        raise IdsdInputError("years: give the IDSD years to fill for the regencies")
    rows = pd.DataFrame([(str(c), int(y)) for c in codes for y in years],
                        columns=["kode", "tahun"])
    if regions is not None and "nama" in regions.columns:
        names = regions.assign(kode=regions["kode"].astype(str)).set_index("kode")["nama"]
        rows.insert(1, "nama", rows["kode"].map(names))
    for col in SCORE_COLUMNS:
        rows[col] = float("nan")
    return rows


def idsd_template(out, kode=None, years=None, regions: pd.DataFrame | None = None) -> Path:
    """Write a blank IDSD template to ``out`` (``.csv`` or ``.xlsx`` by its suffix).

    With ``kode`` (one code or a list) and ``years``, one row per regency and year is
    prefilled with its code (and ``nama`` from ``regions`` when given); otherwise only the
    header. The XLSX has the data sheet ``IDSD`` (codes as text cells, 0–5 validation on the
    score cells) and an instructions sheet ``Petunjuk`` listing the pillars and components.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", *XLSX_SUFFIXES[:1]):
        raise IdsdInputError(f"{out}: the template is written as .csv or .xlsx")
    rows = _template_rows(kode, years, regions)
    if suffix == ".csv":
        return write_csv(out, rows, spreadsheet=True)
    return _write_xlsx(out, rows)


def _instructions() -> list[tuple[str, bool]]:
    lo, hi = SCALE
    lines = [(SETTINGS["name"]["id"], True),
             ("Templat kosong: workbench tidak menyertakan skor IDSD. Isi dengan hasil IDSD "
              "daerah Anda seperti dipublikasikan BRIN.", False), ("", False),
             ("Cara mengisi:", True),
             ("1. Satu baris per kabupaten/kota dan tahun; jangan mengubah baris judul (baris 1).",
              False),
             ("2. Kode: kode wilayah Kemendagri sebagai teks 'PP.KK' (mis. 64.02).", False),
             (f"3. Tahun: tahun IDSD, mulai {FIRST_YEAR} (kerangka 12 pilar; edisi sebelumnya "
              f"memakai metode lain).", False),
             (f"4. Skor pilar: angka {lo:g} sampai {hi:g}; kosongkan pilar yang tidak ada.",
              False),
             (f"5. {OVERALL}: skor akhir IDSD seperti dipublikasikan (boleh kosong). Workbench "
              f"tidak pernah menghitungnya dari pilar: bobot pilar tidak dipublikasikan.", False),
             ("", False), ("Kolom skor (kode kolom — pilar — komponen):", True)]
    comps = {c.code: c for c in COMPONENTS}
    lines += [(f"{p.code} — Pilar {p.number} {p.id} ({p.en}) — {comps[p.component].id} "
               f"({comps[p.component].en})", False) for p in PILLARS]
    lines += [(f"{OVERALL} — {SETTINGS['overall']['id']}", False), ("", False),
              ("Sumber kerangka: " + SETTINGS["source"], False)]
    return lines


def _write_xlsx(out: Path, rows: pd.DataFrame) -> Path:
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from analysis.data.xlsx import FIXED_TIME, stabilise_zip  # byte-stable

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    for i, (text, bold) in enumerate(_instructions(), start=1):
        cell = info.cell(row=i, column=1, value=text)
        cell.font = Font(bold=bold)
    info.column_dimensions["A"].width = 110
    ws = wb.create_sheet(SHEET)
    columns = list(rows.columns)
    last = max(len(rows), 0) + 200
    lo, hi = SCALE
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(10, len(name) + 3)
        if name in ("kode", "nama"):
            for r in range(2, last + 1):
                ws.cell(row=r, column=j).number_format = "@"  # typed codes stay text
            continue
        dv = (DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR),
                             formula2=str(LAST_YEAR), allow_blank=True) if name == "tahun" else
              DataValidation(type="decimal", operator="between", formula1=f"{lo:g}",
                             formula2=f"{hi:g}", allow_blank=True))
        dv.errorTitle, dv.showErrorMessage = "Nilai tidak valid", True
        dv.error = (f"tahun IDSD mulai {FIRST_YEAR}" if name == "tahun"
                    else f"skor {lo:g} sampai {hi:g}")
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)
    for i, rec in enumerate(rows.to_dict("records"), start=2):
        for j, name in enumerate(columns, start=1):
            value = rec[name]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            set_text_cell(ws.cell(row=i, column=j), value.item() if hasattr(value, "item")
                          else value)
    ws.freeze_panes = "A2"
    wb.properties.creator = "smartcity-workbench"
    wb.properties.title = SETTINGS["name"]["id"]
    wb.properties.created = wb.properties.modified = FIXED_TIME
    with atomic_path(out) as tmp:
        wb.save(tmp)
        stabilise_zip(tmp)
    return out


# ---------------------------------------------------------------- reading


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).strip()


def _read_raw(path: Path) -> tuple[pd.DataFrame, list[int], str]:
    """The table as text, the file row of each data row, and the label errors use."""
    check_not_old_excel(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        sheet = read_sheet(path, SHEET)
        if not sheet.rows or not any(c is not None for c in sheet.rows[0]):
            raise DataValidationError(sheet.label, "empty sheet: a header row is required", 1)
        named = header_columns(sheet)
        cols = {c for c, _ in named}
        for r0, c0, r1, c1 in sorted(sheet.merged):
            if r1 >= 2 and any(c0 <= c <= c1 for c in cols):
                first = sheet.cell_name(max(r0, 2), c0)
                raise DataValidationError(
                    sheet.label, f"cells from {first} are merged over {r1 - r0 + 1} row(s) and "
                                 f"{c1 - c0 + 1} column(s); only the first cell holds a value, "
                                 f"the others read as empty: unmerge them and type each row's "
                                 f"value in its own cell", max(r0, 2), column_letter(c0),
                    sheet.value(r0, c0))
        data, lines = [], []
        for i in range(2, len(sheet.rows) + 1):
            cells = [_cell_text(sheet.value(i, col)) for col, _ in named]
            if any(cells):
                data.append(cells)
                lines.append(i)
        raw = pd.DataFrame(data, columns=[h for _, h in named], dtype=object)
        return raw, lines, sheet.label
    raw = read_csv_text(path)
    return raw, raw.attrs.get("rows") or list(range(2, len(raw) + 2)), str(path)


def _canonical(headers: list[str], label: str) -> list[str]:
    names = []
    for h in headers:
        code = _HEADERS.get(_key(h))
        if code is None:
            hint = ("; the file seems to use ';' as separator: save it as CSV with commas"
                    if ";" in str(h) else "")
            raise DataValidationError(
                label, f"unknown column; the IDSD table has the columns {list(COLUMNS)} (and "
                       f"optionally nama){hint}", row=1, column=str(h))
        if code in names:
            first = headers[names.index(code)]
            raise DataValidationError(label, f"headers {first!r} and {h!r} both name column "
                                             f"{code!r}; keep one of them", row=1, column=str(h))
        names.append(code)
    return names


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _score(text: str) -> float | None:
    """A score cell as a float (None when empty); anything but a plain number is a ValueError
    whose message is the rule (a decimal comma is refused with what to type, never guessed)."""
    if text == "":
        return None
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", text, re.ASCII):
        raise ValueError(f"written with a decimal comma; type {text.replace(',', '.')} ('.' for "
                         f"decimals) or enter a number cell")
    if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        raise ValueError("not a finite number (a score from 0 to 5)")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError("not a number (a score from 0 to 5, '.' for decimals)")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number (a score from 0 to 5)")
    return value


def read_idsd(path, regions: pd.DataFrame | None = None, code: str | None = None
              ) -> pd.DataFrame:
    """Read a filled IDSD template (CSV, or XLSX sheet ``IDSD``) and check every cell.

    Returns columns :data:`COLUMNS` (``nama`` after ``kode`` when the file has it): ``kode``
    str, ``tahun`` int, scores float (NaN = not given), sorted by ``kode, tahun``. Codes are
    checked against ``regions`` (default: the shipped Kemendagri list). ``code``: the file is
    one regency's own data (``idsd_64.02.csv`` of an ``--add`` directory), so every row's code
    must be that one. The rules are in the module docstring; a broken one raises
    :class:`~analysis.errors.DataValidationError`.
    """
    path = Path(path)
    raw, lines, label = _read_raw(path)
    header = _canonical(list(raw.columns), label)
    raw.columns = header
    missing = [c for c in ("kode", "tahun") if c not in header]
    if missing:
        raise DataValidationError(label, f"missing column(s) {missing}; the IDSD table has "
                                         f"{list(COLUMNS)}", row=1)
    scores = [c for c in SCORE_COLUMNS if c in header]
    if not scores:
        raise DataValidationError(label, f"no score column; give at least one of "
                                         f"{list(SCORE_COLUMNS)}", row=1)
    if raw.empty:
        raise DataValidationError(label, "empty table: no rows below the header (fill in at "
                                         "least one regency and year)")
    known = known_codes(regions)
    own_code = None if code is None else str(code)
    lo, hi = SCALE
    records, seen = [], {}
    for pos, rec in enumerate(raw.to_dict("records")):
        row = lines[pos]
        code = str(rec["kode"]).strip()
        if not CODE_PATTERN.fullmatch(code):
            raise DataValidationError(
                label, "not a Kemendagri code 'PP.KK' (two digits, a dot, two digits, as text; "
                       "a number cell drops a trailing 0: format the cell as text)",
                row, "kode", rec["kode"])
        if code not in known:
            raise DataValidationError(label, "unknown Kemendagri code (not a kabupaten/kota of "
                                             "the code list)", row, "kode", rec["kode"])
        if own_code is not None and code != own_code:
            raise DataValidationError(
                label, f"the file is regency {own_code}'s own IDSD results (its name says so), so "
                       f"every row's kode must be {own_code}; another regency's scores go in a "
                       f"file named with its code", row, "kode", rec["kode"])
        year_text = str(rec["tahun"]).strip()
        if not re.fullmatch(r"[0-9]{4}", year_text, re.ASCII):
            raise DataValidationError(label, "not a year (a whole number such as 2024)", row,
                                      "tahun", rec["tahun"])
        year = int(year_text)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise DataValidationError(
                label, f"IDSD with 12 pillars starts in {FIRST_YEAR} (earlier editions used "
                       f"another method); the year must be {FIRST_YEAR}–{LAST_YEAR}", row,
                "tahun", rec["tahun"])
        if (code, year) in seen:
            raise DataValidationError(label, f"duplicate kode+tahun: already on row "
                                             f"{seen[(code, year)]}", row, "kode+tahun",
                                      f"{code} {year}")
        seen[(code, year)] = row
        out = {"kode": code, "tahun": year}
        if "nama" in header:
            out["nama"] = rec["nama"]
        for col in scores:
            try:
                value = _score(str(rec[col]).strip())
            except ValueError as exc:
                raise DataValidationError(label, str(exc), row, col, rec[col]) from None
            if value is not None and not lo <= value <= hi:
                raise DataValidationError(label, f"outside the IDSD scale {lo:g}–{hi:g}", row,
                                          col, rec[col])
            out[col] = value
        if all(out[c] is None for c in scores):
            raise DataValidationError(label, "no score in this row: fill at least one pillar or "
                                             f"{OVERALL}, or delete the row", row)
        records.append(out)
    cols = ["kode", *(["nama"] if "nama" in header else []), "tahun", *SCORE_COLUMNS]
    frame = pd.DataFrame.from_records(records).reindex(columns=cols)
    frame[list(SCORE_COLUMNS)] = frame[list(SCORE_COLUMNS)].astype(float)
    frame["tahun"] = frame["tahun"].astype(int)
    return frame.sort_values(["kode", "tahun"]).reset_index(drop=True)


def idsd_long(idsd: pd.DataFrame) -> pd.DataFrame:
    """Scores one per row: ``kode, tahun, nomor, pilar, komponen, nama_id, nama_en, skor``
    (the published overall first, with ``nomor`` 0 and no component, then pillars 1–12); cells
    not given are left out."""
    meta = pd.DataFrame([{"pilar": p.code, "nomor": p.number, "komponen": p.component,
                          "nama_id": p.id, "nama_en": p.en} for p in PILLARS]
                        + [{"pilar": OVERALL, "nomor": 0, "komponen": "",
                            "nama_id": SETTINGS["overall"]["id"],
                            "nama_en": SETTINGS["overall"]["en"]}])
    cols = [c for c in SCORE_COLUMNS if c in idsd.columns]
    long = idsd.melt(id_vars=["kode", "tahun"], value_vars=cols, var_name="pilar",
                     value_name="skor").dropna(subset=["skor"])
    long = long.merge(meta, on="pilar", how="left")
    return long[["kode", "tahun", "nomor", "pilar", "komponen", "nama_id", "nama_en", "skor"]] \
        .sort_values(["kode", "tahun", "nomor"]).reset_index(drop=True)
