"""The ILUSTRATIF label of a masterplan section is said once: when every file behind the section
is illustrative, its bold "Data: …" line is the label; the separate banner comes back only when
the line cannot say it (no file recorded for the section)."""
from __future__ import annotations

import dataclasses

import pytest
from IPython.display import Markdown

from analysis.i18n import COMMON, tr
from analysis.reports.context import load_context
from analysis.reports.sections import common, progress, risk, strategy, swot, tracking

NOWHERE = "/nonexistent/raw-data"
SECTIONS = {"risk": risk, "swot": swot, "strategy": strategy, "progress": progress,
            "tracking": tracking}


def _markdown(shown_objects, ctx, module) -> list[str]:
    common.begin_section(module.__name__.rsplit(".", 1)[-1])
    module.section(ctx)
    common.flush_md()
    return [x.data for x in shown_objects if isinstance(x, Markdown)]


@pytest.mark.parametrize("name", sorted(SECTIONS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_label_said_once_in_the_data_line(monkeypatch, shipped_processed_dir, shown_objects,
                                          name, lang):
    monkeypatch.setenv("SMARTCITY_DATA_DIR", NOWHERE)
    ctx = load_context("64.02", lang, NOWHERE, shipped_processed_dir)
    label = tr(COMMON, "illustrative", lang)
    md = "\n".join(_markdown(shown_objects, ctx, SECTIONS[name]))
    # every file of 64.02's masterplan is illustrative: the label once, on the bold data line
    assert md.count(label) == 1, md[:600]
    line = next(x for x in md.splitlines() if label in x)
    assert line.startswith("**") and "64.02" in line, line


@pytest.mark.parametrize("name", ["swot", "strategy"])
def test_banner_kept_when_no_file_is_recorded(monkeypatch, shipped_processed_dir, shown_objects,
                                              name):
    monkeypatch.setenv("SMARTCITY_DATA_DIR", NOWHERE)
    ctx = load_context("64.02", "id", NOWHERE, shipped_processed_dir)
    tables = {k: v for k, v in ctx.tables.items() if k != "asal_data"}
    ctx = dataclasses.replace(ctx, tables=tables)
    md = "\n".join(_markdown(shown_objects, ctx, SECTIONS[name]))
    assert f"**{tr(COMMON, 'illustrative', 'id')}**" in md
