"""Matching region names from BPS tables to Kemendagri codes.

Matching is exact after normalisation, never fuzzy:

* case, spacing, hyphens, dots and apostrophes are ignored ("Kota Bau Bau" = "Kota Baubau" =
  "KOTA BAU-BAU"), and "Kep." is "Kepulauan"; the prefixes "Kabupaten", "Kabupaten
  Administrasi", "Kab.", "Kab" mark a kabupaten and "Kota", "Kota Adm.", "Kota Administrasi",
  "Kotamadya" a city;
* renamed regencies go through the alias table ``analysis/data/region_aliases.csv``
  (Toba Samosir → Toba, Pasir → Paser), and a reference may bring other spellings of its own
  (``variants``: e.g. the names BPS printed for each code, from the code crosswalk);
* a bare name follows BPS's convention (kabupaten without prefix, cities as "Kota X") when the
  file follows it, i.e. when no name in it carries a kabupaten prefix: bare "Malang" is then
  Kabupaten Malang. Where the file writes "Kab. X", the convention cannot decide a bare name:
  a bare name with any candidate is reported as ambiguous (the reference may not list every
  kabupaten and city, so a single candidate is not proof either);
* a normalised name matching several codes is ambiguous; one matching none is unmatched. Both
  are reported (``status``), never dropped or guessed;
* the national row ("INDONESIA") and provinces (upper-case names such as "JAWA TIMUR", or
  names starting with "Provinsi") are recognised and kept apart (``level``).

The reference is the profile table (names "Kabupaten X" / "Kota X"); any table with columns
``kode_kemendagri``, ``nama`` (and optionally ``jenis``) will do, e.g. a national list.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.schema import Column, Schema, read_table
from analysis.paths import PACKAGE_DIR

ALIAS_FILE = PACKAGE_DIR / "data" / "region_aliases.csv"
ALIASES = Schema(
    "region_aliases",
    (Column("alias"), Column("jenis", allowed=("kabupaten", "kota")), Column("nama_baku"),
     Column("kode_kemendagri", "code", pattern=r"[0-9]{2}\.[0-9]{2}"), Column("sumber"),
     Column("catatan", nullable=True)),
    unique_together=(("alias", "jenis"),),
    description="Former or variant regency names and the current Kemendagri code they map to",
)

#: Kemendagri province codes and official names. BPS's two digits are the same except in
#: Papua (BPS: 91 Papua Barat, 92 Papua Barat Daya, 94 Papua, 95 Papua Selatan, 96 Papua
#: Tengah, 97 Papua Pegunungan).
PROVINCES = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung",
    "19": "Kepulauan Bangka Belitung", "21": "Kepulauan Riau", "31": "DKI Jakarta",
    "32": "Jawa Barat", "33": "Jawa Tengah", "34": "Daerah Istimewa Yogyakarta",
    "35": "Jawa Timur", "36": "Banten", "51": "Bali", "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat", "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan", "64": "Kalimantan Timur", "65": "Kalimantan Utara",
    "71": "Sulawesi Utara", "72": "Sulawesi Tengah", "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara", "75": "Gorontalo", "76": "Sulawesi Barat", "81": "Maluku",
    "82": "Maluku Utara", "91": "Papua", "92": "Papua Barat", "93": "Papua Selatan",
    "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}
#: Other spellings of province names found in BPS tables.
PROVINCE_VARIANTS = {
    "31": ("Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta", "DK Jakarta"),
    "34": ("DI Yogyakarta", "D.I. Yogyakarta", "D I Yogyakarta"),
    "19": ("Kep. Bangka Belitung", "Bangka Belitung"),
    "21": ("Kep. Riau",),
    "52": ("NTB",), "53": ("NTT",),
}
NATIONAL_NAMES = ("Indonesia",)
JAVA_PROVINCES = ("Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah",
                  "Daerah Istimewa Yogyakarta", "Jawa Timur")

_KAB = re.compile(r"^(kabupaten\s+administrasi|kab\.?\s+adm\.?|kabupaten|kab\.?)\s+", re.I)
_KOTA = re.compile(r"^(kota\s+administrasi|kota\s+adm\.?|kotamadya|kota)\s+", re.I)
_PROV = re.compile(r"^(provinsi|prov\.?)\s+", re.I)

MATCH_COLUMNS = ["region", "level", "status", "method", "kode_kemendagri", "nama_baku", "jenis",
                 "kode_provinsi", "candidates", "note"]


def clean(name: str) -> str:
    """Unicode-normalised text with single spaces and no footnote asterisks."""
    s = unicodedata.normalize("NFKC", str(name)).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip("*").strip()


def split_prefix(name: str) -> tuple[str | None, str]:
    """(``'kabupaten'``/``'kota'``/None, the name without its prefix)."""
    s = clean(name)
    m = _KAB.match(s)
    if m:
        return "kabupaten", s[m.end():]
    m = _KOTA.match(s)
    if m:
        return "kota", s[m.end():]
    return None, s


_KEP = re.compile(r"\bkep(\.\s*|\s+)", re.I)


def name_key(name: str) -> str:
    """Comparison key: lower case without spaces, hyphens, dots or apostrophes; the word
    "Kep." (or "Kep") read as "Kepulauan"."""
    return re.sub(r"[\s\-.'’`]+", "", _KEP.sub("kepulauan ", clean(name)).lower())


def province_key(name: str) -> str:
    """Key of a province name, with "Kep." expanded and a "Provinsi" prefix removed."""
    s = _PROV.sub("", clean(name))
    s = re.sub(r"^kep\.?\s+", "Kepulauan ", s, flags=re.I)
    return name_key(s)


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    idx = {province_key(n): code for code, n in PROVINCES.items()}
    for code, names in PROVINCE_VARIANTS.items():
        idx.update({province_key(n): code for n in names})
    return idx


def province_code(name: str) -> str | None:
    """Two-digit province code of a province name in any known spelling, else None."""
    return _province_index().get(province_key(name))


def is_java(provinsi: str) -> bool:
    """True for the six provinces on Java (any spelling of the province name)."""
    return province_code(provinsi) in {province_code(p) for p in JAVA_PROVINCES}


def load_aliases(path: str | Path | None = None) -> pd.DataFrame:
    """The alias table (validated)."""
    return read_table(path or ALIAS_FILE, ALIASES)


class RegionReference:
    """Exact-key index of a reference table's regency names (plus aliases and variants).

    ``variants``: other names of the reference's codes (columns ``kode_kemendagri``, ``jenis``,
    ``nama``), matched with method ``variant``; the name shown stays the reference's."""

    def __init__(self, reference: pd.DataFrame, aliases: pd.DataFrame | None = None,
                 variants: pd.DataFrame | None = None):
        self.names: dict[str, str] = {}
        self.index: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for _, r in reference.iterrows():
            jenis, rest = split_prefix(r["nama"])
            jenis = r.get("jenis") or jenis or "kabupaten"
            self._add(jenis, name_key(rest), r["kode_kemendagri"], "exact")
            self.names[r["kode_kemendagri"]] = r["nama"]
        aliases = load_aliases() if aliases is None else aliases
        for _, a in aliases.iterrows():
            if a["kode_kemendagri"] in self.names:
                self._add(a["jenis"], name_key(split_prefix(a["alias"])[1]),
                          a["kode_kemendagri"], "alias")
        for v in ([] if variants is None else variants.itertuples(index=False)):
            if v.kode_kemendagri in self.names:
                self._add(v.jenis, name_key(split_prefix(v.nama)[1]), v.kode_kemendagri,
                          "variant")

    def _add(self, jenis: str, key: str, code: str, method: str) -> None:
        entries = self.index.setdefault((jenis, key), [])
        if code not in [c for c, _ in entries]:
            entries.append((code, method))

    def candidates(self, jenis: str, key: str) -> list[tuple[str, str]]:
        """(code, method) pairs for a kind and key."""
        return list(self.index.get((jenis, key), []))


