"""What the report workers make of a notebook's outputs: in-process outputs as nbformat makes
them, and the reader's HTML of a Markdown text kept for the next report."""
from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter
from nbformat.v4 import new_output

from analysis.reports import export
from analysis.reports.inprocess import _output


def test_an_output_is_the_one_nbformat_makes():
    data = {"text/markdown": "**x**", "image/png": "iVBOR", "application/json": {"a": {"b": 1}}}
    cases = [("stream", {"name": "stdout", "text": "hello\n"}),
             ("display_data", {"metadata": {"image/png": {"width": 3}}, "data": data}),
             ("execute_result", {"metadata": {}, "data": {"text/plain": "1"},
                                 "execution_count": 4})]
    for kind, fields in cases:
        mine, theirs = _output(kind, **fields), new_output(kind, **fields)
        assert mine == theirs
        # nested mappings are nodes as in nbformat's own (attribute access works)
        assert type(mine.get("data", mine)) is type(theirs.get("data", theirs))
        if "application/json" in fields.get("data", {}):
            assert mine.data["application/json"].a.b == 1
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[mine])])
        nbformat.validate(nb)


def test_the_html_of_a_markdown_text_is_kept_and_is_the_exporters_own():
    ex = export._exporter()
    plain = HTMLExporter(embed_images=True)
    context = {"cell": {}, "resources": {"metadata": {"path": ""}}}
    texts = ["## Peta\n\nGambar: *letak* <b>x</b> & y",
             "- a\n- b\n\n| k | v |\n|---|---|\n| 1 | 2 |"]
    for text in texts:
        first = ex.markdown2html(context, text)
        assert first == plain.markdown2html(context, text)
        assert ex.markdown2html(context, text) is first            # kept, not rendered again
    image = "![peta](peta.png)"                                     # may read a file: not kept
    assert ex.markdown2html(context, image) is not ex.markdown2html(context, image)
