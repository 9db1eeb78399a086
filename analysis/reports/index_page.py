"""``index.html`` of a run, the national page: a choropleth of Indonesia (inline SVG, a switch
between published variables), then every regency of the run with its headline numbers, the
change against the previous run, sortable columns, filters by province and group and a search
by name or code. Regencies with a report in the run link to it (map and table).

Built from the per-regency JSON records, the manifest and the run's processed tables (never by
scraping the HTML reports) with the Jinja template in ``templates/national`` (autoescaped).
Self-contained: style, script, data and map are inline, nothing is fetched, so it opens
offline from disk like the reports it links.
"""
from __future__ import annotations

import json
from pathlib import Path

from analysis.data.geo import SOURCE_TEXT
from analysis.i18n import COMMON, fmt_number, texts, tr
from analysis.io import write_text
from analysis.plots import NO_DATA
from analysis.plots.scales import DEFAULT as MAP_SCALE
from analysis.reports.manifest import read_manifest
from analysis.reports.national_map import national_context

T = texts("reports.index_page")
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


def _delta(cur, prev, lang) -> tuple[str, str]:
    if cur is None or prev is None:
        return "–", ""
    d = float(cur) - float(prev)
    txt = ("+" if d > 0 else "") + fmt_number(d, 2, lang)
    return txt, f"{d:.6f}"


def _national(table, code: str, column: str) -> str:
    """Text of ``column`` for ``code`` in the national table ('' when absent or missing)."""
    if table is None or code not in table.index or column not in table.columns:
        return ""
    v = table.at[code, column]
    return v if isinstance(v, str) else ""


def rows(manifest: dict, records: dict, prev_records: dict, run_dir: Path, lang: str,
         table=None) -> list[dict]:
    """One dict per regency with display text and sort keys (province and, for a regency
    without a record, name and group from the national ``table`` when given)."""
    out = []
    for code, entry in sorted(manifest["regencies"].items()):
        rec = records.get(code) if entry.get("status") == "ok" else None
        score, prev = pick(rec, "score"), pick(prev_records.get(code), "score")
        d_txt, d_key = _delta(score, prev, lang)
        rank, n = pick(rec, "rank"), pick(rec, "n_group")
        files = [(ext.upper(), f"{code}.{ext}") for ext in ("html", "pdf")
                 if (run_dir / f"{code}.{ext}").exists()]
        rank_txt = f"{int(rank)} / {int(n)}" if rank is not None and n is not None else "–"
        out.append({
            "code": code, "province": _national(table, code, "provinsi"),
            "name": pick(rec, "name") or entry.get("name") or _national(table, code, "nama"),
            "year": pick(rec, "year"), "score": score, "delta": (d_txt, d_key),
            "rank": (rank_txt, rank), "maturity": pick(rec, "maturity"),
            "maturity_illustrative": bool(((rec or {}).get("readiness") or {})
                                          .get("illustrative")),
            "group": group_of(rec) or _national(table, code, "kelompok"),
            "status": entry.get("status", "pending"), "files": files})
    return out


TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "national"


def _cell(text, key=None, cls="", links=None) -> dict:
    return {"text": "" if text is None else str(text), "key": "" if key is None else str(key),
            "cls": cls, "links": links or []}


def table_rows(rs: list[dict], lang: str, has_maturity: bool) -> list[dict]:
    """Table rows for the template (best score first): cells with display text and sort key,
    plus the province, group and search text the filters read."""
    out = []
    for r in sorted(rs, key=lambda r: (r["score"] is None, -(r["score"] or 0), r["code"])):
        d_txt, d_key = r["delta"]
        sign = float(d_key) if d_key else 0.0
        d_cls = "n up" if sign > 0 else ("n down" if sign < 0 else "n")
        report = [(r["name"], f) for _, f in r["files"] if f.endswith(".html")]
        cells = [_cell(r["code"], r["code"]), _cell(r["name"], r["name"], links=report[:1]),
                 _cell(r["year"] or "–", r["year"], "n"),
                 _cell(fmt_number(r["score"], 2, lang), r["score"], "n"),
                 _cell(d_txt, d_key, d_cls), _cell(r["rank"][0], r["rank"][1], "n"),
                 _cell(r["group"], r["group"]), _cell(r["province"], r["province"])]
        if has_maturity:
            cells.append(_cell(r["maturity"] if r["maturity"] is not None else "–", r["maturity"]))
        cells.append(_cell(status_label(r["status"], lang), r["status"], f"st-{r['status']}"))
        cells.append(_cell("", "", links=r["files"]))
        out.append({"cells": cells, "prov": r["province"], "group": r["group"],
                    "q": f"{r['name']} {r['code']}".lower()})
    return out


