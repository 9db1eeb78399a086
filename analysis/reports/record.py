"""Headline numbers a report shows, recorded for manifests, index pages and ``workbench verify``.

The notebook calls :func:`record` for each section's numbers and :func:`finish` at the end:
the numbers are displayed as a ``application/vnd.smartcity.record+json`` output (readable from
the executed notebook) and, when ``record_path`` is given, written to JSON atomically.
"""
from __future__ import annotations

import json
import math

import pandas as pd

from analysis.io import write_json

MIME = "application/vnd.smartcity.record+json"


def clean(value):
    """JSON-friendly value: numpy scalars to Python, NaN/NA to None, floats rounded to 6 places."""
    if value is pd.NA:
        return None
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


class Recorder:
    """Collects a report's headline numbers (a flat-ish dict)."""

    def __init__(self):
        self.values: dict = {}

    def record(self, section: str, values) -> None:
        """Keep a section's headline numbers: a dict, or a section result with a ``record``
        dict (:class:`analysis.reports.sections.common.Section`)."""
        values = getattr(values, "record", values)
        if values is not None:
            self.values[section] = clean(values)

    def section(self, module, ctx) -> None:
        """Show a report section (``module.section(ctx)``) under its anchor (the summary and
        the table of contents link to it) and keep its headline numbers under its name."""
        from analysis.reports.sections.common import begin_section
        name = module.__name__.rsplit(".", 1)[-1]
        begin_section(name)
        self.record(name, module.section(ctx))

    def finish(self, record_path: str = "") -> dict:
        from IPython.display import display
        # Only the custom MIME type: readers of the HTML see nothing, tools read the numbers.
        display({MIME: self.values}, raw=True)
        if record_path:
            write_json(record_path, self.values)
        return self.values


def read_record(notebook_path) -> dict:
    """The recorded numbers of an executed notebook (``{}`` if it recorded none)."""
    nb = json.loads(open(notebook_path, encoding="utf-8").read())
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if MIME in data:
                return data[MIME]
    return {}