def detect_convention(names) -> str:
    """``'bps'`` if no name carries a kabupaten prefix (bare = kabupaten), else ``'unknown'``."""
    return "unknown" if any(split_prefix(n)[0] == "kabupaten" for n in names) else "bps"


def _result(region, level, status, method="", code=None, ref=None, jenis=None, prov=None,
            candidates=(), note="") -> dict:
    baku = ref.names.get(code) if (ref is not None and code) else None
    if level == "province":
        baku = PROVINCES.get(prov)
    elif level == "national":
        baku = NATIONAL_NAMES[0]
    return dict(region=region, level=level, status=status, method=method, kode_kemendagri=code,
                nama_baku=baku,
                jenis=jenis, kode_provinsi=prov or (code[:2] if code else None),
                candidates=";".join(candidates), note=note)


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def match_name(name: str, ref: RegionReference, convention: str = "bps") -> dict:
    """Match one BPS name; returns a row of :data:`MATCH_COLUMNS`."""
    text = clean(name)
    if name_key(text) in {name_key(n) for n in NATIONAL_NAMES}:
        return _result(name, "national", "matched", "national")
    jenis, rest = split_prefix(text)
    key = name_key(rest)
    if jenis is None:
        prov = province_code(text)
        if prov and (_PROV.match(text) or _is_upper(text)):
            return _result(name, "province", "matched", "province", prov=prov)
        if prov:
            clash = ref.candidates("kabupaten", key) + ref.candidates("kota", key)
            if not clash:
                return _result(name, "province", "matched", "province", prov=prov)
            return _result(name, "regency", "ambiguous", candidates=[c for c, _ in clash] + [prov],
                           note="name of a province and of a regency; write provinces in upper "
                                "case or as 'Provinsi X'")
    if jenis is not None:
        found = ref.candidates(jenis, key)
        other = "kota" if jenis == "kabupaten" else "kabupaten"
        hint = ref.candidates(other, key)
        note = (f"no {jenis} of this name in the reference; a {other} of this name exists "
                f"({hint[0][0]}): not matched across kinds") if hint and not found else ""
        return _decide(name, found, ref, jenis, note)
    kab, kota = ref.candidates("kabupaten", key), ref.candidates("kota", key)
    if convention == "bps":
        note = ("bare name read as kabupaten (BPS writes cities as 'Kota X')" if kab else
                f"bare name = kabupaten by BPS convention, none in the reference; a city "
                f"({kota[0][0]}) exists but is not guessed" if kota else "")
        out = _decide(name, kab, ref, "kabupaten", note)
        if out["status"] == "matched":
            out["method"] = "bare_kabupaten" if out["method"] == "exact" else out["method"]
        return out
    both = kab + kota
    if both:
        return _result(name, "regency", "ambiguous", candidates=[c for c, _ in both],
                       note="bare name while the file writes 'Kab. X': kabupaten or city "
                            "cannot be decided (write the prefix, or read the file with the "
                            "BPS convention)")
    return _result(name, "regency", "unmatched")