#: Run statuses of a report (manifest ``regencies[code].status``), in the order the summary
#: names them.
STATUSES = ("ok", "failed", "timeout", "pending")


def status_label(status: str, lang: str) -> str:
    """A report's run status in words (the status itself when the catalogue does not know it)."""
    key = f"st_{status}"
    return tr(T, key, lang) if key in T else str(status)


def summary_text(summary: dict, lang: str) -> str:
    """The run's status counts (manifest ``summary``) as one sentence, never as raw JSON."""
    counts = {k: int(v) for k, v in (summary or {}).items() if k != "total"}
    order = [k for k in STATUSES if k in counts] + sorted(set(counts) - set(STATUSES))
    items = ", ".join(f"{counts[k]} {status_label(k, lang)}" for k in order)
    total = int((summary or {}).get("total", sum(counts.values())))
    return tr(T, "summary", lang).format(items=items or "–", total=total)


def map_model(national, reports: set[str]) -> dict | None:
    """The SVG map for the template: one shape per regency, a link where this run has its
    report, classes of the first (latest final) variable."""
    if national is None:
        return None
    table, variables, shapes, (width, height) = national
    first = variables[0]["values"] if variables else {}
    out = []
    for code, (name, d) in shapes.items():
        if not d:
            continue
        cls = first.get(code, [None, None])[1]
        nm = _national(table, code, "nama") or name
        # province, group and search text: the table's filters dim the shape too
        out.append({"code": code, "name": nm, "d": d,
                    "prov": _national(table, code, "provinsi"),
                    "group": _national(table, code, "kelompok"), "q": f"{nm} {code}".lower(),
                    "href": f"{code}.html" if code in reports else "",
                    "cls": "cn" if cls is None else f"c{cls}"})
    return {"shapes": out, "variables": variables, "width": int(width), "height": int(height)}


def _labels(lang: str) -> dict:
    keys = ["title", "sort", "failures", "partial", "manifest", "map_title", "variable", "map_hint",
            "table_title", "province", "all", "search", "search_hint", "group", "csv",
            "csv_hint"]
    out = {k: tr(T, k, lang) for k in keys}
    out["illustrative"] = COMMON["illustrative"][lang]
    out["map_source"] = (f"{tr(COMMON, 'source', lang)}: Kominfo, BPS; "
                         f"{tr(SOURCE_TEXT, 'source_line', lang)}.")
    return out


def maturity_legend(lang: str) -> dict:
    """What the maturity levels 1–5 mean: each level's name and its range on the 0–100
    readiness index (the framework file's cut-offs, a workbench setting, unverified; a level
    no range reaches says so), with the source and that caveat."""
    from analysis.readiness.maturity import default_cutoffs, maturity_label
    cuts = default_cutoffs()
    num = [fmt_number(c, 1, lang) for c in cuts]
    ranges = ([tr(T, "maturity_range_first", lang).format(b=num[0])]
              + [tr(T, "maturity_range", lang).format(a=a, b=b) for a, b in zip(num, num[1:])]
              + [tr(T, "maturity_range_last", lang).format(a=num[-1])])
    ranges += [tr(T, "maturity_reserved", lang)] * (5 - len(ranges))
    return {"title": tr(T, "maturity_title", lang), "source": tr(T, "maturity_source", lang),
            "note": tr(T, "maturity_note", lang),
            "levels": [{"level": i, "label": maturity_label(i, lang), "range": ranges[i - 1]}
                       for i in range(1, 6)]}


def _environment():
    import jinja2
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              autoescape=True, trim_blocks=False)


