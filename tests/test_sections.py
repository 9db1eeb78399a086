"""Report sections read only their context: built tables in, headline record out.

The tables are built (or found up to date) once from the shipped data; every
section is then rendered from a context whose raw-data directory does not exist (and with
``SMARTCITY_DATA_DIR`` pointing nowhere), so a section that opened ``data/raw`` or called a raw
loader would fail. The records are compared key by key with the golden records
(tests/fixtures/headline_records.json, written by scripts/write_headline_records.py, which
records the commit, date and command).
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.processed.store import load_tables
from analysis.processed.project import build_processed
from analysis.reports.context import RegencyContext, load_context
from analysis.reports.record import clean
from analysis.reports.sections import ORDER, common

GOLDEN_FILE = json.loads((Path(__file__).parent / "fixtures" / "headline_records.json")
                         .read_text(encoding="utf-8"))
GOLDEN = GOLDEN_FILE["records"]
#: The sections the golden records hold (the others are checked in their own tests).
GOLDEN_SECTIONS = tuple(GOLDEN_FILE["_produced_by"]["sections"])
NOWHERE = "/nonexistent/raw-data"


@pytest.fixture(scope="module")
def built() -> Path:
    """The shipped data's processed directory (built here if stale; nothing rebuilt if not)."""
    return build_processed(None).out_dir


@pytest.fixture
def offline(monkeypatch, built):
    """``offline(code, lang)``: a context of the built tables with no raw data anywhere."""
    monkeypatch.setenv("SMARTCITY_DATA_DIR", NOWHERE)
    return lambda code, lang="id": load_context(code, lang, NOWHERE, str(built))


@pytest.fixture
def shown(monkeypatch):
    """Every object the sections display, in order (Markdown as its text)."""
    items = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: items.extend(
        x.data if isinstance(getattr(x, "data", None), str) else x for x in objs))
    return items


@pytest.mark.parametrize("code", ["64.02", "62.06", "51.03", "11.71"])
def test_every_section_from_built_tables_only(offline, shown, code):
    ctx = offline(code)
    assert not Path(ctx.data_dir).exists()
    for name in ORDER:
        sec = importlib.import_module(f"analysis.reports.sections.{name}").section(ctx)
        assert isinstance(sec, common.Section) and sec.title
        if name not in GOLDEN_SECTIONS:     # no golden record: checked in its own tests
            continue
        assert clean(sec.record) == GOLDEN[code][name], name


def test_sections_from_in_memory_tables(built, shown):
    """A context made by hand from tables in memory (no processed or raw directory)."""
    from analysis.reports.sections import progress, readiness, risk, swot
    tables = load_tables(built)
    prof = tables["profil"][tables["profil"].kode_kemendagri == "62.06"]
    ctx = RegencyContext(code="62.06", lang="id", data_dir=NOWHERE, profile=prof.iloc[0],
                         vintages=prof, evaluations=tables["evaluasi"], quality=pd.DataFrame(),
                         manifest={}, illustrative=True, tables=tables)
    rec = {m.__name__.rsplit(".", 1)[1]: m.section(ctx).record
           for m in (readiness, risk, swot, progress)}
    assert {k: clean(v) for k, v in rec.items()} == {k: GOLDEN["62.06"][k] for k in rec}
    assert "DATA ILUSTRATIF — bukan data resmi daerah" in " ".join(
        x for x in shown if isinstance(x, str))


def test_section_without_data_says_so(offline, shown):
    from analysis.reports.sections import progress, risk, swot
    ctx = offline("11.71", "en")                      # Kota Banda Aceh: no masterplan tables
    for mod, words in ((risk, "No risk register"), (swot, "No SWOT factor table"),
                       (progress, "No masterplan programme")):
        shown.clear()
        sec = mod.section(ctx)
        assert sec.record == {} and words in shown[-1]
