"""Executed report notebook → HTML for readers (no code, self-contained) → PDF (headless Chromium).

The HTML uses the ``smartcity`` nbconvert template shipped in ``analysis/reports/templates``:
no code cells or prompts, figures embedded as data URIs, a small stylesheet inline, and no
script or stylesheet fetched from the network (the stock templates load require.js and MathJax
from a CDN), so a report opens offline. Outputs a reader should not see are dropped: stderr
streams (warnings), the machine-readable record output and anything in cells tagged
``remove-cell``.

PDF: Debian's ``chromium`` prints the HTML (``--print-to-pdf``). When it is missing,
:class:`ChromiumMissing` says how to install it.
"""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from nbformat import NotebookNode

from analysis.errors import WorkbenchError
from analysis.reports.record import MIME as RECORD_MIME
from analysis.io import atomic_path

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "smartcity"
HIDDEN_TAGS = {"remove-cell", "remove_cell", "hide"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("install Debian's headless-capable Chromium with `sudo apt-get install chromium` "
                "(or run scripts/install_chromium.sh), or set WORKBENCH_CHROMIUM to a Chrome/"
                "Chromium binary")

_EXPORTER = None


class ChromiumMissing(WorkbenchError):
    """No Chromium/Chrome binary was found for printing PDFs."""


class ExportError(WorkbenchError):
    """HTML or PDF export failed."""


#: Markdown outputs whose HTML an exporter keeps (:meth:`ReportExporter.markdown2html`).
MARKDOWN_KEPT = 512


def _exporter_class():
    from jinja2 import pass_context
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last step, a BeautifulSoup parse of the whole
        page to give images without one an alt text and outputs a ``tabindex``: the report
        template writes every figure's alt text itself, and parsing the page again (≈ 400 KB
        of embedded figures) took a third of the export. The rest is HTMLExporter's own,
        except that the HTML of a Markdown text is kept for the next report showing the same
        text (half of a report's Markdown: headings, empty sections, the data sources)."""

        @pass_context
        def markdown2html(self, context, source):
            """HTMLExporter's Markdown filter, its HTML kept by source text when it reads no
            file (no attachment, no image: the rest of its input is this exporter's fixed
            settings)."""
            if (context.get("cell", {}).get("attachments") or "![" in source
                    or "<img" in source.lower()):
                return super().markdown2html(context, source)
            kept = self.__dict__.setdefault("_markdown_html", {})
            key = (source, context.get("resources", {}).get("metadata", {}).get("path", ""))
            html = kept.get(key)
            if html is None:
                if len(kept) >= MARKDOWN_KEPT:
                    kept.clear()
                html = kept[key] = super().markdown2html(context, source)
            return html

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def _exporter():
    """One exporter per process (building its Jinja environment is the slow part)."""
    global _EXPORTER
    if _EXPORTER is None:
        _EXPORTER = _exporter_class()(template_name=TEMPLATE_NAME,
                                 extra_template_basedirs=[str(TEMPLATE_DIR)],
                                 exclude_input=True, exclude_input_prompt=True,
                                 exclude_output_prompt=True, embed_images=True,
                                 # validate once after the preprocessors, not after each one
                                 optimistic_validation=True)
    return _EXPORTER


def reader_copy(nb):
    """A copy of ``nb`` without what a reader should not see (see module docstring).

    Shallow where nothing changes: the cells and outputs kept are shared with ``nb`` (nbconvert
    deep-copies the notebook it exports anyway); an output given an ``alt`` text and every
    changed list are new objects, so ``nb`` itself is never modified.
    """
    cells = []
    fig = 0
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_TAGS:
            continue
        if cell.cell_type == "code":
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    continue
                data = out.get("data", {})
                if RECORD_MIME in data:
                    continue
                if "image/png" in data:
                    fig += 1
                    meta = NotebookNode({"alt": f"figure {fig}", **out.get("metadata", {})})
                    out = NotebookNode({**out, "metadata": meta})
                kept.append(out)
            cell = NotebookNode({**cell, "outputs": kept})
        cells.append(cell)
    return NotebookNode({**nb, "metadata": copy.deepcopy(nb.metadata), "cells": cells})


def notebook_to_html(nb, lang: str = "id", title: str | None = None, footer: str = "") -> str:
    """Self-contained HTML of an executed notebook, without code (see module docstring)."""
    ex = _exporter()
    ex.language_code = lang if lang in ("id", "en") else "en"
    nb = reader_copy(nb)
    if title:
        nb.metadata["title"] = title
    body, _ = ex.from_notebook_node(nb, resources={"wb_footer": footer})
    return body


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: ``$WORKBENCH_CHROMIUM``, else the first on PATH."""
    env = os.environ.get("WORKBENCH_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    path = find_chromium()
    if not path:
        raise ChromiumMissing(f"--pdf needs headless Chromium, which was not found: {INSTALL_HINT}")
    return path


#: Switches for headless Chromium on a machine without a network or a GPU: no sandbox (root in
#: containers), no GPU, and none of Chromium's own connections (update checks, sync, QUIC), which
#: a closed network refuses, many at a time. Also what the browser tests launch with.
OFFLINE_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage")


def chromium_command(chromium: str, profile_dir: str, *args: str) -> list[str]:
    """Headless Chromium with everything that could reach the network or a GPU switched off."""
    return [chromium, "--headless", *OFFLINE_FLAGS, "--hide-scrollbars",
            f"--user-data-dir={profile_dir}", *args]


def html_to_pdf(html_path, pdf_path, chromium: str | None = None, timeout: float = 120.0) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (written atomically)."""
    chromium = chromium or require_chromium()
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="wb-chromium-") as profile, \
            atomic_path(pdf_path) as tmp:
        cmd = chromium_command(chromium, profile, "--no-pdf-header-footer",
                               f"--print-to-pdf={tmp}", html_path.as_uri())
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExportError(f"chromium did not print {html_path.name} within {timeout:g} s") \
                from None
        if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            raise ExportError(f"chromium failed to print {html_path.name} "
                              f"(exit {proc.returncode}): {' | '.join(tail)}")
    return pdf_path


def html_string_to_pdf(html: str, name: str = "report", chromium: str | None = None) -> bytes:
    """PDF bytes of an HTML string (printed from a temporary file)."""
    with tempfile.TemporaryDirectory(prefix="wb-pdf-") as d:
        src = Path(d) / f"{name}.html"
        src.write_text(html, encoding="utf-8")
        out = html_to_pdf(src, Path(d) / f"{name}.pdf", chromium=chromium)
        return out.read_bytes()