def _decide(name, found, ref, jenis, note) -> dict:
    if len(found) == 1:
        code, method = found[0]
        return _result(name, "regency", "matched", method, code, ref, jenis, note=note)
    if len(found) > 1:
        return _result(name, "regency", "ambiguous", jenis=jenis,
                       candidates=[c for c, _ in found], note=note or "several codes match")
    return _result(name, "regency", "unmatched", jenis=jenis, note=note)


def match_regions(names, reference: pd.DataFrame, convention: str = "auto",
                  aliases: pd.DataFrame | None = None,
                  variants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Match every distinct name; one row per name (columns :data:`MATCH_COLUMNS`).

    ``convention``: ``'bps'`` (bare name = kabupaten), ``'unknown'`` (a bare name with a
    candidate is ambiguous) or ``'auto'`` (:func:`detect_convention` on ``names``);
    ``variants``: other names of the reference's codes (see :class:`RegionReference`).
    """
    names = list(dict.fromkeys(str(n) for n in names))
    if convention == "auto":
        convention = detect_convention(names)
    if convention not in ("bps", "unknown"):
        raise ValueError(f"convention must be 'auto', 'bps' or 'unknown', not {convention!r}")
    ref = RegionReference(reference, aliases, variants)
    rows = [match_name(n, ref, convention) for n in names]
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)