def render(manifest: dict, records: dict, prev_records: dict, run_dir: Path,
           lang: str = "id", national=None) -> str:
    """The index page as an HTML string (``national``: :func:`national_context`'s result, or
    ``None`` for a page without map and provinces)."""
    table = national[0] if national is not None else None
    rs = rows(manifest, records, prev_records, Path(run_dir), lang, table)
    has_maturity = any(r["maturity"] is not None for r in rs)
    # maturity comes from readiness self-assessments: labelled when any shown is illustrative
    maturity = "maturity_illustrative" if any(
        r["maturity"] is not None and r.get("maturity_illustrative") for r in rs) else "maturity"
    heads = ["code", "name", "year", "score", "delta", "rank", "group", "province"] + \
        ([maturity] if has_maturity else []) + ["status", "files"]
    n_ok = sum(1 for r in rs if r["status"] == "ok")
    meta = tr(T, "run", lang).format(run=manifest["run_id"], n=len(rs), ok=n_ok,
                                     bad=len(rs) - n_ok, lang=manifest["parameters"].get("lang"))
    prev = manifest.get("previous_run")
    reports = {r["code"] for r in rs if any(f.endswith(".html") for _, f in r["files"])}
    mp = map_model(national, reports)
    data = {"shown": tr(T, "shown", lang), "nodata": tr(T, "nodata", lang),
            "csv_name": tr(T, "csv_name", lang),
            "colors": list(MAP_SCALE.colours()) + [NO_DATA],
            "vars": [{k: v[k] for k in ("label", "illustrative", "legend", "values")}
                     for v in (mp["variables"] if mp else [])]}
    return _environment().get_template("index.html.j2").render(
        lang=lang, t=_labels(lang), meta=meta,
        illustrative=manifest["parameters"].get("illustrative"),
        prev=tr(T, "prev", lang).format(prev=prev) if prev else tr(T, "noprev", lang),
        heads=[tr(T, h, lang) for h in heads], rows=table_rows(rs, lang, has_maturity),
        provinces=sorted({r["province"] for r in rs if r["province"]}),
        groups=sorted({r["group"] for r in rs if r["group"]}),
        failures=_failures(manifest, Path(run_dir)), map=mp,
        maturity=maturity_legend(lang) if has_maturity or any(
            v.get("key") == "kesiapan" for v in (mp["variables"] if mp else [])) else None,
        summary=summary_text(manifest.get("summary") or {}, lang),
        data=script_json(data),
        css=(TEMPLATE_DIR / "national.css").read_text(encoding="utf-8") + class_css(),
        js=(TEMPLATE_DIR / "national.js").read_text(encoding="utf-8")) + "\n"


def class_css() -> str:
    """The map's class fills (``.c0`` lowest …) from the one colour scale of every map
    (:mod:`analysis.plots.scales`), so the page and the reports colour a value alike."""
    return "".join(f".c{i}{{fill:{c}}}" for i, c in enumerate(MAP_SCALE.colours())) + "\n"


def script_json(obj) -> str:
    """``obj`` as JSON to inline in ``<script type="application/json">``: every ``<`` written
    as ``\\u003c``, so no text in it (``</script>``, ``<!--``) can end or change the script."""
    return json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c")


def _failures(manifest: dict, run_dir: Path) -> list[dict]:
    out = []
    for code, e in sorted(manifest["regencies"].items()):
        if e.get("status") in ("ok", "pending"):
            continue
        nb = e.get("notebook")
        out.append({"code": code, "status": e.get("status", ""), "error": str(e.get("error", "")),
                    "notebook": nb if nb and (run_dir / nb).exists() else ""})
    return out


def build_index(run_dir, previous_dir=None, lang: str | None = None) -> Path:
    """Write ``<run_dir>/index.html`` (atomically) from the manifest and the JSON records."""
    run_dir = Path(run_dir)
    manifest = read_manifest(run_dir)
    lang = lang or manifest["parameters"].get("lang", "id")
    prev = load_records(Path(previous_dir)) if previous_dir and Path(previous_dir).is_dir() else {}
    national = national_context(manifest, lang)
    return write_text(run_dir / "index.html",
                      render(manifest, load_records(run_dir), prev, run_dir, lang, national))
