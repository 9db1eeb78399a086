"""How report sections display: consecutive Markdown goes out as one output, in order with
tables and figures, and none is left behind when a section returns or a cell ends."""
from __future__ import annotations

import sys

import pandas as pd
from IPython.display import Markdown

from analysis.reports.sections import common


def _shown(monkeypatch):
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(objs))
    return shown


def test_markdown_is_joined_until_the_next_other_output(monkeypatch):
    shown = _shown(monkeypatch)
    common.heading("Peta")
    common.show_md("satu")
    common.show_md("dua")
    assert shown == []                                 # pending until something else shows
    common.show_table(pd.DataFrame({"a": [1]}))
    common.show_md("tiga")
    section = common.Section("Peta", {"n": 1})         # a section returning shows the rest
    assert [type(o).__name__ for o in shown] == ["Markdown", "Styler", "Markdown"]
    assert shown[0].data == "## Peta\n\nsatu\n\ndua" and shown[2].data == "tiga"
    assert section.record == {"n": 1} and common._PENDING == []


def test_every_other_output_shows_the_pending_markdown_first(monkeypatch):
    shown = _shown(monkeypatch)
    for show in (common.show, common.show_styled):
        common.show_md("teks")
        show(pd.DataFrame({"a": [1]}))
    assert [isinstance(o, Markdown) for o in shown] == [True, False, True, False]


def test_a_cell_that_ends_mid_section_shows_its_markdown(monkeypatch):
    from analysis.reports.inprocess import _shell
    main = sys.modules["__main__"]
    shell = _shell()
    assert sys.modules["__main__"] is main          # multiprocessing still finds the real one
    shown = _shown(monkeypatch)
    monkeypatch.setattr(common, "get_ipython", lambda: shell)
    common.show_md("sebelum galat")                    # e.g. a section that raised after this
    assert shown == []
    shell.events.trigger("post_run_cell", None)
    assert [o.data for o in shown] == ["sebelum galat"]
    common.show_md("lagi")
    assert common._HOOKED.count(shell) == 1            # registered once per shell
    common.flush_md()
