"""Write the golden headline records (tests/fixtures/headline_records.json).

The report records of 14 regencies spread over the shipped 142 (Kutai Kartanegara 64.02,
Katingan 62.06, 82.06 not evaluated in 2023, REGULER and KPPN&IKN regencies), in Indonesian, as
``workbench report`` writes them from the shipped ``data/raw``: the sections listed in
:data:`SECTIONS` (those the golden records have held since before the build stage; the sections
added since are checked in their own tests). The file states where its numbers come from: the
command, the commit, the files of the working tree that differed from it, the date.

tests/test_build_reports.py and tests/test_sections.py compare today's records with it key by
key. Run it again only when a record changes on purpose, and say why in the commit:
``.venv/bin/python scripts/write_headline_records.py``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.reports.runner import run_reports  # noqa: E402

CODES = ("11.71", "12.73", "16.07", "32.73", "33.11", "35.25", "36.74", "51.03", "53.19",
         "62.06", "64.02", "64.71", "74.07", "82.06")
SECTIONS = ("cross_section", "evaluation", "header", "maps", "profile", "progress", "quality",
            "readiness", "risk", "sources", "swot", "whatif")
OUT = ROOT / "tests" / "fixtures" / "headline_records.json"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def provenance(argv: list[str]) -> dict:
    """Command, commit, the files that differed from it (code, notebooks, data) and the date."""
    changed = _git("status", "--porcelain", "--", "analysis", "notebooks", "data/raw")
    return {"command": " ".join([".venv/bin/python", "scripts/write_headline_records.py",
                                 *argv]),
            "commit": _git("rev-parse", "HEAD").strip(),
            "changed_files": sorted(line[3:] for line in changed.splitlines()),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "data": "shipped data/raw, lang id, workbench report --jobs 2 (in-process)",
            "sections": list(SECTIONS)}


def headline_records(work: Path, jobs: int = 2) -> dict:
    """The records of :data:`CODES` (sections :data:`SECTIONS`) from a report run in ``work``."""
    res = run_reports(list(CODES), out=work / "reports", jobs=jobs, progress=False,
                      processed_dir=work / "processed")
    if not res.ok:
        raise SystemExit(res.summary_text())
    out = {}
    for code in CODES:
        rec = json.loads((res.run_dir / f"{code}.json").read_text(encoding="utf-8"))
        missing = [s for s in SECTIONS if s not in rec]
        if missing:
            raise SystemExit(f"{code}: record without section(s) {', '.join(missing)}")
        out[code] = {s: rec[s] for s in SECTIONS}
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="headline-") as tmp:
        doc = {"_produced_by": provenance(argv), "records": headline_records(Path(tmp),
                                                                             args.jobs)}
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    part = args.out.with_name(args.out.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, args.out)                       # never a half-written golden file
    print(f"wrote {args.out} ({len(doc['records'])} regencies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
