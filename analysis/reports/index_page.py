"""``index.html`` of a run: every regency with its headline numbers, sortable, with the change
against the previous run.

Built from the per-regency JSON records and the manifest (never by scraping the HTML
reports), self-contained (inline CSS and a few lines of inline JavaScript for sorting), so it
opens offline like the reports it links.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from analysis.i18n import COMMON, tr
from analysis.io import write_text
from analysis.reports.manifest import read_manifest

T = {
    "title": {"id": "Laporan Smart City per kabupaten/kota", "en": "Smart City reports by regency"},
    "run": {"id": "Run {run} · {n} daerah · {ok} berhasil · {bad} gagal · bahasa {lang}",
            "en": "Run {run} · {n} regencies · {ok} succeeded · {bad} failed · language {lang}"},
    "prev": {"id": "Perubahan (Δ) dibanding run sebelumnya: {prev}.",
             "en": "Change (Δ) against the previous run: {prev}."},
    "noprev": {"id": "Tidak ada run sebelumnya untuk dibandingkan.",
               "en": "No previous run to compare with."},
    "sort": {"id": "Klik judul kolom untuk mengurutkan.", "en": "Click a column heading to sort."},
    "code": {"id": "Kode", "en": "Code"}, "name": {"id": "Nama", "en": "Name"},
    "year": {"id": "Tahun", "en": "Year"}, "score": {"id": "Nilai final", "en": "Final score"},
    "delta": {"id": "Δ nilai", "en": "Δ score"},
    "rank": {"id": "Peringkat kelompok", "en": "Rank in group"},
    "group": {"id": "Kelompok", "en": "Group"},
    "maturity": {"id": "Tingkat kematangan", "en": "Maturity level"},
    "status": {"id": "Status", "en": "Status"}, "files": {"id": "Berkas", "en": "Files"},
    "failures": {"id": "Gagal", "en": "Failures"},
    "partial": {"id": "notebook parsial", "en": "partial notebook"},
    "manifest": {"id": "Manifest run (parameter, hash input, versi paket)",
                 "en": "Run manifest (parameters, input hashes, package versions)"},
}
#: Where each headline number lives in a record (first path found wins).
PATHS = {
    "name": [("header", "nama"), ("nama",), ("name",)],
    "year": [("header", "tahun_terakhir")],
    "score": [("header", "nilai_final"), ("nilai_final",), ("score",)],
    "rank": [("header", "peringkat_kelompok")],
    "n_group": [("header", "n_kelompok")],
    "maturity": [("header", "maturity"), ("header", "tingkat_kematangan"), ("maturity", "level"),
                 ("maturity", "label"), ("maturity",)],
}


def pick(record: dict | None, key: str):
    """The value of headline ``key`` in a record (``None`` if absent)."""
    for path in PATHS[key]:
        v = record or {}
        for part in path:
            v = v.get(part) if isinstance(v, dict) else None
        if v is not None and not isinstance(v, dict):
            return v
    return None


def group_of(record: dict | None):
    year = pick(record, "year")
    ev = (record or {}).get("evaluation", {}).get(str(year), {}) if year is not None else {}
    return ev.get("kelompok") if isinstance(ev, dict) else None


def load_records(run_dir: Path) -> dict[str, dict]:
    """``{code: record}`` from ``<code>.json`` files next to the manifest."""
    out = {}
    for p in sorted(Path(run_dir).glob("*.json")):
        if p.name == "manifest.json" or p.name.startswith("."):
            continue
        try:
            out[p.stem] = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
    return out


def _num(v, decimals=2, lang="id") -> str:
    if v is None:
        return "–"
    s = f"{float(v):,.{decimals}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "id" else s


def _delta(cur, prev, lang) -> tuple[str, str]:
    if cur is None or prev is None:
        return "–", ""
    d = float(cur) - float(prev)
    txt = ("+" if d > 0 else "") + _num(d, 2, lang)
    return txt, f"{d:.6f}"


def rows(manifest: dict, records: dict, prev_records: dict, run_dir: Path, lang: str) -> list[dict]:
    """One dict per regency with display text and sort keys."""
    out = []
    for code, entry in sorted(manifest["regencies"].items()):
        rec = records.get(code) if entry.get("status") == "ok" else None
        score, prev = pick(rec, "score"), pick(prev_records.get(code), "score")
        d_txt, d_key = _delta(score, prev, lang)
        rank, n = pick(rec, "rank"), pick(rec, "n_group")
        files = [(ext.upper(), f"{code}.{ext}") for ext in ("html", "pdf")
                 if (run_dir / f"{code}.{ext}").exists()]
        out.append({
            "code": code, "name": pick(rec, "name") or entry.get("name") or "",
            "year": pick(rec, "year"), "score": score, "delta": (d_txt, d_key),
            "rank": (f"{int(rank)} / {int(n)}" if rank is not None and n is not None else "–", rank),
            "group": group_of(rec) or "", "maturity": pick(rec, "maturity"),
            "status": entry.get("status", "pending"), "files": files})
    return out


CSS = """body{font:15px/1.45 "DejaVu Sans","Noto Sans",Roboto,Arial,sans-serif;color:#1d2430;margin:0}
main{max-width:1180px;margin:0 auto;padding:22px 26px 48px}h1{font-size:1.6em;margin:.2em 0}
.meta{color:#5b6675}.banner{border-left:5px solid #c77700;background:#fff4e0;color:#5a3a00;
padding:.6em 1em;font-weight:600;margin:.8em 0}table{border-collapse:collapse;width:100%;
font-variant-numeric:tabular-nums;font-size:.93em}th,td{border:1px solid #d8dee6;padding:4px 8px}
th{background:#e9eef4;cursor:pointer;user-select:none;white-space:nowrap}th.asc:after{content:" ▲"}
th.desc:after{content:" ▼"}td.n{text-align:right}tbody tr:nth-child(even){background:#f5f7fa}
.st-ok{color:#17703a}.st-failed,.st-timeout{color:#b3261e;font-weight:600}
.up{color:#17703a}.down{color:#b3261e}code{font-size:.9em}"""

JS = """document.querySelectorAll('table.sortable th').forEach(function(th,i){
th.addEventListener('click',function(){var tb=th.closest('table').tBodies[0];
var asc=!th.classList.contains('asc');th.parentNode.querySelectorAll('th').forEach(function(h){
h.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');
var rs=Array.prototype.slice.call(tb.rows);rs.sort(function(a,b){
var x=a.cells[i].getAttribute('data-k'),y=b.cells[i].getAttribute('data-k');
var nx=parseFloat(x),ny=parseFloat(y),c;
if(x===''&&y!=='')return 1;if(y===''&&x!=='')return -1;
c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:String(x).localeCompare(String(y));return asc?c:-c});
rs.forEach(function(r){tb.appendChild(r)})})});"""


def _td(text, key=None, cls="", raw=False) -> str:
    k = "" if key is None else str(key)
    body = text if raw else html.escape(str(text))
    return f'<td class="{cls}" data-k="{html.escape(k)}">{body}</td>'


def render(manifest: dict, records: dict, prev_records: dict, run_dir: Path,
           lang: str = "id") -> str:
    """The index page as an HTML string."""
    rs = rows(manifest, records, prev_records, Path(run_dir), lang)
    has_maturity = any(r["maturity"] is not None for r in rs)
    heads = ["code", "name", "year", "score", "delta", "rank", "group"] + \
        (["maturity"] if has_maturity else []) + ["status", "files"]
    th = "".join(f"<th>{html.escape(tr(T, h, lang))}</th>" for h in heads)
    body = []
    for r in sorted(rs, key=lambda r: (r["score"] is None, -(r["score"] or 0), r["code"])):
        d_txt, d_key = r["delta"]
        d_cls = "n up" if d_key and float(d_key) > 0 else ("n down" if d_key and float(d_key) < 0 else "n")
        name = html.escape(r["name"])
        if any(f for _, f in r["files"] if f.endswith(".html")):
            name = f'<a href="{html.escape(r["code"])}.html">{name}</a>'
        cells = [_td(r["code"], r["code"]), _td(name, r["name"], raw=True),
                 _td(r["year"] or "–", r["year"], "n"), _td(_num(r["score"], 2, lang), r["score"], "n"),
                 _td(d_txt, d_key, d_cls), _td(r["rank"][0], r["rank"][1], "n"), _td(r["group"], r["group"])]
        if has_maturity:
            cells.append(_td(r["maturity"] if r["maturity"] is not None else "–", r["maturity"]))
        cells.append(_td(r["status"], r["status"], f"st-{r['status']}"))
        links = " ".join(f'<a href="{html.escape(f)}">{k}</a>' for k, f in r["files"])
        cells.append(_td(links, "", raw=True))
        body.append("<tr>" + "".join(cells) + "</tr>")
    s = manifest.get("summary") or {}
    n_ok = sum(1 for r in rs if r["status"] == "ok")
    meta = tr(T, "run", lang).format(run=manifest["run_id"], n=len(rs), ok=n_ok,
                                     bad=len(rs) - n_ok, lang=manifest["parameters"].get("lang"))
    prev = manifest.get("previous_run")
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(tr(T, 'title', lang))}</title><style>{CSS}</style></head>",
             f"<body><main><h1>{html.escape(tr(T, 'title', lang))}</h1>",
             f'<p class="meta">{html.escape(meta)}</p>']
    if manifest["parameters"].get("illustrative"):
        parts.append(f'<div class="banner">{html.escape(COMMON["illustrative"][lang])}</div>')
    parts.append(f'<p class="meta">{html.escape(tr(T, "prev", lang).format(prev=prev) if prev else tr(T, "noprev", lang))} '
                 f'{html.escape(tr(T, "sort", lang))}</p>')
    parts.append(f'<table class="sortable"><thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    parts.append(_failures(manifest, Path(run_dir), lang))
    parts.append(f'<p class="meta"><a href="manifest.json">{html.escape(tr(T, "manifest", lang))}</a>'
                 f' · {html.escape(json.dumps(s))}</p>')
    parts.append(f"<script>{JS}</script></main></body></html>\n")
    return "\n".join(parts)


def _failures(manifest: dict, run_dir: Path, lang: str) -> str:
    bad = [(c, e) for c, e in sorted(manifest["regencies"].items())
           if e.get("status") not in ("ok", "pending")]
    if not bad:
        return ""
    items = []
    for code, e in bad:
        nb = e.get("notebook")
        link = (f' — <a href="{html.escape(nb)}">{html.escape(tr(T, "partial", lang))}</a>'
                if nb and (run_dir / nb).exists() else "")
        items.append(f"<li><code>{html.escape(code)}</code> {html.escape(e.get('status', ''))}: "
                     f"{html.escape(str(e.get('error', '')))}{link}</li>")
    return f"<h2>{html.escape(tr(T, 'failures', lang))}</h2><ul>{''.join(items)}</ul>"


def build_index(run_dir, previous_dir=None, lang: str | None = None) -> Path:
    """Write ``<run_dir>/index.html`` (atomically) from the manifest and the JSON records."""
    run_dir = Path(run_dir)
    manifest = read_manifest(run_dir)
    lang = lang or manifest["parameters"].get("lang", "id")
    prev = load_records(Path(previous_dir)) if previous_dir and Path(previous_dir).is_dir() else {}
    return write_text(run_dir / "index.html",
                      render(manifest, load_records(run_dir), prev, run_dir, lang))
