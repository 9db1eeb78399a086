"""Write notebooks/regency_report.ipynb (kept thin: parameters, calls into analysis, display).

This script is the notebook's one source of truth: the committed notebook is its output, and
tests/test_report_notebook_source.py fails when the two differ. Change the cells here, then run
``.venv/bin/python scripts/make_report_notebook.py``. The output is deterministic (fixed cell ids,
no outputs) and written atomically.
"""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from analysis.io import write_text
from analysis.reports.sections import PARTS

ROOT = Path(__file__).resolve().parents[1]

PARAMS = '''# Per-regency report, executed by `workbench report` (papermill injects parameters below)
regency_code: str = "64.02"   # Kemendagri code, as text
lang: str = "id"              # "id" (Bahasa Indonesia) or "en"
data_dir: str = ""            # raw data directory; empty means data/raw
processed_dir: str = ""       # the built tables (data/processed); empty means build first
record_path: str = ""         # JSON file for the headline numbers; empty means none
profile_vintage: str = "latest"
add_dirs: list = []           # own-data directories (workbench import --out), over the data'''  # noqa: E501 (cell text as shown)

SETUP = '''%matplotlib inline
from analysis.reports.context import load_context
from analysis.reports.record import Recorder
from analysis.reports.sections import cross_section, evaluation, header, maps, overview, profile
from analysis.reports.sections import progress, quality, readiness, risk, sources, swot, whatif
from analysis.reports.sections import alignment, competitiveness, future, strategy, tracking

ctx = load_context(str(regency_code), lang, data_dir, processed_dir, profile_vintage,
                   adds=add_dirs)
rec = Recorder()'''

#: One cell per part of the report (:data:`analysis.reports.sections.PARTS`), one line per
#: section in it: each reads ``ctx`` only. The cell's tags name its sections (``section-maps``).
SECTIONS = [(part, names, "\n".join(f"rec.section({n}, ctx)" for n in names))
            for part, names in PARTS]

FINISH = "headline = rec.finish(record_path)"


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    cells = [new_code_cell(PARAMS, metadata={"tags": ["parameters"]}, id="parameters"),
             new_code_cell(SETUP, id="setup")]
    cells += [new_code_cell(src, metadata={"tags": [f"section-{n}" for n in names]},
                            id=f"part-{part}") for part, names, src in SECTIONS]
    cells.append(new_code_cell(FINISH, id="finish"))
    nb.cells = cells
    return nb


def write(out: Path = ROOT / "notebooks" / "regency_report.ipynb") -> Path:
    """Write the notebook atomically (temporary file, then rename); same cells, same bytes."""
    return write_text(out, nbformat.writes(build()) + "\n")


if __name__ == "__main__":
    print(f"wrote {write()}")
